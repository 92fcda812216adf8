"""crossref and xdata inheritance as biber does it by default, and as pandoc does when it
reads the .bib itself: what a child gets, under which name, and that its own fields win."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from docbuild.bib.csl import to_csl_json
from docbuild.bib.inherit import target_names, with_inherited
from docbuild.bib.model import Bibliography
from docbuild.bib.read import parse_bib
from docbuild.render.pandoc import pandoc_path

REAL = Path(__file__).resolve().parents[1] / "realworld" / "bib"
BOOK = """\
@book{book1,
  author = {Rahner, Karl},
  editor = {Lehmann, Karl},
  title = {Schriften},
  subtitle = {Band eins},
  shorttitle = {Schr.},
  publisher = {Benziger},
  location = {Einsiedeln},
  year = {1954},
}
"""


def bib(text: str) -> Bibliography:
    return with_inherited(parse_bib(text, Path("refs.bib")))


def fields(b: Bibliography, key: str) -> dict[str, str]:
    (entry,) = [e for e in b.entries if e.key == key]
    return {f.name.lower(): f.value for f in entry.fields}


def test_a_chapter_gets_its_book_with_titles_renamed() -> None:
    got = fields(bib("@inbook{ch1,\n  crossref = {book1},\n  title = {Eins},\n}\n" + BOOK), "ch1")
    assert got == {
        "crossref": "book1",
        "title": "Eins",  # its own
        "author": "Rahner, Karl",
        "bookauthor": "Rahner, Karl",
        "booktitle": "Schriften",
        "booksubtitle": "Band eins",
        "editor": "Lehmann, Karl",
        "location": "Einsiedeln",
        "publisher": "Benziger",
        "year": "1954",
    }  # no shorttitle: biber does not pass it to a chapter


def test_the_childs_own_field_wins_and_inherited_fields_say_whose() -> None:
    b = bib("@inbook{ch1,\n  crossref = {book1},\n  year = {1960},\n}\n" + BOOK)
    (child, _) = b.entries
    year, publisher = child.get("year"), child.get("publisher")
    assert year is not None and (year.value, year.inherited_from) == ("1960", None)
    assert publisher is not None and (publisher.inherited_from, publisher.line) == ("book1", 11)


def test_xdata_merges_fields_as_they_are_and_wins_over_crossref() -> None:
    text = (
        "@inproceedings{p1,\n  crossref = {conf},\n  xdata = {pub, loc},\n  title = {T},\n}\n"
        "@proceedings{conf,\n  title = {Conf 2001},\n  publisher = {ACM},\n  year = {2001},\n}\n"
        "@xdata{pub,\n  publisher = {IEEE},\n}\n"
        "@xdata{loc,\n  location = {Paris},\n}\n"
    )
    got = fields(bib(text), "p1")
    assert (got["booktitle"], got["publisher"], got["location"], got["year"]) == (
        "Conf 2001",
        "IEEE",
        "Paris",
        "2001",
    )
    assert "xdata" in got and got["title"] == "T"


def test_a_grandparent_through_the_parents_crossref() -> None:
    text = (
        "@inbook{ch,\n  crossref = {vol},\n  title = {C},\n}\n"
        "@book{vol,\n  crossref = {set},\n  title = {Volume Two},\n}\n"
        "@mvbook{set,\n  title = {Collected Works},\n  publisher = {Cerf},\n}\n"
    )
    got = fields(bib(text), "ch")
    assert (got["booktitle"], got["maintitle"], got["publisher"]) == (
        "Volume Two",
        "Collected Works",
        "Cerf",
    )


def test_cycles_and_missing_parents_do_not_stop_it() -> None:
    text = "@book{a,\n  crossref = {b},\n}\n@book{b,\n  crossref = {a},\n  year = {2000},\n}\n"
    assert fields(bib(text), "a")["year"] == "2000"
    assert fields(bib("@inbook{x,\n  crossref = {gone},\n}\n"), "x") == {"crossref": "gone"}


def test_noinherit_and_the_type_pairs() -> None:
    assert target_names("book", "inbook", "shorthand") == ()
    assert target_names("book", "incollection", "title") == ("title",)  # no pair: as it is
    assert target_names("periodical", "article", "title") == ("journaltitle",)
    assert target_names("proceedings", "inproceedings", "sorttitle") == ()


def test_nothing_inherits_nothing_changes() -> None:
    plain = parse_bib(BOOK, Path("refs.bib"))
    assert with_inherited(plain) is plain


@pytest.mark.parametrize("name", ["biblatex-theology-crossref", "dblp-geneura-crossref"])
def test_children_print_what_pandoc_gives_them(name: str) -> None:
    """pandoc reading the .bib itself (biblatex) and pandoc reading our refs.json give every
    child the same variables, and the same year: inheritance is not lost on the way."""
    path = REAL / name / "refs.bib"
    theirs = {
        i["id"]: i
        for i in json.loads(
            subprocess.run(
                [pandoc_path(), "-f", "biblatex", "-t", "csljson", str(path)],
                capture_output=True,
                check=True,
                timeout=120,
            ).stdout
        )
    }
    parsed = parse_bib(path.read_bytes(), path)
    children = {e.key for e in parsed.entries if e.get("crossref") or e.get("xdata")}
    ours = {str(i["id"]): i for i in to_csl_json(parsed)}
    variables = ("container-title", "editor", "publisher", "publisher-place", "issued")
    assert len(children) > 50
    for key in sorted(children):
        mine, pandocs = ours[key], theirs[key]
        assert [v for v in variables if v in mine] == [v for v in variables if v in pandocs], key
        if year(pandocs) is not None:
            assert year(mine) == year(pandocs), key


def year(item: dict[str, object]) -> object:
    """The year pandoc can read (`1904-6` it cannot: we print it as written, it leaves none)."""
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    return parts[0][0] if parts else None
