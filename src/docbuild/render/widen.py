"""Tables and display math wider than a column, set across the columns in the print page, as
LaTeX's `table*` and REVTeX's `widetext` set them: a probe lays out one paragraph and each
table in the body's column; what does not fit is marked `wide` before the float pass.

A table is laid out in the probe as in the page (the style's CSS, the column's width): one
whose box comes out wider than the column becomes a wide float (printhtml's `wide`, which the
float pass places). Beside it the probe lays out a copy at its narrowest with its words whole
(WHOLE, no `<col>` widths): a column of the table narrower than that copy's is starved, its
longest word broken, often a letter or two a line. pandoc gives a pipe table with a line over
72 characters the relative widths of its separator's dashes (`| --- | ----...---- |`: 2% for
a column of names), and the styles' cells break words anywhere, so such a table fits any
column by its letters. A starved table loses those widths and keeps its words whole, in one
column too; it is wide when its narrowest copy is wider than the column. One starved even
across the page is left as it was (long words broken so that it fits the page).

Display math needs no probe of its own: its image's width is in em (mathpage.to_image), the
column's width in the probe's paragraph's em. An equation that would be shrunk to fit the
column is taken out of its paragraph into a block of its own across the columns
(`column-span: all` applies to the multi-column box's children only), the paragraph going on
after it; its number stays at the right of the text area, and an equation wider even than
that is shrunk to it (the image's `max-width`), never further. Only the page given to
WeasyPrint changes, and only when something is starved or wide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint import Document  # type: ignore[import-untyped]

from docbuild.render.mathimage import SIZE
from docbuild.render.printhtml import Unit, add_class, index_units, prepare_tables

# The probe needs the column's width, not balanced columns: balancing lays the tables out
# again and again (19 s of the sample's gfpr build).
BALANCE_OFF = "<style>main { column-fill: auto !important; }</style>"
PROBE = "data-docbuild-probe"  # the probe's blocks: "text", a table float's index, "w" + it
# An equation shrunk to this part of its size or more still fits: a twentieth smaller is hardly
# seen, where a block across the page breaks the columns for it. (At 0.90 for a while: ieee
# joss-spectromap's one equation, 0.946 of its size in the column, left p1's columns under it
# empty, WeasyPrint dropping a group of columns whose second could not start: columnnotes.py.)
FIT = 0.95
# A starved table's class (printhtml's PRINT_CSS): its cells' words neither broken nor
# hyphenated. "Ob-li-ga-to-risch" down a column of five letters is as hard to read as a word
# broken anywhere; a table that holds its longest words is as narrow as a journal sets one.
WHOLE = "docbuild-whole"
NUMBER_ROOM = 5.0  # em: a numbered equation's padding for its number (pdfcss.MATH_CSS)
STRIP = "docbuild-strip"  # a display equation's block across the columns
CONTINUED = "docbuild-continued"  # the rest of its paragraph, after it


@dataclass(frozen=True, slots=True)
class TableFit:
    """A table float's table as the probe laid it out (CSS pixels)."""

    width: float  # its box, with the style's CSS and the author's widths, in the column
    columns: tuple[float, ...]  # its columns' widths in that box
    words: tuple[float, ...]  # its columns' at its narrowest, its words whole and unhyphenated
    least: float  # its box at its narrowest


@dataclass(frozen=True, slots=True)
class Measure:
    """The body's column as the probe laid it out (WeasyPrint's CSS pixels)."""

    column: float  # a column's width
    em: float  # a body paragraph's font size
    tables: dict[int, TableFit]  # each table float's table, by its index among the floats
    page: float  # the body's width (the text area): the column's in one column

    @property
    def columns(self) -> bool:
        """The body is set in columns (one narrower than the text area)."""
        return self.column < self.page - 1


def starved(fit: TableFit) -> bool:
    """A column of the table is narrower than its longest word."""
    pairs = zip(fit.columns, fit.words, strict=False)
    return len(fit.columns) == len(fit.words) and any(laid + 1 < least for laid, least in pairs)


_COL_WIDTH = re.compile(r'(<col\b[^>]*?)\s*style="width:\s*[\d.]+%;?"')


def whole_words(block: str) -> str:
    """The table float `block` with its columns let take their words' widths: pandoc's
    relative `<col>` widths dropped, the table classed WHOLE."""
    block = _COL_WIDTH.sub(r"\1", block)
    table = block.index("<table")
    return block[:table] + add_class(block[table:], WHOLE)


def probe_page(page: str) -> str | None:
    """The page with its body replaced by a paragraph and each table float, in the probe's
    marks; None when there is nothing to measure (no body, no table, no display math)."""
    units = index_units(page)
    if not units or ("<table" not in page and "docbuild-math-display" not in page):
        return None
    main = page.rfind("<main", 0, units[0].start)
    body_start = page.index(">", main) + 1
    body_end = page.index("</main>", units[-1].end)
    blocks = [f'<p {PROBE}="text">M</p>']
    for index, unit in enumerate(_table_floats(page, units)):
        block = prepare_tables(page[unit.start : unit.end])  # its cells as the page will have them
        tag_end = len(unit.tag) + 1
        blocks.append(block[:tag_end] + f' {PROBE}="{index}"' + block[tag_end:])
        # At its narrowest: a table 1px wide is as narrow as its cells' content lets it be
        # (the first of two `style` attributes wins: pandoc's own `width:100%;` is dropped).
        least = whole_words(block).replace("<table", '<table style="width: 1px"', 1)
        blocks.append(least[:tag_end] + f' {PROBE}="w{index}"' + least[tag_end:])
    probe = page[:body_start] + "\n".join(blocks) + page[body_end:]
    head = probe.find("</head>")
    return probe if head < 0 else probe[:head] + BALANCE_OFF + probe[head:]


def read_probe(document: Document) -> Measure | None:
    """The column, the paragraph's em, the tables and the text area; None when the probe has
    no body."""
    found: dict[str, Any] = {}
    for page in document.pages:
        _read_boxes(page._page_box, None, found)
    text, main = found.get("text"), found.get("main")
    if text is None or main is None:
        return None
    tables: dict[int, TableFit] = {}
    for key, box in found.items():
        least = found.get(f"#w{key[1:]}")
        if key[0] == "#" and key[1:].isdigit() and least is not None:
            tables[int(key[1:])] = TableFit(
                box.border_width(),
                tuple(box.column_widths),
                tuple(least.column_widths),
                least.border_width(),
            )
    return Measure(text.width, text.style["font_size"], tables, main.width)


def _read_boxes(box: Any, owner: str | None, found: dict[str, Any]) -> None:
    """Adds to `found` the first box of the multi-column `main`, of the probe's paragraph and
    of each table float's table (by `#index`): a column is a copy of `main` inside it."""
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        mark = element.get(PROBE) if element is not None else None
        inner = mark or owner
        if type(child).__name__ == "TableBox" and inner is not None and inner != "text":
            found.setdefault(f"#{inner}", child)  # a table float's table, or its narrowest
        elif mark is not None:
            found.setdefault(mark, child)
        elif getattr(child, "element_tag", None) == "main":
            found.setdefault("main", child)
        _read_boxes(child, inner, found)


def widen(page: str, measure: Measure) -> str:
    """The page with each starved table float given its words' widths, each table float wider
    than the column classed `wide` and each display equation that would be shrunk to fit it
    set across the columns (these two in columns only)."""
    units = index_units(page)
    edits: list[tuple[Unit, str]] = []
    for index, unit in enumerate(_table_floats(page, units)):
        fit = measure.tables.get(index)
        if fit is None:
            continue
        block, width = page[unit.start : unit.end], fit.width
        if starved(fit) and fit.least <= measure.page + 1:
            block, width = whole_words(block), fit.least
        if measure.columns and width > measure.column + 1:
            block = add_class(block, "wide")
        if block != page[unit.start : unit.end]:
            edits.append((unit, block))
    for unit in units:
        if measure.columns and unit.tag == "p" and unit.within == (-1, -1):
            block = page[unit.start : unit.end]
            split = split_paragraph(block, lambda m: _too_wide(m, measure))
            if split != block:
                edits.append((unit, split))
    for unit, block in sorted(edits, key=lambda e: e[0].start, reverse=True):
        page = page[: unit.start] + block + page[unit.end :]
    return page


def set_wide(page: str, render: Callable[[str], Document]) -> str:
    """The page with what is wider than its column set across the columns (one probe
    layout, when there is a table or display math to measure)."""
    probe = probe_page(page)
    if probe is None:
        return page
    measure = read_probe(render(probe))
    return page if measure is None else widen(page, measure)


# A display equation directly in its paragraph: numbered (crossref's `.equation` around it)
# or not, with its image's width in em (in SIZE, or in its style before sized_by_attribute).
_DISPLAY = re.compile(
    r'(?P<numbered><span\b[^>]*\bclass="equation"[^>]*>)?<span class="docbuild-math-display">'
    rf'<img\b[^>]*?(?:{SIZE}="|width: )(?P<width>[\d.]+)'
)


def split_paragraph(block: str, wide: Callable[[re.Match[str]], bool]) -> str:
    """The paragraph `block` with each display equation for which `wide` holds set in a block
    of its own (STRIP, classed `wide`), the text before and after it paragraphs of their own;
    the text after it goes on (CONTINUED). An equation inside other markup (a link, a span)
    is left where it is."""
    head_end = block.index(">") + 1
    head, inner, tail = block[:head_end], block[head_end : -len("</p>")], "</p>"
    parts: list[str] = []
    at = 0
    for match in _DISPLAY.finditer(inner):
        if match.start() < at or not wide(match) or _depth(inner[: match.start()]) != 0:
            continue
        end = _span_end(inner, match.start())
        before = inner[at : match.start()]
        if before.strip():
            parts.append((head if not parts else f'<p class="{CONTINUED}">') + before + tail)
        parts.append(f'<div class="wide {STRIP}">{inner[match.start() : end]}</div>')
        at = end
    if not parts:
        return block
    rest = inner[at:]
    if rest.strip():
        parts.append(f'<p class="{CONTINUED}">{rest.lstrip()}{tail}')
    return "\n".join(parts)


def _too_wide(match: re.Match[str], measure: Measure) -> bool:
    numbered = match["numbered"] is not None
    room = measure.column - (NUMBER_ROOM * measure.em if numbered else 0.0)
    return float(match["width"]) * measure.em * FIT > room


_TAGS = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
_VOID = frozenset({"img", "br", "wbr", "input", "hr"})


def _depth(html: str) -> int:
    """How many elements are open at the end of `html` (an inline fragment)."""
    depth = 0
    for tag in _TAGS.finditer(html):
        if tag[2].lower() in _VOID or tag[3]:
            continue
        depth += -1 if tag[1] else 1
    return depth


def _span_end(html: str, start: int) -> int:
    """The offset just after the element that starts at `start` (a span)."""
    depth = 0
    for tag in _TAGS.finditer(html, start):
        if tag[2].lower() in _VOID or tag[3]:
            continue
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.end()
    return len(html)


def _table_floats(page: str, units: list[Unit]) -> list[Unit]:
    return [u for u in units if u.kind == "float" and "<table" in page[u.start : u.end]]
