"""Golden pictures: page 1 of the sample paper in each style, compared with a committed PNG.

The fonts ship with the styles, so page 1 renders the same on any machine; the comparison
allows a small mean difference for anti-aliasing and the like. Measured on gfpr: the accent
colour turned black differs by 0.6, the body set in one column instead of two by 10.7.

Regenerate the pictures after an intended change of a style, then look at them:

    DOCBUILD_REGENERATE_GOLDEN=1 /work/venv/bin/pytest tests/styles/test_golden_pages.py

which writes tests/styles/golden/page1-<style>.png and the README's docs/img/page1-<style>.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from docbuild.style import PACKAGE_STYLES

REPO = Path(__file__).resolve().parents[2]
STYLES = ("gfpr", "ieee", "preprint")
GOLDEN = Path(__file__).parent / "golden"
README_IMAGES = REPO / "docs" / "img"
GOLDEN_DPI = 50  # small files, and blind to sub-pixel differences between machines
README_DPI = 110
TOLERANCE = 2.0  # mean absolute grey-level difference, 0-255, after a slight blur
REGENERATE = os.environ.get("DOCBUILD_REGENERATE_GOLDEN") == "1"


def render_page(pdf: Path, *, dpi: int, grey: bool = True) -> Image.Image:
    """Page 1 of `pdf` at `dpi`, grey for comparison or in colour for the README."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=dpi / 72, grayscale=grey).to_pil()
        return image.convert("L") if grey else image.convert("RGB")
    finally:
        document.close()


def page_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two grey pages, 0 (same) to 255; different sizes are 255."""
    if a.size != b.size:
        return 255.0
    blur = ImageFilter.GaussianBlur(1)
    diff = ImageChops.difference(a.filter(blur), b.filter(blur))
    return float(ImageStat.Stat(diff).mean[0])


@pytest.mark.parametrize("style", STYLES)
def test_page_one_matches_the_golden_picture(style: str, sample_pdf: Callable[[str], Path]) -> None:
    pdf = sample_pdf(style)
    page = render_page(pdf, dpi=GOLDEN_DPI)
    golden = GOLDEN / f"page1-{style}.png"
    if REGENERATE:
        GOLDEN.mkdir(exist_ok=True)
        page.save(golden, optimize=True)
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        readme = render_page(pdf, dpi=README_DPI, grey=False)
        readme.save(README_IMAGES / f"page1-{style}.png", optimize=True)
        pytest.skip(f"wrote {golden.relative_to(REPO)}")
    assert golden.is_file(), f"no golden picture {golden}; see this module's docstring"
    difference = page_difference(page, Image.open(golden).convert("L"))
    assert difference <= TOLERANCE, (
        f"page 1 in '{style}' differs from {golden.name} by {difference:.2f} (tolerance "
        f"{TOLERANCE}); if the change is intended, regenerate (see the module docstring)"
    )


def test_a_broken_layout_is_caught(
    tmp_path: Path,
    sample_pdf: Callable[[str], Path],
    make_paper: Callable[[Path, str], Path],
    build_pdf: Callable[[Path], Path],
) -> None:
    """The paper's own copy of gfpr with one column instead of two fails the comparison."""
    paper = make_paper(tmp_path / "paper", "gfpr")
    own = paper / "styles" / "gfpr"
    shutil.copytree(PACKAGE_STYLES / "gfpr", own)
    with (own / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.article-body { column-count: 1; }\n")
    broken = render_page(build_pdf(paper), dpi=GOLDEN_DPI)
    good = render_page(sample_pdf("gfpr"), dpi=GOLDEN_DPI)
    assert page_difference(broken, good) > 3 * TOLERANCE  # measured: 10.7


def test_the_same_page_is_no_different() -> None:
    page = Image.new("L", (100, 140), 255)
    assert page_difference(page, page.copy()) == 0.0
    assert page_difference(page, Image.new("L", (100, 141), 255)) == 255.0
