"""One entry looked up against the local server: each verdict the lock can hold."""

from __future__ import annotations

from pathlib import Path

from docbuild.bib.model import BibEntry, BibField
from docbuild.config import CrossrefSettings
from docbuild.crossref.client import CrossrefClient
from docbuild.crossref.lookup import iso_time, look_up
from docbuild.crossref.verified import Answer, Status


def entry(key: str, **fields: str) -> BibEntry:
    return BibEntry(
        "article",
        key,
        tuple(BibField(name, value, n + 2) for n, (name, value) in enumerate(fields.items())),
        line=1,
    )


def client(url: str, cache: Path) -> CrossrefClient:
    return CrossrefClient(CrossrefSettings(api=url, rate=0.0, timeout=2.0), cache)


def test_a_doi_no_agency_knows(crossref_server, tmp_path):
    e = entry("x2020", title="Something", doi="10.5555/not-registered")
    found = look_up(e, client(crossref_server.url, tmp_path))
    assert (found.status, found.reason, found.doi, found.record) == (
        Status.DOI_NOT_FOUND,
        "neither Crossref nor DataCite knows this DOI, and no DOI agency has it",
        "10.5555/not-registered",
        None,
    )
    assert [(c.source, c.answer) for c in found.checked] == [
        ("crossref", Answer.ABSENT),
        ("agency", Answer.ABSENT),
    ]


def test_an_entry_without_title_is_not_searched(crossref_server, tmp_path):
    found = look_up(entry("x2020", author="Smith, J."), client(crossref_server.url, tmp_path))
    assert found.status is Status.NO_TITLE
    assert crossref_server.recorded.log == []


def test_a_wrong_doi_without_a_findable_work_has_no_suggestion(crossref_server, tmp_path):
    e = entry(
        "k", author="Khan, M.", title="An Unindexed Essay", year="2019", doi="10.5555/12345678"
    )
    found = look_up(e, client(crossref_server.url, tmp_path))
    assert found.status is Status.MISMATCH
    assert found.suggestion is None  # the default search answer is Carberry's paper again


def test_iso_time():
    assert iso_time(0.0) == "1970-01-01T00:00:00Z"
