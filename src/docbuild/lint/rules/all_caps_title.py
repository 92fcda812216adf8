"""B010 all-caps-title: a title typed in capitals."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docbuild.bib.braces import mask
from docbuild.bib.model import BibEntry
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext, rule

# Not journals: some are named in capitals (PLOS ONE).
FIELDS = ("title", "subtitle", "booktitle")
_WORD = re.compile(r"[^\W\d_]{3,}")
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "upon",
        "via",
        "with",
    ]
)


@rule("B010", "all-caps-title", Severity.WARNING)
def check(entry: BibEntry, ctx: LintContext) -> Iterator[Finding]:
    """Titles are typed in title or sentence case: the style decides the case, and it cannot
    lower capitals back. Braced words (`{NATO}`) are kept as written and do not count,
    unless every word is braced in capitals (`{THE} {IMBALANCE} {OF} {NATURE}`: Zotero's
    export of a title in capitals).

    PASS: @article{khan2018, title = {Pak-Russian Relations: Historical Legacies and New Beginning}}
    FAIL: @article{khan2018, title = {PAK-RUSSIAN RELATIONS: HISTORICAL LEGACIES AND NEW BEGINNING}}
    """
    for f in entry.fields:
        if f.name.lower() not in FIELDS:
            continue
        text = mask(f.value)  # braced words are written as intended
        words = _WORD.findall(text)
        if len(words) < 2:
            # Zotero braces each capitalised word: `{THE} {IMBALANCE} {OF} {NATURE}` is a
            # title typed in capitals, not four acronyms.
            words = _WORD.findall(f.value.replace("{", " ").replace("}", " "))
            if len(words) < 3:
                continue
        if all(w.isupper() for w in words):
            yield Finding(
                f"{f.name.lower()} '{f.value.strip()}' is in capitals",
                fix=f"{f.name.lower()} = {{{title_case(f.value.strip())}}}",
                line=f.line,
                column=f.column,
            )


def title_case(text: str) -> str:
    """A title-case suggestion for a capitalised title (acronyms need a human eye)."""
    out: list[str] = []
    for i, word in enumerate(re.split(r"(\s+)", text)):
        if not word.strip():
            out.append(word)
            continue
        lower = word.lower()
        if i > 0 and lower in _SMALL and not out[-2].endswith(":"):
            out.append(lower)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in lower.split("-")))
    return "".join(out)
