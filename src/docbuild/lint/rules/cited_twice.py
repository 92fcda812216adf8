"""M008 cited-twice: a work cited by its entry's key and by its DOI, printed twice."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.doi import doi_key
from docbuild.cite.keys import CitationKind
from docbuild.cite.manubot import standard_id
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("M008", "cited-twice", Severity.WARNING, Scope.BIBLIOGRAPHY)
def check(ctx: LintContext) -> Iterator[Finding]:
    """A work is cited one way: by its entry's key, or Manubot's way by its DOI (`@doi:10.x`,
    or a citation tag `[@key]: doi:10.x`), not both. An entry is its own reference, whatever
    its `doi` says (as Manubot, which knows an entry by its key alone), so the reference
    list prints the work twice. Reported once a DOI, at its first citation.

    PASS: As [@khan2019] shows.
          @article{khan2019, title = {Strategic Studies}, doi = {10.53532/ss.039.03.00107}}
    FAIL: As [@khan2019] and [@doi:10.53532/SS.039.03.00107] show.
          @article{khan2019, title = {Strategic Studies}, doi = {10.53532/ss.039.03.00107}}
    """
    if ctx.manuscript is None:
        return
    tags = ctx.manuscript.tags
    by_doi: dict[str, str] = {}  # the DOI of each cited entry -> its key
    for key in sorted(ctx.cited_keys):
        entry = ctx.entries_by_key.get(key)
        doi = entry.value("doi") if entry is not None else None
        if doi:
            by_doi.setdefault(doi_key(doi), key)
    if not by_doi:
        return
    said: set[str] = set()
    for c in ctx.citations:
        if c.kind is not CitationKind.PANDOC or c.key is None or c.key in ctx.entries_by_key:
            continue
        ident = standard_id(c.key, tags)
        if ident is None or not ident.startswith("doi:") or ident in said:
            continue
        entry_key = by_doi.get(ident.removeprefix("doi:"))
        if entry_key is None:
            continue
        said.add(ident)
        yield Finding(
            f"citation '@{c.key}' is the DOI of entry '{entry_key}', which is cited too: the"
            " reference list prints the work twice",
            fix=f"cite it as '@{entry_key}'",
            line=c.line,
            column=c.column,
            key=entry_key,
            path=c.path,
        )
