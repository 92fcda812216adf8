"""B016 undefined-macro: a field that uses an @string that is not defined."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, from_reader, rule


@rule("B016", "undefined-macro", Severity.ERROR, Scope.READER)
def check(ctx: LintContext) -> Iterator[Finding]:
    """A bare word in a field value names an @string macro that the file does not define; the field
    would print empty or as the macro's name.

    PASS: @string{sas = {Strategic Studies}} ... journal = sas
    FAIL: journal = sas (with no @string{sas = ...})
    """
    return from_reader(ctx, "B016")
