"""bib/join.py: several .bib files read as one, each entry and problem keeping its file."""

from __future__ import annotations

from pathlib import Path

from docbuild.bib.csl import to_csl_json
from docbuild.bib.join import join_bibliographies
from docbuild.bib.model import FailedBlock
from docbuild.bib.problems import ProblemKind
from docbuild.bib.read import parse_bib

A, B = Path("/paper/a.bib"), Path("/paper/b.bib")
A_TEXT = "@book{one, title = {From A}, year = {2001}}\n\n@book{solo, title = {Solo}}\n"
B_TEXT = "@misc{two, title = {Two}}\n@book{one, title = {From B}, year = {2002}}\n@misc{bad,\n"


def test_one_file_is_returned_as_it_is() -> None:
    bib = parse_bib(A_TEXT, A)
    assert join_bibliographies([bib]) is bib


def test_each_entry_problem_and_unreadable_block_keeps_its_file() -> None:
    bib = join_bibliographies([parse_bib(A_TEXT, A), parse_bib(B_TEXT, B)])
    assert bib.files == (A, B)
    assert [(e.key, bib.path_of(e).name, e.line) for e in bib.entries] == [
        ("one", "a.bib", 1),
        ("solo", "a.bib", 3),
        ("two", "b.bib", 1),
        ("one", "b.bib", 2),
    ]
    failed = [b for b in bib.blocks if isinstance(b, FailedBlock)]
    assert [(bib.path_of(b).name, b.line) for b in failed] == [("b.bib", 3)]
    assert {bib.path_of(p).name for p in bib.problems} == {"b.bib"}


def test_a_key_in_an_earlier_file_is_a_duplicate_naming_both_files() -> None:
    bib = join_bibliographies([parse_bib(A_TEXT, A), parse_bib(B_TEXT, B)])
    (dup,) = [p for p in bib.problems if p.kind is ProblemKind.DUPLICATE_KEY]
    assert (dup.key, dup.path, dup.line, dup.other_path, dup.other_line) == ("one", B, 2, A, 1)


def test_the_later_file_s_entry_is_the_one_printed_as_pandoc_prints_it() -> None:
    # pandoc 3.9, `--bibliography a.bib --bibliography b.bib`, a key in both: b.bib's entry
    # prints (and with the files the other way round, a.bib's).
    bib = join_bibliographies([parse_bib(A_TEXT, A), parse_bib(B_TEXT, B)])
    assert bib.by_key()["one"].value("title") == "From B"
    titles = {item["id"]: item.get("title") for item in to_csl_json(bib)}
    assert titles == {"one": "From B", "solo": "Solo", "two": "Two"}
    other_way = join_bibliographies([parse_bib(B_TEXT, B), parse_bib(A_TEXT, A)])
    assert other_way.by_key()["one"].value("title") == "From A"


def test_a_key_twice_in_one_file_still_keeps_its_first_entry() -> None:
    text = "@book{one, title = {First}}\n@book{one, title = {Second}}\n"
    bib = join_bibliographies([parse_bib(text, A), parse_bib("@misc{x, title={X}}\n", B)])
    assert bib.by_key()["one"].value("title") == "First"
