"""The stand-in answers in the documented shapes: everything it renders appears, with the same
JSON type (or element), in the fixtures under shapes/ (built from the registries' documentation,
see shapes/README.md). The stand-in may leave fields out; it may not invent ones."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from registry import render
from registry.records import Person, Registry, WorkRecord, WorkType
from registry.sample import ARTICLE, NO_DOI, PREPRINT, PUBLISHED_PREPRINT, REPORT

SHAPES = Path(__file__).parent / "shapes"
ATOM = "{http://www.w3.org/2005/Atom}"

CROSSREF_PREPRINT = WorkRecord(
    title="Tangled Gene Networks in an Invented Organism",
    authors=(Person("Haddad", "Rami"),),
    year=2022,
    venue="Bioinformatics",
    type=WorkType.PREPRINT,
    doi="10.1101/2022.03.14.555555",
    registry=Registry.CROSSREF,
)


def shape(name: str) -> object:
    return json.loads((SHAPES / name).read_text(encoding="utf-8"))


def undocumented(ours: object, documented: object, path: str = "$") -> list[str]:
    """Paths in `ours` that `documented` lacks or types differently (null fits any type)."""
    if ours is None or documented is None:
        return []
    if isinstance(ours, dict):
        if not isinstance(documented, dict):
            return [f"{path}: object, documented {type(documented).__name__}"]
        out: list[str] = []
        for k, v in ours.items():
            if k not in documented:
                out.append(f"{path}.{k}: not documented")
            else:
                out.extend(undocumented(v, documented[k], f"{path}.{k}"))
        return out
    if isinstance(ours, list):
        if not isinstance(documented, list):
            return [f"{path}: list, documented {type(documented).__name__}"]
        if ours and documented:
            return undocumented(ours[0], documented[0], f"{path}[0]")
        return []
    if _kind(ours) != _kind(documented):
        return [f"{path}: {_kind(ours)}, documented {_kind(documented)}"]
    return []


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "str" if isinstance(value, str) else type(value).__name__


def test_the_comparison_catches_an_invented_field_and_a_wrong_type() -> None:
    documented = {"title": ["T"], "year": 2020, "author": [{"family": "F"}], "x": None}
    assert undocumented({"title": ["T"], "year": 2021, "author": [], "x": 3}, documented) == []
    assert undocumented({"titel": ["T"]}, documented) == ["$.titel: not documented"]
    assert undocumented({"year": "2020"}, documented) == ["$.year: str, documented number"]
    assert undocumented({"author": [{"family": "F", "orcid": "o"}]}, documented) == [
        "$.author[0].orcid: not documented"
    ]


@pytest.mark.parametrize(
    ("ours", "fixture"),
    [
        (render.crossref_work_reply(ARTICLE), "crossref-work.json"),
        (render.crossref_work_reply(CROSSREF_PREPRINT), "crossref-work-posted-content.json"),
        (
            render.crossref_list_reply([(PUBLISHED_PREPRINT, 61.8), (ARTICLE, 48.1)], 5, "q"),
            "crossref-works-query.json",
        ),
        (render.datacite_doi_reply(PREPRINT), "datacite-doi.json"),
        (render.datacite_doi_reply(REPORT), "datacite-doi-report.json"),
        (render.DATACITE_NOT_FOUND, "datacite-doi-404.json"),
        (render.openalex_work(ARTICLE), "openalex-work-doi.json"),
        (render.openalex_list_reply([NO_DOI, ARTICLE], 2, 5), "openalex-works-search.json"),
        (render.OPENALEX_NOT_FOUND, "openalex-work-404.json"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_json_answers_use_only_documented_fields(ours: object, fixture: str) -> None:
    assert undocumented(ours, shape(fixture)) == []


def test_crossref_not_found_and_429_are_plain_text() -> None:
    assert (SHAPES / "crossref-work-404.txt").read_bytes() == render.CROSSREF_NOT_FOUND
    head, _, body = (SHAPES / "crossref-429.http").read_text(encoding="utf-8").partition("\n\n")
    status, *header_lines = head.splitlines()
    headers = dict(line.split(": ", 1) for line in header_lines)
    assert status == "HTTP/1.1 429 Too Many Requests"
    assert headers["Retry-After"] == "2" and headers["X-Rate-Limit-Interval"] == "1s"
    assert body.strip() == "Too Many Requests"


def tags(element: ET.Element) -> set[str]:
    return {child.tag for child in element}


def test_arxiv_feed_uses_only_documented_elements() -> None:
    documented = ET.parse(SHAPES / "arxiv-query.xml").getroot()
    ours = ET.fromstring(render.arxiv_feed([PUBLISHED_PREPRINT, PREPRINT], "search_query=ti:x", 2))
    assert tags(ours) <= tags(documented)
    documented_entry = documented.find(f"{ATOM}entry")
    assert documented_entry is not None
    for entry in ours.findall(f"{ATOM}entry"):
        assert tags(entry) <= tags(documented_entry)
        author = entry.find(f"{ATOM}author")
        assert author is not None and tags(author) == {f"{ATOM}name"}


def test_arxiv_error_feed_matches_the_documented_one() -> None:
    documented = ET.parse(SHAPES / "arxiv-query-error.xml").getroot()
    ours = ET.fromstring(
        render.arxiv_error_feed("id_list=2203.123", "incorrect id format for 2203.123")
    )
    assert tags(ours) == tags(documented)
    d, o = documented.find(f"{ATOM}entry"), ours.find(f"{ATOM}entry")
    assert d is not None and o is not None and tags(o) == tags(d)
    for tag in ("id", "title", "summary"):
        assert o.findtext(f"{ATOM}{tag}") == d.findtext(f"{ATOM}{tag}")
