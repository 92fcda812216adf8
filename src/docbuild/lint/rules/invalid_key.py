"""B015 invalid-key: an entry key pandoc cannot cite."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.problems import Problem, ProblemKind
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule(
    "B015",
    "invalid-key",
    Severity.ERROR,
    problems=frozenset(
        {ProblemKind.EMPTY_KEY, ProblemKind.KEY_WITH_SPACE, ProblemKind.KEY_NOT_CITABLE}
    ),
)
def check(problem: Problem, ctx: LintContext) -> Iterator[Finding]:
    """The key has characters a pandoc citation cannot carry (spaces, commas, braces, quotes, ...).
    A key that ends in punctuation or holds a character pandoc's keys do not (`*`) is a
    warning: `[@key]` cites a shorter key, and only `[@{key}]` reaches it.

    PASS: @article{khan2019, title = {Strategic Studies}}
    FAIL: @article{khan 2019, title = {Strategic Studies}}
    FAIL: @article{khan2019., title = {Strategic Studies}}
    """
    if problem.kind is ProblemKind.EMPTY_KEY or not problem.key:
        yield Finding(
            "entry has an empty key",
            fix="give it a key after the '{', e.g. khan2019, and cite it as [@khan2019]",
        )
        return
    if problem.kind is ProblemKind.KEY_NOT_CITABLE:
        yield Finding(
            f"key '{problem.key}' cannot be cited as [@{problem.key}]: pandoc reads"
            f" '{problem.text}'",
            fix=f"rename it (and its citations), or cite it as [@{{{problem.key}}}]",
            severity=Severity.WARNING,
        )
        return
    joined = "".join(problem.key.split())
    yield Finding(
        f"key '{problem.key}' contains whitespace",
        fix=f"write it '{joined}', here and where it is cited ([@{joined}])",
    )
