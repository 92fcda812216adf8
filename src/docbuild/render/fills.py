"""How many of the blocks after a float go before it, so that the text fills the hole it
jumped over (render/floats.py `moves`): whole blocks, never so many that the float, or the row
of a table let break, is pushed over the next column's foot.
"""

from __future__ import annotations

from docbuild.render.flowstrip import Strip
from docbuild.render.laidout import Fragment, Layout
from docbuild.render.printhtml import Unit, is_movable


def fill_table(
    units: list[Unit], i: int, end: float, strip: Strip, layout: Layout, enough: float
) -> tuple[int, float]:
    """The last block that the table let break units[i] goes after, and where the text
    before it then ends: the first fill (whole blocks, up to a column) under which its rows
    leave no more than `enough` empty (each row stays whole, so where it breaks depends on
    where it starts), else the fill that leaves the least; itself when it leaves none."""

    def empty(at: float) -> float:
        return (strip.table(units[i], at) or (0.0, at))[0]

    best, best_at, least = i, end, empty(end)
    filled, k = 0.0, i
    while least > enough and k + 1 < len(units) and filled < layout.body:
        if is_movable(units[k + 1]):
            break
        k += 1
        filled += strip.height(units[k])
        if units[k].kind == "heading":
            continue  # a heading keeps its text
        left = empty(end + filled)
        if left < least:
            best, best_at, least = k, end + filled, left
    return best, best_at


def spare_room(placed: list[Fragment], run: float, layout: Layout) -> float:
    """How far the text put before a float may reach into the column the float lands in,
    and the float still fit under it: the column less the float, or for a table let break
    the space its first column's rows leave at the foot (more, and the row above that break
    goes over the foot too, leaving a hole inside the table)."""
    if len({(f.page, f.column) for f in placed}) > 1:
        first = placed[0]
        return max(0.0, layout.floor[first.page] - first.content)
    return max(0.0, layout.body - run)


def fill(units: list[Unit], j: int, hole: float, spare: float, strip: Strip, body: float) -> int:
    """The last block that the floats ending at units[j] go after so as to fill `hole`:
    whole blocks, never a heading (it keeps its text); j itself when nothing can go there.
    The blocks that first fill the hole reach past it into the float's column; past `spare`
    the float jumps once more, so then the blocks before the last are chosen instead when
    they leave a smaller hole than the one the float would jump over again."""
    filled, k = 0.0, j
    under, under_filled = j, 0.0  # the last end that leaves some of the hole open
    while k + 1 < len(units) and filled < hole:
        nxt = units[k + 1]
        if is_movable(nxt):
            break
        k += 1
        filled += strip.height(nxt)
        if filled < hole and units[k].kind != "heading":
            under, under_filled = k, filled
    while units[k].kind == "heading" and k + 1 < len(units):  # a heading keeps its text
        if is_movable(units[k + 1]):
            break
        k += 1
        filled += strip.height(units[k])
    while k > j and units[k].kind == "heading":
        k -= 1
    over = filled - hole
    if filled >= hole and over > spare and hole - under_filled < body - over:
        return under
    return k
