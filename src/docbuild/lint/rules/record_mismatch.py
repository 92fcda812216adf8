"""C005 record-mismatch: the registry's record of the cited work says otherwise."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.crossref.identify import differences
from docbuild.crossref.match import query_for, reference_from_entry
from docbuild.crossref.verdict import versions_known
from docbuild.crossref.verified import Status, record_for
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

FIELDS = {
    "authors": ("author",),
    "title": ("title",),
    "year": ("year", "date"),
    "venue": ("journal", "journaltitle", "booktitle"),
}


@rule("C005", "record-mismatch", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """The entry agrees with the registry's record of its work, field by field: the authors
    (none swapped in, none left out, no placeholder), the title word for word (a subtitle
    may be left out; spelling variants pass), the year (within one: online-first), the venue
    (abbreviations and registry names of the same venue pass), and a preprint is not cited as
    published where no registry knows a published version.

    Checked offline against the record `doit verify-refs` kept: the entry's DOI's, or the work
    found by title. A venue that cannot be told apart (an unlisted name sharing words with the
    record's) is a warning, as is a preprint while OpenAlex (which lists every version of a
    work) was not asked.

    PASS: @article{khan2019, author = {Khan, M. T. F.}, year = {2019},
          title = {Pakistan's Foreign Policy towards Russia: New Directions},
          journal = {Strategic Studies}, doi = {10.53532/ss.039.03.00107}}
    FAIL: @article{khan2019, author = {Khan, M. T. F.}, year = {2019},
          title = {Pakistan's Foreign Policy towards Russia: New Directions},
          journal = {Nature}, doi = {10.53532/ss.039.03.00107}}
          (Crossref's record: Strategic Studies)
    """
    verified = ctx.verified.get(entry.key)
    if verified is None:
        return
    ref = reference_from_entry(entry)
    record = record_for(verified, ref.doi)
    unchanged = not verified.query or verified.query == query_for(ref)
    if record is None and verified.status is Status.DIFFERS and not ref.doi and unchanged:
        record = verified.record
    if record is None or verified.status not in (Status.CONFIRMED, Status.FOUND, Status.DIFFERS):
        return
    by_doi = verified.status is Status.CONFIRMED
    link = f", {record.link}" if record.link else ""
    published = verified.candidate if by_doi else None
    found = differences(
        entry, record, by_doi=by_doi, versions_known=versions_known(verified), published=published
    )
    for d in found:
        f = next((entry.get(n) for n in FIELDS[d.part] if entry.get(n) is not None), None)
        yield Finding(
            f"{d.message} ({record.registry}'s record{link})",
            fix=f"check the {d.part} against the work itself and correct the entry",
            line=f.line if f else None,
            column=f.column if f else None,
            severity=None if d.certain else Severity.WARNING,
        )
