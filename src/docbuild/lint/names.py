"""Splitting BibTeX name lists (`author`, `editor`) and finding family names."""

from __future__ import annotations

import re

from docbuild.lint.fields import fold

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "dos", "das"}
)


def split_names(value: str) -> list[str]:
    """The names of a name list, split on ` and ` outside braces."""
    if "{" not in value:
        return [n.strip() for n in _AND.split(value) if n.strip()]
    names: list[str] = []
    depth = 0
    start = 0
    i = 0
    lower = value.lower()
    while i < len(value):
        c = value[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and c.isspace():
            m = _AND.match(lower, i)
            if m:
                names.append(value[start:i].strip())
                start = i = m.end()
                continue
        i += 1
    names.append(value[start:].strip())
    return [n for n in names if n]


def family_name(name: str) -> str:
    """The family name as written: before the first comma, else the last word (braces kept)."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}") and _balanced_outer(name):
        return name
    comma = _top_level_index(name, ",")
    if comma >= 0:
        return name[:comma].strip()
    words = _top_level_words(name)
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


def _balanced_outer(text: str) -> bool:
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def _top_level_index(text: str, char: str) -> int:
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == char and depth == 0:
            return i
    return -1


def _top_level_words(text: str) -> list[str]:
    words: list[str] = []
    depth = 0
    current: list[str] = []
    for c in text:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c.isspace() and depth == 0:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(c)
    if current:
        words.append("".join(current))
    return words
