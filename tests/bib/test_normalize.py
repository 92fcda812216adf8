"""Normalization: each documented transformation, what survives, and the change list."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.bib.kept import kept_as_is
from docbuild.bib.model import BibComment, BibPreamble, BibString, FailedBlock
from docbuild.bib.normalize import Change, normalize
from docbuild.bib.read import parse_bib
from docbuild.bib.write import to_bibtex
from docbuild.lint.engine import lint_problems

PATH = Path("refs.bib")


def normalized_field(name: str, raw: str) -> str:
    bib = parse_bib(f"@misc{{k,\n  {name} = {raw}\n}}\n", PATH)
    new, _ = normalize(bib)
    (f,) = new.entries[0].fields
    return f"{f.name} = {f.raw}"


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("Title", "{A title}", "title = {A title}"),
        ("title", "{  A\n    long   title }", "title = {A long title}"),
        ("title", '"  quoted  value "', 'title = "quoted value"'),
        ("doi", "{https://doi.org/10.1000/xyz}", "doi = {10.1000/xyz}"),
        ("doi", "{http://dx.doi.org/10.1000/xyz}", "doi = {10.1000/xyz}"),
        ("doi", "{doi:10.1000/xyz}", "doi = {10.1000/xyz}"),
        ("doi", "{https://doi.org/10.1000%2Fa%3Cb%3E}", "doi = {10.1000/a<b>}"),
        ("pages", "{89-104}", "pages = {89--104}"),
        ("pages", "{89 – 104}", "pages = {89--104}"),
        ("pages", "{S1-S12, 20-22}", "pages = {S1--S12, 20--22}"),
        ("pages", "{89--104}", "pages = {89--104}"),
        ("pages", "{e1002}", "pages = {e1002}"),
        ("month", "{September}", "month = sep"),
        ("month", "{sept.}", "month = sep"),
        ("month", "{3}", "month = mar"),
        ("month", "Jan", "month = jan"),
        ("month", "{Spring}", "month = {Spring}"),
        ("author", "{Ludwig van Beethoven and Smith, Jr, John}", ""),
        ("author", "{Kaura , V. and A. B. Smith and {United Nations} and others}", ""),
        ("editor", '{G{\\"o}del, Kurt}', 'editor = {G{\\"o}del, Kurt}'),
        ("unknownfield", "{  kept   as is }", "unknownfield = {kept as is}"),
        ("journal", 'jcp # "  x"', 'journal = jcp # " x"'),
    ],
)
def test_field_normalization(name: str, raw: str, expected: str) -> None:
    expected = (
        expected
        or {
            "{Ludwig van Beethoven and Smith, Jr, John}": (
                "author = {van Beethoven, Ludwig and Smith, Jr, John}"
            ),
            "{Kaura , V. and A. B. Smith and {United Nations} and others}": (
                "author = {Kaura, V. and Smith, A. B. and {United Nations} and others}"
            ),
        }[raw]
    )
    assert normalized_field(name, raw) == expected


def test_date_fills_year_and_month_only_where_they_agree() -> None:
    bib = parse_bib(
        "@online{a, date = {2022-02-23}}\n"
        "@online{b, date = {2022-02-23}, year = {2022}}\n"
        "@online{c, date = {2022-02-23}, year = {2021}}\n"
        "@online{d, date = {2022-02-23}, month = mar}\n"
        "@online{e, date = {2022}, month = mar}\n",
        PATH,
    )
    new, changes = normalize(bib)
    assert [[f"{f.name}={f.raw}" for f in e.fields] for e in new.entries] == [
        ["date={2022-02-23}", "year={2022}", "month=feb"],
        ["date={2022-02-23}", "month=feb", "year={2022}"],
        ["date={2022-02-23}", "year={2021}"],
        ["date={2022-02-23}", "month=mar"],
        ["date={2022}", "year={2022}", "month=mar"],
    ]
    assert changes[0] == Change("a", "year", 1, "", "year = {2022}", "year taken from 'date'")


def test_change_list_and_layout_kept() -> None:
    text = (
        "@article{khan2019,\n"
        "  Author  = {Khan, U.},\n"
        "  pages   = {89-104},\n"
        "  date    = {2019-03},\n"
        "}\n"
    )
    new, changes = normalize(parse_bib(text, PATH))
    assert changes == (
        Change(
            "khan2019",
            "author",
            2,
            "Author = {Khan, U.}",
            "author = {Khan, U.}",
            "field name lower-cased",
        ),
        Change(
            "khan2019", "pages", 3, "pages = {89-104}", "pages = {89--104}", "page range with '--'"
        ),
        Change("khan2019", "year", 4, "", "year = {2019}", "year taken from 'date'"),
        Change("khan2019", "month", 4, "", "month = mar", "month taken from 'date'"),
    )
    assert to_bibtex(new) == (
        "@article{khan2019,\n"
        "  author  = {Khan, U.},\n"
        "  pages   = {89--104},\n"
        "  date    = {2019-03},\n"
        "  year    = {2019},\n"
        "  month   = mar,\n"
        "}\n"
    )


def test_keys_order_comments_strings_preamble_and_failed_blocks_survive() -> None:
    text = (
        "% top comment\n\n"
        '@preamble{"\\providecommand{\\noopsort}[1]{}"}\n\n'
        "@string{ia = {International Affairs}}\n\n"
        "@article{Zeta, journal = ia, x-custom = {  keep  me }}\n\n"
        "@comment{an explicit comment}\n\n"
        "@article{alpha, title = {Foo}\n  year = {2020}}\n\n"
        "@book{beta, title = {B}}\n"
    )
    bib = parse_bib(text, PATH)
    new, _ = normalize(bib)
    assert [type(b) for b in new.blocks] == [type(b) for b in bib.blocks]
    assert [b for b in new.blocks if isinstance(b, BibComment | BibString | BibPreamble)] == [
        b for b in bib.blocks if isinstance(b, BibComment | BibString | BibPreamble)
    ]
    assert [e.key for e in new.entries] == ["Zeta", "beta"]
    assert new.entries[0].value("x-custom") == "keep me"
    assert new.entries[0].value("journal") == "International Affairs"
    written = to_bibtex(new)
    for piece in (
        "% top comment",
        '@preamble{"\\providecommand{\\noopsort}[1]{}"}',
        "@string{ia = {International Affairs}}",
        "@comment{an explicit comment}",
        "@article{alpha, title = {Foo}\n  year = {2020}}",
    ):
        assert piece in written
    assert [b for b in new.blocks if isinstance(b, FailedBlock)] == [
        b for b in bib.blocks if isinstance(b, FailedBlock)
    ]


def test_sample_refs_bib_round_trip() -> None:
    """Every field value survives normalization up to the documented transformations."""
    path = Path(__file__).parents[2] / "refs.bib"
    if not path.exists():
        pytest.skip("the sample refs.bib is not in this checkout")
    bib = parse_bib(path.read_bytes(), path)
    new, changes = normalize(bib)
    changed = {(c.key, c.field) for c in changes}
    for old, entry in zip(bib.entries, new.entries, strict=True):
        assert old.key == entry.key
        for f in old.fields:
            if (old.key, f.name.lower()) not in changed:
                assert entry.value(f.name) == f.value
    again = parse_bib(to_bibtex(new), path)
    assert [d for d in lint_problems(again) if d.rule == "B001"] == []
    assert [(e.key, [(f.name, f.value) for f in e.fields]) for e in again.entries] == [
        (e.key, [(f.name, f.value) for f in e.fields]) for e in new.entries
    ]
    assert normalize(new) == (new, ())


def test_attachment_paths_are_only_trimmed() -> None:
    assert normalized_field("file", "{ :papers/My  Paper.pdf:PDF }") == (
        "file = {:papers/My  Paper.pdf:PDF}"
    )


# Written for the test (no real file of the corpus has this debris yet), after issue 13.
DEBRIS = (Path(__file__).parents[1] / "data" / "debris.bib").read_text(encoding="utf-8")


def test_an_entry_it_cannot_read_as_meant_is_left_as_it_was() -> None:
    """Zotero's `McGrathMJ #" and "# CohenDB` debris (588 of 701 entries of one file, issue
    13) and a block that never closes: both stay byte for byte, and `kept_as_is` says why;
    the readable entry after them is still normalized."""
    bib = parse_bib(DEBRIS, Path("refs.bib"))
    assert [(k.line, k.key, k.reason) for k in kept_as_is(bib)] == [
        (1, "mcgrath2010", "author uses undefined macros 'McGrathMJ', 'CohenDB', 'SmithAB'"),
        (7, "broken2011", "a block that cannot be read"),
    ]
    normalized, changes = normalize(bib)
    text = to_bibtex(normalized)
    assert DEBRIS.split("\n\n")[0] in text and DEBRIS.split("\n\n")[1] in text
    assert [(c.key, c.field) for c in changes] == [("fine2012", "author"), ("fine2012", "pages")]
    assert to_bibtex(normalize(parse_bib(text, Path("refs.bib")))[0]) == text  # idempotent


def test_biblatex_extended_names_are_kept_as_written() -> None:
    """`family=Brauw, given=Alan, prefix=de, useprefix=false` (the quarto-cn-tools excerpt's
    line 61) has no BibTeX form that keeps `useprefix`; the names beside it are normalized."""
    raw = "{Pang , Lihua and family=Brauw, given=Alan, prefix=de, useprefix=false}"
    assert normalized_field("author", raw) == (
        "author = {Pang, Lihua and family=Brauw, given=Alan, prefix=de, useprefix=false}"
    )
