"""Newspapers, magazines and blogs: their articles have no DOI and no volume or pages."""

from __future__ import annotations

from docbuild.bib.fold import fold_words
from docbuild.bib.model import BibEntry

# Newspapers and magazines known by name (compared folded: `The Diplomat.` is one of them).
NEWS = frozenset(
    fold_words(name)
    for name in [
        "the guardian",
        "the new york times",
        "new york times",
        "the washington post",
        "washington post",
        "the economist",
        "the diplomat",
        "dawn",
        "the express tribune",
        "express tribune",
        "the news",
        "the news international",
        "the nation",
        "the hindu",
        "the times of india",
        "hindustan times",
        "financial times",
        "the financial times",
        "the wall street journal",
        "wall street journal",
        "reuters",
        "associated press",
        "bbc news",
        "al jazeera",
        "bloomberg",
        "foreign policy",
        "time",
        "newsweek",
        "the atlantic",
        "the new yorker",
        "politico",
        "the independent",
        "the telegraph",
        "le monde",
        "der spiegel",
        "nikkei asia",
        "south china morning post",
        "the moscow times",
        "tass",
        "ria novosti",
        "voice of america",
        "radio free europe/radio liberty",
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
    return container is not None and fold_words(container) in NEWS
