"""C002 retracted: the cited work was retracted or carries an expression of concern."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.crossref.match import reference_from_entry
from docbuild.crossref.verified import record_for
from docbuild.crossref.work import Notice
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("C002", "retracted", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Crossref records a retraction (an error) or an expression of concern (a warning).

    Checked offline against refs.verified.json, which keeps the `updated-by`, `update-to`
    and `relation` links of each record. Citing the retraction notice itself is reported
    as information, since that is usually on purpose.

    PASS: doi = {10.53532/ss.039.03.00107}  (no update notices)
    FAIL: doi = {10.5555/retracted.2017.001}  (updated-by: retraction 10.5555/retraction.2020.002)
    """
    if entry.key not in ctx.verified:
        return  # not verified (or offline): nothing to compare, and the hot path stays cheap
    ref = reference_from_entry(entry)
    record = record_for(ctx.verified.get(entry.key), ref.doi)
    notice = record.notice() if record is not None else None
    if notice is None:
        return
    kind, update = notice
    on = f" on {update.date}" if update.date else ""
    since = f" since {update.date}" if update.date else ""
    where = entry.get("doi")
    line = where.line if where else None
    column = where.column if where else None
    if kind is Notice.RETRACTED:
        yield Finding(
            f"the work was retracted{on} (notice {update.doi})",
            fix=f"read https://doi.org/{update.doi}; cite another source, or say the work "
            "was retracted where it is cited",
            line=line,
            column=column,
        )
    elif kind is Notice.CONCERN:
        yield Finding(
            f"the work has an expression of concern{since} (notice {update.doi})",
            fix=f"read https://doi.org/{update.doi} before relying on the work",
            line=line,
            column=column,
            severity=Severity.WARNING,
        )
    else:
        label = update.type.replace("_", " ")
        yield Finding(
            f"the doi is the {label} notice for {update.doi}",
            line=line,
            column=column,
            severity=Severity.INFO,
        )
