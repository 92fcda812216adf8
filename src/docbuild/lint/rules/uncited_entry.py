"""M002 uncited-entry: an entry that nothing in the manuscript cites."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("M002", "uncited-entry", Severity.WARNING, Scope.BIBLIOGRAPHY)
def check(ctx: LintContext) -> Iterator[Finding]:
    """Every entry is cited, by `[@key]`, by a typed citation that matches it, or through the
    front matter's `nocite`; pandoc leaves uncited entries out of the references.

    PASS: As [@khan2019] shows.
          @article{khan2019, title = {Strategic Studies}}
    FAIL: As nobody shows.
          @article{khan2019, title = {Strategic Studies}}
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
