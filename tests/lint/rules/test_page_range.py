"""B011 page-range."""

from lintkit import findings, messages

from docbuild.diagnostics import Severity


def entry(pages: str) -> str:
    return "@article{khan2019,\n  pages = {" + pages + "},\n}\n"


def test_pass() -> None:
    # A hyphen and an abbreviated range are fine: the CSL style prints the range its way.
    for pages in (
        "89--104",
        "89-104",
        "79",
        "e1234",
        "89–104",
        "104--9",
        "224cm1--224cm2",
        "083615",
    ):
        assert messages("page-range", entry(pages)) == []


def test_fail_pp() -> None:
    (d,) = findings("page-range", entry("pp. 89--104"))
    assert (d.message, d.fix, d.severity) == (
        "pages 'pp. 89--104' contains 'pp.'",
        "pages = {89--104}",
        Severity.ERROR,
    )
    assert (
        d.format() == "/paper/refs.bib:2:3: error B011 page-range [khan2019] "
        "pages 'pp. 89--104' contains 'pp.'"
    )


def test_fail_reversed_and_the_same_page() -> None:
    assert messages("page-range", entry("110--104")) == [
        "[khan2019] page range '110--104' is reversed"
    ]
    (d,) = findings("page-range", entry("431--431"))
    assert (d.message, d.fix, d.severity) == (
        "page range '431--431' starts and ends on the same page",
        "pages = {431}",
        Severity.INFO,
    )


def test_fail_not_pages_at_all() -> None:
    assert messages("page-range", entry("1573--756X")) == [
        "[khan2019] pages '1573--756X' is an ISSN, not pages"
    ]
    assert messages("page-range", entry("201423041")) == [
        "[khan2019] pages '201423041' is an article number or id, not pages"
    ]
    assert messages("page-range", entry("15--087")) == [
        "[khan2019] pages '15--087' is a number with a leading zero, not a page range"
    ]
    (d,) = findings("page-range", entry("IS--9"))
    assert (d.message, d.fix) == (
        "pages 'IS--9' is one page designation, which prints as a range",
        "pages = {{IS-9}}",
    )
    (d,) = findings("page-range", entry("col. 341--502"))
    assert (d.message, d.fix) == (
        "pages 'col. 341--502' contains a column label",
        "pages = {341--502} and bookpagination = {column}",
    )
