"""Look-ups and searches over the stand-in's records: by DOI, by arXiv id, by words.

Pure and deliberately simple: a search ranks every record that shares a word with each field
query by the Dice overlap of their words, as a stand-in for the registries' relevance ranking.
Like Crossref, it nearly always returns *something* for a bibliographic query, so a client must
judge the candidates, not their presence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .records import Registry, WorkRecord

_WORD = re.compile(r"[0-9a-z]+")
# Words too common to say anything about a match.
STOPWORDS = frozenset(
    "a an and are as at by for from in into is it its of on or the to via with without".split()  # noqa: SIM905
)
NEW_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}")
OLD_ARXIV_ID = re.compile(r"[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}")
_VERSION = re.compile(r"v\d+$")
_DOI_URL = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)


def words(text: str) -> frozenset[str]:
    """Lower-case words, accents and stop words dropped: "Müller's GANs" -> {muller, s, gans}."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return frozenset(w for w in _WORD.findall(folded) if w not in STOPWORDS)


def bare_doi(doi: str) -> str:
    return _DOI_URL.sub("", doi.strip()).lower()


def bare_arxiv_id(arxiv_id: str) -> str:
    """ "arXiv:2101.11986v3" -> "2101.11986"."""
    text = arxiv_id.strip()
    if text.lower().startswith("arxiv:"):
        text = text[len("arxiv:") :]
    return _VERSION.sub("", text)


def is_arxiv_id(text: str) -> bool:
    bare = bare_arxiv_id(text)
    return bool(NEW_ARXIV_ID.fullmatch(bare) or OLD_ARXIV_ID.fullmatch(bare))


@dataclass(frozen=True, slots=True)
class _Entry:
    record: WorkRecord
    title: frozenset[str]
    authors: frozenset[str]
    everything: frozenset[str]  # title, authors, year and venue: what query.bibliographic sees


@dataclass(frozen=True, slots=True)
class Query:
    """Field queries, ANDed: a record must share a word with every one that is not empty."""

    bibliographic: str = ""
    title: str = ""
    author: str = ""

    def fields(self) -> list[tuple[str, frozenset[str]]]:
        return [
            (name, words(text))
            for name, text in (
                ("bibliographic", self.bibliographic),
                ("title", self.title),
                ("author", self.author),
            )
            if text.strip()
        ]


class RecordIndex:
    def __init__(self, records: Iterable[WorkRecord]) -> None:
        self.records: tuple[WorkRecord, ...] = tuple(records)
        self._entries = [self._entry(r) for r in self.records]
        self._by_doi: dict[str, WorkRecord] = {}
        self._by_arxiv: dict[str, WorkRecord] = {}
        for r in self.records:
            if r.doi:
                self._by_doi.setdefault(r.doi.lower(), r)
            if r.arxiv_id:
                self._by_arxiv.setdefault(bare_arxiv_id(r.arxiv_id), r)

    @staticmethod
    def _entry(r: WorkRecord) -> _Entry:
        title = words(r.title)
        authors = frozenset(w for a in r.authors for w in words(a.display))
        extra = words(f"{r.year or ''} {r.venue}")
        return _Entry(r, title, authors, title | authors | extra)

    def by_doi(self, doi: str) -> WorkRecord | None:
        return self._by_doi.get(bare_doi(doi))

    def by_arxiv_id(self, arxiv_id: str) -> WorkRecord | None:
        return self._by_arxiv.get(bare_arxiv_id(arxiv_id))

    def search(
        self,
        query: Query,
        *,
        registries: frozenset[Registry] | None = None,
        arxiv_only: bool = False,
    ) -> list[tuple[WorkRecord, float]]:
        """Every matching record with its score (0 to 1 per field query), best first; ties keep
        the records' order."""
        fields = query.fields()
        if not fields or any(not q for _, q in fields):
            return []
        hits: list[tuple[WorkRecord, float]] = []
        for e in self._entries:
            r = e.record
            if registries is not None and r.registry not in registries:
                continue
            if arxiv_only and not r.arxiv_id:
                continue
            score = 0.0
            for name, q in fields:
                target = {"bibliographic": e.everything, "title": e.title, "author": e.authors}[
                    name
                ]
                shared = len(q & target)
                if shared == 0:
                    break
                score += 2 * shared / (len(q) + len(target))
            else:
                hits.append((r, score / len(fields)))
        hits.sort(key=lambda h: -h[1])
        return hits


_ARXIV_TERM = re.compile(r'(ti|au|abs|all|co|jr|cat|rn|id):(?:"([^"]*)"|(\S+))')


def arxiv_query(search_query: str) -> Query:
    """`ti:"attention is all" AND au:vaswani` -> Query(title=..., author=...). Boolean words are
    ignored (all terms count as ANDed); abstracts are not kept, so `abs:` searches titles."""
    parts: dict[str, list[str]] = {"title": [], "author": [], "bibliographic": []}
    for m in _ARXIV_TERM.finditer(search_query):
        field, value = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
        value = value.strip("()")
        if field in ("ti", "abs"):
            parts["title"].append(value)
        elif field == "au":
            parts["author"].append(value.replace("_", " "))
        elif field == "all":
            parts["bibliographic"].append(value)
    return Query(
        bibliographic=" ".join(parts["bibliographic"]),
        title=" ".join(parts["title"]),
        author=" ".join(parts["author"]),
    )
