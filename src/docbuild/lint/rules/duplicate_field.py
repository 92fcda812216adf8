"""B014 duplicate-field: a field given twice in one entry."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, from_reader, rule


@rule("B014", "duplicate-field", Severity.WARNING, Scope.READER)
def check(ctx: LintContext) -> Iterator[Finding]:
    """A field appears twice in one entry; only one of the values can print.

    PASS: @article{khan2019, year = {2019}, ...}
    FAIL: @article{khan2019, year = {2019}, year = {2021}, ...}
    """
    return from_reader(ctx, "B014")
