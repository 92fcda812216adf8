"""render/mathimage.py: the math's images drawn straight into the PDF, as WeasyPrint's SVG
renderer draws them.

The torture file and the JOSS papers' math are laid out by the real ziamath and drawn by the
real WeasyPrint twice, each in a fresh process: with the hook, and with WeasyPrint's own SVG
drawing. The pages must look the same (the style goldens' measure, at 150 dpi) and read the
same (text layer), and the hook must have drawn them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops, ImageFilter, ImageStat

from docbuild.render.math import math_font
from docbuild.render.mathimage import MARK, _path_ops, read_math_svg
from docbuild.render.mathpage import by_reference, to_print_html
from docbuild.render.pandoc import pandoc_path
from docbuild.style import PACKAGE_STYLES

FONT = math_font(PACKAGE_STYLES / "gfpr" / "fonts" / "STIXTwoMath-Regular.ttf")
CORPUS = Path(__file__).parent / "math" / "torture.md"
# The JOSS papers' math, as pandoc reads it without our filter: the Computo articles' needs
# the filter's rewrites (a top-level `\\`, `\\lVert\\mathbf{X}`) and is built through it, with
# the rest, by test_math_corpus.py; drawing the same pictures twice over 2,000 expressions
# more would add a minute to each of these comparisons and show nothing new.
REAL = sorted((Path(__file__).parents[1] / "realworld" / "math").glob("joss-*/math.md"))
SVG = "http://www.w3.org/2000/svg"
DRAW = """
import sys
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from docbuild.render.mathdraw import install
install()
page = HTML(filename=sys.argv[1])
if sys.argv[3] in ("hook", "reference"):
    from docbuild.render.mathimage import install as install_images, refer
    from docbuild.render.mathpage import SVG_DATA, by_reference
    assert install_images(SVG_DATA)
    if sys.argv[3] == "reference":  # short URLs, the SVG from a table (as a build draws it)
        text, table = by_reference(open(sys.argv[1], encoding="utf-8").read())
        assert len(table) > 400 and "data:image" not in text
        refer(table)
        page = HTML(string=text, base_url=sys.argv[1])
fonts = FontConfiguration()
face = f'@font-face {{ font-family: "STIX Two Math"; src: url("file://{sys.argv[4]}") }}'
css = face + "img.docbuild-math {{ overflow: visible }} body {{ font-size: 11pt }}"
page.write_pdf(sys.argv[2], stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)
"""
# Mean grey difference a page may have after a 1-pixel blur (tests/styles/test_golden_pages.py
# uses the same measure): the two drawings are the same operators in the same places, so
# anything above rounding noise is a glyph, a rule or a path out of place.
TOLERANCE = 0.05


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("mathimage")
    markdown = "\n\n".join(path.read_text(encoding="utf-8") for path in [CORPUS, *REAL])
    pandoc = [pandoc_path(), "-f", "markdown", "-t", "html5", "--mathml"]
    html_page = subprocess.run(pandoc, input=markdown.encode(), capture_output=True, check=True)
    page, problems = to_print_html(html_page.stdout.decode(), FONT, workers=2)
    assert not problems
    assert page.count(MARK) > 400
    html = folder / "page.html"
    html.write_text(f"<!DOCTYPE html><html><body>{page}</body></html>", encoding="utf-8")
    pdfs = []
    for how in ("hook", "weasyprint"):
        pdf = folder / f"{how}.pdf"
        subprocess.run(
            [sys.executable, "-c", DRAW, str(html), str(pdf), how, str(FONT.path)], check=True
        )
        pdfs.append(pdf)
    return pdfs[0], pdfs[1]


def _pages(pdf: Path) -> list[tuple[object, str]]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [
            (
                page.render(scale=150 / 72, grayscale=True).to_pil().convert("L"),
                page.get_textpage().get_text_range(),
            )
            for page in document
        ]
    finally:
        document.close()


def test_the_math_looks_and_reads_as_weasyprint_draws_its_svg(drawn: tuple[Path, Path]) -> None:
    hook, weasyprint = (_pages(pdf) for pdf in drawn)
    assert len(hook) == len(weasyprint) > 5
    blur = ImageFilter.GaussianBlur(1)
    for (image, text), (expected_image, expected_text) in zip(hook, weasyprint, strict=True):
        assert text == expected_text
        difference = ImageChops.difference(image.filter(blur), expected_image.filter(blur))  # type: ignore[attr-defined]
        assert ImageStat.Stat(difference).mean[0] <= TOLERANCE


def _saved_states(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return sum(
            1
            for page in document.pages
            for _, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "q"
        )


def test_the_hook_drew_the_math(drawn: tuple[Path, Path]) -> None:
    """One saved state an expression instead of two a shape or run: the comparison above
    compared the hook's drawing, not WeasyPrint's twice."""
    hook, weasyprint = (_saved_states(pdf) for pdf in drawn)
    assert hook < weasyprint / 3


def _contents(pdf: Path) -> list[bytes]:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return [page.Contents.read_bytes() for page in document.pages]


def test_the_same_page_is_drawn_to_the_same_bytes(drawn: tuple[Path, Path]) -> None:
    """Each page's drawing, byte for byte, from a second fresh process (the file's dates are
    WeasyPrint's own clock here; a build sets them from SOURCE_DATE_EPOCH)."""
    hook = drawn[0]
    again = hook.with_name("again.pdf")
    html = hook.with_name("page.html")
    subprocess.run(
        [sys.executable, "-c", DRAW, str(html), str(again), "hook", str(FONT.path)], check=True
    )
    assert _contents(again) == _contents(hook)


def test_images_by_reference_are_drawn_to_the_same_bytes(drawn: tuple[Path, Path]) -> None:
    """The page WeasyPrint parses names each image by a short URL (mathpage.by_reference), its
    SVG read from a table: the same drawing as from the data: URIs in the page."""
    hook = drawn[0]
    referenced = hook.with_name("reference.pdf")
    html = hook.with_name("page.html")
    subprocess.run(
        [sys.executable, "-c", DRAW, str(html), str(referenced), "reference", str(FONT.path)],
        check=True,
    )
    assert _contents(referenced) == _contents(hook)


def test_the_same_image_gets_the_same_short_url() -> None:
    image = '<img class="docbuild-math" alt="x" src="data:image/svg+xml,%3Csvg%3E" />'
    other = '<img class="docbuild-math" alt="y" src="data:image/svg+xml,%3Cg%3E" />'
    page, table = by_reference(f"<p>{image} {other} {image}</p>")
    assert page == (
        '<p><img class="docbuild-math" alt="x" src="docbuild-math:0" /> '
        '<img class="docbuild-math" alt="y" src="docbuild-math:1" /> '
        '<img class="docbuild-math" alt="x" src="docbuild-math:0" /></p>'
    )
    assert table == {"docbuild-math:0": "%3Csvg%3E", "docbuild-math:1": "%3Cg%3E"}


def test_the_comparison_would_see_a_misplaced_expression() -> None:
    """The measure fails for one expression drawn a tenth of an em too low: a real check."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (1240, 1754), 255)
    moved = page.copy()
    for image, dy in ((page, 0), (moved, 2)):
        ImageDraw.Draw(image).text((300, 400 + dy), "x_i = 1" * 8, fill=0, font_size=24)
    blur = ImageFilter.GaussianBlur(1)
    difference = ImageChops.difference(page.filter(blur), moved.filter(blur))
    assert ImageStat.Stat(difference).mean[0] > TOLERANCE


def _svg(body: str) -> bytes:
    return (
        f'<svg xmlns="{SVG}" width="20" height="10" viewBox="0 -8 20 10" {MARK}="">{body}</svg>'
    ).encode()


def test_an_expression_is_read_into_fills_and_glyph_runs() -> None:
    read = read_math_svg(
        _svg(
            '<rect x="1" y="-2" width="5" height="0.5" fill="black" />'
            '<g fill="red"><path d="M 0 0 L 1 0 L 1 1 Z " /></g>'
            '<text font-size="20" font-family="STIX Two Math" data-glyphs="" x="0 9" y="0">'
            "xy</text>"
        )
    )
    assert read is not None
    width, height, viewbox, items = read
    assert (width, height, viewbox) == (20.0, 10.0, (0.0, -8.0, 20.0, 10.0))
    rect, path, text = items
    assert rect.ops == b"1 -2 5 0.5 re f"  # type: ignore[union-attr]
    assert path.ops == b"0 0 m\n1 0 l\n1 1 l\nh\nf" and path.fill == "red"  # type: ignore[union-attr]
    assert text.size == 20.0 and text.node.text == "xy"  # type: ignore[union-attr]


def test_a_quadratic_curve_becomes_the_cubic_weasyprint_draws() -> None:
    assert _path_ops("M 0 0 Q 3 3 6 0 Z") == b"0 0 m\n2 2 4 2 6 0 c\nh\nf"


@pytest.mark.parametrize(
    "body",
    [
        '<circle cx="1" cy="1" r="1" />',  # an element we do not draw
        '<path d="M 0 0 l 1 1 Z" />',  # a relative command
        '<path d="M 0 0 L 1 1 Z" transform="scale(2)" />',  # an attribute we do not read
        '<text font-size="20" font-family="F" x="0" y="0">x</text>',  # a run not marked
        '<rect x="0" y="0" width="1" height="1" fill="url(#g)" />',  # a paint server
    ],
)
def test_anything_else_is_left_to_weasyprint(body: str) -> None:
    assert read_math_svg(_svg(body)) is None


def test_an_svg_that_is_not_the_maths_is_left_to_weasyprint() -> None:
    assert read_math_svg(_svg("").replace(f' {MARK}=""'.encode(), b"")) is None
    assert read_math_svg(b"<svg") is None


@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, -3.0, 12.34, -0.000001, 1e-9, 123456.789, 2.5e7])
def test_a_number_is_written_as_pydyf_writes_it(value: float) -> None:
    """mathdraw writes the glyphs' text matrices itself: the same bytes as pydyf's."""
    from pydyf import _to_bytes

    from docbuild.render.mathdraw import pdf_number

    assert pdf_number(value) == _to_bytes(value)
