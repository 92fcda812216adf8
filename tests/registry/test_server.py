"""The registry stand-in itself: each registry's routes, its searches, its faults and its log."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from docbuild.config import CrossrefSettings
from docbuild.crossref.client import CrossrefClient
from docbuild.crossref.work import work_from_json
from registry.index import Query, RecordIndex, arxiv_query, words
from registry.records import (
    Registry,
    WorkRecord,
    read_records,
    record_from_json,
    record_to_json,
    write_records,
)
from registry.sample import ARTICLE, NO_DOI, PREPRINT, PUBLISHED_PREPRINT, RECORDS, REPORT
from registry.server import Fault, RegistryServer

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture
def server(registry_server: RegistryServer) -> RegistryServer:
    registry_server.load(RECORDS)
    return registry_server


def get(url: str, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": "tests (mailto:t@example.org)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_json(url: str) -> tuple[int, dict[str, object]]:
    status, _, body = get(url)
    return status, json.loads(body)


def q(**params: str) -> str:
    return urllib.parse.urlencode(params)


# --- records ------------------------------------------------------------------------------


def test_a_record_survives_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    write_records(path, RECORDS)
    assert tuple(read_records(path)) == RECORDS
    assert record_to_json(REPORT)["authors"] == [{"family": "Institute for Imaginary Policy"}]


def test_a_record_with_a_doi_must_name_its_registry() -> None:
    with pytest.raises(ValueError, match="has a DOI but no registry"):
        WorkRecord(title="T", doi="10.5555/x", registry=Registry.NONE)
    with pytest.raises(ValueError, match="names registry crossref but no DOI"):
        WorkRecord(title="T")
    with pytest.raises(ValueError, match="'year' is not an integer"):
        record_from_json({"title": "T", "year": "2020", "registry": "none"})


# --- index --------------------------------------------------------------------------------


def test_words_fold_case_accents_and_stop_words() -> None:
    assert words("Müller's GANs for the Win") == {"muller", "s", "gans", "win"}


def test_search_ranks_the_exact_title_first_and_ands_the_author_query() -> None:
    index = RecordIndex(RECORDS)
    hits = index.search(Query(bibliographic="Tangled Manifolds in Practice Lindqvist 2023"))
    # Dice overlap of words: the shorter title that shares as many words ranks higher
    assert [r.title for r, _ in hits][:3] == [NO_DOI.title, PUBLISHED_PREPRINT.title, ARTICLE.title]
    only_haddad = index.search(Query(bibliographic="tangled", author="Haddad"))
    assert [r for r, _ in only_haddad] == [PREPRINT]
    assert index.search(Query(bibliographic="tangled", author="Nobody")) == []


def test_arxiv_query_reads_field_prefixes_and_quotes() -> None:
    query = arxiv_query('ti:"sparse attention" AND au:Haddad ANDNOT cat:cs.CV')
    assert query == Query(title="sparse attention", author="Haddad")


# --- Crossref -----------------------------------------------------------------------------


def test_crossref_work_is_served_in_crossrefs_shape(server: RegistryServer) -> None:
    status, body = get_json(f"{server.crossref}/works/{ARTICLE.doi}")
    assert status == 200
    assert (body["status"], body["message-type"]) == ("ok", "work")
    message = body["message"]
    assert isinstance(message, dict)
    work = work_from_json(message)  # docbuild's own reader understands it
    assert (work.doi, work.title, work.container, work.issued) == (
        ARTICLE.doi,
        ARTICLE.title,
        ARTICLE.venue,
        "2021",
    )
    assert [(a.family, a.given) for a in work.authors] == [
        ("Okafor", "Adaeze"),
        ("Lindqvist", "Per"),
    ]


def test_crossref_does_not_know_datacite_dois_or_invented_ones(server: RegistryServer) -> None:
    for doi in (PREPRINT.doi, "10.5555/nothing"):
        status, headers, body = get(f"{server.crossref}/works/{doi}")
        assert (status, body) == (404, b"Resource not found.")
        assert headers["Content-Type"].startswith("text/plain")


def test_crossref_agency_names_the_registry_of_any_known_doi(server: RegistryServer) -> None:
    _, body = get_json(f"{server.crossref}/works/{REPORT.doi}/agency")
    assert body["message"] == {"DOI": REPORT.doi, "agency": {"id": "datacite", "label": "DataCite"}}


def test_crossref_search_lists_only_crossref_works_best_first(server: RegistryServer) -> None:
    params = q(**{"query.bibliographic": "Tangled Manifolds Okafor 2023", "rows": "5"})
    status, body = get_json(f"{server.crossref}/works?{params}")
    message = body["message"]
    assert status == 200 and body["message-type"] == "work-list"
    assert isinstance(message, dict)
    items = message["items"]
    assert [i["DOI"] for i in items] == [PUBLISHED_PREPRINT.doi, ARTICLE.doi]
    assert items[0]["score"] > items[1]["score"]
    assert message["items-per-page"] == 5 and message["total-results"] == 2


def test_crossref_search_honours_rows_and_query_author(server: RegistryServer) -> None:
    params = q(
        **{"query.bibliographic": "tangled manifolds", "query.author": "Lindqvist", "rows": "1"}
    )
    _, body = get_json(f"{server.crossref}/works?{params}")
    assert [i["DOI"] for i in body["message"]["items"]] == [ARTICLE.doi]  # type: ignore[index]


def test_docbuilds_crossref_client_reads_the_stand_in(
    server: RegistryServer, tmp_path: Path
) -> None:
    settings = CrossrefSettings(api=server.crossref, mailto="editor@example.org", rate=0, timeout=2)
    client = CrossrefClient(settings, tmp_path)
    assert client.work(ARTICLE.doi).message is not None
    assert client.work(REPORT.doi).status == 404
    reply = client.search("Gradient Descent on Tangled Manifolds Okafor")
    assert reply.message is not None and reply.message["items"][0]["DOI"] == ARTICLE.doi  # type: ignore[index]
    assert server.log[0].user_agent.endswith("(mailto:editor@example.org)")


# --- DataCite -----------------------------------------------------------------------------


def test_datacite_doi_is_a_jsonapi_document(server: RegistryServer) -> None:
    status, headers, raw = get(f"{server.datacite}/dois/{PREPRINT.doi}")
    body = json.loads(raw)
    assert status == 200 and headers["Content-Type"].startswith("application/vnd.api+json")
    data = body["data"]
    assert (data["id"], data["type"]) == (PREPRINT.doi.lower(), "dois")
    a = data["attributes"]
    assert a["titles"] == [{"title": PREPRINT.title}]
    assert a["publicationYear"] == 2022
    assert a["creators"][0] == {
        "name": "Haddad, Rami",
        "nameType": "Personal",
        "givenName": "Rami",
        "familyName": "Haddad",
        "affiliation": [],
        "nameIdentifiers": [],
    }
    assert a["types"]["resourceTypeGeneral"] == "Preprint"
    assert a["container"] == {}


def test_datacite_report_has_a_container_and_an_organisation_as_creator(
    server: RegistryServer,
) -> None:
    _, body = get_json(f"{server.datacite}/dois/{REPORT.doi.upper()}")
    a = body["data"]["attributes"]  # type: ignore[index]
    assert a["container"] == {"type": "Series", "title": "Policy Papers"}
    assert a["creators"][0]["nameType"] == "Organizational"
    assert a["types"]["resourceTypeGeneral"] == "Report"


def test_datacite_404_is_a_jsonapi_error(server: RegistryServer) -> None:
    status, body = get_json(f"{server.datacite}/dois/{ARTICLE.doi}")
    assert status == 404
    assert body == {
        "errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]
    }


# --- OpenAlex -----------------------------------------------------------------------------


def test_openalex_finds_a_work_by_doi_in_both_spellings(server: RegistryServer) -> None:
    for ident in (f"doi:{REPORT.doi}", f"https://doi.org/{REPORT.doi}"):
        status, work = get_json(f"{server.openalex}/works/{ident}")
        assert status == 200
        assert work["title"] == REPORT.title and work["publication_year"] == 2020
        assert work["doi"] == f"https://doi.org/{REPORT.doi}"
        assert work["type"] == "report"
        assert work["primary_location"]["source"]["display_name"] == "Policy Papers"  # type: ignore[index]
        assert work["authorships"][0]["author"]["display_name"] == "Institute for Imaginary Policy"  # type: ignore[index]
        status, same = get_json(f"{server.openalex}/works/{str(work['id']).rsplit('/', 1)[1]}")
        assert same == work
    assert get_json(f"{server.openalex}/works/doi:10.5555/nothing")[0] == 404


def test_openalex_search_reads_titles_not_authors(server: RegistryServer) -> None:
    _, body = get_json(
        f"{server.openalex}/works?{q(search='tangled manifolds practice', **{'per-page': '2'})}"
    )
    results = body["results"]
    assert [r["title"] for r in results] == [NO_DOI.title, PUBLISHED_PREPRINT.title]  # type: ignore[union-attr]
    assert body["meta"]["count"] == 4 and body["meta"]["per_page"] == 2  # type: ignore[index]
    assert results[0]["doi"] is None and results[0]["ids"] == {"openalex": results[0]["id"]}  # type: ignore[index]
    _, by_author = get_json(f"{server.openalex}/works?{q(search='Lindqvist')}")
    assert by_author["results"] == []


# --- arXiv --------------------------------------------------------------------------------


def feed(url: str) -> ET.Element:
    status, headers, body = get(url)
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(body)


def test_arxiv_search_by_title_is_an_atom_feed(server: RegistryServer) -> None:
    root = feed(f"{server.arxiv}/api/query?{q(search_query='ti:tangled', max_results='5')}")
    assert root.findtext(f"{OPENSEARCH}totalResults") == "2"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [PUBLISHED_PREPRINT.title, PREPRINT.title]
    published = entries[0]
    assert published.findtext(f"{ATOM}id") == "http://arxiv.org/abs/2301.00777v1"
    assert published.findtext(f"{ARXIV}doi") == PUBLISHED_PREPRINT.doi
    assert published.findtext(f"{ARXIV}journal_ref") == "Journal of Imaginary Optimization (2023)"
    assert entries[1].find(f"{ARXIV}doi") is None  # an arXiv DOI is not a journal DOI
    assert [a.findtext(f"{ATOM}name") for a in entries[1].findall(f"{ATOM}author")] == [
        "Rami Haddad",
        "Adaeze Okafor",
    ]
    assert str(entries[1].findtext(f"{ATOM}published")).startswith("2022-")


def test_arxiv_id_list_known_unknown_and_malformed(server: RegistryServer) -> None:
    known = feed(f"{server.arxiv}/api/query?{q(id_list='2203.01234v2')}")
    assert [e.findtext(f"{ATOM}title") for e in known.findall(f"{ATOM}entry")] == [PREPRINT.title]
    unknown = feed(f"{server.arxiv}/api/query?{q(id_list='2203.09999')}")
    assert unknown.findtext(f"{OPENSEARCH}totalResults") == "0"
    error = feed(f"{server.arxiv}/api/query?{q(id_list='1234.123')}")
    [entry] = error.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Error"
    assert entry.findtext(f"{ATOM}summary") == "incorrect id format for 1234.123"
    assert str(entry.findtext(f"{ATOM}id")).startswith("http://arxiv.org/api/errors#")


# --- faults and the log -------------------------------------------------------------------


def test_429_carries_retry_after_then_the_real_answer_comes(server: RegistryServer) -> None:
    server.inject("/crossref/works/10.5555", Fault.RATE_LIMITED, times=2, retry_after="7")
    url = f"{server.crossref}/works/{ARTICLE.doi}"
    for _ in range(2):
        status, headers, _ = get(url)
        assert (status, headers["Retry-After"], headers["X-Rate-Limit-Interval"]) == (
            429,
            "7",
            "1s",
        )
    assert get(url)[0] == 200
    assert [r.status for r in server.log] == [429, 429, 200]
    assert [r.fault for r in server.log] == [Fault.RATE_LIMITED, Fault.RATE_LIMITED, None]


def test_datacite_and_openalex_429_answer_in_their_own_shape(server: RegistryServer) -> None:
    server.inject("/datacite/", Fault.RATE_LIMITED)
    server.inject("/openalex/", Fault.RATE_LIMITED)
    status, body = get_json(f"{server.datacite}/dois/{REPORT.doi}")
    assert status == 429 and body["errors"][0]["status"] == "429"  # type: ignore[index]
    status, _ = get_json(f"{server.openalex}/works/doi:{REPORT.doi}")
    assert status == 429


def test_404_and_500_faults_apply_to_their_prefix_only(server: RegistryServer) -> None:
    server.inject("/datacite/dois/10.48561", Fault.NOT_FOUND, times=None)
    server.inject("/openalex/works?", Fault.SERVER_ERROR)
    for _ in range(3):
        assert get(f"{server.datacite}/dois/{REPORT.doi}")[0] == 404
    assert get(f"{server.datacite}/dois/{PREPRINT.doi}")[0] == 200
    assert get(f"{server.openalex}/works?{q(search='tangled')}")[0] == 500
    assert get(f"{server.openalex}/works?{q(search='tangled')}")[0] == 200
    assert get(f"{server.openalex}/works/doi:{REPORT.doi}")[0] == 200


def test_malformed_answers_are_cut_off(server: RegistryServer) -> None:
    server.inject("/crossref/", Fault.MALFORMED)
    server.inject("/arxiv/", Fault.MALFORMED)
    status, _, body = get(f"{server.crossref}/works/{ARTICLE.doi}")
    assert status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    status, _, body = get(f"{server.arxiv}/api/query?{q(search_query='ti:tangled')}")
    assert status == 200
    with pytest.raises(ET.ParseError):
        ET.fromstring(body)


def test_a_stall_outlasts_the_clients_timeout_and_is_logged(server: RegistryServer) -> None:
    server.inject("/crossref/works/", Fault.STALL, stall=0.6)
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        get(f"{server.crossref}/works/{ARTICLE.doi}", timeout=0.2)
    deadline = time.monotonic() + 3
    while not server.log and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.log[0].fault is Fault.STALL
    assert get(f"{server.crossref}/works/{ARTICLE.doi}")[0] == 200  # the next one is answered


def test_the_log_counts_requests_per_prefix_across_threads(server: RegistryServer) -> None:
    urls = [f"{server.crossref}/works/{ARTICLE.doi}"] * 6 + [
        f"{server.datacite}/dois/{REPORT.doi}"
    ] * 4
    threads = [threading.Thread(target=get, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.count() == 10
    assert server.count("/crossref/") == 6 and server.count("/datacite/dois/10.48561") == 4
    assert {r.registry for r in server.log} == {"crossref", "datacite"}
    assert {r.user_agent for r in server.log} == {"tests (mailto:t@example.org)"}


def test_an_unknown_root_is_a_plain_404(server: RegistryServer) -> None:
    assert get(f"{server.url}/semanticscholar/paper/x")[0] == 404
    assert server.log[-1].registry == ""
