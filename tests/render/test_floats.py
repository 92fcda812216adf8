"""Floats in the PDF (render/floats.py), laid out by the real WeasyPrint.

The pages are two columns of 12 pt lines on A4 with blocks of known height, so where each
lands is known: a figure of 300 pt after 41 lines does not fit in the 236 pt left and jumps.
The layout is read in WeasyPrint's CSS pixels (4/3 of a point).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from docbuild.render import floats
from docbuild.render.floats import (
    MAX_STRETCH,
    MIN_HOLE,
    fill_columns,
    holes,
    read_layout,
    release,
    settle_floats,
)
from docbuild.render.printhtml import PRINT_CSS, index_units, mark_for_print

PX = 4 / 3  # CSS pixels in a point
MARGIN = 20 / 25.4 * 96  # 20 mm
COLUMN = 1122.52 - 2 * MARGIN  # A4's height less the margins
COLUMNS = (MARGIN, MARGIN + (793.7 - 2 * MARGIN + 10 / 25.4 * 96) / 2)  # their left edges
LINE = 12 * PX

STYLE = (
    "@page { size: A4; margin: 20mm } body { margin: 0 }"
    "main { column-count: 2; column-gap: 10mm }"
    "p, h1 { margin: 0; font: 10pt/12pt serif } h1 { break-after: avoid }"
    "figure { margin: 0; break-inside: avoid } td { font: 10pt/12pt serif; padding: 0 }"
    "table { border-collapse: collapse }" + PRINT_CSS
)


def text(lines: int, word: str = "text") -> str:
    return "<p>" + "<br>".join(f"{word} {i}" for i in range(lines)) + "</p>\n"


def figure(name: str, height: int, cls: str = "") -> str:
    img = f'<div style="height: {height}pt; background: #ccc"></div>'
    return f'<figure id="{name}"{cls}>{img}<figcaption>{name}</figcaption></figure>\n'


def page(*blocks: str) -> str:
    body = "".join(blocks)
    return f"<html><head><style>{STYLE}</style></head><body><main>\n{body}</main></body></html>"


def render(html: str) -> Any:
    from weasyprint import HTML

    return HTML(string=html).render()


def placed(document: Any, html: str) -> dict[str, list[tuple[int, float, float, float]]]:
    """Each block's fragments, by its first words or id: (page, column, top, bottom)."""
    layout = read_layout(document)
    out = {}
    for unit in index_units(html):
        block = html[unit.start : unit.end]
        name = block.split('id="')[1].split('"')[0] if 'id="' in block else block.split(">")[1][:4]
        out[name] = [(f.page, f.column, f.top, f.bottom) for f in layout.fragments[unit.number]]
    return out


def test_a_figure_that_jumped_moves_and_the_text_fills_its_place() -> None:
    html = mark_for_print(
        page(text(41), figure("fig:a", 300), text(10, "after"), text(10, "more"), text(60, "rest"))
    )
    first = render(html)
    assert [hole for _, hole in holes(index_units(html), read_layout(first))] == [
        pytest.approx(COLUMN - 41 * LINE, abs=LINE)
    ]
    moved: list[str] = []
    document = settle_floats(html, lambda p: moved.append(p) or render(p))
    final = moved[-1]
    assert final.index("more 0") < final.index('id="fig:a"') < final.index("rest 0")
    where = placed(document, final)
    assert where["afte"][0][:2] == (0, pytest.approx(COLUMNS[0], abs=1))  # after the text
    assert where["fig:a"][0][:2] == (0, pytest.approx(COLUMNS[1], abs=1))
    column_one_end = max(b for p, c, _, b in where["more"] if p == 0 and c < COLUMNS[1] - 1)
    assert column_one_end > MARGIN + COLUMN * (1 - MIN_HOLE)
    assert list(holes(index_units(final), read_layout(document))) == []


def test_floats_keep_their_order_and_a_heading_its_text() -> None:
    html = mark_for_print(
        page(
            text(41),
            figure("fig:a", 300),
            figure("fig:b", 100),
            '<h1 id="sec:b">B</h1>\n',
            text(30, "after"),
            text(80),
        )
    )
    pages: list[str] = []
    settle_floats(html, lambda p: pages.append(p) or render(p))
    final = pages[-1]
    assert final.index('id="sec:b"') < final.index("after 0") < final.index('id="fig:a"')
    assert final.index('id="fig:a"') < final.index('id="fig:b"')


def references(count: int) -> str:
    entries = "".join(
        f'<div id="ref-{i}" class="csl-entry" role="listitem">entry {i}</div>\n'
        for i in range(count)
    )
    return f'<div id="refs" class="references csl-bib-body" role="list">\n{entries}</div>\n'


def test_a_float_with_only_references_after_it_goes_between_their_entries() -> None:
    """The reference list is split after the entries that fill the hole; each part is a
    whole list (the figure is no item of it), and only the first keeps the id."""
    html = mark_for_print(
        page(text(41), figure("fig:a", 300), '<h1 id="refs-head">R</h1>\n', references(80))
    )
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    final = pages[-1]
    figure_at = final.rindex("<figure", 0, final.index('id="fig:a"'))
    assert final.index("entry 0<") < figure_at < final.index("entry 79<")
    head, tail = final[:figure_at], final[figure_at:]
    assert head.rstrip().endswith("</div>")
    assert tail.count('class="references csl-bib-body" role="list"') == 1
    assert 'id="refs"' in head and 'id="refs"' not in tail
    assert head.count("<div") == head.count("</div>")  # the first part is closed
    where = placed(document, final)
    assert where["fig:a"][0][:2] == (0, pytest.approx(COLUMNS[1], abs=1))
    assert list(holes(index_units(final), read_layout(document))) == []


def test_a_column_that_ends_in_a_hole_is_set_flush_at_its_foot() -> None:
    """Five paragraphs of 10 lines, then one of 15 kept whole: it leaves 10.7 lines free at
    the foot of column one, shared between the five up to MAX_STRETCH / 2 apiece."""
    kept = "<p style='break-inside: avoid'>" + "<br>".join(["kept"] * 15) + "</p>\n"
    blocks = [text(10, f"p{i}") for i in range(5)]
    html = mark_for_print(page(*blocks, kept, text(200, "rest")))
    before = placed(render(html), html)
    document = settle_floats(html, render)
    after = placed(document, html)
    assert after["p0 0"] == before["p0 0"]  # the column's first block stays
    shifts = [after[f"p{i} 0"][0][2] - before[f"p{i} 0"][0][2] for i in range(5)]
    step = MAX_STRETCH / 2 * COLUMN  # between paragraphs: half of what a heading gets
    assert shifts == [pytest.approx(n * step, abs=0.5) for n in range(5)]
    foot = MARGIN + COLUMN - after["p4 0"][0][3]
    assert foot == pytest.approx(COLUMN - 50 * LINE - 4 * step, abs=1)  # the rest stays
    assert after["kept"] == before["kept"]  # the next column as it was


def test_a_column_with_blocks_enough_is_filled_to_its_foot() -> None:
    """Eleven paragraphs of 5 lines and one of 10 kept whole: 5.7 lines free, shared by ten."""
    kept = "<p style='break-inside: avoid'>" + "<br>".join(["kept"] * 10) + "</p>\n"
    html = mark_for_print(page(*[text(5, f"q{i:02}") for i in range(11)], kept, text(200)))
    document = settle_floats(html, render)
    after = placed(document, html)
    assert MARGIN + COLUMN - after["q10 "][0][3] < 1


def test_a_note_at_the_foot_is_no_block_of_a_column() -> None:
    """A note (an affiliation, a footnote) set at the page's foot takes no room in a column:
    the column above it is filled as any other."""
    note = '<p style="float: footnote">a note</p>\n'
    kept = "<p style='break-inside: avoid'>" + "<br>".join(["kept"] * 15) + "</p>\n"
    html = mark_for_print(page(note, *[text(10, f"p{i}") for i in range(5)], kept, text(200)))
    document = render(html)
    assert 0 not in read_layout(document).fragments  # neither its call nor itself
    assert fill_columns(document) == 1


def test_a_column_before_a_forced_break_keeps_its_hole() -> None:
    forced = "<p style='break-before: column'>forced</p>\n"
    html = mark_for_print(page(*[text(10, f"p{i}") for i in range(3)], forced, text(200)))
    before = placed(render(html), html)
    assert fill_columns(render(html)) == 0
    assert placed(settle_floats(html, render), html) == before


def test_nothing_moves_when_nothing_jumped() -> None:
    html = mark_for_print(page(text(20), figure("fig:a", 100), text(20)))
    pages: list[str] = []
    settle_floats(html, lambda p: pages.append(p) or render(p))
    assert pages == [html]


def test_a_wide_figure_spans_both_columns() -> None:
    html = mark_for_print(page(text(20), figure("fig:w", 100, ' class="wide"'), text(20)))
    where = placed(render(html), html)
    ((_, column, top, bottom),) = where["fig:w"]
    assert column == -1.0  # not inside a column
    assert bottom - top == pytest.approx((100 + 12) * PX, abs=3)  # 100 pt and a caption line
    # the text before it is balanced above it, in both columns
    assert [round(c) for _, c, _, _ in where["text"][:2]] == [round(c) for c in COLUMNS]


def test_the_same_page_gives_the_same_pdf() -> None:
    html = mark_for_print(page(text(41), figure("fig:a", 300), text(10), text(80)))
    digests = {
        hashlib.sha256(settle_floats(html, render).write_pdf(pdf_identifier=b"x")).hexdigest()
        for _ in range(2)
    }
    assert len(digests) == 1


def test_a_table_row_is_never_alone_at_a_column_top() -> None:
    """60 lines of text leave one line free: the 12-row table would put one row there."""
    rows = "".join(f'<tr id="r{i}"><td>{i}</td><td>row {i}</td></tr>' for i in range(12))
    table = f'<table id="tbl:t"><tbody>{rows}</tbody></table>\n'
    html = mark_for_print(page(text(59), table, text(60)))
    from weasyprint import HTML

    columns: dict[tuple[int, float], int] = {}
    for _, number, column, _ in table_parts(HTML(string=html).render()):
        columns[(number, column)] = columns.get((number, column), 0) + 1
    assert sum(columns.values()) == 12
    assert min(columns.values()) >= 2, columns


def test_a_number_in_a_narrow_cell_never_splits() -> None:
    """Cells that may break anywhere (the shipped styles' choice, so wide tables fit) squeeze
    a column to one character; a number's cell keeps its width."""
    row = "".join(f"<td>{n}</td><td>words{'x' * 30}</td>" for n in ("517", "12.5%", "1 234"))
    table = f'<table id="tbl:n"><tbody><tr>{row}</tr></tbody></table>\n'
    html = mark_for_print(page(table).replace("</style>", "td { overflow-wrap: anywhere }</style>"))
    texts: list[str] = []

    def walk(box: Any) -> None:
        for child in getattr(box, "children", ()):
            if type(child).__name__ == "TextBox":
                texts.append(child.text)
            walk(child)

    walk(render(html).pages[0]._page_box)
    assert {"517", "12.5%", "1 234"} <= set(texts)
    unmarked = render(page(table).replace("</style>", "td { overflow-wrap: anywhere }</style>"))
    texts.clear()
    walk(unmarked.pages[0]._page_box)
    assert texts[:3] == ["5", "1", "7"]  # without the mark the number is split, as in the issue


def test_a_short_table_taller_than_a_column_starts_under_its_caption() -> None:
    """Three rows of 25 lines are kept whole by their count but are taller than a column:
    kept, the table jumped with its caption and left a hole, then broke anyway (before the
    caption was kept with it, the caption stayed alone at the foot of the text: issue 16,
    manubot-governance's Table 4). The text after it fills the hole and the table breaks,
    its first row under its caption."""
    rows = "".join(f"<tr><td>{text(25, f'row{i}')}</td></tr>" for i in range(3))
    table = f'<table id="tbl:t"><caption>Table 1</caption><tbody>{rows}</tbody></table>\n'
    html = mark_for_print(page(text(20), table, text(60)))
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    where: dict[str, tuple[int, float]] = {}
    for kind, number, column, _ in table_parts(document):
        where.setdefault(kind, (number, column))
    assert where["TableRowBox"] == where["TableCaptionBox"]
    assert "docbuild-keep" not in pages[-1][pages[-1].index("<main>") :]
    assert len({(p, c) for p, c, *_ in placed(document, pages[-1])["tbl:t"]}) > 1
    assert list(holes(index_units(pages[-1]), read_layout(document))) == []


@pytest.mark.parametrize("lines", [54, 58])
def test_a_short_tables_caption_is_never_alone_at_a_column_foot(lines: int) -> None:
    """After 58 lines the caption fits at the column's foot and no row under it; after 54,
    four of five rows. Kept, the table jumped and left its caption there; the pass then let
    it break (it lay in two columns), and the caption stayed alone above the rows in the next
    column (the book's Table 1, page 6, in preprint, whose CSS did not keep the caption with
    the table) or with four rows and one row alone at the next column's top. The caption is
    kept with its table, so a short table goes whole to the next column."""
    rows = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(5))
    table = f'<table id="tbl:t"><caption>Table 1</caption><tbody>{rows}</tbody></table>\n'
    html = mark_for_print(page(text(lines), table, text(60)))
    parts = table_parts(settle_floats(html, render))
    assert [kind for kind, *_ in parts] == ["TableCaptionBox"] + ["TableRowBox"] * 5
    assert len({(number, column) for _, number, column, _ in parts}) == 1, parts


@pytest.mark.parametrize("lines", [57, 58, 59])
def test_a_caption_with_its_label_on_a_line_of_its_own_is_never_split(lines: int) -> None:
    """ieee sets a table's label (`TABLE III`) as a block of its own above the caption's
    title: after 57-59 lines the label fitted at the column's foot and the title went with
    the rows to the next column (manubot-governance in ieee, pages 7 and 8)."""
    rows = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(5))
    caption = '<caption><span class="caption-label">TABLE I</span> Data mechanisms</caption>'
    table = f'<table id="tbl:t">{caption}<tbody>{rows}</tbody></table>\n'
    label_block = "caption .caption-label { display: block }</style>"
    html = mark_for_print(page(text(lines), table, text(60)).replace("</style>", label_block))
    parts = table_parts(settle_floats(html, render))
    captions = {(number, column) for kind, number, column, _ in parts if kind == "TableCaptionBox"}
    assert len(captions) == 1, parts
    assert len({(number, column) for _, number, column, _ in parts}) == 1, parts


def table_parts(document: Any) -> list[tuple[str, int, float, float]]:
    """Each table caption's and row's box type, page, column (-1 outside the columns) and
    bottom."""
    out = []

    def walk(box: Any, number: int, column: float) -> None:
        for child in getattr(box, "children", ()):
            if child.element_tag == "main" and getattr(box, "element_tag", "") == "main":
                walk(child, number, float(child.position_x))
            elif type(child).__name__ in ("TableCaptionBox", "TableRowBox"):
                bottom = child.border_box_y() + child.border_height()
                out.append((type(child).__name__, number, column, bottom))
            else:
                walk(child, number, column)

    for number, p in enumerate(document.pages):
        walk(p._page_box, number, -1.0)
    return out


def test_a_released_table_keeps_its_other_classes_and_its_kept_rows() -> None:
    """Only the table's keep goes: `wide` stays, and a long table's kept first rows too."""
    html = (
        '<main><table data-docbuild-unit="0" class="wide docbuild-keep" id="tbl:a">'
        '<tbody class="docbuild-keep"><tr><td>1</td></tr></tbody></table>\n'
        '<table data-docbuild-unit="1" class="docbuild-keep" id="tbl:b"><tr><td>2</td></tr>'
        "</table>\n</main>"
    )
    out = release(html, index_units(html))
    assert '<table data-docbuild-unit="0" class="wide" id="tbl:a">' in out
    assert '<tbody class="docbuild-keep">' in out
    assert '<table data-docbuild-unit="1" id="tbl:b">' in out


def test_a_table_let_break_shares_its_layout_with_the_moves() -> None:
    """A figure jumps over a hole and a kept table taller than a column leaves its caption
    alone, in the same first layout: the move and the table's release make one layout, which
    counts against MAX_LAYOUTS as any other (before, each release was an uncounted layout, so
    that a pass could run tables + MAX_LAYOUTS layouts)."""
    rows = "".join(f"<tr><td>{text(25, f'row{i}')}</td></tr>" for i in range(3))
    table = f'<table id="tbl:t"><caption>Table 1</caption><tbody>{rows}</tbody></table>\n'
    html = mark_for_print(
        page(
            text(41),
            figure("fig:a", 300),
            text(10, "after"),
            text(10, "more"),
            text(20, "mid"),
            table,
            text(60, "rest"),
        )
    )
    pages: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(floats, "MAX_LAYOUTS", 2)
        document = settle_floats(html, lambda p: pages.append(p) or render(p))
    assert len(pages) == 2  # the first layout, then the moves and the release together
    final = pages[-1]
    assert final.index("more 0") < final.index('id="fig:a"') < final.index("mid 0")
    assert "docbuild-keep" not in final[final.index("<table") : final.index('id="tbl:t"')]
    where = placed(document, final)
    assert where["fig:a"][0][:2] == (0, pytest.approx(COLUMNS[1], abs=1))
    assert list(holes(index_units(final), read_layout(document))) == []
    assert len({(p, c) for p, c, *_ in where["tbl:t"]}) > 1  # it breaks, under its caption


def test_a_long_document_with_one_float_to_move_still_moves_it() -> None:
    """On small pages of 19 lines, one figure jumps over a hole of three lines in a document
    of 60 pages: it is moved all the same (a second layout). A stop for the few floats of a
    long document was tried and left the book a column with 13% of it empty."""
    style = (
        "@page { size: 60mm 80mm; margin: 5mm } body { margin: 0 }"
        "p { margin: 0; font: 8pt/10pt serif } figure { margin: 0; break-inside: avoid }"
        + PRINT_CSS
    )
    before = text(16)  # three lines left on the first page: the 70 pt figure jumps
    after = "".join(text(3, f"p{i}") for i in range(60 * 19 // 3))
    body = f"<body><main>\n{before}{figure('fig:a', 60)}{after}</main></body>"
    html = mark_for_print(f"<html><head><style>{style}</style></head>{body}</html>")
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    assert len(document.pages) > 50 and len(pages) == 2
    assert pages[-1].index("p0 0") < pages[-1].index('id="fig:a"')  # moved on


def test_a_move_planned_below_another_lands_where_the_first_leaves_it() -> None:
    """Figure A jumps over a hole of about 19 lines; figure B, 24 lines of text further on,
    fits in the first layout. Moving A brings everything after it up by its hole, so B would
    then jump over a hole of 9 lines: planned on the first layout as it stands, B's move
    waited for a third layout (a move further down planned on where the moves above it
    leave its float, as the book's long flow needs). Both moves are made in the second."""
    html = mark_for_print(
        page(
            text(41),
            figure("fig:a", 300),
            text(10, "after"),
            text(10, "more"),
            text(24, "mid"),
            figure("fig:b", 200),
            text(100, "rest"),
        )
    )
    first = render(html)
    assert [u.number for u, _ in holes(index_units(html), read_layout(first))] == [1]
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    assert len(pages) == 2
    final = pages[-1]
    assert final.index('id="fig:a"') < final.index("mid 0") < final.index('id="fig:b"')
    assert list(holes(index_units(final), read_layout(document))) == []


def test_a_forced_break_takes_up_what_a_move_above_it_brings_up() -> None:
    """Figure A's move brings the text after it up by its hole, but not past the forced page
    break: figure B on the next page still jumps over its own hole and is moved in the same
    layout (planned as if A's hole came up to it, B would seem to fit and wait a layout)."""
    forced = "<p style='break-before: page'>forced</p>\n"
    html = mark_for_print(
        page(
            text(41),
            figure("fig:a", 300),
            text(30, "after"),
            forced,
            text(41, "next"),
            figure("fig:b", 300),
            text(30, "then"),
            text(60, "rest"),
        )
    )
    layout = read_layout(render(html))
    assert layout.forced == {3}
    assert [u.number for u, _ in holes(index_units(html), layout)] == [1, 5]
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    assert len(pages) == 2
    assert list(holes(index_units(pages[-1]), read_layout(document))) == []


def test_a_block_laid_out_as_nothing_may_end_a_moves_fill() -> None:
    """The last block that figure A can go after (figure B follows it) has no box
    (display: none, as a style may hide one): the strip gives it the place where the block
    before it ends, so the moves after A's are planned (before, a KeyError)."""
    hidden = '<p style="display: none">hidden</p>\n'
    html = mark_for_print(
        page(text(41), figure("fig:a", 300), text(10, "after"), hidden, figure("fig:b", 100))
    )
    pages: list[str] = []
    settle_floats(html, lambda p: pages.append(p) or render(p))
    final = pages[-1]
    assert final.index("after 0") < final.index("hidden") < final.index('id="fig:a"')
    assert final.index('id="fig:a"') < final.index('id="fig:b"')


def test_a_float_never_goes_after_the_last_block_laid_out() -> None:
    """The hidden notes at the end (pandoc's `section.footnotes`, `display: none` in gfpr and
    ieee) end no fill: figure A went after them, into their section, and out of the PDF (the
    handbook's two tables in gfpr, tests/styles/test_table_fit.py)."""
    notes = '<section class="footnotes" style="display: none"><p>note</p></section>\n'
    # A jumps to page 2 over a hole taller than the 10 lines after it.
    html = mark_for_print(page(text(101), figure("fig:a", 300), text(10, "after"), notes))
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    final = pages[-1]
    assert len(pages) > 1  # it was moved
    assert final.index("after 8") < final.index('id="fig:a"') < final.index('class="footnotes"')
    figure_a = next(u for u in index_units(final) if 'id="fig:a"' in final[u.start : u.end])
    assert read_layout(document).fragments.get(figure_a.number)  # printed


def test_a_moves_fill_does_not_push_its_float_over_the_next_foot() -> None:
    """Figure A (50 lines) jumps over a hole of 19 lines; after it come 17 lines, then 30.
    Filling the hole with both reaches 28 lines into the next column, where the figure then
    no longer fits: it jumped again, to the next page, and the text after it was moved
    before it as well (3 layouts, the figure a page after its text). The 17 lines alone
    leave two lines at the foot, under MIN_HOLE: the figure stays in the first page's second
    column, in 2 layouts."""
    html = mark_for_print(
        page(text(41), figure("fig:a", 600), text(17, "a"), text(30, "b"), text(100, "rest"))
    )
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    assert len(pages) == 2
    final = pages[-1]
    assert final.index("a 0") < final.index('id="fig:a"') < final.index("b 0")
    assert placed(document, final)["fig:a"][0][:2] == (0, pytest.approx(COLUMNS[1], abs=1))
    assert list(holes(index_units(final), read_layout(document))) == []


def test_a_table_let_break_starts_where_its_rows_fill_the_column() -> None:
    """Four rows of 25 lines, each kept whole (`tr { break-inside: avoid }`, as gfpr and ieee
    do): taller than a column, the table is let break and starts at the second column's
    top; two rows fit there and the third leaves the column's foot empty (14% of it: the
    manubot-governance hole in gfpr, Table 5, page 14). The table goes after as many more
    paragraphs as bring that break down to the foot."""
    rows = "".join(f"<tr><td>{text(25, f'row{i}')}</td></tr>" for i in range(4))
    table = f'<table id="tbl:t"><caption>Table 1</caption><tbody>{rows}</tbody></table>\n'
    body = [text(20), table] + [text(4, f"p{i}") for i in range(30)]
    html = mark_for_print(page(*body).replace("</style>", "tr { break-inside: avoid }</style>"))
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    layout = read_layout(document)
    first = table_parts(document)[0][1:3]
    bottoms = [b for _, number, column, b in table_parts(document) if (number, column) == first]
    assert layout.floor[first[0]] - max(bottoms) <= MIN_HOLE * layout.body
    assert pages[-1].index("p0 0") < pages[-1].index('id="tbl:t"') < pages[-1].index("p29 0")


def test_a_wide_figure_under_the_balanced_columns_has_not_jumped() -> None:
    """A figure across the columns set under the text before it, balanced above it, on the
    same page: placed, not a float that jumped over the hole under the first column."""
    html = mark_for_print(page(text(20), figure("fig:w", 100, ' class="wide"'), text(20)))
    assert list(holes(index_units(html), read_layout(render(html)))) == []


def test_a_wide_figure_that_jumped_a_page_is_filled_in_both_columns() -> None:
    """Its hole is at the foot of both columns (balanced above it): the text after it that
    fills the hole is two holes' worth, in one move, not half of it a layout."""
    paragraphs = [text(6, f"p{i}") for i in range(40)]
    html = mark_for_print(page(text(60), figure("fig:w", 500, ' class="wide"'), *paragraphs))
    first = read_layout(render(html))
    ((_, hole),) = holes(index_units(html), first)
    assert hole == pytest.approx(COLUMN - 30 * LINE, abs=2 * LINE)  # 60 lines balanced: 30
    made: list[str] = []
    document = settle_floats(html, lambda p: made.append(p) or render(p))
    assert len(made) == 2  # the first layout and the one with the move
    where = placed(document, made[-1])
    assert where["fig:w"][0][0] == 1  # at the top of the next page
    ends = [b for name, fs in where.items() for p, c, _, b in fs if p == 0 and c >= 0]
    assert max(ends) > MARGIN + COLUMN * (1 - MIN_HOLE)
    assert list(holes(index_units(made[-1]), read_layout(document))) == []


def test_a_figure_that_jumped_a_page_from_under_a_block_across_fills_the_column_it_left() -> None:
    """Under a block across the columns, a figure that cannot start the second column jumps to
    the next page from the first: the hole is that column, under the block (columnnotes.py sets
    it empty rather than let WeasyPrint drop the first column too), and the text after the
    figure fills it."""
    from docbuild.render.columnnotes import install

    install()
    across = '<div class="wide" style="height: 200pt; margin: 0"></div>\n'
    paragraphs = [text(6, f"p{i}") for i in range(30)]
    html = mark_for_print(page(text(10), across, text(36), figure("fig:t", 470), *paragraphs))
    laid_out = render(html)
    assert placed(laid_out, html)["fig:t"][0][0] == 1  # it jumped a page
    room = MARGIN + COLUMN - (MARGIN + 5 * LINE + 200 * PX)  # each column under the block
    ((_, hole),) = holes(index_units(html), read_layout(laid_out))
    assert hole == pytest.approx(2 * room - 36 * LINE, abs=LINE)  # the first's foot, the second
    made: list[str] = []
    document = settle_floats(html, lambda p: made.append(p) or render(p))
    where = placed(document, made[-1]).values()
    ends = [b for fs in where for p, c, _, b in fs if p == 0 and c == pytest.approx(COLUMNS[1])]
    assert max(ends, default=0.0) > MARGIN + COLUMN * (1 - MIN_HOLE)


def test_a_tall_row_that_jumped_over_a_hole_breaks_at_the_column_foot() -> None:
    """Rows of 10, 30 and 25 lines, each kept whole: taller than a column, the table is let
    break after 40 lines of text; its caption and first row fit under them, its second row (half
    a column) does not and jumps, leaving 9 lines empty, and a figure after the table leaves no
    text to put before it. That row is let break (render/rowbreaks.py): the column is full."""
    rows = "".join(f"<tr><td>{text(n, f'row{i}')}</td></tr>" for i, n in enumerate((10, 30, 25)))
    table = f'<table id="tbl:t"><caption>Table 1</caption><tbody>{rows}</tbody></table>\n'
    body = [text(40), table, figure("fig:b", 100), text(60, "rest")]
    html = mark_for_print(page(*body).replace("</style>", "tr { break-inside: avoid }</style>"))
    pages: list[str] = []
    document = settle_floats(html, lambda p: pages.append(p) or render(p))
    final = pages[-1]
    mark = '<tr class="docbuild-break">'
    assert final.count(mark) == 1
    assert final.index("row0 0") < final.index(mark) < final.index("row1 0")
    layout = read_layout(document)
    number = next(u.number for u in index_units(final) if 'id="tbl:t"' in final[u.start : u.end])
    first = layout.fragments[number][0]
    assert layout.floor[first.page] - first.content <= MIN_HOLE * layout.body
