"""B002 duplicate-key: two entries with the same key."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, from_reader, rule


@rule("B002", "duplicate-key", Severity.ERROR, Scope.READER)
def check(ctx: LintContext) -> Iterator[Finding]:
    """Two entries share a key; citations of it can only reach one of them.

    PASS: @book{khan2019, ...} and @article{khan2019a, ...}
    FAIL: @book{khan2019, ...} and @article{khan2019, ...}
    """
    return from_reader(ctx, "B002")
