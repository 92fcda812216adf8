"""Image paths as pandoc finds them, and PDF figures as pictures both editions can show.

pandoc resolves an image against its working directory and then `resource-path`; authors run
it from the Markdown file's folder (`cd paper && pandoc paper.md`), so a JOSS paper writes
`![](figure.png)` for `paper/figure.png`. docbuild renders from the paper folder, so each
relative image path is made relative to it: kept when it names a file there, else the first of
the Markdown file's folder and the front matter's `resource-path` folders that holds it. An
image read from a raw LaTeX figure (render/latex_figures.py) may name its file without the
extension, `\\includegraphics{Plot-1}` for Plot-1.pdf (knitr writes them so): it is found as
pdfLaTeX's graphicx finds it, trying GRAPHICS_EXTENSIONS in order.

Neither a browser nor WeasyPrint draws a PDF as an image: a `.pdf` figure is rasterised (its
first page, at PDF_DPI) with pdfium into build/figures/, named by a hash of its bytes, so the
same PDF gives the same PNG, byte for byte, in every build. The page names it as build/ holds
it (`figures/<stem>-<hash>.png`, where the HTML edition finds it beside paper.html), not as a
path in the paper folder: `docbuild issue` builds a paper outside its folder. The files listed
for rebuilds name the PDF, the file the author edits. The JATS package, for PubMed Central
(which takes neither PDF nor SVG figures), gets a lossless TIFF at ARCHIVE_DPI instead.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from docbuild.diagnostics import Location
from docbuild.errors import InputError

PDF_DPI = 200  # print quality for a figure a column wide; ~1 MB for a full-page chart
# The most pixels a PDF figure's PNG may have: a larger page (a poster, a hostile 200 x 200 in
# MediaBox: 6.4 GB of pdfium's bitmap in this process) is drawn at less than PDF_DPI. A 36 x
# 48 in poster still gets 152 dpi.
PDF_PIXELS = 40_000_000
# The JATS package's copy (PubMed Central takes no PDF or SVG figure): PMC's resolution for
# line art with halftones, at the widest a figure prints (a page's text width, 7 in) or at the
# PDF's own size where that is larger, as a lossless TIFF.
ARCHIVE_DPI = 600
ARCHIVE_WIDTH = 7 * 72  # points
# The most pixels an archival picture may have: a figure of its own size beyond 7 in (a
# poster, an SVG that says width="1000in") is drawn at less than ARCHIVE_DPI to stay within
# it, never at less than 7 in at ARCHIVE_DPI; pdfium's bitmap is 4 bytes a pixel, in this
# process, outside the PDF step's limits. A 7 x 9 in page at 600 dpi is 23 million.
ARCHIVE_PIXELS = 100_000_000
FIGURES = "figures"  # under build/
# The page's name for a PDF figure's PNG or TIFF (pdf_figure): no file of the paper folder is
# read in its place unless the folder has one of that very name.
_MADE = re.compile(rf"{FIGURES}/[^/]+-[0-9a-f]{{16}}\.(?:png|tif)")
# pdfLaTeX's \includegraphics, a name without an extension: graphicx's order (pdftex.def),
# of the formats the editions can show.
GRAPHICS_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".PDF", ".PNG", ".JPG", ".JPEG")

Node = dict[str, object]


def images(ast: object) -> Iterator[list[object]]:
    """The target ([url, title]) of every Image in `ast`, in document order, to be edited."""
    stack = [ast]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            content = item.get("c")
            if item.get("t") == "Image" and isinstance(content, list) and len(content) == 3:
                target = content[2]
                if isinstance(target, list) and target and isinstance(target[0], str):
                    yield target
            if isinstance(content, list | dict):
                stack.append(content)
        elif isinstance(item, list):
            stack.extend(reversed(item))


def local_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def resource_folders(meta: Mapping[str, object], files: Sequence[Path], root: Path) -> list[Path]:
    """Where a relative image path is looked for, after the paper folder: the folder of each
    manuscript file, then the front matter's `resource-path` (relative to the first file)."""
    from docbuild.render.meta import meta_to_plain

    folders = [f.parent for f in files]
    value = meta.get("resource-path")
    plain = meta_to_plain(value) if isinstance(value, dict) else None
    entries = plain if isinstance(plain, list) else [plain] if isinstance(plain, str) else []
    base = files[0].parent if files else root
    folders += [base / str(e) for e in entries if str(e).strip()]
    out: list[Path] = []
    for folder in folders:
        if folder not in out:
            out.append(folder)
    return out


def resolve_image_paths(
    ast: Node,
    files: Sequence[Path],
    root: Path,
    targets: Sequence[list[object]] | None = None,
    latex: Sequence[list[object]] = (),
) -> None:
    """Rewrite each relative image path of `ast` to one relative to `root`, where the file is.
    `targets`: the images' targets in `ast` where they are known (a parse a file at a time
    keeps them), in place of a walk over the whole document. `latex`: the targets read from
    raw LaTeX figures, whose name may lack its extension."""
    meta = ast.get("meta")
    folders = [root, *resource_folders(meta if isinstance(meta, Mapping) else {}, files, root)]
    top = root.resolve()
    from_latex = {id(target) for target in latex}
    for target in images(ast.get("blocks")) if targets is None else targets:
        rel = local_path(str(target[0]))
        if rel is None or (root / rel).is_file():
            continue
        names = [rel]
        if id(target) in from_latex and not PurePosixPath(rel).suffix:
            names += [rel + extension for extension in GRAPHICS_EXTENSIONS]
        found = _first_file(folders, names, top)
        if found is not None:
            target[0] = PurePosixPath(found.relative_to(top)).as_posix()


def _first_file(folders: Sequence[Path], names: Sequence[str], top: Path) -> Path | None:
    """The first name found, in the first folder that holds it (graphicx tries each extension
    in a folder before the next folder)."""
    for folder in folders:
        for name in names:
            found = (folder / name).resolve()
            if found.is_file() and found.is_relative_to(top):
                return found
    return None


def convert_pdf_figures(
    ast: Node,
    root: Path,
    build: Path,
    targets: Sequence[list[object]] | None = None,
    *,
    archival: bool = False,
) -> dict[str, str]:
    """Point each `.pdf` image of `ast` at its PNG in build/figures/ (`archival`: its TIFF),
    made when missing. `targets`: the images' targets, where the parse kept them (no walk).
    Returns each picture's name in the page with the PDF it was made from (relative to
    `root`)."""
    made: dict[str, str] = {}
    for target in images(ast.get("blocks")) if targets is None else targets:
        rel = local_path(str(target[0]))
        if rel is None or not rel.lower().endswith(".pdf"):
            continue
        source = root / rel
        if not source.is_file():
            continue  # reported as a missing resource by the html and pdf steps
        picture = pdf_figure(source, build, archival=archival)
        name = PurePosixPath(picture.relative_to(build)).as_posix()
        target[0] = name
        made[name] = PurePosixPath(rel).as_posix()
    return made


def made_figure(build: Path, name: str) -> Path | None:
    """The PNG in `build` that the page's `name` stands for, where it is a PDF figure's."""
    if _MADE.fullmatch(name) is None:
        return None
    path = build / name
    return path if path.is_file() else None


def clean_made_figures(build: Path) -> None:
    """`doit clean`: the PNGs and TIFFs made from PDF figures, and their folder when left
    empty."""
    folder = build / FIGURES
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if made_figure(build, f"{FIGURES}/{path.name}") is not None:
            path.unlink()
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def pdf_figure(source: Path, build: Path, *, archival: bool = False) -> Path:
    """build/figures/<stem>-<hash>.png: the PDF's first page, rasterised once; `archival`:
    <stem>-<hash>.tif at ARCHIVE_DPI, for the JATS package."""
    from docbuild.paths import MAX_RESOURCE, read_input

    data = read_input(source, what="figure", limit=MAX_RESOURCE)
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = build / FIGURES / f"{source.stem}-{digest}.{'tif' if archival else 'png'}"
    if target.is_file():
        return target
    return write_picture(data, target, source, archival=archival)


def archival_dpi(width: float, height: float, source: Path) -> float:
    """The resolution of a page `width` x `height` points for the JATS package: ARCHIVE_DPI
    at the wider of its own width and ARCHIVE_WIDTH, less where that passes ARCHIVE_PIXELS
    (but not less than ARCHIVE_WIDTH's); InputError for a page too narrow and tall for even
    that."""
    dpi = ARCHIVE_DPI * max(1.0, ARCHIVE_WIDTH / width)
    budget = 72 * (ARCHIVE_PIXELS / (width * height)) ** 0.5
    least = ARCHIVE_DPI * ARCHIVE_WIDTH / width
    if least > budget:
        shown = f"{width / 72:.4g} x {height / 72:.4g} in"
        raise InputError(
            f"figure '{source.name}' is {shown}: at {ARCHIVE_DPI} dpi and 7 in wide it would"
            f" pass {ARCHIVE_PIXELS:,} pixels",
            location=Location(source, 0),
            hint="give the figure the size it prints at (its width and height, or its page)",
        )
    return round(min(dpi, max(budget, least)))


def print_dpi(width: float, height: float) -> float:
    """The resolution of a PDF figure's page of `width` x `height` points in the editions:
    PDF_DPI, less (a whole number of dots per inch) where that would pass PDF_PIXELS."""
    return min(PDF_DPI, math.floor(72 * (PDF_PIXELS / max(width * height, 1.0)) ** 0.5))


def write_picture(data: bytes, target: Path, source: Path, *, archival: bool = False) -> Path:
    """`target`: the first page of the PDF `data` (drawn from `source`) at PDF_DPI (within
    PDF_PIXELS) as a PNG; `archival`: at ARCHIVE_DPI, at least ARCHIVE_WIDTH wide, as a
    lossless TIFF. The one rasteriser of PDF and SVG figures (render/svgfigure.py draws an
    SVG as a PDF page)."""
    import io

    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
        try:
            page = pdf[0]
            width, height = page.get_width(), page.get_height()
            dpi = archival_dpi(width, height, source) if archival else print_dpi(width, height)
            image = page.render(scale=dpi / 72).to_pil()
        finally:
            pdf.close()
    except (pypdfium2.PdfiumError, IndexError) as exc:
        raise InputError(
            f"figure '{source.name}' is not a PDF docbuild can read: {exc}",
            location=Location(source, 0),
            hint="export the figure again as PDF, PNG or SVG",
        ) from exc
    out = io.BytesIO()
    if archival:  # the resolution said is PMC's: the picture is then at least its print size
        image.save(out, format="TIFF", compression="tiff_lzw", dpi=(ARCHIVE_DPI, ARCHIVE_DPI))
    else:
        image.save(out, format="PNG", dpi=(dpi, dpi))
    from docbuild.fsutil import write_bytes_atomic

    write_bytes_atomic(target, out.getvalue())
    return target
