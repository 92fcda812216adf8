"""B018 future-date: an entry dated after the build."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.dates import entry_year
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B018", "future-date", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """The entry's year is not after the year the paper is built (SOURCE_DATE_EPOCH, else
    today). Next year is a warning, since a forthcoming issue may carry it; later is an error.

    PASS: @article{sheikh2023, author = {Sheikh, A.}, title = {Kabul}, year = {2023}}
    FAIL: @inproceedings{alon2033, author = {Alon, Uri}, booktitle = {ICML}, year = {2033},
          title = {Neuro-Symbolic Language Modeling with Automaton-augmented Retrieval}}
          (built in 2026)
    """
    today = ctx.build_date
    year = entry_year(entry)
    if today is None or year is None or year <= today.year:
        return
    f = entry.get("year") or entry.get("date")
    line, column = (f.line, f.column) if f else (None, None)
    if year == today.year + 1:
        yield Finding(
            f"year {year} is next year (the build is dated {today.isoformat()})",
            fix="if the work is forthcoming, say so: pubstate = {forthcoming}",
            severity=Severity.WARNING,
            line=line,
            column=column,
        )
        return
    yield Finding(
        f"year {year} is after the build ({today.isoformat()}): the work cannot have appeared",
        fix="correct the year from the work itself",
        line=line,
        column=column,
    )
