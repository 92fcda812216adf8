"""WeasyPrint's drawing of the math's SVG text, one Pango layout per glyph and font size
instead of two per character drawn.

WeasyPrint draws an SVG <text> one character at a time, and lays each one out with Pango
twice (the whole run once, then every letter), styling it afresh each time: 0.3 ms a character,
most of a math page's drawing. The math's runs (render/math.py) are simple: one family, one
size, a position for every character, no spacing, anchor, rotation or decoration. For a run
marked so, each character's glyph is looked up once per document (its layout kept, so the
font stays loaded) and drawn with the same PDF operators WeasyPrint writes for it: the text
matrix at the glyph's origin, the font and size, the glyph id, and the font's glyph-to-text
map and width table filled as WeasyPrint fills them (the text copies and searches the same).
Any character that is not one plain glyph in one font (a ligature, a fallback font, a glyph the
font lacks, which WeasyPrint warns of) and any unmarked <text> are drawn by WeasyPrint itself.

The hook replaces `weasyprint.svg.text` (the function its tag table and its drawing loop both
name) by one that hands every other node to the original, unchanged.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from math import inf

MARK = "data-glyphs"  # on a <text> of the math: every character positioned, one font and size

_installed: list[Callable[..., object]] = []  # the original text function, once installed


@dataclass(frozen=True, slots=True)
class _Glyph:
    """One character's glyph at one size, as WeasyPrint would draw it, or only its layout."""

    layout: object  # WeasyPrint's Layout, kept active: the Pango font below lives with it
    font: object  # the Pango font (cffi pointer); None: draw the character WeasyPrint's way
    glyph: int  # the glyph id
    style: object  # the style it was laid out with (for WeasyPrint's own drawing)


def install() -> bool:
    """Hook the fast path into WeasyPrint's SVG drawing (once per process); whether it is in.

    A WeasyPrint whose SVG module is not shaped as 70's was (no `text` function in its tag
    table) keeps its own drawing: the math is then drawn correctly, only slower.
    """
    if _installed:
        return True
    import importlib

    svg = importlib.import_module("weasyprint.svg")
    # (the module, by path: weasyprint.svg's own name `text` is the function)
    text_module = importlib.import_module("weasyprint.svg.text")
    original = getattr(svg, "text", None)
    if original is None or original is not getattr(text_module, "text", None):
        return False
    names = [tag for tag, draw in svg.TAGS.items() if draw is original]
    if "text" not in names:
        return False

    def text(drawing: object, node: object, font_size: float) -> None:
        if node.get(MARK) is None or not _draw_run(drawing, node, font_size):  # type: ignore[attr-defined]
            original(drawing, node, font_size)

    svg.text = text  # draw_node compares TAGS[tag] with this name to find text nodes
    for tag in names:
        svg.TAGS[tag] = text
    _installed.append(original)
    return True


# Per layout context (one per document): (family, size, character) -> its glyph.
_GLYPHS: weakref.WeakKeyDictionary[object, dict[tuple[str, float, str], _Glyph]] = (
    weakref.WeakKeyDictionary()
)


def _glyph(drawing: object, family: str, font_size: float, char: str) -> _Glyph:
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.line_break import split_first_line

    context = drawing.context  # type: ignore[attr-defined]
    try:
        glyphs = _GLYPHS.setdefault(context, {})
    except TypeError:  # a context that takes no weak reference: nothing is kept
        glyphs = {}
    key = (family, font_size, char)
    found = glyphs.get(key)
    if found is not None:
        return found
    # The style WeasyPrint's svg/text.py gives a <text> that names only a family and a size.
    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = drawing.font_config  # type: ignore[attr-defined]
    style["font_family"] = [family]
    style["font_style"] = "normal"
    style["font_weight"] = 400
    style["font_size"] = font_size
    layout = split_first_line(char, style, context, inf, 0)[0]
    layout.reactivate(style)
    font, glyph = None, 0
    line, _ = layout.get_first_line()
    run = line.runs[0]
    if run != ffi.NULL and run.next == ffi.NULL:
        item = run.data
        glyph_string = item.glyphs
        info = glyph_string.glyphs[0]
        plain = (
            glyph_string.num_glyphs == 1
            and info.glyph != pango.PANGO_GLYPH_EMPTY
            and not info.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
            and info.geometry.x_offset == 0
            and info.geometry.y_offset == 0
        )
        if plain:
            font, glyph = item.item.analysis.font, info.glyph
    found = glyphs[key] = _Glyph(layout, font, glyph, style)
    return found


_COLOURS: dict[tuple[str, str], object] = {}


def fill_paint(node: object) -> object | None:
    """The run's fill colour with its opacity, as set_graphical_state makes it; None when the
    run is painted otherwise (a stroke, a gradient, a pattern, no fill).

    Only the fill is set: the line width, dashes, caps and joins WeasyPrint also writes for
    every node apply to strokes, which the math's text has none of.
    """
    fill = node.get("fill", "black").strip()  # type: ignore[attr-defined]
    opacity = node.get("fill-opacity", "1")  # type: ignore[attr-defined]
    stroke = node.get("stroke", "").strip()  # type: ignore[attr-defined]
    if stroke not in ("", "none") or fill in ("", "none") or "(" in fill or "context" in fill:
        return None
    return paint(fill, str(opacity))


def paint(fill: str, opacity: str) -> object:
    """A plain fill colour and its opacity as WeasyPrint's stream takes them (kept: parsing a
    colour is a CSS parse)."""
    from weasyprint.svg.utils import alpha_value, color

    key = (fill, opacity)
    if key not in _COLOURS:
        found = color(fill)
        found.alpha *= alpha_value(opacity)
        _COLOURS[key] = found
    return _COLOURS[key]


@dataclass(frozen=True, slots=True)
class Run:
    """A marked <text> ready to draw: each character's glyph and place, the fonts it uses."""

    text: str
    xs: list[float]
    ys: list[float]
    glyphs: list[_Glyph]
    fonts: dict[object, tuple[object, float]]  # Pango font -> (WeasyPrint's Font, its size)

    @property
    def plain(self) -> bool:
        """Whether every character is one glyph of one font (none drawn WeasyPrint's way)."""
        return all(glyph.font is not None for glyph in self.glyphs)


def prepare_run(drawing: object, node: object, font_size: float) -> Run | None:
    """A marked run's glyphs (`drawing` has WeasyPrint's stream, context and font_config);
    None when it is not shaped as the math's runs are."""
    from weasyprint.text.ffi import pango

    text = node.text or ""  # type: ignore[attr-defined]
    attrib = node.attrib  # type: ignore[attr-defined]
    family = node.get("font-family", "").strip("\"' ")  # type: ignore[attr-defined]
    if not text or not family or "," in family:
        return None
    if any(name in attrib for name in ("dx", "dy", "rotate", "textLength", "letter-spacing")):
        return None
    try:
        xs = [float(v) for v in attrib["x"].split()]
        ys = [float(v) for v in attrib.get("y", "0").split()]
    except (KeyError, ValueError):
        return None
    if len(xs) != len(text) or not ys or len(ys) > len(text):
        return None
    ys += [ys[-1]] * (len(text) - len(ys))  # one y for all: the rest keep the last (SVG)
    stream = drawing.stream  # type: ignore[attr-defined]
    glyphs = [_glyph(drawing, family, font_size, char) for char in text]
    fonts: dict[object, tuple[object, float]] = {}
    for glyph in glyphs:
        if glyph.font is not None and glyph.font not in fonts:
            font, size = stream.add_font(glyph.font)
            if font.bitmap or font.svg or font.png or font.colr:  # type: ignore[attr-defined]
                return None  # (never a math font) WeasyPrint draws the whole run
            if pango.pango_version() < 14802:  # as draw_first_line: Pango's own size is off
                size = font_size
            fonts[glyph.font] = font, size
    return Run(text, xs, ys, glyphs, fonts)


def _draw_run(drawing: object, node: object, font_size: float) -> bool:
    """Draw a marked run; False (nothing drawn) when it is not shaped as the math's are."""
    run = prepare_run(drawing, node, font_size)
    paint = fill_paint(node)
    if run is None or paint is None:
        return False
    stream = drawing.stream  # type: ignore[attr-defined]
    stream.push_state()
    stream.set_color(paint)
    stream.set_text_rendering(0)  # filled (an invisible run is filled at opacity 0)
    stream.begin_text()
    show_run(stream, run)
    stream.end_text()
    stream.pop_state()
    return True


def show_run(stream: object, run: Run) -> None:
    """The run's glyphs, inside a text object the caller has begun."""
    from weasyprint.draw.text import draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.text import TextBox
    from weasyprint.text.ffi import FROM_UNITS, pango

    append = stream.stream.append  # type: ignore[attr-defined]
    for char, x, y, glyph in zip(run.text, run.xs, run.ys, run.glyphs, strict=True):
        if glyph.font is None:
            glyph.layout.reactivate(glyph.style)  # type: ignore[attr-defined]
            box = TextBox(glyph.layout, glyph.style)
            box.baseline = 0
            draw_first_line(stream, box, "none", "none", Matrix(d=-1, e=x, f=y))
            continue
        font, size = run.fonts[glyph.font]
        number = glyph.glyph
        if number not in font.to_unicode:  # type: ignore[attr-defined]
            font.to_unicode[number] = char  # type: ignore[attr-defined]
        if number not in font.widths:  # type: ignore[attr-defined]
            pango.pango_font_get_glyph_extents(
                glyph.font,
                number,
                stream.ink_rect,  # type: ignore[attr-defined]
                stream.logical_rect,  # type: ignore[attr-defined]
            )
            font.widths[number] = round(  # type: ignore[attr-defined]
                stream.logical_rect.width * 1000 * FROM_UNITS / size  # type: ignore[attr-defined]
            )
        # The bytes of set_text_matrix(1, 0, 0, -1, x, y) and show_text(f"<{number:04x}>"),
        # written at once (10,000 glyphs on a math paper: pydyf formats each number apart).
        append(b"1 0 0 -1 " + pdf_number(x) + b" " + pdf_number(y) + b" Tm")
        stream.set_font_size(font.hash, size)  # type: ignore[attr-defined]
        append(b"[<%04x>] TJ" % number)


def pdf_number(value: float) -> bytes:
    """A float as pydyf writes one (its _to_bytes)."""
    if value.is_integer():
        return str(int(value)).encode("ascii")
    return f"{value:f}".rstrip("0").encode("ascii")
