"""An SVG figure as PubMed Central takes it (no SVG): a TIFF drawn as the PDF edition draws it.

WeasyPrint draws the SVG alone on a page of the SVG's own size, through the PDF step itself
(render/pdf.py `render_pdf`): the style's fonts in place of the ones the SVG names and a
character they lack the same error (render/svgfonts.py), the RestrictedFetcher (nothing from
the network or from outside the paper folder), the forked child's time and memory limits.
pdfium then rasterises that page as it does a PDF figure (render/images.py `write_picture`).
The TIFF is named by a hash of the SVG's bytes, of the files it loads and of the style's fonts
and their rules, so the same inputs give the same file, made once.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from docbuild.digest import digest
from docbuild.render.html import svg_loads
from docbuild.render.images import FIGURES, write_picture
from docbuild.render.svgfonts import SVG_ROOT
from docbuild.style import Style

# Points per unit of an SVG length (CSS's absolute units; a bare number is px).
_POINTS = {"": 0.75, "px": 0.75, "pt": 1.0, "pc": 12.0, "in": 72.0, "cm": 72 / 2.54,
           "mm": 72 / 25.4, "q": 72 / 101.6}  # fmt: skip
# A browser's size for a replaced element that says none (CSS 2 §10.3.2), in px.
DEFAULT_SIZE = (300.0, 150.0)
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z]*)\s*")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.S)
_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf"""\s{name}\s*=\s*(["'])(.*?)\1""", tag, re.S)
    return found[2] if found else None


def _points(value: str | None) -> float | None:
    """An absolute length in points; None for none, a percentage, an em or nonsense."""
    found = _LENGTH.fullmatch(value or "")
    if found is None or found[2].lower() not in _POINTS:
        return None
    points = float(found[1]) * _POINTS[found[2].lower()]
    return points if points > 0 else None


def svg_size(data: bytes) -> tuple[float, float]:
    """The SVG's size in points, as a browser gives an `<img>` of it: its width and height
    (a bare number is px), the one missing from the viewBox's proportions; else the viewBox
    (in px); else DEFAULT_SIZE."""
    root = SVG_ROOT.search(data)
    tag = root[0].decode("utf-8", "replace") if root else ""
    width, height = _points(_attribute(tag, "width")), _points(_attribute(tag, "height"))
    box = [_points(v) for v in (_attribute(tag, "viewBox") or "").replace(",", " ").split()]
    view = (box[2], box[3]) if len(box) == 4 and box[2] and box[3] else None
    if width and height:
        return width, height
    if view is not None:
        if width:
            return width, width * view[1] / view[0]
        if height:
            return height * view[0] / view[1], height
        return view
    return width or DEFAULT_SIZE[0] * 0.75, height or DEFAULT_SIZE[1] * 0.75


def font_faces(sheets: Sequence[Path], *, absolute: bool = True) -> str:
    """The @font-face rules of the style's print CSS, their relative `url()`s made absolute
    (the page that draws the SVG is not beside the CSS); as written when not `absolute`."""

    def made_absolute(sheet: Path, m: re.Match[str]) -> str:
        url = m[2].strip()
        if ":" in url:
            return m[0]  # data: (or an address the fetcher refuses, as the PDF step does)
        return f'url("{(sheet.parent / url).resolve().as_uri()}")'

    return "\n".join(
        _URL.sub(lambda m, s=sheet: made_absolute(s, m), face) if absolute else face
        for sheet in sheets
        for face in _FONT_FACE.findall(sheet.read_text(encoding="utf-8"))
    )


def figure_page(rel: str, size: tuple[float, float]) -> str:
    """The page WeasyPrint draws: the SVG `rel` (relative to the paper folder) alone, the
    page its size."""
    width, height = size
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><style>\n'
        f"@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0; }}\n"
        "html, body { margin: 0; padding: 0; }\n"
        f"img {{ display: block; width: {width:.3f}pt; height: {height:.3f}pt; }}\n"
        f'</style></head><body><img src="{html.escape(rel)}"></body></html>\n'
    )


def svg_figure(
    source: Path, rel: str, root: Path, build: Path, style: Style, manuscript: Sequence[Path]
) -> Path:
    """build/figures/<stem>-<hash>.tif: the SVG `source` (`rel` in the paper folder `root`)
    as the PDF draws it, at ARCHIVE_DPI and at least ARCHIVE_WIDTH wide; made once.
    PdfRenderError or UnsafeResourceError where the PDF step would fail on it too."""
    from docbuild.jobs.build import pdf_time_limit
    from docbuild.paths import MAX_RESOURCE, read_input
    from docbuild.render.pdf import PdfJob, render_pdf

    data = read_input(source, what="figure", limit=MAX_RESOURCE)
    # The rules as written, not where the style lies: the same name on every machine.
    rules = font_faces(style.css_print, absolute=False)
    fonts = sorted(style.fonts)
    # The files it loads are part of the picture: a changed one gives another TIFF.
    loaded = [
        name.encode() + b"\0" + ((root / name).read_bytes() if (root / name).is_file() else b"")
        for name in svg_loads(root, rel)
    ]
    key = digest(data, rules, *(p.name for p in fonts), *(p.read_bytes() for p in fonts), *loaded)
    target = build / FIGURES / f"{source.stem}-{key[:16]}.tif"
    if target.is_file():
        return target
    page = figure_page(rel, svg_size(data))
    with tempfile.TemporaryDirectory(prefix="docbuild-") as scratch:
        # The faces as a style sheet of their own: the PDF step takes their families as the
        # style's (render/pdf.py `allowed_families`), and none of the style's page layout.
        sheet = Path(scratch) / "faces.css"
        sheet.write_text(font_faces(style.css_print), encoding="utf-8")
        job = PdfJob(
            html=page,
            root=root,
            stylesheets=(sheet,),
            allowed=(root, style.folder),
            fonts=style.fonts,
            source=source,
            manuscript=tuple(manuscript),
            build=build,
        )
        result = render_pdf(job, timeout=pdf_time_limit(len(data)))
    return write_picture(result.data, target, source, archival=True)
