"""B016 undefined-macro: a field that uses an @string that is not defined."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.problems import Problem, ProblemKind
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

KINDS = frozenset(
    {
        ProblemKind.UNDEFINED_MACRO,
        ProblemKind.UNDEFINED_MACRO_IN_STRING,
        ProblemKind.MACRO_OF_UNDEFINED,
    }
)


@rule("B016", "undefined-macro", Severity.ERROR, problems=KINDS)
def check(problem: Problem, ctx: LintContext) -> Iterator[Finding]:
    """A bare word in a field value names an @string macro that the file does not define; the field
    would print empty or as the macro's name.

    PASS: @string{sas = {Strategic Studies}}
          @article{khan2019, journal = sas}
    FAIL: @article{khan2019, journal = sas}
    """
    macro, field = problem.name, problem.field
    if problem.kind is ProblemKind.UNDEFINED_MACRO_IN_STRING:
        yield Finding(
            f"undefined macro '{macro}' in '@string' '{field}'",
            fix=f"define '{macro}' above this @string, or write its text in braces",
        )
    elif problem.kind is ProblemKind.MACRO_OF_UNDEFINED:
        yield Finding(
            f"macro '{macro}' in field '{field}' is defined with undefined macro '{problem.text}'",
            fix=f"define '{problem.text}' above the @string that defines '{macro}'",
        )
    else:
        yield Finding(
            f"undefined macro '{macro}' in field '{field}'",
            fix=f"define it before this entry (@string{{{macro} = {{...}}}}), or write the value "
            f"in braces: {field} = {{...}}",
        )
