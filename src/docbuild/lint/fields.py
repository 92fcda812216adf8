"""Shared, precompiled helpers for reading entry fields: years, dates, months, DOIs, plain text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from docbuild.bib.model import BibEntry, BibField, ValueKind
from docbuild.bib.values import MONTH_MACROS, MONTH_NAMES

YEAR_VALUE = re.compile(r"\d{4}")
YEAR_WORDS = frozenset({"in press", "forthcoming"})
# ISO 8601 / EDTF level 0 and 1: 2019, 2019-05, 2019-05-17, 2019-21 (season), with ?, ~ or %,
# and a time after a full date.
_EDTF_PART = re.compile(
    r"(?P<y>-?\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?[?~%]?"
)
DOI = re.compile(r"10\.\d{4,9}/\S+")
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\.org/)", re.IGNORECASE)
_LATEX_ACCENT = re.compile(r"\\[`'^\"~=.uvHcdbkrt]\s*\{?\s*([A-Za-z])\s*\}?")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\s*")
_NON_LETTER = re.compile(r"[^a-z]")


def field_year(entry: BibEntry) -> tuple[int | None, BibField | None]:
    """The entry's year from `year`, else from `date`, with the field it came from."""
    for name in ("year", "date"):
        f = entry.get(name)
        if f is not None:
            m = YEAR_VALUE.match(f.value.strip())
            if m:
                return int(m.group()), f
    return None, None


def entry_year(entry: BibEntry) -> int | None:
    return field_year(entry)[0]


def parse_edtf(value: str) -> tuple[tuple[int, int | None, int | None], ...] | None:
    """The (year, month, day) of each end of an ISO 8601 / EDTF date or range; None if invalid."""
    text = value.strip()
    if not text:
        return None
    parts = text.split("/")
    if len(parts) > 2:
        return None
    out: list[tuple[int, int | None, int | None]] = []
    for part in parts:
        if part in ("", "..") and len(parts) == 2:
            continue
        m = _EDTF_PART.fullmatch(part)
        if m is None:
            return None
        year = int(m["y"])
        month = int(m["m"]) if m["m"] else None
        day = int(m["d"]) if m["d"] else None
        if month is not None and not (1 <= month <= 12 or (21 <= month <= 24 and day is None)):
            return None
        if day is not None and month is not None:
            try:
                dt.date(max(year, 1), month, day)
            except ValueError:
                return None
        out.append((year, month if month is not None and month <= 12 else None, day))
    return tuple(out) if out else None


def month_number(f: BibField) -> int | None:
    """The month of a `month` field written in a standard form (1–12 or a bare `sep`)."""
    value = f.value.strip()
    if value.isdigit() and len(value) <= 2 and 1 <= int(value) <= 12:
        return int(value)
    raw = (f.raw or value).strip().lower()
    if f.kind is ValueKind.BARE and raw in MONTH_MACROS:
        return MONTH_MACROS.index(raw) + 1
    return None


def guess_month(text: str) -> int | None:
    """The month a non-standard spelling means (`september`, `Sept.`, `{sep}`), if any."""
    word = text.strip().strip("{}.").lower()
    if len(word) < 3:
        return None
    for i, name in enumerate(MONTH_NAMES):
        if name.startswith(word) or (word.startswith(name[:3]) and name.startswith(word[:4])):
            return i + 1
    return None


def bare_doi(value: str) -> str:
    """The DOI without a resolver prefix, `doi:` or spaces: what the `doi` field should hold."""
    text = DOI_PREFIX.sub("", value.strip())
    return re.sub(r"\s+", "", text)


def plain(text: str) -> str:
    """Field text without LaTeX accents, commands and braces (for comparisons, not printing)."""
    if "\\" in text:
        text = _LATEX_ACCENT.sub(r"\1", text)
        text = _LATEX_COMMAND.sub("", text)
    return text.replace("{", "").replace("}", "")


def fold(text: str) -> str:
    """Lower-case ASCII letters only: `M{\\"u}ller` and `Müller` both become `muller`."""
    text = plain(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_LETTER.sub("", text.lower())


# Newspapers and magazines: their articles have no DOI and no volume or pages to print.
NEWS = frozenset(
    " ".join(name.split())
    for name in [
        "the guardian",
        "the new york times",
        "new york times",
        "the washington post",
        "washington post",
        "\n    the economist",
        "the diplomat",
        "dawn",
        "the express tribune",
        "express tribune",
        "the news",
        "\n    the news international",
        "the nation",
        "the hindu",
        "the times of india",
        "hindustan times",
        "\n    financial times",
        "the financial times",
        "the wall street journal",
        "wall street journal",
        "reuters",
        "\n    associated press",
        "bbc news",
        "al jazeera",
        "bloomberg",
        "foreign policy",
        "time",
        "newsweek",
        "the atlantic",
        "\n    the new yorker",
        "politico",
        "the independent",
        "the telegraph",
        "le monde",
        "der spiegel",
        "nikkei asia",
        "\n    south china morning post",
        "the moscow times",
        "tass",
        "ria novosti",
        "voice of america",
        "\n    radio free europe/radio liberty",
        "the friday times",
        "arab news",
        "gulf news",
    ]
)
_NEWS_SUBTYPES = frozenset({"newspaper", "magazine", "news", "blog"})


def is_news(entry: BibEntry) -> bool:
    """A newspaper, magazine or blog article (by `entrysubtype` or a well-known title)."""
    subtype = (entry.value("entrysubtype") or "").strip().lower()
    if subtype in _NEWS_SUBTYPES:
        return True
    container = entry.value("journal") or entry.value("journaltitle")
    return container is not None and " ".join(plain(container).lower().split()) in NEWS
