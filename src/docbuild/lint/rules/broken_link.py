"""M007 broken-link: a link with an empty target, `#`, or an anchor that does not exist."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.citations import Outcome
from docbuild.lint.rule import Finding, LintContext, Scope, rule

_LINK = re.compile(r"(?<![!\\])\[(?P<text>[^\[\]]*)\]\((?P<target>[^()\s]*)(?:\s+\"[^\"]*\")?\)")


@rule("M007", "broken-link", Severity.ERROR, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """Every link has a target: a URL, a file, or an anchor of the document (a heading, an
    `{#id}`, or `#ref-key` for an entry).

    PASS: # Methods
          See [the commentary](#methods).
    FAIL: Aid fell (Kurita, [2019](#)).
    """
    text = paragraph.text
    if "](" not in text:
        return
    anchors = ctx.manuscript.anchors if ctx.manuscript is not None else frozenset()
    for m in _LINK.finditer(text):
        target = m.group("target")
        shown = m.group()
        if target in ("", "#"):
            message = (
                f"link '{shown}' has no target" if not target else f"link '{shown}' points nowhere"
            )
        elif target.startswith("#"):
            anchor = target[1:]
            if anchor in anchors or (
                anchor.startswith("ref-") and anchor[4:] in ctx.entries_by_key
            ):
                continue
            message = f"link '{shown}' points to a missing anchor '{target}'"
        else:
            continue
        key = None
        fix = "give the link a target, or remove the link and keep its text"
        for c in ctx.citations_by_paragraph.get(paragraph.index, ()):
            if c.offset <= m.start() < c.end:
                resolution = ctx.resolutions[c]
                if resolution.outcome is Outcome.CITED and len(resolution.keys) == 1:
                    key = resolution.keys[0]
                    fix = f"cite with [@{key}] instead of a typed citation with a link"
                break
        line, column = paragraph.position(m.start())
        yield Finding(message, fix=fix, line=line, column=column, key=key)
