"""An SVG figure's text in the style's fonts (render/svgfonts.py), on joss-sbmltoolkit's
figure.svg (Illustrator's `font-family="Roboto,Roboto_MSFontService,sans-serif"`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.errors import PdfRenderError
from docbuild.render.svgfonts import check_svg_glyphs, set_svg_fonts, svg_text, text_font
from docbuild.style import PACKAGE_STYLES

FIGURE = Path(__file__).parents[1] / "realworld" / "manuscripts" / "joss-sbmltoolkit" / "paper"
FONTS = tuple(sorted((PACKAGE_STYLES / "preprint" / "fonts").glob("*.ttf")))


def test_the_text_font_is_the_styles_regular_text_face_not_its_math_font() -> None:
    assert text_font(FONTS) == (
        "Charis SIL",
        PACKAGE_STYLES / "preprint" / "fonts" / "CharisSIL-Regular.ttf",
    )


def test_the_text_font_is_not_the_code_font_that_sorts_first() -> None:
    """ieee ships Liberation Mono beside Liberation Serif: an SVG's foreign families were set
    in the code font (joss-sbmltoolkit's figure in ieee printed in Liberation Mono)."""
    fonts = tuple(sorted((PACKAGE_STYLES / "ieee" / "fonts").glob("*.ttf")))
    assert fonts[0].name == "LiberationMono-Bold.ttf"
    assert text_font(fonts) == (
        "Liberation Serif",
        PACKAGE_STYLES / "ieee" / "fonts" / "LiberationSerif-Regular.ttf",
    )
    mono = tuple(f for f in fonts if "Mono" in f.name)
    assert text_font(mono) == ("Liberation Mono", mono[-1])  # a style with no other font


def test_foreign_families_become_the_styles_and_its_own_stay() -> None:
    data = (FIGURE / "figure.svg").read_bytes()
    out = set_svg_fonts(data, "Charis SIL", {"Charis SIL"})
    assert b"Roboto" in data and b"Roboto" not in out
    assert out.count(b'font-family="Charis SIL"') == data.count(b"font-family=") + 1  # + root
    assert svg_text(out) == svg_text(data)  # the text itself is untouched
    kept = b"<svg><style>text { font-family: Charis SIL, serif }</style><text>x</text></svg>"
    assert set_svg_fonts(kept, "Charis SIL", {"Charis SIL"}) == kept.replace(
        b"<svg>", b'<svg font-family="Charis SIL">'
    )
    css = (
        b'<svg font-family="A"><text style="font-family: Helvetica; font-size: 3px">x</text></svg>'
    )
    assert set_svg_fonts(css, "F", {"F"}) == (
        b'<svg font-family="F"><text style="font-family: \'F\'; font-size: 3px">x</text></svg>'
    )


def test_text_the_font_cannot_set_is_an_error_naming_the_svg_and_the_font(tmp_path: Path) -> None:
    (tmp_path / "fig.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>Dose &#x3bc;g / 漢字</text></svg>',
        encoding="utf-8",
    )
    page = '<figure><img src="fig.svg" alt=""></figure>'
    with pytest.raises(PdfRenderError) as caught:
        check_svg_glyphs(page, tmp_path, text_font(FONTS))
    assert caught.value.message == (
        "figure 'fig.svg' has text the style's font 'Charis SIL' cannot set:"
        " '字' (U+5B57), '漢' (U+6F22)"
    )
    assert str(caught.value.location) == str(tmp_path / "fig.svg")
    check_svg_glyphs(
        page.replace("fig.svg", "other.svg"), tmp_path, text_font(FONTS)
    )  # missing: the resource check's
