"""What the text report shows of the findings: the selection `--rule`, `--severity`, `--key`
and `--uncited` make, the counts per rule it opens with, and the fixes it says once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.diagnostics import Diagnostic, Severity
from docbuild.lint.report import format_text, gating

# A fix printed under this many findings or more is said once, after them: beyond two, the
# same sentence repeated is what a reader learns to skip, and the findings' own lines get lost.
SHARED_FIX = 3
# An exact replacement (`pages = {145--161}`) belongs under its entry even where several
# entries need the same one: said once, away from them, it would no longer say where it goes.
_REPLACEMENT = re.compile(r"[\w-]+ = ")
_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which findings a report shows; an empty set selects everything."""

    rules: frozenset[str] = frozenset()  # rule ids
    severities: frozenset[Severity] = frozenset()
    keys: frozenset[str] = frozenset()
    uncited: bool = False  # also the findings on entries the manuscript does not cite

    def shows(self, d: Diagnostic) -> bool:
        return (
            (not self.rules or d.rule in self.rules)
            and (not self.severities or d.severity in self.severities)
            and (not self.keys or d.key in self.keys)
        )


def split_options(values: Iterable[str]) -> list[str]:
    """`--rule a,b --rule c` as `["a", "b", "c"]`: options repeat or take comma lists."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def unknown_rules(names: Iterable[str], known: Mapping[str, str]) -> list[str]:
    """The names that are neither a rule's id nor its name (`known` maps both to the id)."""
    return [n for n in names if n.upper() not in known and n.lower() not in known]


def rule_ids(names: Iterable[str], known: Mapping[str, str]) -> frozenset[str]:
    return frozenset(known.get(n.upper()) or known[n.lower()] for n in names)


def select(findings: Sequence[Diagnostic], selection: Selection) -> list[Diagnostic]:
    """The findings the selection shows; those on uncited entries only when it asks for them."""
    shown = findings if selection.uncited else gating(findings)
    return [d for d in shown if selection.shows(d)]


def format_counts(findings: Sequence[Diagnostic]) -> str:
    """The counts per rule, by id, with each severity the rule's findings have."""
    by_rule: dict[tuple[str, str], dict[Severity, int]] = {}
    for d in findings:
        counts = by_rule.setdefault((d.rule, d.name), {})
        counts[d.severity] = counts.get(d.severity, 0) + 1
    if not by_rule:
        return ""
    width = max(len(f"{rule} {name}") for rule, name in by_rule)
    lines = ["findings by rule:"]
    for (rule, name), counts in sorted(by_rule.items()):
        parts = [_count(counts[s], s) for s in _SEVERITIES if s in counts]
        lines.append(f"  {f'{rule} {name}':<{width}}  {', '.join(parts)}")
    return "\n".join(lines) + "\n\n"


def _count(n: int, severity: Severity) -> str:
    word = severity.value
    return f"{n} {word}" if n == 1 or severity is Severity.INFO else f"{n} {word}s"


def shared_fixes(findings: Sequence[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """The fixes that `SHARED_FIX` or more findings share, with those findings (what to do,
    never an exact replacement)."""
    by_fix: dict[str, list[Diagnostic]] = {}
    for d in findings:
        if d.fix and not _REPLACEMENT.match(d.fix):
            by_fix.setdefault(d.fix, []).append(d)
    return {fix: found for fix, found in by_fix.items() if len(found) >= SHARED_FIX}


def format_shared(shared: Mapping[str, Sequence[Diagnostic]]) -> str:
    """`12 entries (B005 missing-doi): run 'doit verify-refs'`, one line per shared fix."""
    if not shared:
        return ""
    lines = ["\nfixes shared by several findings (not repeated under each):"]
    for fix, found in shared.items():
        keys = {d.key for d in found}
        many = f"{len(keys)} entries" if None not in keys else f"{len(found)} findings"
        rules = ", ".join(sorted({f"{d.rule} {d.name}" for d in found}))
        lines.append(f"  {many} ({rules}): {fix}")
    return "\n".join(lines) + "\n"


def format_report(findings: Sequence[Diagnostic], root: Path, *, colour: bool = False) -> str:
    """The text report: counts per rule, each finding (grouped by file), the shared fixes."""
    shared = shared_fixes(findings)
    return (
        format_counts(findings)
        + format_text(findings, root, colour=colour, said_once=frozenset(shared))
        + format_shared(shared)
    )


__all__ = [
    "SHARED_FIX",
    "Selection",
    "format_counts",
    "format_report",
    "format_shared",
    "rule_ids",
    "select",
    "shared_fixes",
    "split_options",
    "unknown_rules",
]
