"""M003 unmatched-citation: a typed author–year citation that no entry matches."""

from __future__ import annotations

from collections.abc import Iterator

from docbuild.cite.keys import CitationKind
from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.citations import Outcome
from docbuild.lint.rule import Finding, LintContext, Scope, rule


@rule("M003", "unmatched-citation", Severity.ERROR, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """A typed citation such as `(Kurita, 2019)` or `Khan (2021)` matches an entry by the
    surname(s) of its authors and its year. A single capitalised word before a year with no
    comma (`Khan (2021)`, `(Khan 2021)`) counts when some entry has that surname, and is not
    reported otherwise, since `the Doha Accord (2020)` and `(London 2012)` look the same.

    PASS: Aid fell (Kurita, 2019).
          @techreport{kurita2019, author = {Kurita, M.}, title = {Aid}, year = {2019}}
    FAIL: Aid fell (Kurita, 2019).
          @techreport{khan2019, author = {Khan, M.}, title = {Aid}, year = {2019}}
    """
    for c in ctx.citations_by_paragraph.get(paragraph.index, ()):
        if c.kind is not CitationKind.TYPED or ctx.resolutions[c].outcome is not Outcome.UNMATCHED:
            continue
        if c.loose:
            continue  # `Accord (2020)`, `(London 2012)`: as likely a name as a citation
        who = " & ".join(c.names) + (" et al." if c.et_al else "")
        yield Finding(
            f"citation '{c.text}' matches no entry in {ctx.bibliography.names('or')}",
            fix=f"add an entry for {who} ({c.year}) or correct the citation",
            line=c.line,
            column=c.column,
        )
