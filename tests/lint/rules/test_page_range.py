"""B011 page-range."""

from lintkit import findings, messages


def entry(pages: str) -> str:
    return "@article{khan2019,\n  pages = {" + pages + "},\n}\n"


def test_pass() -> None:
    for pages in ("89--104", "79", "e1234", "89–104"):
        assert messages("page-range", entry(pages)) == []


def test_fail_hyphen() -> None:
    (d,) = findings("page-range", entry("89-104"))
    assert (d.message, d.fix) == ("page range '89-104' uses a hyphen", "pages = {89--104}")
    assert (
        d.format() == "/paper/refs.bib:2:3: warning B011 page-range [khan2019] "
        "page range '89-104' uses a hyphen"
    )


def test_fail_pp_reversed_abbreviated() -> None:
    assert messages("page-range", entry("pp. 89--104")) == [
        "[khan2019] pages 'pp. 89--104' contains 'pp.'"
    ]
    assert messages("page-range", entry("110--104")) == [
        "[khan2019] page range '110--104' is reversed"
    ]
    (d,) = findings("page-range", entry("104--9"))
    assert (d.message, d.fix) == ("page range '104--9' is abbreviated", "pages = {104--109}")
