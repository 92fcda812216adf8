"""Oracles for the reader: nothing in a `.bib` vanishes, and nothing changes without a report.

`unaccounted` walks the input's non-blank characters in order and checks that each one belongs
to an entry (type, key, field names and raw values), a macro, the preamble, a comment or a
failed block, with only BibTeX punctuation between them. `silent_alterations` compares entries
with what the author meant and lists every difference that no diagnostic covers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from docbuild.bib.model import (
    BibComment,
    BibEntry,
    Bibliography,
    BibPreamble,
    BibString,
    Block,
    FailedBlock,
)

_BLANK = re.compile(r"\s+")
# Between two pieces only the punctuation of BibTeX itself may be skipped.
_SYNTAX = frozenset('@{}(),="#')


def _squeeze(text: str) -> str:
    return _BLANK.sub("", text)


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str  # blank characters removed
    fold: bool  # compare case-insensitively (entry types, @string, @comment)
    line: int  # where the block says it starts, for messages


def _pieces(block: Block) -> Iterator[_Piece]:
    def p(text: str, fold: bool = False) -> _Piece:
        return _Piece(_squeeze(text), fold, block.line)

    if isinstance(block, BibEntry):
        yield p("@" + block.entry_type, fold=True)
        yield p(block.key)
        for f in block.fields:
            yield p(f.name, fold=True)
            yield p(f.raw or f.value)
    elif isinstance(block, BibString):
        if block.raw.lstrip().startswith("@"):
            yield p(block.raw, fold=True)
        else:
            yield p("@string", fold=True)
            yield p(block.name, fold=True)
            yield p(block.raw or block.value)
    elif isinstance(block, BibPreamble):
        if block.raw.lstrip().startswith("@"):
            yield p(block.raw, fold=True)
        else:
            yield p("@preamble", fold=True)
            yield p(block.raw or block.value)
    elif isinstance(block, BibComment):
        if block.explicit and not block.text.lstrip().lower().startswith("@comment"):
            yield p("@comment", fold=True)
        yield p(block.text)
    elif isinstance(block, FailedBlock):
        yield p(block.raw)


class _Input:
    """The input without blank characters, and the line each remaining character came from."""

    def __init__(self, text: str) -> None:
        parts: list[str] = []
        starts: list[int] = []
        total = 0
        for line in text.splitlines() or [""]:
            s = _squeeze(line)
            starts.append(total)
            parts.append(s)
            total += len(s)
        self.text = "".join(parts)
        self.lower = self.text.lower()
        self._starts = starts

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self._starts, index)


def unaccounted(text: str, bib: Bibliography, *, limit: int = 10) -> list[str]:
    """Every stretch of non-blank input text that no block accounts for, and every block text
    that is not in the input where its neighbours say it should be (first `limit` problems)."""
    src = _Input(text)
    problems: list[str] = []
    pos = 0
    for piece in (pc for block in bib.blocks for pc in _pieces(block)):
        if not piece.text:
            continue
        hay = src.lower if piece.fold else src.text
        needle = piece.text.lower() if piece.fold else piece.text
        start = pos
        while start < len(hay) and hay[start] in _SYNTAX and not hay.startswith(needle, start):
            start += 1
        if hay.startswith(needle, start):
            pos = start + len(needle)
            continue
        found = hay.find(needle, start)
        if found < 0:
            problems.append(
                f"line {piece.line}: block text {piece.text[:40]!r} is not in the input "
                f"after line {src.line_of(max(pos - 1, 0))}"
            )
        else:
            lost = "".join(c for c in src.text[start:found] if c not in _SYNTAX)
            problems.append(
                f"line {src.line_of(start)}: {lost[:40]!r} is in no entry, comment, macro "
                "or failed block"
            )
            pos = found + len(needle)
        if len(problems) >= limit:
            return problems
    while pos < len(src.text) and src.text[pos] in _SYNTAX:
        pos += 1
    rest = "".join(c for c in src.text[pos:] if c not in _SYNTAX)
    if rest:
        problems.append(
            f"line {src.line_of(pos)}: {rest[:40]!r} is in no entry, comment, macro or failed block"
        )
    return problems


@dataclass(frozen=True, slots=True)
class Intended:
    """An entry as its author meant it: the lines it spans and its field values."""

    key: str
    line: int
    end_line: int
    fields: Mapping[str, str]  # lower-case name -> value without delimiters, macros expanded


def _norm(value: str) -> str:
    return " ".join(value.split())


def _covered(bib: Bibliography, key: str | None, first: int, last: int) -> bool:
    """A diagnostic or failed block names this key or lies on the entry's lines."""
    for p in bib.problems:
        if key is not None and p.key == key:
            return True
        if first <= p.line <= last:
            return True
    for b in bib.blocks:
        if isinstance(b, FailedBlock):
            span = b.raw.count("\n")
            if b.line <= last and first <= b.line + span:
                return True
    return False


def silent_alterations(bib: Bibliography, intended: list[Intended]) -> list[str]:
    """Entries that differ from what was meant (changed, dropped or invented) with no report."""
    problems: list[str] = []
    meant = {i.key: i for i in intended}
    got: dict[str, list[BibEntry]] = {}
    for e in bib.entries:
        got.setdefault(e.key, []).append(e)
    for i in intended:
        entries = got.get(i.key, [])
        ok = any(
            {f.name.lower(): _norm(f.value) for f in e.fields}
            == {k: _norm(v) for k, v in i.fields.items()}
            for e in entries
        )
        if not ok and not _covered(bib, i.key, i.line, i.end_line):
            what = "dropped" if not entries else "altered"
            problems.append(f"entry '{i.key}' (line {i.line}) {what} without a diagnostic")
    for key, entries in got.items():
        if key in meant:
            continue
        for e in entries:
            if not _covered(bib, key, e.line, max(e.line, e.end_line)):
                problems.append(f"entry '{key}' (line {e.line}) invented without a diagnostic")
    return problems
