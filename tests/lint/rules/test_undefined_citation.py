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


def test_fail_points_to_an_unreadable_entry() -> None:
    bib = BIB + "@article{smith2020,\n  title = {A} year = {2020}\n}\n"
    (d,) = findings("undefined-citation", bib, "As shown [@smith2020].\n")
    assert d.message == "citation '@smith2020' points to an entry that could not be read " + (
        "(refs.bib line 2)"
    )
    assert d.fix == "correct the parse error reported for that entry"


def test_several_files_each_name_their_own() -> None:
    """`bibliography = [a.bib, b.bib]`: a key of either file is cited; a missing one has no
    entry in any of them, and an unreadable one is placed in its own file."""
    bibs = {"a.bib": BIB, "b.bib": "@misc{two, title = {T}}\n@article{bad,\n  title = {A} x\n}\n"}
    text = "As shown [@khan2019; @two], [@three] and [@bad].\n"
    assert messages("undefined-citation", bibs, text) == [
        "[None] citation '@three' has no entry in a.bib or b.bib",
        "[None] citation '@bad' points to an entry that could not be read (b.bib line 2)",
    ]
