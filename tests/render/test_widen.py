"""Tables and display math wider than a column set across the columns (render/widen.py): the
page's edits, then a whole build in gfpr read from its PDF (where the equation's glyphs and the
table's rules are printed, where the text around them is).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from docbuild.config import load_settings
from docbuild.jobs.build import run_pdf
from docbuild.render.printhtml import index_units
from docbuild.render.widen import (
    CONTINUED,
    STRIP,
    WHOLE,
    Measure,
    TableFit,
    probe_page,
    starved,
    widen,
)

# One home for a build of the fixture paper with a page added, in a test folder that is not a
# package.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))
from test_math_build import build

EM = 10.0  # px: the measure's em below
COLUMN = 200.0  # px: its column, 20 em
PAGE = 2 * COLUMN + 20  # px: its text area, two columns and a gap


def fit(width: float, columns: tuple[float, ...] = (), words: tuple[float, ...] = ()) -> TableFit:
    """A table laid out `width` wide in columns `columns`, at its narrowest `words`."""
    return TableFit(width, columns, words, sum(words))


def equation(width: float, *, number: str = "") -> str:
    img = f'<img class="docbuild-math" alt="x" src="data:," data-docbuild-size="{width} 1 0" />'
    display = f'<span class="docbuild-math-display">{img}</span>'
    if not number:
        return display
    mark = f'<span class="eq-number">({number})</span>'
    return f'<span id="eq:{number}" class="equation">{display}{mark}</span>'


def page(body: str) -> str:
    return f"<html><body><header>t</header><main>\n{body}\n</main></body></html>"


TABLE = '<div id="tbl:a" class="table"><table><tr><td>1</td></tr></table></div>'


def test_an_equation_wider_than_the_column_leaves_its_paragraph() -> None:
    before = f'<p id="p1">It reads {equation(30, number="1")} where it holds.</p>'
    out = widen(page(before), Measure(COLUMN, EM, {}, PAGE))
    blocks = [out[u.start : u.end] for u in index_units(out)]
    assert blocks == [
        '<p id="p1">It reads </p>',
        f'<div class="wide {STRIP}">{equation(30, number="1")}</div>',
        f'<p class="{CONTINUED}">where it holds.</p>',
    ]


@pytest.mark.parametrize(
    ("width", "number", "wide"),
    [
        (20.0, "", False),  # as wide as the column: it fits
        (21.0, "", False),  # shrunk by less than FIT: left to shrink
        (22.5, "", True),
        (17.0, "2", True),  # with its number's 5 em it does not fit
        (14.0, "2", False),
    ],
)
def test_an_equation_is_set_across_only_when_it_would_be_shrunk(
    width: float, number: str, wide: bool
) -> None:
    before = page(f"<p>{equation(width, number=number)}</p>")
    out = widen(before, Measure(COLUMN, EM, {}, PAGE))
    assert (STRIP in out) is wide
    if wide:  # nothing but the equation: no empty paragraph around it
        assert [u.tag for u in index_units(out)] == ["div"]
    else:
        assert out == before


def test_an_equation_inside_other_markup_stays_in_its_paragraph() -> None:
    before = page(f'<p>see <a href="#x">{equation(40)}</a> here</p>')
    assert widen(before, Measure(COLUMN, EM, {}, PAGE)) == before


def test_a_table_wider_than_the_column_becomes_a_wide_float() -> None:
    before = page(f"<p>text</p>\n{TABLE}\n{TABLE.replace('tbl:a', 'tbl:b')}")
    out = widen(before, Measure(COLUMN, EM, {0: fit(COLUMN), 1: fit(COLUMN + 40)}, PAGE))
    kinds = [u.kind for u in index_units(out)]
    assert kinds == ["text", "float", "wide"]


# pandoc's widths for a pipe table whose separator has a line over 72 characters: its dashes'.
STARVED = (
    '<div id="tbl:c" class="table"><table><caption>Fields.</caption><colgroup>'
    '<col style="width: 4%"><col style="width: 96%"></colgroup>'
    "<tr><td>Description</td><td>A long text about it</td></tr></table></div>"
)


def test_a_column_narrower_than_its_longest_word_is_starved() -> None:
    assert starved(fit(COLUMN, (8.0, 192.0), (60.0, 50.0)))
    assert not starved(fit(COLUMN, (60.0, 140.0), (60.0, 50.0)))  # a pixel's rounding
    assert not starved(fit(COLUMN, (8.0, 192.0), ()))  # no narrowest copy laid out


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ((60.0, 50.0), "float"),  # its words fit the column: it stays there
        ((60.0, 180.0), "wide"),  # they fit across the page
        ((60.0, 400.0), None),  # not even across the page: left as it was
    ],
)
def test_a_starved_table_loses_its_widths_and_keeps_its_words(
    words: tuple[float, float], kind: str | None
) -> None:
    before = page(f"<p>text</p>\n{STARVED}")
    out = widen(before, Measure(COLUMN, EM, {0: fit(COLUMN, (8.0, 192.0), words)}, PAGE))
    if kind is None:
        assert out == before
        return
    assert [u.kind for u in index_units(out)] == ["text", kind]
    assert "width: 4%" not in out and "width: 96%" not in out
    assert f'<table class="{WHOLE}"><caption>' in out


def test_a_starved_table_in_one_column_keeps_its_words_there() -> None:
    before = page(f"<p>text</p>\n{STARVED}")
    one = Measure(PAGE, EM, {0: fit(PAGE, (16.0, 404.0), (60.0, 180.0))}, PAGE)
    out = widen(before, one)
    assert WHOLE in out and "wide" not in out


def test_the_probe_holds_a_paragraph_and_the_tables_only() -> None:
    probe = probe_page(page(f"<p>long text {equation(30)}</p>\n{TABLE}\n<p>more</p>"))
    assert probe is not None
    # the table as the page sets it, and at its narrowest with its words whole
    assert [u.tag for u in index_units(probe)] == ["p", "div", "div"]
    tables = re.findall(r"<table[^>]*>", probe)
    assert tables == [
        '<table class="docbuild-keep">',
        f'<table style="width: 1px" class="docbuild-keep {WHOLE}">',
    ]
    assert "long text" not in probe and "<header>t</header>" in probe
    assert probe_page(page("<p>no math, no table</p>")) is None


# A whole paper in gfpr: an equation of about 38 em (gfpr's column is 23.7 em at 10 pt, its
# text area 49.3 em) and a table of nine columns of numbers kept whole.
TERMS = " + ".join(rf"\int_0^1 {f}(t)\,\mathrm{{d}}t" for f in "fgh")
ROW = " | ".join(f"{n},234,567.89" for n in range(1, 9))
WIDE_PAGE = (
    "# Wide things\n\nTEXT\n\nThe model sums every term at once,\n"
    r"$$\sum_{i=1}^{n} \left( a_i x_i^2 + b_i x_i + c_i \right) = " + TERMS + "$$ {#eq:wide}\n"
    "and the text goes on after it, in the same paragraph, as it does in print. TEXT\n\n"
    "| Year | " + " | ".join(str(y) for y in range(2011, 2019)) + " |\n" + "|------" * 9 + "|\n"
    f"| Exports (USD) | {ROW} |\n| Imports (USD) | {ROW} |\n\n"
    "Table: Trade by year. {#tbl:wide}\n\nTEXT\n"
)
TEXT = " ".join(["Regional corridors changed the bargaining position of small states."] * 12)


@pytest.fixture(scope="module")
def wide_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = WIDE_PAGE.replace("TEXT", TEXT)
    root = build(tmp_path_factory.mktemp("wide"), page, macros="", style="gfpr")
    assert run_pdf(load_settings(root))
    return root / "build" / "paper.pdf"


# gfpr's page in points: A4, 18 mm side margins, 7 mm between its two columns.
LEFT, RIGHT = 18 / 25.4 * 72, (210 - 18) / 25.4 * 72
TOP = 28 / 25.4 * 72  # the text area's top: the running heads' rule is above it
GUTTER = ((LEFT + RIGHT) / 2 - 3.5 / 25.4 * 72, (LEFT + RIGHT) / 2 + 3.5 / 25.4 * 72)


def _find(pdf: Path, words: str) -> tuple[pdfium.PdfPage, list[tuple[float, float, float, float]]]:
    """The page whose text has `words`, and its characters' boxes (x0, top, x1, bottom)."""
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        text = page.get_textpage()
        if words in text.get_text_range():
            height = page.get_height()
            boxes = []
            for i in range(text.count_chars()):
                x0, b, x1, t = text.get_charbox(i)
                if x1 - x0 > 0.1:
                    boxes.append((x0, height - t, x1, height - b))
            return page, boxes
    raise AssertionError(f"no page has {words!r}")


def _columns_around(
    boxes: list[tuple[float, float, float, float]], top: float, bottom: float
) -> None:
    """Text in both columns above `top` and below `bottom`, none in the gutter's middle."""
    for side in ([b for b in boxes if b[3] < top], [b for b in boxes if b[1] > bottom]):
        assert any(b[2] < GUTTER[0] for b in side) and any(b[0] > GUTTER[1] for b in side)


def test_a_wide_equation_is_set_across_the_page(wide_pdf: Path) -> None:
    _, boxes = _find(wide_pdf, "sums every term")
    math = [
        (x0, top, x1, bottom)
        for x0, top, x1, bottom in boxes
        if x0 < GUTTER[1] and x1 > GUTTER[0] and bottom - top > 0  # glyphs over the gutter
    ]
    assert math, "nothing printed across the gutter"
    first = min(b[1] for b in math)
    math = [b for b in math if b[1] < first + 30]  # the equation's, not the table's below it
    band = (first, max(b[3] for b in math))
    row = [b for b in boxes if b[3] > band[0] and b[1] < band[1]]
    assert max(b[2] for b in row) - min(b[0] for b in row) > (RIGHT - LEFT) / 2
    _columns_around(boxes, *band)
    # its number at the right of the text area, not of a column
    assert max(b[2] for b in row) == pytest.approx(RIGHT, abs=3)


def test_a_wide_table_is_set_across_the_page(wide_pdf: Path) -> None:
    page, boxes = _find(wide_pdf, "Trade by year")
    height = page.get_height()
    rules: dict[int, list[float]] = {}  # the table's rules (drawn cell by cell), by height
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=0):
        x0, b, x1, t = obj.get_bounds()
        if t - b < 2 and height - t > TOP:
            rules.setdefault(round(height - t), []).extend((x0, x1))
    across = [y for y, xs in rules.items() if max(xs) - min(xs) > (RIGHT - LEFT) * 0.9]
    assert len(across) >= 2, f"no rules across the text area: {rules}"
    _columns_around(boxes, min(across), max(across))
