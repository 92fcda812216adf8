"""`has_math_table` reads a plain font's table directory itself (no fontTools on a no-op
`doit build`) and must say what fontTools says, for the fonts the styles ship and for files
that are not plain fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from docbuild.render.fonttables import has_math_table

FONTS = sorted((Path(__file__).resolve().parents[2] / "styles").glob("*/fonts/*.[ot]tf"))


def fonttools_says(path: Path) -> bool:
    try:
        with TTFont(path, lazy=True) as font:
            return "MATH" in font
    except Exception:
        return False


@pytest.mark.parametrize("font", FONTS, ids=[f"{f.parent.parent.name}/{f.name}" for f in FONTS])
def test_the_styles_fonts_as_fonttools_reads_them(font: Path) -> None:
    assert has_math_table(font) is fonttools_says(font)


def test_the_shipped_math_font_has_one_and_a_text_font_none() -> None:
    names = {f.name: has_math_table(f) for f in FONTS}
    assert names["STIXTwoMath-Regular.ttf"] is True
    assert names["CharisSIL-Regular.ttf"] is False


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a font at all",
        b"\x00\x01\x00\x00\x00\x05" + bytes(6) + b"MATH",  # a directory cut short
        b"wOFF" + bytes(40),  # WOFF, fontTools' to read
    ],
)
def test_what_is_not_a_whole_plain_font(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "font.ttf"
    path.write_bytes(data)
    assert has_math_table(path) is fonttools_says(path) is False
