"""DataCite, OpenAlex and arXiv records as docbuild's `Work`: pure conversions of each
registry's documented answer (DataCite's JSON:API `data.attributes`, OpenAlex's `Work`
object, arXiv's Atom entries, already read into JSON by `sources.read_arxiv_feed`)."""

from __future__ import annotations

import re

from docbuild.bib.doi import arxiv_id_of_doi
from docbuild.crossref.work import Author, Json, Work, clean_text

_ARXIV_ABS = re.compile(r"arxiv\.org/abs/([^\s?#]+?)(?:v\d+)?$", re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")
# DataCite's resourceTypeGeneral and OpenAlex's type, in Crossref's names.
DATACITE_TYPES = {
    "Preprint": "posted-content",
    "JournalArticle": "journal-article",
    "ConferencePaper": "proceedings-article",
    "Book": "book",
    "BookChapter": "book-chapter",
    "Report": "report",
    "Dataset": "dataset",
    "Dissertation": "dissertation",
}
OPENALEX_TYPES = {
    "preprint": "posted-content",
    "article": "journal-article",
    "book": "book",
    "book-chapter": "book-chapter",
    "report": "report",
    "dataset": "dataset",
    "dissertation": "dissertation",
}


def _s(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dict(value: object) -> Json:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def split_display_name(name: str) -> Author:
    """ "Ada M. Lovelace" -> family "Lovelace", given "Ada M.": OpenAlex and arXiv print names
    given-first; the last word is the family name (a particle stays with the given names,
    which the surname comparison, last word against last word, tolerates)."""
    words = clean_text(name).split()
    if len(words) < 2:
        return Author(family=" ".join(words))
    return Author(family=words[-1], given=" ".join(words[:-1]))


def bare_arxiv_id(text: str) -> str:
    """ "arXiv:2101.11986v3", "https://arxiv.org/abs/2101.11986v3" -> "2101.11986"."""
    m = _ARXIV_ABS.search(text)
    ident = m.group(1) if m else text.strip()
    if ident.lower().startswith("arxiv:"):
        ident = ident[len("arxiv:") :]
    return _VERSION.sub("", ident)


def work_from_datacite(document: Json) -> Work:
    """`/dois/{doi}`'s document: `{"data": {"attributes": {...}}}`."""
    a = _dict(_dict(document.get("data")).get("attributes"))
    doi = _s(a.get("doi"))
    authors: list[Author] = []
    for c in _list(a.get("creators")):
        c = _dict(c)
        family = _s(c.get("familyName"))
        if family:
            authors.append(Author(family, _s(c.get("givenName"))))
        elif _s(c.get("name")):
            name = _s(c.get("name"))
            family, _, given = name.partition(", ")
            is_person = c.get("nameType") == "Personal" and given
            authors.append(Author(family, given) if is_person else Author(name))
    title = next((_s(_dict(t).get("title")) for t in _list(a.get("titles"))), "")
    year = a.get("publicationYear")
    kind = _s(_dict(a.get("types")).get("resourceTypeGeneral"))
    container = _s(_dict(a.get("container")).get("title")) or _s(a.get("publisher"))
    arxiv = next(
        (
            _s(_dict(i).get("alternateIdentifier"))
            for i in _list(a.get("alternateIdentifiers"))
            if _s(_dict(i).get("alternateIdentifierType")).lower() == "arxiv"
        ),
        "",
    )
    if not arxiv:
        arxiv = arxiv_id_of_doi(doi) or ""
    return Work(
        doi=doi,
        title=clean_text(title),
        authors=tuple(authors),
        container=clean_text(container),
        issued=str(year) if isinstance(year, int) else "",
        type=DATACITE_TYPES.get(kind, kind.lower()),
        source="datacite",
        arxiv_id=arxiv,
    )


def work_from_openalex(work: Json) -> Work:
    """An OpenAlex `Work` object (`/works/doi:...`, or one of a search's `results`)."""
    doi = _s(work.get("doi"))
    for prefix in ("https://doi.org/", "http://doi.org/"):
        doi = doi.removeprefix(prefix)
    authors = []
    for a in _list(work.get("authorships")):
        a = _dict(a)
        name = _s(_dict(a.get("author")).get("display_name")) or _s(a.get("raw_author_name"))
        if name:
            authors.append(split_display_name(name))
    location = _dict(work.get("primary_location"))
    container = _s(_dict(location.get("source")).get("display_name"))
    year = work.get("publication_year")
    arxiv = ""
    for loc in [location, *(_dict(x) for x in _list(work.get("locations")))]:
        landing = _s(loc.get("landing_page_url"))
        if "arxiv.org/abs/" in landing:
            arxiv = bare_arxiv_id(landing)
            break
    if not arxiv:
        arxiv = arxiv_id_of_doi(doi) or ""
    kind = _s(work.get("type"))
    return Work(
        doi=doi,
        title=clean_text(_s(work.get("display_name")) or _s(work.get("title"))),
        authors=tuple(authors),
        container=clean_text(container),
        issued=str(year) if isinstance(year, int) else "",
        type=_s(work.get("type_crossref")) or OPENALEX_TYPES.get(kind, kind),
        source="openalex",
        arxiv_id=arxiv,
    )


def works_from_openalex_list(message: Json) -> list[Work]:
    return [work_from_openalex(r) for r in _list(message.get("results")) if isinstance(r, dict)]


def works_from_arxiv(feed: Json) -> list[Work]:
    """The entries of an arXiv feed, as `sources.read_arxiv_feed` keeps them."""
    out: list[Work] = []
    for e in _list(feed.get("entries")):
        e = _dict(e)
        published = _s(e.get("published"))
        journal = _s(e.get("journal_ref"))
        out.append(
            Work(
                doi=_s(e.get("doi")),
                title=clean_text(_s(e.get("title"))),
                authors=tuple(split_display_name(_s(n)) for n in _list(e.get("authors"))),
                container=clean_text(journal) or "arXiv",
                issued=published[:10],
                # a journal reference is the authors' word that the paper was published there
                type="journal-article" if journal else "posted-content",
                source="arxiv",
                arxiv_id=bare_arxiv_id(_s(e.get("id"))),
            )
        )
    return out
