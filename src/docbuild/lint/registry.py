"""The rule registry: every rule's metadata (`lint/rules` lists the checks), by id and by name."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from docbuild.lint.rule import RuleInfo, info_of
from docbuild.lint.rules import RULES

ALL_RULES: tuple[RuleInfo, ...] = tuple(info_of(check) for check in RULES)
BY_ID: Mapping[str, RuleInfo] = MappingProxyType({r.id: r for r in ALL_RULES})
BY_NAME: Mapping[str, RuleInfo] = MappingProxyType({r.name: r for r in ALL_RULES})


def rule_id(name_or_id: str) -> str | None:
    """The id of a rule given by id (`B004`, any case) or name (`malformed-date`)."""
    text = name_or_id.strip()
    if text.upper() in BY_ID:
        return text.upper()
    info = BY_NAME.get(text.lower())
    return info.id if info else None
