"""One DOI cleaner: every way people write a DOI gives one answer."""

from __future__ import annotations

import pytest

from docbuild.bib.doi import (
    arxiv_id_of_doi,
    bare_doi,
    doi_key,
    doi_of_url,
    has_label,
    is_doi,
    is_resolver_url,
)


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("10.1000/ABC", "10.1000/ABC"),
        ("https://doi.org/10.1000/ABC", "10.1000/ABC"),
        ("https://www.doi.org/10.1000/ABC", "10.1000/ABC"),
        ("http://dx.doi.org/10.1000/ABC", "10.1000/ABC"),
        ("doi.org/10.1000/ABC", "10.1000/ABC"),
        ("doi:10.1000/ABC", "10.1000/ABC"),
        ("DOI: 10.1000/ABC", "10.1000/ABC"),
        ("10.1000/ABC.", "10.1000/ABC"),
        ("10.1000/ABC;", "10.1000/ABC"),
        ("10.1000/A\\_B\\_C", "10.1000/A_B_C"),
        ("10.1000%2FABC", "10.1000/ABC"),
        ("https%3A%2F%2Fdoi.org%2F10.1000%2FABC", "10.1000/ABC"),
        (" 10.1000/ ABC ", "10.1000/ABC"),
        ("10.31703/gfpr.2023(VI-III).01", "10.31703/gfpr.2023(VI-III).01"),
    ],
)
def test_bare_doi(written: str, bare: str) -> None:
    assert bare_doi(written) == bare
    assert bare_doi(bare_doi(written)) == bare_doi(written)  # idempotent: normalize relies on it
    assert doi_key(written) == bare.lower()


def test_the_forms_a_finding_names() -> None:
    assert is_doi("10.1000/abc") and not is_doi("https://doi.org/10.1000/abc")
    assert is_resolver_url("https://www.doi.org/10.1/x") and not is_resolver_url("10.1/x")
    assert has_label("doi:10.1/x") and not has_label("10.1/x")
    assert doi_of_url("https://doi.org/10.1000/ABC") == "10.1000/ABC"
    assert doi_of_url("https://example.org/10.1000/ABC") is None
    assert doi_of_url("https://doi.org/not-a-doi") is None


@pytest.mark.parametrize(
    ("doi", "arxiv"),
    [
        ("10.48550/arXiv.2602.12271v1", "2602.12271v1"),  # the version as written
        ("https://doi.org/10.48550/ARXIV.2101.00001", "2101.00001"),
        ("10.48550/arXiv.hep-th/9901001", "hep-th/9901001"),  # an old-style id
        ("10.1000/arXiv.2101.00001", None),  # another registrant's DOI
        ("10.48550/2101.00001", None),
    ],
)
def test_the_arxiv_id_of_an_arxiv_doi(doi: str, arxiv: str | None) -> None:
    assert arxiv_id_of_doi(doi) == arxiv
