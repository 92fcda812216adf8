"""A PDF figure as the editions' PNG (render/images.py): drawn by the real pdfium, within a
bitmap this process can hold."""

from __future__ import annotations

from pathlib import Path

from docbuild.render.images import PDF_DPI, PDF_PIXELS, pdf_figure


def _page(path: Path, inches: float) -> Path:
    from PIL import Image

    # 300 x 300 pixels over `inches`: a page of that many inches a side.
    Image.new("RGB", (300, 300), (30, 160, 30)).save(path, resolution=300 / inches)
    return path


def test_a_column_wide_figure_is_drawn_at_print_resolution(tmp_path: Path) -> None:
    from PIL import Image

    png = pdf_figure(_page(tmp_path / "chart.pdf", 3.0), tmp_path / "build")
    with Image.open(png) as picture:
        assert picture.size == (3 * PDF_DPI, 3 * PDF_DPI)
        assert [round(d) for d in picture.info["dpi"]] == [PDF_DPI, PDF_DPI]


def test_a_poster_sized_page_is_drawn_within_the_pixels(tmp_path: Path) -> None:
    """60 x 60 in at 200 dpi would be 144 million pixels (576 MB of bitmap); 200 x 200 in,
    1.6 billion. Drawn at less, its own shape, with the resolution it was drawn at."""
    from PIL import Image

    png = pdf_figure(_page(tmp_path / "poster.pdf", 60.0), tmp_path / "build")
    with Image.open(png) as picture:
        width, height = picture.size
        assert width == height and width * height <= PDF_PIXELS
        assert width > 0.99 * PDF_PIXELS**0.5
        assert round(picture.info["dpi"][0]) == round(width / 60)
        seen = picture.convert("RGB").getpixel((width // 2, height // 2))
        assert max(abs(a - b) for a, b in zip(seen, (30, 160, 30), strict=True)) <= 8  # JPEG
