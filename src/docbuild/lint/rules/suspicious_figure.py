"""M006 suspicious-figure: sums that lost their magnitude, figures that disagree, stray `\\`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.cite.manuscript import Paragraph
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, Scope, rule

_MONEY = re.compile(
    r"(?P<cur>US\$|\$|€|£|¥|₹|\bRs\.?\s?|\bPKR\s?|\bUSD\s?|\bEUR\s?)"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?:\s*(?P<mag>thousand|million|billion|trillion|bn|mn|[mbk]|crore|lakh)\b)?",
    re.IGNORECASE,
)
_MAGNITUDE = r"(?:\s*(?P<mag>thousand|million|billion|trillion|bn|mn|crore|lakh)\b)?"
# "300 dollars in aid": the currency named after the number.
_MONEY_WORDS = re.compile(
    r"(?<![\d,.])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    + _MAGNITUDE
    + r"\s+(?P<cur>(?:US\s+)?dollars|euros|pounds|rupees|yuan|yen)\b",
    re.IGNORECASE,
)
_CURRENCY_WORD = re.compile(r"dollars|euros|pounds|rupees|yuan|yen", re.IGNORECASE)
_FINANCE = (
    r"(?P<noun>aid|loans?|budgets?|trade|gdp|revenues?|investments?|debts?|assistance|funding|"
    r"grants?|package|bailout|exports?|imports?|deficit|reserves)"
)
_AFTER = re.compile(
    r"\s*(?:(?:in|of|worth|for|as|the|a|an|us|u\.s\.|american|foreign|military|economic|"
    r"financial|annual|total|development|direct|bilateral)\s+){0,3}" + _FINANCE + r"\b",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    _FINANCE
    + r"\s+(?:of|worth|totall?ing|amounting\s+to|at)"
    + r"(?:\s+(?:some|about|around|over|nearly|almost))?\s*$",
    re.IGNORECASE,
)
_BACKSLASH = re.compile(r"\\\\[$€£¥₹]|(?<!\\)\\[€£¥₹]")
SMALL = 10_000  # an amount of aid, debt or trade below this lost its "million" or "billion"


@rule("M006", "suspicious-figure", Severity.WARNING, Scope.PARAGRAPH)
def check(paragraph: Paragraph, ctx: LintContext) -> Iterator[Finding]:
    """Sums of aid, loans, budgets, trade, GDP, revenue, investment or debt carry their
    magnitude; one sum is not written both with and without it in a paragraph; no backslash
    shows before a currency sign. `$4.5 billion`, `€300,000` and `80,000 lives` are fine.

    PASS: The US suspended more than $300 million in aid.
    FAIL: The US suspended more than $300 in aid.
    """
    text = paragraph.text
    if "\\" in text:
        for m in _BACKSLASH.finditer(text):
            line, column = paragraph.position(m.start())
            shown = text[m.start() : m.end() + 6].split()[0]
            yield Finding(
                f"'{shown}' shows a backslash before the currency sign",
                fix=f"write '{shown.lstrip(chr(92))}'"
                if shown.startswith("\\\\") or shown[1] != "$"
                else None,
                line=line,
                column=column,
            )
    words = _CURRENCY_WORD.search(text) is not None
    if not words and not any(c in text for c in "$€£¥₹") and "Rs" not in text and "USD" not in text:
        return
    seen: dict[tuple[str, str], set[str]] = {}
    amounts: list[tuple[re.Match[str], str]] = []
    for money in (_MONEY, _MONEY_WORDS) if words else (_MONEY,):
        for m in money.finditer(text):
            cur = m.group("cur").strip().upper()
            mag = (m.group("mag") or "").lower()
            seen.setdefault((cur, m.group("num")), set()).add(mag)
            amounts.append((m, mag))
    amounts.sort(key=lambda pair: pair[0].start())
    for m, mag in amounts:
        line, column = paragraph.position(m.start())
        if not mag and float(m.group("num").replace(",", "")) < SMALL:
            after = _AFTER.match(text, m.end())
            before = _BEFORE.search(text, max(0, m.start() - 40), m.start())
            if after or before:
                phrase = text[m.start() : after.end()] if after else m.group()
                noun = (after or before).group("noun")  # type: ignore[union-attr]
                phrase = " ".join(phrase.split())
                yield Finding(
                    f"'{phrase}' is a small sum for {noun.lower()}; "
                    "is 'million' or 'billion' missing?",
                    fix=f"write the full figure, e.g. '{_with_million(m)}'",
                    line=line,
                    column=column,
                )
                continue
        others = seen[(m.group("cur").strip().upper(), m.group("num"))] - {mag}
        if not mag and others:
            other = sorted(others)[0]
            yield Finding(
                f"'{m.group()}' disagrees with '{m.group()} {other}' in the same paragraph",
                fix=f"write '{m.group()} {other}' or correct the other figure",
                line=line,
                column=column,
            )


def _with_million(m: re.Match[str]) -> str:
    if m.re is _MONEY_WORDS:
        return f"{m.group('num')}{m.group('dec') or ''} million {m.group('cur')}"
    return f"{m.group()} million"
