"""B003 duplicate-entry: same DOI, or same first author, title and year."""

from lintkit import findings, messages

KHAN = (
    "@article{%s,\n  author = {Khan, M. T. F.},\n  title = {%s},\n"
    "  year = {2019},\n  doi = {%s},\n}\n"
)


def test_pass() -> None:
    bib = KHAN % ("khan2019", "New Directions", "10.53532/ss.039.03.00107") + KHAN % (
        "khan2019b",
        "Old Directions",
        "10.53532/ss.039.03.00108",
    )
    assert messages("duplicate-entry", bib) == []


def test_fail_same_doi() -> None:
    bib = KHAN % ("khan2019", "New Directions", "10.53532/ss.039.03.00107") + KHAN % (
        "khan2019b",
        "Other",
        "10.53532/SS.039.03.00107",
    )
    assert messages("duplicate-entry", bib) == [
        "[khan2019b] entry has the same doi as 'khan2019' (line 1)"
    ]
    assert findings("B003", bib)[0].fix == "keep one entry and cite 'khan2019' everywhere"


def test_fail_same_author_title_year() -> None:
    bib = (
        "@article{khan2019, author = {Khan, M. T. F.}, title = {New Directions}, year = {2019}}\n"
        "@misc{khan2019x, author = {M. T. F. Khan}, title = {New directions}, year = {2019}}\n"
    )
    assert messages("duplicate-entry", bib) == [
        "[khan2019x] entry has the same first author, title and year as 'khan2019' (line 1)"
    ]
