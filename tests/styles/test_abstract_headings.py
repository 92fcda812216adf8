"""Headings inside an abstract, as cboettig/noise-phenomena's rticles front matter writes its
journal's submission fields (`# Article Type: Review & Synthesis`, ..., `# Abstract`) in the
YAML `abstract:` (tests/realworld/excerpts/noise-phenomena/front.Rmd). Each printed at the
size of a title (gfpr's and preprint's default `h1`, 2em) or as a section head (ieee's capitals):
gfpr's page 1 held the title alone, its panel pushed to page 2."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pagedefects import Glyph, page_glyphs

REPO = Path(__file__).resolve().parents[2]
FRONT = REPO / "tests" / "realworld" / "excerpts" / "noise-phenomena" / "front.Rmd"
BODY = "\n# Introduction: Noise the nuisance\n\nTo many, stochasticity is just that.\n"


def size_of(glyphs: list[Glyph], text: str) -> float:
    """The font size of the first run of glyphs that spells `text` (spaces left out)."""
    chars = "".join(g.char for g in glyphs)
    at = chars.index(text.replace(" ", ""))
    return glyphs[at].size


@pytest.mark.parametrize("style", ["gfpr", "ieee", "preprint"])
def test_a_heading_in_the_abstract_is_set_at_the_abstract_s_size(
    tmp_path: Path, style: str, build_pdf: Callable[[Path], Path]
) -> None:
    paper = tmp_path / "paper"
    paper.mkdir()
    shutil.copy2(REPO / "dodo.py", paper / "dodo.py")
    (paper / "paper.Rmd").write_text(FRONT.read_text(encoding="utf-8") + BODY, "utf-8")
    (paper / "refs.bib").write_text("", encoding="utf-8")
    (paper / "docbuild.toml").write_text(
        f'style = "{style}"\nmanuscript = ["paper.Rmd"]\nbibliography = "refs.bib"\n', "utf-8"
    )
    pdf = pdfium.PdfDocument(build_pdf(paper))
    glyphs = page_glyphs(pdf[0])
    text = size_of(glyphs, "Noise, as the term itself suggests")
    for heading in ("Article Type: Review", "Word count: 7430", "Keywords: stochasticity"):
        assert size_of(glyphs, heading) <= text * 1.1, heading
    assert "introduction" in "".join(g.char for g in glyphs).lower()  # the body on page 1
