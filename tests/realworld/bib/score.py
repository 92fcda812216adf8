"""Precision and recall of the linter against the hand labels (README.md): pure counting over
(key, kind) pairs, so that the same numbers come from the test and from bench/."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Labels of this kind fit no rule (README.md): they show what to learn next, not a miss.
UNRULED = "other"


@dataclass(frozen=True, slots=True)
class Mark:
    """One (key, rule) pair and how loud it is: a labelled defect or a finding."""

    key: str
    kind: str  # a rule name
    severity: str  # "error" | "warning" | "info"
    note: str = ""  # the label's note, or the finding's message


@dataclass(frozen=True, slots=True)
class Score:
    """What matched: true positives (the finding beside its label), false positives, misses."""

    true: tuple[tuple[Mark, Mark], ...] = ()  # (finding, defect)
    false: tuple[Mark, ...] = ()  # findings with no such defect on the key
    missed: tuple[Mark, ...] = ()  # defects with no finding of their rule on the key

    @property
    def precision(self) -> float:
        found = len(self.true) + len(self.false)
        return len(self.true) / found if found else 1.0

    @property
    def recall(self) -> float:
        marked = len(self.true) + len(self.missed)
        return len(self.true) / marked if marked else 1.0

    @property
    def severity_agreed(self) -> int:
        """True positives whose severity is the one the label says the defect deserves."""
        return sum(1 for finding, defect in self.true if finding.severity == defect.severity)

    def __add__(self, other: Score) -> Score:
        return Score(self.true + other.true, self.false + other.false, self.missed + other.missed)


def score(defects: Iterable[Mark], findings: Iterable[Mark], keys: Iterable[str]) -> Score:
    """Match the findings on the sampled `keys` against the labelled defects, by (key, kind).

    Several findings of one rule on one key count once (the loudest), as the label marks a
    kind once; a defect of kind `other` fits no rule and is left out of recall."""
    sample = set(keys)
    wanted: dict[tuple[str, str], Mark] = {}
    for d in defects:
        if d.key in sample and d.kind != UNRULED:
            wanted.setdefault((d.key, d.kind), d)
    got: dict[tuple[str, str], Mark] = {}
    for f in findings:
        if f.key not in sample:
            continue
        seen = got.get((f.key, f.kind))
        if seen is None or _RANK[f.severity] > _RANK[seen.severity]:
            got[(f.key, f.kind)] = f
    true = tuple((got[k], wanted[k]) for k in sorted(got.keys() & wanted.keys()))
    false = tuple(got[k] for k in sorted(got.keys() - wanted.keys()))
    missed = tuple(wanted[k] for k in sorted(wanted.keys() - got.keys()))
    return Score(true, false, missed)


def by_rule(s: Score) -> dict[str, tuple[int, int, int]]:
    """(true, false, missed) per rule name, sorted by the loss (false + missed), worst first."""
    true = Counter(d.kind for _, d in s.true)
    false = Counter(f.kind for f in s.false)
    missed = Counter(d.kind for d in s.missed)
    kinds = true.keys() | false.keys() | missed.keys()
    rows = {k: (true[k], false[k], missed[k]) for k in kinds}
    return dict(sorted(rows.items(), key=lambda kv: (-(kv[1][1] + kv[1][2]), kv[0])))


_RANK = {"info": 0, "warning": 1, "error": 2}
