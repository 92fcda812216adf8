"""The math corpus through a real build: the torture file (tests/render/math/torture.md) and
the math of the real papers in tests/realworld/math/, all in one paper, in gfpr.

Every expression must be printed (an image per <math>, no error), in the style's fonts only,
with searchable text and no TeX source in the PDF's text layer; the JOSS papers' numbered
LaTeX equations and their \\autoref must resolve.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from docbuild.config import load_settings
from docbuild.jobs.build import run_pdf
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc

TESTS = Path(__file__).parents[1]
FIXTURE = TESTS / "integration" / "fixtures" / "paper"
TORTURE = Path(__file__).parent / "math" / "torture.md"
REAL = sorted((TESTS / "realworld" / "math").glob("*/math.md"))
TEX_SOURCE = ("\\", "^{", "_{", "\\frac", "\\begin", "\\label", "{#eq", "$")


@pytest.fixture(scope="module")
def corpus_paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "paper"
    shutil.copytree(FIXTURE, root)
    config = root / "docbuild.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("preprint", "gfpr"), "utf-8")
    manuscript = root / "manuscript"
    shutil.copy(TORTURE, manuscript / "10-torture.md")
    for number, source in enumerate(REAL, start=11):
        text = f"# {source.parent.name}\n\n" + source.read_text(encoding="utf-8")
        (manuscript / f"{number}-{source.parent.name}.md").write_text(text, encoding="utf-8")
    (root / "build").mkdir()
    assert run_normalize(load_settings(root), in_place=False)
    report = {"version": 1, "summary": {"error": 0, "warning": 0}, "findings": []}
    (root / "build" / "lint-report.json").write_text(json.dumps(report), encoding="utf-8")
    settings = load_settings(root)
    assert run_pandoc(settings) and run_pdf(settings)
    return root


def test_the_corpus_is_large_enough() -> None:
    assert len(REAL) >= 5
    for source in REAL:
        meta = (source.parent / "SOURCE.toml").read_text(encoding="utf-8")
        assert 'licence = "CC-BY-4.0"' in meta and re.search(r'commit = "[0-9a-f]{40}"', meta)


def test_every_expression_is_printed(corpus_paper: Path) -> None:
    page = (corpus_paper / "build" / "pandoc.html").read_text(encoding="utf-8")
    expressions = len(re.findall(r"<math\b", page))
    assert expressions >= 450  # about 270 in the torture file, 180 from the papers
    assert '<span class="math' not in page  # nothing pandoc left as TeX
    pdf = pypdf.PdfReader(corpus_paper / "build" / "paper.pdf")
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for p in pdf.pages
        for font in p["/Resources"].get("/Font", {}).values()
    }
    assert "STIX-Two-Math" in fonts and all(f.startswith(("Charis-SIL", "STIX")) for f in fonts)


def test_no_tex_source_reaches_the_pdf_text(corpus_paper: Path) -> None:
    pdf = pypdf.PdfReader(corpus_paper / "build" / "paper.pdf")
    text = "\n".join(p.extract_text() for p in pdf.pages)
    leaked = {source for source in TEX_SOURCE if source in text}
    assert not leaked
    squeezed = re.sub(r"\s+", "", text)
    for written in ("ℝ", "∑", "∫", "𝔼", "𝛼", "⟨", "≤", "∞", "otherwise", "𝐱"):
        assert written in squeezed, written


def test_the_joss_equations_are_numbered_and_their_autorefs_resolve(corpus_paper: Path) -> None:
    page = (corpus_paper / "build" / "pandoc.html").read_text(encoding="utf-8")
    labelled = re.findall(r'<span id="(eq:[^"]+)" class="equation">', page)
    assert "eq:phase_field_fracture_functional" in labelled
    assert "eq:intervalpropagation" in labelled
    assert "??" not in page
    assert re.search(r'<a href="#eq:phase_field_fracture_functional" class="cross-ref">'
                     r"Equation(?:\u00a0|&nbsp;)\d+</a>", page)  # fmt: skip
