"""B006 doi-format: a DOI written as a URL, with `doi:`, with spaces, or not a DOI at all."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.doi import bare_doi, has_label, is_doi, is_resolver_url
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B006", "doi-format", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """`doi` holds the bare DOI, `10.NNNN/suffix`; the suffix may contain parentheses but no
    TeX escape (`\\_` prints as written and breaks the link). A DOI that stands only in
    `url` is reported by missing-doi.

    PASS: @article{zaman2023, doi = {10.31703/gfpr.2023(VI-III).01}}
    FAIL: @article{khalid2021, doi = {https://doi.org/10.48561/375h-qav7}}
    FAIL: @inproceedings{bingham2004, doi = {10.1007/978-3-540-27813-9\\_42}}
    """
    f = entry.get("doi")
    if f is not None:
        value = f.value.strip()
        bare = bare_doi(value)
        if is_doi(value) and bare == value:
            return
        valid = is_doi(bare)
        if is_resolver_url(value):
            message = f"doi '{value}' is written as a URL"
        elif has_label(value):
            message = f"doi '{value}' starts with 'doi:'"
        elif valid and any(c.isspace() for c in value):
            message = f"doi '{value}' contains spaces"
        elif valid and "\\" in value:
            message = f"doi '{value}' holds a TeX escape, which prints as written"
        elif valid:
            message = f"doi '{value}' is not written bare (escapes or url-encoding)"
        else:
            message = f"doi '{value}' is not of the form 10.NNNN/…"
        fix = f"doi = {{{bare}}}" if valid else "copy the DOI from the publisher's page"
        yield Finding(message, fix=fix, line=f.line, column=f.column)
