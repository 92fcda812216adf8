"""M008 cited-twice: a work cited by its entry's key and by its DOI Manubot's way."""

from __future__ import annotations

from lintkit import findings

BIB = "@article{khan2019, title = {Strategic Studies}, doi = {10.53532/ss.039.03.00107}}\n"


def test_an_entry_cited_alone_passes() -> None:
    assert findings("M008", BIB, "As [@khan2019] shows.\n") == []
    # its DOI alone, the entry uncited: one reference (M002 says the entry is not cited)
    assert findings("M008", BIB, "As [@doi:10.53532/ss.039.03.00107] shows.\n") == []


def test_the_entry_and_its_doi_cited_are_one_finding_at_the_doi() -> None:
    text = (
        "As [@khan2019] shows [@doi:10.53532/SS.039.03.00107].\n\n"
        "Again [@doi:10.53532/ss.039.03.00107].\n"
    )
    found = findings("M008", BIB, text)
    assert [(d.location.path.name, d.location.line, d.location.column, d.key) for d in found] == [
        ("text.md", 1, 23, "khan2019")
    ]
    assert found[0].message == (
        "citation '@doi:10.53532/SS.039.03.00107' is the DOI of entry 'khan2019', which is"
        " cited too: the reference list prints the work twice"
    )
    assert found[0].fix == "cite it as '@khan2019'"


def test_a_citation_tag_for_the_entry_s_doi_is_found_too() -> None:
    text = "[@strat]: doi:10.53532/ss.039.03.00107\n\nAs [@khan2019] and [@strat] show.\n"
    found = findings("M008", BIB, text)
    assert [(d.location.line, d.message) for d in found] == [
        (
            3,
            "citation '@strat' is the DOI of entry 'khan2019', which is cited too: the reference"
            " list prints the work twice",
        )
    ]
