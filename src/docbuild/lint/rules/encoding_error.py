"""B017 encoding-error: bytes that are not UTF-8, or characters that will not print."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, from_reader, rule


@rule("B017", "encoding-error", Severity.ERROR, Scope.READER)
def check(ctx: LintContext) -> Iterator[Finding]:
    """The file is not valid UTF-8 at this point, or holds control characters.

    PASS: title = {Pakistan's Foreign Policy}
    FAIL: title = {Pakistan\x92s Foreign Policy} (a Windows-1252 byte)
    """
    return from_reader(ctx, "B017")
