"""Figures and tables float in the PDF: one that does not fit moves on, and the text after it
flows into the space it would have left empty.

WeasyPrint has no page floats. A figure that does not fit at the foot of a column jumps
whole to the next one and leaves its space empty (40% of a column in the sample paper). So
the page is laid out, each figure or table that jumped over a hole is moved, in the page
given to WeasyPrint only, after as many of the blocks following it as fill that hole (not so
many that the float no longer fits under the last of them), and the page is laid out again,
until nothing jumps or MAX_LAYOUTS is reached. A table kept whole that the layout splits
all the same (taller than a column) is let break in the same layout as the moves planned on
it, so that it starts under its caption where it stands rather than jump with it and leave a
column's foot empty, and a row of it a quarter of a column tall that jumped over a hole is let
break too (render/rowbreaks.py); that layout counts as any other, so the pass is
bounded whatever the tables do. The caption itself is never alone at a column's foot:
printhtml's PRINT_CSS keeps it with the table's first row, kept or let break.
A table with no caption is part of the text, not a float (printhtml's `is_movable`): it keeps
its place and breaks as a long table does. Floats keep their order; a heading is never left
just above a float; the reference list's
entries count as blocks, so a float with only references after it goes between them (as
LaTeX sets a float at the top of a column the bibliography flows through). A column that
still ends in a hole (a heading kept with its text, a block that may not break) is then set
flush at its foot, as LaTeX's flushbottom does. Everything depends on the page and the
layout only, so the same inputs give the same PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint import Document  # type: ignore[import-untyped]

from docbuild.render.fills import fill, fill_table, spare_room
from docbuild.render.flowstrip import Strip
from docbuild.render.laidout import Fragment, Layout, is_forced, read_layout, walk_blocks
from docbuild.render.printhtml import HEADINGS, UNIT, Unit, index_units, is_float, is_movable
from docbuild.render.rowbreaks import let_rows_break, tall_rows

MAX_LAYOUTS = 10  # the first layout and up to nine after moves and tables let break
# A hole is space left at a column's foot above a float that jumped: below this part of the
# page's text height it is the ordinary slack of breaking lines and keeping headings.
MIN_HOLE = 0.05
# A column filled to its foot shares the space between its blocks: at most this part of the
# page's text height above a heading (about a line), half of it between two other blocks, as
# LaTeX's section skips stretch and its paragraph skip hardly does; more would read as a
# missing paragraph. What is left stays at the foot.
MAX_STRETCH = 0.02


def holes(units: list[Unit], layout: Layout) -> Iterator[tuple[Unit, float]]:
    """Each float that jumped to a new column or page over a hole, with the hole's height."""
    before: Fragment | None = None
    for unit in units:
        placed = layout.fragments.get(unit.number)
        if not placed:
            continue
        if is_movable(unit) and before is not None:
            first = placed[0]
            hole = layout.floor[before.page] - before.bottom
            moved = (first.page, first.column) != (before.page, before.column)
            if unit.kind == "wide":  # under the columns balanced above it: it jumped a page
                moved = first.page != before.page
            elif first.page != before.page:
                hole += _skipped(layout, before)
            if moved and hole > MIN_HOLE * layout.body:
                yield unit, hole
        if unit.kind != "heading":  # a heading kept with the float jumped with it
            before = placed[-1]


def _skipped(layout: Layout, before: Fragment) -> float:
    """The columns right of `before`'s on its page, empty from the top of its group of columns
    (under the last block across them above it) to the floor: a float that jumped to the next
    page from a column but the last jumped over them too (columnnotes.py sets empty a column
    that cannot start with its first block)."""
    page = [f for fs in layout.fragments.values() for f in fs if f.page == before.page]
    above = max((f.bottom for f in page if f.column < 0 and f.bottom <= before.top), default=0.0)
    top = min(f.top for f in page if f.column == before.column and f.top >= above)
    lefts = {f.column for f in page if f.column > before.column}
    return len(lefts) * max(0.0, layout.floor[before.page] - top)


def moves(units: list[Unit], layout: Layout) -> list[tuple[Unit, Unit, Unit]]:
    """(first, last, after): the floats first..last go after the block `after`.

    Each move fills a hole, so everything after it comes up by about that hole in the next
    layout: a float further down then lands elsewhere than this layout shows (one that fitted
    jumps, one that jumped over a hole jumps over a larger one). The moves are therefore
    planned in order, each on where the moves above it will have put its float (flowstrip's
    strip of columns); until the first move, and after a break the strip cannot follow, the
    plan is the layout's own."""
    strip = Strip(layout, units)
    out: list[tuple[Unit, Unit, Unit]] = []
    # The blocks after the last one laid out end no fill: a float put after them is after
    # all that is printed, maybe inside what hides them (pandoc's `section.footnotes`, which
    # gfpr and ieee hide: the handbook's two tables went into it and out of the PDF).
    shown = max((n for n, u in enumerate(units) if layout.fragments.get(u.number)), default=0)
    shift = 0.0  # how far the moves planned so far bring the block being looked at up
    end = None  # where the last block but a heading ends on the strip, after the moves
    i = 0
    while i < len(units):
        unit = units[i]
        placed = layout.fragments.get(unit.number)
        if not placed:
            i += 1
            continue
        if strip.breaks_before(unit) or unit.kind == "wide":
            shift = 0.0  # a forced break takes the shift up; the strip knows no page's width
        if not is_movable(unit):
            if unit.kind != "heading":  # a heading kept with the float jumps with it
                end = strip.end(unit) - shift
            i += 1
            continue
        j = i
        while j + 1 < len(units) and is_movable(units[j + 1]):
            j += 1  # floats that follow it go with it, in order
        if i == j and end is not None and strip.table(unit, end) is not None:
            k, at = fill_table(units, i, end, strip, layout, MIN_HOLE * layout.body)
            k = max(i, min(k, shown))
            if k > i:
                out.append((unit, unit, units[k]))
            if k > i or shift:
                _, ends = strip.table(unit, at) or (0.0, at)
                shift, end = strip.end(units[k]) - ends, ends
            else:
                end = strip.end(unit)
            i = k + 1
            continue
        hole = _hole(units, i, layout, strip, end, shift)
        if hole is None:  # it fits where the text before it ends
            height = strip.height(unit)
            shift = strip.end(unit) - (end + height) if end is not None and shift else shift
            end = strip.end(unit) - shift
            i += 1
            continue
        if unit.kind == "wide":
            # Its hole is at the foot of each of the page's columns, balanced above it: the
            # text to fill it is that many holes (one hole's worth took a layout a halving).
            hole *= _columns(layout, placed[0].page)
        run = sum(strip.height(units[n]) for n in range(i, j + 1))
        spare = spare_room(placed, run, layout)
        k = fill(units, j, hole, spare, strip, layout.body) if hole > MIN_HOLE * layout.body else j
        k = max(j, min(k, shown))
        if k > j:
            out.append((units[i], units[j], units[k]))
            filled = sum(strip.height(units[n]) for n in range(j + 1, k + 1))
            if end is not None:
                top = strip.place(end + filled, run)
                shift = strip.end(units[k]) - (top + run)
                end = top + run
            i = k + 1
            continue
        # It jumps over a hole too small to fill: it starts the next column.
        if end is not None and shift:
            top = strip.place(end + hole, strip.height(unit))
            shift = strip.end(unit) - (top + strip.height(unit))
        end = strip.end(unit) - shift
        i += 1
    return out


def _hole(
    units: list[Unit], i: int, layout: Layout, strip: Strip, end: float | None, shift: float
) -> float | None:
    """The hole the float units[i] jumps over once the moves above it are made; None if it
    fits. With nothing moved above it (or no strip to follow), what the layout shows."""
    if end is None or not shift:
        for unit, hole in holes(units[: i + 1], layout):
            if unit is units[i]:
                return hole
        return None
    # A float that fits with little to spare is left to fit, not moved as one that jumps:
    # a margin of MIN_HOLE for the lines the strip does not see (a heading kept with its
    # text, a short paragraph that may not break) cost the corpus layouts (bench/RESULTS.md,
    # hG) and saved none on the book.
    room = strip.room(end)
    return None if strip.height(units[i]) <= room else room


def _columns(layout: Layout, page: int) -> int:
    """How many columns the page's blocks are set in (at least one)."""
    lefts = {f.column for fs in layout.fragments.values() for f in fs if f.page == page}
    return max(1, len(lefts - {-1.0}))


def apply_moves(page: str, planned: list[tuple[Unit, Unit, Unit]]) -> str:
    """The page with each run of floats cut out and put back after its block."""
    for first, last, after in sorted(planned, key=lambda m: m[0].start, reverse=True):
        floats = page[first.start : last.end]
        end = after.end
        list_start, list_end = after.within
        if list_start >= 0 and page[end:list_end].rstrip().removesuffix("</div>").strip():
            # Between two entries of the reference list: the list is closed and opened again
            # after the floats, so that a float is never an item of a list.
            head = page[list_start : page.index(">", list_start) + 1]
            floats = "</div>\n" + floats + "\n" + _continued(head)
        elif list_start >= 0:
            end = list_end  # its last entry: the floats go after the list
        between = page[last.end : end]
        page = page[: first.start] + between.lstrip("\n") + "\n" + floats + page[end:]
    return page


def split_kept(page: str, units: list[Unit], layout: Layout) -> list[Unit]:
    """The floats holding a table kept whole (printhtml's `docbuild-keep`, chosen by its
    count of rows) that the layout set in more than one column all the same: taller than a
    column, it jumped with its caption and left a hole, then broke anyway."""
    out = []
    for unit in units:
        if not is_float(unit) or _KEPT.search(page, unit.start, unit.end) is None:
            continue
        placed = layout.fragments.get(unit.number, [])
        if len({(f.page, f.column) for f in placed}) > 1:
            out.append(unit)
    return out


def release(page: str, split: list[Unit]) -> str:
    """The page with each of `split`'s tables let break: its rows then start under its
    caption, which PRINT_CSS keeps with the first row (`break-after: avoid`)."""
    for unit in sorted(split, key=lambda u: u.start, reverse=True):
        block = _KEPT.sub(_unkeep, page[unit.start : unit.end])
        page = page[: unit.start] + block + page[unit.end :]
    return page


# A table's start tag with the keep class: a long table's kept groups of rows stay kept.
_KEPT = re.compile(r'<table\b[^>]*\sclass="[^"]*\bdocbuild-keep\b[^"]*"[^>]*>')


def _unkeep(tag: re.Match[str]) -> str:
    out = re.sub(r"\s*\bdocbuild-keep\b", "", tag[0])
    return out.replace(' class=""', "").replace('class=" ', 'class="')


def _continued(head: str) -> str:
    """The start tag of a reference list's second part: the same but for its id (which
    stays with the first) and its number."""
    return re.sub(rf'\s(?:id|{UNIT})="[^"]*"', "", head)


def settle_floats(page: str, render: Callable[[str], Document]) -> Document:
    """The document laid out from `page` (marked by printhtml.mark_for_print) with its
    floats moved until none leaves a hole."""
    document = render(page)
    layouts = 1
    while layouts < MAX_LAYOUTS:
        units = index_units(page)
        layout = read_layout(document)
        split = split_kept(page, units, layout)
        # The moves are planned on the layout that showed the split tables: a table let
        # break shifts what follows it, and the next layout moves again what no longer fits.
        planned = moves(units, layout)
        # A table kept whole in this layout breaks elsewhere once let break: its rows wait.
        let = [unit for unit in units if unit not in split]
        rows = tall_rows(page, let, layout, MIN_HOLE * layout.body)
        # Every move is made, however long the document: a stop for a few floats left the
        # book a column with 13% of it empty (bench/RESULTS.md, hF).
        if not split and not planned and not rows:
            break
        if planned:
            page = apply_moves(page, planned)
            numbers = {unit.number for unit in split}
            split = [unit for unit in index_units(page) if unit.number in numbers]
        page = let_rows_break(release(page, split), rows)
        layouts += 1
        document = render(page)
    fill_columns(document)
    return document


def fill_columns(document: Document) -> int:
    """Set flush at the foot each column that ends in a hole (more than MIN_HOLE) while the
    paper goes on after it, as LaTeX's \\flushbottom does: the space is shared between the
    column's blocks, each moved down on the laid-out page (no second layout). A column with a
    float across the columns, one before a forced break and the body's last page (its
    columns balanced) are left as they are. Returns how many columns were filled."""
    from weasyprint.document import Page  # type: ignore[import-untyped]

    layout = read_layout(document)
    columns: list[tuple[int, float, list[Any]]] = []  # (page, column, its blocks' boxes)
    for number, page in enumerate(document.pages):
        for _, fragment, box in walk_blocks(page._page_box, number, -1.0):
            key = (fragment.page, fragment.column)
            if not columns or columns[-1][:2] != key:
                columns.append((*key, []))
            columns[-1][2].append(box)
    # The body's last page: where its columns are balanced (and the paper may end).
    last = columns[-1][0] if columns else 0
    across = {p for p, column, _ in columns if column < 0 and _has_columns(columns, p)}
    changed: set[int] = set()
    filled = 0
    for i, (page, _, boxes) in enumerate(columns[:-1]):
        following = columns[i + 1][2][0]
        if page >= last or page in across or len(boxes) < 2:
            continue
        if is_forced(boxes[-1].style["break_after"]) or is_forced(following.style["break_before"]):
            continue
        gap = layout.floor[page] - max(b.border_box_y() + b.border_height() for b in boxes)
        if gap <= MIN_HOLE * layout.body:
            continue
        weights = [2 if box.element_tag in HEADINGS else 1 for box in boxes[1:]]
        unit = min(gap / sum(weights), MAX_STRETCH / 2 * layout.body)
        shift = 0.0
        for box, weight in zip(boxes[1:], weights, strict=True):
            shift += weight * unit
            box.translate(dy=shift)
        changed.add(page)
        filled += 1
    for page in sorted(changed):
        # The page's links, anchors and bookmarks are read from its boxes when it is made.
        Page.__init__(document.pages[page], document.pages[page]._page_box)
    return filled


def _has_columns(columns: list[tuple[int, float, list[Any]]], page: int) -> bool:
    return any(p == page and column >= 0 for p, column, _ in columns)
