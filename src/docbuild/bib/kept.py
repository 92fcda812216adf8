"""What `normalize` leaves byte for byte as it was: blocks the reader could not read, and
entries it read but not as they were meant. Rewriting those would turn a guess into data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docbuild.bib.model import BibEntry, Bibliography, FailedBlock
from docbuild.bib.names import NAME_FIELDS
from docbuild.bib.problems import NOT_TEXT, UNREADABLE, Problem, ProblemKind


@dataclass(frozen=True, slots=True)
class Kept:
    """A block normalize leaves byte for byte as it was: it cannot be read as it was meant,
    and a rewrite would dress a guess up as valid-looking data."""

    line: int
    key: str | None  # None where even the key could not be read
    reason: str  # what the reader found, for the line normalize-refs prints


# Problems that leave an entry readable but not as meant, so that whatever a rewrite produced
# would be a guess: text that is not text, and a name list of undefined macros, which is
# debris (Zotero's `McGrathMJ #" and "# CohenDB`). An undefined macro elsewhere is most often
# a journal abbreviation a style defines (`journal = apj`): normalizing around it guesses
# nothing.
_UNREAD = UNREADABLE | NOT_TEXT
_MACROS = frozenset({ProblemKind.UNDEFINED_MACRO, ProblemKind.MACRO_OF_UNDEFINED})


def kept_as_is(bib: Bibliography) -> tuple[Kept, ...]:
    """The blocks `normalize` leaves as they were, in file order: those the reader could not
    read, and entries with a problem that makes their values guesses."""
    by_key: dict[str, list[Problem]] = {}
    for p in bib.problems:
        debris = p.kind in _MACROS and p.field.lower() in NAME_FIELDS
        if p.key is not None and (p.kind in _UNREAD or debris):
            by_key.setdefault(p.key, []).append(p)
    out: list[Kept] = []
    failed = {u.line: u.key for u in unreadable_entries(bib).values()}
    for block in bib.blocks:
        if isinstance(block, FailedBlock):
            out.append(Kept(block.line, failed.get(block.line), "a block that cannot be read"))
        elif isinstance(block, BibEntry) and block.key in by_key:
            end = max(block.end_line, block.line)
            mine = [p for p in by_key[block.key] if block.line <= p.line <= end]
            if mine:
                out.append(Kept(block.line, block.key, _reason(mine)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An entry the reader could not read (a `FailedBlock` whose key can be told): its key,
    its first line and what the reader found, where it said (None for a library's failure
    with no place)."""

    key: str
    line: int
    problem: Problem | None
    path: Path | None = None  # its file, of several after the first (bib/join.py)


_HEADER = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]+)\s*,")


def unreadable_entries(bib: Bibliography) -> dict[str, Unreadable]:
    """The entries the reader could not read, by key (the first block of a key): a citation
    of one is left unresolved because of it, which lint (M001) and the build (R003) say."""
    out: dict[str, Unreadable] = {}
    for block in bib.blocks:
        if not isinstance(block, FailedBlock):
            continue
        last = block.line + block.raw.count("\n")
        mine = [
            p
            for p in bib.problems
            if block.line <= p.line <= last and p.kind in UNREADABLE and p.path == block.path
        ]
        header = _HEADER.match(block.raw.lstrip())
        key = header.group(1) if header else next((p.key for p in mine if p.key), None)
        if key is not None and key not in out:
            out[key] = Unreadable(key, block.line, mine[0] if mine else None, block.path)
    return out


def _reason(problems: list[Problem]) -> str:
    macros = [p for p in problems if p.kind is ProblemKind.UNDEFINED_MACRO]
    if macros and len(macros) == len(problems):
        names = ", ".join(f"'{p.name}'" for p in macros[:3]) + (", ..." if len(macros) > 3 else "")
        fields = ", ".join(sorted({p.field.lower() for p in macros}))
        return f"{fields} uses undefined macro{'s' if len(macros) > 1 else ''} {names}"
    return f"the reader found {problems[0].kind.value.replace('-', ' ')} on line {problems[0].line}"


__all__ = ["Kept", "Unreadable", "kept_as_is", "unreadable_entries"]
