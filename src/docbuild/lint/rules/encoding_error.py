"""B017 encoding-error: bytes that are not UTF-8, or characters that will not print."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.bib.problems import NOT_TEXT, Problem, ProblemKind
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule


@rule(
    "B017",
    "encoding-error",
    Severity.ERROR,
    problems=NOT_TEXT | {ProblemKind.LOST_CHARACTERS},
)
def check(problem: Problem, ctx: LintContext) -> Iterator[Finding]:
    """The file is not valid UTF-8 at this point, or holds control characters, or an export
    wrote `??` for letters it could not encode (`J??gou` for Jégou).

    PASS: @article{khan2019, title = {Pakistan’s Foreign Policy}}
    FAIL: @article{khan2019, title = {Pakistan\x92s Foreign Policy}}
          (the apostrophe as the byte 0x92, which is Windows-1252, not UTF-8)
    """
    if problem.kind is ProblemKind.LOST_CHARACTERS:
        yield Finding(
            f"{problem.field} has '{problem.text}', letters lost to '?' by an export",
            fix="retype the name or title from the work (or export again as UTF-8)",
        )
        return
    if problem.kind is ProblemKind.CONTROL_CHARACTER:
        yield Finding(f"control character U+{ord(problem.text):04X} is not text; remove it")
        return
    shown = " ".join(f"0x{b:02x}" for b in problem.data)
    yield Finding(
        f"invalid utf-8 byte {shown} at byte offset {problem.offset}, read as windows-1252 "
        f"'{problem.text}'",
        fix=f"retype '{problem.text}' and save {ctx.bibliography.path_of(problem).name} as UTF-8",
    )
