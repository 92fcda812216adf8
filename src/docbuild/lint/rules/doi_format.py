"""B006 doi-format: a DOI written as a URL, with `doi:`, with spaces, or not a DOI at all."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.doi import bare_doi, doi_of_url, has_label, is_doi, is_resolver_url
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B006", "doi-format", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """`doi` holds the bare DOI, `10.NNNN/suffix`; the suffix may contain parentheses. A DOI
    resolver address in `url` (and no `doi`) is reported too.

    PASS: doi = {10.31703/gfpr.2023(VI-III).01}
    FAIL: doi = {https://doi.org/10.48561/375h-qav7}
    FAIL: url = {https://doi.org/10.53532/ss.039.03.00107}
    """
    f = entry.get("doi")
    if f is not None:
        value = f.value.strip()
        if is_doi(value):
            return
        bare = bare_doi(value)
        valid = is_doi(bare)
        if is_resolver_url(value):
            message = f"doi '{value}' is written as a URL"
        elif has_label(value):
            message = f"doi '{value}' starts with 'doi:'"
        elif valid and any(c.isspace() for c in value):
            message = f"doi '{value}' contains spaces"
        elif valid:
            message = f"doi '{value}' is not written bare (escapes or url-encoding)"
        else:
            message = f"doi '{value}' is not of the form 10.NNNN/…"
        fix = f"doi = {{{bare}}}" if valid else "copy the DOI from the publisher's page"
        yield Finding(message, fix=fix, line=f.line, column=f.column)
        return
    url = entry.get("url")
    bare_url = doi_of_url(url.value) if url is not None else None
    if url is not None and bare_url is not None:
        yield Finding(
            f"url '{url.value.strip()}' is a DOI written as a URL",
            fix=f"doi = {{{bare_url}}} (and remove the url)",
            line=url.line,
            column=url.column,
        )
