"""M002 uncited-entry: an entry that nothing in the manuscript cites."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("M002", "uncited-entry", Severity.WARNING, Scope.BIBLIOGRAPHY)
def check(ctx: LintContext) -> Iterator[Finding]:
    """Every entry is cited, by `[@key]`, by a typed citation that matches it, or through the
    front matter's `nocite`; pandoc leaves uncited entries out of the references.

    PASS: [@khan2019] in the text, @article{khan2019, ...} in refs.bib
    FAIL: @article{khan2019, ...} in refs.bib, and no citation of it
    """
    if ctx.manuscript is None or not ctx.manuscript.paragraphs or "*" in ctx.manuscript.nocite:
        return
    for entry in ctx.bibliography.entries:
        if entry.key not in ctx.cited_keys:
            yield Finding(
                "entry is not cited in the manuscript",
                fix=f"cite it ([@{entry.key}]) or remove it",
                line=entry.line,
                column=entry.column,
                key=entry.key,
            )
