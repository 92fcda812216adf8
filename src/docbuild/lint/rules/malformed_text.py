"""B012 malformed-text: typing slips in titles and containers that will print as they are."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

FIELDS = frozenset(
    {
        "title",
        "subtitle",
        "booktitle",
        "journal",
        "journaltitle",
        "publisher",
        "institution",
        "organization",
        "school",
        "series",
        "howpublished",
    }
)
# Found by its apostrophe (a leading `\w{2,}` would rescan each long word at every letter).
_APOSTROPHE_JOIN = re.compile(r"(?<=[^\W\d_]{2})['’](?=[A-Z][^\W\d_])")
_WORD_AT = re.compile(r"[\w'’]+")
_HYPHEN_SPACE = re.compile(r"(?<=[^\W_])- (?!(?:and|or|to|und|et|bis)\b)(?=[^\W_])")
_SPACE_HYPHEN = re.compile(r"(?<=[^\W_]) -(?=[^\W\d_])")
# Three letters before and two after: `f(x)`, `Ca(OH)2` and `(Re)thinking` are written so.
_PAREN_JOIN = re.compile(r"(?<=[^\W\d_]{3})\((?=[^\W\d_]{2})")
_JOIN_PAREN = re.compile(r"(?<=[^\W\d_]{5}\))(?=[^\W\d_])")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
# Spacing slips: what finds one, how the finding names it, what replaces it in the fix.
_SPACING = (
    (_HYPHEN_SPACE, "a space after a hyphen", "-"),
    (_SPACE_HYPHEN, "a space before a hyphen", "-"),
    (_PAREN_JOIN, "no space before '('", " ("),
    (_JOIN_PAREN, "no space after ')'", " "),
)
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"), ("``", "''"))
# Every slip above needs one of these: most values have none and are passed over at one look.
_ANY_MARK = re.compile(r"""[-()\[\]“”`'’"]| {2}""")


@rule("B012", "malformed-text", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """No words glued by an apostrophe (`Russia'Interest`), hyphens followed by a space
    (`Russia- Pakistan`), brackets glued to a word (`Center(Russia`), doubled spaces, or
    unbalanced quotes and brackets in titles, containers and publishers.

    PASS: @article{shah2020, title = {Russia-Pakistan Strategic Relations}}
    FAIL: @article{shah2020, title = {Russia- Pakistan Strategic Relations}}
    FAIL: @article{ahmed2019, title = {Russia'Interest In Pakistan}}
    """
    for f in entry.fields:
        name = f.name.lower()
        if name not in FIELDS:
            continue
        value = f.value.strip()
        if not _ANY_MARK.search(value):
            continue
        line, column = f.line, f.column
        fixed = value
        problems: list[str] = []
        for pattern, what, replacement in _SPACING:
            m = pattern.search(value)
            if m:
                problems.append(f"{what} in '{_around(value, m.start())}'")
                fixed = pattern.sub(replacement, fixed)
        if _DOUBLE_SPACE.search(value):
            problems.append("doubled spaces")
            fixed = _DOUBLE_SPACE.sub(" ", fixed)
        m = _APOSTROPHE_JOIN.search(value)
        if m:
            start = len(value[: m.start()]) - len(value[: m.start()].split()[-1])
            word = _WORD_AT.match(value, start)
            shown = word.group() if word else value[start : m.end() + 1]
            problems.append(f"two words joined by an apostrophe in '{shown}'")
        unbalanced = _unbalanced(value)
        if unbalanced:
            problems.append(f"an unbalanced '{unbalanced}'")
        if not problems:
            continue
        fix = (
            f"{name} = {{{fixed}}}"
            if fixed != value
            else "correct the text (a missing letter, space or closing mark?)"
        )
        yield Finding(f"{name} has {'; '.join(problems)}", fix=fix, line=line, column=column)


def _around(text: str, at: int, width: int = 12) -> str:
    start = text.rfind(" ", 0, max(at - width, 0)) + 1
    end = text.find(" ", min(at + width, len(text)))
    return text[start : end if end >= 0 else len(text)].strip()


def _unbalanced(text: str) -> str | None:
    for opening, closing in _PAIRS:
        if text.count(opening) != text.count(closing):
            return opening if text.count(opening) > text.count(closing) else closing
    plain = text.replace('\\"', "")
    if plain.count('"') % 2:
        return '"'
    return None
