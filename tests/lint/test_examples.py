"""Every rule's PASS and FAIL docstring examples, run: a PASS example gives no finding of its
rule, a FAIL example exactly one (docs/rules.md shows these same examples).

An example is refs.bib text. A manuscript rule's (M…) starts with the manuscript text; its
refs.bib text follows from the first line that starts with `@`. Where an entry's DOI has a
recorded Crossref work in tests/crossref/data, the entry counts as verified against it (what
`doit verify-refs` would have saved), so the C rules' examples run offline too. A character
U+0080–U+009F (a C1 control, never in a real text file) stands for that byte in the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lintkit import BIB, lint_text

from docbuild.bib.doi import doi_key
from docbuild.bib.read import parse_bib
from docbuild.crossref.match import match, reference_from_entry
from docbuild.crossref.verified import Answer, SourceCheck, Status, Verification
from docbuild.crossref.work import Work, work_from_json
from docbuild.lint.registry import ALL_RULES
from docbuild.lint.rule import RuleInfo

DATA = Path(__file__).parents[1] / "crossref" / "data"


def _recorded() -> dict[str, Work]:
    works = (
        work_from_json(json.loads(p.read_text("utf-8"))["message"])
        for p in DATA.glob("work-*.json")
    )
    return {doi_key(w.doi): w for w in works}


RECORDED = _recorded()


def split_example(rule: RuleInfo, example: str) -> tuple[str | None, str]:
    """(manuscript, refs.bib) of an example."""
    if not rule.id.startswith("M"):
        return None, example
    lines = example.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("@")), len(lines))
    return "\n".join(lines[:at]) + "\n", "\n".join(lines[at:])


def as_file(bib: str) -> bytes:
    """The bytes of refs.bib: UTF-8, but U+0080–U+009F as the single byte it stands for."""
    return b"".join(c.encode("latin-1") if "\x80" <= c <= "\x9f" else c.encode() for c in bib)


def verified(bib: str) -> dict[str, Verification]:
    out: dict[str, Verification] = {}
    for entry in parse_bib(bib, BIB).entries:
        doi = doi_key(entry.value("doi") or "")
        work = RECORDED.get(doi)
        if work is None and doi.startswith("10.5555/unregistered"):
            # what verify-refs records for a DOI no registry knows
            out[entry.key] = Verification(
                Status.DOI_NOT_FOUND,
                0.0,
                "",
                "2026-01-01T00:00:00Z",
                doi=doi,
                checked=(
                    SourceCheck("crossref", Answer.ABSENT, doi),
                    SourceCheck("agency", Answer.ABSENT, doi),
                ),
            )
        elif work is None and not doi and entry.value("title"):
            # a title no registry knows: every one asked, and each answered
            out[entry.key] = Verification(
                Status.NO_MATCH,
                0.0,
                "",
                "2026-01-01T00:00:00Z",
                checked=(
                    SourceCheck("crossref", Answer.ABSENT, ""),
                    SourceCheck("openalex", Answer.ABSENT, ""),
                    SourceCheck("arxiv", Answer.ABSENT, ""),
                ),
            )
        if work is not None:
            m = match(reference_from_entry(entry), work)
            status = Status.MISMATCH if m.contradicts else Status.CONFIRMED
            out[entry.key] = Verification(
                status,
                m.score,
                m.reason,
                "2026-01-01T00:00:00Z",
                doi=doi_key(work.doi),
                record=work,
            )
    return out


CASES = [
    pytest.param(rule, example, expected, id=f"{rule.id}-{label}{n}")
    for rule in ALL_RULES
    for label, examples, expected in (("pass", rule.passing, 0), ("fail", rule.failing, 1))
    for n, example in enumerate(examples, start=1)
]


@pytest.mark.parametrize(("rule", "example", "expected"), CASES)
def test_docstring_example(rule: RuleInfo, example: str, expected: int) -> None:
    manuscript, bib = split_example(rule, example)
    result = lint_text(as_file(bib), manuscript, verified=verified(bib))
    found = [d.format() for d in result.findings if d.rule == rule.id]
    assert len(found) == expected, found


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.id for r in ALL_RULES])
def test_every_rule_has_a_pass_and_a_fail_example(rule: RuleInfo) -> None:
    assert rule.passing and rule.failing
