"""Pure matching: scores, reasons and the confidence thresholds, on recorded works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuild.bib.doi import doi_key
from docbuild.bib.model import BibEntry, BibField
from docbuild.crossref.match import (
    Reference,
    best_match,
    first_surname,
    match,
    normalize_text,
    query_for,
    reference_from_entry,
)
from docbuild.crossref.work import Author, Work, work_from_json

DATA = Path(__file__).parent / "data"


def recorded(name: str) -> Work:
    return work_from_json(json.loads((DATA / name).read_text(encoding="utf-8"))["message"])


def searched(name: str) -> list[Work]:
    items = json.loads((DATA / name).read_text(encoding="utf-8"))["message"]["items"]
    return [work_from_json(i) for i in items]


def entry(key: str, entry_type: str = "article", **fields: str) -> BibEntry:
    return BibEntry(
        entry_type,
        key,
        tuple(BibField(name, value, n + 2) for n, (name, value) in enumerate(fields.items())),
        line=1,
    )


KHAN = entry(
    "khan2019",
    author="Khan, M. T. F.",
    title="Pakistan's Foreign Policy towards Russia: New Directions",
    journal="Strategic Studies",
    year="2019",
    doi="10.53532/ss.039.03.00107",
)


def test_reference_from_entry():
    assert reference_from_entry(KHAN) == Reference(
        key="khan2019",
        title="Pakistan's Foreign Policy towards Russia: New Directions",
        surname="Khan",
        year=2019,
        container="Strategic Studies",
        doi="10.53532/ss.039.03.00107",
    )


def test_a_doi_written_as_a_link_is_the_entry_doi():
    e = entry("khalid2021", title="T", doi="https://doi.org/10.48561/375h-qav7")
    assert reference_from_entry(e).doi == "10.48561/375h-qav7"
    e = entry("k", title="T", url="https://doi.org/10.48561/375H-QAV7")
    assert reference_from_entry(e).doi == "10.48561/375h-qav7"


def test_year_comes_from_date_when_there_is_no_year_field():
    assert reference_from_entry(entry("j", title="T", date="2022, 2 23")).year == 2022


@pytest.mark.parametrize(
    ("names", "surname"),
    [
        ("Khan, M. T. F.", "Khan"),
        ("Kaura , V.", "Kaura"),
        ("Hussain, N and Fatima, Q.", "Hussain"),
        ("Ludwig van Beethoven and Smith, J.", "Beethoven"),
        ("{World Health Organization}", "World Health Organization"),
        ("{Barnes and Noble} and Smith, J.", "Barnes and Noble"),
        ("{\\'E}mile Zola", "Zola"),
        # A stray closing brace does not hide the rest of the list (BibTeX's reading too).
        ("Smith} and Doe, J.", "Smith"),
        ("", ""),
    ],
)
def test_first_surname(names: str, surname: str):
    assert first_surname(names) == surname


def test_normalization():
    assert normalize_text("Russia’s {I}nterest in \\emph{Pakistan} &amp; <i>India</i>") == (
        "russia s interest in pakistan india"
    )
    assert doi_key(" https://dx.doi.org/10.1000/ABC. ") == "10.1000/abc"
    assert doi_key("doi:10.1000/abc") == "10.1000/abc"


def test_the_right_work_matches_fully():
    m = match(reference_from_entry(KHAN), recorded("work-khan2019.json"))
    assert (m.score, m.reason) == (
        1.0,
        "title 100% similar, first author matches, year matches, container matches",
    )
    assert m.confident and not m.contradicts


def test_a_doi_of_another_paper_contradicts_the_entry():
    m = match(reference_from_entry(KHAN), recorded("work-carberry2008.json"))
    assert m.reason == (
        "title 22% similar, first author 'Carberry' not 'Khan', year 2008 not 2019, "
        "container 'Journal of Psychoceramics' differs"
    )
    assert m.score == 0.13
    assert m.contradicts and not m.confident
    assert m.differences() == ["title", "first author", "year"]


def test_a_search_finds_a_slightly_different_spelling():
    chaliha = entry(
        "chaliha2021",
        author="Chaliha, Y. D.",
        title="Russia'Interest In Pakistan And Its Implications On India",
        journal="Journal of Contemporary Issues in Business and Government",
        year="2021",
    )
    best = best_match(reference_from_entry(chaliha), searched("search-chaliha2021.json"))
    assert best is not None
    work, m = best
    assert work.doi == "10.5555/cibg.2021.27.02.120"
    assert (m.score, m.reason) == (
        0.99,
        "title 98% similar, first author matches, year matches, container matches",
    )
    assert m.confident


def test_no_good_match_is_not_confident():
    yousaf = entry(
        "yousaf2014",
        "misc",
        author="Yousaf, N.",
        title="Sources and Impact of Trust deficit in Pakistan- US relations",
        year="2014",
    )
    best = best_match(reference_from_entry(yousaf), searched("search-yousaf2014.json"))
    assert best is not None
    work, m = best
    assert work.doi == "10.5555/sa.2015.3.1.55"
    assert (
        m.reason
        == "title 42% similar, first author 'Yusuf' not 'Yousaf', year 2015 within one of 2014"
    )
    assert not m.confident


def test_a_close_title_with_the_wrong_author_is_not_confident():
    ref = reference_from_entry(KHAN)
    stranger = Work(doi="10.5555/x", title=ref.title, container="Strategic Studies", issued="2019")
    other = Work(doi=stranger.doi, title=stranger.title, authors=(Author("Smith"),), issued="2019")
    assert match(ref, stranger).confident  # nothing contradicts
    assert not match(ref, other).confident
    assert match(ref, other).contradicts


def test_a_missing_subtitle_still_matches():
    work = Work(
        doi="10.5555/y", title="Pakistan's Foreign Policy towards Russia", subtitle="New Directions"
    )
    assert match(reference_from_entry(KHAN), work).title == 1.0


def test_year_within_one_of_online_first_is_not_a_contradiction():
    ref = reference_from_entry(KHAN)
    work = Work(doi="10.5555/z", title=ref.title, issued="2018-12-20", print="2020-01")
    m = match(ref, work)
    assert m.year is True
    assert m.reason == "title 100% similar, year 2018/2020 within one of 2019"


def test_query_for():
    assert query_for(reference_from_entry(KHAN)) == (
        "Khan Pakistan's Foreign Policy towards Russia: New Directions Strategic Studies 2019"
    )
