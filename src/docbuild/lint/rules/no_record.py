"""C004 no-record: no registry knows a work with the entry's title, first author and year."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.crossref.identify import beyond_registries
from docbuild.crossref.match import match, query_for, reference_from_entry
from docbuild.crossref.verdict import unanswered
from docbuild.crossref.verified import Status
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

NAMES = {"crossref": "Crossref", "openalex": "OpenAlex", "arxiv": "arXiv"}


@rule("C004", "no-record", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """A work without a DOI is known to some registry: Crossref, OpenAlex (conference papers,
    books and reports without DOIs) or, for a preprint, arXiv. The message shows the nearest
    candidate any of them offered and how it differs.

    Checked offline against refs.verified.json. An error only when every registry that could
    know the work was asked and answered; while one did not answer or was switched off the
    entry is "not checkable", a warning. Registries do not know everything (a thesis, a
    local report, a book from before DOIs): a true entry may be reported, and the waiver
    (`% docbuild: ignore no-record` above the entry) says that a person checked it. Web pages
    and news articles (`@online`, a known newspaper) are not judged: registries do not list them.

    PASS: @article{khan2019, doi = {10.53532/ss.039.03.00107}}
          (the DOI's record exists: doi-not-found's and record-mismatch's to judge)
    FAIL: @inproceedings{seo2021, author = {Seo, Wei}, year = {2021}, booktitle = {ICLR},
          title = {Toward Calibrated Multi-Modal Retrieval with Active Learning}}
          (no registry knows a work of this title)
    """
    verified = ctx.verified.get(entry.key)
    if verified is None or verified.status is not Status.NO_MATCH or beyond_registries(entry):
        return
    ref = reference_from_entry(entry)
    if ref.doi or (verified.query and verified.query != query_for(ref)):
        return  # the entry changed since `doit verify-refs`
    candidate = verified.candidate
    if candidate is not None:
        m = match(ref, candidate)
        who = candidate.authors[0].family if candidate.authors else "no author"
        where = f", {candidate.link}" if candidate.link else ""
        nearest = (
            f"; the nearest, in {candidate.registry}, is '{candidate.title}' "
            f"({who}, {candidate.year or 'no year'}{where}): {m.reason}"
        )
    else:
        nearest = "; no registry offered a candidate"
    title = entry.get("title")
    line = title.line if title else None
    missing = unanswered(verified, entry)
    if missing:
        names = ", ".join(NAMES.get(n, n) for n in missing)
        yield Finding(
            f"not checkable: no work with this title found, but {names} did not answer "
            f"or {'was' if len(missing) == 1 else 'were'} not asked{nearest}",
            fix="run `doit verify-refs` again with every [registries] source switched on",
            line=line,
            severity=Severity.WARNING,
        )
        return
    asked = ", ".join(NAMES.get(c.source, c.source) for c in verified.checked)
    yield Finding(
        f"no registry knows this work (asked {asked} on {verified.fetched_at[:10]}){nearest}",
        fix="check the reference against the work itself; cite the work that exists",
        line=line,
    )
