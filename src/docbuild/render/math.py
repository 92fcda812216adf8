"""Mathematics in the PDF: pandoc's MathML laid out by ziamath in the style's OpenType MATH
font, as inline SVG whose glyphs are text in that font (searchable, copyable) where they can be.

WeasyPrint has no MathML layout. ziamath (pure Python) reads the font's MATH table (script
sizes, fraction rules, stretched delimiters, limits) and places each glyph; we draw the result
ourselves so that a glyph the font maps from a character is written as SVG <text> (WeasyPrint
makes it PDF text in the same font), and only stretched or assembled shapes are paths. Sizes
are in em, so an expression takes the size of the text around it.
"""

from __future__ import annotations

import copy
import filecmp
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from docbuild.render.mathdraw import MARK
from docbuild.render.mathimage import MARK as IMAGE_MARK
from docbuild.render.mathml import Expression, tokens
from docbuild.render.mathspeed import speed_up_ziamath

LAYOUT_SIZE = 20.0  # ziamath's font size in SVG units: 1 em; sizes are written in em
PRECISION = 3  # decimals of SVG coordinates (at 20 units an em: 1/20,000 em)
MARGIN = 0.5  # SVG units kept around the ink (a slanted glyph overhangs its box)
# Characters that take no room and need no glyph (function application, invisible times...).
INVISIBLE = frozenset("\u2061\u2062\u2063\u2064\u200b\u200c\u200d\ufeff")
# Characters ziamath draws as a line, not a glyph: a hyphen in text (runs of them join into
# one rule) and the overline's rule (mathml.RULE).
DRAWN_AS_LINES = frozenset("-\u2015")
# The MathML elements ziamath lays out besides those it has a class for (ziamath.nodes):
# it reads these as <mrow> or <mtext>, and moves <mstyle>'s attributes onto its children.
LAID_OUT_AS_OTHERS = frozenset({"math", "mtd", "mtr", "none", "ms", "mstyle", "mprescripts"})


@dataclass(frozen=True, slots=True)
class MathFont:
    path: Path  # an OpenType font with a MATH table, shipped in the style's fonts/
    family: str  # its family name, which the SVG text asks WeasyPrint for


@dataclass(frozen=True, slots=True)
class Typeset:
    svg: str  # a standalone <svg>, in ziamath's units (LAYOUT_SIZE to the em)
    width: float  # em
    height: float  # em, above the baseline
    depth: float  # em, below the baseline


@dataclass(slots=True)
class _Canvas:
    """The SVG elements of one expression as they are drawn: text runs and shapes.

    A run is one <text> with a position for each character: WeasyPrint's cost is per run more
    than per character, so a run goes on while the size and colour stay (a subscript on a
    lower baseline ends it: text is extracted run by run, and must read in order).
    """

    font: MathFont
    elements: list[ET.Element] = field(default_factory=list)
    drawn: list[str] = field(default_factory=list)  # each glyph's character, as it is drawn
    run: ET.Element | None = None  # the <text> being extended: same size and colour
    run_key: tuple[str, str] = ("", "")
    xs: list[str] = field(default_factory=list)
    ys: list[str] = field(default_factory=list)

    def text(self, char: str, x: float, y: float, size: float, colour: str) -> None:
        """`char` as text at (x, y); colour "none": invisible, under a shape drawn as a path."""
        key = (_fmt(size), colour)
        if self.run is None or key != self.run_key:
            self.close()
            run = ET.Element(
                "text", {"font-size": key[0], "font-family": self.font.family, MARK: ""}
            )
            if colour == "none":
                run.set("fill-opacity", "0")
            elif colour:
                run.set("fill", colour)
            run.text = ""
            self.run, self.run_key = run, key
        assert self.run is not None
        self.run.text = (self.run.text or "") + char
        self.xs.append(_fmt(x))
        self.ys.append(_fmt(y))

    def shape(self, element: ET.Element) -> None:
        self.elements.append(element)

    def close(self) -> None:
        if self.run is not None:
            self.run.set("x", " ".join(self.xs))
            ys = set(self.ys)
            self.run.set("y", self.ys[0] if len(ys) == 1 else " ".join(self.ys))
            self.elements.append(self.run)
        self.run, self.xs, self.ys = None, [], []


def math_font(path: Path) -> MathFont:
    """The font at `path` with its family name (name table, id 16 or 1)."""
    return MathFont(path, _family(path))


@cache
def _family(path: Path) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        name = font["name"]
        return str(name.getDebugName(16) or name.getDebugName(1) or path.stem)


@cache
def _codepoints(path: Path) -> dict[int, str]:
    """Glyph id -> the character the font maps to it (its lowest code point)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
        found: dict[int, str] = {}
        for code, name in sorted(font.getBestCmap().items()):
            found.setdefault(order[name], chr(code))
        return found


@cache
def _characters(path: Path) -> frozenset[str]:
    return frozenset(_codepoints(path).values())


def _printable(char: str) -> bool:
    """One character that draws as itself (not a space, a combining mark or a format code)."""
    return len(char) == 1 and not char.isspace() and unicodedata.category(char)[0] not in "MC"


def typeset(expression: Expression, font: MathFont) -> Typeset:
    """Lay out one expression; raises MathLayoutError when ziamath cannot."""
    import ziamath
    from ziamath.nodes.mnode import _node_classes

    speed_up_ziamath()
    ziamath.config.svg2 = False  # glyph shapes as plain paths (WeasyPrint draws no <symbol>)
    ziamath.config.precision = PRECISION
    unknown = sorted(
        {e.tag for e in expression.element.iter()} - _node_classes.keys() - LAID_OUT_AS_OTHERS
    )
    if unknown:  # ziamath would lay its content out as a plain row, its meaning lost
        raise MathLayoutError(f"the MathML element <{unknown[0]}> is not supported")
    wanted = _ink(tokens(expression.element))
    try:
        laid_out = ziamath.Math(expression.element, size=LAYOUT_SIZE, font=str(font.path))
    except Exception as exc:  # ziamath raises what its code raises; any of it means "cannot"
        raise MathLayoutError(f"{type(exc).__name__}: {exc}") from exc
    canvas = _Canvas(font)
    _draw(laid_out.node, 0.0, 0.0, canvas)
    canvas.close()
    lost = wanted - _ink(canvas.drawn)
    if lost:  # an element or attribute that lost its content on the way: never a blank
        shown = ", ".join(f"'{c}'" for c in lost)
        raise MathLayoutError(f"{shown} would not be drawn")
    box = laid_out.node.bbox
    xmin, xmax = box.xmin - MARGIN, box.xmax + MARGIN
    top, bottom = box.ymax + MARGIN, box.ymin - MARGIN
    width, height = xmax - xmin, top - bottom
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": _fmt(width),
            "height": _fmt(height),
            "viewBox": f"{_fmt(xmin)} {_fmt(-top)} {_fmt(width)} {_fmt(height)}",
            IMAGE_MARK: "",
        },
    )
    svg.extend(canvas.elements)
    return Typeset(
        _markup(svg),
        width / LAYOUT_SIZE,
        top / LAYOUT_SIZE,
        -bottom / LAYOUT_SIZE,
    )


def preload(font: MathFont) -> None:
    """ziamath imported, its shortcuts in and the font read in this process, as the first
    typeset would: before the layout's workers fork, which then share them (each would
    otherwise import ziamath and read the font itself)."""
    from ziamath.mathfont import MathFont as LayoutFont
    from ziamath.zmath import fontname, loadedfonts

    speed_up_ziamath()
    if str(font.path) not in loadedfonts:  # as ziamath.Math reads a font it has not seen
        if filecmp.cmp(font.path, fontname, shallow=False):
            # The styles ship the STIX Two Math that ziamath reads as it is imported: its
            # tables are shared, not parsed again (~35 ms of each build that lays out math).
            layout = copy.copy(loadedfonts["default"])
            layout.basesize = LAYOUT_SIZE
        else:
            layout = LayoutFont(str(font.path), LAYOUT_SIZE)
        loadedfonts[str(font.path)] = layout
    _codepoints(font.path)


# ET.tostring's escapes (xml.etree.ElementTree._escape_attrib and _escape_cdata).
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
     "\t": "&#09;"}
)  # fmt: skip
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _markup(svg: ET.Element) -> str:
    """The expression's SVG as ET.tostring(svg, encoding="unicode") writes it, in a third of
    its time: the elements are plain (no namespace in a tag or attribute, no comment), which
    spares ET's walk to collect namespaces; anything else is left to ET."""
    elements = list(svg.iter())
    if not all(
        isinstance(e.tag, str) and "{" not in e.tag and all("{" not in k for k in e.attrib)
        for e in elements
    ):
        return ET.tostring(svg, encoding="unicode")
    out: list[str] = []
    _write(svg, out)
    return "".join(out)


def _write(element: ET.Element, out: list[str]) -> None:
    out.append("<" + element.tag)
    for key, value in element.items():
        out.append(f' {key}="{value.translate(_ATTRIBUTE_ESCAPES)}"')
    if element.text or len(element):
        out.append(">")
        if element.text:
            out.append(element.text.translate(_TEXT_ESCAPES))
        for child in element:
            _write(child, out)
        out.append(f"</{element.tag}>")
    else:
        out.append(" />")
    if element.tail:
        out.append(element.tail.translate(_TEXT_ESCAPES))


class MathLayoutError(Exception):
    """ziamath could not lay out an expression (its own exception, as text)."""


def _draw(node: object, x: float, y: float, canvas: _Canvas) -> None:
    """Draw ziamath's laid-out tree at (x, y), as its Mnode.draw does, glyphs our way."""
    from ziamath.drawable import Glyph
    from ziamath.nodes import Mnode

    if isinstance(node, Glyph):
        if node.phantom:  # \phantom: takes its room, meant to be unseen
            canvas.drawn.append(str(node.char))
        else:
            _glyph(node, x, y, canvas)
        return
    if isinstance(node, Mnode):
        background = node.style.mathbackground
        if background not in ("none", None):
            box = node.bbox
            canvas.shape(
                ET.Element(
                    "rect",
                    {
                        "x": _fmt(x + box.xmin),
                        "y": _fmt(y - box.ymax),
                        "width": _fmt(box.xmax - box.xmin),
                        "height": _fmt(box.ymax - box.ymin),
                        "fill": str(background),
                    },
                )
            )
        for (dx, dy), child in zip(node.nodexy, node.nodes, strict=False):
            _draw(child, x + dx, y + dy, canvas)
        return
    scratch = ET.Element("g")  # rules, lines and boxes draw themselves
    node.draw(x, y, scratch)  # type: ignore[attr-defined]
    for element in scratch:
        canvas.shape(element)


def _glyph(node: object, x: float, y: float, canvas: _Canvas) -> None:
    glyph = node.glyph  # type: ignore[attr-defined]
    size = float(node.size)  # type: ignore[attr-defined]
    colour = str(node.style.mathcolor or "")  # type: ignore[attr-defined]
    char = _codepoints(canvas.font.path).get(glyph.index, "") or _script_base(node, canvas)
    if _printable(char):
        canvas.text(char, x, y, size, colour)
        canvas.drawn.append(str(node.char))  # type: ignore[attr-defined]
        return
    # A display-size operator, a stretched or assembled delimiter, a prime, an accent: the
    # glyph's outline, with its character as invisible text on it so that the math is
    # still searchable and copies as what was written (as a scanned page's text layer does).
    path = glyph.place(x, y, size)
    if path is not None:
        if colour:
            path.set("fill", colour)
        canvas.shape(path)
        canvas.drawn.append(str(node.char))  # type: ignore[attr-defined]
    source = str(node.char)  # type: ignore[attr-defined]
    if _printable(source) and source in _characters(canvas.font.path):
        canvas.text(source, x, y, size, "none")


# Primes keep their script form (raised and larger, as \prime is in TeX's scripts).
PRIMES = frozenset("′″‴⁗")


def _script_base(node: object, canvas: _Canvas) -> str:
    """The character of the glyph a script-size variant (OpenType `ssty`) stands for, or "".

    ziamath sets sub- and superscripts in the font's script-size glyphs, which have no
    character. We print the ordinary glyph at script size instead, as text: the math stays
    searchable and the PDF small, at the cost of the script glyphs' slightly sturdier shapes.
    """
    char = str(node.char)  # type: ignore[attr-defined]
    glyph = node.glyph  # type: ignore[attr-defined]
    font = glyph.font
    if char in PRIMES or not hasattr(font, "findglyph"):
        return ""
    base = font.findglyph(char, node.style.mathvariant)  # type: ignore[attr-defined]
    if base.index == glyph.index or font.gsub is None:
        return ""
    if font.gsub.sub([base.index], font.features)[0] != glyph.index:
        return ""  # some other variant (a size variant): keep its shape
    return _codepoints(canvas.font.path).get(base.index, "")


def _ink(chars: list[str]) -> Counter[str]:
    """The characters that leave ink, as a multiset: compatibility forms as their letters
    (ziamath draws an <mi>x</mi> as U+1D465), no spaces, invisible or line-drawn ones."""
    text = unicodedata.normalize("NFKC", "".join(chars))
    return Counter(
        c for c in text if not c.isspace() and c not in INVISIBLE and c not in DRAWN_AS_LINES
    )


def missing_characters(expression: Expression, font: MathFont) -> list[str]:
    """Characters of the expression the font has no glyph for, in order, once each."""
    cmap = _characters(font.path)
    missing: list[str] = []
    for char in tokens(expression.element):
        if char.isspace() or char in INVISIBLE or char in cmap or char in missing:
            continue
        missing.append(char)
    return missing


def _fmt(value: float) -> str:
    text = f"{value:.{PRECISION}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _em(units: float) -> str:
    text = f"{units / LAYOUT_SIZE:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
