"""B003 duplicate-entry: the same work entered twice under different keys."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.dates import entry_year
from docbuild.bib.doi import doi_key, is_doi
from docbuild.bib.fold import fold
from docbuild.bib.model import BibEntry
from docbuild.bib.names import family_key, family_name, split_names
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("B003", "duplicate-entry", Severity.WARNING, Scope.BIBLIOGRAPHY)
def check(ctx: LintContext) -> Iterator[Finding]:
    """Each work has one entry: no two entries share a DOI, or a first author, title and year.

    PASS: @article{khan2019, doi = {10.53532/ss.039.03.00107}, ...} (once)
    FAIL: @article{khan2019, doi = {10.53532/ss.039.03.00107}, ...} and
        @article{khan2019b, doi = {10.53532/SS.039.03.00107}, ...}
    """
    by_doi: dict[str, BibEntry] = {}
    by_work: dict[tuple[str, str, int | None], BibEntry] = {}
    for entry in ctx.bibliography.entries:
        doi_value = entry.value("doi")
        if doi_value:
            doi = doi_key(doi_value)
            if is_doi(doi):
                first = by_doi.setdefault(doi, entry)
                if first is not entry and first.key != entry.key:
                    yield _finding(entry, first, f"has the same doi as '{first.key}'")
                    continue
        title = fold(entry.value("title") or "")
        names = split_names(entry.value("author") or entry.value("editor") or "")
        if not title or not names:
            continue
        work = (family_key(family_name(names[0])), title, entry_year(entry))
        first = by_work.setdefault(work, entry)
        if first is not entry and first.key != entry.key:
            yield _finding(
                entry, first, f"has the same first author, title and year as '{first.key}'"
            )


def _finding(entry: BibEntry, first: BibEntry, what: str) -> Finding:
    return Finding(
        f"entry {what} (line {first.line})",
        fix=f"keep one entry and cite '{first.key}' everywhere",
        line=entry.line,
        column=entry.column,
        key=entry.key,
    )
