"""C003 doi-not-found: no registry knows the entry's DOI."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.doi import arxiv_versionless
from docbuild.bib.model import BibEntry
from docbuild.crossref.match import reference_from_entry
from docbuild.crossref.verified import Answer, SourceCheck, Status
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

ASKED = {"crossref": "Crossref", "agency": "the DOI agencies", "datacite": "DataCite"}


def evidence(checked: tuple[SourceCheck, ...]) -> str:
    """ "Crossref: no record, the DOI agencies: none": what each registry answered."""
    words = {Answer.ABSENT: "no record", Answer.FOUND: "found", Answer.FAILED: "no answer"}
    parts = []
    for c in checked:
        said = "none" if c.source == "agency" and c.answer is Answer.ABSENT else words[c.answer]
        parts.append(f"{ASKED.get(c.source, c.source)}: {said}")
    return ", ".join(parts)


@rule("C003", "doi-not-found", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """The entry's DOI resolves nowhere: Crossref has no record of it, and no registration
    agency (Crossref's agency look-up covers DataCite, mEDRA, JaLC and the others) holds it.

    Checked offline against refs.verified.json. An error only when every registry asked
    answered; a DOI that could not be checked (a registry did not answer, or DataCite was
    switched off) is a warning. A DOI another agency holds exists, and is not reported.

    PASS: @article{khan2019, doi = {10.53532/ss.039.03.00107}}
          (Crossref's record exists)
    FAIL: @article{wang2021, title = {Economic Hyperparameter Optimization},
          doi = {10.5555/unregistered.57189}}
          (Crossref: no record; the DOI agencies: none)
    """
    verified = ctx.verified.get(entry.key)
    if verified is None:
        return
    doi = reference_from_entry(entry).doi
    if not doi or verified.doi != doi:
        return  # no DOI, or not the DOI that was checked
    f = entry.get("doi") or entry.get("url")
    line, column = (f.line, f.column) if f else (None, None)
    found = verified.suggestion
    record = verified.record
    if record is not None and record.doi.lower() == (arxiv_versionless(doi) or "").lower():
        yield Finding(
            f"doi '{doi}' is not registered: arXiv registers its papers' DOIs without the "
            f"version, and https://doi.org/{record.doi} is this work",
            fix=f"doi = {{{record.doi}}}",
            line=line,
            column=column,
            severity=Severity.WARNING,
        )
    elif verified.status is Status.DOI_NOT_FOUND:
        fix = (
            f"doi = {{{found.doi}}}  (the work with this title, {found.registry})"
            if found is not None and found.doi
            else "copy the DOI from the publisher's page, or remove it"
        )
        yield Finding(
            f"doi '{doi}' does not exist ({evidence(verified.checked)}; "
            f"asked {verified.fetched_at[:10]}): https://doi.org/{doi} resolves to nothing",
            fix=fix,
            line=line,
            column=column,
        )
    elif verified.status is Status.UNKNOWN_DOI and not verified.reason.startswith("registered"):
        yield Finding(
            f"doi '{doi}' could not be checked: Crossref has no record of it and "
            + (evidence(verified.checked[1:]) or "DataCite was not asked"),
            fix="run `doit verify-refs` again with [registries] datacite switched on",
            severity=Severity.WARNING,
            line=line,
            column=column,
        )
