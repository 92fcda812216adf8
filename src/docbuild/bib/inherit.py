"""`crossref` and `xdata` inheritance as biber does it by default (biblatex manual, appendix
B), and as pandoc does it when it reads a `.bib` itself: a child gets each field of its
parent it lacks, some under another name (`book` → `inbook`: `title` becomes `booktitle`).

Applied to what is linted and to what becomes CSL-JSON, never to what is written back: the
user's entries keep their `crossref`, and the normalized file its shape.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docbuild.bib.model import BibEntry, BibField, Bibliography

LINKS = ("crossref", "xdata")  # the fields that name parents
# Fields no child inherits, whatever the types (biber's `\noinherit` for `*` → `*`).
_NOINHERIT = frozenset(
    {
        "ids",
        "crossref",
        "xref",
        "entryset",
        "entrysubtype",
        "execute",
        "label",
        "options",
        "presort",
        "related",
        "relatedoptions",
        "relatedstring",
        "relatedtype",
        "shorthand",
        "shorthandintro",
        "sortkey",
    }
)
_TITLE_ONLY = frozenset({"shorttitle", "sorttitle", "indextitle", "indexsorttitle"})
# How a parent's titles reach a child, by the pair of types (biber's `\DeclareDataInheritance`).
_MAIN = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
_BOOK = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
_JOURNAL = {"title": "journaltitle", "subtitle": "journalsubtitle"}
_IN_BOOK = frozenset({"inbook", "bookinbook", "suppbook"})
_IN_COLLECTION = frozenset({"incollection", "inreference", "suppcollection"})
_PAIRS: tuple[tuple[frozenset[str], frozenset[str], dict[str, str]], ...] = (
    (frozenset({"mvbook"}), frozenset({"book"}) | _IN_BOOK, _MAIN),
    (
        frozenset({"mvcollection", "mvreference"}),
        frozenset({"collection", "reference"}) | _IN_COLLECTION,
        _MAIN,
    ),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _MAIN),
    (frozenset({"book"}), _IN_BOOK, _BOOK),
    (frozenset({"collection", "reference"}), _IN_COLLECTION, _BOOK),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), _BOOK),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), _JOURNAL),
)
_KEYS = re.compile(r"[\s,]+")


def parent_keys(value: str | None) -> list[str]:
    """The keys a `crossref` or `xdata` value names (xdata takes a comma list)."""
    return [k for k in _KEYS.split(value or "") if k]


def target_names(parent_type: str, child_type: str, name: str) -> tuple[str, ...]:
    """The names under which a child of `child_type` inherits a `parent_type` field `name`."""
    if name in _NOINHERIT:
        return ()
    if name == "author" and (
        (parent_type in ("mvbook", "book") and child_type in _IN_BOOK)
        or (parent_type == "mvbook" and child_type == "book")
    ):
        return ("bookauthor", "author")
    for parents, children, titles in _PAIRS:
        if parent_type in parents and child_type in children:
            if name in _TITLE_ONLY:
                return ()
            return (titles.get(name, name),)
    return (name,)


def with_inherited(bib: Bibliography) -> Bibliography:
    """The bibliography with every child's inherited fields added after its own (each marked
    with its parent's key, and keeping the parent's line); unchanged when nothing inherits."""
    entries = bib.entries
    if not any(e.get(link) for e in entries for link in LINKS):
        return bib
    by_key = bib.by_key()
    blocks = tuple(inherit(b, by_key) if isinstance(b, BibEntry) else b for b in bib.blocks)
    return Bibliography(bib.path, blocks, bib.problems, files=bib.files)


def inherit(entry: BibEntry, by_key: dict[str, BibEntry]) -> BibEntry:
    """One entry with what its parents give it; its own fields win, and xdata's over
    crossref's (the order pandoc applies them in)."""
    have = {f.name.lower() for f in entry.fields}
    added: list[BibField] = []
    for link in ("xdata", "crossref"):
        for key in parent_keys(entry.value(link)):
            parent = by_key.get(key)
            if parent is None:
                continue  # missing-parent reports it
            offered = _offered(parent, entry.entry_type, by_key, {entry.key})
            for name, f in offered.items():
                if name not in have:
                    have.add(name)
                    added.append(replace(f, name=name, inherited_from=parent.key))
    return replace(entry, fields=entry.fields + tuple(added)) if added else entry


def _offered(
    parent: BibEntry, child_type: str, by_key: dict[str, BibEntry], seen: set[str]
) -> dict[str, BibField]:
    """The fields a parent gives a child of `child_type`, by the child's field name: its own,
    then those its parents give it that it lacks. Among the parent's fields that land on one
    name (`title` and `booktitle` of a proceedings), the last by name wins, as in pandoc
    (which walks a parent's fields in name order, a grandparent's where its link stands)."""
    if parent.key in seen:
        return {}  # a cycle of crossrefs
    seen = seen | {parent.key}
    own = {f.name.lower(): f for f in reversed(parent.fields)}  # the first of a name wins
    out: dict[str, BibField] = {}
    for name in sorted(own):
        f = own[name]
        if name in LINKS:
            for key in parent_keys(f.value):
                grand = by_key.get(key)
                if grand is None:
                    continue
                for target, g in _offered(grand, child_type, by_key, seen).items():
                    if target not in own:
                        out[target] = g
            continue
        for target in target_names(parent.entry_type, child_type, name):
            out[target] = f
    return out


__all__ = ["LINKS", "inherit", "parent_keys", "target_names", "with_inherited"]
