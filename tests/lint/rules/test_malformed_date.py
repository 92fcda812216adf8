"""B004 malformed-date."""

from lintkit import findings, messages

from docbuild.diagnostics import Severity
from docbuild.lint.rules.malformed_date import guess_date


def entry(fields: str) -> str:
    return (
        "@online{javed2022,\n  title = {T},\n  url = {https://valdaiclub.com/a/x/},\n"
        + fields
        + "}\n"
    )


def test_pass() -> None:
    assert messages("malformed-date", entry("  date = {2022-02-23},\n")) == []
    assert messages("malformed-date", entry("  year = {2018},\n  month = sep,\n")) == []
    assert messages("malformed-date", entry("  date = {2021-11/2022-01},\n")) == []
    assert messages("malformed-date", entry("  year = {2019},\n  month = {9},\n")) == []


def test_fail_date() -> None:
    (d,) = findings("malformed-date", entry("  date = {2022, 2 23},\n"))
    assert d.format() == (
        "/paper/refs.bib:4:3: error B004 malformed-date [javed2022] "
        "date '2022, 2 23' is not a valid date"
    )
    assert d.fix == "date = {2022-02-23}"


def test_fail_year() -> None:
    assert messages("malformed-date", entry("  year = {20199},\n")) == [
        "[javed2022] year '20199' is not a year"
    ]


def test_fail_month_not_a_month() -> None:
    (d,) = findings("malformed-date", entry("  year = {2022},\n  month = {2 23},\n"))
    assert (d.message, d.severity) == ("month '2 23' is not a month", Severity.ERROR)


def test_a_month_written_as_its_name_passes_on_every_type() -> None:
    # build/refs.json holds these as the month's number, so they print where months print.
    for month in ("{Sept.}", "{Sep}", "{July}", "{sep}"):
        assert messages("malformed-date", entry(f"  year = {{2018}},\n  month = {month},\n")) == []
    report = "@techreport{m2016, title = {T}, institution = {I}, year = 2016, month = {July}}\n"
    assert messages("malformed-date", report) == []


def test_a_whole_month_name_in_lower_case_is_info() -> None:
    # The seed article printed "(2018, september)": docbuild's refs.json fixes the print,
    # BibTeX styles do not.
    (d,) = findings("malformed-date", entry("  year = {2018},\n  month = {september},\n"))
    assert (d.message, d.severity, d.fix) == (
        "month 'september' is written in lower case: docbuild prints 'September', "
        "but BibTeX styles print it as written",
        Severity.INFO,
        "month = sep",
    )


def test_a_month_that_is_no_month_fails_on_every_type() -> None:
    article = "@article{c1992, title = {T}, journal = {J}, year = {1992}, month = {Noviembre}}\n"
    assert messages("malformed-date", article) == ["[c1992] month 'Noviembre' is not a month"]
    (d,) = findings("malformed-date", entry("  year = {2010},\n  month = {7 - 9 apr},\n"))
    assert (d.message, d.fix) == (
        "month '7 - 9 apr' is not a month",
        "write the month as a number (1–12) or jan … dec",
    )


def test_guesses() -> None:
    assert guess_date("2021, November 30") == "2021-11-30"
    assert guess_date("November 30, 2021") == "2021-11-30"
    assert guess_date("30 Nov. 2021") == "2021-11-30"
    assert guess_date("2022, 2 30") is None
    assert guess_date("2019-2020") == "2019/2020"


def test_an_urldate_not_in_iso_form_is_a_warning() -> None:
    (d,) = findings("malformed-date", entry("  year = {2009},\n  urldate = {11/07/14},\n"))
    assert (d.message, d.severity) == ("urldate '11/07/14' is not an ISO date", Severity.WARNING)
