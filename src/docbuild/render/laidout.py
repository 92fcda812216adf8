"""Where WeasyPrint put each numbered block of the page (render/printhtml.py's marks): the
float pass's reading of a layout, in WeasyPrint's CSS pixels, top-down. WeasyPrint gives its
layout boxes no public type, so this is the one module that walks them for the float pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint import Document  # type: ignore[import-untyped]

from docbuild.render.printhtml import UNIT


@dataclass(frozen=True, slots=True)
class Fragment:
    """Where one piece of a block was laid out (WeasyPrint's CSS pixels, top-down)."""

    page: int
    column: float  # the column's left edge; -1 for a block across the columns or the page
    top: float
    bottom: float
    height: float  # with its margins: the space it takes in a column
    # Where its content ends: WeasyPrint stretches a block that breaks to its column's floor,
    # so a table whose next row did not fit seems to fill the column; its last row says where
    # the column's text really ends (the hole a row that jumped leaves).
    content: float
    # A table's body rows in this piece, (top, bottom) each: where a table let break will
    # break once it starts elsewhere (flowstrip's Strip.table). Empty for other blocks.
    rows: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Layout:
    fragments: dict[int, list[Fragment]]  # by unit number, in order
    floor: dict[int, float]  # each page's lowest point for text (above its footnotes)
    body: float  # the first page's text height
    # The blocks a forced break comes before (`break-before: page` on them or on a section
    # they start, `break-after` on the block before).
    forced: frozenset[int] = frozenset()


def read_layout(document: Document) -> Layout:
    """Where WeasyPrint put each numbered block."""
    fragments: dict[int, list[Fragment]] = {}
    floor: dict[int, float] = {}
    forced: set[int] = set()
    body = 0.0
    for number, page in enumerate(document.pages):
        box = page._page_box
        bottom = box.content_box_y() + box.height
        body = body or box.height
        for child in box.children:
            if type(child).__name__ == "FootnoteAreaBox" and child.children:
                bottom = min(bottom, child.position_y)
        floor[number] = bottom
        for unit, fragment, _ in walk_blocks(box, number, -1.0):
            fragments.setdefault(unit, []).append(fragment)
        _forced_starts(box, False, forced)
    return Layout(fragments, floor, body, frozenset(forced))


def _forced_starts(box: Any, pending: bool, out: set[int]) -> bool:
    """Adds to `out` the blocks under `box` that a forced break comes before; returns
    whether one comes after its last. A section split over pages has its style on each part,
    so the first block of each of its pages counts: the float pass then plans less ahead."""
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "FootnoteAreaBox" or not hasattr(child, "style"):
            continue
        mark = _mark(child)
        pending = pending or is_forced(child.style["break_before"])
        if mark is not None:
            if pending:
                out.add(int(mark))
            pending = False
        else:
            pending = _forced_starts(child, pending, out)
        pending = pending or is_forced(child.style["break_after"])
    return pending


def walk_blocks(box: Any, page: int, column: float) -> Iterator[tuple[int, Fragment, Any]]:
    # `box` is a WeasyPrint layout box: the library gives it no public type.
    from weasyprint.formatting_structure.boxes import BlockLevelBox  # type: ignore[import-untyped]

    for child in getattr(box, "children", ()):
        if type(child).__name__ == "FootnoteAreaBox":
            continue  # a note's paragraph takes no room in a column, and moves with its call
        mark = _mark(child)
        if mark is not None and not isinstance(child, BlockLevelBox):
            continue  # a note's call in a line: the note itself is in the footnote area
        if mark is not None:
            top = child.border_box_y()
            rows: list[tuple[float, float]] = []
            content = _content(child, top, rows)
            bottom = top + child.border_height()
            height = child.margin_height()
            yield (
                int(mark),
                Fragment(page, column, top, bottom, height, content, tuple(rows)),
                child,
            )
            continue
        # A column is a copy of the multi-column box inside it: its children are in it.
        inner = column
        if child.element_tag == "main" and getattr(box, "element_tag", None) == "main":
            inner = float(child.position_x)
        yield from walk_blocks(child, page, inner)


def _mark(box: Any) -> str | None:
    """The unit number printhtml gave the box's element, if any (not the columns' `main`)."""
    element = getattr(box, "element", None)
    return element.get(UNIT) if element is not None and box.element_tag != "main" else None


def _content(box: Any, top: float, rows: list[tuple[float, float]]) -> float:
    """The lowest line, table row or box without children in `box` (its top if it has none);
    adds its table's body rows to `rows`."""
    bottom = top
    for child in getattr(box, "children", ()):
        kind = type(child).__name__
        if kind == "FootnoteAreaBox" or not hasattr(child, "border_box_y"):
            continue
        if kind in _WHOLE or not getattr(child, "children", ()):
            y = child.border_box_y()
            bottom = max(bottom, y + child.border_height())
            if kind == "TableRowBox" and not (box.is_header or box.is_footer):
                rows.append((y, y + child.border_height()))
        else:
            bottom = max(bottom, _content(child, bottom, rows))
    return bottom


# Boxes read whole: a line, and a table row (gfpr and ieee keep rows whole with
# `tr { break-inside: avoid }`; a row that breaks ends where its column does).
_WHOLE = frozenset({"LineBox", "TableRowBox"})


def is_forced(value: str) -> bool:
    """Whether a `break-before`/`break-after` value forces a break."""
    return value in ("page", "left", "right", "recto", "verso", "column")
