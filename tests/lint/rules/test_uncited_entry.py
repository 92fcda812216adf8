"""M002 uncited-entry."""

from lintkit import findings, messages

BIB = (
    "@misc{khan2019, author = {Khan, M.}, title = {T}, howpublished = {H}, year = {2019}}\n"
    "@misc{kurita2019, author = {Kurita, M.}, title = {T}, howpublished = {H}, year = {2019}}\n"
)


def test_pass() -> None:
    assert messages("uncited-entry", BIB, "See [@khan2019] and (Kurita, 2019).\n") == []
    assert (
        messages("uncited-entry", BIB, "---\nnocite: '@kurita2019'\n---\n\nSee @khan2019.\n") == []
    )
    assert messages("uncited-entry", BIB) == []  # no manuscript, nothing to say


def test_fail() -> None:
    (d,) = findings("uncited-entry", BIB, "See [@khan2019].\n")
    assert (d.key, d.message, d.location.line) == (
        "kurita2019",
        "entry is not cited in the manuscript",
        2,
    )
    assert d.fix == "cite it ([@kurita2019]) or remove it"
