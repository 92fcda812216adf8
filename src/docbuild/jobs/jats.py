"""`doit jats`: build/paper.jats.xml, JATS 1.3 Journal Publishing, from the same parse."""

from __future__ import annotations

import re
import sys
from pathlib import Path, PurePosixPath

from docbuild.config import Settings
from docbuild.diagnostics import relative_to
from docbuild.fsutil import write_text_atomic
from docbuild.jobs.parsed import (
    MetaEdit,
    Parsed,
    copy_images,
    csl_is_numeric,
    parse_paper,
    raw_block_meta,
    run_pandoc_on,
)
from docbuild.lock import build_lock
from docbuild.render import pandoc

PAPER_JATS = "paper.jats.xml"
HERE = Path(__file__).resolve().parent.parent / "render"
JATS_FILTER = HERE / "jats.lua"
JATS_TEMPLATE = HERE / "jats_template.xml"
_RAW = ("journal-meta", "article-ids", "article-meta", "after-abstract")
# pandoc puts a table's id on <table>; JATS4R and PMC want it on the <table-wrap> that an
# xref ref-type="table" points to (with its caption), so it moves up one element.
_TABLE_ID = re.compile(
    r'<table-wrap>((?:\s*<caption>(?:(?!</table-wrap>).)*?</caption>)?\s*)<table id="([^"]+)"',
    re.S,
)


def jats_metadata(parsed: Parsed) -> dict[str, object]:
    """`docbuild-jats`, the metadata the JATS template and filter read, as a pandoc MetaValue."""
    from docbuild.render.jats import jats_meta

    values = jats_meta(parsed.front, parsed.refs, numbered=csl_is_numeric(parsed.csl))
    content: dict[str, object] = {k: raw_block_meta(str(values[k])) for k in _RAW}
    content["lang"] = {"t": "MetaString", "c": str(values["lang"])}
    content["article-type"] = {"t": "MetaString", "c": str(values["article-type"])}
    content["numbered"] = {"t": "MetaBool", "c": bool(values["numbered"])}
    refs = values["refs"]
    assert isinstance(refs, dict)
    content["refs"] = {
        "t": "MetaMap",
        "c": {
            key: {
                "t": "MetaMap",
                "c": {k: {"t": "MetaString", "c": v} for k, v in entry.items()},
            }
            for key, entry in refs.items()
        },
    }
    return {"t": "MetaMap", "c": content}


def render_jats(parsed: Parsed, settings: Settings) -> str:
    """The JATS document: pandoc's jats_publishing writer with docbuild's template and filter."""
    from docbuild.render.editions import select_format

    meta = parsed.ast["meta"]
    assert isinstance(meta, dict)
    meta["docbuild-jats"] = jats_metadata(parsed)
    select_format(parsed.ast, "jats")  # Quarto's when-format / unless-format
    args = [
        "-f",
        "json",
        "-t",
        "jats_publishing",
        "--standalone",
        "--template",
        str(JATS_TEMPLATE),
        "--lua-filter",
        str(pandoc.CROSSREF_FILTER),
        "--citeproc",
        "--csl",
        str(parsed.csl),
        "--lua-filter",
        str(JATS_FILTER),
        "--wrap=none",
        "-M",
        "link-citations=true",
    ]
    if parsed.refs_path is not None:
        args[args.index("--lua-filter", 8) : args.index("--lua-filter", 8)] = [
            "--bibliography",
            str(parsed.refs_path),
        ]
    result = run_pandoc_on(parsed, settings, args, what="the manuscript (JATS)")
    for warning in result.warnings:
        print(f"pandoc: warning: {warning}", file=sys.stderr)
    xml = result.output.decode("utf-8")
    return _TABLE_ID.sub(r'<table-wrap id="\2">\1<table', xml)


def archival_figures(parsed: Parsed, settings: Settings) -> None:
    """PubMed Central takes TIFF, EPS, PNG or JPEG figures, not PDF or SVG: each PDF and SVG
    figure is named by its TIFF (render/images.py, render/svgfigure.py). An SVG that cannot
    be drawn is the PDF step's error, at the place in the manuscript that names it."""
    from docbuild.errors import DocbuildError
    from docbuild.render.images import convert_pdf_figures, images, local_path
    from docbuild.render.places import find_text
    from docbuild.render.svgfigure import svg_figure
    from docbuild.style import resolve_style

    root, build = settings.root, settings.build_path
    convert_pdf_figures(parsed.ast, root, build, archival=True)
    style = None
    for target in images(parsed.ast.get("blocks")):
        rel = local_path(str(target[0]))
        if rel is None or not rel.lower().endswith(".svg") or not (root / rel).is_file():
            continue  # a missing one is reported by copy_images
        style = style or resolve_style(settings)
        try:
            picture = svg_figure(root / rel, rel, root, build, style, parsed.files)
        except DocbuildError as exc:
            where = find_text(parsed.files, rel) or find_text(parsed.files, rel.rsplit("/")[-1])
            exc.location = where or exc.location  # the same error, where the figure is named
            raise
        target[0] = PurePosixPath(picture.relative_to(build)).as_posix()


def run_jats(settings: Settings, *, edit_meta: MetaEdit | None = None) -> bool:
    """manuscript + the references the build prints -> build/paper.jats.xml (and its images
    beside it)."""
    from docbuild.render.jats import missing_for_jats

    with build_lock(settings):
        parsed = parse_paper(settings, edit_meta=edit_meta)
        for field in missing_for_jats(parsed.front):
            print(
                f"{relative_to(parsed.files[0], Path.cwd())}: warning: JATS Publishing needs"
                f" {field}, which the front matter does not give; the XML will not validate"
                " until it does",
                file=sys.stderr,
            )
        archival_figures(parsed, settings)
        xml = render_jats(parsed, settings)
        copy_images(parsed, settings)
        write_text_atomic(settings.build_path / PAPER_JATS, xml)
    return True
