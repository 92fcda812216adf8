"""The lint baseline: findings accepted once (`doit lint-refs --write-baseline`) and not reported
again, matched by rule, key and message, so that they survive edits that move lines."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from docbuild.diagnostics import Diagnostic

BaselineKey = tuple[str, str | None, str]  # (rule id, key, message): lines may move


_LINE_IN_MESSAGE = re.compile(r"\bline \d+")


def movable(key: BaselineKey) -> BaselineKey:
    """A baseline key that survives edits above the finding: messages quoting a line number
    ("first defined on line 3") are compared without it."""
    rule, entry, message = key
    return rule, entry, _LINE_IN_MESSAGE.sub("line #", message)


def baseline_keys(findings: Sequence[Mapping[str, object]]) -> list[BaselineKey]:
    """(rule, key, message) of each finding of a baseline or report JSON document."""
    out: list[BaselineKey] = []
    for f in findings:
        rule, message, key = f.get("rule"), f.get("message"), f.get("key")
        if isinstance(rule, str) and isinstance(message, str):
            out.append((rule, key if isinstance(key, str) else None, message))
    return out


def without_baseline(
    findings: Sequence[Diagnostic], baseline: Iterable[BaselineKey]
) -> tuple[tuple[Diagnostic, ...], int]:
    """The findings not in the baseline, and how many were (each baseline item matches one)."""
    remaining = Counter(movable(k) for k in baseline)
    kept: list[Diagnostic] = []
    for d in findings:
        k = movable((d.rule, d.key, d.message))
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            kept.append(d)
    return tuple(kept), len(findings) - len(kept)
