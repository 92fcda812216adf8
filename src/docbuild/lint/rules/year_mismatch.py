"""M004 year-mismatch: a citation whose year is not the year of the entry it names."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.dates import entry_year
from docbuild.cite.keys import CitationKind
from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.citations import Outcome
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("M004", "year-mismatch", Severity.ERROR, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """A typed citation's year is the year of the entry with that surname; so is the year
    typed beside a pandoc citation (`Khan (2020) [@khan2021]`).

    PASS: Khan (2021) with @article{khan2021, author = {Khan, B.}, year = {2021}, ...}
    FAIL: Khan (2020) with only @article{khan2021, author = {Khan, B.}, year = {2021}, ...}
    """
    for c in ctx.citations_by_paragraph.get(paragraph.index, ()):
        if c.kind is not CitationKind.TYPED:
            continue
        resolution = ctx.resolutions[c]
        if resolution.outcome is not Outcome.YEAR_MISMATCH:
            continue
        stated = c.year_number
        entries = [ctx.entries_by_key[k] for k in resolution.keys]
        entry = min(entries, key=lambda e: abs((entry_year(e) or 0) - (stated or 0)))
        year = entry_year(entry)
        shown = str(year) if year is not None else "undated"
        fix = (
            f"write '{c.text.replace(c.year or '', shown, 1)}'"
            if year is not None and c.year
            else "correct the year"
        )
        yield Finding(
            f"citation '{c.text}' gives {c.year} but '{entry.key}' is dated {shown}",
            fix=fix,
            line=c.line,
            column=c.column,
            key=entry.key,
        )
