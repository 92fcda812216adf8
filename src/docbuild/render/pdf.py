"""WeasyPrint at the edge: the PDF, rendered in a child process under a time limit.

The child is forked, so it shares the parent's imported WeasyPrint and costs no start-up; a
stalled layout is killed at the time limit and reported, not left hanging.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import InputError, PdfRenderError, UnsafeResourceError

# Math arrives as SVG (render/math.py); these rules place it. They come before the style's
# print CSS, which may change them (the spacing around display math, say).
MATH_CSS = """
img.docbuild-math { overflow: visible; }
.docbuild-math-display { display: block; text-align: center; margin: 0.5em 0; }
.equation { display: block; position: relative; margin: 0.5em 0; }
.equation .docbuild-math-display { margin: 0; }
.equation .eq-number {
  position: absolute; right: 0; top: 50%; transform: translateY(-50%); text-indent: 0;
}
"""
VIRTUAL_ROOT = Path("/docbuild-paper")  # the paper folder as the PDF's documents see it
DRAFT_CSS = """
@page {{
  @left-middle {{
    content: "DRAFT \\2014  {count} reference problem{s}";
    font-size: 6.5pt; font-style: normal; font-weight: normal; color: #b00;
    text-align: center; vertical-align: middle; hyphens: manual;
  }}
}}
"""


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
    manuscript: tuple[Path, ...] = ()  # the manuscript files, to locate math that fails
    math_cache: Path | None = None  # build/math-cache.json: layouts kept between builds


def extra_css(job: PdfJob) -> str:
    """What docbuild adds after the style's print CSS: first page number and DRAFT mark."""
    css = ""
    fpage = job.metadata.get("fpage")
    if isinstance(fpage, int) and fpage > 1:
        # WeasyPrint resets the page counter after counting the page it is on.
        css += f"@page :first {{ counter-reset: page {fpage}; }}\n"
    if job.lint_errors > 0:
        css += DRAFT_CSS.format(count=job.lint_errors, s="" if job.lint_errors == 1 else "s")
    return css


def pdf_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class PdfResult:
    data: bytes
    warnings: tuple[str, ...]  # WeasyPrint's: CSS it ignored, with line and column


def render_pdf(job: PdfJob, *, timeout: float) -> PdfResult:
    """The PDF and WeasyPrint's warnings; PdfRenderError (or UnsafeResourceError) on failure
    or after `timeout`."""
    import dataclasses

    from docbuild.render.weasyload import import_weasyprint

    import_weasyprint()  # before the fork, so the child starts warm

    # The math first, on every core, under the same limit; WeasyPrint gets the result.
    job = dataclasses.replace(job, html=typeset_math(job, timeout=timeout))
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(job, sender), daemon=True)
    child.start()
    sender.close()
    deadline = time.monotonic() + timeout
    try:
        if not receiver.poll(max(0.0, deadline - time.monotonic())):
            raise PdfRenderError(
                f"WeasyPrint did not finish within {timeout:g} s",
                hint="look for very large tables or images, or deeply nested markup; "
                "the renderer was stopped",
            )
        try:
            kind, payload = receiver.recv()
        except EOFError:
            raise PdfRenderError(
                f"WeasyPrint stopped unexpectedly (exit code {child.exitcode})",
                hint="run the build again; if it keeps failing, report it with the manuscript",
            ) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "ok":
        data, notes = payload
        return PdfResult(bytes(data), tuple(notes))
    if kind == "refused":
        url, reason = payload
        raise UnsafeResourceError(
            f"resource '{_show(url, job.root)}' refused: {reason}",
            location=Location(job.source or job.root, 0),
            resource=_show(url, job.root),
            hint="use files inside the paper folder (relative paths) or data: URIs; "
            "nothing is read from the network or elsewhere on the machine",
        )
    if kind == "font":
        raise PdfRenderError(
            f"the PDF would use the machine's font '{payload}', which the style does not ship",
            hint="the style's @font-face rules failed to load, or the text has characters its "
            "fonts lack; add a font (free licence) to the style's fonts/ folder",
        )
    if str(payload).startswith(("OverflowError", "MemoryError", "RecursionError")):
        raise PdfRenderError(
            f"WeasyPrint failed: {payload}",
            location=Location(job.source or job.root, 0),
            hint="a length in the manuscript's raw HTML or in the style's CSS is far out of "
            "range (a huge letter-spacing, font-size, width or nesting); remove that style",
        )
    raise PdfRenderError(f"WeasyPrint failed: {payload}", hint="check the style's print CSS")


class MachineFont(Exception):
    def __init__(self, family: str) -> None:
        super().__init__(family)
        self.family = family


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


def _child(job: PdfJob, sender: object) -> None:
    from docbuild.limits import limit_memory
    from docbuild.render.fetcher import RefusedResource

    limit_memory()  # a MemoryError below, not a machine that swaps

    try:
        result: tuple[str, object] = ("ok", _render(job))
    except RefusedResource as exc:
        result = ("refused", (exc.url, exc.reason))
    except MachineFont as exc:
        result = ("font", exc.family)
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


def _render(job: PdfJob) -> tuple[bytes, list[str]]:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from docbuild.progress import follow_weasyprint
    from docbuild.render.fetcher import RefusedResource, RestrictedFetcher

    follow_weasyprint()  # pages laid out so far, on stderr (a terminal, or DOCBUILD_PROGRESS=1)
    fetcher = RestrictedFetcher(job.allowed, virtual_root=VIRTUAL_ROOT)
    fonts = FontConfiguration()
    problems = _Problems()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(problems)
    try:
        sheets = [CSS(string=MATH_CSS, url_fetcher=fetcher, font_config=fonts)]
        sheets += [
            CSS(filename=str(p), url_fetcher=fetcher, font_config=fonts) for p in job.stylesheets
        ]
        sheets.append(CSS(string=extra_css(job), url_fetcher=fetcher, font_config=fonts))
        html = HTML(
            string=job.html,
            base_url=(VIRTUAL_ROOT / "index.html").as_uri(),
            url_fetcher=fetcher,
        )
        document = html.render(stylesheets=sheets, font_config=fonts)
        if job.line_numbers:
            add_line_numbers(document, fonts, fetcher)
        _set_metadata(document.metadata, job)
        data = document.write_pdf(pdf_identifier=b"docbuild", custom_metadata=True)
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
    used = sorted({font.family for font in document.fonts.values()})
    foreign = [f for f in used if f not in allowed_families(job)]
    if foreign:
        raise MachineFont(foreign[0])
    notes = [m for m in problems.messages if m.startswith(("Ignored", "Invalid", "Unsupported"))]
    return bytes(data), notes


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
    errors = [
        InputError(
            p.message,
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


def _set_metadata(meta: object, job: PdfJob) -> None:
    md = job.metadata
    authors = md.get("authors", [])
    title = str(md.get("title") or "")
    if title:
        meta.title = title  # type: ignore[attr-defined]
    if isinstance(authors, list) and authors:
        meta.authors = [str(a.get("name", "")) for a in authors if isinstance(a, dict)]  # type: ignore[attr-defined]
    subject = ", ".join(str(p) for p in (md.get("journal_title"), md.get("issue_line")) if p)
    if md.get("doi"):
        subject = f"{subject}. DOI: {md['doi']}" if subject else f"DOI: {md['doi']}"
        meta.custom = {"doi": str(md["doi"])}  # type: ignore[attr-defined]
    if subject:
        meta.description = subject  # type: ignore[attr-defined]
    keywords = md.get("keywords", [])
    if isinstance(keywords, list):
        meta.keywords = [str(k) for k in keywords]  # type: ignore[attr-defined]
    meta.generator = "docbuild (WeasyPrint)"  # type: ignore[attr-defined]
    meta.created = meta.modified = pdf_date(job.epoch)  # type: ignore[attr-defined]


# Line numbers: WeasyPrint cannot number lines with CSS, so docbuild reads where the laid-out
# body lines sit, lays out all the numbers once as one preformatted block on a tall page of
# its own (same font configuration, so no other font is loaded), and moves each number's line
# box into the margin of its page before the PDF is written: one small extra layout, not a
# second render of the paper. (One block of N lines costs about 0.1 ms a line; N blocks of
# one line cost five times more.)
LINE_NUMBER_CSS = """
@page {{ size: {page_width}px {page_height}px; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
div.docbuild-line-numbers {{
  font-family: {family}; font-size: 7pt; line-height: 1; font-style: normal;
  font-weight: 400; color: #888; width: {width}px; margin: 0; padding: 0; text-align: right;
  font-variant-numeric: tabular-nums; text-indent: 0; letter-spacing: normal;
  white-space: pre;
}}
"""
LINE_NUMBER_WIDTH = 36.0  # CSS px: room for five digits at 7pt
LINE_NUMBER_GAP = 13.0  # CSS px (about 3.5 mm) between a number and the text column
_UNNUMBERED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, slots=True)
class BodyLine:
    page: int  # index in document.pages
    baseline: float  # CSS px from the top of the page
    left: float  # CSS px: the text column's left edge


def body_lines(document: object) -> tuple[list[BodyLine], tuple[str, ...]]:
    """Each numbered line of `document` in reading order, and the body text's font families.

    Numbered: lines of text inside <main> (the body and the reference list), headings left out;
    lines side by side (a table row) share one number. Running heads, margin boxes and
    footnotes are not inside <main> on the page, so they are left out too.
    """
    from weasyprint.formatting_structure import boxes

    found: list[BodyLine] = []
    families: tuple[str, ...] = ()
    for index, page in enumerate(document.pages):  # type: ignore[attr-defined]
        on_page: dict[float, BodyLine] = {}
        for root in page._page_box.children:
            if isinstance(root, (boxes.MarginBox, boxes.FootnoteAreaBox)):
                continue
            for main in _main_boxes(root):
                left = main.content_box_x()
                families = families or tuple(main.style["font_family"])
                for line in _lines(main):
                    baseline = round(line.position_y + line.baseline, 2)
                    on_page.setdefault(baseline, BodyLine(index, baseline, left))
        found.extend(on_page[y] for y in sorted(on_page))
    return found, families


def _main_boxes(box: object) -> list[object]:
    """The page's fragments of <main>, the body: the root box's (block) descendants."""
    from weasyprint.formatting_structure import boxes

    if getattr(box, "element_tag", "") == "main":
        return [box]
    if not isinstance(box, boxes.ParentBox) or isinstance(box, boxes.LineBox):
        return []
    return [main for child in box.children for main in _main_boxes(child)]


def _lines(box: object) -> list[object]:
    """The outermost line boxes with visible text under `box`, headings left out."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    if getattr(box, "element_tag", "") in _UNNUMBERED:
        return []
    element = getattr(box, "element", None)
    if element is not None and "eq-number" in (element.get("class") or "").split():
        return []  # an equation's "(1)" sits beside the equation, whose line has its number
    if isinstance(box, boxes.LineBox):
        return [box] if _first_text(box) is not None else []
    if not isinstance(box, boxes.ParentBox):
        return []
    return [line for child in box.children for line in _lines(child)]


def _first_text(box: object) -> object | None:
    """The first box with visible text or math in it, or None (a line of only an image)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box if box.text.strip() else None
    if isinstance(box, boxes.ReplacedBox) and "docbuild-math" in (box.element.get("class") or ""):
        return box  # an equation is text drawn as SVG (render/math.py): its line counts
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            text = _first_text(child)
            if text is not None:
                return text
    return None


def add_line_numbers(document: object, fonts: object, fetcher: object) -> int:
    """Number the body lines of the laid-out `document` continuously; how many were numbered."""
    from weasyprint import CSS, HTML

    lines, families = body_lines(document)
    if not lines:
        return 0
    family = ", ".join('"' + f.replace('"', "") + '"' for f in families) or "serif"
    css = LINE_NUMBER_CSS.format(
        family=family,
        width=LINE_NUMBER_WIDTH,
        page_width=LINE_NUMBER_WIDTH + 10,
        page_height=20 * len(lines) + 100,  # one page: 7 pt lines are under 10 px each
    )
    numbers = "\n".join(str(n) for n in range(1, len(lines) + 1))
    laid_out = HTML(
        string=f'<html><body><div class="docbuild-line-numbers">{numbers}</div></body></html>',
        url_fetcher=fetcher,
    ).render(stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts)
    block = next(
        box
        for box in _descendants(laid_out.pages[0]._page_box)
        if getattr(box, "element_tag", "") == "div"
    )
    placed: dict[int, list[object]] = {}
    for line, row in zip(lines, block.children, strict=True):
        row.translate(
            line.left - LINE_NUMBER_GAP - LINE_NUMBER_WIDTH - block.content_box_x(),
            line.baseline - (row.position_y + row.baseline),
        )
        placed.setdefault(line.page, []).append(row)
    for index, rows in placed.items():
        page_box = document.pages[index]._page_box  # type: ignore[attr-defined]
        # Right after the page's content, before its margin boxes: the text keeps its order
        # (body, numbers, running head, page number last) for copy-and-paste and extraction.
        numbers_box = block.copy_with_children(rows)
        page_box.children = [page_box.children[0], numbers_box, *page_box.children[1:]]
    return len(lines)


def _descendants(box: object) -> list[object]:
    children = getattr(box, "children", [])
    return [box, *(d for child in children for d in _descendants(child))]
