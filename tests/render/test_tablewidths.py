"""Tables measured once per render (render/tablewidths.py), by the real WeasyPrint: a table
laid out again with the same cells takes the widths kept, and its columns are the ones
WeasyPrint computes itself; a table whose cell text or style changed between two layouts in
one render (the probe's and the float pass's; `docbuild preview` renders in one process, each
render with its own widths) is measured again, never given the widths of the one it replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docbuild.render.tablewidths import HOOKS, measure_tables_once

FONT = Path(__file__).resolve().parents[2] / "styles" / "gfpr" / "fonts" / "CharisSIL-Regular.ttf"
CSS = (
    f"@font-face {{ font-family: C; src: url({FONT.as_uri()}) }}"
    "@page { size: A5; margin: 15mm } body { margin: 0; font: 10pt/1.3 C }"
    " table { border-collapse: collapse } td { border: 1px solid; padding: 2px }"
    " .big { font-size: 14pt } .cols { column-fill: auto; break-inside: avoid }"
    " .inherits table { border-collapse: separate }"
    " .inherits :is(table, tbody, tr, td) { padding-left: inherit }"
    " .padded { padding-left: 30px }"
)
ROWS = (("Site", "Samples taken"), ("Upper river", "12"), ("Estuary", "7"))


def _page(
    rows: tuple[tuple[str, ...], ...], *, cls: str = "", around: str = "", table: str = ""
) -> str:
    body = "".join(
        "<tr>" + "".join(f'<td class="{cls}">{c}</td>' for c in row) + "</tr>" for row in rows
    )
    return (
        f'<html lang="en"><style>{CSS}</style><body><p>Before the table.</p>'
        f'<div class="{around}"><table>{body}</table></div></body></html>'
    )


def _boxes(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def columns(html: str) -> list[float]:
    """The first table's column widths (CSS px) in WeasyPrint's layout of `html`."""
    from weasyprint import HTML

    page = HTML(string=html, base_url=str(Path(__file__).parent)).render()
    tables = [b for b in _boxes(page.pages[0]._page_box) if type(b).__name__ == "TableBox"]
    return [float(w) for w in tables[0].column_widths]


def test_same_table_is_kept_and_laid_out_as_weasyprint_does() -> None:
    page = _page(ROWS)
    alone = columns(page)
    with measure_tables_once(enabled=True) as counts:
        first, second = columns(page), columns(page)
    assert counts == [1, 1]
    assert first == second == alone


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a cell's text grows: the column is wider
        (_page(ROWS), _page((("Site", "Samples taken"), ("Upper river basin north", "12")))),
        # the same text in a larger font (a class the stylesheet sizes)
        (_page(ROWS), _page(ROWS, cls="big")),
        # a cell's text shrinks
        (_page((("Site", "Samples taken in the dry season"),)), _page((("Site", "Samples"),))),
        # the container's font size (inherited), and a padding the cells inherit explicitly
        (_page(ROWS), _page(ROWS, around="big")),
        (_page(ROWS, around="inherits"), _page(ROWS, around="inherits padded")),
    ],
    ids=["longer-text", "larger-font", "shorter-text", "container-font", "explicit-inherit"],
)
def test_a_changed_table_is_measured_again(before: str, after: str) -> None:
    alone = columns(after)
    assert alone != columns(before)  # the case can fail: the widths differ
    with measure_tables_once(enabled=True) as counts:
        columns(before)
        changed = columns(after)
    assert counts == [2, 0]
    assert changed == alone


def test_an_ancestor_counts_by_what_its_descendants_read() -> None:
    """The container's declarations no cell reads (its columns' fill, its breaks) leave the
    widths kept (its font size, and what the cells inherit explicitly, do not: above)."""
    plain = _page(ROWS)
    with measure_tables_once(enabled=True) as counts:
        columns(plain)
        kept = columns(_page(ROWS, around="cols"))
    assert counts == [1, 1]
    assert kept == columns(_page(ROWS, around="cols"))


def test_off_leaves_weasyprint_alone() -> None:
    import importlib

    originals = [getattr(importlib.import_module(m), n) for m, n in HOOKS]
    with measure_tables_once(enabled=False) as counts:
        columns(_page(ROWS))
        assert [getattr(importlib.import_module(m), n) for m, n in HOOKS] == originals
    assert counts == [0, 0]
    with measure_tables_once(enabled=True):
        pass
    assert [getattr(importlib.import_module(m), n) for m, n in HOOKS] == originals


def test_the_float_pass_hooks_measure_as_the_probe_does() -> None:
    """render/pdf.py keeps the probe's widths (no hooks) for the float pass (its line hooks
    on): the hooks measure a table as WeasyPrint alone does, cells whose line hangs a space
    (render/hanging.py's case) included."""
    from docbuild.render.hanging import hang_trailing_spaces
    from docbuild.render.linebreaks import remember_line_breaks

    rows = (("valuation of the outcome in the first two simulations, <em>based</em>", "12"),)
    page = _page(rows)
    alone = columns(page)
    with hang_trailing_spaces(), remember_line_breaks():
        hooked = columns(page)
    with measure_tables_once(enabled=True) as counts:
        probe = columns(page)
        with hang_trailing_spaces(), remember_line_breaks():
            kept = columns(page)
    assert counts == [1, 1]
    assert alone == hooked == probe == kept
