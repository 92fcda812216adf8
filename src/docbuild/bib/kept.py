"""What `normalize` leaves byte for byte as it was: blocks the reader could not read, and
entries it read but not as they were meant. Rewriting those would turn a guess into data."""

from __future__ import annotations

from dataclasses import dataclass

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
    for block in bib.blocks:
        if isinstance(block, FailedBlock):
            key = next((p.key for p in bib.problems if p.line == block.line and p.key), None)
            out.append(Kept(block.line, key, "a block that cannot be read"))
        elif isinstance(block, BibEntry) and block.key in by_key:
            end = max(block.end_line, block.line)
            mine = [p for p in by_key[block.key] if block.line <= p.line <= end]
            if mine:
                out.append(Kept(block.line, block.key, _reason(mine)))
    return tuple(out)


def _reason(problems: list[Problem]) -> str:
    macros = [p for p in problems if p.kind is ProblemKind.UNDEFINED_MACRO]
    if macros and len(macros) == len(problems):
        names = ", ".join(f"'{p.name}'" for p in macros[:3]) + (", ..." if len(macros) > 3 else "")
        fields = ", ".join(sorted({p.field.lower() for p in macros}))
        return f"{fields} uses undefined macro{'s' if len(macros) > 1 else ''} {names}"
    return f"the reader found {problems[0].kind.value.replace('-', ' ')} on line {problems[0].line}"


__all__ = ["Kept", "kept_as_is"]
