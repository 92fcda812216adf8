"""The warm rebuild without a browser: what the page is told when a build fails."""

from __future__ import annotations

from pathlib import Path

from previewkit import copy_sample

from docbuild.diagnostics import Location
from docbuild.errors import InputError
from docbuild.preview.hub import Hub
from docbuild.preview.session import Session, describe, initial_state


def test_a_failed_first_build_is_an_error_in_the_page_and_no_page(tmp_path: Path) -> None:
    paper = copy_sample(tmp_path / "paper")
    front = paper / "manuscript" / "00-front.md"
    front.write_text(
        front.read_text(encoding="utf-8").replace('title: "', 'title: [unclosed "', 1),
        encoding="utf-8",
    )
    hub = Hub(initial_state())
    session = Session(paper, hub, pdf=False)
    assert session.rebuild() is False
    state = hub.current()[1]
    assert (state["generation"], state["page"], state["building"]) == (1, 0, False)
    assert state["error"] == (
        "manuscript/00-front.md:5:6: error: the front matter is not valid YAML: while parsing a "
        "flow sequence: did not find expected ',' or ']'\n"
        "  hint: fix the YAML block between the '---' lines"
    )
    assert not (paper / "build" / "paper.html").exists()


def test_errors_name_their_place_relative_to_the_paper(tmp_path: Path) -> None:
    error = InputError("it broke", location=Location(tmp_path / "refs.bib", 3, 7), hint="mend it")
    assert describe(error, tmp_path) == "refs.bib:3:7: error: it broke\n  hint: mend it"
    assert describe(InputError("no place"), tmp_path) == "error: no place"
    assert describe(ValueError("oops"), tmp_path) == (
        "internal error: ValueError: oops (the terminal has the traceback)"
    )
