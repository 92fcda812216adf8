"""M009 key-without-at: a key of the bibliography in a citation group, written without `@`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule

# A bracketed group with a citation in it, not a link's text (`[...](url)`, `[...][ref]`).
# Bounded, so an unclosed `[` in a long paragraph costs a bounded scan.
_GROUP = re.compile(r"\[(?P<body>[^\[\]]{0,2000}?@[^\[\]]{0,2000}?)\](?![(\[])")
# pandoc's key characters (cite/keys.py): a word character, punctuation inside before one.
_KEY = r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*"
# One part of the group written as a bare key, with pandoc's optional `-` and a locator:
# `ortlepp2024high`, `-ortlepp2024high`, `ortlepp2024high, p. 3`.
_BARE_PART = re.compile(rf"(?P<lead>\s*-?)(?P<key>{_KEY})\s*(?:,[^;]*)?")
# A citation's suffix that is a bare key: `[@lee2011design, ortlepp2024high]`.
_KEY_SUFFIX = re.compile(rf"@(?:\{{[^{{}}]+\}}|{_KEY})\s*,\s*(?P<key>{_KEY})\s*")


@rule("M009", "key-without-at", Severity.WARNING, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """Every key in a citation group carries its `@`: pandoc reads `[@lee2011; ortlepp2024]`
    as a citation of lee2011 between brackets and prints `ortlepp2024` as text, so that work
    is neither cited nor listed. Only a part that is exactly a key of the bibliography (with
    a locator at most) is reported.

    PASS: Measured twice [@khan2019; @khan2021].
          @article{khan2019, title = {A}} @article{khan2021, title = {B}}
    FAIL: Measured twice [@khan2019; khan2021].
          @article{khan2019, title = {A}} @article{khan2021, title = {B}}
    """
    text = paragraph.text
    if "@" not in text or "[" not in text:
        return
    for group in _GROUP.finditer(text):
        body, start = group.group("body"), group.start("body")
        bare: list[tuple[int, str]] = []
        offset = start
        for part in body.split(";"):
            m = _BARE_PART.fullmatch(part)
            if m is not None and m.group("key") in ctx.entries_by_key:
                bare.append((offset + m.end("lead"), m.group("key")))
            else:
                s = _KEY_SUFFIX.fullmatch(part.strip())
                if s is not None and s.group("key") in ctx.entries_by_key:
                    at = offset + part.index(s.group("key"), part.index("@"))
                    bare.append((at, s.group("key")))
            offset += len(part) + 1
        written = group.group(0)
        fixed = written
        for _, key in bare:
            fixed = re.sub(rf"(?<![@\w]){re.escape(key)}(?!\w)", f"@{key}", fixed, count=1)
        fixed = fixed.replace(", @", "; @") if "," in written and ";" not in written else fixed
        for at, key in bare:
            line, column = paragraph.position(at)
            yield Finding(
                f"'{key}' in '{written}' is a key of "
                f"{ctx.bibliography.path_of(ctx.entries_by_key[key]).name} written without"
                " '@': pandoc prints it as text, and the work is neither cited nor listed",
                fix=f"write '{fixed}'",
                line=line,
                column=column,
            )  # no `key`: the entry is uncited, and its findings are folded into one line
