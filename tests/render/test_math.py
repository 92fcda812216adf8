"""render/math.py and render/mathml.py: pandoc's MathML to SVG in the style's math font.

The MathML comes from the real pandoc, as in a build; the layout from the real ziamath.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from docbuild.render.math import math_font, missing_characters, typeset
from docbuild.render.mathml import THICK, THIN, parse_mathml
from docbuild.render.mathpage import (
    MathProblem,
    MathTimeout,
    locate,
    to_image,
    to_print_html,
)
from docbuild.render.pandoc import pandoc_path
from docbuild.style import PACKAGE_STYLES

FONT = math_font(PACKAGE_STYLES / "gfpr" / "fonts" / "STIXTwoMath-Regular.ttf")


def pandoc_html(markdown: str) -> str:
    return subprocess.run(
        [pandoc_path(), "-f", "markdown", "-t", "html5", "--mathml"],
        input=markdown.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()


def mathml(tex: str, *, display: bool = False) -> str:
    page = pandoc_html(f"$${tex}$$" if display else f"${tex}$")
    match = re.search(r"<math.*?</math>", page, re.S)
    assert match, page
    return match[0]


def test_the_tex_is_kept_and_the_annotation_removed() -> None:
    expression = parse_mathml(mathml(r"\frac{a}{b}"))
    assert expression.tex == r"\frac{a}{b}"
    assert not expression.display
    assert expression.element.find(".//annotation") is None
    assert expression.element.find(".//semantics") is None
    assert expression.element.find(".//mfrac") is not None


def test_an_inline_integral_keeps_its_size() -> None:
    """ziamath would stretch ∫ to its row: TeX never does (a display picks the large size)."""
    integral = parse_mathml(mathml(r"\int_0^1 f(x)\,dx")).element.find(".//mo")
    assert integral is not None and integral.text == "∫"
    assert integral.get("stretchy") == "false"


def test_binary_operators_and_relations_are_spaced_as_in_tex() -> None:
    root = parse_mathml(mathml(r"A \cup B \subset C")).element
    union, subset = (mo for mo in root.iter("mo"))
    assert union.get("lspace") == union.get("rspace") != "0em"
    assert subset.get("lspace") == subset.get("rspace") == THICK


def test_a_leading_binary_operator_is_unary() -> None:
    """texmath writes a unary ± as <mi>; TeX gives it no space (a ± b keeps its spaces)."""
    unary = next(parse_mathml(mathml(r"\pm x")).element.iter("mi"))
    binary = next(parse_mathml(mathml(r"a \pm b")).element.iter("mo"))
    assert unary.get("lspace") == unary.get("rspace") == "0em"
    assert binary.get("lspace") == binary.get("rspace") != "0em"


def space_after_name(tex: str) -> str | None:
    """The space between the operator name and what follows it in `tex`'s layout."""
    root = parse_mathml(mathml(tex)).element
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            name = child if child.tag == "mtext" else child.find("mtext")
            if name is None or i + 1 >= len(children):
                continue
            after = child[-1] if child is not name and child[-1].tag == "mo" else children[i + 1]
            return after.get("rspace") if after.tag == "mo" else after.get("width")
    return None


def test_an_operator_name_is_spaced_before_an_operand_as_in_tex() -> None:
    """TeX sets `\\log g` with a thin space, `\\log(x)` without. texmath writes `\\log` inside
    `\\left[...\\right]` with no function application (computorg/published-202311-delattre-fim's
    `E_\\theta\\left[\\partial_\\theta \\log g(Y;\\theta)\\right]` printed "logg"), and a name
    that starts the expression (`$\\sin x$`) lost its space too."""
    assert space_after_name(r"E_\theta\left[\partial_\theta \log g(Y;\theta) \right]") == THIN
    assert space_after_name(r"\sin x") != "0em"
    assert space_after_name(r"\sin x") is not None
    assert space_after_name(r"\left[\log(x)\right]") == "0em"  # the fence follows: no space


def test_an_empty_text_is_laid_out_as_nothing() -> None:
    """computorg/published-202402-elmasri-optimal:291 writes
    `{\\widehat{\\Sigma}^{\\text{}}_\\text{opt}}`: ziamath failed on the empty <mtext>
    (IndexError), which is an empty row now."""
    expression = parse_mathml(mathml(r"{\widehat{\Sigma}^{\text{}}_\text{opt}}"))
    assert expression.element.find(".//mtext[.='']") is None
    typeset(expression, FONT)  # raised MathLayoutError before


def test_overline_is_a_rule_and_hat_a_fixed_accent() -> None:
    over = parse_mathml(mathml(r"\overline{AB}")).element.find(".//mover/mo")
    hat = parse_mathml(mathml(r"\hat{x}")).element.find(".//mover/mo")
    assert over is not None and over.text == "\u2015"
    assert hat is not None and hat.text == "\u02c6"


def test_big_delimiters_get_a_size_ziamath_reads() -> None:
    paren = next(parse_mathml(mathml(r"\bigl( x \bigr)")).element.iter("mo"))
    assert paren.get("minsize") == "1.2em"


def test_an_expression_is_svg_text_in_the_math_font_on_the_baseline() -> None:
    result = typeset(parse_mathml(mathml(r"y_i = x^\top \beta")), FONT)
    svg = ET.fromstring(result.svg)
    texts = svg.findall("{http://www.w3.org/2000/svg}text")
    assert texts and {t.get("font-family") for t in texts} == {"STIX Two Math"}
    printed = "".join(t.text or "" for t in texts)
    assert "𝑦" in printed and "𝛽" in printed and "=" in printed
    assert "\\" not in printed and "{" not in printed
    assert result.depth > 0.1
    # the subscript hangs below the baseline: the image is lowered by the math's depth
    image = to_image(result, "y_i")
    lowered = re.search(r"vertical-align: (-[0-9.]+)em", image)
    assert lowered and float(lowered[1]) == pytest.approx(-result.depth, abs=1e-4)


def test_a_stretched_delimiter_is_a_path_with_its_character_as_invisible_text() -> None:
    result = typeset(parse_mathml(mathml(r"\left( \frac{a}{b} \right)", display=True)), FONT)
    svg = ET.fromstring(result.svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.findall(f"{ns}path")
    hidden = [t for t in svg.findall(f"{ns}text") if t.get("fill-opacity") == "0"]
    assert "(" in "".join(t.text or "" for t in hidden)


def test_the_page_gets_svg_for_each_math_element() -> None:
    page = pandoc_html("Inline $a^2$ and display:\n\n$$\\sum_{i=1}^n i$$\n")
    printed, problems = to_print_html(page, FONT)
    assert problems == []
    assert "<math" not in printed
    assert printed.count('<img class="docbuild-math" alt="') == 2
    assert printed.count('<span class="docbuild-math-display">') == 1
    assert 'alt="a^2"' in printed  # the TeX, as the image's accessible name


def test_a_character_the_font_lacks_is_a_problem_naming_it() -> None:
    page = pandoc_html("Chinese: $\\text{中} + x$\n")
    printed, problems = to_print_html(page, FONT)
    assert problems == [
        MathProblem(
            "the math font 'STIX Two Math' has no '中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D) in "
            "'$\\text{中} + x$'",
            "\\text{中} + x",
            "write the symbol with a command the font has (docs/math.md lists the fonts), or "
            "add a math font that has it to the style",
            "中",
        )
    ]
    assert "<math" not in printed


def test_math_pandoc_could_not_read_is_a_problem() -> None:
    page = pandoc_html("A section sign $\\S 3$ here.\n")
    _, problems = to_print_html(page, FONT)
    assert [p.message for p in problems] == ["pandoc could not read the math '$\\S 3$'"]
    assert problems[0].tex == "\\S 3"


def test_without_a_math_font_math_is_a_problem() -> None:
    printed, problems = to_print_html(pandoc_html("$x$\n"), None)
    assert [p.message for p in problems] == ["the style ships no math font for '$x$'"]
    assert "<math" not in printed


def test_missing_characters_are_listed_once() -> None:
    expression = parse_mathml(mathml("\\text{中中} + \\text{😀}"))
    assert missing_characters(expression, FONT) == ["中", "😀"]


@pytest.mark.parametrize(
    ("tex", "line", "column"),
    [("x^2 + y^2", 3, 6), ("\\frac{a}{b} = c", 6, 3)],
)
def test_an_expression_is_found_in_the_manuscript(
    tmp_path: Path, tex: str, line: int, column: int
) -> None:
    other = tmp_path / "00-front.md"
    other.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    body = tmp_path / "01-body.md"
    body.write_text("# A\n\nSee $x^2 +\n  y^2$ and\n\n$$\\frac{a}{b}   = c$$\n", encoding="utf-8")
    found = locate([other, body], MathProblem("m", tex, "h"))
    assert found is not None and found.path == body
    assert (found.line, found.column) == (line, column)


def test_an_expanded_macro_is_found_by_its_character(tmp_path: Path) -> None:
    body = tmp_path / "01-body.md"
    body.write_text("Intro.\n\nThe set $\\S$ and 中.\n", encoding="utf-8")
    found = locate([body], MathProblem("m", "\\text{中}", "h", "中"))
    assert found is not None and (found.line, found.column) == (3, 18)


CORPUS = Path(__file__).parent / "math" / "torture.md"
REAL = sorted((Path(__file__).parents[1] / "realworld" / "math").glob("*/math.md"))


def test_the_ziamath_shortcuts_change_nothing(tmp_path: Path) -> None:
    """render/mathspeed.py's shortcuts: the SVG of the torture file and of the real papers'
    math, byte for byte, with and without them (the plain run is a fresh process, where they
    were never installed)."""
    script = tmp_path / "plain.py"
    script.write_text(
        "import sys, json, re\n"
        "import docbuild.render.math as m\n"
        "from docbuild.render.mathml import parse_mathml\n"
        "m.speed_up_ziamath = lambda: None\n"
        "font = m.math_font(__import__('pathlib').Path(sys.argv[1]))\n"
        "page = sys.stdin.read()\n"
        "found = re.findall(r'<math.*?</math>', page, re.S)\n"
        "print(json.dumps([m.typeset(parse_mathml(x), font).svg for x in found]))\n",
        encoding="utf-8",
    )
    sources = [CORPUS, *REAL]
    page = pandoc_html("\n\n".join(path.read_text(encoding="utf-8") for path in sources))
    plain = subprocess.run(
        [sys.executable, str(script), str(FONT.path)],
        input=page.encode(),
        capture_output=True,
        check=True,
    )
    expected = json.loads(plain.stdout)
    found = re.findall(r"<math.*?</math>", page, re.S)
    assert len(found) == len(expected) > 400
    assert [typeset(parse_mathml(x), FONT).svg for x in found] == expected


def test_images_are_kept_for_the_next_build(tmp_path: Path) -> None:
    cache = tmp_path / "math-cache.json"
    page = pandoc_html("$a^2$ and $b_1$ and $a^2$\n")
    first, _ = to_print_html(page, FONT, cache=cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert kept["version"] == 1 and len(kept["images"]) == 2  # one per different expression
    again, _ = to_print_html(page, FONT, cache=cache)
    assert again == first
    # an entry no page uses any more is dropped; a damaged cache is ignored and rewritten
    to_print_html(pandoc_html("$b_1$\n"), FONT, cache=cache)
    assert len(json.loads(cache.read_text(encoding="utf-8"))["images"]) == 1
    cache.write_text("{not json", encoding="utf-8")
    assert to_print_html(page, FONT, cache=cache)[0] == first


def test_a_stalling_expression_is_stopped_at_the_time_limit() -> None:
    """Each \\left ... \\right row is laid out twice by its parent: 2^depth (hostile input)."""
    nested = "\\left(" * 40 + "x" + "\\right)" * 40
    with pytest.raises(MathTimeout):
        to_print_html(pandoc_html(f"${nested}$\n"), FONT, timeout=2.0)


def test_the_svg_is_written_as_elementtree_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """math._markup against ET.tostring, on every expression of the torture file and the JOSS
    papers (the images' bytes, and so the math cache and the PDF, stay what they were)."""
    import docbuild.render.math as math_module

    written = math_module._markup
    pairs: list[tuple[str, str]] = []

    def both(svg: ET.Element) -> str:
        pairs.append((written(svg), ET.tostring(svg, encoding="unicode")))
        return pairs[-1][0]

    monkeypatch.setattr(math_module, "_markup", both)
    page = pandoc_html("\n\n".join(path.read_text(encoding="utf-8") for path in [CORPUS, *REAL]))
    for markup in re.findall(r"<math.*?</math>", page, re.S):
        typeset(parse_mathml(markup), FONT)
    assert len(pairs) > 400
    assert [ours for ours, _ in pairs] == [theirs for _, theirs in pairs]
    odd = ET.Element("svg", {"a": 'x&<>"\r\n\t'})
    ET.SubElement(odd, "text").text = "a & b < c > d"
    odd[0].tail = "&"
    assert written(odd) == ET.tostring(odd, encoding="unicode")


def test_the_uri_is_encoded_as_quote_encodes_it() -> None:
    from urllib.parse import quote

    from docbuild.render.mathpage import URI_SAFE, percent_encoded

    text = "".join(chr(c) for c in range(0x30000) if not 0xD800 <= c < 0xE000)
    assert percent_encoded(text) == quote(text, safe=URI_SAFE)


@pytest.mark.parametrize(
    "xml",
    [
        "<math><mrow><mi>a</mi>\r\n<mo>=</mo><mn>1</mn></mrow></math>",
        '<math display="block"><mtext>a &amp; b</mtext><mi/></math>',
        '<math xmlns:x="urn:x"><mi x:a="1">&#946;</mi></math>',
    ],
)
def test_an_expression_without_mstyle_is_copied_as_xml_reads_it_back(xml: str) -> None:
    """mathspeed's apply_mstyle shortcut: the copy is what ziamath's write-and-parse gives."""
    from docbuild.render.mathspeed import _read_back

    element = ET.fromstring(xml)
    element.tail, element[0].tail = "\n", "x\ry"
    copied, read = _read_back(element), ET.fromstring(ET.tostring(element))
    assert copied is not None and copied is not element
    assert [(e.tag, e.attrib, e.text, e.tail) for e in copied.iter()] == [
        (e.tag, e.attrib, e.text, e.tail) for e in read.iter()
    ]


def test_an_expression_with_mstyle_is_left_to_ziamath() -> None:
    from docbuild.render.mathspeed import _read_back

    styled = ET.fromstring('<math><mstyle mathcolor="red"><mi>x</mi></mstyle></math>')
    assert _read_back(styled) is None
    unreadable = ET.fromstring("<math><mi>x</mi></math>")
    unreadable[0].text = "\x01"  # ET writes it, and cannot read it back: ziamath's error stays
    assert _read_back(unreadable) is None


def test_styled_characters_and_substitutions_are_looked_up_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """mathspeed's memos: laying the same expression out again reads neither ziamath's table
    of styled alphabets nor the font's substitution features (it did for every glyph)."""
    from ziafont.gsub import Gsub
    from ziamath import styles

    expression = parse_mathml(mathml(r"x_1^2 + \beta_{ij} \le \mathbb{R}"))
    first = typeset(expression, FONT)
    reads: list[str] = []

    class Counted(list):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            reads.append("styled")
            return super().__iter__()

    features = Gsub.features_available

    def counted(self: Gsub) -> object:
        reads.append("features")
        return features(self)

    monkeypatch.setattr(styles, "subtables", Counted(styles.subtables))
    monkeypatch.setattr(Gsub, "features_available", counted)
    assert typeset(expression, FONT) == first
    assert reads == []


def test_the_layout_workers_leave_what_they_inherit_out_of_their_collections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    import docbuild.render.math as math_module
    from docbuild.render.mathpage import _lay_out

    def frozen(expression: object, font: object) -> object:  # what each worker inherited
        raise math_module.MathLayoutError(f"frozen {gc.get_freeze_count()}")

    monkeypatch.setattr(math_module, "typeset", frozen)
    laid_out = _lay_out([mathml("x")] * 50, FONT, 2, 60.0)
    counts = [int(re.findall(r"frozen (\d+)", found[0].message)[0]) for _, found in laid_out]
    assert len(counts) == 50 and min(counts) > 1000
    assert gc.get_freeze_count() == 0  # the parent's heap is collected as before


def test_the_styles_stix_two_math_is_not_read_again_when_it_is_ziamaths_own(
    tmp_path: Path,
) -> None:
    from ziamath.zmath import loadedfonts

    from docbuild.render.math import preload

    other = tmp_path / "other.ttf"  # the same font under another name: read, not shared
    data = FONT.path.read_bytes()
    other.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    before = {key: loadedfonts.pop(key, None) for key in (str(FONT.path), str(other))}
    try:
        preload(FONT)
        assert loadedfonts[str(FONT.path)].fontfile is loadedfonts["default"].fontfile
        preload(math_font(other))
        assert loadedfonts[str(other)].fontfile is not loadedfonts["default"].fontfile
    finally:
        for key, font in before.items():
            loadedfonts.pop(key, None)
            if font is not None:
                loadedfonts[key] = font
