"""An SVG figure as the JATS package's TIFF (render/svgfigure.py): its size, its fonts' rules,
and the PDF step's safety rules, with the real WeasyPrint and pdfium."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.errors import PdfRenderError, UnsafeResourceError
from docbuild.render.svgfigure import font_faces, svg_figure, svg_size
from docbuild.style import PACKAGE_STYLES, load_style

NETWORK = "network and other non-file addresses are not fetched"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">{}</svg>'


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('<svg width="330.0" height="422.0" viewBox="0 0 330.0 422.0">', (247.5, 316.5)),
        ('<svg width="7in" height="3.5in">', (504.0, 252.0)),
        ('<svg width="100%" height="100%" viewBox="0,0,200,100">', (150.0, 75.0)),
        ('<svg width="10cm" viewBox="0 0 200 100">', (283.465, 141.732)),
        ("<svg height='36pt' viewBox='0 0 200 100'>", (72.0, 36.0)),
        ('<svg width="2em" height="1em">', (225.0, 112.5)),  # no absolute size: a browser's
        ("<svg>", (225.0, 112.5)),
    ],
)
def test_the_size_is_the_svg_s_own(root: str, size: tuple[float, float]) -> None:
    width, height = svg_size(f'<?xml version="1.0"?>\n{root}</svg>'.encode())
    assert (round(width, 3), round(height, 3)) == size


def test_the_font_faces_name_the_style_s_files(tmp_path: Path) -> None:
    css = tmp_path / "print.css"
    css.write_text(
        '@font-face { font-family: "A"; src: url(fonts/a.ttf); }\n'
        "body { background: url(x.png) }\n"
        "@font-face { font-family: B; src: url('fonts/b.ttf'), url(data:font/ttf;base64,AA); }",
        encoding="utf-8",
    )
    fonts = (tmp_path / "fonts").as_uri()
    assert font_faces([css]) == (
        f'@font-face {{ font-family: "A"; src: url("{fonts}/a.ttf"); }}\n'
        f'@font-face {{ font-family: B; src: url("{fonts}/b.ttf"), url(data:font/ttf;base64,AA); }}'
    )


def _draw(root: Path, body: str, style: str = "preprint") -> Path:
    figure = root / "figure.svg"
    figure.write_text(SVG.format(body), encoding="utf-8")
    return svg_figure(
        figure, "figure.svg", root, root / "build", load_style(PACKAGE_STYLES / style), ()
    )


@pytest.mark.parametrize("attribute", ["href", "xlink:href"])
def test_an_image_outside_the_folder_is_refused(tmp_path: Path, attribute: str) -> None:
    image = f'<image {attribute}="file:///etc/passwd" width="10" height="10"/>'
    if attribute.startswith("xlink"):
        image = f'<g xmlns:xlink="http://www.w3.org/1999/xlink">{image}</g>'
    with pytest.raises(UnsafeResourceError) as info:
        _draw(tmp_path, image)
    assert info.value.message == (
        "resource 'file:///etc/passwd' refused: file outside the paper folder"
    )
    assert not (tmp_path / "build" / "figures").is_dir() or not any(
        (tmp_path / "build" / "figures").iterdir()
    )


def test_an_image_on_the_network_is_refused(tmp_path: Path, http_server) -> None:
    before = len(http_server.requests)
    with pytest.raises(UnsafeResourceError) as info:
        _draw(tmp_path, f'<image href="{http_server.base}/x.png" width="10" height="10"/>')
    assert info.value.message == f"resource '{http_server.base}/x.png' refused: {NETWORK}"
    assert len(http_server.requests) == before
    assert info.value.hint == (  # what to do, with the file's own name
        "docbuild reads nothing from the network: download it into the paper folder"
        f" (curl -L --create-dirs -o figures/x.png '{http_server.base}/x.png') and write its path,"
        " figures/x.png"
    )


def test_a_character_the_style_s_font_lacks_is_the_pdf_step_s_error(tmp_path: Path) -> None:
    with pytest.raises(PdfRenderError) as info:
        _draw(tmp_path, '<text x="10" y="50">Tokyo 東京</text>')
    assert info.value.message == (
        "figure 'figure.svg' has text the style's font 'Charis SIL' cannot set:"
        " '京' (U+4EAC), '東' (U+6771)"
    )


def test_a_family_the_style_does_not_ship_is_the_style_s(tmp_path: Path) -> None:
    """`font-family="DejaVu Serif"` (a machine's font): set in the style's Charis SIL, the
    same picture as an SVG that names it."""
    from PIL import Image

    text = '<text x="10" y="50" font-family="{}" font-size="20">Figure 1</text>'
    machine = _draw(tmp_path, text.format("DejaVu Serif"))
    shipped = _draw(tmp_path, text.format("Charis SIL"))
    assert machine != shipped  # the SVGs' bytes differ, so their names
    with Image.open(machine) as a, Image.open(shipped) as b:
        assert a.tobytes() == b.tobytes()
        assert min(low for low, _high in a.convert("RGB").getextrema()) < 100  # not blank


@pytest.mark.parametrize(
    ("inches", "dpi"),
    [
        ((3.4375, 4.3958), 1222),  # the sample's timeline: 7 in wide at 600 dpi
        ((7.0, 9.0), 600),
        ((10.0, 12.0), 600),  # wider than 7 in: its own size, 6,000 x 7,200
        ((20.0, 30.0), 408),  # a poster: 8,160 x 12,240, not 12,000 x 18,000
        ((100.0, 100.0), 100),  # width="100in": 10,000 x 10,000 at most, still over 7 in
    ],
)
def test_an_archival_picture_is_600_dpi_at_7_in_within_its_pixels(
    inches: tuple[float, float], dpi: int
) -> None:
    from docbuild.render.images import ARCHIVE_PIXELS, archival_dpi

    width, height = inches[0] * 72, inches[1] * 72
    found = archival_dpi(width, height, Path("f.svg"))
    assert found == dpi
    assert width / 72 * found >= 7 * 600
    assert (width / 72 * found) * (height / 72 * found) <= ARCHIVE_PIXELS * 1.001


def test_a_figure_too_tall_for_its_width_is_refused_before_it_is_drawn(tmp_path: Path) -> None:
    """width="1in" height="1000in": 7 in wide at 600 dpi would be 4,200 x 4,200,000 pixels,
    17 GB for pdfium's bitmap in the build's own process."""
    from docbuild.errors import InputError

    figure = tmp_path / "figure.svg"
    figure.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1in" height="1000in"/>', encoding="utf-8"
    )
    style = load_style(PACKAGE_STYLES / "preprint")
    with pytest.raises(InputError) as info:
        svg_figure(figure, "figure.svg", tmp_path, tmp_path / "build", style, ())
    assert str(info.value) == (
        f"{figure}: error: figure 'figure.svg' is 1 x 1000 in: at 600 dpi and 7 in wide it"
        " would pass 100,000,000 pixels\n"
        "  hint: give the figure the size it prints at (its width and height, or its page)"
    )


def test_the_name_follows_the_fonts_not_where_the_style_lies(tmp_path: Path) -> None:
    """The same SVG and style give the same TIFF, name and bytes, from two copies of the
    style (another machine, another checkout); a changed font rule another name."""
    import shutil

    figure = tmp_path / "paper" / "figure.svg"
    figure.parent.mkdir()
    figure.write_text(SVG.format('<text x="10" y="50">Figure 1</text>'), encoding="utf-8")
    made = []
    for copy in ("one", "two"):
        style = shutil.copytree(PACKAGE_STYLES / "preprint", tmp_path / copy / "preprint")
        build = tmp_path / copy / "build"
        made.append(svg_figure(figure, "figure.svg", figure.parent, build, load_style(style), ()))
    assert made[0].name == made[1].name and made[0].read_bytes() == made[1].read_bytes()
    css = tmp_path / "two" / "preprint" / "print.css"
    css.write_text(css.read_text(encoding="utf-8").replace("font-weight: 700", "font-weight: 600"))
    again = svg_figure(
        figure, "figure.svg", figure.parent, tmp_path / "two" / "build",
        load_style(tmp_path / "two" / "preprint"), (),
    )  # fmt: skip
    assert again.name != made[1].name


def test_a_file_the_svg_loads_is_part_of_its_name(tmp_path: Path) -> None:
    """An SVG that draws a PNG of the folder: a changed PNG is another TIFF, not the old one
    found under the old name (the SVG's bytes alone did not change)."""
    from PIL import Image

    (tmp_path / "img").mkdir()
    Image.new("RGB", (20, 10), "white").save(tmp_path / "img" / "dot.png")
    body = '<image href="img/dot.png" x="0" y="0" width="200" height="100"/>'
    white = _draw(tmp_path, body)
    Image.new("RGB", (20, 10), "black").save(tmp_path / "img" / "dot.png")
    black = _draw(tmp_path, body)
    assert black != white
    with Image.open(white) as a, Image.open(black) as b:
        assert a.convert("L").getextrema()[0] > 200  # the white PNG, drawn
        assert b.convert("L").getextrema()[1] < 50  # the black one, the whole picture


def test_the_files_an_svg_loads_are_listed_with_the_page_s(tmp_path: Path) -> None:
    """build/resources.json, what doit compares before it skips the pdf and jats tasks: the
    files an SVG figure loads, nested SVGs followed, nothing outside the folder."""
    from docbuild.jobs.pandoc import local_resources

    (tmp_path / "fig").mkdir()
    (tmp_path / "fig" / "a.svg").write_text(
        SVG.format(
            '<image href="dot.png"/><use xlink:href="parts/b.svg#p"/>'
            '<image href="file:///etc/passwd"/><image href="../../x.png"/>'
            "<style>g { fill: url(#grad) } h { background: url('tile.png') }</style>"
            '<a href="https://example.org/">x</a><image href="data:image/png;base64,AA"/>'
        ),
        encoding="utf-8",
    )
    (tmp_path / "fig" / "parts").mkdir()
    (tmp_path / "fig" / "parts" / "b.svg").write_text(
        SVG.format('<image href="../dot.png"/><image href="c.png"/><use href="../a.svg#q"/>'),
        encoding="utf-8",
    )
    page = '<p><img src="fig/a.svg" alt="A"><img src="photo.jpg" alt="B"></p>'
    assert local_resources(page, root=tmp_path) == [
        "fig/a.svg",
        "fig/dot.png",
        "fig/parts/b.svg",
        "fig/parts/c.png",
        "fig/tile.png",
        "photo.jpg",
    ]
    assert local_resources(page) == ["fig/a.svg", "photo.jpg"]
