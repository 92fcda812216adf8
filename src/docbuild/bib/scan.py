"""Scans of `.bib` text that do not trust bibtexparser: block extents, and its abort reasons."""

from __future__ import annotations

import re

from docbuild.bib.braces import BRACE_OR_QUOTE
from docbuild.bib.problems import ProblemKind

# Where bibtexparser starts a block: `@`, a type, then `{` or `(` (its own pattern).
BLOCK_START = re.compile(r"@[\w]*[ \t]*(?=[{(])")
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


# bibtexparser's abort reasons (2.0): the kind each means, and the group it names.
_REASONS = (
    (re.compile(r"Unexpectedly reached end of file\.?"), ProblemKind.UNCLOSED_AT_END),
    (re.compile(r"Expected comma after entry key, but found .*"), ProblemKind.NO_COMMA_AFTER_KEY),
    (re.compile(r"Expected a `=` after entry key `(.*?)`.*"), ProblemKind.FIELD_WITHOUT_VALUE),
    (
        re.compile(r"Expected a `=` after entry key, but found `(.*?)`.*"),
        ProblemKind.EXPECTED_EQUALS,
    ),
    (
        re.compile(
            r"Expected either a `,` or `.` after a closed entry field value.*found a (.*?) "
        ),
        ProblemKind.EXPECTED_COMMA,
    ),
    (re.compile(r"Expected equals sign after field key.*"), ProblemKind.STRING_WITHOUT_EQUALS),
)


def abort_problem(reason: str) -> tuple[ProblemKind, str]:
    """What bibtexparser's abort reason means, and the name or text it quotes (a field for
    FIELD_WITHOUT_VALUE, what was found for EXPECTED_*, the reason itself when unknown)."""
    reason = " ".join(reason.split())
    for pattern, kind in _REASONS:
        m = pattern.match(reason)
        if m:
            return kind, (m.group(1) if m.groups() else "")
    return ProblemKind.BLOCK_NOT_READ, reason


_FIELD_START = re.compile(r"[ \t]*([^\s\"#%'(),={}@]+)[ \t]*=")


def unclosed_value(block: str, first_line: int) -> tuple[str, int, str] | None:
    """In a block that runs into the next `@name{`: the field whose value is still open, its
    line and the mark that would close it; None when every value closed (then the entry
    itself lacks its `}`).

    The field whose value is still open (a `{` or `"` not closed) when a line starting like
    another field (`name =`) appears is the likely culprit.
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
        for mark in BRACE_OR_QUOTE.finditer(line):
            if mark.group() != '"':
                depth += 1 if mark.group() == "{" else -1
            elif depth == 1:  # a `"` inside braces is a character, not a delimiter
                quoted = not quoted
    if (depth > 1 or quoted) and field is not None:
        name, number = field
        return name, number, '"' if quoted else "}"
    return None
