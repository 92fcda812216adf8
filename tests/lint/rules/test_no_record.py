"""C004 no-record: the nearest candidate in the message; "not checkable" while a registry
that could know the work gave no answer."""

from __future__ import annotations

from lintkit import findings, messages

from docbuild.crossref.match import query_for, reference_from_entry
from docbuild.crossref.verified import Answer, SourceCheck, Status, Verification
from docbuild.crossref.work import Author, Work
from docbuild.diagnostics import Severity

BIB = """@inproceedings{seo2021,
  author = {Seo, Wei and Sucholutsky, Sofia},
  title = {Toward Calibrated Multi-Modal Retrieval with Active Learning},
  booktitle = {ICLR},
  year = {2021}
}
"""
NEAREST = Work(
    doi="",
    title="Multi-Modal Retrieval with Calibrated Uncertainty",
    authors=(Author("Okafor", "Adaeze"),),
    container="International Conference on Learning Representations",
    issued="2022",
    source="openalex",
)


def lock(*answers: tuple[str, Answer], candidate: Work | None = NEAREST) -> dict[str, Verification]:
    checked = tuple(SourceCheck(name, a, "") for name, a in answers)
    v = Verification(
        Status.NO_MATCH, 0.4, "", "2026-12-02T05:00:00Z", checked=checked, candidate=candidate
    )
    return {"seo2021": v}


def test_no_registry_knows_the_work_an_error_with_the_nearest_candidate():
    asked = lock(("crossref", Answer.ABSENT), ("openalex", Answer.ABSENT))
    (d,) = findings("no-record", BIB, verified=asked)
    assert d.severity is Severity.ERROR
    assert (d.location.line, d.message) == (
        3,
        "no registry knows this work (asked Crossref, OpenAlex on 2026-12-02); the nearest, in "
        "OpenAlex, is 'Multi-Modal Retrieval with Calibrated Uncertainty' (Okafor, 2022): "
        "title 61% similar, first author 'Okafor' not 'Seo', year 2022 within one of 2021, "
        "container matches",
    )


def test_a_registry_that_failed_makes_it_not_checkable():
    failed = lock(("crossref", Answer.ABSENT), ("openalex", Answer.FAILED), candidate=None)
    (d,) = findings("no-record", BIB, verified=failed)
    assert d.severity is Severity.WARNING
    assert d.message == (
        "not checkable: no work with this title found, but OpenAlex did not answer or was not "
        "asked; no registry offered a candidate"
    )


def test_a_preprint_needs_arxiv_s_answer_too():
    preprint = BIB.replace("booktitle = {ICLR}", "journal = {arXiv preprint}")
    asked = lock(("crossref", Answer.ABSENT), ("openalex", Answer.ABSENT))
    (d,) = findings("no-record", preprint, verified=asked)
    assert d.severity is Severity.WARNING and "arXiv did not answer" in d.message


def test_passes_on_a_found_work_and_on_an_entry_changed_since():
    v = Verification(Status.FOUND, 0.95, "", "", record=NEAREST)
    assert messages("no-record", BIB, verified={"seo2021": v}) == []
    from lintkit import BIB as PATH

    from docbuild.bib.read import parse_bib

    (e,) = parse_bib(BIB, PATH).entries
    stale = lock(("crossref", Answer.ABSENT), ("openalex", Answer.ABSENT))
    stale["seo2021"] = Verification(
        Status.NO_MATCH,
        0.0,
        "",
        "",
        query=query_for(reference_from_entry(e)) + " 2019",
        checked=stale["seo2021"].checked,
    )
    assert messages("no-record", BIB, verified=stale) == []
