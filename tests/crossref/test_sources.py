"""DataCite, OpenAlex and arXiv through the shared polite client, against the registry
stand-in (tests/registry): each registry's real shape, and its 404, 429, 5xx, stalls and
broken answers; then `look_up` with every registry, and what the lock says when one fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.bib.model import BibEntry, BibField
from docbuild.config import REGISTRY_DEFAULTS, CrossrefSettings, RegistrySettings
from docbuild.crossref.client import CrossrefClient
from docbuild.crossref.lookup import look_up
from docbuild.crossref.sources import GIVE_UP_AFTER, Registries, open_registries
from docbuild.crossref.verified import Answer, Status
from registry.sample import ARTICLE, NO_DOI, PREPRINT, RECORDS, REPORT
from registry.server import Fault, RegistryServer


@pytest.fixture
def server(registry_server: RegistryServer) -> RegistryServer:
    registry_server.load(RECORDS)
    return registry_server


class Sleeps:
    """Stands in for time.sleep: records each wait, waits for none."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def registries(
    server: RegistryServer, cache: Path, sleep: Sleeps | None = None, **off: bool
) -> Registries:
    settings = tuple(
        RegistrySettings(r.name, f"{server.url}/{r.name}", 0.0, enabled=not off.get(r.name))
        for r in REGISTRY_DEFAULTS
    )
    crossref = CrossrefSettings(api=server.crossref, mailto="editor@example.org", timeout=0.5)
    return open_registries(
        settings, crossref, cache, backoff=0.01, max_retries=2, sleep=sleep or Sleeps()
    )


def crossref(server: RegistryServer, cache: Path) -> CrossrefClient:
    return CrossrefClient(CrossrefSettings(api=server.crossref, rate=0.0, timeout=0.5), cache)


def entry(key: str, kind: str = "article", **fields: str) -> BibEntry:
    return BibEntry(
        kind,
        key,
        tuple(BibField(name, value, n + 2) for n, (name, value) in enumerate(fields.items())),
        line=1,
    )


def test_datacite_gives_the_record_of_a_report_crossref_lacks(server, tmp_path):
    r = registries(server, tmp_path)
    assert r.datacite is not None
    answer = r.datacite.doi(REPORT.doi)
    (work,) = answer.works or ()
    assert (work.doi, work.title, work.authors[0].family, work.year, work.type, work.source) == (
        "10.48561/iip.2020.7",
        "Regional Water Futures",
        "Institute for Imaginary Policy",
        2020,
        "report",
        "datacite",
    )
    assert server.log[0].user_agent.endswith("(mailto:editor@example.org)")
    assert r.datacite.doi("10.48561/not-there").works == ()  # 404: answered, unknown


def test_openalex_and_arxiv_searches(server, tmp_path):
    r = registries(server, tmp_path)
    assert r.openalex is not None and r.arxiv is not None
    (first, *_) = r.openalex.search(NO_DOI.title).works or ()
    assert (first.title, first.doi, first.container, first.authors[0].family) == (
        "Tangled Manifolds in Practice",
        "",
        "Neural Information Processing Systems",
        "Lindqvist",
    )
    (pre,) = [w for w in r.arxiv.search(PREPRINT.title).works or () if w.arxiv_id == "2203.01234"]
    assert (pre.title, pre.preprint, pre.authors[0].family, pre.year) == (
        "Sparse Attention for Tangled Sequences",
        True,
        "Haddad",
        2022,
    )
    assert "mailto=editor%40example.org" in server.log[0].path  # OpenAlex's polite pool


@pytest.mark.parametrize("name", ["datacite", "openalex", "arxiv"])
def test_429_and_5xx_are_retried_with_backoff_and_retry_after(server, tmp_path, name):
    sleeps = Sleeps()
    r = registries(server, tmp_path, sleeps)
    server.inject(f"/{name}/", Fault.RATE_LIMITED, retry_after="3")
    server.inject(f"/{name}/", Fault.SERVER_ERROR)
    answer = _ask(r, name)
    assert answer.answered and answer.works
    assert [x.status for x in server.log] == [429, 500, 200]
    assert sleeps.waits == [3.0, 0.02]  # Retry-After, then the doubled backoff


@pytest.mark.parametrize("name", ["datacite", "openalex", "arxiv"])
@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        (Fault.MALFORMED, "answer for"),
        (Fault.SERVER_ERROR, "answered 500 Internal Server Error"),
        (Fault.STALL, "no answer from"),
    ],
)
def test_a_registry_that_keeps_failing_is_an_answer_missing_never_an_exception(
    server, tmp_path, name, fault, problem
):
    r = registries(server, tmp_path)
    server.inject(f"/{name}/", fault, times=None, stall=1.0)
    answer = _ask(r, name)
    assert not answer.answered
    assert problem in answer.problem


def test_a_registry_that_failed_three_times_is_not_asked_again(server, tmp_path):
    r = registries(server, tmp_path)
    server.inject("/openalex/", Fault.SERVER_ERROR, times=None)
    assert r.openalex is not None
    for n in range(GIVE_UP_AFTER + 2):
        r.openalex.search(f"query {n}")
    assert server.count("/openalex/") == GIVE_UP_AFTER * 3  # each: the try and 2 retries


def test_answers_are_cached_so_an_interrupted_run_resumes(server, tmp_path):
    registries(server, tmp_path).datacite.doi(REPORT.doi)  # type: ignore[union-attr]
    again = registries(server, tmp_path).datacite.doi(REPORT.doi)  # type: ignore[union-attr]
    assert again.works and server.count("/datacite/") == 1


def _ask(r: Registries, name: str):  # type: ignore[no-untyped-def]
    if name == "datacite":
        return r.datacite.doi(REPORT.doi)  # type: ignore[union-attr]
    if name == "openalex":
        return r.openalex.search(NO_DOI.title)  # type: ignore[union-attr]
    return r.arxiv.search(PREPRINT.title)  # type: ignore[union-attr]


# --- look_up with every registry ---------------------------------------------------------


def test_a_datacite_doi_is_confirmed_through_the_agency_look_up(server, tmp_path):
    e = entry(
        "iip2020",
        author="{Institute for Imaginary Policy}",
        title=REPORT.title,
        year="2020",
        doi=REPORT.doi,
    )
    v = look_up(e, crossref(server, tmp_path), registries(server, tmp_path))
    assert v.status is Status.CONFIRMED and v.record is not None
    assert v.record.source == "datacite"
    assert [(c.source, c.answer) for c in v.checked] == [
        ("crossref", Answer.ABSENT),
        ("agency", Answer.FOUND),
        ("datacite", Answer.FOUND),
    ]


def test_a_doi_no_agency_holds_is_not_found_and_the_real_one_is_suggested(server, tmp_path):
    e = entry(
        "okafor2021",
        author="Okafor, Adaeze",
        title=ARTICLE.title,
        year="2021",
        journal="Journal of Imaginary Optimization",
        doi="10.47281/bed.57189",
    )
    v = look_up(e, crossref(server, tmp_path), registries(server, tmp_path))
    assert v.status is Status.DOI_NOT_FOUND
    assert v.suggestion is not None and v.suggestion.doi == ARTICLE.doi


def test_a_conference_paper_without_doi_is_found_in_openalex(server, tmp_path):
    e = entry(
        "lindqvist2023",
        "inproceedings",
        author="Lindqvist, Per",
        title=NO_DOI.title,
        booktitle="NeurIPS",
        year="2023",
    )
    v = look_up(e, crossref(server, tmp_path), registries(server, tmp_path))
    assert v.status is Status.FOUND and v.record is not None and v.record.source == "openalex"
    assert [(c.source, c.answer) for c in v.checked] == [
        ("crossref", Answer.ABSENT),
        ("openalex", Answer.FOUND),
    ]


def test_an_invented_work_has_no_match_and_every_registry_answered(server, tmp_path):
    e = entry(
        "seo2021",
        "misc",
        author="Seo, Wei",
        title="Calibrated Retrieval of Tangles",
        howpublished="arXiv preprint",
        year="2021",
    )
    v = look_up(e, crossref(server, tmp_path), registries(server, tmp_path))
    assert v.status is Status.NO_MATCH
    assert [(c.source, c.answer) for c in v.checked] == [
        ("crossref", Answer.ABSENT),
        ("openalex", Answer.ABSENT),
        ("arxiv", Answer.ABSENT),
    ]
    assert v.candidate is not None  # the stand-in, like Crossref, always offers something


def test_when_openalex_fails_the_lock_says_so(server, tmp_path):
    server.inject("/openalex/", Fault.STALL, times=None, stall=1.0)
    e = entry("seo2021", author="Seo, Wei", title="Calibrated Retrieval of Tangles", year="2021")
    v = look_up(e, crossref(server, tmp_path), registries(server, tmp_path))
    assert v.status is Status.NO_MATCH
    assert v.answer_of("openalex") is Answer.FAILED
    assert v.answer_of("crossref") is Answer.ABSENT


@pytest.mark.parametrize("name", ["datacite", "openalex", "arxiv"])
def test_a_404_is_an_answer_that_knows_nothing_not_a_failure(server, tmp_path, name):
    r = registries(server, tmp_path)
    server.inject(f"/{name}/", Fault.NOT_FOUND)
    answer = _ask(r, name)
    assert answer.answered and answer.works == ()
    assert [x.status for x in server.log] == [404]


def test_a_doi_an_agency_holds_is_never_called_invented(server, tmp_path):
    # the agency look-up says DataCite holds it, but DataCite's answer is a 404 this time
    server.inject("/datacite/dois/", Fault.NOT_FOUND)
    e = entry("iip2020", title=REPORT.title, year="2020", doi=REPORT.doi)
    v = look_up(e, crossref(server, tmp_path), registries(server, tmp_path))
    assert (v.status, v.reason) == (
        Status.UNKNOWN_DOI,
        "registered with datacite, which serves no record of it",
    )
