"""Scans of `.bib` text that do not trust bibtexparser: block extents, and its messages."""

from __future__ import annotations

import re

# Where bibtexparser starts a block: `@`, a type, then `{` or `(` (its own pattern).
BLOCK_START = re.compile(r"@[\w]*[ \t]*(?=[{(])")
_BRACE = re.compile(r"(?<!\\)[{}]")
_SCAN_MARK = re.compile(r'(?<!\\)[{}"()]|@[\w]*[ \t]*(?=[{(])')


def scan_extent(text: str, start: int) -> tuple[int | None, set[int]]:
    """Where the block at `start` ends by its braces (None: never), and the offsets of
    the `@` of each line-start `@name{` found inside one of its values."""
    head = BLOCK_START.match(text, start)
    assert head is not None
    opener = text[head.end()]
    is_comment = head.group()[1:].strip().lower() == "comment"
    depth = 1 if opener == "{" else 0
    value_depth = 2 if opener == "{" else 1
    in_quotes = False
    inside: set[int] = set()
    for m in _SCAN_MARK.finditer(text, head.end() + 1):
        c = m.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and opener == "{":
                return m.end(), inside
            depth = max(depth, 0)
        elif c == '"':
            if not is_comment and depth == value_depth - 1:
                in_quotes = not in_quotes
        elif c == ")":
            if opener == "(" and depth == 0 and not in_quotes:
                return m.end(), inside
        elif (
            c.startswith("@")
            and (depth >= value_depth or in_quotes)
            and at_line_start(text, m.start())
        ):
            inside.add(m.start())
    return None, inside


def last_unmatched_close(text: str) -> int:
    """The offset of the last `}` in `text` that no `{` before it opened, or -1."""
    depth = 0
    last = -1
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            depth += 1
        elif depth == 0:
            last = m.start()
        else:
            depth -= 1
    return last


def at_line_start(text: str, pos: int) -> bool:
    """bibtexparser's test: only whitespace between the last newline and `pos`."""
    i = pos - 1
    while i >= 0:
        c = text[i]
        if c == "\n":
            return True
        if not c.isspace():
            return False
        i -= 1
    return True


_REASONS = (
    (re.compile(r"Unexpectedly reached end of file\.?"), "block is not closed before the end"),
    (re.compile(r"Expected comma after entry key, but found (.*)"), r"expected ',' after the key"),
    (
        re.compile(r"Expected a `=` after entry key `(.*?)`.*"),
        r"field '\1' has no '=' and no value",
    ),
    (
        re.compile(r"Expected a `=` after entry key, but found `(.*?)`.*"),
        r"expected '=', found '\1'",
    ),
    (
        re.compile(
            r"Expected either a `,` or `.` after a closed entry field value.*found a (.*?) "
        ),
        r"expected ',' after a field value, found '\1'",
    ),
    (re.compile(r"Expected equals sign after field key.*"), "expected '=' in '@string'"),
)


def clean_reason(reason: str) -> str:
    """bibtexparser's abort reason in our message style."""
    reason = " ".join(reason.split())
    for pattern, replacement in _REASONS:
        m = pattern.match(reason)
        if m:
            return m.expand(replacement).replace("\n", "\\n")
    reason = reason.replace("`", "'").rstrip(". ")
    return reason[:1].lower() + reason[1:]
