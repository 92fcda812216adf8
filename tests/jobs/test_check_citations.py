"""`doit check-citations`: pandoc and citeproc-py side by side, differences printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import InputError
from docbuild.jobs.check_citations import citation_places, run_check_citations
from docbuild.jobs.parse import parse_text

ITEMS = [
    {"id": "khan2021", "type": "article-journal", "author": [{"family": "Khan", "given": "Bilal"}],
     "title": "One", "container-title": "J", "issued": {"date-parts": [[2021]]}},
    {"id": "khan2019", "type": "article-journal",
     "author": [{"family": "Khan", "given": "Muhammad Tariq Faiz"}],
     "title": "Two", "container-title": "J", "issued": {"date-parts": [[2019]]}},
    {"id": "lee2020a", "type": "book", "author": [{"family": "Lee", "given": "Ann"}],
     "title": "Alpha", "issued": {"date-parts": [[2020]]}},
    {"id": "lee2020b", "type": "book", "author": [{"family": "Lee", "given": "Ann"}],
     "title": "Beta", "issued": {"date-parts": [[2020]]}},
]  # fmt: skip


def paper(tmp_path: Path, text: str) -> Path:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "build").mkdir()
    (tmp_path / "docbuild.toml").write_text('style = "preprint"\n', encoding="utf-8")
    (tmp_path / "manuscript" / "a.md").write_text(text, encoding="utf-8")
    (tmp_path / "build" / "refs.json").write_text(json.dumps(ITEMS), encoding="utf-8")
    return tmp_path


def test_differences_between_the_engines_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = paper(tmp_path, "As shown [@khan2021; @khan2019], see @fig:x and [@lee2020a].\n")
    assert run_check_citations(load_settings(root))
    out, err = capsys.readouterr()
    assert out == (
        f"{root / 'manuscript' / 'a.md'}:1: citation [khan2021; khan2019]:\n"
        "  pandoc:      (B. Khan, 2021; M. T. F. Khan, 2019)\n"
        "  citeproc-py: (Khan, 2021; Khan, 2019)\n"
    )
    assert err == (
        "2 citations, 3 references (apa.csl): 1 difference between pandoc and citeproc-py\n"
    )


def test_same_year_suffixes_are_a_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = paper(tmp_path, "[@lee2020a] and [@lee2020b].\n")
    run_check_citations(load_settings(root))
    out, _ = capsys.readouterr()
    assert "reference lee2020b:\n  pandoc:      Lee, A. (2020b). Beta.\n" in out
    assert "  citeproc-py: Lee, A. (2020). Beta.\n" in out


def test_agreement_prints_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = paper(tmp_path, "One [@khan2021].\n")
    run_check_citations(load_settings(root))
    out, err = capsys.readouterr()
    assert (out, err) == (
        "1 citation, 1 reference (apa.csl): 0 differences between pandoc and citeproc-py\n",
        "",
    )


def test_a_citation_at_the_end_of_a_sentence_keeps_its_place(tmp_path: Path) -> None:
    text = tmp_path / "a.md"
    body = "Intro.\nAs Smith argued, @smith2020. Later [@lee2019; @smith2020].\n"
    manuscript = parse_text(body, text).manuscript()
    assert manuscript.groups == (("smith2020",), ("lee2019", "smith2020"))
    assert citation_places(manuscript) == [f"{text}:2", f"{text}:2"]


def test_a_footnote_s_citation_is_placed_in_its_note(tmp_path: Path) -> None:
    """pandoc puts a note's citations where the note is referenced; the place is the note's."""
    text = tmp_path / "a.md"
    body = "One.[^n] Then [@lee2019].\n\n[^n]: See @smith2020.\n"
    manuscript = parse_text(body, text).manuscript()
    assert manuscript.groups == (("smith2020",), ("lee2019",))
    assert citation_places(manuscript) == [f"{text}:3", f"{text}:1"]


def test_a_manuscript_file_that_is_not_utf8_is_a_message(tmp_path: Path) -> None:
    root = paper(tmp_path, "One [@khan2021].\n")
    (root / "manuscript" / "a.md").write_bytes(b"Caf\xe9.\n\nAs shown [@khan2021].\n")
    with pytest.raises(InputError) as info:
        run_check_citations(load_settings(root))
    assert info.value.message.startswith("manuscript file 'a.md' is not UTF-8")
