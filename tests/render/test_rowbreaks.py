"""The row of a table let break that may break (render/rowbreaks.py): found by its count in
the layout's pieces of the table, classed in the page by its place among the body rows (the
float pass's use, with the real WeasyPrint, is in test_floats.py)."""

from __future__ import annotations

from docbuild.render.printhtml import index_units, mark_for_print
from docbuild.render.rowbreaks import BREAK, let_rows_break

HEAD = "<thead><tr><th>Pattern</th><th>Example</th></tr></thead>"
ROWS = "".join(f"<tr><td>row {i}</td><td>x</td></tr>" for i in range(3))
TABLE = f'<div id="tbl:a" class="table"><table>{HEAD}<tbody>{ROWS}</tbody></table></div>'


def test_the_row_is_counted_among_the_body_rows_not_the_head() -> None:
    page = mark_for_print(f"<html><body><main>\n<p>text</p>\n{TABLE}\n</main></body></html>")
    (table,) = [u for u in index_units(page) if u.kind == "float"]
    out = let_rows_break(page, {table.number: 1})
    assert out.count(f'<tr class="{BREAK}">') == 1
    assert out.index("row 0") < out.index(f'<tr class="{BREAK}">') < out.index("row 1")


def test_a_row_past_the_tables_last_leaves_the_page_as_it_was() -> None:
    page = mark_for_print(f"<html><body><main>\n{TABLE}\n</main></body></html>")
    (table,) = [u for u in index_units(page) if u.kind == "float"]
    assert let_rows_break(page, {table.number: 3}) == page
    assert let_rows_break(page, {}) == page
