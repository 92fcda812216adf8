"""M007 broken-link."""

from lintkit import findings, messages

BIB = "@misc{kurita2019, author = {Kurita, M.}, title = {T}, howpublished = {H}, year = {2019}}\n"


def test_pass() -> None:
    text = "# Methods {#methods}\n\nSee [the method](#methods), [Kurita](#ref-kurita2019) and [x](https://a.org).\n"
    assert messages("broken-link", BIB, text) == []


def test_fail_empty_anchor() -> None:
    (d,) = findings("broken-link", BIB, "History changed (Kurita, [2019](#)).\n")
    assert (d.key, d.message, d.fix) == (
        "kurita2019",
        "link '[2019](#)' points nowhere",
        "cite with [@kurita2019] instead of a typed citation with a link",
    )


def test_fail_missing_anchor_and_no_target() -> None:
    assert messages("broken-link", BIB, "See [there](#nowhere) and [here]().\n") == [
        "[None] link '[there](#nowhere)' points to a missing anchor '#nowhere'",
        "[None] link '[here]()' has no target",
    ]
