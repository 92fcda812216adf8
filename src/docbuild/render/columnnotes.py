"""Columns with blocks across them: WeasyPrint 70 lays the columns and blocks after the first
group of columns out as if the footnotes that group set were not there, and leaves a group of
columns empty when one of its columns but the first cannot start.

In columns, WeasyPrint leaves the page's bottom as it was when a footnote is added, and each
group of columns (the text between two blocks across the columns) takes the footnotes it sets
into its own height; the page's bottom is moved for them only once the whole box is laid out.
So the group after a block across the columns, and that block, reach down over the notes of the
groups above them: the box then overflows the page, and the page is left empty but for what
comes before the box (ieee's affiliation notes are in its columns: a paper's first page was
its title alone, its text and notes printed over each other on the next). Here each column of a
later group, and each block across the columns, is laid out with the notes set so far in the
same box taken off its room, as the page's bottom would have been moved outside columns.

A group's columns are laid out last one by one (column.py, after finding their height), each
with the page not empty; when one after the first has no room for the block it starts with (a
figure taller than what is left), WeasyPrint drops the columns already set and moves the whole
group to the next page: under a block across the columns, the page's columns were left empty
(ieee joss-spectromap's p1 under its equation set across, a third of the page). Here that column
is set empty instead, the group going on where it stopped on the next page, as the columns
before it end (docs/architecture.md, "Columns under a block across them", has the page that
shows it with WeasyPrint alone).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# (module, name): wrapped once per process; columns_layout calls the two others by block.py's
# names, and block.py calls columns_layout by its own.
HOOKS = (
    ("weasyprint.layout.block", "columns_layout"),
    ("weasyprint.layout.block", "block_box_layout"),
    ("weasyprint.layout.block", "block_level_layout"),
)


@dataclass(slots=True)
class _Frame:
    """One multi-column box being laid out."""

    notes: float  # the footnote area's height when its layout started
    children: frozenset[int]  # its children's elements (id), the blocks that may span
    groups: dict[float, float] = field(default_factory=dict)  # group top -> notes' height then
    # group top -> the left edge of its first column in the group's last layout (column.py's
    # last loop, the one call that passes no adjoining margins)
    firsts: dict[float, float] = field(default_factory=dict)


def install() -> None:
    """Wrap WeasyPrint's functions (once; a WeasyPrint not shaped as 70 is left alone)."""
    try:
        block = importlib.import_module("weasyprint.layout.block")
        originals = {name: getattr(block, name) for _, name in HOOKS}
    except (ImportError, AttributeError):
        return
    if getattr(originals["columns_layout"], "_docbuild", False):
        return
    stack: list[_Frame] = []
    block.columns_layout = _columns(originals["columns_layout"], stack)
    block.block_box_layout = _column(originals["block_box_layout"], stack)
    block.block_level_layout = _spanning(originals["block_level_layout"], stack)


def _notes(context: Any) -> float:
    area = context.current_footnote_area
    return 0.0 if area.height == "auto" else float(area.margin_height())


def _columns(original: Callable[..., Any], stack: list[_Frame]) -> Callable[..., Any]:
    def columns_layout(context: Any, box: Any, *args: Any, **kwargs: Any) -> Any:
        children = frozenset(id(child.element) for child in box.children)
        stack.append(_Frame(_notes(context), children))
        try:
            return original(context, box, *args, **kwargs)
        finally:
            stack.pop()

    columns_layout._docbuild = True  # type: ignore[attr-defined]
    return columns_layout


def _column(original: Callable[..., Any], stack: list[_Frame]) -> Callable[..., Any]:
    def block_box_layout(
        context: Any, box: Any, bottom_space: float, skip_stack: Any, *a: Any, **k: Any
    ) -> Any:
        if not stack or not getattr(box, "is_column", False):
            return original(context, box, bottom_space, skip_stack, *a, **k)
        frame = stack[-1]
        # The notes of the groups above this one: its own, WeasyPrint takes into account.
        above = frame.groups.setdefault(box.position_y, _notes(context)) - frame.notes
        result = original(context, box, bottom_space + above, skip_stack, *a, **k)
        if not _last_layout(a, k):
            return result
        first = frame.firsts.setdefault(box.position_y, box.position_x)
        if result[0] is None and box.position_x != first:
            return _empty_column(box, skip_stack)
        return result

    return block_box_layout


def _last_layout(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether a column's layout is column.py's last for its group: it alone passes None for
    the adjoining margins (after containing_block, page_is_empty and the two lists)."""
    margins = args[4] if len(args) > 4 else kwargs.get("adjoining_margins", [])
    return margins is None


def _empty_column(box: Any, skip_stack: Any) -> tuple[Any, ...]:
    """block_box_layout's answer for a column set empty: the group goes on at `skip_stack`,
    where the column before it stopped. column.py carries that on to the next page when its
    trials found the content overflowing (they laid the same columns out with the same room),
    the one way a column's last layout gets nothing."""
    column = box.copy()
    column.children = []
    column.height = 0
    return column, skip_stack, {"break": "any", "page": None}, [], False, None


def _spanning(original: Callable[..., Any], stack: list[_Frame]) -> Callable[..., Any]:
    def block_level_layout(context: Any, box: Any, bottom_space: float, *a: Any, **k: Any) -> Any:
        if (
            stack
            and box.style["column_span"] == "all"
            and id(getattr(box, "element", None)) in stack[-1].children
        ):
            bottom_space += _notes(context) - stack[-1].notes
        return original(context, box, bottom_space, *a, **k)

    return block_level_layout
