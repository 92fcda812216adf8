"""WeasyPrint at the edge: the PDF, rendered in a child process under a time limit.

The child is forked, so it shares the parent's imported WeasyPrint and costs no start-up; a
layout that stalls (each of the float settling's layouts has the whole limit) is killed at
the time limit and reported, not left hanging.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docbuild.collector import collector_paused
from docbuild.config import DEFAULT_PDF_VARIANT
from docbuild.diagnostics import Location
from docbuild.errors import InputError, PdfRenderError, UnsafeResourceError
from docbuild.limits import child_answer, end_child
from docbuild.render.mathshrunk import MATH_CLASS, Shrunk, shrunk_math

VIRTUAL_ROOT = Path("/docbuild-paper")  # the paper folder as the PDF's documents see it
LAID_OUT = "laid-out"  # the child's word after each layout: the time limit starts again
# A full collection walks every live object (2.2 million on the 351-page book: 2.3-3.4 s), and
# each document the float pass replaces is a cycle of about 800,000: it is freed before every
# second layout, so at most two dead documents wait (a few hundred MiB on the book).
COLLECT_EVERY = 2


@dataclass(frozen=True, slots=True)
class PdfJob:
    html: str  # build/pandoc.html
    root: Path  # the paper folder: relative URLs in the HTML resolve here
    stylesheets: tuple[Path, ...]  # the style's print CSS
    allowed: tuple[Path, ...]  # folders resources may come from
    metadata: dict[str, object] = field(default_factory=dict)  # build/metadata.json
    lint_errors: int = 0
    epoch: int = 0  # SOURCE_DATE_EPOCH: the PDF's creation and modification date
    fonts: tuple[Path, ...] = ()  # the style's font files: the only fonts the PDF may use
    line_numbers: bool = False  # number the body's lines in the left margin (for review)
    source: Path | None = None  # where `html` was read from, for error locations
    math_font: Path | None = None  # the style's OpenType MATH font, for the math's layout
    manuscript: tuple[Path, ...] = ()  # the manuscript and metadata files, to locate errors
    math_cache: Path | None = None  # build/math-cache.json: layouts kept between builds
    variant: str = DEFAULT_PDF_VARIANT  # docbuild.toml's pdf.variant (config.PDF_VARIANTS)
    build: Path | None = None  # build/: the PDF figures' PNGs (render/images.py) are there


@dataclass(frozen=True, slots=True)
class PdfResult:
    data: bytes
    warnings: tuple[str, ...]  # WeasyPrint's: CSS it ignored, with line and column
    pages: int = 0  # the PDF's page count
    shrunk: tuple[Shrunk, ...] = ()  # math printed smaller than set (render/mathshrunk.py)


def render_pdf(job: PdfJob, *, timeout: float) -> PdfResult:
    """The PDF and WeasyPrint's warnings; PdfRenderError (or UnsafeResourceError) on failure
    or after `timeout`."""
    import dataclasses

    from docbuild.render.weasyload import import_weasyprint

    import_weasyprint()  # before the fork, so the child starts warm
    from docbuild.render.svgfonts import check_svg_glyphs, text_font

    check_svg_glyphs(job.html, job.root, text_font(job.fonts))

    # The math first, on every core, under the same limit; WeasyPrint gets the result.
    job = dataclasses.replace(job, html=typeset_math(job, timeout=timeout))
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    # The child's temporary files (WeasyPrint copies the style's fonts into a folder only its
    # FontConfiguration's __del__ removes, which a child's exit never runs) go in a folder
    # removed here, however the child ended: each render left ~9 MB in /tmp.
    scratch = tempfile.TemporaryDirectory(prefix="docbuild-")
    child = ctx.Process(target=_child, args=(job, sender, scratch.name), daemon=True)
    child.start()
    sender.close()
    answered = False
    try:
        kind, payload = LAID_OUT, None
        while kind == LAID_OUT:
            # Each layout has the whole limit: settling the floats (render/floats.py) lays the
            # page out up to MAX_LAYOUTS times, and a long paper on a busy machine needs
            # minutes for all of them, while one layout that stalls is still stopped in time.
            kind, payload = child_answer(
                receiver,
                child,
                timeout,
                PdfRenderError,
                what="WeasyPrint",
                stalled="look for very large tables or images, or deeply nested markup; the"
                " renderer was stopped",
                report_with="the manuscript",
            )
        answered = True
    finally:
        end_child(receiver, child, answered=answered)
        scratch.cleanup()
    if kind == "ok":
        data, notes, pages, shrunk = payload
        return PdfResult(bytes(data), tuple(notes), pages, tuple(shrunk))
    if kind == "refused":
        from urllib.parse import unquote

        from docbuild.render.fetcher import refused_hint

        url, reason = payload
        shown = _show(url, job.root)
        raise UnsafeResourceError(
            f"resource '{shown}' refused: {reason}",
            location=Location(job.source or job.root, 0),
            resource=shown,
            hint=refused_hint(url, reason, job.root / unquote(shown)),
        )
    if kind == "font":
        from docbuild.render.svgfonts import lacking_character

        lacking = lacking_character(job.html, job.fonts, job.manuscript, str(payload))
        if lacking is not None:
            raise lacking
        raise PdfRenderError(
            f"the PDF would use the machine's font '{payload}', which the style does not ship",
            hint="the style's @font-face rules failed to load, or the text has characters its "
            "fonts lack; add a font (free licence) to the style's fonts/ folder",
        )
    if kind == "notdef":
        from docbuild.render.svgfonts import no_glyph_error

        raise no_glyph_error(str(payload), job.manuscript)
    if kind == "notes":
        longest, notes = payload  # type: ignore[misc]
        raise _lost_notes_error(longest, notes, job)
    if str(payload).startswith(("OverflowError", "MemoryError", "RecursionError")):
        raise PdfRenderError(
            f"WeasyPrint failed: {payload}",
            location=Location(job.source or job.root, 0),
            hint="a length in the manuscript's raw HTML or in the style's CSS is far out of "
            "range (a huge letter-spacing, font-size, width or nesting); remove that style",
        )
    raise PdfRenderError(f"WeasyPrint failed: {payload}", hint="check the style's print CSS")


def _lost_notes_error(longest: str, notes: list[str], job: PdfJob) -> PdfRenderError:
    """The error for footnotes the layout left out, at the place of the page's longest note:
    WeasyPrint moves a note too tall for a page to the next, and the notes with it."""
    from docbuild.render.lostnotes import shown
    from docbuild.render.places import find_text

    words = " ".join(longest.split()[:6])
    which = f"note '{shown(notes[0])}'" if len(notes) == 1 else (
        f"{len(notes)} notes, the first '{shown(notes[0])}'"
    )  # fmt: skip
    return PdfRenderError(
        f"footnote '{shown(longest)}' ({len(longest):,} characters) is longer than a page"
        f" holds: the PDF would leave out {which}",
        location=find_text(job.manuscript, words) or Location(job.source or job.root, 0),
        hint="WeasyPrint cannot break a footnote across pages: shorten the note or split it,"
        " or move part of it into the text",
    )


def last_page_differs(metadata: dict[str, object], pages: int) -> bool:
    """Whether the page range printed (fpage-lpage of metadata.json) is not the PDF's own."""
    fpage = metadata.get("fpage")
    return isinstance(fpage, int) and metadata.get("lpage") != fpage + pages - 1


class MachineFont(Exception):
    def __init__(self, family: str) -> None:
        super().__init__(family)
        self.family = family


class LostNotes(Exception):
    """Footnotes no page holds (render/lostnotes.py): the longest note, and the texts of those
    left out, in order."""

    def __init__(self, longest: str, notes: list[str]) -> None:
        super().__init__(longest)
        self.longest = longest
        self.notes = notes


class NoGlyph(Exception):
    """Characters no font has, the machine's either: WeasyPrint drew an empty box for each."""

    def __init__(self, characters: str) -> None:
        super().__init__(characters)
        self.characters = characters


_FACE_FAMILY = re.compile(
    r"@font-face\s*{[^}]*?font-family\s*:\s*['\"]?([^;'\"}]+?)['\"]?\s*[;}]", re.S
)


def allowed_families(job: PdfJob) -> set[str]:
    """Font families the style ships: the fonts' own names and its @font-face names."""
    from fontTools.ttLib import TTFont

    names: set[str] = set()
    for path in job.fonts:
        try:
            with TTFont(path, lazy=True) as font:
                for record in font["name"].names:
                    if record.nameID in (1, 4, 16):
                        names.add(record.toUnicode())
        except Exception:  # a font file fontTools cannot read simply names nothing
            continue
    for sheet in job.stylesheets:
        names.update(m.strip() for m in _FACE_FAMILY.findall(sheet.read_text(encoding="utf-8")))
    return names


def _show(url: str, root: Path) -> str:
    """A refused URL as the user wrote it: relative to the paper folder where it was."""
    for base in (VIRTUAL_ROOT, root.resolve()):
        url = url.removeprefix(base.as_uri() + "/")
    return url


def _child(job: PdfJob, sender: object, scratch: str) -> None:
    from docbuild.limits import limit_memory
    from docbuild.render.fetcher import RefusedResource

    limit_memory()  # a MemoryError below, not a machine that swaps
    tempfile.tempdir = scratch  # the parent removes it
    # What the child inherits (WeasyPrint, the parent's build) outlives it: the collections
    # before the float pass's layouts (COLLECT_EVERY) walk only what the rendering made.
    gc.freeze()

    def laid_out() -> None:
        sender.send((LAID_OUT, None))  # type: ignore[attr-defined]

    try:
        result: tuple[str, object] = ("ok", _render(job, laid_out))
    except RefusedResource as exc:
        result = ("refused", (exc.url, exc.reason))
    except MachineFont as exc:
        result = ("font", exc.family)
    except NoGlyph as exc:
        result = ("notdef", exc.characters)
    except LostNotes as exc:
        result = ("notes", (exc.longest, exc.notes))
    except Exception as exc:
        result = ("error", f"{type(exc).__name__}: {exc}")
    sender.send(result)  # type: ignore[attr-defined]
    sender.close()  # type: ignore[attr-defined]


class _Problems(logging.Handler):
    """WeasyPrint logs (does not raise) what it could not use; we collect it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# A layout of a long paper makes millions of objects that live on into the next (the pages the
# float pass keeps): the automatic collections walked them all, again and again, for almost
# no garbage. The garbage that counts, the documents the float pass replaced, is collected
# once per layout instead.
@collector_paused()
def _render(
    job: PdfJob, laid_out: Callable[[], None] = lambda: None
) -> tuple[bytes, list[str], int, list[Shrunk]]:
    """The PDF, its warnings, page count and the math it shrinks; `laid_out()` after each
    layout of the page."""
    from weasyprint import CSS, HTML, Document
    from weasyprint.text.fonts import FontConfiguration

    from docbuild.progress import follow_weasyprint
    from docbuild.render.fetcher import RefusedResource, RestrictedFetcher
    from docbuild.render.floats import settle_floats
    from docbuild.render.hanging import hang_trailing_spaces
    from docbuild.render.lastpage import END_ID, LAST_PAGE_CSS, mark_for_pdf
    from docbuild.render.linebreaks import remember_line_breaks
    from docbuild.render.pdfcss import CODE_CSS, HIGHLIGHT_CSS, LANG_CSS, MATH_CSS, extra_css
    from docbuild.render.pdfmeta import drop_internal_links, finisher, set_metadata
    from docbuild.render.printhtml import PRINT_CSS, mark_for_print, mark_small_caps
    from docbuild.render.relayout import resume_layouts
    from docbuild.render.tablewidths import measure_tables_once
    from docbuild.render.widen import set_wide

    follow_weasyprint()  # pages laid out so far, on stderr (a terminal, or DOCBUILD_PROGRESS=1)
    from docbuild.render.mathdraw import install

    install()  # the math's SVG text drawn glyph by glyph without Pango's layout for each
    from docbuild.render.columnnotes import install as install_column_notes

    install_column_notes()  # footnotes above a block across the columns take their room
    from docbuild.render.mathimage import install as install_math_images
    from docbuild.render.mathimage import install_sizes, refer
    from docbuild.render.mathpage import SVG_DATA, by_reference, sized_by_attribute

    drawn = install_math_images(SVG_DATA)  # the math's images, without WeasyPrint's SVG renderer
    from docbuild.render.htmlspeed import speed_up_tinyhtml5

    speed_up_tinyhtml5()  # WeasyPrint's HTML parser: the same parse, with less work
    html = sized_by_attribute(job.html) if install_sizes() else job.html  # one style, shared
    if drawn:  # each image's SVG from a table, not parsed in the page
        html, table = by_reference(html)
        refer(table)
    from docbuild.render.svgfonts import text_font

    text = text_font(job.fonts)
    svg_fonts = (text[0], frozenset(allowed_families(job))) if text else None
    fetcher = RestrictedFetcher(
        job.allowed, virtual_root=VIRTUAL_ROOT, svg_fonts=svg_fonts, build=job.build
    )
    fonts = FontConfiguration()
    problems = _Problems()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(problems)
    try:
        sheets = [
            CSS(string=LANG_CSS + MATH_CSS + PRINT_CSS, url_fetcher=fetcher, font_config=fonts),
            CSS(filename=str(HIGHLIGHT_CSS), url_fetcher=fetcher, font_config=fonts),
        ]
        sheets += [
            CSS(filename=str(p), url_fetcher=fetcher, font_config=fonts) for p in job.stylesheets
        ]
        after = extra_css(job.metadata, job.lint_errors) + CODE_CSS
        sheets.append(CSS(string=after, url_fetcher=fetcher, font_config=fonts))
        mark = job.metadata.get("lpage") if job.metadata.get("lpage_mark") else None
        if isinstance(mark, int):
            sheets.append(CSS(string=LAST_PAGE_CSS, url_fetcher=fetcher, font_config=fonts))

        layouts: list[None] = []

        def render(page: str) -> Document:
            html = HTML(
                string=page, base_url=(VIRTUAL_ROOT / "index.html").as_uri(), url_fetcher=fetcher
            )
            return html.render(stylesheets=sheets, font_config=fonts, pdf_variant=job.variant)

        def layout(page: str) -> Document:
            if len(layouts) % COLLECT_EVERY == COLLECT_EVERY - 1:
                gc.collect()  # the cycles of the documents the float pass replaced, freed
            layouts.append(None)
            document = render(page)
            laid_out()
            return document

        page = mark_small_caps(mark_for_pdf(html, mark) if isinstance(mark, int) else html)
        # A table's cells are measured once, in the probe or the float pass's first layout,
        # not again in each layout after it (render/tablewidths.py).
        with measure_tables_once():
            # What is wider than a column is set across the columns, measured by a probe laid
            # out before the float pass (not one of its layouts, nor kept by them).
            page = set_wide(page, render)
            # The float pass breaks the same lines in each layout, and lays each layout after
            # the first out from the first page its move can change; a line that fits but for
            # its last space is set whole (render/hanging.py), not with its first word
            # hyphenated.
            with hang_trailing_spaces(), remember_line_breaks(), resume_layouts():
                document = settle_floats(mark_for_print(page), layout)
        gc.collect()  # the last documents replaced and the pages the float pass kept
        if (
            END_ID not in document.pages[-1].anchors
            if isinstance(mark, int)
            else last_page_differs(job.metadata, len(document.pages))
        ):
            # The page is made again with the count (jobs/build.py); painting it is wasted.
            return b"", [], len(document.pages), []
        if job.line_numbers:
            from docbuild.render.line_numbers import add_line_numbers

            add_line_numbers(document, fonts, fetcher)
        set_metadata(document.metadata, job.metadata, job.epoch)
        drop_internal_links(document.pages, VIRTUAL_ROOT)
        # pdf_identifier=True: the /ID is the MD5 of the file's own bytes (same inputs, same id).
        data = document.write_pdf(
            pdf_identifier=True,
            pdf_variant=job.variant,
            custom_metadata=True,
            finisher=finisher(job.html.encode("utf-8")),
        )
    finally:
        logger.removeHandler(problems)
    if fetcher.refused:
        raise fetcher.refused[0]
    for message in problems.messages:
        if message.startswith(("Failed to load", "Failed to render")):
            # "load image at '<url>': why", "render SVG image <url>", "stylesheet at <url>: why"
            url = re.search(r"at '([^']+)'", message) or re.search(
                r"(?:image|at) (\S+?):?(?:\s|$)", message
            )
            raise RefusedResource(url[1] if url else message, "could not be loaded")
    from docbuild.render.lostnotes import left_out

    lost = left_out(page, document.pages)
    if lost is not None:
        raise LostNotes(*lost)
    used = sorted({font.family for font in document.fonts.values()})
    foreign = [f for f in used if f not in allowed_families(job)]
    if foreign:
        raise MachineFont(foreign[0])
    boxes = [re.search(r"\(U\+([0-9A-F]+)\)", m) for m in problems.messages if ".notdef" in m]
    if boxes:
        raise NoGlyph("".join(dict.fromkeys(chr(int(b[1], 16)) for b in boxes if b)))
    notes = [m for m in problems.messages if m.startswith(("Ignored", "Invalid", "Unsupported"))]
    shrunk = shrunk_math(document.pages) if MATH_CLASS in html else []  # a walk of every box
    return bytes(data), notes, len(document.pages), shrunk


def typeset_math(job: PdfJob, *, timeout: float) -> str:
    """The page with its math as images (render/mathpage.py); every expression that cannot be
    printed is an error at its place in the manuscript, all of them reported at once."""
    from docbuild.render.math import math_font
    from docbuild.render.mathpage import (
        MathTimeout,
        default_workers,
        locate,
        to_print_html,
    )

    font = math_font(job.math_font) if job.math_font else None
    try:
        page, problems = to_print_html(
            job.html, font, cache=job.math_cache, workers=default_workers(), timeout=timeout
        )
    except MathTimeout as exc:
        raise PdfRenderError(
            f"laying out the math ({exc} expressions) did not finish within {timeout:g} s",
            location=Location(job.source or job.root, 0),
            hint="look for deeply nested math (hundreds of \\left or \\frac inside each "
            "other); the layout was stopped",
        ) from None
    unread = [p for p in problems if p.unread]
    why: dict[int, str] = {}
    if unread:  # why, in texmath's words (pandoc's warning in the build's findings says not)
        from docbuild.render.pandoc import math_reading_errors

        reasons = math_reading_errors([p.tex for p in unread], cwd=job.root)
        why = {id(p): reason for p, reason in zip(unread, reasons, strict=True)}
    errors = [
        InputError(
            f"{p.message}: {why[id(p)]}" if p.unread and why[id(p)] else p.message,
            location=locate(job.manuscript, p) or Location(job.source or job.root, 0),
            hint=p.hint,
        )
        for p in problems
    ]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        raise InputError(
            f"{len(errors)} math expressions cannot be printed (each is listed above)",
            location=errors[0].location,
            hint="fix them and build again; docs/math.md lists what is supported",
        )
    return page
