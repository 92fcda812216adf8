"""Mathematics in the PDF: pandoc's MathML laid out by ziamath in the style's OpenType MATH
font, as inline SVG whose glyphs are text in that font (searchable, copyable) where they can be.

WeasyPrint has no MathML layout. ziamath (pure Python) reads the font's MATH table (script
sizes, fraction rules, stretched delimiters, limits) and places each glyph; we draw the result
ourselves so that a glyph the font maps from a character is written as SVG <text> (WeasyPrint
makes it PDF text in the same font), and only stretched or assembled shapes are paths. Sizes
are in em, so an expression takes the size of the text around it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.render.mathml import Expression, parse_mathml, tokens

LAYOUT_SIZE = 20.0  # ziamath's font size in SVG units: 1 em; sizes are written in em
PRECISION = 3  # decimals of SVG coordinates (at 20 units an em: 1/20,000 em)
MARGIN = 0.5  # SVG units kept around the ink (a slanted glyph overhangs its box)
# Characters that take no room and need no glyph (function application, invisible times...).
INVISIBLE = frozenset("\u2061\u2062\u2063\u2064\u200b\u200c\u200d\ufeff")

_MATH = re.compile(r"<math\b[^>]*>.*?</math>", re.S)
# pandoc's markup for math its TeX reader could not read: the TeX, kept as text.
UNREAD = re.compile(r'<span class="math (?P<kind>inline|display)">(?P<tex>.*?)</span>', re.S)


@dataclass(frozen=True, slots=True)
class MathFont:
    path: Path  # an OpenType font with a MATH table, shipped in the style's fonts/
    family: str  # its family name, which the SVG text asks WeasyPrint for


@dataclass(frozen=True, slots=True)
class MathProblem:
    """Math that cannot be printed: what is wrong and the TeX it concerns (to locate it)."""

    message: str
    tex: str
    hint: str
    char: str = ""  # the character the font lacks, where that is the problem


@dataclass(frozen=True, slots=True)
class Typeset:
    svg: str  # an <svg> element sized in em, baseline on the surrounding text's baseline
    width: float  # em
    height: float  # em, above the baseline
    depth: float  # em, below the baseline


@dataclass(slots=True)
class _Canvas:
    """The SVG elements of one expression as they are drawn: text runs and paths."""

    font: MathFont
    elements: list[ET.Element] = field(default_factory=list)
    run: ET.Element | None = None  # the <text> being extended: same size, baseline, colour
    run_key: tuple[str, str, str] = ("", "", "")
    xs: list[str] = field(default_factory=list)

    def text(self, char: str, x: float, y: float, size: float, colour: str) -> None:
        """`char` as text at (x, y); colour "none": invisible, under a shape drawn as a path."""
        key = (_fmt(y), _fmt(size), colour)
        if self.run is None or key != self.run_key:
            self.close()
            run = ET.Element("text", {"y": key[0], "font-size": key[1]})
            run.set("font-family", self.font.family)
            if colour == "none":
                run.set("fill-opacity", "0")
            elif colour:
                run.set("fill", colour)
            run.text = ""
            self.run, self.run_key = run, key
        assert self.run is not None
        self.run.text = (self.run.text or "") + char
        self.xs.append(_fmt(x))

    def shape(self, element: ET.Element) -> None:
        self.close()
        self.elements.append(element)

    def close(self) -> None:
        if self.run is not None:
            self.run.set("x", " ".join(self.xs))
            self.elements.append(self.run)
        self.run, self.xs = None, []


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


@cache
def has_math_table(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            return "MATH" in font
    except Exception:  # not a font fontTools can read: not a math font
        return False


def typeset(expression: Expression, font: MathFont) -> Typeset:
    """Lay out one expression; raises MathLayoutError when ziamath cannot."""
    import ziamath

    ziamath.config.svg2 = False  # glyph shapes as plain paths (WeasyPrint draws no <symbol>)
    ziamath.config.precision = PRECISION
    try:
        laid_out = ziamath.Math(expression.element, size=LAYOUT_SIZE, font=str(font.path))
    except Exception as exc:  # ziamath raises what its code raises; any of it means "cannot"
        raise MathLayoutError(f"{type(exc).__name__}: {exc}") from exc
    canvas = _Canvas(font)
    _draw(laid_out.node, 0.0, 0.0, canvas)
    canvas.close()
    box = laid_out.node.bbox
    xmin, xmax = box.xmin - MARGIN, box.xmax + MARGIN
    top, bottom = box.ymax + MARGIN, box.ymin - MARGIN
    width, height = xmax - xmin, top - bottom
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "docbuild-math",
            "width": f"{_em(width)}em",
            "height": f"{_em(height)}em",
            "viewBox": f"{_fmt(xmin)} {_fmt(-top)} {_fmt(width)} {_fmt(height)}",
            "style": f"vertical-align: {_em(bottom)}em",
        },
    )
    svg.extend(canvas.elements)
    return Typeset(
        ET.tostring(svg, encoding="unicode"),
        width / LAYOUT_SIZE,
        top / LAYOUT_SIZE,
        -bottom / LAYOUT_SIZE,
    )


class MathLayoutError(Exception):
    """ziamath could not lay out an expression (its own exception, as text)."""


def _draw(node: object, x: float, y: float, canvas: _Canvas) -> None:
    """Draw ziamath's laid-out tree at (x, y), as its Mnode.draw does, glyphs our way."""
    from ziamath.drawable import Glyph
    from ziamath.nodes import Mnode

    if isinstance(node, Glyph):
        if not node.phantom:
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
    char = _codepoints(canvas.font.path).get(glyph.index, "")
    if _printable(char):
        canvas.text(char, x, y, size, colour)
        return
    # A script-size or display-size variant, a stretched or assembled delimiter, an accent:
    # the glyph's outline, with its character as invisible text on it so that the math is
    # still searchable and copies as what was written (as a scanned page's text layer does).
    path = glyph.place(x, y, size)
    if path is not None:
        if colour:
            path.set("fill", colour)
        canvas.shape(path)
    source = str(node.char)  # type: ignore[attr-defined]
    if _printable(source) and source in _characters(canvas.font.path):
        canvas.text(source, x, y, size, "none")


def missing_characters(expression: Expression, font: MathFont) -> list[str]:
    """Characters of the expression the font has no glyph for, in order, once each."""
    cmap = _characters(font.path)
    missing: list[str] = []
    for char in tokens(expression.element):
        if char.isspace() or char in INVISIBLE or char in cmap or char in missing:
            continue
        missing.append(char)
    return missing


def macro_preamble(macros: tuple[tuple[str, str], ...]) -> str:
    """docbuild.toml's `[math] macros` as TeX definitions, which pandoc applies to all math.

    The arguments are counted from the highest `#n` in the body, as \\newcommand wants them.
    """
    lines = []
    for name, body in macros:
        count = max((int(n) for n in re.findall(r"#([1-9])", body)), default=0)
        arguments = f"[{count}]" if count else ""
        lines.append(f"\\newcommand{{\\{name}}}{arguments}{{{body}}}")
    return "\n".join(lines) + "\n" if lines else ""


def math_elements(page: str) -> Iterator[re.Match[str]]:
    """Each `<math>` element of pandoc's HTML."""
    return _MATH.finditer(page)


def to_print_html(page: str, font: MathFont | None) -> tuple[str, list[MathProblem]]:
    """The page with each <math> element replaced by its SVG, and what could not be typeset.

    Inline math becomes `<svg class="docbuild-math">` on the text's baseline; display math the
    same inside `<span class="docbuild-math-display">` (print CSS centres it). The TeX is kept
    as the SVG's <title>, its accessible name.
    """
    problems: list[MathProblem] = [
        MathProblem(
            f"pandoc could not read the math '{_delimited(_unescape(m['tex']), m['kind'])}'",
            _strip_delimiters(_unescape(m["tex"])),
            "check the TeX: pandoc reads LaTeX math (amsmath) but not every package's commands; "
            "define a missing command with \\newcommand (docs/math.md)",
        )
        for m in UNREAD.finditer(page)
    ]
    done: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        markup = match[0]
        if markup in done:
            return done[markup]
        result = _replacement(markup, font, problems)
        done[markup] = result
        return result

    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # ziamath logs "Undefined element" for what it skips
    try:
        printed = _MATH.sub(replace, page)
    finally:
        quiet.setLevel(level)
    return printed, problems


def _replacement(markup: str, font: MathFont | None, problems: list[MathProblem]) -> str:
    try:
        expression = parse_mathml(markup)
    except ET.ParseError as exc:  # our bug or the sanitizer's, not the user's TeX
        raise ValueError(f"pandoc's MathML is not well-formed: {exc}: {markup[:200]}") from exc
    shown = _delimited(expression.tex, "display" if expression.display else "inline")
    if font is None:
        problems.append(
            MathProblem(
                f"the style ships no math font for '{shown}'",
                expression.tex,
                "add an OpenType math font (with a MATH table, e.g. STIX Two Math) to the "
                'style\'s fonts/ folder and name it in style.toml: math_font = "fonts/..."',
            )
        )
        return ""
    missing = missing_characters(expression, font)
    if missing:
        for char in missing:
            problems.append(
                MathProblem(
                    f"the math font '{font.family}' has no '{char}' "
                    f"(U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}) in '{shown}'",
                    expression.tex,
                    "write the symbol with a command the font has (docs/math.md lists the "
                    "fonts), or add a math font that has it to the style",
                    char,
                )
            )
        return ""
    try:
        result = typeset(expression, font)
    except MathLayoutError as exc:
        problems.append(
            MathProblem(
                f"cannot lay out the math '{shown}' ({exc})",
                expression.tex,
                "simplify the expression or report it with the TeX; docs/math.md lists "
                "what is supported",
            )
        )
        return ""
    svg = result.svg
    if expression.tex:
        title = ET.Element("title")
        title.text = expression.tex
        svg = svg.replace(">", ">" + ET.tostring(title, encoding="unicode"), 1)
    if expression.display:
        return f'<span class="docbuild-math-display">{svg}</span>'
    return svg


def _delimited(tex: str, kind: str) -> str:
    tex = _strip_delimiters(tex)
    shown = " ".join(tex.split())
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"$${shown}$$" if kind == "display" else f"${shown}$"


def _strip_delimiters(tex: str) -> str:
    tex = tex.strip()
    for left, right in (("$$", "$$"), ("$", "$"), ("\\[", "\\]"), ("\\(", "\\)")):
        if tex.startswith(left) and tex.endswith(right) and len(tex) >= len(left) + len(right):
            return tex[len(left) : len(tex) - len(right)].strip()
    return tex


def _unescape(text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _fmt(value: float) -> str:
    text = f"{value:.{PRECISION}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _em(units: float) -> str:
    text = f"{units / LAYOUT_SIZE:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def locate(files: tuple[Path, ...] | list[Path], problem: MathProblem) -> Location | None:
    """Where the problem's TeX is in the manuscript (spacing may differ); else its character.

    Files are searched in order, for the TeX between dollar signs, and then anywhere.

    pandoc expands macros before it writes the TeX it keeps, so an expression that uses one
    is not found as written: then the character the font lacks is looked for instead.
    """
    from docbuild.render.xref import find_text

    wanted = " ".join(problem.tex.split())
    texts: list[tuple[Path, str]] = []
    for path in files:
        try:
            texts.append((path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    # between dollars first: a short expression ($x^2$) is also part of longer ones
    between = re.compile(r"\$\$? ?(" + re.escape(wanted) + r") ?\$")
    for search in (lambda s: between.search(s), lambda s: re.search(re.escape(wanted), s)):
        for path, text in texts if wanted else []:
            squeezed, offsets = _squeeze(text)
            found = search(squeezed)
            if found:
                start = offsets[found.start(found.lastindex or 0)]
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                return Location(path, line, column)
    if problem.char:
        return find_text(list(files), problem.char)
    return None


def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` with each run of whitespace made one space, and each kept character's offset."""
    out: list[str] = []
    offsets: list[int] = []
    space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not space:
                out.append(" ")
                offsets.append(index)
            space = True
            continue
        space = False
        out.append(char)
        offsets.append(index)
    return "".join(out), offsets
