"""M001 undefined-citation."""

from lintkit import findings, messages

BIB = "@misc{khan2019, author = {Khan, M.}, title = {T}, howpublished = {H}, year = {2019}}\n"


def test_pass() -> None:
    assert messages("undefined-citation", BIB, "As shown [@khan2019], and @fig:one too.\n") == []


def test_fail() -> None:
    (d,) = findings("undefined-citation", BIB, "Intro.\n\nAs shown [see @khan2091, p. 3].\n")
    assert d.format() == (
        "/paper/manuscript/text.md:3:15: error M001 undefined-citation "
        "citation '@khan2091' has no entry in refs.bib"
    )
    assert (d.key, d.fix) == (None, "did you mean '@khan2019'?")
