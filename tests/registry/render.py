"""One `WorkRecord` in each registry's response shape: pure functions, no HTTP.

The shapes follow the documentation cited in `shapes/README.md` (and the fixtures there);
values the record does not hold (timestamps, member ids, OpenAlex ids) are invented but stable,
derived from the record so that two runs answer alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from .records import Person, Registry, WorkRecord, WorkType

Json = dict[str, object]

# A fixed "now" for indexed/created/deposited stamps: the answers do not change between runs.
STAMP = "2026-05-04T09:15:27Z"
STAMP_MS = 1777886127000
DATE_PARTS_NOW = [[2026, 5, 4]]
ARXIV_DOI_PREFIX = "10.48550/"

# DataCite `types` per work type: resourceTypeGeneral (DataCite Metadata Schema 4.x), RIS,
# BibTeX, citeproc (CSL) and schema.org names, as DataCite returns them side by side.
DATACITE_TYPES: dict[WorkType, tuple[str, str, str, str, str]] = {
    WorkType.JOURNAL_ARTICLE: (
        "JournalArticle",
        "JOUR",
        "article",
        "article-journal",
        "ScholarlyArticle",
    ),
    WorkType.PROCEEDINGS_ARTICLE: (
        "ConferencePaper",
        "CPAPER",
        "inproceedings",
        "paper-conference",
        "ScholarlyArticle",
    ),
    WorkType.PREPRINT: ("Preprint", "GEN", "misc", "article", "ScholarlyArticle"),
    WorkType.BOOK: ("Book", "BOOK", "book", "book", "Book"),
    WorkType.BOOK_CHAPTER: ("BookChapter", "CHAP", "inbook", "chapter", "Chapter"),
    WorkType.REPORT: ("Report", "RPRT", "report", "report", "Report"),
    WorkType.DATASET: ("Dataset", "DATA", "misc", "dataset", "Dataset"),
    WorkType.OTHER: ("Text", "GEN", "misc", "article", "CreativeWork"),
}
# OpenAlex folds journal and proceedings articles into "article" (the source type tells them apart).
OPENALEX_TYPES: dict[WorkType, str] = {
    WorkType.JOURNAL_ARTICLE: "article",
    WorkType.PROCEEDINGS_ARTICLE: "article",
    WorkType.PREPRINT: "preprint",
    WorkType.BOOK: "book",
    WorkType.BOOK_CHAPTER: "book-chapter",
    WorkType.REPORT: "report",
    WorkType.DATASET: "dataset",
    WorkType.OTHER: "other",
}
OPENALEX_SOURCE_TYPES: dict[WorkType, str] = {
    WorkType.JOURNAL_ARTICLE: "journal",
    WorkType.PROCEEDINGS_ARTICLE: "conference",
    WorkType.PREPRINT: "repository",
    WorkType.BOOK: "book series",
    WorkType.BOOK_CHAPTER: "book series",
    WorkType.REPORT: "repository",
    WorkType.DATASET: "repository",
    WorkType.OTHER: "journal",
}
ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV_NS = "http://arxiv.org/schemas/atom"


def _number(text: str, digits: int) -> int:
    """A stable number for invented ids (OpenAlex W/A/S ids, Crossref member ids)."""
    value = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16)
    return 10 ** (digits - 1) + value % (9 * 10 ** (digits - 1))


def _partial_date(year: int | None) -> Json:
    return {"date-parts": [[year]]} if year is not None else {"date-parts": [[None]]}


def _stamp() -> Json:
    return {"date-parts": DATE_PARTS_NOW, "date-time": STAMP, "timestamp": STAMP_MS}


# --- Crossref -----------------------------------------------------------------------------


def crossref_work(record: WorkRecord, score: float | None = None) -> Json:
    """A Crossref `work`: the `message` of `/works/{doi}`, or one item of a search (with score)."""
    doi = record.doi
    prefix = doi.split("/", 1)[0] if "/" in doi else ""
    work: Json = {
        "indexed": _stamp(),
        "reference-count": 0,
        "publisher": record.publisher or "Crossref Test Publisher",
        "content-domain": {"domain": [], "crossmark-restriction": False},
        "short-container-title": [],
        "DOI": doi,
        "type": record.type.value,
        "created": _stamp(),
        "source": "Crossref",
        "is-referenced-by-count": 0,
        "title": [record.title],
        "prefix": prefix,
        "author": [_crossref_author(a, n) for n, a in enumerate(record.authors)],
        "member": str(_number(prefix, 4)),
        "container-title": [record.venue] if record.venue else [],
        "original-title": [],
        "link": [],
        "deposited": _stamp(),
        "resource": {"primary": {"URL": f"https://doi.org/{doi}"}},
        "subtitle": [],
        "short-title": [],
        "issued": _partial_date(record.year),
        "references-count": 0,
        "URL": f"https://doi.org/{doi}",
        "relation": {},
        "published": _partial_date(record.year),
    }
    if record.type is WorkType.PREPRINT:
        # Posted content (bioRxiv, SSRN...) has a posting date and a group, no container.
        del work["container-title"], work["short-container-title"]
        work["posted"] = _partial_date(record.year)
        work["subtype"] = "preprint"
        if record.venue:
            work["group-title"] = record.venue
    else:
        work["published-print"] = _partial_date(record.year)
    if score is not None:
        work["score"] = score
    return work


def _crossref_author(person: Person, index: int) -> Json:
    out: Json = {"family": person.family, "sequence": "first" if index == 0 else "additional"}
    if person.given:
        out = {"given": person.given, **out}
    out["affiliation"] = []
    return out


def crossref_work_reply(record: WorkRecord) -> Json:
    return {
        "status": "ok",
        "message-type": "work",
        "message-version": "1.0.0",
        "message": crossref_work(record),
    }


def crossref_list_reply(
    hits: Sequence[tuple[WorkRecord, float]], rows: int, terms: str | None
) -> Json:
    return {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {
            "facets": {},
            "total-results": len(hits),
            "items": [crossref_work(r, round(s, 3)) for r, s in hits[:rows]],
            "items-per-page": rows,
            "query": {"start-index": 0, "search-terms": terms},
        },
    }


def crossref_agency_reply(doi: str, registry: Registry) -> Json:
    label = {Registry.CROSSREF: "Crossref", Registry.DATACITE: "DataCite"}[registry]
    return {
        "status": "ok",
        "message-type": "work-agency",
        "message-version": "1.0.0",
        "message": {"DOI": doi.lower(), "agency": {"id": registry.value, "label": label}},
    }


CROSSREF_NOT_FOUND = b"Resource not found."


# --- DataCite -----------------------------------------------------------------------------


def datacite_doi_reply(record: WorkRecord) -> Json:
    """`/dois/{doi}`: a JSON:API document whose `data.attributes` hold the DataCite record."""
    doi = record.doi.lower()
    prefix, _, suffix = doi.partition("/")
    general, ris, bibtex, citeproc, schema_org = DATACITE_TYPES[record.type]
    is_arxiv = doi.startswith(ARXIV_DOI_PREFIX)
    publisher = record.publisher or ("arXiv" if is_arxiv else "DataCite Test Repository")
    container: Json = {}
    if record.venue and not is_arxiv:
        container = {"type": "Series", "title": record.venue}
    url = (
        f"https://arxiv.org/abs/{record.arxiv_id}" if record.arxiv_id else f"https://doi.org/{doi}"
    )
    attributes: Json = {
        "doi": doi,
        "prefix": prefix,
        "suffix": suffix,
        "identifiers": [],
        "alternateIdentifiers": (
            [{"alternateIdentifierType": "arXiv", "alternateIdentifier": record.arxiv_id}]
            if record.arxiv_id
            else []
        ),
        "creators": [_datacite_creator(a) for a in record.authors],
        "titles": [{"title": record.title}],
        "publisher": publisher,
        "container": container,
        "publicationYear": record.year,
        "subjects": [],
        "contributors": [],
        "dates": [{"date": str(record.year), "dateType": "Issued"}] if record.year else [],
        "language": "en",
        "types": {
            "ris": ris,
            "bibtex": bibtex,
            "citeproc": citeproc,
            "schemaOrg": schema_org,
            "resourceType": "Article" if general in ("Preprint", "JournalArticle") else general,
            "resourceTypeGeneral": general,
        },
        "relatedIdentifiers": [],
        "relatedItems": [],
        "sizes": [],
        "formats": [],
        "version": None,
        "rightsList": [],
        "descriptions": [],
        "geoLocations": [],
        "fundingReferences": [],
        "url": url,
        "contentUrl": None,
        "metadataVersion": 1,
        "schemaVersion": "http://datacite.org/schema/kernel-4",
        "source": "mds",
        "isActive": True,
        "state": "findable",
        "reason": None,
        "viewCount": 0,
        "downloadCount": 0,
        "referenceCount": 0,
        "citationCount": 0,
        "created": STAMP,
        "registered": STAMP,
        "published": str(record.year) if record.year else None,
        "updated": STAMP,
    }
    client = "arxiv.content" if is_arxiv else "datacite.test"
    return {
        "data": {
            "id": doi,
            "type": "dois",
            "attributes": attributes,
            "relationships": {"client": {"data": {"id": client, "type": "clients"}}},
        }
    }


def _datacite_creator(person: Person) -> Json:
    if not person.given:
        return {
            "name": person.family,
            "nameType": "Organizational",
            "affiliation": [],
            "nameIdentifiers": [],
        }
    return {
        "name": person.inverted,
        "nameType": "Personal",
        "givenName": person.given,
        "familyName": person.family,
        "affiliation": [],
        "nameIdentifiers": [],
    }


DATACITE_NOT_FOUND: Json = {
    "errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]
}


# --- OpenAlex -----------------------------------------------------------------------------


def openalex_id(record: WorkRecord) -> str:
    return f"https://openalex.org/W{_number(record.key, 10)}"


def openalex_work(record: WorkRecord) -> Json:
    """An OpenAlex `Work` object (the answer of `/works/doi:...`, or one of `results`)."""
    doi_url = f"https://doi.org/{record.doi.lower()}" if record.doi else None
    preprint = record.type is WorkType.PREPRINT
    landing = doi_url or (f"https://arxiv.org/abs/{record.arxiv_id}" if record.arxiv_id else None)
    source: Json | None = None
    if record.venue:
        source = {
            "id": f"https://openalex.org/S{_number('source:' + record.venue, 10)}",
            "display_name": record.venue,
            "issn_l": None,
            "issn": None,
            "is_oa": preprint,
            "is_in_doaj": False,
            "host_organization": None,
            "type": OPENALEX_SOURCE_TYPES[record.type],
        }
    location: Json = {
        "is_oa": preprint,
        "landing_page_url": landing,
        "pdf_url": f"https://arxiv.org/pdf/{record.arxiv_id}"
        if preprint and record.arxiv_id
        else None,
        "source": source,
        "license": None,
        "version": "submittedVersion" if preprint else "publishedVersion",
        "is_accepted": not preprint,
        "is_published": not preprint,
    }
    ids: Json = {"openalex": openalex_id(record)}
    if doi_url:
        ids["doi"] = doi_url
    indexed_in = {Registry.CROSSREF: ["crossref"], Registry.DATACITE: ["datacite"]}.get(
        record.registry, []
    )
    if record.arxiv_id:
        indexed_in = [*indexed_in, "arxiv"]
    n = len(record.authors)
    return {
        "id": openalex_id(record),
        "doi": doi_url,
        "title": record.title,
        "display_name": record.title,
        "publication_year": record.year,
        "publication_date": f"{record.year}-01-01" if record.year else None,
        "ids": ids,
        "language": "en",
        "primary_location": location,
        "type": OPENALEX_TYPES[record.type],
        "type_crossref": record.type.value,
        "indexed_in": indexed_in,
        "open_access": {
            "is_oa": preprint,
            "oa_status": "green" if preprint else "closed",
            "oa_url": location["pdf_url"],
            "any_repository_has_fulltext": preprint,
        },
        "authorships": [
            {
                "author_position": "first" if i == 0 else ("last" if i == n - 1 else "middle"),
                "author": {
                    "id": f"https://openalex.org/A{_number('author:' + a.display, 10)}",
                    "display_name": a.display,
                    "orcid": None,
                },
                "institutions": [],
                "countries": [],
                "is_corresponding": False,
                "raw_author_name": a.display,
                "raw_affiliation_strings": [],
                "affiliations": [],
            }
            for i, a in enumerate(record.authors)
        ],
        "cited_by_count": 0,
        "biblio": {"volume": None, "issue": None, "first_page": None, "last_page": None},
        "is_retracted": False,
        "is_paratext": False,
        "locations_count": 1,
        "locations": [location],
        "referenced_works": [],
        "related_works": [],
        "updated_date": STAMP.replace("Z", ""),
        "created_date": STAMP[:10],
    }


def openalex_list_reply(records: Sequence[WorkRecord], total: int, per_page: int) -> Json:
    return {
        "meta": {
            "count": total,
            "db_response_time_ms": 17,
            "page": 1,
            "per_page": per_page,
            "groups_count": None,
        },
        "results": [openalex_work(r) for r in records[:per_page]],
        "group_by": [],
    }


# The OpenAlex documentation names the status (404 "Entity doesn't exist") but not the body;
# this body is ours.
OPENALEX_NOT_FOUND: Json = {"error": "Not Found", "message": "The requested work does not exist."}


# --- arXiv --------------------------------------------------------------------------------


def arxiv_feed(records: Sequence[WorkRecord], query: str, total: int, start: int = 0) -> str:
    """The Atom feed of `/api/query`, namespaced as the arXiv API manual shows it."""
    entries = "".join(_arxiv_entry(r) for r in records)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<feed xmlns="{ATOM_NS}" xmlns:opensearch="{OPENSEARCH_NS}" xmlns:arxiv="{ARXIV_NS}">\n'
        f'  <link href={quoteattr("http://arxiv.org/api/query?" + query)} rel="self" '
        'type="application/atom+xml"/>\n'
        f'  <title type="html">ArXiv Query: {escape(query)}</title>\n'
        f"  <id>http://arxiv.org/api/{_number('feed:' + query, 12)}</id>\n"
        f"  <updated>{STAMP}</updated>\n"
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
        f"  <opensearch:itemsPerPage>{len(records)}</opensearch:itemsPerPage>\n"
        f"{entries}</feed>\n"
    )


def _arxiv_entry(record: WorkRecord) -> str:
    aid = record.arxiv_id
    year = record.year or 2000
    day, minute = 1 + _number("day:" + aid, 2) % 28, _number("min:" + aid, 2) % 60
    when = f"{year}-03-{day:02d}T17:{minute:02d}:09Z"
    authors = "".join(
        f"    <author>\n      <name>{escape(a.display)}</name>\n    </author>\n"
        for a in record.authors
    )
    extra = ""
    if record.doi and not record.doi.lower().startswith(ARXIV_DOI_PREFIX):
        extra += f"    <arxiv:doi>{escape(record.doi)}</arxiv:doi>\n"
        href = quoteattr("https://doi.org/" + record.doi)
        extra += f'    <link title="doi" href={href} rel="related"/>\n'
    if record.venue and record.type is not WorkType.PREPRINT:
        extra += (
            f"    <arxiv:journal_ref>{escape(f'{record.venue} ({year})')}</arxiv:journal_ref>\n"
        )
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{aid}v1</id>\n"
        f"    <published>{when}</published>\n"
        f"    <updated>{when}</updated>\n"
        f"    <title>{escape(record.title)}</title>\n"
        "    <summary>The stand-in keeps no abstracts.</summary>\n"
        f"{authors}{extra}"
        f'    <link href="http://arxiv.org/abs/{aid}v1" rel="alternate" type="text/html"/>\n'
        f'    <link title="pdf" href="http://arxiv.org/pdf/{aid}v1" rel="related" '
        'type="application/pdf"/>\n'
        '    <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>\n'
        '    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>\n'
        "  </entry>\n"
    )


def arxiv_error_feed(query: str, message: str) -> str:
    """arXiv answers a bad query with a feed holding one entry titled "Error" (the manual does not
    name the HTTP status; the stand-in says 200, the case a client can most easily mistake)."""
    anchor = message.replace(" ", "_")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<feed xmlns="{ATOM_NS}" xmlns:opensearch="{OPENSEARCH_NS}">\n'
        f'  <link href={quoteattr("http://arxiv.org/api/query?" + query)} rel="self" '
        'type="application/atom+xml"/>\n'
        f"  <title>ArXiv Query: {escape(query)}</title>\n"
        f"  <id>http://arxiv.org/api/{_number('feed:' + query, 12)}</id>\n"
        f"  <updated>{STAMP}</updated>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <entry>\n"
        f"    <id>http://arxiv.org/api/errors#{escape(anchor)}</id>\n"
        "    <title>Error</title>\n"
        f"    <summary>{escape(message)}</summary>\n"
        f"    <updated>{STAMP}</updated>\n"
        f'    <link href={quoteattr("http://arxiv.org/api/errors#" + anchor)} rel="alternate" '
        'type="text/html"/>\n'
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
        "  </entry>\n"
        "</feed>\n"
    )
