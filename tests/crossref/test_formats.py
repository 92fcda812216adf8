"""Each registry's documented answer (tests/registry/shapes, written from the registries'
documentation) read into docbuild's `Work`: what the rules compare."""

from __future__ import annotations

import json
from pathlib import Path

from docbuild.crossref.formats import work_from_datacite, works_from_arxiv, works_from_openalex_list
from docbuild.crossref.sources import read_arxiv_feed

SHAPES = Path(__file__).parents[1] / "registry" / "shapes"


def shape(name: str) -> dict[str, object]:
    return json.loads((SHAPES / name).read_text(encoding="utf-8"))


def test_datacite_preprint_and_report():
    pre = work_from_datacite(shape("datacite-doi.json"))
    assert (pre.doi, pre.title, pre.type, pre.arxiv_id, pre.preprint, pre.year) == (
        "10.48550/arxiv.2203.01234",
        "Sparse Attention for Tangled Sequences",
        "posted-content",
        "2203.01234",
        True,
        2022,
    )
    assert [(a.family, a.given) for a in pre.authors] == [("Haddad", "Rami"), ("Okafor", "Adaeze")]
    report = work_from_datacite(shape("datacite-doi-report.json"))
    assert (report.type, report.container, report.authors[0].family) == (
        "report",
        "Policy Papers",
        "Institute for Imaginary Policy",
    )


def test_openalex_search_results():
    works = works_from_openalex_list(shape("openalex-works-search.json"))
    first = works[0]
    assert (first.title, first.doi, first.container, first.year, first.source) == (
        "Tangled Manifolds in Practice",
        "",
        "Neural Information Processing Systems",
        2023,
        "openalex",
    )
    assert (first.authors[0].family, first.authors[0].given) == ("Lindqvist", "Per")


def test_arxiv_feed_and_its_error_feed():
    feed = read_arxiv_feed((SHAPES / "arxiv-query.xml").read_bytes())
    (work,) = works_from_arxiv(feed)
    assert (work.title, work.arxiv_id, work.doi, work.issued, work.preprint) == (
        "Sparse Attention for Tangled Sequences",  # arXiv's hard-wrapped title, joined
        "2203.01234",
        "10.5555/jio.2023.0007",  # the published version's DOI, which arXiv lists
        "2022-03-02",
        False,  # its journal reference says where it was published
    )
    assert work.container == "J. Imag. Optim. 14 (2023) 1-14"
    try:
        read_arxiv_feed((SHAPES / "arxiv-query-error.xml").read_bytes())
    except ValueError as exc:
        assert str(exc).startswith("is an error: ")
    else:
        raise AssertionError("an error feed must not read as an empty answer")
