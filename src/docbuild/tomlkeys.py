"""Where a TOML file sets a key: the line an error about that setting points to.

tomllib gives values without positions; this finds `key = ...` (or `[table.key]`) by a scan of
the text that is good enough for error locations, and never raises.
"""

from __future__ import annotations

import re
from pathlib import Path

_TABLE_HEADER = re.compile(r"\s*\[\s*([^\]]+?)\s*\]")
_ASSIGNMENT = re.compile(r"\s*((?:\"[^\"]*\"|'[^']*'|[\w.-]+)(?:\s*\.\s*[\w-]+)*)\s*=")


def key_line(text: str, table: str, key: str) -> int:
    """The 1-based line that sets `key` in `[table]` ("" for the top level), written as an
    assignment, a dotted key or a table of its own; else the first line that sets a key of
    that name anywhere; 0 when none does."""
    current = ""
    dotted = f"{table}.{key}" if table else key
    fallback = 0
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header:
            current = _unquote(header.group(1))
            if current == dotted:
                return number  # [lint.severity] written as a table of its own
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment is None:
            continue
        name = _unquote(assignment.group(1))
        if (current, name) == (table, key) or (current == "" and name == dotted):
            return number
        if not fallback and (name == key or name.endswith("." + key)):
            fallback = number
    return fallback


def read_key_line(path: Path, table: str, key: str) -> int:
    """`key_line` of the file at `path`; 0 when it cannot be read (the error still points
    to the file)."""
    try:
        return key_line(path.read_text(encoding="utf-8"), table, key)
    except (OSError, UnicodeDecodeError):
        return 0


def _unquote(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))
