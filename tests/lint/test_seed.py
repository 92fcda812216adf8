"""Done means: on a transcription of the seed article's reference list, every printed defect is
reported with the right entry key and rule; the manuscript fixture's slips are found too."""

from __future__ import annotations

from pathlib import Path

import pytest
from lintkit import lint_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def found() -> set[tuple[str, str | None]]:
    result = lint_text(
        (FIXTURES / "seed_refs.bib").read_text(encoding="utf-8"),
        (FIXTURES / "seed_manuscript.md").read_text(encoding="utf-8"),
    )
    return {(d.name, d.key) for d in result.findings}


# (rule name, entry key): each defect named at the top of issue 3, in the seed's entries.
SEED_DEFECTS = [
    # references that lack DOIs
    ("missing-doi", "hussain2015"),
    ("missing-doi", "hussain2012"),
    ("missing-doi", "khan2021"),
    # (kurita2019 is a report: reports seldom have DOIs, so its absence is no finding)
    ("missing-doi", "chaliha2021"),
    # a date written "2022, 2 23"; a month in lower case
    ("malformed-date", "javed2022"),
    ("malformed-date", "kaura2018"),
    # a DOI pasted as a URL (in `doi`), and a DOI that stands only in `url`
    ("doi-format", "khan2019"),
    ("missing-doi", "khalid2021"),
    # an all-caps title
    ("all-caps-title", "hussain2015"),
    # names like "Kaura , V." ("Hussain, N" is fine: the style adds the period)
    ("malformed-name", "kaura2018"),
    # a source dated February whose URL says January
    ("date-mismatch", "sheikh2023"),
    # entries with no container at all
    ("incomplete-entry", "tanvir2022"),
    ("incomplete-entry", "yousaf2014"),
    # Russia'Interest, Russia- Pakistan, Center(Russia, Pakistan- US, Pak- U.S.
    ("malformed-text", "chaliha2021"),
    ("malformed-text", "khan2021"),
    ("malformed-text", "hussain2015"),
    ("malformed-text", "yousaf2014"),
    ("malformed-text", "tanvir2022"),
    # questia.com closed in 2020
    ("dead-url", "hussain2012"),
    # (89-104 and 1-8 print with an en dash: the CSL style writes the range, so no finding)
]

MANUSCRIPT_DEFECTS = [
    ("broken-link", "kurita2019"),  # (Kurita, [2019](#))
    ("suspicious-figure", None),  # $300 in aid
    ("year-mismatch", "khan2021"),  # Khan (2020) [@khan2021]
    ("anachronism", "hussain2012"),  # a 2012 source for August 2021
    ("unmatched-citation", None),  # (Ahmed, 2020)
    ("undefined-citation", None),  # [@nosuchkey2020]
]


@pytest.mark.parametrize(("rule", "key"), SEED_DEFECTS + MANUSCRIPT_DEFECTS)
def test_every_seed_defect_is_reported(
    found: set[tuple[str, str | None]], rule: str, key: str | None
) -> None:
    assert (rule, key) in found


def test_nothing_is_reported_that_the_seed_does_not_have(
    found: set[tuple[str, str | None]],
) -> None:
    assert found - set(SEED_DEFECTS) - set(MANUSCRIPT_DEFECTS) == set()


def test_typed_citations_count_as_citing_their_entries(
    found: set[tuple[str, str | None]],
) -> None:
    assert not {k for rule, k in found if rule == "uncited-entry"}
