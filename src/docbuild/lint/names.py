"""Splitting BibTeX name lists (`author`, `editor`) and finding family names."""

from __future__ import annotations

import re
from functools import lru_cache

from docbuild.bib.names import is_one_group, top_level_index, top_level_words
from docbuild.lint.fields import fold

_AND = re.compile(r"(?<!\s)\s+and\s+", re.IGNORECASE)  # from a run's start: linear
_BRACED = re.compile(r"\{[^{}]*\}")
PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "dos", "das"}
)


@lru_cache(maxsize=65536)
def split_names(value: str) -> tuple[str, ...]:
    """The names of a name list, split on ` and ` outside braces (cached: several rules ask)."""
    masked = value
    if "{" in value:
        while True:  # blank braced groups, innermost first, keeping offsets
            blanked = _BRACED.sub(lambda m: "x" * len(m.group()), masked)
            if blanked == masked:
                break
            masked = blanked
    names: list[str] = []
    start = 0
    for m in _AND.finditer(masked):
        names.append(value[start : m.start()].strip())
        start = m.end()
    names.append(value[start:].strip())
    return tuple(n for n in names if n)


def family_name(name: str) -> str:
    """The family name as written: before the first comma, else the last word (braces kept)."""
    name = name.strip()
    if is_one_group(name):
        return name
    comma = top_level_index(name, ",")
    if comma >= 0:
        return name[:comma].strip()
    words = top_level_words(name)
    if not words:
        return name
    family = [words[-1]]
    for w in reversed(words[:-1]):
        if w in PARTICLES:
            family.insert(0, w)
        else:
            break
    return " ".join(family)


def family_key(family: str) -> str:
    """A comparable form of a family name: particles dropped, folded to ASCII letters."""
    words = family.replace("{", " ").replace("}", " ").split()
    while len(words) > 1 and words[0].lower() in PARTICLES:
        words = words[1:]
    return fold(" ".join(words) if words else family)
