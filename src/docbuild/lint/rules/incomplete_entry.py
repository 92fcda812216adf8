"""B008 incomplete-entry: fields the entry type or the journal's style needs are missing."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.doi import arxiv_id_of_doi
from docbuild.bib.journal_macros import journal_macro
from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule
from docbuild.lint.venues import is_preprint

# Alternatives in a tuple: any one of them will do.
Need = tuple[str, ...]
_CONTAINER: Need = (
    "journal",
    "journaltitle",
    "booktitle",
    "publisher",
    "institution",
    "school",
    "organization",
    "howpublished",
    "url",
)
# Or a note saying where it was (`Poster presented at ...`, `International Standard ...`).
_WHERE: Need = (*_CONTAINER, "note")
_MISC_WHERE: Need = (*_WHERE, "eprint")  # a preprint's arXiv eprint says where it is
_AUTHOR: Need = ("author", "editor")
_JOURNAL: Need = ("journal", "journaltitle")
_WHEN: Need = ("year", "date")
_WEB_WHEN: Need = ("year", "date", "urldate")
REQUIRED: dict[str, tuple[Need, ...]] = {
    "article": (_AUTHOR, ("title",), _JOURNAL, _WHEN),
    "book": (_AUTHOR, ("title",), ("publisher",), _WHEN),
    "mvbook": (_AUTHOR, ("title",), ("publisher",), _WHEN),
    "inbook": (_AUTHOR, ("title",), ("booktitle", "publisher"), _WHEN),
    "incollection": (_AUTHOR, ("title",), ("booktitle",), ("publisher",), _WHEN),
    "inproceedings": (_AUTHOR, ("title",), ("booktitle",), _WHEN),
    "conference": (_AUTHOR, ("title",), ("booktitle",), _WHEN),
    "proceedings": (("title",), _WHEN),
    "report": (_AUTHOR, ("title",), ("institution", "publisher", "organization"), _WHEN),
    "techreport": (_AUTHOR, ("title",), ("institution", "publisher", "organization"), _WHEN),
    "thesis": (("author",), ("title",), ("school", "institution"), _WHEN),
    "phdthesis": (("author",), ("title",), ("school", "institution"), _WHEN),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), _WHEN),
    "unpublished": (_AUTHOR, ("title",)),
    "manual": (("title",),),
    "booklet": (("title",),),
    "patent": (("title",), ("number",)),
    "dataset": (("title",), ("publisher", "organization", "url", "doi", "howpublished")),
    "software": (("title",), ("publisher", "organization", "url", "doi", "howpublished")),
    "online": (("title",), ("url", "eprint", "doi")),
    "misc": (("title",), _MISC_WHERE),
    "periodical": (("title",), _WHEN),  # an issue of a journal is its own container
    "set": (),  # biblatex's entry set: its members are the entries
    "www": (("title",), ("url",)),
    "electronic": (("title",), ("url",)),
}
_DEFAULT: tuple[Need, ...] = (("title",), _CONTAINER)
# Containers that count only when they print something: `journal = {\jnrl}`, a macro no
# table knows, prints nothing.
_PRINTED = frozenset({"journal", "journaltitle", "booktitle"})
# With a url: a web page, or a document put online (lecture notes typed @unpublished).
WEB = frozenset({"online", "www", "electronic", "misc", "unpublished"})
RENDER_LIMIT = 40  # citeproc-py takes ~5 ms an entry; beyond this, findings show no preview


@rule("B008", "incomplete-entry", Severity.ERROR, Scope.BIBLIOGRAPHY)
def check(ctx: LintContext) -> Iterator[Finding]:
    """An entry has the fields its type needs (an article its journal, a web page its URL,
    anything a container or publisher); the fix shows how the style will print it. Volume,
    issue and pages are not asked for: many journals have no issues, online-first articles no
    pages, and a copy editor marks their absence only where the work has them. An entry that
    lacks only its author or editor is a warning no style raises: unsigned editorials,
    anonymous and sacred works have none. So is an `@article` without a journal whose DOI is
    arXiv's (10.48550/arXiv.…) or with an arXiv `eprint` (INSPIRE's `journal = ""`): most
    likely the preprint typed as an article; the fix makes it `@misc` with its `eprint`,
    every field kept. A journal that prints as nothing is missing too: a LaTeX macro no table
    knows (NASA ADS's `\\apj` and the other AAS macros print what AASTeX prints). A
    web page or an `@unpublished` document online with neither a date nor the day it was
    read is a warning (undated manuscripts without a url are not: WALS cites 16).

    PASS: @article{khan2019, author = {Khan, M. T. F.}, title = {…}, journal = {Strategic
        Studies}, year = {2019}, volume = {39}, number = {3}, pages = {89--104}}
    FAIL: @article{chaliha2021, author = {Chaliha, Y. D.}, title = {…}, year = {2021}}
    """
    printer = ctx.printer
    # (entry, message, severity, a guess, the arXiv id of a preprint cited as an article)
    pending: list[tuple[BibEntry, str, Severity | None, bool, str | None]] = []
    fixes: dict[int, str] = {}  # id(entry): the exact replacement, where it is known
    for entry in ctx.bibliography.entries:
        if {"incomplete-entry", "B008", "all"} & entry.ignored_rules:
            continue
        missing = [
            need for need in REQUIRED.get(entry.entry_type, _DEFAULT) if not _any(entry, need)
        ]
        if missing:
            # Editorials, anonymous and sacred works, standards have no author: that the work
            # has one is a guess when the author alone is missing, a warning no policy raises.
            guess = missing == [_AUTHOR]
            message = f"{entry.entry_type} is missing {_list(missing)}"
            arxiv = _preprint_as_article(entry, missing)
            if arxiv is not None:
                # An arXiv DOI or eprint and no journal: most likely the preprint under the
                # wrong type (INSPIRE's `journal = ""`), not a published article with its
                # journal lost; that is a guess too.
                guess = all(need in (_JOURNAL, _AUTHOR) for need in missing)
                whose = "the doi of arXiv" if entry.has("doi") else "arXiv"
                message += f": a preprint ({whose} {arxiv}) cited as an article"
            blank = _blank_journal(entry) if _JOURNAL in missing else None
            if blank is not None:
                # The journal is there but prints nothing: say so, not that it is missing.
                message = f"journal '{blank.strip()}' prints as nothing"
                fixes[id(entry)] = f"write the journal's name in place of '{blank.strip()}'"
                rest = [need for need in missing if need != _JOURNAL]
                if rest:
                    message += f"; the {entry.entry_type} is also missing {_list(rest)}"
            pending.append((entry, message, Severity.WARNING if guess else None, guess, arxiv))
        elif entry.entry_type in WEB and entry.has("url") and not _any(entry, _WEB_WHEN):
            # A page changes: without a date or the day it was read, the reference is vague.
            message = f"{entry.entry_type} with a url has neither a date nor a urldate"
            pending.append((entry, message, Severity.WARNING, False, None))
    worst = [e for e, *_ in pending[:RENDER_LIMIT]]
    rendered = printer.print_entries(worst) if printer is not None and worst else {}
    for entry, message, severity, guess, arxiv in pending:
        preview = rendered.get(entry.key)
        fix = f"add what is missing; now it prints as: {preview}" if preview else None
        if id(entry) in fixes:
            fix = fixes[id(entry)] + (f"; now it prints as: {preview}" if preview else "")
        if arxiv is not None:
            fix = _preprint_fix(entry, arxiv) + (
                f"; now it prints as: {preview}" if preview else ""
            )
        yield Finding(
            message,
            fix=fix,
            line=entry.line,
            column=entry.column,
            key=entry.key,
            severity=severity,
            guess=guess,
        )


def _preprint_as_article(entry: BibEntry, missing: list[Need]) -> str | None:
    """The arXiv id of an `@article` without a journal whose DOI is arXiv's, or with none
    and an arXiv eprint, else None; a journal that prints as nothing is not "without"."""
    if entry.entry_type != "article" or _JOURNAL not in missing or _typed_journal(entry):
        return None
    doi = entry.value("doi")
    if doi:
        return arxiv_id_of_doi(doi)
    eprint = entry.value("eprint")
    return eprint.strip() if eprint and is_preprint(entry) else None


def _preprint_fix(entry: BibEntry, arxiv: str) -> str:
    """Cite the preprint as biblatex does, or add the journal. Every field is kept: the fix
    changes the type and adds, never removes (the DOI and URL still point at the work)."""
    added = [f"eprint = {{{arxiv}}}"] if not entry.has("eprint") else []
    if not entry.has("archiveprefix") and not entry.has("eprinttype"):
        added.append("archiveprefix = {arXiv}")
    adding = f" and add {' and '.join(added)}" if added else ""
    return (
        f"if it is the preprint, make it @misc{adding}, keeping every other field; "
        "if it was published, add its journal"
    )


def _any(entry: BibEntry, need: Need) -> bool:
    return any(_printed(entry, name) for name in need)


def _printed(entry: BibEntry, name: str) -> bool:
    """The field is there and, for a container, prints something."""
    if not entry.has(name):
        return False
    return name not in _PRINTED or to_unicode(entry.value(name) or "") != ""


def _typed_journal(entry: BibEntry) -> bool:
    """A journal or journaltitle is typed, whether or not it prints."""
    return entry.has("journal") or entry.has("journaltitle")


def _blank_journal(entry: BibEntry) -> str | None:
    """The journal as typed when it is one LaTeX macro that prints as nothing (`\\jnrl`)."""
    for name in ("journal", "journaltitle"):
        value = entry.value(name)
        if value and journal_macro(value) is not None and to_unicode(value) == "":
            return value
    return None


def _list(needs: list[Need], joiner: str = "and", first_only: bool = False) -> str:
    words = [
        "a container or publisher"
        if n in (_CONTAINER, _WHERE, _MISC_WHERE)
        else (n[0] if first_only else " or ".join(n))
        for n in needs
    ]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {joiner} " + words[-1]
