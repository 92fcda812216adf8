"""M005 anachronism: a source cited for events later than the source itself."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence

from docbuild.bib.dates import entry_year
from docbuild.bib.values import MONTH_NAMES
from docbuild.cite.keys import Citation
from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.citations import Outcome
from docbuild.lint.rule import Finding, LintContext, Scope, rule

_YEAR = re.compile(r"(?<![\w.$€£/,-])(1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)")
_FORECAST = re.compile(
    r"\b(?:by|until|till|through|before|towards?|to|vision|agenda|horizon)\s+(?:the\s+end\s+of\s+)?$",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b([A-Z][\w-]*)\s+$")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”]*”|(?<!\w)\*[^*\n]+\*(?!\w)|(?<!\w)_[^_\n]+_(?!\w)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\[[^\]]*@[^\]]*\]")
_CITATION_YEAR = re.compile(r"[a-z]?\s*[);]")
_AFTER_COMMA = re.compile(r",\s*$")
_MONTHS = frozenset(m.capitalize() for m in MONTH_NAMES) | {"In", "On", "Since", "From", "Of"}
# Where a sentence ends: its full stop (not an initial's or a decimal's) and the space after.
_SENTENCE_END = re.compile(r"(?<=[a-z)\]][.!?])\s+(?=[A-Z])")


@rule("M005", "anachronism", Severity.WARNING, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """A paragraph that speaks of a year cites sources from that year or later. Forecasts
    ("by 2030"), years in quotes, titles and names ("Vision 2030") do not count, nor a year
    that a work cited in its own sentence is as new as ("In 2021, Yao published a review
    [@yao2021]"): that sentence has its source, and the paragraph's older works are cited
    for its other sentences.

    PASS: In August 2021 the withdrawal ended (Sheikh, 2023).
          @article{sheikh2023, author = {Sheikh, A.}, title = {Kabul}, year = {2023}}
    FAIL: In August 2021 the withdrawal ended (Hussain, 2012).
          @article{hussain2012, author = {Hussain, N.}, title = {Kabul}, year = {2012}}
    """
    citations = ctx.citations_by_paragraph.get(paragraph.index, ())
    if not citations or paragraph.heading:
        return
    text = paragraph.text
    if not any(c.isdigit() for c in text):
        return
    masked = list(text)
    for c in citations:
        masked[c.offset : c.end] = " " * (c.end - c.offset)
    clean = "".join(masked)
    clean = _QUOTED.sub(lambda m: " " * len(m.group()), clean)
    clean = _LINK_TARGET.sub(lambda m: " " * len(m.group()), clean)
    newest_cited = _newest_cited_by_sentence(text, citations, ctx)
    latest = 0
    for m in _YEAR.finditer(clean):
        if _CITATION_YEAR.match(clean, m.end()) and (
            clean[m.start() - 1 : m.start()] == "(" or _AFTER_COMMA.search(clean, 0, m.start())
        ):
            continue  # "the WHO (2020) report", "(Some Agency, 2020)": a citation's year
        before = clean[max(0, m.start() - 30) : m.start()]
        if _FORECAST.search(before):
            continue
        cap = _CAPITALISED.search(before)
        if cap and cap.group(1) not in _MONTHS:
            continue  # "Vision 2030", "Agenda 2063": a name
        if int(m.group(1)) <= newest_cited(m.start()):
            continue  # "Between 2014 and 2019, ... [@pti2019]": its own sentence's source
        latest = max(latest, int(m.group(1)))
    if not latest:
        return
    for c in citations:
        resolution = ctx.resolutions[c]
        if resolution.outcome is not Outcome.CITED:
            continue
        for key in resolution.keys[:1]:
            year = entry_year(ctx.entries_by_key[key])
            if year is not None and year < latest:
                yield Finding(
                    f"source '{key}' from {year} is cited in a paragraph about {latest}",
                    fix=f"cite a source from {latest} or later for these events",
                    line=c.line,
                    column=c.column,
                    key=key,
                )


def _newest_cited_by_sentence(
    text: str, citations: Sequence[Citation], ctx: LintContext
) -> Callable[[int], int]:
    """For an offset in `text`, the year of the newest work cited in its sentence (0: none)."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    newest = [0] * len(ends)
    for c in citations:
        resolution = ctx.resolutions[c]
        if resolution.outcome is not Outcome.CITED:
            continue
        at = bisect_left(ends, c.offset)
        for key in resolution.keys:
            entry = ctx.entries_by_key.get(key)
            if entry is not None and (year := entry_year(entry)) is not None:
                newest[at] = max(newest[at], year)
    return lambda offset: newest[bisect_left(ends, offset)]
