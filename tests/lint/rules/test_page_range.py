"""B011 page-range."""

from lintkit import corpus_entry, findings, messages

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


def test_an_abbreviated_range_that_runs_backwards_is_reversed() -> None:
    """`280--30` (Dybjer's chapter in Logical Frameworks, HoTT/book's references.bib,
    tests/realworld/bib/bibdesk-hott-book) read as an abbreviation is 280-230: reversed
    either way. `104--9` is 104-109 and stays quiet."""
    entry = corpus_entry("bibdesk-hott-book", "Dybjer:1991")
    assert messages("page-range", entry) == ["[Dybjer:1991] page range '280--30' is reversed"]
    assert messages("page-range", entry.replace("280--30", "280--306")) == []
    assert messages("page-range", entry.replace("280--30", "280--93")) == []


def test_a_letter_page_written_in_two_cases() -> None:
    """ADS's `L117--l120` (an ApJ Letters page, mkenworthy/ARAA_HCI, tests/realworld/bib/
    ads-hci-review): the letter is part of the page number and prints as typed."""
    (d,) = findings("page-range", corpus_entry("ads-hci-review", "Codona04"))
    assert (d.message, d.fix) == (
        "page range 'L117--l120' writes its letter 'L' as 'l'",
        "pages = {L117--L120}",
    )
    assert messages("page-range", entry("L117--L120")) == []
