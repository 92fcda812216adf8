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
    surname(s) of its authors and its year. A single capitalised word before a year in
    running text (`Khan (2021)`) is reported only when some entry has that surname, since
    `the Doha Accord (2020)` looks the same.

    PASS: (Kurita, 2019) with @techreport{kurita2019, author = {Kurita, M.}, year = {2019}, ...}
    FAIL: (Kurita, 2019) with no entry by Kurita
    """
    for c in ctx.citations_by_paragraph.get(paragraph.index, ()):
        if c.kind is not CitationKind.TYPED or ctx.resolutions[c].outcome is not Outcome.UNMATCHED:
            continue
        if c.narrative and len(c.names) == 1 and not c.et_al:
            continue  # `Accord (2020)` in running text is as likely a name as a citation
        who = " & ".join(c.names) + (" et al." if c.et_al else "")
        yield Finding(
            f"citation '{c.text}' matches no entry in {ctx.bibliography.path.name}",
            fix=f"add an entry for {who} ({c.year}) or correct the citation",
            line=c.line,
            column=c.column,
        )
