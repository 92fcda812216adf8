"""C001 doi-mismatch and C002 retracted, fed by a lock built from recorded Crossref works."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import MappingProxyType

from docbuild.bib.model import BibEntry, BibField, Bibliography
from docbuild.crossref.verified import Status, Verification
from docbuild.crossref.work import Work, work_from_json
from docbuild.diagnostics import Severity
from docbuild.lint.rule import Finding, LintContext
from docbuild.lint.rules import doi_mismatch, retracted

DATA = Path(__file__).parent / "data"


def recorded(name: str) -> Work:
    return work_from_json(json.loads((DATA / name).read_text(encoding="utf-8"))["message"])


def entry(key: str, **fields: str) -> BibEntry:
    return BibEntry(
        "article",
        key,
        tuple(BibField(name, value, n + 2) for n, (name, value) in enumerate(fields.items())),
        line=1,
        column=1,
    )


def context(e: BibEntry, status: Status, record: Work | None, doi: str = "") -> LintContext:
    verified = Verification(status, 1.0, "", "2026-11-28T10:00:00Z", doi=doi, record=record)
    return LintContext(
        bibliography=Bibliography(Path("refs.bib"), (e,)),
        verified=MappingProxyType({e.key: verified}),
    )


KHAN = dict(
    author="Khan, M. T. F.",
    title="Pakistan's Foreign Policy towards Russia: New Directions",
    journal="Strategic Studies",
    year="2019",
)


def test_c001_passes_on_the_right_doi():
    e = entry("khan2019", **KHAN, doi="10.53532/ss.039.03.00107")
    ctx = context(e, Status.CONFIRMED, recorded("work-khan2019.json"), e.value("doi") or "")
    assert list(doi_mismatch.check(e, ctx)) == []


def test_c001_fails_on_a_doi_of_another_paper():
    e = entry("khan2019", **KHAN, doi="10.5555/12345678")
    ctx = context(e, Status.MISMATCH, recorded("work-carberry2008.json"), "10.5555/12345678")
    assert list(doi_mismatch.check(e, ctx)) == [
        Finding(
            "doi '10.5555/12345678' is 'Toward a Unified Theory of High-Energy Metaphysics: "
            "Silly String Theory' (Carberry, 2008): title, first author and year differ",
            fix="check https://doi.org/10.5555/12345678 and replace the doi with the cited work's",
            line=6,
            column=1,
        )
    ]


def test_c001_offers_the_doi_a_search_found():
    e = entry("khan2019", **KHAN, doi="10.5555/12345678")
    ctx = context(e, Status.MISMATCH, recorded("work-carberry2008.json"), "10.5555/12345678")
    verified = ctx.verified["khan2019"]
    assert isinstance(verified, Verification)
    better = dataclasses.replace(
        verified, suggestion=recorded("work-khan2019.json"), suggestion_score=0.98
    )
    ctx = dataclasses.replace(ctx, verified={"khan2019": better})
    [finding] = doi_mismatch.check(e, ctx)
    assert finding.fix == "doi = {10.53532/ss.039.03.00107}  (Crossref match, score 0.98)"


def test_c001_names_a_single_difference():
    e = entry("khan2019", **{**KHAN, "year": "2015"}, doi="10.53532/ss.039.03.00107")
    ctx = context(e, Status.CONFIRMED, recorded("work-khan2019.json"), "10.53532/ss.039.03.00107")
    [finding] = doi_mismatch.check(e, ctx)
    assert finding.message == (
        "doi '10.53532/ss.039.03.00107' is 'Pakistan’s Foreign Policy towards Russia: "
        "New Directions' (Khan, 2019): year differs"
    )


def test_c001_is_silent_when_the_doi_changed_since_verification():
    e = entry("khan2019", **KHAN, doi="10.53532/ss.039.03.00107")
    ctx = context(e, Status.MISMATCH, recorded("work-carberry2008.json"), "10.5555/12345678")
    assert list(doi_mismatch.check(e, ctx)) == []


def test_c001_without_a_lock_says_nothing():
    e = entry("khan2019", **KHAN, doi="10.5555/12345678")
    ctx = LintContext(bibliography=Bibliography(Path("refs.bib"), (e,)))
    assert list(doi_mismatch.check(e, ctx)) == []


def test_c002_passes_on_a_work_without_notices():
    e = entry("khan2019", **KHAN, doi="10.53532/ss.039.03.00107")
    ctx = context(e, Status.CONFIRMED, recorded("work-khan2019.json"), "10.53532/ss.039.03.00107")
    assert list(retracted.check(e, ctx)) == []


def test_c002_fails_on_a_retracted_work():
    e = entry("rahman2017", title="Energy Corridors", doi="10.5555/retracted.2017.001")
    ctx = context(
        e, Status.CONFIRMED, recorded("work-retracted.json"), "10.5555/retracted.2017.001"
    )
    assert list(retracted.check(e, ctx)) == [
        Finding(
            "the work was retracted on 2020-03-02 (notice 10.5555/retraction.2020.002)",
            fix="read https://doi.org/10.5555/retraction.2020.002; cite another source, "
            "or say the work was retracted where it is cited",
            line=3,
            column=1,
        )
    ]


def test_c002_also_checks_a_work_found_for_an_entry_without_doi():
    e = entry("rahman2017", title="Energy Corridors and the Pakistan-Russia Gas Pipeline")
    ctx = context(e, Status.FOUND, recorded("work-retracted.json"))
    [finding] = retracted.check(e, ctx)
    assert finding.message.startswith("the work was retracted on 2020-03-02")
    assert finding.line is None


def test_c002_warns_on_an_expression_of_concern():
    e = entry("ivanova2016", title="Arms Transfers", doi="10.5555/concern.2016.003")
    ctx = context(e, Status.CONFIRMED, recorded("work-concern.json"), "10.5555/concern.2016.003")
    assert list(retracted.check(e, ctx)) == [
        Finding(
            "the work has an expression of concern since 2019-07-01 "
            "(notice 10.5555/concern-notice.2019.004)",
            fix="read https://doi.org/10.5555/concern-notice.2019.004 before relying on the work",
            line=3,
            column=1,
            severity=Severity.WARNING,
        )
    ]


def test_c002_informs_when_the_doi_is_the_notice_itself():
    e = entry("notice2020", title="Retraction notice", doi="10.5555/retraction.2020.002")
    ctx = context(
        e, Status.CONFIRMED, recorded("work-retraction-notice.json"), "10.5555/retraction.2020.002"
    )
    assert list(retracted.check(e, ctx)) == [
        Finding(
            "the doi is the retraction notice for 10.5555/retracted.2017.001",
            line=3,
            column=1,
            severity=Severity.INFO,
        )
    ]
