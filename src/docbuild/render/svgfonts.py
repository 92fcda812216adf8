"""The PDF's text in the style's fonts: an SVG figure's, and a character they lack named.

A figure exported from Illustrator or matplotlib names its own fonts (`font-family="Roboto,
Roboto_MSFontService,sans-serif"`); WeasyPrint would set that text in whatever the machine
has, so the same paper would print differently on two machines (and the PDF step refuses a
machine font). The fetcher hands WeasyPrint each SVG with every family the style does not ship
replaced by the style's text family, and the root given that family; before WeasyPrint runs,
a character of the SVG's text that the style's font lacks is an error naming the SVG, the
font and the characters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Sequence
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import PdfRenderError

_ATTR = re.compile(rb"""(font-family\s*=\s*)(["'])(.*?)\2""", re.S)
_CSS = re.compile(rb"""(font-family\s*:\s*)([^;"}<]+)""")
SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)  # an SVG's root tag (render/svgfigure.py too)
_TEXT = re.compile(r"<(?:text|tspan|textPath)\b[^>]*>([^<]*)", re.S)
_IMG = re.compile(r"""<img\b[^>]*\bsrc=["']([^"':]+\.svg)["']""", re.I)


def text_font(fonts: Sequence[Path]) -> tuple[str, Path] | None:
    """The style's text family and its regular font file: the first font that is neither a
    math font nor, where there is another, a monospaced one (ieee's Liberation Mono sorts
    before its Liberation Serif), a Regular face preferred."""
    from fontTools.ttLib import TTFont

    found: list[tuple[str, Path]] = []
    for path in fonts:
        try:
            with TTFont(path, lazy=True) as font:
                family = font["name"].getBestFamilyName()
                if family and "MATH" not in font and "Math" not in family:
                    found.append((family, path))
        except Exception:  # a font fontTools cannot read is not one to set text in
            continue
    found = [f for f in found if not _fixed_pitch(f[1])] or found
    regular = [f for f in found if "regular" in f[1].name.lower()]
    return (regular or found or [None])[0]


def _families(value: bytes) -> list[str]:
    return [f.strip().strip("'\"").strip() for f in value.decode("utf-8", "replace").split(",")]


def set_svg_fonts(data: bytes, family: str, allowed: Collection[str]) -> bytes:
    """`data` with each font-family the style does not ship replaced by `family`, and the root
    <svg> given `family` (text that names no font inherits it)."""
    wanted = family.encode("utf-8")

    def keep(value: bytes) -> bool:
        return any(f in allowed for f in _families(value))

    def attr(m: re.Match[bytes]) -> bytes:
        return m[0] if keep(m[3]) else m[1] + m[2] + wanted + m[2]

    def css(m: re.Match[bytes]) -> bytes:
        return m[0] if keep(m[2]) else m[1] + b"'" + wanted + b"'"

    out = _CSS.sub(css, _ATTR.sub(attr, data))
    root = SVG_ROOT.search(out)
    if root is not None and b"font-family" not in root[0]:
        tag = root[0]
        at = tag.rstrip(b"/>").rstrip() if tag.endswith(b"/>") else tag[:-1]
        end = tag[len(at) :]
        out = out[: root.start()] + at + b' font-family="' + wanted + b'"' + end + out[root.end() :]
    return out


def svg_text(data: bytes) -> str:
    """The characters an SVG's text elements draw."""
    text = data.decode("utf-8", "replace")
    return "".join(html.unescape(t) for t in _TEXT.findall(text))


def uncovered(page: str, fonts: Sequence[Path]) -> list[str]:
    """The characters of the page's text that none of the `fonts` has, in order of appearance:
    which character made WeasyPrint take a machine font. A math font counts: the shipped
    styles name STIX Two Math after the text face, for ∈ ≤ ⊤ in running text."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in fonts:
        try:
            with TTFont(path, lazy=True) as tt:
                covered.update(tt.getBestCmap() or {})
        except Exception:  # a font fontTools cannot read covers nothing
            continue
    # not the endnotes: every style's print CSS hides them (the notes print at the page foot)
    body = re.sub(r'<section id="footnotes".*?</section>', " ", page, flags=re.S)
    body = re.sub(r"<(script|style|math)\b.*?</\1>|<[^>]+>", " ", body, flags=re.S)
    text = html.unescape(body)
    return list(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in covered))


def lacking_character(
    page: str, fonts: Sequence[Path], manuscript: Sequence[Path], family: str
) -> PdfRenderError | None:
    """The error for the first character of the page none of the style's text fonts has,
    at its place in the manuscript; None when WeasyPrint took the machine's font otherwise."""
    from docbuild.render.places import find_text

    lacking = uncovered(page, fonts)
    whose = "the style's fonts lack"
    if not lacking:
        # Only the code font has it (Liberation Mono's Hebrew, beside gfpr's Charis SIL and
        # Gentium Plus): the prose's font-family lists do not name it, so Pango took the
        # machine's font for the prose.
        lacking = uncovered(_CODE.sub(" ", page), [f for f in fonts if not _fixed_pitch(f)])
        whose = "the style's text fonts lack (its code font has them)"
    if not lacking:
        return None
    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in lacking[:5])
    return PdfRenderError(
        f"the PDF would use the machine's font '{family}', which the style does not ship; "
        f"the text has {shown}, which {whose}",
        location=find_text(manuscript, lacking[0]),
        hint=_font_hint(
            lacking[0],
            "write it another way (in math: $\\eta$), or add a font "
            "that has it (free licence) to the style's fonts/ folder",
        ),
    )


_CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.S)


def _fixed_pitch(path: Path) -> bool:
    """A monospaced font (its `post` table says so): the code font."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as tt:
            return bool(tt["post"].isFixedPitch)
    except Exception:  # a font fontTools cannot read is no code font
        return False


# A script no shipped style sets, and a free font that does: named in the hint, with why the
# styles do not ship it (docs/styles.md, "Text the main face cannot set").
_SCRIPT_FONTS = (
    (("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"), "Chinese, Japanese or Korean",
     "Noto Serif CJK or Source Han Serif (SIL OFL; 91 MB in Debian's fonts-noto-cjk, too large "
     "to ship in every style)"),
    (("ARABIC",), "Arabic-script", "Scheherazade New or Noto Naskh Arabic (SIL OFL)"),
    (("HEBREW",), "Hebrew", "Ezra SIL or Noto Serif Hebrew (SIL OFL)"),
    (("DEVANAGARI",), "Devanagari", "Noto Serif Devanagari (SIL OFL)"),
)  # fmt: skip


def _font_hint(char: str, hint: str) -> str:
    """`hint`, with a font for `char`'s script where it is one that no shipped style sets."""
    import unicodedata

    name = unicodedata.name(char, "")
    for prefixes, script, font in _SCRIPT_FONTS:
        if name.startswith(prefixes):
            return f"{hint}; for {script} text: {font}, with its licence, in a copy of the style"
    return hint


def no_glyph_error(characters: str, manuscript: Sequence[Path]) -> PdfRenderError:
    """The error for characters that neither the style's fonts nor the machine's have."""
    from docbuild.render.places import find_text

    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in characters[:5])
    return PdfRenderError(
        f"the PDF would print an empty box for {shown}: no font of the style has it",
        location=find_text(manuscript, characters[0]) if characters else None,
        hint=_font_hint(
            characters[:1] or " ",
            "write it another way, or add a font that has it "
            "(free licence) to the style's fonts/ folder and its font-family lists",
        ),
    )


def check_svg_glyphs(page: str, root: Path, font: tuple[str, Path] | None) -> None:
    """PdfRenderError naming the first SVG figure of `page` whose text has characters the
    style's text font lacks, with the font and the characters."""
    if font is None:
        return
    from fontTools.ttLib import TTFont

    with TTFont(font[1], lazy=True) as tt:
        cmap = tt.getBestCmap() or {}
    for src in dict.fromkeys(_IMG.findall(page)):
        path = root / html.unescape(src)
        try:
            data = path.read_bytes()
        except OSError:
            continue  # reported as a missing resource
        lacking = sorted({c for c in svg_text(data) if not c.isspace() and ord(c) not in cmap})
        if lacking:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in lacking[:8])
            raise PdfRenderError(
                f"figure '{src}' has text the style's font '{font[0]}' cannot set: {shown}",
                location=Location(path, 0),
                hint="export the figure with its text as outlines, or as PNG, or use a style "
                "whose fonts have these characters",
            )
