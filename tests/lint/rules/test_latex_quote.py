"""M010 latex-quote: a quotation opened LaTeX's way, with a backtick: pandoc prints it as typed."""

from __future__ import annotations

from lintkit import findings

BIB = "@article{lee2011, title = {Design}, year = {2011}}\n"


def test_quotation_marks_code_and_apostrophes_pass() -> None:
    text = (
        "We traverse the 'X-ray desert' and the \u201cX-ray desert\u201d, run `f'` and\n"
        "`x = 'a'` in code, and it's the authors' own ``code`` too.\n"
    )
    assert findings("M010", BIB, text) == []


def test_a_latex_quotation_is_found_where_it_is_written() -> None:
    # DavidT3/DAXA's paper/paper.md (tests/realworld/manuscripts/joss-daxa), line 108: the
    # page printed "through the `X-ray desert', and".
    text = (
        "impact of X-ray telescopes; we should seek to maximise the user of X-ray data, both"
        " to support X-ray astronomy \n"
        "through the `X-ray desert', and to persuade funding bodies of the great need for"
        " further X-ray telescopes. \n"
    )
    found = findings("M010", BIB, text)
    assert [(f.location.line, f.location.column) for f in found] == [(2, 13)]
    assert found[0].message == (
        "'`X-ray desert'' is a LaTeX quotation: pandoc prints its backtick and apostrophe as typed"
    )
    assert found[0].fix == "write '\u2018X-ray desert\u2019'"


def test_a_double_latex_quotation_gets_double_marks() -> None:
    found = findings("M010", BIB, "The so-called ``hard problem'' of it's kind.\n")
    assert [f.fix for f in found] == ["write '\u201chard problem\u201d'"]
    # one backtick opened, two apostrophes closed: not a pair, not reported
    assert findings("M010", BIB, "The so-called `hard problem'' here.\n") == []
