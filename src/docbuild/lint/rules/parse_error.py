"""B001 parse-error: a block of the .bib file that cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, from_reader, rule


@rule("B001", "parse-error", Severity.ERROR, Scope.READER)
def check(ctx: LintContext) -> Iterator[Finding]:
    """The reader could not read this block (an unbalanced brace or quote, a missing comma or key);
    nothing in it reaches the printed references.

    PASS: @article{khan2019, title = {Strategic Studies}, year = {2019}}
    FAIL: @article{khan2019, title = {Strategic Studies, year = {2019}}
    """
    return from_reader(ctx, "B001")
