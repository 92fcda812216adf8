"""BibTeX/BibLaTeX entries to CSL-JSON items (pure; the same entry always gives the same item).

Text goes through LaTeX-to-Unicode; titles keep case protection as `<span class="nocase">`.
Names become family/given (with particles and suffixes), `{United Nations}` a literal; dates
become date-parts, EDTF ranges included.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docbuild.bib.dates import month_of, parse_edtf
from docbuild.bib.doi import bare_doi
from docbuild.bib.inherit import with_inherited
from docbuild.bib.latex import to_unicode
from docbuild.bib.model import BibEntry, Bibliography
from docbuild.bib.names import parse_name, split_names

_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "report": "report",
    "techreport": "report",
    "manual": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "booklet": "pamphlet",
    "unpublished": "manuscript",
    "patent": "patent",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "standard": "standard",
    "misc": "article",
}
_SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_NAMES = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
    "director": "director",
}
_TITLES = {"title", "booktitle", "journal", "journaltitle", "series", "maintitle", "eventtitle"}
_PLAIN = {
    "volume": "volume",
    "edition": "edition",
    "isbn": "ISBN",
    "issn": "ISSN",
    "abstract": "abstract",
    "keywords": "keyword",
    "chapter": "chapter-number",
    "venue": "event-place",
    "version": "version",
    "pagetotal": "number-of-pages",
    "volumes": "number-of-volumes",
}
_VERBATIM = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID"}
_RANGE_DASH = re.compile(r"(?<=\w)\s*-{1,3}\s*(?=\w)")
_Text = Callable[[str], "str | None"]  # the `text(name)` helper inside `to_csl_item`
_URL = re.compile(r"(?:\\url\{)?(https?://[^\s{}]+)\}?")
# citeproc reads `Name: value` lines (and `{:name: value}`) at the start of a CSL note as
# variables, its "cheater syntax" for Zotero's Extra field; pandoc reading the .bib itself does
# not. So Zotero's `note = {Number: 1 Publisher: Nature Publishing Group}` printed "Article 1
# Publisher: Nature Publishing Group" in APA in place of the pages, and a note that is a URL
# or `arXiv:1302.1207` printed nothing. A space before it (citeproc drops it as it prints: no
# character is added to any edition) keeps the note the note it was.
_NOTE_FIELD = re.compile(r"(?:\{:)?(?:[^\W\d_]|-)+:")
_NOTE_GUARD = " "


def to_csl_json(bib: Bibliography) -> list[dict[str, object]]:
    """One CSL-JSON item per key, in file order, each with what crossref and xdata give it
    (pandoc would inherit them from the .bib). A key written twice in one file keeps its first
    entry; in two of several files, the later file's, as pandoc prints (`Bibliography.by_key`)."""
    return [to_csl_item(entry) for entry in with_inherited(bib).by_key().values()]


def to_csl_item(entry: BibEntry, *, markup: bool = True) -> dict[str, object]:
    """The CSL-JSON item of one entry, for pandoc's citeproc; `markup=False` gives what
    citeproc-py reads: plain text without nocase spans, and no `others` name."""
    fields = {f.name.lower(): f.value for f in reversed(entry.fields)}  # the first one wins
    csl_type = _csl_type(entry.entry_type, fields)
    item: dict[str, object] = {"id": entry.key, "type": csl_type}

    def text(name: str) -> str | None:
        value = fields.get(name)
        if value is None or not value.strip():
            return None
        return to_unicode(value, markup=markup and name in _TITLES)

    def titled(name: str, sub: str) -> str | None:
        """A title and its subtitle (a book's from a crossref too), as pandoc joins them."""
        main = text(name)
        subtitle = text(sub) if main is not None else None
        return f"{main}: {subtitle}" if subtitle else main

    if (title := titled("title", "subtitle")) is not None:
        item["title"] = title
    if (short := text("shorttitle")) is not None:
        item["title-short"] = short
    container = titled("journaltitle", "journalsubtitle") or text("journal")
    if container is None and csl_type in ("chapter", "paper-conference", "entry-encyclopedia"):
        container = titled("booktitle", "booksubtitle") or titled("maintitle", "mainsubtitle")
    if container is not None:
        item["container-title"] = container
    if (series := text("series")) is not None:
        item["collection-title"] = series
    if (event := text("eventtitle")) is not None:
        item["event-title"] = event
    for name, variable in _NAMES.items():
        names = _csl_names(fields.get(name), others=markup)
        if names:
            item[variable] = names
    _publisher(item, entry.entry_type, text)
    for name, variable in _PLAIN.items():
        if (value := text(name)) is not None:
            item[variable] = value
    _number(item, csl_type, text, fields)
    if (pages := fields.get("pages")) and pages.strip():
        item["page"] = to_unicode(_RANGE_DASH.sub("\u2013", pages))
    for name, variable in _VERBATIM.items():
        if (value := fields.get(name)) and value.strip():
            # pandoc prints the DOI after https://doi.org/: it must be the bare one.
            item[variable] = bare_doi(value) if name == "doi" else value.strip()
    _links(item, fields)
    _notes(item, text, fields)
    _genre(item, entry.entry_type, text)
    if (language := fields.get("langid") or fields.get("language")) and language.strip():
        item["language"] = language.strip()
    issued = _issued(fields)
    if issued is not None:
        item["issued"] = issued
    for name, variable in (("urldate", "accessed"), ("origdate", "original-date"),
                           ("eventdate", "event-date")):  # fmt: skip
        if (value := fields.get(name)) and (date := _edtf(value.strip())) is not None:
            item[variable] = date
    return item


def _csl_type(entry_type: str, fields: dict[str, str]) -> str:
    subtype = fields.get("entrysubtype", "").strip().lower()
    if entry_type == "article" and subtype in _SUBTYPES:
        return _SUBTYPES[subtype]
    if entry_type == "misc" and (fields.get("url") or _URL.search(fields.get("howpublished", ""))):
        return "webpage"
    return _TYPES.get(entry_type, "article")


def _publisher(item: dict[str, object], entry_type: str, text: _Text) -> None:
    publisher = text("publisher")
    if entry_type in ("report", "techreport", "thesis", "phdthesis", "mastersthesis"):
        publisher = publisher or text("institution") or text("school")
    publisher = publisher or text("organization") or text("institution")
    if publisher is not None:
        item["publisher"] = publisher
    if (place := text("location") or text("address")) is not None:
        item["publisher-place"] = place


def _number(item: dict[str, object], csl_type: str, text: _Text, fields: dict[str, str]) -> None:
    number = text("number")
    issue = text("issue")
    if csl_type in ("report", "patent", "standard", "bill", "legislation"):
        if number is not None:
            item["number"] = number
    elif csl_type in ("book", "chapter", "paper-conference") and item.get("collection-title"):
        if number is not None:
            item["collection-number"] = number
    elif number is not None or issue is not None:
        item["issue"] = issue or number


def _links(item: dict[str, object], fields: dict[str, str]) -> None:
    url = (fields.get("url") or "").strip()
    if not url:
        m = _URL.search(fields.get("howpublished", ""))
        url = m.group(1) if m else ""
    eprint = (fields.get("eprint") or "").strip()
    eprinttype = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    if eprint:
        if eprinttype == "arxiv":
            item["archive"] = "arXiv"
            item["archive_location"] = eprint
            url = url or f"https://arxiv.org/abs/{eprint}"
        elif eprinttype in ("pubmed", "pmid"):
            item["PMID"] = eprint
        else:
            item["archive_location"] = eprint
    if url:
        item["URL"] = url


def _notes(item: dict[str, object], text: _Text, fields: dict[str, str]) -> None:
    notes = [n for n in (text("note"), text("addendum")) if n]
    howpublished = fields.get("howpublished", "")
    if howpublished.strip() and not _URL.fullmatch(howpublished.strip()):
        notes.append(to_unicode(howpublished))
    if notes:
        note = ". ".join(notes)
        item["note"] = _NOTE_GUARD + note if _NOTE_FIELD.match(note) else note


def _genre(item: dict[str, object], entry_type: str, text: _Text) -> None:
    genre = text("type") or _GENRES.get(entry_type)
    if genre is not None:
        item["genre"] = genre


def _csl_names(value: str | None, *, others: bool) -> list[dict[str, str]]:
    """`and others` becomes the literal name "others", as pandoc's own BibTeX reader writes
    it; pandoc's citeproc then prints "et al.". citeproc-py would print the word itself."""
    if value is None or not value.strip():
        return []
    out: list[dict[str, str]] = []
    for raw in split_names(value):
        raw = raw.strip()
        if raw.lower() == "others" and others:
            out.append({"literal": "others"})
            continue
        if not raw or raw.lower() == "others":
            continue
        name = parse_name(raw)
        if name is None:
            out.append({"literal": to_unicode(raw)})
        elif name.is_literal or not (name.first or name.von or name.jr):
            out.append({"literal": to_unicode(name.last)} if name.is_literal else
                       {"family": to_unicode(name.last)})  # fmt: skip
        else:
            person = {"family": to_unicode(name.last)}
            if name.first:
                person["given"] = to_unicode(name.first)
            if name.von:
                particle = "dropping-particle" if name.dropping else "non-dropping-particle"
                person[particle] = to_unicode(name.von)
            if name.jr:
                person["suffix"] = to_unicode(name.jr)
            out.append(person)
    return out


def _issued(fields: dict[str, str]) -> dict[str, object] | None:
    date = (fields.get("date") or "").strip()
    if date:
        return _edtf(date) or _leading_year(date) or {"literal": to_unicode(date)}
    year = (fields.get("year") or "").strip()
    if not year:
        return None
    if not re.fullmatch(r"-?\d{1,4}", year):
        return {"literal": to_unicode(year)}
    parts = [int(year)]
    month = month_of(fields.get("month") or "")
    if month is not None:
        parts.append(month)
        day = (fields.get("day") or "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}


def _leading_year(date: str) -> dict[str, object] | None:
    """The year of a date that is otherwise unreadable (`2022, 2 23`): pandoc's citeproc prints
    a literal date twice in APA, and the linter reports the date anyway (malformed-date)."""
    found = re.match(r"([12]\d{3})\b", date)
    return {"date-parts": [[int(found.group(1))]]} if found else None


def _edtf(value: str) -> dict[str, object] | None:
    """`2022-02-23`, `2022-02`, `2022`, ranges `2020/2021` (open ends allowed), `2020?`."""
    parsed = parse_edtf(value)
    if parsed is None:
        return None
    parts = [[n for n in (year, month, day if month else None) if n is not None]
             for year, month, day in parsed.ends]  # fmt: skip
    out: dict[str, object] = {"date-parts": parts}
    if parsed.circa:
        out["circa"] = True
    return out
