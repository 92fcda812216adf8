"""`doit lint` on the sample paper finds every defect the sample keeps on purpose, and in the
manuscript nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from samplekit import run_sample

ROOT = Path(__file__).resolve().parents[2]


# (rule, key) for each defect of the printed reference list that refs.bib keeps.
BIB_SHOWCASE = {
    ("B004", "javed2022"),  # date = {2022, 2 23}
    ("B004", "kaura2018"),  # month = {september}
    ("B005", "hussain2012"),  # no DOI where the print gives none
    ("B006", "khalid2021"),  # the DOI written as a URL
    ("B007", "sheikh2023"),  # dated February 2023, the URL says /2023/01/
    ("B008", "tanvir2022"),  # no container
    ("B008", "yousaf2014"),  # no container
    # ("Hussain, N" without a period is no defect: the style adds it when it initials)
    ("B009", "kaura2018"),  # "Kaura , V."
    ("B010", "hussain2015"),  # the all-caps title
    # (khan2019's 89-104 is no defect: the CSL prints the range with an en dash)
    ("B012", "hussain2015"),  # "Center(Russia"
    ("B012", "khan2021"),  # "Russia- Pakistan"
    ("B012", "chaliha2021"),  # "Russia'Interest"
    ("B013", "hussain2012"),  # questia.com closed
}
# Every finding in the manuscript, exactly: the text defects and nothing else.
TEXT_SHOWCASE = {
    ("M004", "khan2021"),  # Khan (2020) [@khan2021]
    ("M005", "craig2015"),  # a 2015 source for the events of 2022, as the printed article did
    ("M006", None),  # $300 in aid
    ("M007", "kurita2019"),  # (Kurita, [2019](#))
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    paper = run_sample(tmp_path_factory, "lint", timeout=120)
    return json.loads((paper / "build" / "lint-report.json").read_text(encoding="utf-8"))


def _found(report: dict[str, object]) -> set[tuple[str, str | None]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {(f["rule"], f["key"]) for f in findings}


def test_every_defect_of_the_printed_list_is_found(report: dict[str, object]) -> None:
    assert sorted(BIB_SHOWCASE - _found(report), key=str) == []


def test_the_manuscript_has_exactly_the_text_defects_it_is_meant_to(
    report: dict[str, object],
) -> None:
    found = {f for f in _found(report) if f[0].startswith("M")}
    assert sorted(found, key=str) == sorted(TEXT_SHOWCASE, key=str)


def test_every_entry_is_cited(report: dict[str, object]) -> None:
    assert {f for f in _found(report) if f[0] in {"M001", "M002", "M003"}} == set()
