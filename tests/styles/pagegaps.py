"""Empty space at the foot of a column, measured from the PDF (text, image and path positions).

A figure that does not fit jumps to the next column and leaves a hole where the text should
have flowed on; this finds such holes. The page's text area comes from the style's `@page`
rule (size and margins), its columns from `column-count` on the body: the PDF says where
things are, the CSS where they could be. Running heads, folios, the DRAFT mark and line
numbers sit in the margins and are not counted.

    .venv/bin/python tests/styles/pagegaps.py build/paper.pdf styles/gfpr

prints each column's foot gap (the measure the layout tests use).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import tinycss2

PT = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0), "a5": (419.53, 595.28)}
SLACK = 2.0  # pt: an element this far over a column's edge still belongs to it (kerning, italics)


@dataclass(frozen=True, slots=True)
class Geometry:
    """A style's text area in PDF points, top-down, and its number of body columns."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float
    columns: int
    gap: float  # the column gap

    @property
    def column_height(self) -> float:
        return self.height - self.top - self.bottom


@dataclass(frozen=True, slots=True)
class Gap:
    page: int  # 1-based
    column: int  # 1-based, left to right
    height: float  # pt of empty space at the column's foot

    def fraction(self, geometry: Geometry) -> float:
        return self.height / geometry.column_height


def _length(token: str) -> float:
    match = re.fullmatch(r"([\d.]+)(pt|mm|cm|in|px)", token.strip())
    if not match:
        raise ValueError(f"cannot read the length '{token}'")
    return float(match[1]) * PT[match[2]]


def _declarations(block: list[tinycss2.ast.Node]) -> dict[str, str]:
    out = {}
    for decl in tinycss2.parse_blocks_contents(block, skip_whitespace=True, skip_comments=True):
        if isinstance(decl, tinycss2.ast.Declaration):
            out[decl.lower_name] = tinycss2.serialize(decl.value).strip()
    return out


def geometry_of(style: Path) -> Geometry:
    """The text area of `style`'s print.css: the first plain `@page` and `.article-body`."""
    rules = tinycss2.parse_stylesheet(
        (style / "print.css").read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True
    )
    page: dict[str, str] = {}
    columns, gap = 1, 0.0
    for rule in rules:
        if isinstance(rule, tinycss2.ast.AtRule) and rule.lower_at_keyword == "page":
            if not tinycss2.serialize(rule.prelude).strip() and not page:
                page = _declarations(rule.content or [])
        elif isinstance(rule, tinycss2.ast.QualifiedRule):
            selector = tinycss2.serialize(rule.prelude).strip()
            decls = _declarations(rule.content)
            if "column-count" in decls and selector.split(",")[0].strip() in (
                ".article-body",
                "main",
                "#content",
            ):
                columns = int(decls["column-count"])
                gap = _length(decls.get("column-gap", "1em").replace("em", "pt"))
    width, height = SIZES[page.get("size", "a4").lower()]
    sides = [_length(t) for t in page.get("margin", "0pt").split()]
    top, right, bottom, left = (sides * 4)[:4] if len(sides) == 1 else (sides + sides[1:2])[:4]
    return Geometry(width, height, top, right, bottom, left, columns, gap)


Box = tuple[float, float, float, float]  # x0, y0 (top), x1, y1 (bottom), in points top-down


def page_boxes(page: pdfium.PdfPage, height: float) -> list[Box]:
    """Where the page prints something: text runs, images and drawn paths."""
    boxes: list[Box] = []
    text = page.get_textpage()
    try:
        for i in range(text.count_rects()):
            x0, b, x1, t = text.get_rect(i)
            boxes.append((x0, height - t, x1, height - b))
    finally:
        text.close()
    # Top-level objects only: their bounds are in page space (a form's children are not).
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)
    for obj in page.get_objects(filter=kinds, max_depth=0):
        x0, b, x1, t = obj.get_bounds()
        if x1 - x0 > 0.1 or t - b > 0.1:
            boxes.append((x0, height - t, x1, height - b))
    return boxes


def foot_gaps(pdf: Path, geometry: Geometry) -> list[Gap]:
    """The empty space at the foot of every column of every page but the last (where the
    paper ends), above the footnotes if there are any."""
    g = geometry
    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = [page_boxes(document[i], g.height) for i in range(len(document) - 1)]
    finally:
        document.close()
    area = (g.left - SLACK, g.top - SLACK, g.width - g.right + SLACK, g.height - g.bottom + SLACK)
    inner = g.width - g.left - g.right
    col_width = (inner - g.gap * (g.columns - 1)) / g.columns
    spans = [
        (g.left + c * (col_width + g.gap), g.left + c * (col_width + g.gap) + col_width)
        for c in range(g.columns)
    ]
    gaps = []
    for number, boxes in enumerate(pages, start=1):
        body = [
            b
            for b in boxes
            if b[0] >= area[0] and b[2] <= area[2] and b[1] >= area[1] and b[3] <= area[3]
        ]
        for column, (x0, x1) in enumerate(spans, start=1):
            own = [b for b in body if b[0] >= x0 - SLACK and b[2] <= x1 + SLACK]
            across = [b for b in body if b not in own and b[0] < x1 and b[2] > x0]
            gaps.append(Gap(number, column, _foot(own, across, g.height - g.bottom)))
    return gaps


def _foot(own: list[Box], across: list[Box], floor: float) -> float:
    if not own:  # an empty column: its largest hole between what spans the page
        edges = sorted((b[1], b[3]) for b in across)
        reached, hole = 0.0, 0.0
        for top, bottom in edges:
            if reached:
                hole = max(hole, top - reached)
            reached = max(reached, bottom)
        return max(hole, floor - reached if reached else floor)
    last = max(b[3] for b in own)
    below = [b[1] for b in across if b[1] >= last - SLACK]
    return max(0.0, min(below, default=floor) - last)


if __name__ == "__main__":
    geometry = geometry_of(Path(sys.argv[2]))
    for gap in foot_gaps(Path(sys.argv[1]), geometry):
        print(f"p{gap.page} c{gap.column}: {gap.height:6.1f} pt  {gap.fraction(geometry):5.1%}")
