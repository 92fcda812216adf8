"""M010 latex-quote: a quotation opened LaTeX's way, with a backtick: pandoc prints it as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule

# `` `word' `` or ``` ``words'' ```: a backtick (one or two) after a space or an opening mark,
# the quoted words on one line, an apostrophe (as many) not followed by a letter (so "it's"
# inside goes on). A code span pandoc closes with another backtick is blanked before the rules
# see the text (cite/paragraphs.py), so what is left here pandoc prints with its backtick.
_QUOTE = re.compile(
    r"(?<![`\w\\])(?P<open>`{1,2})(?=[^\s`'])(?P<body>[^`\n]{1,300}?)(?<=[^\s'])"
    r"(?P<close>'{1,2})(?![\w`'])"
)
_CURLY = {1: ("\u2018", "\u2019"), 2: ("\u201c", "\u201d")}


@rule("M010", "latex-quote", Severity.WARNING, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """A quotation is written with quotation marks, not LaTeX's backticks: pandoc's Markdown
    has no `` `word' `` quotes, so the page prints the backtick and the apostrophe as typed
    (and a second backtick later in the paragraph would make code of the words between).

    PASS: We traverse the 'X-ray desert' here.
    FAIL: We traverse the `X-ray desert' here.
    """
    text = paragraph.text
    if "`" not in text:
        return
    for m in _QUOTE.finditer(text):
        width = len(m.group("open"))
        if len(m.group("close")) != width:
            continue
        left, right = _CURLY[width]
        line, column = paragraph.position(m.start())
        yield Finding(
            f"'{m.group(0)}' is a LaTeX quotation: pandoc prints its backtick"
            " and apostrophe as typed",
            fix=f"write '{left}{m.group('body')}{right}'",
            line=line,
            column=column,
        )
