"""Pure matching of a bib entry against Crossref works: a score in 0..1 and a reason to show.

A DOI is only ever proposed for a *confident* match: a near-identical title, and neither the
first author nor the year contradicting the entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from docbuild.bib.dates import entry_year
from docbuild.bib.doi import doi_key, doi_of_url
from docbuild.bib.fold import fold_words
from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry
from docbuild.bib.names import Name, family_name, parse_name, split_names
from docbuild.bib.venues import same_venue
from docbuild.crossref.work import Work, clean_text

CONFIDENT_SCORE = 0.85  # the weighted score a proposed DOI needs
CONFIDENT_TITLE = 0.90  # and the title similarity
MISMATCH_TITLE = 0.75  # below this, an entry's own DOI points at another work
SAME_CONTAINER = 0.80

# How much each part counts; parts unknown on either side are left out, the rest rescaled.
WEIGHTS = {"title": 0.60, "author": 0.20, "year": 0.15, "container": 0.05}


@dataclass(frozen=True, slots=True)
class Reference:
    """What an entry says about itself, in the terms a Crossref work can be compared with."""

    key: str
    title: str
    surname: str  # the first author's family name (or an organisation), without its particle
    year: int | None
    container: str
    doi: str  # normalized (`doi_key`: bare, lower-case); "" when the entry has none
    particle: str = ""  # the first author's von part (`van der`), for the query


@dataclass(frozen=True, slots=True)
class Match:
    score: float  # 0..1, two decimals
    reason: str  # "title 98% similar, first author matches, year matches"
    title: float  # 0..1
    author: bool | None  # None when either side has no author
    year: bool | None  # within one year of any of the work's dates; None when unknown
    container: bool | None

    @property
    def confident(self) -> bool:
        """Good enough to propose the work's DOI for an entry that has none."""
        return (
            self.score >= CONFIDENT_SCORE
            and self.title >= CONFIDENT_TITLE
            and self.author is not False
            and self.year is not False
        )

    @property
    def contradicts(self) -> bool:
        """The entry's own DOI cannot be this work: title, first author or year disagree."""
        return self.title < MISMATCH_TITLE or self.author is False or self.year is False

    def differences(self) -> list[str]:
        """What disagrees, in the words a finding uses: ["title", "first author", "year"]."""
        parts = [("title", self.title < MISMATCH_TITLE), ("first author", self.author is False)]
        parts.append(("year", self.year is False))
        return [name for name, bad in parts if bad]


def normalize_text(text: str) -> str:
    """Lower-case ASCII words: Crossref's markup, LaTeX, accents and punctuation removed."""
    return fold_words(clean_text(text))


def reference_from_entry(entry: BibEntry) -> Reference:
    # A DOI written only as a doi.org link still counts as the entry's DOI.
    doi = entry.value("doi") or doi_of_url(entry.value("url") or "") or ""
    container = ""
    for name in ("journal", "journaltitle", "booktitle", "series", "publisher"):
        container = entry.value(name) or ""
        if container:
            break
    first = _first_author(entry.value("author") or entry.value("editor") or "")
    return Reference(
        key=entry.key,
        title=to_unicode(entry.value("title") or ""),
        surname=to_unicode(first.last),
        year=entry_year(entry),
        container=to_unicode(container),
        doi=doi_key(doi) if doi else "",
        particle=to_unicode(first.von),
    )


def first_surname(authors: str) -> str:
    """The first author's family name from a BibTeX name list (`bib/names`), as printed; an
    organisation stays whole."""
    return to_unicode(_first_author(authors).last)


def _first_author(authors: str) -> Name:
    names = split_names(authors)
    if not names:
        return Name()
    return parse_name(names[0]) or Name(last=family_name(names[0]))


def title_similarity(title: str, work: Work) -> float:
    """0..1; the work's title is tried with and without its subtitle, since entries do both."""
    ours = normalize_text(title)
    if not ours:
        return 0.0
    candidates = [work.title]
    if work.subtitle:
        candidates += [f"{work.title} {work.subtitle}"]
    best = 0.0
    for candidate in candidates:
        theirs = normalize_text(candidate)
        if theirs:
            best = max(best, SequenceMatcher(None, ours, theirs, autojunk=False).ratio())
    return best


def same_surname(ours: str, theirs: str) -> bool:
    """Equal after normalization, or equal in the last word ("van der Berg" and "Berg")."""
    a, b = normalize_text(ours), normalize_text(theirs)
    if not a or not b:
        return False
    if a == b or a.split()[-1] == b.split()[-1]:
        return True
    # Organisations are written in many ways; a close spelling is the same author.
    return len(a.split()) > 2 and SequenceMatcher(None, a, b).ratio() >= SAME_CONTAINER


def same_container(ours: str, theirs: str) -> bool:
    known = same_venue(ours, theirs)  # "ICML" is the "40th International Conference on ..."
    if known is not None:
        return known
    a, b = normalize_text(ours), normalize_text(theirs)
    return a == b or (a in b or b in a) or SequenceMatcher(None, a, b).ratio() >= SAME_CONTAINER


def match(ref: Reference, work: Work) -> Match:
    """Compare an entry with a work; never raises, whatever either side lacks."""
    title = title_similarity(ref.title, work)
    parts: dict[str, float] = {"title": title}
    reasons = [f"title {round(title * 100)}% similar"]

    author: bool | None = None
    theirs = work.authors[0].family if work.authors else ""
    if ref.surname and theirs:
        author = same_surname(ref.surname, theirs)
        parts["author"] = 1.0 if author else 0.0
        reasons.append(
            "first author matches" if author else f"first author '{theirs}' not '{ref.surname}'"
        )

    year: bool | None = None
    years = work.years()
    if ref.year is not None and years:
        gap = min(abs(ref.year - y) for y in years)
        year = gap <= 1
        parts["year"] = {0: 1.0, 1: 0.7}.get(gap, 0.0)
        if gap == 0:
            reasons.append("year matches")
        elif gap == 1:
            reasons.append(f"year {_years(years)} within one of {ref.year}")
        else:
            reasons.append(f"year {_years(years)} not {ref.year}")

    container: bool | None = None
    if ref.container and work.container:
        container = same_container(ref.container, work.container)
        parts["container"] = 1.0 if container else 0.0
        reasons.append(
            "container matches" if container else f"container '{work.container}' differs"
        )

    total = sum(WEIGHTS[k] for k in parts)
    score = sum(WEIGHTS[k] * v for k, v in parts.items()) / total
    return Match(round(score, 2), ", ".join(reasons), round(title, 2), author, year, container)


@dataclass(frozen=True, slots=True)
class YearCheck:
    message: str
    online_first: bool  # the entry's year is one of the record's dates, just not the issue's


def compare_year(year: int, work: Work) -> YearCheck | None:
    """The entry's year against the record's issue date (Crossref's earliest publication)."""
    issued = work.year
    if issued is None or year == issued:
        return None
    for date, label in ((work.print, "print"), (work.online, "online")):
        if date and int(date[:4]) == year:
            return YearCheck(
                f"year {year} is the {label} date; Crossref's record was issued {work.issued}",
                online_first=True,
            )
    return YearCheck(f"year {year} disagrees with Crossref's record, issued {work.issued}", False)


def _years(years: tuple[int, ...]) -> str:
    return "/".join(str(y) for y in years)


def best_match(ref: Reference, works: Iterable[Work]) -> tuple[Work, Match] | None:
    """The highest-scoring work (ties: the first, i.e. Crossref's own ranking), or None."""
    best: tuple[Work, Match] | None = None
    for work in works:
        m = match(ref, work)
        if best is None or m.score > best[1].score:
            best = (work, m)
    return best


def query_for(ref: Reference) -> str:
    """The free-text reference sent as `query.bibliographic`."""
    surname = f"{ref.particle} {ref.surname}" if ref.particle else ref.surname
    parts = [surname, ref.title, ref.container, str(ref.year) if ref.year else ""]
    return " ".join(p for p in parts if p)
