"""B002 duplicate-key: two entries with the same key."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.problems import Problem, ProblemKind
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule("B002", "duplicate-key", Severity.ERROR, problems=frozenset({ProblemKind.DUPLICATE_KEY}))
def check(problem: Problem, ctx: LintContext) -> Iterator[Finding]:
    """Two entries share a key; citations of it can only reach one of them. In two of the
    bibliography's files, pandoc prints the later file's entry: a warning when the two print
    the same, an error when they differ.

    PASS: @book{khan2019, title = {Strategic Studies}}
          @article{khan2019a, title = {Pak-Russia Relations}}
    FAIL: @book{khan2019, title = {Strategic Studies}}
          @article{khan2019, title = {Pak-Russia Relations}}
    """
    if problem.other_path is not None and problem.other_path != problem.path:
        yield _in_two_files(problem, ctx)
        return
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


def _in_two_files(problem: Problem, ctx: LintContext) -> Finding:
    """A key in two of the bibliography's files: pandoc prints the later file's entry. An
    error when the two would print differently (the earlier one's text is lost without a
    word); a warning when they print the same, a copy in two files, which costs nothing."""
    from docbuild.bib.csl import to_csl_item

    bib = ctx.bibliography
    assert problem.other_path is not None  # the caller checked
    earlier, later = problem.other_path.name, bib.path_of(problem).name
    pair = [
        e
        for e in bib.entries
        if e.key == problem.key
        and (bib.path_of(e), e.line)
        in {(problem.other_path, problem.other_line), (bib.path_of(problem), problem.line)}
    ]
    same = len(pair) == 2 and to_csl_item(pair[0]) == to_csl_item(pair[1])
    where = f"{earlier} line {problem.other_line}"
    printed = ctx.entries_by_key.get(problem.key or "")
    if printed is not None and printed not in pair:  # a third file's, later still
        return Finding(
            f"key '{problem.key}' is in {where} too; pandoc prints neither, but the one in "
            f"{bib.path_of(printed).name} line {printed.line}",
            fix="keep one entry of the key; if they are several works, give each a key of its "
            "own and cite that",
            severity=Severity.WARNING if same else None,
        )
    if same:
        return Finding(
            f"key '{problem.key}' is in {where} too, an entry that prints the same",
            fix=f"delete one of the two copies (pandoc prints the one in {later})",
            severity=Severity.WARNING,
        )
    return Finding(
        f"key '{problem.key}' is in {where} too; pandoc prints this entry, from {later}, "
        f"and never the one in {earlier}",
        fix="delete the copy that is wrong; if they are two works, give one a key of its own "
        "and cite that",
    )
