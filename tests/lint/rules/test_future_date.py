"""B018 future-date: years after the build's (lintkit builds on 2026-12-02)."""

from __future__ import annotations

from datetime import date

from lintkit import findings, messages

from docbuild.diagnostics import Severity

ENTRY = "@article{x, author = {Alon, Uri}, title = {T}, journal = {J}, %s}\n"


def test_a_year_after_next_is_an_error():
    (d,) = findings("future-date", ENTRY % "year = {2033}")
    assert (d.severity, d.location.line, d.message) == (
        Severity.ERROR,
        1,
        "year 2033 is after the build (2026-12-02): the work cannot have appeared",
    )


def test_next_year_is_a_warning_and_this_year_passes():
    (d,) = findings("future-date", ENTRY % "date = {2027-03}")
    assert d.severity is Severity.WARNING
    assert d.message == "year 2027 is next year (the build is dated 2026-12-02)"
    assert messages("future-date", ENTRY % "year = {2026}") == []


def test_without_a_build_date_nothing_is_judged():
    assert messages("future-date", ENTRY % "year = {2033}", build_date=None) == []
    later = date(2034, 1, 1)
    assert messages("future-date", ENTRY % "year = {2033}", build_date=later) == []
