"""A numbered equation in the PDF (render/pdfcss.py's MATH_CSS): centred, and shrunk when it
would reach its number, never printed under it (fabm-oxypom's equation (1), shrunk to the
column's width, was printed through its "(1)").
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from docbuild.render.pdfcss import MATH_CSS

COLUMN = 260.0  # pt: the text width of the page below
PAGE = """<html><head><style>
@page {{ size: 300pt 200pt; margin: 20pt }}
body {{ font: 10pt serif; margin: 0 }}
img {{ max-width: 100% }}  /* the styles add object-fit, which would draw the pixel square */
</style></head><body>{equation}</body></html>"""
# One black pixel (PNG): an image stands for the math's, drawn where the layout puts it.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB"
    "SK+kcQAAAABJRU5ErkJggg=="
)


def _boxes(tmp_path: Path, width: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The equation's and its number's left and right edges (pt from the text's left)."""
    from weasyprint import CSS, HTML

    equation = (
        f'<span class="equation"><span class="docbuild-math-display"><img src="{PIXEL}"'
        f' style="width: {width / 10}em; height: 2em"></span>'
        '<span class="eq-number">(12)</span></span>'
    )
    pdf = tmp_path / "eq.pdf"
    HTML(string=PAGE.format(equation=equation)).write_pdf(pdf, stylesheets=[CSS(string=MATH_CSS)])
    page = pdfium.PdfDocument(str(pdf))[0]
    (image,) = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
    x0, _, x1, _ = image.get_bounds()
    text = page.get_textpage()
    n0, _, n1, _ = text.get_charbox(0)
    n1 = text.get_charbox(text.count_chars() - 1)[2]
    return (x0 - 20, x1 - 20), (n0 - 20, n1 - 20)


def test_an_equation_that_fits_is_centred(tmp_path: Path) -> None:
    (x0, x1), _ = _boxes(tmp_path, 100)
    assert (x0 + x1) / 2 == pytest.approx(COLUMN / 2, abs=0.5)


@pytest.mark.parametrize("width", [200, 240, 400])
def test_an_equation_never_reaches_its_number(tmp_path: Path, width: float) -> None:
    (x0, x1), (n0, _) = _boxes(tmp_path, width)
    assert (x0 + x1) / 2 == pytest.approx(COLUMN / 2, abs=0.5)
    assert n0 - x1 >= 5  # half an em at least between them
    if width <= COLUMN - 50:
        assert x1 - x0 == pytest.approx(width, abs=0.5)  # not shrunk while it has room
