"""`doit docx`: build/paper.docx through pandoc, with the style's reference document (its
fonts and heading styles) and the citations as the style's CSL prints them."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from docbuild.config import Settings
from docbuild.fsutil import write_bytes_atomic
from docbuild.jobs.parsed import (
    MetaEdit,
    Parsed,
    copy_images,
    image_paths,
    parse_paper,
    run_pandoc_on,
)
from docbuild.lock import build_lock
from docbuild.render import pandoc

PAPER_DOCX = "paper.docx"
REFERENCE_DOCX = "reference.docx"
DOCX_FILTER = Path(__file__).resolve().parent.parent / "render" / "docx_images.lua"
DOCX_META_FILTER = DOCX_FILTER.with_name("docx_meta.lua")  # after --citeproc: see its header
# The front matter keys pandoc's DOCX writer would print as raw maps; docbuild prints the
# authors as names instead.
_NOT_FOR_DOCX = ("affiliation", "journal", "article", "funding", "license")


def reference_docx(parsed: Parsed) -> Path | None:
    path = parsed.style.folder / REFERENCE_DOCX
    return path if path.is_file() else None


def _docx_meta(parsed: Parsed, build: Path) -> None:
    from docbuild.render.images import made_figure

    meta = parsed.ast["meta"]
    assert isinstance(meta, dict)
    for key in _NOT_FOR_DOCX:
        meta.pop(key, None)
    meta["author"] = {
        "t": "MetaList",
        "c": [{"t": "MetaString", "c": a.name} for a in parsed.front.authors],
    }
    sources = image_paths(parsed.ast)  # one walk of the document for both maps
    meta["docbuild-images"] = {
        "t": "MetaMap",
        "c": {
            src: {
                "t": "MetaString",
                "c": mimetypes.guess_type(src)[0] or "application/octet-stream",
            }
            for src in sources
        },
    }
    # A PDF figure's PNG is in build/, not where the page's path would find it from the
    # paper folder (pandoc's working directory): the filter reads it from here.
    made = {src: path for src in sources if (path := made_figure(build, src))}
    meta["docbuild-image-files"] = {
        "t": "MetaMap",
        "c": {src: {"t": "MetaString", "c": str(path)} for src, path in made.items()},
    }


def render_docx(parsed: Parsed, settings: Settings) -> bytes:
    from docbuild.render.editions import select_format

    _docx_meta(parsed, settings.build_path)
    select_format(parsed.ast, "docx")  # Quarto's when-format / unless-format
    args = [
        "-f",
        "json",
        "-t",
        "docx",
        "--lua-filter",
        str(DOCX_FILTER),
        "--lua-filter",
        str(pandoc.CROSSREF_FILTER),
        "--citeproc",
        "--csl",
        str(parsed.csl),
        "-M",
        "link-citations=true",
        "--lua-filter",
        str(DOCX_META_FILTER),
        "-o",
        "-",
    ]
    reference = reference_docx(parsed)
    if reference is not None:
        args[4:4] = ["--reference-doc", str(reference)]
    else:
        print(
            f"{parsed.style.folder}: warning: the style has no {REFERENCE_DOCX}; the DOCX uses"
            " pandoc's default look (scripts/make_reference_docx.py makes one)",
            file=sys.stderr,
        )
    if parsed.refs_path is not None:
        args[-2:-2] = ["--bibliography", str(parsed.refs_path)]
    result = run_pandoc_on(parsed, settings, args, what="the manuscript (DOCX)")
    for warning in result.warnings:
        print(f"pandoc: warning: {warning}", file=sys.stderr)
    return result.output


@contextlib.contextmanager
def _epoch(value: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH for pandoc's DOCX dates (the same inputs, the same bytes), then as
    it was: other tasks in this process read it to decide what is up to date."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(value)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def run_docx(settings: Settings, *, edit_meta: MetaEdit | None = None) -> bool:
    """manuscript + the references the build prints + the style's reference.docx ->
    build/paper.docx."""
    from docbuild.jobs.build import source_date_epoch

    with build_lock(settings):
        parsed = parse_paper(settings, edit_meta=edit_meta)
        from docbuild.render.images import convert_pdf_figures

        # Word shows no PDF as a picture: the PNG the HTML and PDF editions show.
        convert_pdf_figures(parsed.ast, settings.root, settings.build_path)
        copy_images(parsed, settings)  # checks them as the HTML edition does
        with _epoch(source_date_epoch(settings, parsed.style)):
            data = render_docx(parsed, settings)
        write_bytes_atomic(settings.build_path / PAPER_DOCX, data)
    return True
