"""B011 page-range: pages that will print wrongly: `pp.` inside, reversed, or not pages at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

_PP = re.compile(r"^\s*pp?\.\s*", re.IGNORECASE)
_COLUMN = re.compile(r"^\s*(?:cols?\.|columns?\b)\s*", re.IGNORECASE)
_RANGE = re.compile(r"([A-Za-z]?)(\d+)\s*(-{1,3}|–|—)\s*([A-Za-z]?)(\d+)")
_ISSN = re.compile(r"\d{4}\s*-{1,2}\s*\d{3}[\dXx]")  # `1573--756X`: the journal's ISSN
_ARTICLE_ID = re.compile(r"\d{9,}")  # `201423041`, `027836492098785`: ids (`083615` is a page)
_SAME = re.compile(r"(\S+?)\s*(?:-{1,3}|–|—)\s*\1")  # `431--431`
_DESIGNATION = re.compile(r"([A-Z]{2,})\s*-{1,3}\s*(\d+)")  # `IS--9`: one page called IS-9


@rule("B011", "page-range", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Pages hold page numbers, run forwards, and carry no `pp.` (the style adds it). A single
    hyphen or an abbreviated range (`366--9`) is fine: the style prints the range its way; an
    abbreviation that runs backwards (`280--30`) is reversed, and a letter page keeps its
    letter's case (ADS's `L117--l120`).

    PASS: @article{khan2019, pages = {89-104}}
    FAIL: @article{khan2019, pages = {pp. 89--104}}
    FAIL: @article{baniecki2023, pages = {1573--756X}}
    """
    f = entry.get("pages")
    judged = _judge(f.value.strip()) if f is not None else None
    if f is not None and judged is not None:
        message, fix, severity = judged
        yield Finding(message, fix=fix, line=f.line, column=f.column, severity=severity)


Judgement = tuple[str, str | None, Severity | None]  # message, fix, severity (None: default)
_LOOK_UP = "take the pages from the article (or leave pages out)"


def _judge(value: str) -> Judgement | None:
    for label, what in ((_PP, "'pp.'"), (_COLUMN, "a column label")):
        if label.match(value):
            fix = f"pages = {{{label.sub('', value)}}}"
            if label is _COLUMN:
                fix += " and bookpagination = {column}"
            # `pp.` prints twice ("pp. pp. 89"); a column label is a biblatex option's job.
            return f"pages '{value}' contains {what}", fix, Severity.ERROR if label is _PP else None
    if _ISSN.fullmatch(value) and value[-1] in "Xx":
        return f"pages '{value}' is an ISSN, not pages", _LOOK_UP, Severity.ERROR
    if _ARTICLE_ID.fullmatch(value):
        fix = "put the page range in pages (or the article number in eid)"
        return f"pages '{value}' is an article number or id, not pages", fix, None
    designation = _DESIGNATION.fullmatch(value)
    if designation:
        fixed = f"{designation.group(1)}-{designation.group(2)}"
        message = f"pages '{value}' is one page designation, which prints as a range"
        return message, f"pages = {{{{{fixed}}}}}", Severity.INFO
    same = _SAME.fullmatch(value)
    if same:
        message = f"page range '{value}' starts and ends on the same page"
        return message, f"pages = {{{same.group(1)}}}", Severity.INFO
    m = _RANGE.fullmatch(value)
    if m is None:
        return None
    start, first, dash, end, last = m.groups()
    if last.startswith("0") and not first.startswith("0"):
        return f"pages '{value}' is a number with a leading zero, not a page range", _LOOK_UP, None
    # `104--9` abbreviates 104–109; `280--30` would be 280–230, reversed even so.
    whole = first[: len(first) - len(last)] + last if len(last) < len(first) else last
    if _less(whole, first):
        return f"page range '{value}' is reversed", None, None
    if start and end and start != end and start.lower() == end.lower():
        # ADS's `L117--l120`: the letter is part of the page number and prints as typed.
        fixed = f"{start}{first}{dash}{start}{last}"
        return (
            f"page range '{value}' writes its letter '{start}' as '{end}'",
            f"pages = {{{fixed}}}",
            None,
        )
    return None


def _less(a: str, b: str) -> bool:
    """`int(a) < int(b)` for digit strings of any length (int() refuses 4,300+ digits)."""
    a, b = a.lstrip("0") or "0", b.lstrip("0") or "0"
    return (len(a), a) < (len(b), b)
