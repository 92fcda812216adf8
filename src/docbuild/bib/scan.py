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


_FIELD_START = re.compile(r"[ \t]*([^\s\"#%'(),={}@]+)[ \t]*=")
_DELIMITER = re.compile(r'(?<!\\)[{}"]')


def unclosed_fix(block: str, first_line: int, key: str, before_line: int) -> str:
    """What to do about a block that runs into the next `@name{`: which brace to add, where.

    The field whose value is still open (a `{` or `"` not closed) when a line starting like
    another field (`name =`) appears is the likely culprit; when every value closed, the
    entry itself lacks its `}`.
    """
    depth = 0
    quoted = False
    field: tuple[str, int] | None = None
    for number, line in enumerate(block.splitlines(), start=first_line):
        start = _FIELD_START.match(line)
        if start is not None and depth == 1 and not quoted:
            field = (start.group(1), number)
        elif start is not None and field is not None:
            break  # a new field begins inside the previous value: that value is unclosed
        for mark in _DELIMITER.finditer(line):
            if mark.group() != '"':
                depth += 1 if mark.group() == "{" else -1
            elif depth == 1:  # a `"` inside braces is a character, not a delimiter
                quoted = not quoted
    if (depth > 1 or quoted) and field is not None:
        name, number = field
        closing = '"' if quoted else "}"
        return f"close the value of '{name}' on line {number} with '{closing}'"
    return f"end entry '{key}' with '}}' before line {before_line}"
