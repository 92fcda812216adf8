"""B003 duplicate-entry: the same work entered twice under different keys."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.dates import entry_year
from docbuild.bib.doi import doi_key, is_doi
from docbuild.bib.fold import fold_words
from docbuild.bib.model import BibEntry
from docbuild.bib.names import family_key, family_name, split_names
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule
from docbuild.lint.venues import container, is_preprint, unpublished_venue


@rule("B003", "duplicate-entry", Severity.WARNING, Scope.BIBLIOGRAPHY)
def check(ctx: LintContext) -> Iterator[Finding]:
    """Each work has one entry: no two entries share a DOI, a first author, title and year
    (titles that differ by a number, `Part 1` and `Part 2`, are two works; so are two volumes
    of a book), or a title, year and venue (journal, book or publisher) without other pages.
    The same first author and title in another year is reported as info: a preprint and its
    article, or a reprint or new edition from one publisher, may be cited on purpose; so is a
    preprint with the title and most authors of another entry. Two entries whose report
    numbers differ (an ATLAS conference note `ATLAS-CONF-2023-040` and the paper
    `CERN-EP-2023-202`), or whose institutions differ, are two works; so are lecture or course
    notes and the book of the same title. Every copy is reported, each naming another.

    PASS: @article{khan2019, title = {Strategic Studies}, doi = {10.53532/ss.039.03.00107}}
    FAIL: % docbuild: ignore duplicate-entry
          @article{khan2019, title = {Strategic Studies}, doi = {10.53532/ss.039.03.00107}}
          @article{khan2019b, title = {Strategic Studies}, doi = {10.53532/SS.039.03.00107}}
    """
    by_doi: dict[str, list[BibEntry]] = {}
    by_work: dict[tuple[str, str, int | None], list[BibEntry]] = {}
    by_title: dict[tuple[str, str], list[BibEntry]] = {}
    by_place: dict[tuple[str, int | None, str], list[BibEntry]] = {}
    by_long_title: dict[str, list[BibEntry]] = {}
    for entry in ctx.bibliography.entries:
        doi_value = entry.value("doi")
        doi = doi_key(doi_value) if doi_value else ""
        if is_doi(doi):
            by_doi.setdefault(doi, []).append(entry)
        # Digits kept: `Part 1` and `Part 2` are two works (fold_words keeps numbers).
        words = fold_words(entry.value("title") or "")
        title = words.replace(" ", "")
        names = split_names(entry.value("author") or entry.value("editor") or "")
        year = entry_year(entry)  # once: two of the keys hold it
        if title and names:
            family = family_key(family_name(names[0]))
            by_work.setdefault((family, title, year), []).append(entry)
            by_title.setdefault((family, title), []).append(entry)
        place = fold_words(container(entry) or entry.value("publisher") or "")
        long_title = words.count(" ") + 1 >= _PLACE_WORDS if words else False
        if place and long_title:
            by_place.setdefault((title, year, place), []).append(entry)
        if long_title and len(names) >= 2:
            by_long_title.setdefault(title, []).append(entry)
    # A copy editor marks each copy, so each entry of a group is reported, naming the others.
    reported: set[int] = set()
    searches = (
        (by_doi, "the same doi as", _one_work, None),
        (by_work, _SAME_WORK, _same_work, None),
        # The first author spelt two ways (`Beaton` and `Beaton-Thome`), or left out.
        (by_place, "the same title, year and venue as", _same_place, None),
        # Another year: a preprint and its article, a reprint; a guess, so quietly.
        (by_title, "the same first author and title as", _versions, Severity.INFO),
        # A preprint whose first author was typed otherwise (`Travers, Ching`), by its team.
        (by_long_title, "the same title and most authors as", _preprint_of, Severity.INFO),
    )
    for groups, what, same, severity in searches:
        for group in groups.values():
            # Most groups hold one entry: the length says so before a set of keys is made.
            if len(group) < 2 or len({e.key for e in group}) < 2:
                continue  # one entry, or a duplicate key (duplicate-key reports those)
            for entry in group:
                other = next((e for e in group if e.key != entry.key and same(entry, e)), None)
                if id(entry) in reported or other is None:
                    continue
                reported.add(id(entry))
                yield _finding(entry, other, f"has {what} '{other.key}'", severity)


_SAME_WORK = "the same first author, title and year as"
DRAFTS = frozenset({"unpublished", "techreport", "report"})  # working papers
VOLUMES = frozenset({"book", "mvbook", "inbook", "bookinbook", "collection", "mvcollection"})


# Titles shorter than this (`Editorial`, `Book reviews`) recur in one journal's year.
_PLACE_WORDS = 3


# A report's number as collaborations and institutes write it (`ATLAS-CONF-2023-040`,
# `CERN-EP-2023-202`, `FERMILAB-PUB-23-123-T`): letters, then two or more parts after hyphens.
_REPORT_NUMBER = re.compile(r"\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+){2,}\b")
# Where a draft says it is notes for teaching or a talk: a work of its own, not a preprint.
# Springer's series (`Lecture Notes in Computer Science`) are books, not notes.
_NOTES = re.compile(
    r"\b(?:lecture|course|class) ?notes\b(?!\s+in\b)|\blectures?\b(?!\s+notes\b)|\bslides\b",
    re.IGNORECASE,
)


def _same_work(a: BibEntry, b: BibEntry) -> bool:
    """One first author, title and year: one work, unless the volumes, the report numbers or
    the institutions say two (a conference note and the paper that followed it)."""
    return _not_two_volumes(a, b) and not _two_reports(a, b)


def _same_place(a: BibEntry, b: BibEntry) -> bool:
    return _same_pages(a, b) and not _two_reports(a, b)


def _two_reports(a: BibEntry, b: BibEntry) -> bool:
    """Both entries name a report number or an institution, and they differ: a collaboration
    publishes a conference note and then the paper under one title, each with its number."""
    numbers = (_report_numbers(a), _report_numbers(b))
    if all(numbers) and not numbers[0] & numbers[1]:
        return True
    places = (fold_words(a.value("institution") or ""), fold_words(b.value("institution") or ""))
    return all(places) and places[0] != places[1]


def _report_numbers(entry: BibEntry) -> frozenset[str]:
    """The report numbers an entry gives: biblatex's and INSPIRE's `reportnumber`, a report's
    `number`, and a number in the shape of one in `howpublished` or `note`."""
    found = {fold_words(entry.value("reportnumber") or "")}
    if entry.entry_type in DRAFTS:
        found.add(fold_words(entry.value("number") or ""))
    for name in ("howpublished", "note"):
        found.update(fold_words(m) for m in _REPORT_NUMBER.findall(entry.value(name) or ""))
    return frozenset(found - {""})


def _notes(entry: BibEntry) -> bool:
    """Lecture or course notes (`note = {Lecture notes Sapporo}`), or a talk's slides."""
    return any(_NOTES.search(entry.value(name) or "") for name in ("note", "howpublished", "type"))


def _not_two_volumes(a: BibEntry, b: BibEntry) -> bool:
    """Volumes of one multi-volume book share author, title and year; an article and the same
    article mistyped as a book, with its volume or not, are one work."""
    if not (a.entry_type in VOLUMES and b.entry_type in VOLUMES):
        return True
    for name in ("volume", "part"):  # `part`: biblatex's half of a volume
        values = (a.value(name), b.value(name))
        if all(values) and values[0] != values[1]:
            return False
    return True


def _same_pages(a: BibEntry, b: BibEntry) -> bool:
    """One title in one venue and year is one work unless the pages, volumes or chapters say
    two (a comment and its reply, two parts). The first authors may be spelt two ways, which
    is what one copy got wrong; author lists with no word in common (two commentaries titled
    alike in one collection) are one work only where both give the same pages."""
    for name in ("pages", "volume", "number", "chapter"):
        values = (a.value(name), b.value(name))
        if all(values) and fold_words(values[0] or "") != fold_words(values[1] or ""):
            return False
    if a.has("chapter") != b.has("chapter"):
        return False  # a chapter of the book (`@inbook` with the book's title), not the book
    words = [_author_words(e) for e in (a, b)]
    return not all(words) or bool(words[0] & words[1]) or all(e.value("pages") for e in (a, b))


def _author_words(entry: BibEntry) -> frozenset[str]:
    """The words of the authors' names, initials left out (`B G Whitmer` → whitmer): one
    copy may lack an author the other has (`Bausier, K. and Corbiau, M.` and `Corbiau, M.`)."""
    return frozenset(w for w in fold_words(entry.value("author") or "").split() if len(w) > 1)


def _one_work(a: BibEntry, b: BibEntry) -> bool:
    """Entries with one DOI but other titles and other pages are two papers that both carry
    their proceedings volume's DOI (DBLP does this), not one work twice."""
    pages = (a.value("pages"), b.value("pages"))
    titles = (fold_words(a.value("title") or ""), fold_words(b.value("title") or ""))
    return not (all(pages) and pages[0] != pages[1] and titles[0] != titles[1])


def _versions(a: BibEntry, b: BibEntry) -> bool:
    """Two entries of one author and title in different years that are one work: a preprint
    or working paper and its publication, one container with a mistyped year, or one book
    (manual, report) from one publisher: a reprint or a new edition (a reprint in another book
    or journal is a work of its own). Lecture notes and the book of the same title, or two
    report numbers, are two works."""
    if _two_reports(a, b) or _notes(a) != _notes(b):
        return False
    if any(is_preprint(e) or unpublished_venue(e) or e.entry_type in DRAFTS for e in (a, b)):
        return True
    if not _not_two_volumes(a, b):
        return False
    same = fold_words(container(a))
    if same:
        return same == fold_words(container(b))
    if container(b):
        return False
    publisher = fold_words(_publisher(a))
    return bool(publisher) and publisher == fold_words(_publisher(b))


def _preprint_of(a: BibEntry, b: BibEntry) -> bool:
    """One of the two is a preprint or working paper and most of the shorter author list is
    in the other (a preprint keeps its team)."""
    drafts = [is_preprint(e) or unpublished_venue(e) or e.entry_type in DRAFTS for e in (a, b)]
    if drafts[0] == drafts[1]:
        return False
    teams = [_families(e) for e in (a, b)]
    shared = len(teams[0] & teams[1])
    return shared >= 2 and 2 * shared >= min(len(teams[0]), len(teams[1]))


def _families(entry: BibEntry) -> frozenset[str]:
    return frozenset(family_key(family_name(n)) for n in split_names(entry.value("author") or ""))


def _publisher(entry: BibEntry) -> str:
    for name in ("publisher", "organization", "institution"):
        value = entry.value(name)
        if value:
            return value
    return ""


def _finding(
    entry: BibEntry, first: BibEntry, what: str, severity: Severity | None = None
) -> Finding:
    return Finding(
        f"entry {what} (line {first.line})",
        fix=f"keep one entry and cite '{first.key}' everywhere",
        line=entry.line,
        column=entry.column,
        key=entry.key,
        severity=severity,
    )
