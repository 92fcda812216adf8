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
    """A listed conference or journal is cited for a year it existed in: not before its first
    meeting (ICLR began in 2013), not a numbered edition of another year (the 40th ICML was in
    2023; proceedings may appear the year after), not a meeting later than the entry
    ("NeurIPS 2035", year 2023). Only venues whose history is known are judged (bib/venues.py
    lists them, with sources): a proceedings published years after its meeting is normal.

    PASS: @inproceedings{lim2023, booktitle = {Proceedings of the 40th International
          Conference on Machine Learning}, year = {2023}, title = {Mixing Predictions}}
    FAIL: @inproceedings{lim2010, booktitle = {Proceedings of the 40th International
          Conference on Machine Learning}, year = {2010}, title = {Mixing Predictions}}
    """
    year = entry_year(entry)
    for name in ("booktitle", "journal", "journaltitle"):
        f = entry.get(name)
        venue = venue_of(f.value) if f is not None else None
        if f is None or venue is None or year is None:
            continue
        text, line, column = f.value, f.line, f.column
        later = [y for y in venue_years(text) if y > year + 1]
        edition = edition_year(text)
        if later:
            yield Finding(
                f"{name} '{text}' names {later[0]}, after the entry's year {year}",
                fix="correct the year or the venue from the work itself",
                line=line,
                column=column,
            )
        elif edition is not None and year not in (edition[1], edition[1] + 1):
            yield Finding(
                f"'{text}': its {edition[0]} belongs to {edition[1]}, not {year}",
                fix="correct the year or the edition from the work itself",
                line=line,
                column=column,
            )
        elif year < venue.first:
            yield Finding(
                f"'{text}' was first held in {venue.first}; the entry's year is {year}",
                fix="correct the year or the venue from the work itself",
                line=line,
                column=column,
            )
