"""Brace groups in BibTeX text: the one scanner every brace-aware split, search and check uses.

bibtexparser's convention holds throughout: a brace preceded by a backslash (`\\{`) is a
character, not a delimiter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

BRACE = re.compile(r"(?<!\\)[{}]")
BRACE_OR_QUOTE = re.compile(r'(?<!\\)[{}"]')
_FILL = "\x00"  # what `mask` puts over grouped text: no separator pattern matches it


def marks(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(offset, depth after it) of each brace in `text[start:end]`, counting from depth 0;
    an unmatched `}` leaves the depth at 0 (reported with depth -1, then counted from 0)."""
    depth = 0
    found = BRACE.finditer(text, start) if end is None else BRACE.finditer(text, start, end)
    for m in found:
        if m.group() == "{":
            depth += 1
            yield m.start(), depth
        elif depth == 0:
            yield m.start(), -1
        else:
            depth -= 1
            yield m.start(), depth


def group_end(text: str, pos: int) -> int | None:
    """The offset just after the `}` that closes the `{` at `pos`; None when it never closes."""
    close = text.find("}", pos + 1)
    if close > 0 and text[close - 1] != "\\" and text.find("{", pos + 1, close) < 0:
        return close + 1  # the common case: no braces inside
    for offset, depth in marks(text, pos):
        if depth == 0:
            return offset + 1
    return None


def is_one_group(text: str) -> bool:
    """Whether `text` is a single `{...}` group (`{World Health Organization}`)."""
    return text.startswith("{") and group_end(text, 0) == len(text)


def mask(text: str) -> str:
    """`text` with every brace group, braces included, blanked out (offsets kept), so that a
    pattern searched in it finds only what lies outside braces. An unmatched `}` is kept."""
    if "{" not in text:
        return text
    out = list(text)
    opened = -1
    for offset, depth in marks(text):
        if depth == 1 and text[offset] == "{":
            opened = offset
        elif depth == 0 and opened >= 0:
            out[opened : offset + 1] = _FILL * (offset + 1 - opened)
            opened = -1
    if opened >= 0:  # never closed: everything after the `{` is inside it
        out[opened:] = _FILL * (len(text) - opened)
    return "".join(out)


def split_top_level(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` split at the matches of `separator` (which never matches "") outside braces."""
    if "{" not in text:
        return separator.split(text)
    masked = mask(text)
    parts: list[str] = []
    start = 0
    for m in separator.finditer(masked):
        if m.end() > m.start():
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


def top_level_index(text: str, char: str) -> int:
    """The offset of the first `char` outside braces, or -1."""
    return mask(text).find(char)


def last_unmatched_close(text: str) -> int:
    """The offset of the last `}` in `text` that no `{` before it opened, or -1."""
    last = -1
    for offset, depth in marks(text):
        if depth < 0:
            last = offset
    return last


def first_top_level_letter(text: str) -> int:
    """The offset of the first letter outside braces, or -1."""
    masked = mask(text)
    return next((i for i, c in enumerate(masked) if c.isalpha()), -1)
