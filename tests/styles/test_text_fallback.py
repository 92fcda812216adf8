"""Greek and running-text symbols in every shipped style: the PDF sets them in the style's own
fallback fonts (Gentium Plus after Charis SIL, STIX Two Math for symbols), never a machine font.

quarto-playstyle writes "η² = 0.02" in its prose; Charis SIL has α β but no η, Liberation
Serif has the Greek but no ∈ or ⊤. Each check reads the fonts embedded in the PDF itself:
their names, and which characters each embedded subset maps (its cmap).
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont
from stylekit import build_body

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
    return build_body(tmp, style, BODY) / "paper.pdf"


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
