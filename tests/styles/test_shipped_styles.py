"""Every shipped style is complete: its files exist, its fonts are shipped with a licence, and
its CSS names no font it does not ship (the PDF build refuses machine fonts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from docbuild.style import PACKAGE_STYLES, STYLE_FILE, Style, load_style

SHIPPED = sorted(d.name for d in PACKAGE_STYLES.iterdir() if (d / STYLE_FILE).is_file())
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "inherit", "initial"}
FONT_FACE = re.compile(r"@font-face\s*{(?P<body>[^}]*)}", re.S)
FACE_FAMILY = re.compile(r"font-family\s*:\s*(?P<name>[^;]+);")
FACE_URL = re.compile(r"url\(\s*['\"]?(?P<url>[^'\")]+)['\"]?\s*\)")
FAMILY_USE = re.compile(r"(?<![-\w])font(?:-family)?\s*:\s*(?P<value>[^;}]+)")


def _families(value: str) -> list[str]:
    """The family names in a `font-family` value, or at the end of a `font` shorthand."""
    names = []
    for part in value.split(","):
        part = part.strip()
        quoted = re.search(r"[\"']([^\"']+)[\"']\s*$", part)
        names.append(quoted[1] if quoted else part.split()[-1] if part else "")
    return [n for n in names if n]


def _css(style: Style) -> list[Path]:
    return [*style.css_print, *style.css_screen]


@pytest.mark.parametrize("name", SHIPPED)
def test_the_style_files_exist(name: str) -> None:
    style = load_style(PACKAGE_STYLES / name)
    for path in (style.template, style.csl, *_css(style)):
        assert path.is_file(), f"{name}: {path.name} is named in style.toml but missing"
    assert style.fonts, f"{name}: no fonts shipped"
    licences = [p for p in (style.folder / "fonts").iterdir() if p.suffix in {".txt", ".md"}]
    assert licences, f"{name}: fonts/ has no licence file"
    assert any("SIL OPEN FONT LICENSE" in p.read_text(encoding="utf-8").upper() for p in licences)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_font_face_points_at_a_shipped_font(name: str) -> None:
    style = load_style(PACKAGE_STYLES / name)
    for css in _css(style):
        for face in FONT_FACE.finditer(css.read_text(encoding="utf-8")):
            for url in FACE_URL.findall(face["body"]):
                font = (css.parent / url).resolve()
                assert font in {f.resolve() for f in style.fonts}, f"{css.name}: {url}"
                TTFont(font, lazy=True).close()  # a real font file, not a pointer or a typo


@pytest.mark.parametrize("name", SHIPPED)
def test_css_names_only_fonts_it_declares(name: str) -> None:
    """The first family of every `font`/`font-family` is shipped; later ones are fallbacks
    for browsers (the HTML edition), which the PDF never reaches."""
    style = load_style(PACKAGE_STYLES / name)
    for css in _css(style):
        text = css.read_text(encoding="utf-8")
        faces = [m["body"] for m in FONT_FACE.finditer(text)]
        declared = {_families(m["name"])[0] for body in faces for m in FACE_FAMILY.finditer(body)}
        rules = FONT_FACE.sub("", text)
        first = {_families(m["value"])[0] for m in FAMILY_USE.finditer(rules)}
        assert first, f"{css.name} sets no font"
        assert first - GENERIC <= declared, f"{css.name} names undeclared {first - declared}"


# What scholarly prose types outside math: the Greek alphabet, relations and operators, arrows.
GREEK = "".join(chr(c) for c in [*range(0x391, 0x3AA), *range(0x3B1, 0x3CA)] if c != 0x3A2)
RUNNING_TEXT = GREEK + "∈∉≤≥±×÷⊤⊥≈≠≡∞∂∇∑∏√∀∃∘·°′″→←↔⇒⇔↦…–—"
RULE = re.compile(r"(?P<selector>[^{}]+){(?P<body>[^{}]*)}")


def _face_files(css: Path) -> dict[str, list[Path]]:
    """Each @font-face family of `css` and the font files it points at."""
    faces: dict[str, list[Path]] = {}
    for face in FONT_FACE.finditer(css.read_text(encoding="utf-8")):
        family = _families(FACE_FAMILY.search(face["body"])["name"])[0]  # type: ignore[index]
        faces.setdefault(family, []).extend(css.parent / u for u in FACE_URL.findall(face["body"]))
    return faces


@pytest.mark.parametrize("name", SHIPPED)
def test_the_print_text_fonts_set_greek_and_running_text_symbols(name: str) -> None:
    """Every text rule's family list (code aside: its font is its own) reaches a shipped face
    for each character, so the PDF never falls back to a machine font for them."""
    style = load_style(PACKAGE_STYLES / name)
    for css in style.css_print:
        faces = _face_files(css)
        rules = FONT_FACE.sub("", css.read_text(encoding="utf-8"))
        for rule in RULE.finditer(rules):
            if re.search(r"\b(code|pre)\b", rule["selector"]):
                continue
            for use in FAMILY_USE.finditer(rule["body"]):
                covered: set[int] = set()
                for family in _families(use["value"]):
                    for path in faces.get(family, []):
                        with TTFont(path, lazy=True) as font:
                            covered.update(font.getBestCmap() or {})
                lacking = "".join(c for c in RUNNING_TEXT if ord(c) not in covered)
                assert not lacking, f"{css.name} {rule['selector'].strip()}: no font has {lacking}"


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_font_has_its_licence_beside_it(name: str) -> None:
    style = load_style(PACKAGE_STYLES / name)
    licences = " ".join(
        p.read_text(encoding="utf-8").lower()
        for p in (style.folder / "fonts").iterdir()
        if p.suffix in {".txt", ".md"}
    )
    for path in style.fonts:
        with TTFont(path, lazy=True) as font:
            family = font["name"].getDebugName(1) or path.stem
        assert family.split()[0].lower() in licences, f"{name}: no licence names {family}"


CODE_RULE = re.compile(r"(?<![-\w])code\s*,\s*pre\s*{(?P<body>[^}]*)}")


@pytest.mark.parametrize("name", SHIPPED)
def test_code_is_set_in_a_shipped_monospace_font(name: str) -> None:
    """Both editions set code in a fixed-pitch font of the style's own (with its licence),
    never hyphenated: the body serif and `hyphens: auto` had broken identifiers."""
    style = load_style(PACKAGE_STYLES / name)
    fixed = set()
    for path in style.fonts:
        with TTFont(path, lazy=True) as font:
            if font["post"].isFixedPitch:
                fixed.add(font["name"].getDebugName(1))
    assert fixed, f"{name}: no monospace font in fonts/"
    licences = " ".join(
        p.read_text(encoding="utf-8") for p in (style.folder / "fonts").glob("*.txt")
    )
    for family in fixed:
        assert family in licences, f"{name}: no licence file names {family}"
    for css in _css(style):
        rule = CODE_RULE.search(css.read_text(encoding="utf-8"))
        assert rule, f"{css.name} has no `code, pre` rule"
        families = _families(FACE_FAMILY.search(rule["body"] + ";")["name"])  # type: ignore[index]
        assert families[0] in fixed, f"{css.name}: code is set in {families[0]}"
        assert "hyphens: none" in rule["body"], f"{css.name}: code may be hyphenated"
