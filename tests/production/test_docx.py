"""`doit docx`: a Word edition with the style's reference document and its citations."""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest
from schemakit import ROOT
from test_crossref_xml import doit
from test_jats import STYLES, _paper

# How each style prints a citation of Khan (2021) in the text.
CITATIONS = {"gfpr": "B. Khan, 2021", "ieee": "[1]", "preprint": "Khan, 2021"}
FONTS = {"gfpr": "Charis SIL", "ieee": "Liberation Serif", "preprint": "Charis SIL"}


def _text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())


@pytest.fixture(scope="module", params=STYLES)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    paper = _paper(tmp_path_factory.mktemp(f"docx-{request.param}"), request.param)
    doit(paper, "docx")
    return request.param, paper / "build" / "paper.docx"


def test_the_docx_has_the_text_citations_references_and_figure(built: tuple[str, Path]) -> None:
    style, docx = built
    text = _text(docx)
    assert "Between Two Capitals" in text and "Amina Qureshi" in text
    assert CITATIONS[style] in text
    assert "Pakistan looks to Russia" in text  # a reference-list entry
    assert "Figure 1" in text and not re.search(r"@(fig|tbl|sec):", text)
    with zipfile.ZipFile(docx) as z:
        assert any(n.startswith("word/media/") and n.endswith(".svg") for n in z.namelist())


def test_the_docx_takes_the_style_s_fonts_and_headings(built: tuple[str, Path]) -> None:
    style, docx = built
    with zipfile.ZipFile(docx) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    heading = re.search(r'w:styleId="Heading1"[^>]*>.*?</w:style>', styles, re.S)
    assert heading is not None and f'w:ascii="{FONTS[style]}"' in heading[0]
    assert "w:color" not in heading[0]
    assert '<w:pStyle w:val="Heading1" />' in document


def test_the_same_inputs_give_the_same_docx(tmp_path: Path) -> None:
    """Twice in one folder, and once in another: the Word file names no path of the machine
    that built it (pandoc keeps unknown metadata, the bibliography's and the CSL's paths among
    them, as custom document properties)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    paper = _paper(tmp_path / "a", "gfpr")
    doit(paper, "docx")
    first = (paper / "build" / "paper.docx").read_bytes()
    (paper / "build" / "paper.docx").unlink()
    doit(paper, "docx")
    assert (paper / "build" / "paper.docx").read_bytes() == first
    elsewhere = _paper(tmp_path / "b", "gfpr")
    doit(elsewhere, "docx")
    with zipfile.ZipFile(elsewhere / "build" / "paper.docx") as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    assert "Over the past decade" in custom  # the author's abstract stays
    assert str(tmp_path) not in custom and "apa.csl" not in custom
    assert (elsewhere / "build" / "paper.docx").read_bytes() == first


def _maker() -> object:
    spec = importlib.util.spec_from_file_location(
        "make_reference_docx", ROOT / "scripts" / "make_reference_docx.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_reference_docx"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_reference_docs_are_made_by_the_script_and_reproducibly() -> None:
    maker = _maker()
    source = maker.pandoc_reference_docx()  # type: ignore[attr-defined]
    for style, look in maker.LOOKS.items():  # type: ignore[attr-defined]
        made = maker.make_reference_docx(look, source)  # type: ignore[attr-defined]
        assert made == maker.make_reference_docx(look, source)  # type: ignore[attr-defined]
        shipped = ROOT / "styles" / style / "reference.docx"
        with zipfile.ZipFile(shipped) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
        assert f'w:ascii="{look.font}"' in styles, f"run scripts/make_reference_docx.py {style}"


def test_the_author_s_csl_is_read_by_the_production_tasks_as_by_the_build(
    tmp_path: Path,
) -> None:
    """A front-matter `csl:` (docbuild.toml naming none) prints the DOCX's citations as it
    prints the PDF's, and no R001 calls it ignored."""
    paper = _paper(tmp_path, "gfpr")
    front = paper / "manuscript" / "00-front.md"
    text = front.read_text(encoding="utf-8")
    front.write_text(text.replace("title:", "csl: ieee\ntitle:", 1), encoding="utf-8")
    done = doit(paper, "docx")
    assert "R001" not in done.stdout + done.stderr
    text = _text(paper / "build" / "paper.docx")
    assert CITATIONS["ieee"] in text and CITATIONS["gfpr"] not in text
