"""The lint policy: which rules run and how loud they are (the style's, then docbuild.toml's),
and the waivers written in refs.bib and the manuscript."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from docbuild.diagnostics import Location, Severity
from docbuild.errors import ConfigError
from docbuild.lint.registry import rule_id
from docbuild.lint.rule import RuleInfo

WAIVE_ALL = "all"  # `% docbuild: ignore all` waives every rule


@dataclass(frozen=True, slots=True)
class LintPolicy:
    """Which rules run and how loud they are, after the style and docbuild.toml are merged."""

    disabled: frozenset[str] = frozenset()  # rule ids
    severity: Mapping[str, Severity] = field(default_factory=dict)  # rule id -> severity


DEFAULT_POLICY = LintPolicy()


def make_policy(
    *,
    style_disable: Iterable[str] = (),
    style_severity: Iterable[tuple[str, str]] = (),
    disable: Iterable[str] = (),
    severity: Iterable[tuple[str, Severity]] = (),
    where: Location | None = None,
) -> LintPolicy:
    """The style's lint policy with docbuild.toml's over it. A rule docbuild.toml gives a
    severity runs even if the style disables it. Unknown rules in docbuild.toml are errors;
    in a style they are skipped (a style may name rules of a newer docbuild)."""
    disabled: set[str] = set()
    levels: dict[str, Severity] = {}
    for name in style_disable:
        rid = rule_id(name)
        if rid:
            disabled.add(rid)
    for name, value in style_severity:
        rid = rule_id(name)
        if rid and value in {s.value for s in Severity}:
            levels[rid] = Severity(value)
    for name in disable:
        disabled.add(_known(name, "lint.disable", where))
    for name, level in severity:
        rid = _known(name, f"lint.severity.{name}", where)
        levels[rid] = level
        disabled.discard(rid)
    return LintPolicy(frozenset(disabled), MappingProxyType(levels))


def _known(name: str, setting: str, where: Location | None) -> str:
    rid = rule_id(name)
    if rid is None:
        raise ConfigError(
            f"'{setting}' names an unknown rule '{name}'",
            location=where,
            hint="list the rules with 'docbuild rules'",
        )
    return rid


def waives(ignored: frozenset[str], info: RuleInfo) -> bool:
    return info.name in ignored or info.id in ignored or WAIVE_ALL in ignored
