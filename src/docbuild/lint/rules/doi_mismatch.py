"""C001 doi-mismatch: the entry's DOI belongs, in Crossref, to a different work."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.crossref.match import match, reference_from_entry
from docbuild.crossref.verified import record_for
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("C001", "doi-mismatch", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """The DOI resolves to a work whose title, first author or year disagree with the entry.

    Checked offline against the record `doit verify-refs` saved in refs.verified.json; the
    year may differ by one (online-first and print dates). A wrong DOI sends every reader of
    the paper to someone else's work.

    PASS: title = {Pakistan's Foreign Policy towards Russia: New Directions},
          doi = {10.53532/ss.039.03.00107}  (Crossref: the same title, Khan, 2019)
    FAIL: title = {Pakistan's Foreign Policy towards Russia: New Directions},
          doi = {10.5555/12345678}  (Crossref: "Toward a Unified Theory of High-Energy
          Metaphysics: Silly String Theory", Carberry, 2008)
    """
    if entry.key not in ctx.verified:
        return  # not verified (or offline): nothing to compare
    ref = reference_from_entry(entry)
    if not ref.doi:
        return
    verified = ctx.verified.get(entry.key)
    record = record_for(verified, ref.doi)
    if record is None:
        return
    m = match(ref, record)
    if not m.contradicts:
        return
    differences = m.differences()
    differ = (
        f"{differences[0]} differs"
        if len(differences) == 1
        else ", ".join(differences[:-1]) + f" and {differences[-1]} differ"
    )
    who = record.authors[0].family if record.authors else "no author"
    year = record.year or "no year"
    where = entry.get("doi") or entry.get("url")
    found = verified.suggestion if verified is not None else None
    fix = (
        f"doi = {{{found.doi}}}  (Crossref match, score {verified.suggestion_score:.2f})"
        if found is not None and verified is not None
        else f"check https://doi.org/{ref.doi} and replace the doi with the cited work's"
    )
    yield Finding(
        f"doi '{ref.doi}' is '{record.title}' ({who}, {year}): {differ}",
        fix=fix,
        line=where.line if where else None,
        column=where.column if where else None,
    )
