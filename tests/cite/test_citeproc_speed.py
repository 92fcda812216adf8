"""citeproc-py's XPath answers kept per element (cite/citeproc_speed.py): the same previews,
and each expression asked of an element once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from docbuild.bib.model import BibEntry
from docbuild.cite import citeproc_speed
from docbuild.cite.engine import APA, load_csl_style, render_entries
from docbuild.jobs.bibfile import read_bib
from docbuild.style import PACKAGE_STYLES

REALWORLD = Path(__file__).parents[1] / "realworld" / "bib"
STYLES = (APA, PACKAGE_STYLES / "ieee" / "ieee.csl")


@pytest.fixture(scope="module")
def entries() -> tuple[BibEntry, ...]:
    """Forty entries of several types, names and dates (as many as incomplete-entry previews)."""
    every = read_bib(REALWORLD / "bibdesk-cdl-master" / "refs.bib").entries
    return every[::150][:40]


@pytest.fixture
def memo() -> Iterator[None]:
    citeproc_speed.forget_xpath()
    citeproc_speed.remember_xpath()
    yield
    citeproc_speed.remember_xpath()  # as load_csl_style leaves it for the other tests


@pytest.mark.parametrize("style", STYLES, ids=lambda p: p.stem)
def test_the_previews_are_citeproc_pys_own(
    style: Path, entries: tuple[BibEntry, ...], memo: None
) -> None:
    remembered = render_entries(entries, style)
    citeproc_speed.forget_xpath()
    own = render_entries(entries, style)
    assert len(own) == len(entries)
    assert remembered == own


def test_each_expression_is_asked_of_an_element_once(
    entries: tuple[BibEntry, ...], memo: None
) -> None:
    load_csl_style(APA)
    render_entries(entries, APA)
    answers = len(citeproc_speed._ANSWERS)
    assert answers > 0
    render_entries(entries, APA)  # the same elements and expressions: nothing asked again
    assert len(citeproc_speed._ANSWERS) == answers
