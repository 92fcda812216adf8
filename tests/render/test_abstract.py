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


def test_a_paper_in_two_files_opening_with_its_abstract_builds(tmp_path: Path) -> None:
    """The parse counts each file's blocks (the pandoc step renders a file at a time); taking
    the abstract out of the first file left the count at what was parsed, and the pandoc step
    stopped: "the parts count 5 blocks of 2" (manubot-governance, once its citation-tag lines
    were no longer printed ahead of its `## Abstract`)."""
    from docbuild.config import load_settings
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse
    from docbuild.render.chapters import without_blocks

    assert without_blocks((2, 5, 1), ("a", "b", "c"), 1, 4) == ((1, 3, 1), ("a-1", "b-2", "c"))
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "01.abstract.md").write_text(
        "---\ntitle: T\nauthor: A. Author\n---\n\n## Abstract\n\nThe abstract.\n\nIts end.\n",
        encoding="utf-8",
    )
    (tmp_path / "content" / "02.main.md").write_text(
        "## Introduction\n\nThe text.\n", encoding="utf-8"
    )
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text(
        'style = "preprint"\nmanuscript = ["content/*.md"]\n', encoding="utf-8"
    )
    (tmp_path / "build").mkdir()
    settings = load_settings(tmp_path)
    assert run_normalize(settings, in_place=False)
    assert run_parse(settings)
    assert run_pandoc(settings)
    page = (tmp_path / "build" / "pandoc.html").read_text(encoding="utf-8")
    assert "The abstract." in page and "The text." in page
    assert page.count(">Abstract<") <= 1  # the masthead's, not a section of the body too


def test_a_joss_summary_is_the_abstract_only_where_the_style_requires_one() -> None:
    text = "---\ntitle: T\n---\n\n# Summary\n\nWhat it does.\n\n# Statement of need\n\nWhy.\n"
    kept = ast_of(text)
    assert take_abstract_section(kept) is None  # gfpr, preprint: a section, as written
    assert headings(kept) == ["summary", "statement-of-need"]
    taken = ast_of(text)
    assert take_abstract_section(taken, summary=True) is not None  # ieee
    abstract = plain_text(meta_dict(taken["meta"])["abstract"])  # type: ignore[arg-type]
    assert abstract == "What it does."
    assert headings(taken) == ["statement-of-need"]


def test_a_real_joss_paper_without_an_abstract_builds_in_ieee(tmp_path: Path) -> None:
    """joss-iondiff as its authors wrote it (no `abstract:`; JOSS asks for a `# Summary`):
    ieee, which requires an abstract, stopped with "the front matter has no 'abstract'"; now
    its summary is the abstract, printed in the masthead and not again as a section, and an
    R009 at the heading's line says so."""
    import dataclasses
    import json
    import shutil

    from docbuild.config import load_settings
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse

    corpus = Path(__file__).parents[1] / "realworld" / "manuscripts" / "joss-iondiff"
    shutil.copytree(corpus, tmp_path / "p", ignore=shutil.ignore_patterns("*.toml"))
    (tmp_path / "p" / "docbuild.toml").write_text(
        'style = "ieee"\nmanuscript = "paper/paper.md"\nbibliography = "paper/paper.bib"\n',
        encoding="utf-8",
    )
    settings = dataclasses.replace(load_settings(tmp_path / "p"), style="ieee")
    assert run_normalize(settings, in_place=False, verbose=False)
    assert run_parse(settings)
    assert run_pandoc(settings)
    page = (settings.build_path / "pandoc.html").read_text(encoding="utf-8")
    summary = "fast-ion conductors render the trajectories"  # its summary's first sentence
    abstract = page[page.index('<section class="abstract">') :]
    assert summary in abstract[: abstract.index("</section>")]
    assert ">Summary<" not in page  # not again as a section of the body
    report = json.loads((settings.build_path / "pandoc-report.json").read_text("utf-8"))
    read = [f for f in report["findings"] if f["rule"] == "R009" and "Summary" in f["message"]]
    assert [(f["file"], f["line"]) for f in read] == [("paper/paper.md", 29)]
