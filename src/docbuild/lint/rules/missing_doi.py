"""B005 missing-doi: a scholarly work cited without its DOI."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.doi import bare_doi, doi_of_url, is_doi
from docbuild.bib.model import BibEntry
from docbuild.crossref.verified import record_for
from docbuild.diagnostics import Severity
from docbuild.lint.news import is_news
from docbuild.lint.rule import Finding, LintContext, rule

SCHOLARLY = frozenset(
    {"article", "inproceedings", "conference", "incollection", "inbook", "report", "techreport"}
)
QUIETER = frozenset(
    {"book", "mvbook", "thesis", "phdthesis", "mastersthesis", "proceedings", "collection"}
)
_ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


@rule("B005", "missing-doi", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Journal articles, conference papers, chapters and reports carry a DOI; books and theses
    are reported quietly (info); web pages, news, blogs and arXiv preprints are not reported.

    PASS: @article{khan2019, ..., doi = {10.53532/ss.039.03.00107}}
    FAIL: @article{hussain2012, journal = {Journal of Political Studies}, ...}
    """
    kind = entry.entry_type
    if kind not in SCHOLARLY and kind not in QUIETER:
        return
    if entry.has("doi") or _has_arxiv(entry) or is_news(entry):
        return
    if doi_of_url(entry.value("url") or "") is not None:
        return  # doi-format reports the DOI pasted into `url`
    verified = ctx.verified.get(entry.key)
    record = record_for(verified, "")
    doi = bare_doi(record.doi) if record is not None and is_doi(bare_doi(record.doi)) else None
    score = verified.score if verified is not None else None  # how well it matched (0..1)
    fix = (
        f"doi = {{{doi}}}" + (f"  (Crossref match, score {score:.2f})" if score else "")
        if doi
        else "look the DOI up (doit verify-refs, or the publisher's page) and add doi = {10.…}"
    )
    yield Finding(
        f"{kind} has no doi",
        fix=fix,
        severity=None if kind in SCHOLARLY else Severity.INFO,
    )


def _has_arxiv(entry: BibEntry) -> bool:
    eprint = entry.value("eprint")
    if not eprint:
        return False
    kind = (entry.value("eprinttype") or entry.value("archiveprefix") or "").lower()
    return kind == "arxiv" or (not kind and _ARXIV_ID.fullmatch(eprint.strip()) is not None)
