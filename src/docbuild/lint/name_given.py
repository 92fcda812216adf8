"""A given name put in the family name, read against the rest of the file: a copy editor who
has seen Javier as other people's given name, and never as anyone's family name, reads
`Javier Nieto, F` as F. Javier Nieto. Used by malformed-name; the evidence is the file's, so a
finding is a likely reading (a warning).

Tried and left out (session 15): given and family swapped (`Sven, Rady`) where another entry
names the swapped person beside a shared co-author. On the corpus most such pairs were right
as written: Chinese names read both ways (`Li, Yan` and `Yan, Li` are two people), and
consortium papers share co-authors with everyone (`Desai, M.` and `Madigan, D.`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from docbuild.bib.fold import fold
from docbuild.bib.latex import to_unicode
from docbuild.bib.names import parse_name, split_names
from docbuild.lint.name_shape import Shape

_INITIALS = re.compile(r"^(?:[A-Z]\.?\s*-?)+$")  # `F`, `A.`, `C.D.`, `J.-P.`
_WORD = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ'’-]+$")  # one capitalised word, not an initial
GIVEN_ELSEWHERE = 2  # other people of the file with this first given name: it is a given name


@dataclass(frozen=True, slots=True)
class Words:
    """The words of the file's names, each person counted once (folded to ASCII)."""

    given: Counter[str]  # first given names, whole words
    family: Counter[str]  # words of family names


def words_of(lists: Iterable[str]) -> Words:
    """How many people of the name lists have each word as first given name, or in the
    family name."""
    seen: set[tuple[str, str]] = set()
    given_words: Counter[str] = Counter()
    family_words: Counter[str] = Counter()
    for value in lists:
        for n in split_names(value):
            parts = _parts(n)
            if parts is None:
                continue
            family, given = parts
            person = (fold(family), fold(given))
            if person in seen:
                continue
            seen.add(person)
            first = given.split()[0]
            if _WORD.match(first):
                given_words[fold(first)] += 1
            for word in family.split():
                family_words[fold(word)] += 1
    return Words(given_words, family_words)


def given_in_family(name: str, words_: Words) -> Shape | None:
    """`Javier Nieto, F`: a family name of two words whose first is a given name of other
    people in the file (and no one's family name), before initials only: the given name was
    put in the family name. The fix moves it after the initials."""
    parts = _parts(name)
    if parts is None:
        return None
    family, given = parts
    words = family.split()
    if len(words) != 2 or not _INITIALS.match(given) or not _WORD.match(words[0]):
        return None
    first = fold(words[0])
    # This person counts once among the family words (the name itself): no one else's.
    if words_.given[first] < GIVEN_ELSEWHERE or words_.family[first] > 1:
        return None
    return Shape(
        f"name '{name.strip()}' has a given name in the family name ('{words[0]}' is a "
        "given name elsewhere in the file)",
        f"{words[1]}, {given.strip()} {words[0]}",
        known=False,
    )


def _parts(name: str) -> tuple[str, str] | None:
    """(family, given) of a name written `Family, Given`, TeX read; None for other forms."""
    if name.count(",") != 1 or "{" in name.replace("{\\", "").replace("\\", ""):
        return None
    parsed = parse_name(name)
    if parsed is None or not parsed.first or not parsed.last or parsed.von or parsed.jr:
        return None
    return to_unicode(parsed.last), to_unicode(parsed.first)
