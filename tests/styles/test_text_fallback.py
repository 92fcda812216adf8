"""Greek and running-text symbols in every shipped style: the PDF sets them in the style's own
fallback fonts (Gentium Plus after Charis SIL, STIX Two Math for symbols), never a machine font.

quarto-playstyle writes "η² = 0.02" in its prose; Charis SIL has α β but no η, Liberation
Serif has the Greek but no ∈ or ⊤. Each check reads the fonts embedded in the PDF itself:
their names, and which characters each embedded subset maps (its cmap).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from docbuild.config import load_settings
from docbuild.jobs.build import run_pdf
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.jobs.parse import run_parse

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"
BODY = """
# Effects by group η

The effect was small, η² = 0.02, with β ∈ [0, 1] and x ≤ y, a ⊤ b, p → q;
in italics *η and ∈* and in bold **ζ and ∀**.
"""
# style: (its text face, the face that must set Greek, the face that must set ∈ ∀ ⊤)
STYLES = {
    "gfpr": ("Charis-SIL", "Gentium-Plus", "STIX-Two-Math"),
    "preprint": ("Charis-SIL", "Gentium-Plus", "STIX-Two-Math"),
    "ieee": ("Liberation-Serif", "Liberation-Serif", "STIX-Two-Math"),
}


def _build(tmp: Path, style: str) -> Path:
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    front = (root / "manuscript" / "01-front.md").read_text(encoding="utf-8")
    end = front.index("\n---\n", 4) + 5  # the front matter only: the body cites its own keys
    (root / "manuscript" / "01-front.md").write_text(front[:end], encoding="utf-8")
    (root / "manuscript" / "02-body.md").write_text(BODY, encoding="utf-8")
    config = root / "docbuild.toml"
    config.write_text(config.read_text().replace('"preprint"', f'"{style}"'), encoding="utf-8")
    (root / "build").mkdir()
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    assert run_parse(settings)
    assert run_pandoc(settings)
    assert run_pdf(settings)
    return root / "build" / "paper.pdf"


def _embedded(pdf: Path) -> dict[str, set[str]]:
    """Each embedded font's name (subset tag dropped) and the characters its cmap maps."""
    fonts: dict[str, set[str]] = {}
    for page in pypdf.PdfReader(pdf).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            data = descriptor.get_object()["/FontFile2"].get_object().get_data()
            cmap = TTFont(io.BytesIO(data))["cmap"].getBestCmap() or {}
            name = str(font["/BaseFont"]).split("+")[-1]
            fonts.setdefault(name, set()).update(chr(c) for c in cmap)
    return fonts


@pytest.mark.parametrize("style", sorted(STYLES))
def test_greek_and_symbols_print_in_the_styles_fallback_fonts(tmp_path: Path, style: str) -> None:
    text_face, greek_face, symbol_face = STYLES[style]
    pdf = _build(tmp_path, style)
    fonts = _embedded(pdf)
    assert fonts and all(name.startswith((text_face, greek_face, symbol_face)) for name in fonts)
    greek = set().union(*(chars for name, chars in fonts.items() if name.startswith(greek_face)))
    symbols = set().union(*(c for name, c in fonts.items() if name.startswith(symbol_face)))
    assert {"η", "ζ"} <= greek
    assert {"∈", "∀", "⊤"} <= symbols
    text = " ".join("".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split())
    for phrase in ("η² = 0.02", "β ∈ [0, 1]", "x ≤ y", "a ⊤ b"):
        assert phrase in text
