"""B015 invalid-key: an entry key pandoc cannot cite."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, from_reader, rule


@rule("B015", "invalid-key", Severity.ERROR, Scope.READER)
def check(ctx: LintContext) -> Iterator[Finding]:
    """The key has characters a pandoc citation cannot carry (spaces, commas, braces, quotes, ...).

    PASS: @article{khan2019, ...}
    FAIL: @article{khan 2019, ...}
    """
    return from_reader(ctx, "B015")
