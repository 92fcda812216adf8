"""B002 duplicate-key: two entries with the same key."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.problems import Problem, ProblemKind
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B002", "duplicate-key", Severity.ERROR, problems=frozenset({ProblemKind.DUPLICATE_KEY}))
def check(problem: Problem, ctx: LintContext) -> Iterator[Finding]:
    """Two entries share a key; citations of it can only reach one of them.

    PASS: @book{khan2019, title = {Strategic Studies}}
          @article{khan2019a, title = {Pak-Russia Relations}}
    FAIL: @book{khan2019, title = {Strategic Studies}}
          @article{khan2019, title = {Pak-Russia Relations}}
    """
    first = problem.other_line
    if problem.name == problem.key:
        message = f"duplicate key '{problem.key}' (first defined on line {first})"
    else:
        message = (
            f"duplicate key '{problem.key}' (differs only in case from '{problem.name}' on "
            f"line {first})"
        )
    yield Finding(
        message,
        fix=f"delete this copy if it is the same work as line {first}; otherwise give it a key "
        "of its own and cite that",
    )
