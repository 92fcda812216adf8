"""A table row a quarter of a column tall may break at a column's foot, as a compositor breaks
a long row of text rather than leave the space above it empty (render/floats.py's pass lets
break the row that jumped; PRINT_CSS's `tr.docbuild-break`).

gfpr and ieee keep each row whole (`tr { break-inside: avoid }`): a row of a few lines that
jumps to the next column leaves a line or two, which the float pass fills by where it starts
the table. A row of text set in a narrow column can be a third of it (manubot-governance's
Table 4 in gfpr, its second row 42%); no start of the table within its text then puts its
breaks at the column feet, and the row's jump left a third of a column empty.
"""

from __future__ import annotations

import re
from itertools import pairwise

from docbuild.render.laidout import Layout
from docbuild.render.printhtml import Unit, add_class, index_units, is_float

TALL_ROW = 0.25  # of the page's text height: a row taller than this may break
BREAK = "docbuild-break"  # the row's class (PRINT_CSS)


def tall_rows(page: str, units: list[Unit], layout: Layout, least: float) -> dict[int, int]:
    """Unit number -> body row (0-based, after the head) of each table let break whose row
    taller than TALL_ROW jumped to the next column over a hole of more than `least` (its first
    such row).
    A table with a row let break already is left alone: that row, broken, is in two pieces
    of the layout, so the rows after it cannot be told by their count."""
    out: dict[int, int] = {}
    for unit in units:
        block = page[unit.start : unit.end]
        if not is_float(unit) or "<table" not in block or BREAK in block:
            continue
        placed = layout.fragments.get(unit.number, [])
        count = 0
        for before, after in pairwise(placed):
            count += len(before.rows)
            if not after.rows:
                continue
            top, bottom = after.rows[0]
            hole = layout.floor[before.page] - before.content
            if hole > least and bottom - top > TALL_ROW * layout.body:
                out[unit.number] = count
                break
    return out


def let_rows_break(page: str, rows: dict[int, int]) -> str:
    """The page with each table's row in `rows` (by its unit number) classed BREAK."""
    if not rows:
        return page
    units = [u for u in index_units(page) if u.number in rows]
    for unit in sorted(units, key=lambda u: u.start, reverse=True):
        page = (
            page[: unit.start]
            + _mark(page[unit.start : unit.end], rows[unit.number])
            + page[unit.end :]
        )
    return page


_ROW_START = re.compile(r"<tr\b")


def _mark(block: str, row: int) -> str:
    body = block.find("<tbody")
    starts = [m.start() for m in _ROW_START.finditer(block, max(body, 0))]
    if row >= len(starts):
        return block
    at = starts[row]
    return block[:at] + add_class(block[at:], BREAK)
