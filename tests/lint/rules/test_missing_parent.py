"""B021 missing-parent."""

from lintkit import findings, messages

BOOK = "@book{book1,\n  title = {The Book},\n  publisher = {P},\n  year = {2001},\n}\n"


def chapter(link: str = "crossref = {book1}") -> str:
    return "@inbook{ch1,\n  title = {One},\n  " + link + ",\n}\n"


def test_pass() -> None:
    assert messages("missing-parent", chapter() + BOOK) == []
    assert messages("missing-parent", BOOK + chapter()) == []  # biber takes either order
    assert messages("missing-parent", chapter("xdata = {book1}") + BOOK) == []


def test_fail() -> None:
    (d,) = findings("missing-parent", chapter())
    assert (d.message, d.fix) == (
        "crossref 'book1' names no entry in the file",
        "add the entry 'book1' (or correct the key) so that 'ch1' inherits its fields",
    )
    assert d.format() == (
        "/paper/refs.bib:3:3: error B021 missing-parent [ch1] "
        "crossref 'book1' names no entry in the file"
    )


def test_each_xdata_key_is_checked() -> None:
    assert messages("missing-parent", chapter("xdata = {book1, gone}") + BOOK) == [
        "[ch1] xdata 'gone' names no entry in the file"
    ]


def test_a_key_in_another_case_is_said_with_its_fix() -> None:
    """dblp-geneura-crossref: `crossref={PPSN2006}` for `@Proceedings{ppsn2006`, which BibTeX
    finds and pandoc does not."""
    (d,) = findings("missing-parent", chapter("crossref = {BOOK1}") + BOOK)
    assert (d.message, d.fix) == (
        "crossref 'BOOK1' names no entry in the file ('book1' differs in case)",
        "crossref = {book1}",
    )
