"""B014 duplicate-field: a field given twice in one entry."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.problems import Problem, ProblemKind
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule(
    "B014", "duplicate-field", Severity.WARNING, problems=frozenset({ProblemKind.DUPLICATE_FIELD})
)
def check(problem: Problem, ctx: LintContext) -> Iterator[Finding]:
    """A field appears twice in one entry; only one of the values can print.

    PASS: @article{khan2019, title = {Strategic Studies}, year = {2019}}
    FAIL: @article{khan2019, title = {Strategic Studies}, year = {2019}, year = {2021}}
    """
    yield Finding(
        f"duplicate field '{problem.field}' (first on line {problem.other_line})",
        fix=f"keep the right '{problem.field}' and delete the other",
    )
