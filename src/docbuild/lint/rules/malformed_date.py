"""B004 malformed-date: a year, date or month that is not one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.dates import month_of, parse_edtf, standard_month
from docbuild.bib.model import BibEntry
from docbuild.bib.values import MONTH_MACROS, MONTH_NAMES
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

YEAR_WORDS = frozenset({"in press", "forthcoming"})  # what a `year` may say instead
_YEAR = re.compile(r"\d{4}")
_NUMBER = re.compile(r"\d+")
_YEARS = re.compile(r"(\d{4})\s*(?:-{1,2}|–|/)\s*(\d{4})")
_MONTH = "|".join(MONTH_NAMES) + "|" + "|".join(m + r"\.?" for m in MONTH_MACROS) + "|sept\\.?"
_Y_M_D = re.compile(r"(\d{4})[\s,./-]+(\d{1,2})(?:[\s,./-]+(\d{1,2}))?")
_Y_MONTH_D = re.compile(rf"(\d{{4}}),?\s+({_MONTH})(?:\s+(\d{{1,2}}))?", re.IGNORECASE)
_MONTH_D_Y = re.compile(rf"({_MONTH})\s+(?:(\d{{1,2}}),?\s+)?(\d{{4}})", re.IGNORECASE)
_D_MONTH_Y = re.compile(rf"(\d{{1,2}})\s+({_MONTH}),?\s+(\d{{4}})", re.IGNORECASE)
# Hand-written dates, in the order they are tried, with the groups of year, month and day.
_FORMS = (
    (_Y_MONTH_D, (1, 2, 3)),
    (_MONTH_D_Y, (3, 1, 2)),
    (_D_MONTH_Y, (3, 2, 1)),
    (_Y_M_D, (1, 2, 3)),
)


@rule("B004", "malformed-date", Severity.ERROR)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """`year` is four digits, `date` (and `urldate`) ISO 8601 / EDTF, `month` 1–12, `jan`…`dec`
    or a month's name in any common spelling (`{Sep}`, `{September}`, `Sept.`): docbuild's
    CSL-JSON (build/refs.json, which pandoc renders) holds such a month as its number, so it
    prints wherever the style prints months. A month that is no month (`{7 - 9 apr}`,
    `{Forthcoming}`) is lost. A whole name in lower case (`{september}`, as the seed article
    printed it) is info: docbuild prints it capitalized, BibTeX styles as written.

    PASS: @article{javed2022, date = {2022-02-23}}
    PASS: @techreport{khan2018, year = {2018}, month = {October}}
    FAIL: @article{javed2022, date = {2022, 2 23}}
    FAIL: @online{kaura2018, year = {2018}, month = {Forthcoming}, url = {https://mei.edu/}}
    """
    for f in entry.fields:
        name = f.name.lower()
        value = f.value.strip()
        if name == "year":
            if _YEAR.fullmatch(value) or value.lower() in YEAR_WORDS:
                continue
            guess = guess_date(value)
            if guess and len(guess) > 4:
                fix = f"date = {{{guess}}}"
            elif guess:
                fix = f"year = {{{guess}}}"
            else:
                fix = None
            yield Finding(f"year '{value}' is not a year", fix=fix, line=f.line, column=f.column)
        elif name == "urldate":
            if parse_edtf(value) is None:
                guess = guess_date(value)
                yield Finding(
                    f"urldate '{value}' is not an ISO date",
                    fix=f"urldate = {{{guess}}}" if guess else "write it as YYYY-MM-DD",
                    line=f.line,
                    column=f.column,
                    severity=Severity.WARNING,
                )
        elif name == "date":
            if parse_edtf(value) is not None:
                continue
            guess = guess_date(value)
            yield Finding(
                f"date '{value}' is not a valid date",
                fix=f"date = {{{guess}}}" if guess else "write the date as YYYY-MM-DD",
                line=f.line,
                column=f.column,
            )
        elif name == "month":
            if standard_month(f) is not None:
                continue
            number = month_of(value)
            if number is not None:
                word = value.strip("{}").strip()
                if word in MONTH_NAMES:  # a whole name, all lower case, as a literal
                    yield Finding(
                        f"month '{word}' is written in lower case: docbuild prints "
                        f"'{word.capitalize()}', but BibTeX styles print it as written",
                        fix=f"month = {MONTH_MACROS[number - 1]}",
                        line=f.line,
                        column=f.column,
                        severity=Severity.INFO,
                    )
                continue
            yield Finding(
                f"month '{value}' is not a month",
                fix="write the month as a number (1–12) or jan … dec",
                line=f.line,
                column=f.column,
            )


def guess_date(text: str) -> str | None:
    """An ISO date for common hand-written forms ("2022, 2 23", "November 30, 2021"), if clear."""
    text = text.strip()
    m = _YEARS.fullmatch(text)
    if m and int(m[1]) < int(m[2]):
        return f"{m[1]}/{m[2]}"  # an EDTF interval
    candidates: list[tuple[str, str, str | None]] = []
    for pattern, (y, mo, d) in _FORMS:
        m = pattern.fullmatch(text)
        if m:
            candidates.append((m[y], m[mo], m[d]))
    for year, month_text, day in candidates:
        month = month_of(month_text)
        if month is None or not 1 <= month <= 12:
            continue
        iso = f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        if parse_edtf(iso) is not None:
            return iso
    m = _YEAR.search(text)
    if m and len(_NUMBER.findall(text)) == 1 and not any(c.isalpha() for c in text):
        return m.group()
    return None
