"""The page given to WeasyPrint, marked for print: the body's blocks numbered (so the float
pass can find them in the layout), wide figures and tables marked, table rows grouped so no
row stands alone, numeric cells marked so they never break and short headers so they keep
their words, long words in running text and the reference list given places to break. Text
edits only: the rest of the page is byte for byte what pandoc wrote, and the HTML edition
never sees any of it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

UNIT = "data-docbuild-unit"  # the attribute that numbers the body's blocks
FLOATS = frozenset({"figure", "table"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Classes that ask for the full page width: ours ({.wide}) and Quarto's `column: page`.
WIDE = frozenset(
    {"wide", "column-page", "column-screen", "column-page-inset", "column-body-outset"}
)
KEEP_ROWS = 8  # a table of this many body rows or fewer is kept whole, like a figure
# A reference list is a container: its entries are blocks of the body, so that a float with
# no text left after it can go between them (the list is split there, as LaTeX sets a float
# at the top of a column the bibliography flows through).
LIST_CLASS = "csl-bib-body"
NUMBER = re.compile(r"[\d\s.,:;%‰±+\-−–—()\[\]$€£¥*†‡<>≤≥~≈×/'’]*\d[\d\s.,:;%‰±+\-−–—()$€£¥*†‡'’]*")


@dataclass(frozen=True, slots=True)
class Unit:
    """A block directly in the body (inside `<main>`, through any `<section>`)."""

    number: int
    tag: str
    start: int  # offset of its start tag in the page
    end: int  # offset just after its end tag
    kind: str  # "float", "wide" (a float across the columns), "heading" or "text"
    # The reference list it is an entry of: its start tag's offset and its end's; (-1, -1)
    # for a block directly in the body or a section.
    within: tuple[int, int] = (-1, -1)
    # A float with a caption (or a figure): one the float pass may move. A table with no
    # caption is part of the text around it ("as follows:"), as LaTeX's tabular outside a
    # `table` float is: it keeps its place (the rest of a table's print handling it gets).
    captioned: bool = True


class _Index(HTMLParser):
    """The body's blocks with their offsets; `ok` is False when the markup does not nest
    (raw HTML in a manuscript), and then the page is left as it is."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        self._line_starts += [m.end() for m in re.finditer("\n", page)]
        self.page = page
        self.stack: list[tuple[str, int, dict[str, str], set[str]]] = []
        self.main_depth = -1
        self.units: list[Unit] = []
        self.ok = True

    def _where(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def in_body(self) -> bool:
        """Whether the element being opened sits directly in the body or a section of it."""
        if self.main_depth < 0 or len(self.stack) <= self.main_depth:
            return False
        return all(
            tag == "section" or _is_list(tag, values)
            for tag, _, values, _ in self.stack[self.main_depth + 1 :]
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._where()
        values = {k: v or "" for k, v in attrs}
        if self.main_depth >= 0:
            for *_, inner in self.stack[self.main_depth + 1 :]:
                inner.add(tag)
                inner.update(f".{c}" for c in values.get("class", "").split())
        if tag == "main" and self.main_depth < 0:
            self.main_depth = len(self.stack)
        if tag in VOID:
            if self.in_body() and tag != "section":
                text = self.get_starttag_text() or ""
                self._add(tag, start, start + len(text), values, set())
            return
        self.stack.append((tag, start, values, set()))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not any(t == tag for t, *_ in self.stack):
            self.ok = False
            return
        while self.stack:
            open_tag, start, values, inner = self.stack.pop()
            if open_tag != tag:
                self.ok = False
                continue
            end = self.page.index(">", self._where()) + 1
            if len(self.stack) == self.main_depth:
                self.main_depth = -2  # the body is closed; only one <main> counts
            elif self.in_body() and _is_list(tag, values):
                self.units = [
                    replace(u, within=(start, end)) if u.start > start else u for u in self.units
                ]
            elif self.in_body() and tag != "section":
                self._add(tag, start, end, values, inner)
            return

    def _add(self, tag: str, start: int, end: int, attrs: dict[str, str], inner: set[str]) -> None:
        classes = set(attrs.get("class", "").split())
        if tag in HEADINGS:
            kind = "heading"
        elif tag in FLOATS or (tag == "div" and inner & FLOATS and not inner & {"p", "ul", "ol"}):
            kind = "float"
        else:
            kind = "text"
        wide = kind == "float" and bool((classes | {c[1:] for c in inner if c[0] == "."}) & WIDE)
        # Once marked, a block keeps its number wherever the float pass moves it.
        number = int(attrs[UNIT]) if attrs.get(UNIT, "").isdigit() else len(self.units)
        captioned = tag == "figure" or bool(inner & _CAPTIONED)
        kind = "wide" if wide else kind
        self.units.append(Unit(number, tag, start, end, kind, captioned=captioned))


_CAPTIONED = frozenset({"figure", "caption", "figcaption"})  # tags within a captioned float


def _is_list(tag: str, attrs: dict[str, str]) -> bool:
    return tag == "div" and LIST_CLASS in attrs.get("class", "").split()


def index_units(page: str) -> list[Unit]:
    """The body's blocks in document order; empty if the page has no `<main>` or its
    markup does not nest."""
    parser = _Index(page)
    parser.feed(page)
    parser.close()
    return parser.units if parser.ok and parser.main_depth == -2 else []


def is_float(unit: Unit) -> bool:
    return unit.kind in ("float", "wide")


def is_movable(unit: Unit) -> bool:
    """A float the float pass may move: one with a caption, or one across the columns (which
    has to start a page's columns where it fits, or leave them empty above it)."""
    return unit.kind == "wide" or (unit.kind == "float" and unit.captioned)


def mark_for_print(page: str) -> str:
    """The page with its blocks numbered, wide floats classed `wide`, tables prepared."""
    units = index_units(page)
    out, at = [], 0
    for unit in units:
        out.append(page[at : unit.start])
        block = page[unit.start : unit.end]
        extra = f' {UNIT}="{unit.number}"'
        if unit.kind == "wide" and unit.tag == "table":
            # WeasyPrint gives a table's `column-span` to the table inside its wrapper box,
            # not to the wrapper, which is the multi-column box's child: a block around it.
            block = f'<div class="wide">{block}</div>'
        elif unit.kind == "wide":
            block = add_class(block, "wide")
        if is_float(unit):
            block = prepare_tables(block, whole=is_movable(unit))
        elif unit.tag in TEXT_BLOCKS:
            block = break_long_words(block)
            if unit.tag == "p" and unit.within == (-1, -1):
                block = tie_last_words(block)
        # The mark goes on the block's first start tag: a wide table's is its spanning div's.
        name_end = 4 if block.startswith("<div") and unit.tag != "div" else len(unit.tag) + 1
        out.append(block[:name_end] + extra + block[name_end:])
        at = unit.end
    out.append(page[at:])
    return "".join(out)


def add_class(block: str, name: str) -> str:
    """`block` with `name` added to its first start tag's classes."""
    head_end = block.index(">")
    head = block[:head_end]
    match = re.search(r'\sclass="([^"]*)"', head)
    if match:
        if name in match[1].split():
            return block
        head = head[: match.end(1)] + f" {name}" + head[match.end(1) :]
    else:
        head = re.sub(r"^<(\w+)", rf'<\1 class="{name}"', head)
    return head + block[head_end:]


LAST_WORD = 14  # characters: a longer last word may stand alone (tying it would stretch a line)
_TAG = re.compile(r"<[^>]*>")


def tie_last_words(block: str) -> str:
    """The paragraph with its last two words joined by a no-break space, so that its last line
    is never one short word alone (WeasyPrint has no `text-wrap: pretty`)."""
    masked = _TAG.sub(lambda m: "<" + "x" * (len(m[0]) - 2) + ">", block)  # spaces in tags
    at = masked.rfind(" ")
    if at <= 0 or masked[at - 1] in " >\n\u00a0":
        return block
    if "<br" in block[at + 1 :]:
        return block  # the last line starts after the break
    word = _TAG.sub("", block[at + 1 :]).strip()
    if not word or len(word) > LAST_WORD or any(c.isspace() for c in word):
        return block
    return block[:at] + "\u00a0" + block[at + 1 :]


# Blocks of running text and the reference list's entries, where a word cannot stand past the
# column's edge. Not <pre> (pre-wrap breaks its lines already), not tables (each style says how
# their cells wrap).
TEXT_BLOCKS = frozenset({"p", "ul", "ol", "dl", "blockquote", "div"})
LONG_WORD = 20  # characters: a shorter word always fits a line, whatever the column
# Where a long word may break that Pango's line breaking (UAX #14) does not offer, as the
# Chicago Manual (14.18) and LaTeX's url package break a URL: after an underscore, `$`, `=` or
# `&`; before a `%` escape, a `?` or `#`, and a `.` followed by a letter (`…57ae|.pdf`, never in
# a DOI's prefix `10.1038` nor a number). Pango breaks after a slash itself (none is added
# where it does), but not between digits, so a DOI (`10.2307/1352954`) stays whole on its line
# where it fits. An entity (`&amp;`) is one character; a zero-width space (the author's, or
# ours) ends a word, as a space does.
_WORD = re.compile(r"(?:&#?\w+;|[^\s<>&\u200b])+")
_BREAK = re.compile(
    r"(?<=[_$=])(?=[^\s_$=])|(?<=&amp;)|(?<=[^\s%])(?=%[0-9A-Fa-f]{2})"
    r"|(?<=[^\s&?#])(?=[?#])|(?<=[^\s.])(?=\.[^\W\d_])"
)
# A break never leaves fewer letters or digits than this after it in the word (`…e57ae.p|df`,
# `b=|2`): a line never holds a stub of one or two alone.
STUB = 3
# The break: a zero-width space in the text, which WeasyPrint draws as nothing and leaves out of
# the PDF's text, so a URL copied from the page is whole. Not `<wbr>` (WeasyPrint's `::before`
# of the same character): an element splits the word into text boxes, and with the reference
# list's `overflow-wrap: anywhere` WeasyPrint broke a box at a letter (`FWS|3`, `%20|Plenary`)
# rather than at the break before it.
BREAK = "\u200b"


def break_long_words(block: str) -> str:
    """The block with a BREAK at each place a long word (a URL, a name in inline code) may
    break, so that no line runs past its column: WeasyPrint's `overflow-wrap: break-word`
    also breaks short words that begin a link (`Wi|ckham`), and `anywhere` widens nothing
    but breaks mid-name."""
    parts = re.split(r"(<[^>]*>)", block)
    return "".join(part if part.startswith("<") else _WORD.sub(_break_word, part) for part in parts)


def _break_word(word: re.Match[str]) -> str:
    text = word[0]
    if len(html.unescape(text)) < LONG_WORD:
        return text
    host = _HOST.search(text)
    start, end = host.span() if host else (0, 0)
    short = [m.span() for m in re.finditer("[^/]+", text) if len(html.unescape(m[0])) < LONG_WORD]

    def mark(at: re.Match[str]) -> str:
        where = at.start()
        if start <= where < end or any(a < where < b for a, b in short):
            return ""
        if _letters(text[where:]) < STUB:
            return ""
        if text[where] == "." and (
            _letters(text[text.rfind("/", 0, where) + 1 : where]) < STUB
            or (_EXTENSION.match(text, where) and len(_STEM.search(text, 0, where)[0]) < LONG_WORD)
        ):
            return ""
        return BREAK

    return _BREAK.sub(mark, text)


# A URL's host name is kept whole (`https://www.hhs|.gov` reads as two words), and so is a part
# of a path shorter than a long word (`/202109/t20210908_8122|.html`): the line breaks at the
# slash before it, where Pango breaks.
_HOST = re.compile(r"(?<=://)[^/]+")
# A dot joins a name's parts: a break before it leaves at least STUB letters of the name
# before it (not `10.1016/j|.worlddev`), and a file's extension goes to the next line alone
# only after a long run of letters and digits (a hash, `…57ae|.pdf`); after a short one
# (`…_Feb2018|.pdf`) the line breaks at the `_` or `/` before it.
_EXTENSION = re.compile(r"\.[^\W_][^\W_]{0,4}[)\].,;:]*$")
_STEM = re.compile(r"[^\W_]*$")


def _letters(part: str) -> int:
    return sum(c.isalnum() for c in html.unescape(part))


_TBODY = re.compile(r"(<tbody[^>]*>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"<tr\b.*?</tr>", re.S)
_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", re.S)


def prepare_tables(block: str, *, whole: bool = True) -> str:
    """Short tables kept whole (`whole`: a float's; a table in the flow of the text breaks as
    a paragraph does); in a long one the first and last two rows kept together, so a break
    never leaves one row alone; numbers in cells kept on one line; a header of short words
    kept in whole words."""
    block = _CELL.sub(_mark_number, block)
    block = _mark_head_words(block)
    table = block.find("<table")
    if table < 0:
        return block
    rows = sum(len(_ROW.findall(body[2])) for body in _TBODY.finditer(block))
    if whole and rows <= KEEP_ROWS:
        return block[:table] + add_class(block[table:], "docbuild-keep")
    return _TBODY.sub(_group_rows, block)


def _group_rows(body: re.Match[str]) -> str:
    rows = _ROW.findall(body[2])
    if len(rows) <= 4:
        return add_class(body[0], "docbuild-keep")
    opening = body[1]
    keep = add_class(opening, "docbuild-keep")
    return (
        f"{keep}{''.join(rows[:2])}</tbody>{opening}{''.join(rows[2:-2])}</tbody>"
        f"{keep}{''.join(rows[-2:])}</tbody>"
    )


# A header row whose cells' longest words come to this many characters or fewer fits any
# style's column with its words whole (gfpr's, the narrowest, holds ~50 at 8.5 pt); a wider one
# keeps the style's `overflow-wrap: anywhere`, which breaks words so that the table fits.
HEAD_WORDS = 40
_HEAD_ROW = re.compile(r"<tr\b(?:(?!</tr>).)*?<th\b.*?</tr>", re.S)
_HEAD_CELL = re.compile(r"(<th\b[^>]*>)(.*?)(</th>)", re.S)


def _mark_head_words(block: str) -> str:
    """The first header row's cells classed `docbuild-words` (no word broken) when their
    longest words are short together. With `anywhere` a header's narrowest width is one letter,
    and beside columns of numbers kept whole it was set a letter a line ("Valu/e")."""
    row = _HEAD_ROW.search(block)
    if row is None:
        return block
    longest = [
        max((len(w) for w in html.unescape(re.sub(r"<[^>]+>", " ", c[2])).split()), default=0)
        for c in _HEAD_CELL.finditer(row[0])
    ]
    if sum(longest) > HEAD_WORDS:
        return block
    marked = _HEAD_CELL.sub(lambda c: add_class(c[1], "docbuild-words") + c[2] + c[3], row[0])
    return block[: row.start()] + marked + block[row.end() :]


def _mark_number(cell: re.Match[str]) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", cell[2])).strip()
    if text and NUMBER.fullmatch(text):
        return add_class(cell[1], "docbuild-number") + cell[2] + cell[3]
    return cell[0]


# Placed before the style's print CSS, which may change any of it.
PRINT_CSS = """
/* pandoc's `[text]{.smallcaps}`, as pandoc's own stylesheet sets it; a style may say otherwise
   (ieee imitates them: its font has none). */
.smallcaps { font-variant-caps: small-caps; }
main > .wide { column-span: all; }
/* The rest of a paragraph after its equation set across the columns (render/widen.py). */
main > p.docbuild-continued { text-indent: 0; }
.docbuild-keep { break-inside: avoid; }
/* A row a quarter of a column tall that jumped over a hole may break (render/rowbreaks.py):
   above the styles' `tr { break-inside: avoid }`. */
tr.docbuild-break { break-inside: auto; }
/* A caption whole and with its first row: never split from its table (ieee sets its label as a
   block of its own), nor alone at a column's foot. */
caption { break-inside: avoid; break-after: avoid; }
/* A superscript or subscript in the text (`2^de^`, `CO~2~`; not the masthead's marks, which
   the styles set) leaves its line's height alone, as TeX's do: a taller first line raised a
   list item's bullet above the text. */
main sup, main sub { line-height: 0; }
.docbuild-number { white-space: nowrap; hyphens: none; }
th.docbuild-words { overflow-wrap: break-word; }  /* above the styles' `th, td` */
/* A table whose columns were narrower than their words (render/widen.py): each as wide as
   its longest word at least. */
.docbuild-whole th, .docbuild-whole td { overflow-wrap: break-word; hyphens: manual; }
"""


# pandoc's `[text]{.smallcaps}`: each run of lower-case letters in a span of its own, so that a
# style whose font has no small capitals (Liberation Serif, ieee's) can set them as smaller
# capitals, as LaTeX's Times does; in a font that has them the spans change nothing.
_SMALL_CAPS = re.compile(r'<span class="smallcaps(?:\s[^"]*)?"[^>]*>')
_SPAN_TAG = re.compile(r"<span\b[^>]*>|</span>")
LOWER_CLASS = "docbuild-lower"
_WORD_OR_ENTITY = re.compile(r"&#?\w+;|[^\W\d_]+")


def mark_small_caps(page: str) -> str:
    """The page with the lower-case letters of each small-caps span marked (LOWER_CLASS);
    the page itself where it has none."""
    if 'class="smallcaps' not in page:
        return page
    out, at = [], 0
    for start in _SMALL_CAPS.finditer(page):
        if start.start() < at:
            continue  # inside a small-caps span marked already
        end = _span_end(page, start.end())
        if end is None:
            continue  # raw HTML that does not nest: left as it is
        out.append(page[at : start.end()])
        parts = re.split(r"(<[^>]*>)", page[start.end() : end])
        out.extend(p if p.startswith("<") else _WORD_OR_ENTITY.sub(_mark_lower, p) for p in parts)
        at = end
    out.append(page[at:])
    return "".join(out)


def _span_end(page: str, after: int) -> int | None:
    """Where the `</span>` that closes the span opened just before `after` starts."""
    depth = 1
    for tag in _SPAN_TAG.finditer(page, after):
        depth += -1 if tag[0] == "</span>" else 1
        if depth == 0:
            return tag.start()
    return None


def _mark_lower(word: re.Match[str]) -> str:
    if word[0].startswith("&"):
        return word[0]  # an entity is one character, never split
    runs = re.split(r"([^\W\d_A-Z]+)", word[0]) if word[0].isascii() else _case_runs(word[0])
    return "".join(
        f'<span class="{LOWER_CLASS}">{run}</span>' if run and run.islower() else run
        for run in runs
    )


def _case_runs(word: str) -> list[str]:
    """`word` cut where its letters change between lower case and not (`Élan` → `É`, `lan`)."""
    runs: list[str] = []
    for c in word:
        if runs and runs[-1][-1].islower() == c.islower():
            runs[-1] += c
        else:
            runs.append(c)
    return runs
