"""M004 year-mismatch."""

from lintkit import findings, messages

BIB = "@misc{khan2021, author = {Khan, B.}, title = {T}, howpublished = {H}, year = {2021}}\n"


def test_pass() -> None:
    assert messages("year-mismatch", BIB, "Khan (2021) and (Khan, 2021) agree [@khan2021].\n") == []


def test_fail_typed() -> None:
    (d,) = findings("year-mismatch", BIB, "As Khan (2020) argued.\n")
    assert (d.key, d.message, d.fix) == (
        "khan2021",
        "citation 'Khan (2020)' gives 2020 but 'khan2021' is dated 2021",
        "write 'Khan (2021)'",
    )


def test_fail_beside_a_pandoc_citation() -> None:
    assert messages("year-mismatch", BIB, "Khan (2020) [@khan2021] disagrees.\n") == [
        "[khan2021] citation 'Khan (2020)' gives 2020 but 'khan2021' is dated 2021"
    ]
