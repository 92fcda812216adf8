"""Precision and recall of the bibliography rules on the labelled corpus (README.md).

The linter runs as `doit lint-refs` runs it (the default style's policy and CSL), over each
refs.bib with no manuscript: every entry counts as cited for this measure. A finding (rule,
key) on a sampled key is true when the label marks a defect of that kind on that key, false
otherwise; a labelled defect with no finding of its rule is a miss (`score.py`).

FLOORS is a ratchet: the figures reached, rounded down. A change that lowers one fails here;
a change that raises one should raise its floor. The aim (issue 13) is TARGET; the test prints
the gap. `python bench/bench_precision.py` writes the table and the worst cases to
bench/RESULTS.md.
"""

from __future__ import annotations

import pytest
from corpus import Measured, by_producer, measure_all
from score import Mark, Score, by_rule, score

TARGET = (0.95, 0.90)  # precision, recall: overall and for every producer
# (precision, recall) reached, per producer and "all" (every folder).
FLOORS: dict[str, tuple[float, float]] = {
    "bibdesk": (0.95, 0.98),
    "dblp": (0.95, 0.98),
    "google-scholar": (0.97, 1.00),
    "hand": (0.92, 0.95),  # s20prec: lecture notes and their book two works
    "jabref": (1.00, 1.00),
    "mendeley": (1.00, 0.95),
    "other:ads": (1.00, 0.94),  # 20 AAS-macro defects withdrawn: they print (s19 merge)
    "other:inspire": (1.00, 1.00),  # s20prec: a conference note and its paper
    "other:mathscinet": (1.00, 1.00),
    "other:mixed": (0.97, 0.90),
    "other:texmed": (1.00, 0.96),
    "other:wals": (1.00, 1.00),
    "zotero": (0.95, 0.95),
    "zotero-bbt": (0.94, 0.93),
    "all": (0.96, 0.96),
}


# Linting 29 files (26,000 entries) takes 15-60 s on two shared cores.
pytestmark_slow = pytest.mark.slow


@pytest.fixture(scope="module")
def measured() -> list[Measured]:
    return measure_all()


@pytestmark_slow
def test_every_producer_has_a_floor(measured: list[Measured]) -> None:
    assert set(by_producer(measured)) == set(FLOORS)


@pytestmark_slow
def test_precision_and_recall_keep_their_floors(measured: list[Measured]) -> None:
    totals = by_producer(measured)
    lowered = []
    for producer, s in totals.items():
        precision, recall = FLOORS[producer]
        gap = f"(target {TARGET[0]:.0%} / {TARGET[1]:.0%})"
        print(f"{producer:16} precision {s.precision:.1%} recall {s.recall:.1%} {gap}")
        if s.precision < precision or s.recall < recall:
            lowered.append(
                f"{producer}: precision {s.precision:.3f} (floor {precision}), "
                f"recall {s.recall:.3f} (floor {recall})"
            )
    for rule, (true, false, missed) in by_rule(totals["all"]).items():
        print(f"  {rule:18} true {true:4} false {false:4} missed {missed:4}")
    assert not lowered, "\n".join(lowered)


@pytestmark_slow
def test_every_sampled_key_is_in_its_file(measured: list[Measured]) -> None:
    # A label on a key the linter never sees would count as a miss for ever.
    from corpus import HERE

    from docbuild.jobs.bibfile import read_bib

    for m in measured:
        keys = {e.key for e in read_bib(HERE / m.folder / "refs.bib").entries}
        assert set(m.keys) <= keys, m.folder


def _mark(key: str, kind: str, severity: str = "warning") -> Mark:
    return Mark(key, kind, severity)


def test_score_matches_by_key_and_rule() -> None:
    defects = [_mark("a", "missing-doi", "error"), _mark("b", "page-range"), _mark("c", "other")]
    findings = [
        _mark("a", "missing-doi", "warning"),
        _mark("a", "page-range"),
        _mark("z", "page-range"),  # not in the sample: not counted
    ]
    s = score(defects, findings, ["a", "b", "c"])
    assert [(f.key, f.kind) for f, _ in s.true] == [("a", "missing-doi")]
    assert [(f.key, f.kind) for f in s.false] == [("a", "page-range")]
    assert [(d.key, d.kind) for d in s.missed] == [("b", "page-range")]  # "other" is no miss
    assert (s.precision, s.recall, s.severity_agreed) == (0.5, 0.5, 0)


def test_score_counts_one_rule_once_per_key_at_its_loudest() -> None:
    findings = [_mark("a", "malformed-name", "info"), _mark("a", "malformed-name", "error")]
    s = score([_mark("a", "malformed-name", "error")], findings, ["a"])
    assert (len(s.true), len(s.false), s.severity_agreed) == (1, 0, 1)


def test_nothing_found_and_nothing_marked_is_perfect() -> None:
    assert (Score().precision, Score().recall) == (1.0, 1.0)
