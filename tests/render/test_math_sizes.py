"""render/mathimage.py's install_sizes and mathpage.sized_by_attribute: the math's images sized
from an attribute, sharing one computed style, laid out and drawn exactly as with their style
attributes.

The same page (the real pandoc's MathML, laid out by the real ziamath) is drawn by the real
WeasyPrint twice in this process: as to_image writes it, and with its sizes in attributes.
The PDFs' page contents must be the same bytes: every glyph, rule and image in the same place.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from docbuild.render.math import math_font
from docbuild.render.mathimage import SIZE, install, install_sizes
from docbuild.render.mathpage import SVG_DATA, sized_by_attribute, to_print_html
from docbuild.render.pandoc import pandoc_path
from docbuild.style import PACKAGE_STYLES

FONT = math_font(PACKAGE_STYLES / "gfpr" / "fonts" / "STIXTwoMath-Regular.ttf")
# The JOSS papers' math, as pandoc reads it without our filter: the Computo articles' needs
# the filter's rewrites (a top-level `\\`, `\\lVert\\mathbf{X}`) and is built through it, with
# the rest, by test_math_corpus.py; drawing the same pictures twice over 2,000 expressions
# more would add a minute to each of these comparisons and show nothing new.
REAL = sorted((Path(__file__).parents[1] / "realworld" / "math").glob("joss-*/math.md"))
FACE = f'@font-face {{ font-family: "STIX Two Math"; src: url("{FONT.path.as_uri()}") }}'
CSS = FACE + "img.docbuild-math { overflow: visible } body { font-size: 11pt }"


def print_page(markdown: str) -> str:
    pandoc = [pandoc_path(), "-f", "markdown", "-t", "html5", "--mathml"]
    html = subprocess.run(pandoc, input=markdown.encode(), capture_output=True, check=True)
    page, problems = to_print_html(html.stdout.decode(), FONT, workers=2)
    assert not problems
    return f"<!DOCTYPE html><html><body>{page}</body></html>"


def render(page: str, css: str = CSS) -> object:
    from weasyprint import CSS as Sheet
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from docbuild.render.mathdraw import install as install_text

    assert install_text() and install(SVG_DATA) and install_sizes()
    fonts = FontConfiguration()
    return HTML(string=page).render(
        stylesheets=[Sheet(string=css, font_config=fonts)], font_config=fonts
    )


def contents(document: object) -> list[bytes]:
    import pikepdf

    data = document.write_pdf()  # type: ignore[attr-defined]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [page.Contents.read_bytes() for page in pdf.pages]


def math_boxes(document: object) -> list[object]:
    from weasyprint.formatting_structure.boxes import InlineReplacedBox

    found: list[object] = []

    def walk(box: object) -> None:
        if isinstance(box, InlineReplacedBox) and "docbuild-math" in box.element.get("class", ""):
            found.append(box)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:  # type: ignore[attr-defined]
        walk(page._page_box)
    return found


@pytest.fixture(scope="module")
def real_page() -> str:
    return print_page("\n\n".join(path.read_text(encoding="utf-8") for path in REAL))


def test_the_sized_page_is_drawn_as_the_styled_one(real_page: str) -> None:
    sized = sized_by_attribute(real_page)
    assert sized.count(f'{SIZE}="') == real_page.count('class="docbuild-math"') > 100
    assert "vertical-align" not in sized
    styled, by_attribute = render(real_page), render(sized)
    assert contents(by_attribute) == contents(styled)
    boxes = math_boxes(by_attribute)
    assert [(b.width, b.height, b.position_y) for b in boxes] == [  # type: ignore[attr-defined]
        (b.width, b.height, b.position_y)  # type: ignore[attr-defined]
        for b in math_boxes(styled)
    ]


def test_the_images_of_a_paragraph_share_one_computed_style() -> None:
    """Without the attribute each image is styled on its own (52 properties computed each)."""
    page = print_page("$a^2$, $b_1 + c$, $\\frac{x}{y}$ and $\\sqrt{z}$.\n\n$w$ and $v_i$.\n")
    boxes = math_boxes(render(sized_by_attribute(page)))
    shared = {id(box.style.shared) for box in boxes}  # type: ignore[attr-defined]
    assert len(boxes) == 6 and len(shared) == 1
    assert len({box.width for box in boxes}) == 6  # type: ignore[attr-defined]
    styled = math_boxes(render(page))
    assert len({id(box.style) for box in styled}) == 6  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "rule",
    [
        "img.docbuild-math { vertical-align: top !important; width: 3em }",
        "img.docbuild-math { height: 2em !important; vertical-align: 1em }",
    ],
)
def test_a_stylesheet_rule_wins_over_the_attribute_as_over_a_style_attribute(rule: str) -> None:
    page = print_page("$a^2$ and $\\frac{x}{y}$ and $\\sum_i x_i$\n")
    styled, by_attribute = render(page, CSS + rule), render(sized_by_attribute(page), CSS + rule)
    assert contents(by_attribute) == contents(styled)


def test_only_the_maths_images_are_rewritten() -> None:
    page = print_page("$a$\n")
    other = '<img class="figure" src="a.png" style="width: 2em; height: 1em; vertical-align: 0em">'
    rewritten = sized_by_attribute(page + other)
    assert rewritten.endswith(other)
    assert f'{SIZE}="' in rewritten and 'style="width' not in rewritten.removesuffix(other)
