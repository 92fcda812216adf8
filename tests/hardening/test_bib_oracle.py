"""The oracles must be able to fail: each is shown a reading that lost or changed something."""

from __future__ import annotations

from pathlib import Path

from bib_oracle import Intended, silent_alterations, unaccounted

from docbuild.bib.model import BibComment, BibEntry, BibField, Bibliography, FailedBlock
from docbuild.bib.problems import Problem, ProblemKind

TEXT = """% a comment
@Article{khan2021,
  title = {Pakistan and Russia},
  year = 2021
}
"""
PATH = Path("refs.bib")


def _bib(*fields: BibField, problems: tuple[Problem, ...] = ()) -> Bibliography:
    entry = BibEntry("article", "khan2021", fields, line=2, end_line=5)
    return Bibliography(PATH, (BibComment("% a comment", 1), entry), problems)


TITLE = BibField("title", "Pakistan and Russia", 3, raw="{Pakistan and Russia}")
YEAR = BibField("year", "2021", 4, raw="2021")
MEANT = [Intended("khan2021", 2, 5, {"title": "Pakistan and Russia", "year": "2021"})]


def test_a_complete_reading_accounts_for_every_character() -> None:
    assert unaccounted(TEXT, _bib(TITLE, YEAR)) == []
    assert silent_alterations(_bib(TITLE, YEAR), MEANT) == []


def test_a_dropped_field_is_unaccounted_and_silent() -> None:
    assert unaccounted(TEXT, _bib(TITLE)) == [
        "line 4: 'year2021' is in no entry, comment, macro or failed block"
    ]
    assert silent_alterations(_bib(TITLE), MEANT) == [
        "entry 'khan2021' (line 2) altered without a diagnostic"
    ]


def test_a_changed_value_is_found() -> None:
    changed = BibField("title", "Pakistan and", 3, raw="{Pakistan and}")
    assert unaccounted(TEXT, _bib(changed, YEAR)) == [
        "line 2: block text '{Pakistanand}' is not in the input after line 3",
        "line 3: 'PakistanandRussia' is in no entry, comment, macro or failed block",
    ]


def test_a_diagnostic_on_the_entry_covers_an_alteration() -> None:
    report = Problem(ProblemKind.TEXT_BEFORE_END, 3)
    assert silent_alterations(_bib(TITLE, problems=(report,)), MEANT) == []


def test_a_failed_block_accounts_for_its_text() -> None:
    failed = FailedBlock(TEXT.split("\n", 1)[1], 2, ProblemKind.UNCLOSED_AT_END)
    bib = Bibliography(PATH, (BibComment("% a comment", 1), failed))
    assert unaccounted(TEXT, bib) == []
    assert silent_alterations(bib, MEANT) == []


def test_an_invented_entry_is_found() -> None:
    phantom = BibEntry("misc", "phantom", (), line=9)
    bib = Bibliography(PATH, (*_bib(TITLE, YEAR).blocks, phantom))
    assert silent_alterations(bib, MEANT) == [
        "entry 'phantom' (line 9) invented without a diagnostic"
    ]
