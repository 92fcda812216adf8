"""What a production editor marks on a PDF page, measured from the PDF: text that runs past
the text area or across the gutter into the next column, glyphs printed over other glyphs,
a word broken letter by letter down a narrow table column, and math shrunk to a size no one
can read. The page's text area and columns come from the style's print CSS (pagegaps.py).

    .venv/bin/python tests/styles/pagedefects.py build/paper.pdf styles/gfpr

prints each defect found (the measure the layout tests use).
"""

from __future__ import annotations

import ctypes
import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pagegaps import SLACK, Geometry, geometry_of

# Two glyphs whose ink shares this much of the smaller one's box are printed over each other
# (kerning and italic overhangs share a few per cent; an equation number over its equation,
# most of a glyph).
OVERLAP = 0.3
# Glyphs this close in the text's order are one word's: an italic f reaches over its
# neighbour, and that is the font's design.
NEIGHBOURS = 2
# A font whose name has this in it sets math: its glyphs sit on each other by design
# (accents, limits, radicals), so only a text glyph over another counts.
MATH_FONT = "Math"
# Math drawn at less than this size (pt, the glyph's em) cannot be read in print; the
# smallest text the styles set is 6.5 pt (a footnote call), the smallest math index ~5 pt.
TINY = 4.0
SCRIPT_RATIO, NEAR = 1.6, 12.0  # a glyph this much larger, this close (pt), is a script's base
# Fragments of at most this many letters, stacked on this many lines or more, are a word
# broken letter by letter (a table column squeezed to the width of one glyph).
FRAGMENT, STACKED = 2, 3
LINE_BEFORE = 20.0  # pt: a line starting this far left of an image is text, not its label
SAME_PLACE = 40.0  # pt: defects of a kind this close (down the page) are one place to mend
CELL = 8.0  # pt: the grid glyphs are compared in


@dataclass(frozen=True, slots=True)
class Glyph:
    x0: float
    top: float
    x1: float
    bottom: float
    char: str
    font: str
    size: float  # the font's em in points, as printed (the page's scale included)


@dataclass(frozen=True, slots=True)
class Defect:
    page: int  # 1-based
    kind: str  # "outside", "under-image", "gutter", "overlap", "letters", "tiny-math"
    where: str  # the text concerned, and its place in points from the page's top left
    x: float
    y: float

    def __str__(self) -> str:
        return f"p{self.page} {self.kind} at ({self.x:.0f}, {self.y:.0f}) pt: {self.where}"


def page_glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    """The page's printed characters (not spaces), top-down boxes in points."""
    height = page.get_height()
    text = page.get_textpage()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    glyphs = []
    try:
        for i in range(text.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(text.raw, i)
            if 0xDC00 <= code <= 0xDFFF:
                continue  # the second half of a character outside the BMP: read with the first
            if 0xD800 <= code <= 0xDBFF:
                low = pdfium_c.FPDFText_GetUnicode(text.raw, i + 1)
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            char = chr(code)
            if not char.strip() or char in "\x02\ufffe":  # a space, a break pdfium made
                continue
            x0, b, x1, t = text.get_charbox(i)
            if x1 - x0 < 0.05 or t - b < 0.05:
                continue
            pdfium_c.FPDFText_GetFontInfo(text.raw, i, name, 256, ctypes.byref(flags))
            # A loose box is the font's ascent to descent: its height follows the em.
            rect = pdfium_c.FS_RECTF()
            pdfium_c.FPDFText_GetLooseCharBox(text.raw, i, ctypes.byref(rect))
            size = (rect.top - rect.bottom) / 1.2
            font = name.value.decode("latin-1").split("+")[-1]
            glyphs.append(Glyph(x0, height - t, x1, height - b, char, font, size))
    finally:
        text.close()
    return glyphs


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, top-down


def page_images(page: pdfium.PdfPage) -> list[Box]:
    """The boxes of the page's images and figures (a PDF or SVG figure is a form)."""
    height = page.get_height()
    boxes = []
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM)
    for obj in page.get_objects(filter=kinds, max_depth=0):
        x0, b, x1, t = obj.get_bounds()
        boxes.append((x0, height - t, x1, height - b))
    return boxes


def find_defects(pdf: Path, geometry: Geometry) -> list[Defect]:
    """Every defect of every page of `pdf`, page by page."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for number in range(len(document)):
            page = document[number]
            glyphs = page_glyphs(page)
            images = page_images(page)
            found += page_defects(number + 1, glyphs, images, geometry)
        return found
    finally:
        document.close()


def columns_of(g: Geometry) -> list[tuple[float, float]]:
    inner = g.width - g.left - g.right
    width = (inner - g.gap * (g.columns - 1)) / g.columns
    return [
        (g.left + c * (width + g.gap), g.left + c * (width + g.gap) + width)
        for c in range(g.columns)
    ]


def page_defects(
    number: int,
    glyphs: list[Glyph],
    images: list[Box],
    geometry: Geometry,
) -> list[Defect]:
    """One page's defects; those of a kind within a few lines of each other are one (a
    table's rows, a formula's glyphs)."""
    found: list[Defect] = []
    for kind in (
        _outside(number, glyphs, images, geometry),
        _under_images(number, glyphs, images, geometry),
        _gutter(number, glyphs, geometry),
        _overlaps(number, glyphs),
        _letters(number, glyphs),
        _tiny_math(number, glyphs, geometry),
    ):
        kept: list[Defect] = []
        for defect in sorted(kind, key=lambda d: (d.y, d.x)):
            if not kept or defect.y - kept[-1].y > SAME_PLACE:
                kept.append(defect)
        found += kept
    return found


def _in_body(top: float, bottom: float, g: Geometry) -> bool:
    """Between the text area's top and foot: not a running head or a folio."""
    return top >= g.top - SLACK and bottom <= g.height - g.bottom + SLACK


def _lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs in reading order cut into lines: a glyph that starts left of the one before it,
    or that shares no height with it, starts a new line."""
    lines: list[list[Glyph]] = []
    for glyph in glyphs:
        last = lines[-1][-1] if lines else None
        if (
            last is not None
            and glyph.x0 >= last.x0 - 1.0
            and min(glyph.bottom, last.bottom) - max(glyph.top, last.top) > -1.0
        ):
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    return lines


def _text(line: list[Glyph]) -> str:
    return "".join(g.char for g in line)


def _outside(number: int, glyphs: list[Glyph], images: list[Box], g: Geometry) -> Iterator[Defect]:
    """Text or an image that crosses the text area's left or right edge: it starts inside and
    ends outside (line numbers and the DRAFT mark are wholly in the margin)."""
    left, right = g.left - SLACK, g.width - g.right + SLACK
    for line in _lines(glyphs):
        if not _in_body(line[0].top, line[0].bottom, g):
            continue
        crossing = [x for x in line if x.x0 < right < x.x1 or x.x0 < left < x.x1]
        if crossing:
            yield Defect(
                number, "outside", repr(_text(line)[-40:]), crossing[0].x0, crossing[0].top
            )
    for x0, top, x1, bottom in images:
        if _in_body(top, bottom, g) and (x0 < right < x1 or x0 < left < x1):
            yield Defect(number, "outside", "an image", x0, top)


def _under_images(
    number: int, glyphs: list[Glyph], images: list[Box], g: Geometry
) -> Iterator[Defect]:
    """Text that runs under a figure: a line that starts well left of an image and crosses
    its left edge (a figure's own labels start inside it, or just before one of its parts)."""
    for line in _lines(glyphs):
        if not _in_body(line[0].top, line[0].bottom, g):
            continue
        for x0, top, _x1, bottom in images:
            if min(line[0].bottom, bottom) - max(line[0].top, top) <= 0.5 * line[0].size:
                continue
            crossing = [x for x in line if x.x0 < x0 + SLACK < x.x1]
            if crossing and line[0].x0 < x0 - LINE_BEFORE:
                where = f"{_text(line)[-40:]!r} under an image"
                yield Defect(number, "under-image", where, crossing[0].x0, crossing[0].top)
                break


def _gutter(number: int, glyphs: list[Glyph], g: Geometry) -> Iterator[Defect]:
    """Text of a column that runs into the gutter up to the next column's text on its line."""
    spans = columns_of(g)
    lines = [line for line in _lines(glyphs) if _in_body(line[0].top, line[0].bottom, g)]
    for (x0, x1), (next0, _) in itertools.pairwise(spans):
        # A column's text has a letter or digit: a full stop whose box sits lower than its
        # line's is a line of its own, and one at the next column's edge is no column's text
        # (the handbook's wide table in gfpr: "2014”" over the gutter, its "." at 305.8 pt).
        starts = [
            line
            for line in lines
            if abs(line[0].x0 - next0) <= SLACK and any(x.char.isalnum() for x in line)
        ]
        for line in lines:
            if not x0 - SLACK <= line[0].x0 < x1:
                continue
            over = [x for x in line if x.x1 > x1 + SLACK and x.x0 < next0]
            if not over:
                continue
            end = max(x.x1 for x in over)
            beside = [
                s
                for s in starts
                if s is not line and min(s[0].bottom, over[0].bottom) > max(s[0].top, over[0].top)
            ]
            if _one_formula(over, beside):
                continue
            if beside and end > next0 - g.gap / 2:
                yield Defect(number, "gutter", repr(_text(line)[-40:]), over[0].x0, over[0].top)


def _one_formula(over: list[Glyph], beside: list[list[Glyph]]) -> bool:
    """Math across the gutter beside math starting at the next column's edge: one formula set
    across the columns (render/widen.py centres it on the text area), not two columns."""
    return all(MATH_FONT in x.font for x in over) and all(
        MATH_FONT in x.font for line in beside for x in line
    )


def _overlaps(number: int, glyphs: list[Glyph]) -> Iterator[Defect]:
    """A text glyph printed over another glyph (math over math is math's own business)."""
    cells: dict[tuple[int, int], list[int]] = {}
    for i, g in enumerate(glyphs):  # a grid, so that only glyphs near each other are compared
        for cx in range(int(g.x0 // CELL), int(g.x1 // CELL) + 1):
            for cy in range(int(g.top // CELL), int(g.bottom // CELL) + 1):
                cells.setdefault((cx, cy), []).append(i)
    reported: set[int] = set()
    seen: set[tuple[int, int]] = set()
    for members in cells.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if (i, j) in seen or abs(i - j) <= NEIGHBOURS:
                    continue
                seen.add((i, j))
                a, b = glyphs[i], glyphs[j]
                if MATH_FONT in a.font and MATH_FONT in b.font:
                    continue
                w = min(a.x1, b.x1) - max(a.x0, b.x0)
                h = min(a.bottom, b.bottom) - max(a.top, b.top)
                if w <= 0 or h <= 0 or reported & {i, j}:
                    continue
                smaller = min(
                    (a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top)
                )
                if w * h > OVERLAP * smaller:
                    reported |= {i, j}
                    yield Defect(number, "overlap", f"{a.char!r} and {b.char!r}", a.x0, a.top)


def _letters(number: int, glyphs: list[Glyph]) -> Iterator[Defect]:
    """A word set down a column a letter or two a line (a squeezed table column)."""
    lines = [line for line in _lines(glyphs) if MATH_FONT not in line[0].font]
    run: list[list[Glyph]] = []
    for line in [*lines, []]:
        text = _text(line)
        fits = (
            line
            and len(text) <= FRAGMENT
            and text.isalpha()
            and (
                not run
                or (
                    abs(line[0].x0 - run[-1][0].x0) <= 1.0
                    and 0 < line[0].top - run[-1][0].top <= 2.0 * line[0].size
                )
            )
        )
        if fits:
            run.append(line)
            continue
        if len(run) >= STACKED:
            word = "".join(_text(r) for r in run)
            yield Defect(number, "letters", repr(word), run[0][0].x0, run[0][0].top)
        run = [line] if line and len(text) <= FRAGMENT and text.isalpha() else []


def _tiny_math(number: int, glyphs: list[Glyph], g: Geometry) -> Iterator[Defect]:
    """Math printed smaller than anyone can read (shrunk to fit its column): small glyphs
    with no glyph of a formula's own size beside them (a script of a script is small too,
    but sits by its base)."""
    math = [x for x in glyphs if MATH_FONT in x.font and _in_body(x.top, x.bottom, g)]
    tiny = [
        x
        for x in math
        if x.size < TINY
        and not any(
            y.size >= SCRIPT_RATIO * x.size
            and abs(y.x0 - x.x0) < NEAR
            and abs(y.top - x.top) < NEAR
            for y in math
        )
    ]
    for line in _lines(tiny):
        if len(line) >= 3:
            yield Defect(
                number,
                "tiny-math",
                f"{_text(line)[:30]!r} at {line[0].size:.1f} pt",
                line[0].x0,
                line[0].top,
            )


if __name__ == "__main__":
    geometry = geometry_of(Path(sys.argv[2]))
    for defect in find_defects(Path(sys.argv[1]), geometry):
        print(defect)
