"""Citations that Manubot resolves from identifiers, not from a .bib file. Pure.

A Manubot manuscript cites `@doi:10.1038/x`, `@arxiv:2101.11986`, `@pmid:...`, `@isbn:...`,
`@url:https://...`, or a short key with a citation tag, a line `[@key]: doi:10.1038/x` (pandoc
reads that line as a link definition and drops it, so the tags are read from the text). Such a
citation is resolved, in this order, from the author's `manual-references.json` (CSL items,
as Manubot reads it), and from the verification lock, where `doit verify-refs` keeps what
Crossref says about each DOI (under the key `doi:<the DOI>`). What neither has is one finding
naming the key (lint rule M001). A key with no source (`@vapnik1991principles`) is Manubot's
`raw:` key: a manual item of that id answers it, and the bibliography what none does. Keys
that stand for one identifier (Manubot's standard id) are one work: one item, under the key
cited first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Annotations only: `doit` task creators look up MANUAL_REFERENCES here on every call.
    from docbuild.crossref.work import Work

# Manubot's citation sources, as its citekeys spell them.
SOURCES = ("doi", "arxiv", "pmid", "pmcid", "isbn", "url", "wikidata")
MANUAL_REFERENCES = "manual-references.json"  # Manubot's file of hand-written CSL items
_TAG = re.compile(r"^\[@(?P<key>[^\]\s]+)\]:[ \t]*(?P<target>\S+)[ \t]*$", re.M)
_SOURCE = re.compile(r"^(?P<source>[A-Za-z]+):(?P<ident>.+)$")

# Work.type (Crossref's) -> CSL's type, where they differ.
_CSL_TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "book-chapter": "chapter",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "dissertation": "thesis",
}


def citation_tags(texts: Iterable[tuple[Path, str]]) -> dict[str, str]:
    """`[@key]: target` lines: key -> target (`doi:10.x`, `https://...`, `isbn:...`)."""
    out: dict[str, str] = {}
    for _, text in texts:
        for m in _TAG.finditer(text):
            out.setdefault(m["key"], m["target"])
    return out


def has_tags(text: str) -> bool:
    return "]:" in text and _TAG.search(text) is not None


def without_tags(text: str) -> str:
    """The text with each block of `[@key]: target` lines blanked (the line numbers kept), as
    Manubot drops them: they define keys, and pandoc would print them as citations followed
    by their targets. A tag line inside a paragraph is left alone (it is not a definition)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not _TAG.match(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _TAG.match(lines[j]):
            j += 1
        if (i == 0 or not lines[i - 1].strip()) and (j == len(lines) or not lines[j].strip()):
            lines[i:j] = [""] * (j - i)
        i = j
    return "\n".join(lines)


def standard_id(key: str, tags: Mapping[str, str]) -> str | None:
    """The Manubot identifier a citation key stands for (`doi:` in lower case, a bare URL as
    `url:`), or None when the key is an ordinary .bib key."""
    target = tags.get(key, key)
    if target.startswith(("http://", "https://")):
        return "url:" + target
    m = _SOURCE.match(target)
    if m is None or m["source"].lower() not in SOURCES:
        return None
    source = m["source"].lower()
    if source == "doi":
        from docbuild.bib.doi import doi_key  # its patterns compile on import: only when cited

        return "doi:" + doi_key(m["ident"])
    return f"{source}:{m['ident']}"


def raw_id(key: str) -> str:
    """Manubot's standard id of a key with no source it knows, `raw:<key>`: how a plain key
    (`@vapnik1991principles`) finds its manual-references.json item."""
    return key if key.startswith("raw:") else "raw:" + key


def manual_ids(item: Mapping[str, object]) -> list[str]:
    """The citation ids a manual-references.json item answers to: its `id` as written and as
    Manubot standardises it (a bare URL is `url:...`, a plain id `raw:...`)."""
    ident = str(item.get("id", ""))
    out = [ident] if ident else []
    standard = standard_id(ident, {}) or (raw_id(ident) if ident else None)
    if standard and standard not in out:
        out.append(standard)
    return out


def work_to_csl(work: Work, ident: str) -> dict[str, object]:
    """What the lock keeps of a work, as a CSL-JSON item with id `ident`."""
    item: dict[str, object] = {
        "id": ident,
        "type": _CSL_TYPES.get(work.type, work.type or "article"),
        "title": work.title + (f": {work.subtitle}" if work.subtitle else ""),
        "DOI": work.doi,
    }
    if work.authors:
        item["author"] = [
            {"family": a.family, "given": a.given} if a.given else {"literal": a.family}
            for a in work.authors
        ]
    if work.container:
        item["container-title"] = work.container
    issued = work.issued or work.online or work.print
    if issued:
        item["issued"] = {"date-parts": [[int(part) for part in issued.split("-")[:3]]]}
    return item


@dataclass(frozen=True, slots=True)
class ManubotCitations:
    items: tuple[dict[str, object], ...]  # CSL items, one a work, its id the first key citing it
    missing: tuple[tuple[str, str], ...]  # (key, identifier) of those nothing resolves
    # (key, the item's id) of each other key citing a work: `[@carberry2008]: doi:10.x` and
    # `@doi:10.x` are one work (Manubot's standard id), printed once under one key
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def resolved(self) -> frozenset[str]:
        """Every key cited that an item answers to, as the author wrote it."""
        return frozenset([*(str(item["id"]) for item in self.items), *dict(self.renamed)])


def resolve_citations(
    keys: Sequence[str],
    tags: Mapping[str, str],
    manual: Sequence[Mapping[str, object]],
    works: Mapping[str, Work],
) -> ManubotCitations:
    """CSL items for the Manubot citations among `keys`, one for each standard id (as Manubot
    makes one reference of every key that stands for the same identifier), and the (key,
    identifier) pairs nothing resolves. `works`: the lock's records, by `doi:<doi>`."""
    by_id: dict[str, Mapping[str, object]] = {}
    for item in manual:
        for ident in manual_ids(item):
            by_id.setdefault(ident, item)
    works_of: dict[str, list[str]] = {}  # standard id -> the keys citing it, in order
    for key in dict.fromkeys(keys):
        standard = standard_id(key, tags)
        if standard is None and raw_id(key) in by_id:
            # Manubot reads a key without a source as `raw:<key>`, a manual item's
            standard = raw_id(key)
        if standard is not None:
            works_of.setdefault(standard, []).append(key)
    items: list[dict[str, object]] = []
    missing: list[tuple[str, str]] = []
    renamed: list[tuple[str, str]] = []
    for standard, cited in works_of.items():
        found = next(
            (
                hit
                for key in cited
                for hit in (by_id.get(key), by_id.get(tags.get(key, key)), by_id.get(standard))
                if hit is not None
            ),
            None,
        )
        first = cited[0]
        if found is not None:
            items.append({**found, "id": first})
        elif standard in works:
            items.append(work_to_csl(works[standard], first))
        else:
            missing.extend((key, standard) for key in cited)
            continue
        renamed.extend((key, first) for key in cited[1:])
    return ManubotCitations(tuple(items), tuple(missing), tuple(renamed))
