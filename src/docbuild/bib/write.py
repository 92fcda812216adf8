"""Write a Bibliography back as BibTeX, deterministically.

An entry whose `raw` text still matches its fields is written as it was (so a normalized file
differs from the original only where something changed); any other entry is laid out anew.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docbuild.bib.model import (
    BibComment,
    BibEntry,
    BibField,
    Bibliography,
    BibPreamble,
    BibString,
    Block,
    FailedBlock,
)

_HEAD = re.compile(r"@([\w]*)[ \t]*([{(])\s*")
_EQUALS = re.compile(r"\s*=\s*")
_SEPARATOR = re.compile(r"\s*,\s*")
_TAIL = re.compile(r"\s*(?:,\s*)?[})]")


def to_bibtex(bib: Bibliography, *, keep_layout: bool = True) -> str:
    """The whole file; with `keep_layout=False` every entry is laid out anew."""
    parts = [block_to_bibtex(b, keep_layout=keep_layout) for b in bib.blocks]
    return "\n\n".join(parts) + "\n" if parts else ""


def block_to_bibtex(block: Block, *, keep_layout: bool = True) -> str:
    if isinstance(block, BibEntry):
        if keep_layout and locate_fields(block) is not None:
            return block.raw
        return format_entry(block)
    if isinstance(block, BibString):
        return f"@string{{{block.name} = {block.raw}}}"
    if isinstance(block, BibPreamble):
        return f"@preamble{{{block.raw}}}"
    if isinstance(block, BibComment):
        return f"@comment{{{block.text}}}" if block.explicit else block.text
    if isinstance(block, FailedBlock):
        return block.raw
    raise TypeError(f"not a block: {block!r}")


def format_entry(entry: BibEntry) -> str:
    lines = [f"@{entry.entry_type}{{{entry.key},"]
    lines.extend(f"  {f.name} = {f.raw}," for f in entry.fields)
    lines.append("}")
    return "\n".join(lines)


def locate_fields(entry: BibEntry) -> list[tuple[int, int, int, int]] | None:
    """Where each field's name and value lie in `entry.raw` (start and end offsets), or None
    when the raw text is not exactly this entry (then it must not be written as is)."""
    raw = entry.raw
    head = _HEAD.match(raw)
    if head is None or head.group(1).lower() != entry.entry_type:
        return None
    pos = head.end()
    if not raw.startswith(entry.key, pos):
        return None
    pos += len(entry.key)
    closing = "}" if head.group(2) == "{" else ")"
    spans: list[tuple[int, int, int, int]] = []
    for f in entry.fields:
        sep = _SEPARATOR.match(raw, pos)
        if sep is None or not raw.startswith(f.name, sep.end()):
            return None
        name_end = sep.end() + len(f.name)
        eq = _EQUALS.match(raw, name_end)
        if eq is None or not raw.startswith(f.raw, eq.end()):
            return None
        spans.append((sep.end(), name_end, eq.end(), eq.end() + len(f.raw)))
        pos = eq.end() + len(f.raw)
    if _TAIL.fullmatch(raw, pos) is None or not raw.endswith(closing):
        return None
    return spans


def patch_entry_raw(old: BibEntry, fields: Sequence[BibField], origin: Sequence[int | None]) -> str:
    """`old.raw` with each field replaced by its new version, keeping the layout; new fields
    (origin None) go right after the field before them, indented like it. Returns "" (lay the
    entry out anew) when the old raw text cannot be matched to its fields."""
    spans = locate_fields(old)
    if spans is None or not spans:
        return ""
    raw = old.raw
    out: list[str] = []
    pos = 0
    previous: tuple[int, int, int, int] | None = None
    for new, index in zip(fields, origin, strict=True):
        if index is None:
            if previous is None:
                return ""
            name_start, name_end, value_start, _ = previous
            line_start = raw.rfind("\n", 0, name_start) + 1
            indent = raw[line_start:name_start]
            if indent.strip():
                indent = " "
            gap = raw[name_end:value_start]
            pad = len(gap) - len(gap.lstrip())
            if pad:
                width = (name_end - name_start) + pad
                gap = " " * max(1, width - len(new.name)) + gap.lstrip()
            newline = "\n" if indent != " " else ""
            out.append(f",{newline}{indent}{new.name}{gap}{new.raw}")
            continue
        name_start, name_end, value_start, value_end = spans[index]
        out.append(raw[pos:name_start])
        out.append(new.name)
        out.append(raw[name_end:value_start])
        out.append(new.raw)
        pos = value_end
        previous = spans[index]
    out.append(raw[pos:])
    return "".join(out)
