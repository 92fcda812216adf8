"""C003 doi-not-found: the lock's evidence in the message; an error only when all answered."""

from __future__ import annotations

from lintkit import findings, messages

from docbuild.crossref.verified import Answer, SourceCheck, Status, Verification
from docbuild.crossref.work import Author, Work
from docbuild.diagnostics import Severity

BIB = """@inproceedings{wang2021,
  author = {Wang, Chi and Wu, Qingyun},
  title = {Economic Hyperparameter Optimization with Blended Search Strategy},
  booktitle = {ICLR}, year = {2021},
  doi = {10.47281/bed.57189}
}
"""
DOI = "10.47281/bed.57189"
NOBODY = (
    SourceCheck("crossref", Answer.ABSENT, DOI),
    SourceCheck("agency", Answer.ABSENT, DOI),
)


def lock(status: Status, checked: tuple[SourceCheck, ...], **kw: object) -> dict[str, Verification]:
    v = Verification(status, 0.0, "", "2026-12-02T05:00:00Z", doi=DOI, checked=checked, **kw)  # type: ignore[arg-type]
    return {"wang2021": v}


def test_a_doi_no_registry_knows_is_an_error_with_its_evidence():
    (d,) = findings("doi-not-found", BIB, verified=lock(Status.DOI_NOT_FOUND, NOBODY))
    assert d.severity is Severity.ERROR
    assert (d.location.line, d.message) == (
        5,
        "doi '10.47281/bed.57189' does not exist (Crossref: no record, the DOI agencies: "
        "none; asked 2026-12-02): https://doi.org/10.47281/bed.57189 resolves to nothing",
    )
    assert d.fix == "copy the DOI from the publisher's page, or remove it"


def test_the_fix_offers_the_doi_of_the_work_with_this_title():
    real = Work("10.5555/real.1", "Economic Hyperparameter Optimization", authors=(Author("Wang"),))
    (d,) = findings(
        "doi-not-found", BIB, verified=lock(Status.DOI_NOT_FOUND, NOBODY, suggestion=real)
    )
    assert d.fix == "doi = {10.5555/real.1}  (the work with this title, Crossref)"


def test_a_registry_that_did_not_answer_makes_it_a_warning():
    checked = (
        SourceCheck("crossref", Answer.ABSENT, DOI),
        SourceCheck("agency", Answer.FAILED, "no answer from Crossref within 5 s"),
        SourceCheck("datacite", Answer.FAILED, "DataCite answered 503"),
    )
    (d,) = findings("doi-not-found", BIB, verified=lock(Status.UNKNOWN_DOI, checked))
    assert d.severity is Severity.WARNING
    assert d.message == (
        "doi '10.47281/bed.57189' could not be checked: Crossref has no record of it and "
        "the DOI agencies: no answer, DataCite: no answer"
    )


def test_passes_on_a_doi_another_agency_holds_and_on_a_confirmed_one():
    other = lock(Status.UNKNOWN_DOI, NOBODY[:1])
    other["wang2021"] = Verification(
        Status.UNKNOWN_DOI,
        0.0,
        "registered with medra, whose records docbuild does not read",
        "",
        doi=DOI,
    )
    assert messages("doi-not-found", BIB, verified=other) == []
    assert messages("doi-not-found", BIB, verified=lock(Status.CONFIRMED, NOBODY)) == []


def test_an_entry_whose_doi_changed_since_the_check_is_left_alone():
    changed = BIB.replace(DOI, "10.47281/bed.57190")
    assert messages("doi-not-found", changed, verified=lock(Status.DOI_NOT_FOUND, NOBODY)) == []
