"""Names read against the rest of the file: a copy editor who has seen `Lynch, John` in one
entry reads `John Lynch, Malcolm Ross` in another as two people. Used by malformed-name."""

from __future__ import annotations

from collections.abc import Iterable

from docbuild.bib.fold import fold
from docbuild.bib.latex import to_unicode
from docbuild.bib.names import parse_name, split_names
from docbuild.lint.name_shape import Shape

# A person as the file names them elsewhere: (family name, first given name), folded.
Person = tuple[str, str]


def people_of(lists: Iterable[str]) -> frozenset[Person]:
    """Everyone the name lists name, as (family, first given name), folded to ASCII."""
    out: set[Person] = set()
    for value in lists:
        for n in split_names(value):
            parsed = parse_name(n)
            if parsed is not None and parsed.first and parsed.last:
                out.add((fold(parsed.last), fold(parsed.first.split()[0])))
    return frozenset(out)


def two_people(name: str) -> tuple[str, str] | None:
    """`John Lynch, Malcolm Ross`, both halves two or more words in direct order without an
    initial: a name that may be two people joined by a comma (or one with two family names,
    `Coello Coello, Carlos Artemio`). The halves, or None."""
    if name.count(",") != 1 or "{" in name:
        return None
    halves = [h.strip() for h in name.split(",")]
    for half in halves:
        words = to_unicode(half).split()
        if len(words) < 2 or not all(w[:1].isupper() and len(w.rstrip(".")) > 1 for w in words):
            return None
    return halves[0], halves[1]


def comma_joined_people(name: str, people: frozenset[Person]) -> Shape | None:
    """A `two_people` name whose halves, read in direct order, are people the file names
    elsewhere (`Lynch, John`): two names joined by a comma. Both halves known: known; one:
    a likely reading."""
    halves = two_people(name)
    if halves is None:
        return None
    found = []
    for half in halves:
        words = to_unicode(half).split()
        if (fold(words[-1]), fold(words[0])) in people:
            found.append(f"{words[-1]}, {' '.join(words[:-1])}")
    if not found:
        return None
    message = (
        f"names '{name}' are joined by a comma instead of 'and' "
        f"('{found[0]}' is named so elsewhere in the file)"
    )
    return Shape(message, f"{halves[0]} and {halves[1]}", known=len(found) == 2)
