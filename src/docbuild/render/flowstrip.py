"""The body's columns read as one strip, so the float pass can tell where a block will land
once the moves above it have filled their holes (render/floats.py `moves`).

Text flows from a column's foot to the next column's top, so on the strip a move that fills a
hole brings everything after it up by that hole, and a float lands wherever its text before it
then ends: whole in that column if it fits, else at the next column's top. The strip does not
follow a forced break (it takes up the shift) nor a page's columns under a block across them:
the blocks after such a break are planned as laid out.
"""

from __future__ import annotations

from bisect import bisect_right

from docbuild.render.laidout import Fragment, Layout
from docbuild.render.printhtml import Unit


class Strip:
    """Where each block of one layout starts and ends on the strip, and the columns' ends."""

    def __init__(self, layout: Layout, units: list[Unit]) -> None:
        # A column is its (page, left edge) and its text's top and floor, in order of the body.
        keys: list[tuple[int, float]] = []
        top: dict[tuple[int, float], float] = {}
        for unit in units:
            for f in layout.fragments.get(unit.number, []):
                key = (f.page, f.column)
                if key not in top:
                    keys.append(key)
                    top[key] = f.top
                top[key] = min(top[key], f.top)
        self.starts: list[float] = []
        self.ends: list[float] = []
        at = 0.0
        for key in keys:
            self.starts.append(at)
            at += layout.floor[key[0]] - top[key]
            self.ends.append(at)
        index = {key: n for n, key in enumerate(keys)}
        paged = {p for p, column in keys if column >= 0}
        self._start: dict[int, float] = {}
        self._end: dict[int, float] = {}
        self._height: dict[int, float] = {}
        self._breaks: set[int] = set()
        self._rows: dict[int, tuple[list[float], float]] = {}
        last = -1  # the column of the last block placed
        prev: int | None = None  # the last block placed
        for unit in units:
            placed = layout.fragments.get(unit.number)
            if not placed:  # laid out as nothing (empty, or not a block): where the last ends
                at = self._end.get(prev, 0.0) if prev is not None else 0.0
                self._start[unit.number] = self._end[unit.number] = at
                continue
            prev = unit.number
            first, final = placed[0], placed[-1]
            n = index[(first.page, first.column)]
            m = index[(final.page, final.column)]
            self._start[unit.number] = self.starts[n] + first.top - top[keys[n]]
            self._end[unit.number] = self.starts[m] + final.bottom - top[keys[m]]
            self._height[unit.number] = sum(f.height for f in placed)
            if n != m and all(f.rows for f in placed):
                self._rows[unit.number] = _pieces(placed)
            across = first.column < 0 and first.page in paged
            if unit.number in layout.forced or (n != last and (across or n < last)):
                self._breaks.add(unit.number)
            last = m

    def breaks_before(self, unit: Unit) -> bool:
        """Whether the unit comes after a forced break or starts a column the strip cannot
        follow into (a page's columns under a block across them)."""
        return unit.number in self._breaks

    def end(self, unit: Unit) -> float:
        return self._end[unit.number]

    def height(self, unit: Unit) -> float:
        """The space the unit takes in its columns, margins included."""
        return self._height.get(unit.number, 0.0)

    def room(self, at: float) -> float:
        """The space from `at` to the foot of its column."""
        return self.ends[self._column(at)] - at

    def place(self, at: float, height: float) -> float:
        """Where a block that may not break, coming at `at`, starts: there if it fits in the
        column, else at the next column's top."""
        n = self._column(at)
        if at + height <= self.ends[n] or n + 1 >= len(self.starts):
            return at
        return self.starts[n + 1]

    def table(self, unit: Unit, at: float) -> tuple[float, float] | None:
        """For a table let break whose text before it ends at `at`: the space it leaves
        empty at column feet (over its first row, and where a row did not fit) and where it
        ends. None for any other block."""
        if unit.number not in self._rows:
            return None
        pieces, lead = self._rows[unit.number]
        n, pos, empty = self._column(at), at, 0.0
        for number, piece in enumerate(pieces):
            if pos + piece > self.ends[n] and n + 1 < len(self.starts):
                empty += self.ends[n] - pos
                n += 1
                pos = self.starts[n] + (lead if number else 0.0)
            pos += piece
        return empty, pos

    def _column(self, at: float) -> int:
        return max(0, min(bisect_right(self.starts, at) - 1, len(self.starts) - 1))


def _pieces(placed: list[Fragment]) -> tuple[list[float], float]:
    """A table let break as the parts that never break, in order, and what each column it
    breaks into repeats above its rows (its head). The first part is its top margin, caption,
    head and first row, which stay together; then each row with the space above it."""
    first = placed[0]
    pieces = [first.height - (first.bottom - first.top) + first.rows[0][1] - first.top]
    lead = 0.0
    for f in placed:
        if f is not first:
            lead = lead or f.rows[0][0] - f.top
            pieces.append(f.rows[0][1] - f.rows[0][0])
        pieces += [b - a for (_, a), (_, b) in zip(f.rows, f.rows[1:], strict=False)]
    return pieces, lead
