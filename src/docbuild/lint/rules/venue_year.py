"""B020 venue-year: a venue that cannot match the entry's year."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.dates import entry_year
from docbuild.bib.model import BibEntry
from docbuild.bib.venues import edition_year, venue_of, venue_years
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B020", "venue-year", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """A conference or journal is cited for a year it existed in: not before its first
    meeting (ICLR began in 2013), not a numbered edition held in another year (the 40th ICML
    was in 2023), not a year in its name other than the entry's ("NeurIPS 2035", year 2023).
    Only venues whose history is known are judged (bib/venues.py lists them, with sources).

    PASS: @inproceedings{lim2023, booktitle = {Proceedings of the 40th International
          Conference on Machine Learning}, year = {2023}, title = {Mixing Predictions}}
    FAIL: @inproceedings{lim2010, booktitle = {Proceedings of the 40th International
          Conference on Machine Learning}, year = {2010}, title = {Mixing Predictions}}
    """
    year = entry_year(entry)
    for name in ("booktitle", "journal", "journaltitle"):
        f = entry.get(name)
        if f is None or year is None:
            continue
        text = f.value
        line, column = f.line, f.column
        named = [y for y in venue_years(text) if y != year]
        edition = edition_year(text)
        venue = venue_of(text)
        if named:
            yield Finding(
                f"{name} '{text}' names {named[0]}, the entry's year is {year}",
                fix="correct the year or the venue from the work itself",
                line=line,
                column=column,
            )
        elif edition is not None and edition[1] != year:
            yield Finding(
                f"'{text}': its {edition[0]} belongs to {edition[1]}, not {year}",
                fix="correct the year or the edition from the work itself",
                line=line,
                column=column,
            )
        elif venue is not None and year < venue.first:
            yield Finding(
                f"'{text}' was first held in {venue.first}; the entry's year is {year}",
                fix="correct the year or the venue from the work itself",
                line=line,
                column=column,
            )
