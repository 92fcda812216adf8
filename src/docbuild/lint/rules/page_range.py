"""B011 page-range: a page range written with a single hyphen, reversed, or with `pp.`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

_PP = re.compile(r"^\s*pp?\.\s*", re.IGNORECASE)
_RANGE = re.compile(r"([A-Za-z]?)(\d+)\s*(-{1,3}|–|—)\s*([A-Za-z]?)(\d+)")


@rule("B011", "page-range", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Page ranges use an en dash (`--` in BibTeX), run forwards, and carry no `pp.`.

    PASS: @article{khan2019, pages = {89--104}}
    FAIL: @article{khan2019, pages = {89-104}}
    """
    f = entry.get("pages")
    if f is None:
        return
    value = f.value.strip()
    text = value
    problems: list[str] = []
    if _PP.match(text):
        text = _PP.sub("", text)
        problems.append(f"pages '{value}' contains 'pp.'")
    m = _RANGE.fullmatch(text)
    if m is None:
        if problems:
            yield Finding(problems[0], fix=f"pages = {{{text}}}", line=f.line, column=f.column)
        return
    pre1, first, dash, pre2, last = m.groups()
    fixed_last = last
    if _less(last, first) and len(last) < len(first):
        fixed_last = first[: len(first) - len(last)] + last  # "104-9" means 104–109
    if _less(fixed_last, first):
        problems.append(f"page range '{text}' is reversed")
        fix = None
    else:
        if fixed_last != last:
            problems.append(f"page range '{text}' is abbreviated")
        if dash == "-":
            problems.append(f"page range '{text}' uses a hyphen")
        fix = f"pages = {{{pre1}{first}--{pre2}{fixed_last}}}"
    if problems:
        message = problems[0] if len(problems) == 1 else "; ".join(problems)
        yield Finding(message, fix=fix, line=f.line, column=f.column)


def _less(a: str, b: str) -> bool:
    """`int(a) < int(b)` for digit strings of any length (int() refuses 4,300+ digits)."""
    a, b = a.lstrip("0") or "0", b.lstrip("0") or "0"
    return (len(a), a) < (len(b), b)
