"""M001 undefined-citation: a pandoc citation whose key has no entry."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from docbuild.cite.keys import CitationKind
from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.citations import Outcome
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("M001", "undefined-citation", Severity.ERROR, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """Every `[@key]` names an entry of the bibliography; pandoc prints `(key?)` otherwise.

    PASS: [@khan2019] with @article{khan2019, ...} in refs.bib
    FAIL: [@khan2091] with no entry khan2091
    """
    for c in ctx.citations_by_paragraph.get(paragraph.index, ()):
        if c.kind is not CitationKind.PANDOC or ctx.resolutions[c].outcome is not Outcome.UNDEFINED:
            continue
        close = difflib.get_close_matches(c.key or "", ctx.entries_by_key.keys(), n=1, cutoff=0.8)
        yield Finding(
            f"citation '@{c.key}' has no entry in {ctx.bibliography.path.name}",
            fix=f"did you mean '@{close[0]}'?" if close else "add the entry or correct the key",
            line=c.line,
            column=c.column,
        )
