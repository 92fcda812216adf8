"""Crossref JSON to our Work record: dates, titles, authors, and retraction notices."""

from __future__ import annotations

import json
from pathlib import Path

from docbuild.crossref.work import (
    Author,
    Notice,
    Update,
    Work,
    work_from_dict,
    work_from_json,
    work_to_dict,
)

DATA = Path(__file__).parent / "data"


def recorded(name: str) -> Work:
    return work_from_json(json.loads((DATA / name).read_text(encoding="utf-8"))["message"])


def test_a_journal_article():
    assert recorded("work-khan2019.json") == Work(
        doi="10.53532/ss.039.03.00107",
        title="Pakistan’s Foreign Policy towards Russia: New Directions",
        authors=(Author("Khan", "M. T. F."),),
        container="Strategic Studies",
        issued="2019-10-01",
        online="2019-10-01",
        print="2019",
        type="journal-article",
    )


def test_markup_in_titles_and_organisations_as_authors():
    work = work_from_json(
        {
            "DOI": "10.5555/m",
            "title": ["The <i>E. coli</i>  genome &amp; its  kin"],
            "author": [{"name": "The Consortium", "sequence": "first"}],
            "issued": {"date-parts": [[None]]},
        }
    )
    assert work.title == "The E. coli genome & its kin"
    assert work.authors == (Author("The Consortium"),)
    assert work.issued == "" and work.year is None


def test_a_retracted_work():
    work = recorded("work-retracted.json")
    assert work.updates == (
        Update(
            "updated-by", "retraction", "10.5555/retraction.2020.002", "2020-03-02", "publisher"
        ),
        Update("is-retracted-by", "", "10.5555/retraction.2020.002"),
    )
    assert work.notice() == (Notice.RETRACTED, work.updates[0])


def test_a_retraction_notice_is_itself_a_notice():
    work = recorded("work-retraction-notice.json")
    notice = work.notice()
    assert notice is not None
    assert notice[0] is Notice.IS_NOTICE and notice[1].doi == "10.5555/retracted.2017.001"


def test_an_expression_of_concern():
    notice = recorded("work-concern.json").notice()
    assert notice is not None
    assert notice[0] is Notice.CONCERN
    assert notice[1].source == "retraction-watch"


def test_a_relation_alone_marks_a_retraction():
    work = Work(doi="10.5555/r", title="T", updates=(Update("is-retracted-by", "", "10.5555/n"),))
    assert work.notice() == (Notice.RETRACTED, work.updates[0])


def test_corrections_are_not_notices():
    work = Work(
        doi="10.5555/c", title="T", updates=(Update("updated-by", "correction", "10.5555/e"),)
    )
    assert work.notice() is None


def test_years_include_online_and_print():
    assert recorded("work-online-first.json").years() == (2019, 2020)


def test_lock_dict_round_trip():
    for path in sorted(DATA.glob("work-*.json")):
        work = recorded(path.name)
        assert work_from_dict(json.loads(json.dumps(work_to_dict(work)))) == work
