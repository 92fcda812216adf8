"""Resolving citations against the bibliography: pandoc keys directly, typed author–year
citations by surname(s) and year. Computed once per run and shared by the rules."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docbuild.bib.dates import entry_year
from docbuild.bib.model import BibEntry
from docbuild.bib.names import family_key, family_name, split_names
from docbuild.cite.keys import Citation, CitationKind


class Outcome(enum.Enum):
    CITED = "cited"  # a pandoc key with an entry, or a typed citation that matched
    UNDEFINED = "undefined"  # a pandoc key with no entry
    UNMATCHED = "unmatched"  # a typed citation whose surname no entry has
    YEAR_MISMATCH = "year-mismatch"  # the surname matches, the year does not


@dataclass(frozen=True, slots=True)
class Resolution:
    outcome: Outcome
    keys: tuple[str, ...] = ()  # the entries cited, or (year mismatch) those of the surname


@dataclass(frozen=True, slots=True)
class AuthorIndex:
    """Entries by the folded family name of their first author (or editor), and by that name
    and year; typed citations are resolved with two dictionary look-ups."""

    by_first: Mapping[str, tuple[BibEntry, ...]]
    by_first_year: Mapping[tuple[str, int | None], tuple[BibEntry, ...]]
    families: Mapping[str, tuple[str, ...]]  # key -> folded family names, in order

    @classmethod
    def build(cls, entries: Iterable[BibEntry]) -> AuthorIndex:
        by_first: dict[str, list[BibEntry]] = defaultdict(list)
        by_first_year: dict[tuple[str, int | None], list[BibEntry]] = defaultdict(list)
        families: dict[str, tuple[str, ...]] = {}
        for entry in entries:
            names = entry.value("author") or entry.value("editor") or ""
            fams = tuple(family_key(family_name(n)) for n in split_names(names))
            families[entry.key] = fams
            if fams:
                by_first[fams[0]].append(entry)
                by_first_year[(fams[0], entry_year(entry))].append(entry)
        return cls(
            {k: tuple(v) for k, v in by_first.items()},
            {k: tuple(v) for k, v in by_first_year.items()},
            families,
        )


def resolve(citation: Citation, entries: Mapping[str, BibEntry], index: AuthorIndex) -> Resolution:
    if citation.kind is CitationKind.PANDOC:
        if citation.key is not None and citation.key in entries:
            return Resolution(Outcome.CITED, (citation.key,))
        return Resolution(Outcome.UNDEFINED)
    if citation.key is not None:
        # `Khan (2020) [@khan2021]`: the pandoc citation beside it says which entry is meant.
        entry = entries.get(citation.key)
        if entry is None:
            return Resolution(Outcome.UNDEFINED)
        year = entry_year(entry)
        stated = citation.year_number
        if stated is not None and year is not None and stated != year:
            return Resolution(Outcome.YEAR_MISMATCH, (entry.key,))
        return Resolution(Outcome.CITED, (entry.key,))
    if not citation.names:
        return Resolution(Outcome.UNMATCHED)
    first = family_key(citation.names[0])
    if first not in index.by_first:
        return Resolution(Outcome.UNMATCHED)
    same = _narrowed(index.by_first_year.get((first, citation.year_number), ()), citation, index)
    if same:
        return Resolution(Outcome.CITED, tuple(e.key for e in same))
    candidates = _narrowed(index.by_first[first], citation, index)
    return Resolution(Outcome.YEAR_MISMATCH, tuple(e.key for e in candidates))


def _narrowed(
    entries: tuple[BibEntry, ...], citation: Citation, index: AuthorIndex
) -> tuple[BibEntry, ...]:
    """The entries whose co-authors include the citation's other surnames, if any do."""
    if len(citation.names) < 2 or not entries:
        return entries
    others = [family_key(n) for n in citation.names[1:]]
    narrowed = tuple(e for e in entries if all(o in index.families[e.key][1:] for o in others))
    return narrowed or entries
