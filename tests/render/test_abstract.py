"""An `# Abstract` section that opens the paper is its abstract when the front matter has none
(pandoc-scholar's example, Manubot's `## Abstract`); anywhere else it stays a section."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.jobs.parse import parse_text
from docbuild.render.abstract import take_abstract_section
from docbuild.render.meta import meta_dict, plain_text


def ast_of(text: str) -> dict[str, object]:
    return parse_text(text, Path("paper.md"), timeout=30).ast


def headings(ast: dict[str, object]) -> list[str]:
    blocks = ast["blocks"]
    assert isinstance(blocks, list)
    return [b["c"][1][0] for b in blocks if b["t"] == "Header"]


@pytest.mark.parametrize(
    "heading", ["# Abstract", "## Abstract {.page_break_before}", "# ABSTRACT:"]
)
def test_an_opening_abstract_section_becomes_the_abstract(heading: str) -> None:
    ast = ast_of(
        f"---\ntitle: T\n---\n\n{heading}\n\nOne *short* text.\n\nTwo.\n\n# Methods\n\nM.\n"
    )
    assert take_abstract_section(ast) is not None
    abstract = plain_text(meta_dict(ast["meta"])["abstract"])  # type: ignore[arg-type]
    assert abstract is not None and abstract.split() == ["One", "short", "text.", "Two."]
    assert len(headings(ast)) == 1  # Methods only


@pytest.mark.parametrize(
    "text",
    [
        "---\nabstract: Mine.\n---\n\n# Abstract\n\nThe section.\n",  # the front matter's wins
        "# Introduction\n\nI.\n\n# Abstract\n\nNot where an abstract is.\n",
        "# Abstracts of the talks\n\nA.\n",
        "# Abstract\n\n# Methods\n\nAn empty section.\n",
    ],
)
def test_anything_else_stays_as_written(text: str) -> None:
    ast = ast_of(text)
    before = str(ast)
    assert take_abstract_section(ast) is None
    assert str(ast) == before
