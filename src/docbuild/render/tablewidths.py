"""A table's cells measured once per render, not in each of its layouts.

WeasyPrint 70's automatic table layout starts from the min- and max-content widths of every
cell (`table_and_columns_preferred_widths`, layout/preferred.py). It keeps them per table box
for one layout (`context.tables`), but the PDF step lays the page out several times (the
probe of render/widen.py, then the float pass, render/floats.py), each building its boxes
again: manubot-governance's 5 tables took 9.5 of its preprint PDF step's 25 CPU s to measure,
5.2 in the probe and 3.9 in the float pass's first layout (bench/RESULTS.md, s18tcache).

Within `measure_tables_once()` (one render: the same stylesheets, fonts and base URL) the
widths are kept under what they are computed from, read off the table's boxes before the
measure: each box's class, text, the cell's place and span, the collapsed border widths, the
image's intrinsic size, and its style. A style is its cascaded declarations over its parent's
computed style (as render/relayout.py compares them), so each style is kept as its class,
pseudo-element, cascaded declarations and its parent's, up to the root; for the boxes of the
table, also every value already set in it (what WeasyPrint or docbuild wrote into it when
building the boxes). Of an ancestor's declarations (the table's container, the body), only
those its descendants read count: the inherited properties (whose computed values read only
inherited ones, font size and colour scheme) and custom ones, 'page', the text decorations,
and any property a style of the chain sets to 'inherit' (WeasyPrint's own `td { border-color:
inherit }`), by its physical and logical names; a var() anywhere in the chain makes every
declaration count. So the probe's page, whose columns are set otherwise, measures the same
tables as the float pass's. Two tables with equal keys are measured alike, so a table whose
key was seen gets the widths computed then, with its own cells as the grid; any other is
measured. Values compare with `==`: one without equality compares unequal, and the table is
measured. DOCBUILD_TABLE_WIDTHS=0 turns it off.

render/pdf.py keeps them from the probe (render/widen.py's layout, before the float pass)
through the float pass, whose hooks leave the measure as it is: render/linebreaks.py's memory
gives the lines WeasyPrint breaks, and render/hanging.py leaves a line alone when it is broken
at no width or `minimum` (preferred.py asks for every line with `minimum=True`, and
`trailing_whitespace_size` at no width); render/relayout.py's hooks do not measure. In the
float pass alone, the line memory already makes a layout's measures after the first cheap
(0.01-0.02 s a table in manubot-governance): the probe's measures, kept for the first layout,
are most of what this saves.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ENV = "DOCBUILD_TABLE_WIDTHS"
# (module, name): the function wrapped, by both names it is called by.
HOOKS = (
    ("weasyprint.layout.preferred", "table_and_columns_preferred_widths"),
    ("weasyprint.layout.table", "table_and_columns_preferred_widths"),
)
# The box attributes the measure reads besides its style and children (preferred.py).
_ATTRIBUTES = (
    "text",
    "justification_spacing",
    "grid_x",
    "colspan",
    "rowspan",
    "span",
    "border_left_width",
    "border_right_width",
    "is_flex_item",
)
_NONE = object()
_INHERITED: set[str] = set()  # WeasyPrint's, read once
_SIDES: dict[str, frozenset[str]] = {}  # a property -> its physical and logical names


def _inherited(name: str) -> bool:
    """Whether a descendant's style reads `name` of its ancestors' without being asked to
    (WeasyPrint 70's ComputedStyle and AnonymousStyle: the inherited properties and custom
    ones, 'page', and the text decorations they propagate)."""
    if not _INHERITED:
        from weasyprint.css.properties import INHERITED  # type: ignore[import-untyped]

        _INHERITED.update(INHERITED)
    return (
        name in _INHERITED or name[:2] == "__" or name == "page" or name[:16] == "text_decoration_"
    )


def _names(name: str) -> frozenset[str]:
    """`name` and the physical or logical names a style reads it by (either direction)."""
    if not _SIDES:
        from weasyprint.css import computed_values  # type: ignore[import-untyped]

        physical_functions = computed_values.PHYSICAL_FUNCTIONS

        for physical, logical in physical_functions.items():
            for inline in ("ltr", "rtl"):
                other = logical(block="ttb", inline=inline)
                for one, two in ((physical, other), (other, physical)):
                    _SIDES[one] = _SIDES.get(one, frozenset({one})) | {two}
    return _SIDES.get(name, frozenset({name}))


def _read_up(cascaded: dict[str, tuple[Any, Any]] | None) -> set[str] | None:
    """The properties a style reads of its parent by an explicit 'inherit' (any property,
    by each of its names); None when it has a var() (a Pending, whose value may be one)."""
    from weasyprint.css.tokens import Pending  # type: ignore[import-untyped]

    names: set[str] = set()
    for name, (value, _) in (cascaded or {}).items():
        if isinstance(value, Pending):
            return None
        if isinstance(value, str) and value == "inherit":
            names |= _names(name)
    return names


def _asked(style: Any, asked: set[str]) -> dict[str, Any]:
    """The computed values of an ancestor's properties a descendant inherits explicitly (with
    what WeasyPrint wrote into it: a collapsed table's padding, a table part's margins)."""
    from weasyprint.css.properties import INITIAL_VALUES  # type: ignore[import-untyped]

    return {name: style[name] for name in sorted(asked) if name in INITIAL_VALUES}


def _handed_down(
    cascaded: dict[str, tuple[Any, Any]] | None, asked: set[str]
) -> dict[str, Any] | None:
    """An ancestor's declarations that its descendants' styles can read: those inherited,
    and those `asked` for by an explicit 'inherit'."""
    if cascaded is None:
        return None
    return {n: value for n, value in cascaded.items() if n in asked or _inherited(n)}


Key = tuple[tuple[Any, ...], tuple[Any, ...]]


@contextmanager
def measure_tables_once(*, enabled: bool | None = None) -> Iterator[list[int]]:
    """Within the block, a table measured once is not measured again; yields the counts of
    tables measured and taken from the kept widths ([measured, kept]). A WeasyPrint not shaped
    as 70 is left alone. `enabled` defaults to the environment (ENV)."""
    counts = [0, 0]
    if enabled is None:
        enabled = os.environ.get(ENV, "").strip() != "0"
    try:
        modules = {name: importlib.import_module(name) for name, _ in HOOKS}
        originals = {(m, n): getattr(modules[m], n) for m, n in HOOKS}
    except (ImportError, AttributeError):
        enabled = False
    if not enabled or any(getattr(f, "_docbuild", False) for f in originals.values()):
        yield counts  # off, or already in (a nested render)
        return
    original = originals[HOOKS[0]]
    wrapper = _kept_widths(original, counts)
    for module, name in HOOKS:
        setattr(modules[module], name, wrapper)
    try:
        yield counts
    finally:
        for (module, name), function in originals.items():
            setattr(modules[module], name, function)


def _kept_widths(original: Callable[..., Any], counts: list[int]) -> Callable[..., Any]:
    # The key's parts, by a cheap part of it (the texts), each with the widths measured.
    kept: dict[int, list[tuple[Key, dict[bool, tuple[Any, ...]]]]] = {}

    def table_and_columns_preferred_widths(context: Any, box: Any, outer: bool = True) -> Any:
        table = box.get_wrapped_table()
        result = context.tables.get(table)
        if result:
            return result[outer]
        grid = _grid(table)
        if not grid:  # WeasyPrint empties the table's children: its own code
            return original(context, box, outer)
        key = _key(box, table)
        bucket = kept.setdefault(hash(key[0]), [])
        for old_key, widths in bucket:
            if old_key == key:
                counts[1] += 1
                zipped = list(zip(*grid, strict=True))
                context.tables[table] = result = {
                    side: (*_copied(values[:7]), zipped) for side, values in widths.items()
                }
                return result[outer]
        counts[0] += 1
        value = original(context, box, outer)
        bucket.append((key, {side: tuple(v) for side, v in context.tables[table].items()}))
        return value

    table_and_columns_preferred_widths._docbuild = True  # type: ignore[attr-defined]
    return table_and_columns_preferred_widths


def _copied(values: tuple[Any, ...]) -> tuple[Any, ...]:
    # The column lists fresh for each table, as WeasyPrint makes them.
    return tuple(list(v) if isinstance(v, list) else v for v in values)


def _grid(table: Any) -> list[list[Any]]:
    """The table's cells by row and column, as preferred.py lays them out."""
    width = height = 0
    number = 0
    for group in table.children:
        for row in group.children:
            for cell in row.children:
                width = max(cell.grid_x + cell.colspan, width)
                height = max(number + cell.rowspan, height)
            number += 1
    if width == 0 or height == 0:
        return []
    grid: list[list[Any]] = [[None] * width for _ in range(height)]
    number = 0
    for group in table.children:
        for row in group.children:
            for cell in row.children:
                grid[number][cell.grid_x] = cell
            number += 1
    return grid


def _key(wrapper: Any, table: Any) -> Key:
    """What the measure of `table` (in `wrapper`) reads: its boxes and their styles."""
    numbers: dict[int, int] = {}
    entries: list[tuple[Any, ...]] = []
    styles: list[Any] = []
    boxes: list[tuple[Any, ...]] = []
    values: list[tuple[int, dict[str, Any]]] = []
    valued: set[int] = set()

    def number(style: Any) -> int:
        found = numbers.get(id(style))
        if found is not None:
            return found
        parent = getattr(style, "parent_style", None)
        up = -1 if parent is None else number(parent)
        root = getattr(style, "root_style", None)
        # The root element's own root style is the render's initial values, the same in each.
        initial = root is None or type(root).__name__ == "InitialStyle"
        top = -1 if initial else number(root)  # an ancestor's, numbered already
        found = numbers[id(style)] = len(entries)
        styles.append(style)
        entries.append(
            (
                type(style).__name__,
                getattr(style, "pseudo_type", None),
                getattr(style, "cascaded", None),
                up,
                top,
            )
        )
        return found

    def visit(box: Any, depth: int) -> None:
        style = box.style
        own = number(style)
        if own not in valued:
            valued.add(own)
            values.append((own, dict(style)))
        attributes = tuple(getattr(box, name, _NONE) for name in _ATTRIBUTES)
        image = getattr(box, "replacement", None)
        size = None
        if image is not None:
            size = image.get_intrinsic_size(style["image_resolution"], style["font_size"])
        boxes.append((depth, type(box).__name__, attributes, size, own))
        for child in getattr(box, "children", ()):
            visit(child, depth + 1)

    visit(wrapper, 0)
    for group in table.column_groups:
        visit(group, 1)
    asked: set[str] | None = set()
    for entry in entries:
        names = _read_up(entry[2])
        asked = None if names is None or asked is None else asked | names
    if asked is not None:  # an ancestor's style as its descendants read it
        entries = [
            e if n in valued else (*e[:2], _handed_down(e[2], asked), *e[3:], _asked(s, asked))
            for n, (e, s) in enumerate(zip(entries, styles, strict=True))
        ]
    texts = tuple((b[0], b[1], b[2][0]) for b in boxes)
    return texts, (tuple(boxes), tuple(entries), tuple(values))
