"""Where a work was published, as far as the entry says: whether its kind of venue issues DOIs.
A guess from names, so a finding built on it is a warning at most (`missing-doi`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docbuild.bib.dates import entry_year
from docbuild.bib.fold import fold
from docbuild.bib.journal_macros import aas_journal
from docbuild.bib.language import in_english
from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry, Bibliography
from docbuild.lint.perfile import per_file

# A "journal" that is a preprint server, a working-paper series, a conference, a name cut
# short (`…`) or no journal at all: Zotero and Google Scholar put `arXiv:1606.01540 [cs]` or
# `NBER Working Paper 6549` there.
_NOT_PUBLISHED = re.compile(
    r"\b(?:arxiv|biorxiv|medrxiv|ssrn|preprint|working\s+papers?|discussion\s+papers?|"
    r"manuscript|manusscript|unpublished|submitted|accepted|r\s+package|staff\s+memo|"
    r"technical\s+report|report\s+of|newsletter|congress|conference(?!\s+series))\b|…|\.\.\.",
    re.IGNORECASE,
)
# Venues known to publish without DOIs: open proceedings and journals in machine learning, and
# Soviet journals in Russian (named in transliteration, "Dokl. Akad. Nauk SSSR"): the Soviet
# Union ended in 1991, before DOIs, and its Russian originals mostly were given none later
# (their English translations were, under the translation's name).
_NO_DOI_VENUES = re.compile(
    r"\b(?:journal\s+of\s+machine\s+learning\s+research|jmlr|"
    r"advances\s+in\s+neural\s+information\s+processing\s+systems|"
    r"neural\s+information\s+processing\s+systems|neurips|nips|"
    r"proceedings\s+of\s+machine\s+learning\s+research|pmlr|"
    r"international\s+conference\s+on\s+(?:machine\s+learning|learning\s+representations)|"
    r"ceur|sssr)\b",
    re.IGNORECASE,
)
# Publishers whose proceedings, series and edited books give every paper (chapter) a DOI; and
# conferences whose proceedings one of them publishes under the conference's name alone (ICCV
# and CVPR: IEEE; ECCV: Springer's LNCS).
_DOI_PROCEEDINGS = re.compile(
    r"\b(?:acm|ieee|springer|lncs|lecture\s+notes|elsevier|scitepress|iop|aip|spie|"
    r"iccv|cvpr|eccv|"
    r"(?:international|european)\s+conference\s+on\s+computer\s+vision|"
    r"computer\s+vision\s+and\s+pattern\s+recognition)\b",
    re.IGNORECASE,
)
# The ACL Anthology gives the papers of its conferences and workshops DOIs from 2014 on
# (10.3115/v1/ for 2014 and 2015, 10.18653/v1/ since); the earlier ones mostly have none.
_ACL = re.compile(r"\bassociation\s+for\s+computational\s+linguistics\b", re.IGNORECASE)
ACL_DOIS_SINCE = 2014
# Journals of mathematics, medicine and the natural sciences, in English or not: the large
# publishers that took most of them over (Springer, De Gruyter, Elsevier, Wiley) digitised
# their back volumes with DOIs, back to Mathematische Annalen's first (1869) and Crelle's
# (1826). Periodicals of the humanities in other languages mostly register none.
_SCIENCE_VENUE = re.compile(
    r"mathemat|physi[kcq]|chemi|biolog|astronom|medizin|m[ée]decine|medic", re.IGNORECASE
)
# A "journal" that names a body, not a periodical ("World Health Organization", "Congressional
# Budget Office"): a report or working paper typed as an article, with its institution there.
_INSTITUTION = re.compile(
    r"\b(?:organi[sz]ation|institute|agency|ministry|office|commission|foundation|council|"
    r"department|bank|bureau|administration|university|corporation)\.?$",
    re.IGNORECASE,
)
_PERIODICAL = re.compile(
    r"\b(?:journal|bulletin|review|proceedings|annals|transactions|letters|quarterly|magazine|"
    r"newsletter|papers|studies|series|notes|reports?|research|revue|zeitschrift|rivista|"
    r"revista|archives?|memoirs|acta|monthly|weekly|gazette|record|digest|yearbook|forum)\b",
    re.IGNORECASE,
)
# A Google Books page: the work is a book or a part of one, whatever its entry type says.
_BOOK_URL = re.compile(r"\bbooks\.google\.[a-z.]+/", re.IGNORECASE)
_ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_ARXIV_URL = re.compile(r"arxiv\.org/", re.IGNORECASE)
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "publisher", "series", "organization")


def venue(entry: BibEntry) -> str:
    """The entry's journal, book title, publisher, series and organisation, as plain text."""
    return " | ".join(to_unicode(v) for f in _VENUE_FIELDS if (v := entry.value(f)))


def unpublished_venue(entry: BibEntry) -> bool:
    """The container names a preprint server, a working paper or a manuscript."""
    container = entry.value("journal") or entry.value("journaltitle") or ""
    return _NOT_PUBLISHED.search(to_unicode(container)) is not None


def issues_no_doi(entry: BibEntry) -> bool:
    """The venue is one known to publish without DOIs."""
    return _NO_DOI_VENUES.search(venue(entry)) is not None


def other_language_humanities(entry: BibEntry) -> bool:
    """The work is written in a language other than English (`langid`, or its title's small
    words) and its venue is not one of mathematics or the sciences."""
    return in_english(entry) is False and _SCIENCE_VENUE.search(venue(entry)) is None


def journal_gives_dois(entry: BibEntry, bibliography: Bibliography) -> bool:
    """Another entry of the bibliography from the same journal (or book) carries a DOI: the
    journal registers them, whatever its language."""
    found = venue_dois(entry, bibliography)
    return found is not None and found.with_doi > 0


# Below this chance that a venue issuing DOIs has all its works in the file without one, the
# file is evidence that it issues none (`VenueDois.none_issued`). Strict, as the chance is a
# product over works taken as independent, and they are not: the works of one venue are often
# typed in together, by one hand, all without their DOIs (three of BioScience, four of an ACM
# GECCO, in the corpus, pass 5%).
NO_DOI_CHANCE = 0.01
NO_DOI_WORKS = 3  # fewer works of a venue prove nothing, however the file records DOIs


@dataclass(frozen=True, slots=True)
class VenueDois:
    """How the works of one venue carry DOIs in the file, against the file's other works (those
    with a journal or book): the evidence `missing-doi` reads."""

    name: str  # the venue as the entry writes it
    works: int  # entries of the venue in the file
    with_doi: int
    others: int  # entries of other venues
    others_with_doi: int

    @property
    def none_issued(self) -> bool:
        """No work of the venue has a DOI, where the file's habit of recording DOIs makes that
        unlikely for a venue that issues them: at its rate `p` over the other venues, all `n`
        works lack one with chance (1 - p)**n, below 1%."""
        if self.with_doi or self.works < NO_DOI_WORKS or not self.others:
            return False
        rate = self.others_with_doi / self.others
        return (1 - rate) ** self.works < NO_DOI_CHANCE


def venue_dois(entry: BibEntry, bibliography: Bibliography) -> VenueDois | None:
    """The DOI record of the entry's venue in the file, or None when it names none."""
    where = container(entry)
    if not where:
        return None
    counts, total, total_doi = _venue_counts(bibliography)
    works, with_doi = counts.get(fold(where), (0, 0))
    return VenueDois(where, works, with_doi, total - works, total_doi - with_doi)


# Per folded venue: (entries, entries with a DOI); then all entries with a venue, and those
# with a DOI.
_Counts = tuple[dict[str, tuple[int, int]], int, int]


@per_file  # one lint run asks about one file, entry after entry
def _venue_counts(bibliography: Bibliography) -> _Counts:
    counts: dict[str, tuple[int, int]] = {}
    total = total_doi = 0
    for e in bibliography.entries:
        where = container(e)
        if not where:
            continue
        key, doi = fold(where), e.has("doi")
        works, with_doi = counts.get(key, (0, 0))
        counts[key] = (works + 1, with_doi + doi)
        total += 1
        total_doi += doi
    return counts, total, total_doi


def institution_as_journal(entry: BibEntry) -> bool:
    """The journal names an institution, not a periodical: a report typed as an article."""
    # The words matter, not their accents: braces go, TeX stays (it is rare in such names).
    journal = (entry.value("journal") or entry.value("journaltitle") or "").strip()
    return names_a_body(journal.replace("{", "").replace("}", ""))


def names_a_body(text: str) -> bool:
    """`text` names an institution ("World Health Organization"), not a periodical."""
    return _INSTITUTION.search(text) is not None and _PERIODICAL.search(text) is None


def container_is_title(entry: BibEntry) -> bool:
    """The journal or book title repeats the work's own title: no container was recorded."""
    title = entry.value("title") or ""
    where = entry.value("journal") or entry.value("journaltitle") or entry.value("booktitle")
    if not title or not where or abs(len(where) - len(title)) > max(len(where), len(title)) // 3:
        return False  # lengths that far apart are not one text however it is marked up
    return fold(where) == fold(title)


def in_a_book(entry: BibEntry) -> bool:
    """The entry links a Google Books page: the work is (in) a book."""
    return any(_BOOK_URL.search(entry.value(f) or "") for f in ("url", "note", "howpublished"))


def doi_proceedings(entry: BibEntry) -> bool:
    """The proceedings (or series, or book) are of a publisher that gives each paper a DOI."""
    # Publishers' and conferences' names are plain words: the values as typed will do, and
    # converting every chapter's venue from TeX would cost more than the rest of the rule.
    where = " | ".join(v for f in _VENUE_FIELDS if (v := entry.value(f)))
    where = where.replace("{", "").replace("}", "")
    if _DOI_PROCEEDINGS.search(where) is not None:
        return True
    year = entry_year(entry)
    return _ACL.search(where) is not None and year is not None and year >= ACL_DOIS_SINCE


def is_preprint(entry: BibEntry) -> bool:
    """An arXiv preprint: an arXiv eprint, or a link to arxiv.org."""
    if _ARXIV_URL.search(entry.value("url") or ""):
        return True
    eprint = entry.value("eprint")
    if not eprint:
        return False
    kind = (entry.value("eprinttype") or entry.value("archiveprefix") or "").lower()
    return kind == "arxiv" or (not kind and _ARXIV_ID.fullmatch(eprint.strip()) is not None)


def container(entry: BibEntry) -> str:
    """The journal or book the entry appeared in, as plain text ("" when none); an AAS
    journal macro (`\\apj`, printed as AASTeX's "ApJ") names the journal's own title."""
    for name in ("journal", "journaltitle", "booktitle"):
        value = entry.value(name)
        if value:
            return aas_journal(value) or to_unicode(value)
    return ""


def is_preprint_only(entry: BibEntry) -> bool:
    """A preprint cited as such: its container is arXiv (or none), not a journal or book."""
    where = container(entry)
    return not where or _NOT_PUBLISHED.search(to_unicode(where)) is not None
