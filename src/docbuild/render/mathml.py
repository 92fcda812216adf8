"""pandoc's MathML made ready for ziamath: parsed, TeX source taken out, known gaps filled. Pure.

pandoc (texmath) writes MathML that browsers lay out well; ziamath, which lays it out for the
PDF, reads some of it differently from TeX. Each rewrite below fixes one difference seen on the
math corpus (tests/render/math/torture.md, tests/realworld/math/), and changes only attributes
or the character of an operator, never the structure pandoc chose (but for a thin space added
where TeX puts one, and an empty `\\text{}` made an empty row).
"""

from __future__ import annotations

import contextlib
import html.entities
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
TEX_ENCODING = "application/x-tex"

# Integrals and big operators keep their size: ziamath would stretch an inline ∫ or ⋃ to the
# height of its row (TeX never stretches them; display style picks the larger size).
LARGE_OPERATORS = frozenset("∫∬∭∮∯∰∱∲∳⨌∑∏∐⋃⋂⨀⨁⨂⨄⨆⋀⋁")

# TeX's spacing around binary operators (\medmuskip, 4/18 em) and relations (\thickmuskip,
# 5/18 em), which ziamath's operator table lacks for many of them (a \cup b, A \subset B set
# tight). A binary operator with no operand before it is unary and gets none (TeX's rule).
BINARY = frozenset("\\+−±∓×÷·∘∗⋆∪∩∖⊕⊖⊗⊘⊙⊎⊓⊔∧∨⋄△▽†‡≀⨿⊞⊠⋅∔")
RELATIONS = frozenset(
    "=<>≤≥≠≈≡≢∼≃≅≇∝≪≫⊂⊃⊆⊇⊊⊋⊄⊅∈∉∋∌⊥∥∦∣∤≺≻⪯⪰≼≽⊨⊢⊣⊩→←↔⇒⇐⇔↦↪↩↑↓↕⟶⟵⟷⟹⟸⟺"
    "≔≕≐≍⊏⊐⊑⊒≁≉≲≳⋘⋙⇌⇋⇀↼⇁↽⇄⇆≜≝≞≟≺≻⋖⋗⩽⩾≦≧≨≩⊲⊳⊴⊵∽≊≋"
)
# ziamath reads an em as 1.333 font sizes (10 pt at 1.333 px a point, scaled by size/10), so
# its own named spaces are a third too wide; ours are written in its em.
ZIAMATH_EM = 1.333


def ziamath_em(em: float) -> str:
    """A length of `em` font sizes as ziamath must be told it."""
    return f"{em / ZIAMATH_EM:.4f}em"


MEDIUM, THICK, THIN = ziamath_em(4 / 18), ziamath_em(5 / 18), ziamath_em(3 / 18)
# an <mspace> we add is written in TeX's em, as pandoc writes \, (the rewrite converts each once)
THIN_SPACE = f"{3 / 18}em"
COLUMN_GAP = ziamath_em(1.0)  # matrix and cases columns: TeX's 2 \arraycolsep, a \quad
PAIR_GAP = ziamath_em(2.0)  # between align's column pairs (rl rl)
# Ordinary symbols ziamath spaces as operators (TeX sets ∂x and ∇φ tight).
ORDINARY = frozenset("∂∇∞∅′″‴")
PUNCTUATION = frozenset(",;")  # TeX: a thin space after, none before (ziamath: 6/18 em)
APPLY = "\u2061"  # function application, which pandoc writes after \sin, \max, \operatorname
# LaTeX's operator names (\log, \sin, ...: amsmath's \DeclareMathOperator'd ones and TeX's own)
OPERATOR_NAMES = frozenset({
    "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "det",
    "dim", "exp", "gcd", "hom", "inf", "ker", "lg", "lim", "liminf", "limsup", "ln", "log",
    "max", "min", "Pr", "sec", "sin", "sinh", "sup", "tan", "tanh",
})  # fmt: skip
ROWS = frozenset({"mrow", "math", "mtd", "mstyle", "mpadded", "mphantom", "msqrt", "menclose"})
SCRIPTED = frozenset({"msub", "msup", "msubsup", "munder", "mover", "munderover"})

# texmath's \overline is a macron accent; ziamath draws U+2015 over a base as a rule of the
# base's width, which is what \overline means (\bar stays a short accent: texmath writes U+203E).
OVERLINE, RULE = "\u00af", "\u2015"

# TeX's \hat, \tilde... over one letter keep their size; texmath writes the combining mark,
# which ziamath widens to the base (as \widehat). Its spacing form is not widened.
FIXED_ACCENTS = {
    "\u0302": "\u02c6",  # \hat
    "\u0303": "\u02dc",  # \tilde
    "\u030c": "\u02c7",  # \check
    "\u0306": "\u02d8",  # \breve
}

_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


@dataclass(frozen=True, slots=True)
class Expression:
    element: ET.Element  # <math> without namespace, <semantics> or <annotation>, rewritten
    tex: str  # the TeX source pandoc kept in <annotation>; "" when there is none
    display: bool  # display math (block), or inline


def parse_mathml(markup: str) -> Expression:
    """One `<math>` element as pandoc (or an HTML serializer after it) wrote it.

    Raises xml.etree.ElementTree.ParseError when the markup is not well-formed.
    """
    root = ET.fromstring(_numeric_entities(markup))
    _strip_namespace(root)
    tex = ""
    for semantics in list(root.iter("semantics")):
        for note in semantics.findall("annotation") + semantics.findall("annotation-xml"):
            if note.get("encoding") == TEX_ENCODING and note.text:
                tex = note.text.strip()
            semantics.remove(note)
    _unwrap(root, "semantics")
    display = root.get("display") == "block"
    rewrite(root)
    return Expression(root, tex, display)


def rewrite(root: ET.Element) -> None:
    """Apply the rewrites (module docstring) to `root` in place."""
    for element in root.iter("mtext"):
        if not element.text and len(element) == 0:
            # `\\text{}` (an empty superscript a Computo article writes): ziamath fails on an
            # empty token; an empty row is what TeX sets, nothing
            element.tag = "mrow"
    _apply_after_scripts(root)
    _function_names(root)
    for element in root.iter():
        text = (element.text or "").strip()
        if element.tag in ("mi", "mo") and text in ORDINARY:
            element.set("lspace", "0em")
            element.set("rspace", "0em")
    for parent in root.iter():
        children = list(parent)
        for index, child in enumerate(children):
            text = (child.text or "").strip()
            # texmath writes some relations and operators (\perp, \setminus) as <mi>
            if child.tag == "mo" or (
                child.tag == "mi" and (text in RELATIONS or (text in BINARY and text not in "+−"))
            ):
                _operator(child, children, index, parent)
    for over in [*root.iter("mover"), *root.iter("munder")]:
        if len(over) != 2 or over[1].tag != "mo":
            continue
        accent = over[1]
        if accent.text == OVERLINE and over.tag == "mover":
            accent.text = RULE
        if "".join(over[0].itertext()).strip().__len__() == 1 and accent.text in FIXED_ACCENTS:
            accent.text = FIXED_ACCENTS[accent.text]
        # an accent is no operator: no space beside it (ziamath's default would widen the base)
        accent.set("lspace", "0em")
        accent.set("rspace", "0em")
    for table in root.iter("mtable"):
        if "columnspacing" in table.attrib:
            continue
        aligned = any(cell.get("columnalign") == "right" for cell in table.iter("mtd"))
        # align's columns meet at the relation, pairs stand apart; a matrix's are a quad apart
        table.set("columnspacing", f"0em {PAIR_GAP}" if aligned else COLUMN_GAP)
    for space in root.iter("mspace"):
        width = space.get("width", "")
        if width.endswith("em") and "lspace" not in space.attrib:
            # \, \quad: pandoc writes TeX's widths in em; ziamath's em is wider (see above)
            with contextlib.suppress(ValueError):
                space.set("width", ziamath_em(float(width[:-2])))
    for element in root.iter():
        for name in ("minsize", "maxsize"):
            value = element.get(name, "")
            if value.endswith("%"):
                # ziamath reads em, not percentages: \big is 120% of the normal size, 1.2 em
                element.set(name, f"{float(value[:-1]) / 100:g}em")


def _operator(mo: ET.Element, siblings: list[ET.Element], index: int, parent: ET.Element) -> None:
    if (mo.text or "").strip() == "\\":
        mo.text = "\u2216"  # texmath writes \setminus as a backslash; TeX's is U+2216
    text = (mo.text or "").strip()
    if text in LARGE_OPERATORS:
        mo.set("stretchy", "false")
        return
    if "lspace" in mo.attrib or "rspace" in mo.attrib:
        return
    if text == APPLY:
        after = siblings[index + 1] if index + 1 < len(siblings) else None
        mo.set("lspace", "0em")
        spaced = after is not None and not _opens(after)
        mo.set("rspace", THIN if spaced else "0em")  # TeX: \sin x, but \sin(x)
        return
    if text in PUNCTUATION:
        mo.set("lspace", "0em")
        mo.set("rspace", THIN)
        return
    if mo.get("form") in ("prefix", "postfix") and "stretchy" in mo.attrib:
        # a delimiter pandoc marked (\left(, \|, \rVert): no space inside it
        mo.set("lspace", "0em")
        mo.set("rspace", "0em")
        return
    if parent.tag not in ROWS:
        return  # an operator as a script or a fraction part stands alone: no spacing
    # amsmath starts an aligned column with an empty group: `&= b` spaces the = on both sides
    first = index == 0 and parent.tag != "mtd"
    last = index == len(siblings) - 1
    if text in RELATIONS:
        mo.set("lspace", "0em" if first else THICK)
        mo.set("rspace", "0em" if last else THICK)
    elif text in BINARY:
        before = siblings[index - 1] if index > 0 else None
        unary = (before is None and first) or (
            before is not None and before.tag == "mo" and before.get("form") != "postfix"
        )
        space = "0em" if unary or last else MEDIUM
        mo.set("lspace", space)
        mo.set("rspace", space)


def _apply_after_scripts(root: ET.Element) -> None:
    r"""`\max_{x}`: pandoc puts the function application inside the scripted base; move it
    after the scripts, where TeX's space after an operator name goes."""
    for parent in list(root.iter()):
        for position, child in reversed(list(enumerate(parent))):
            if child.tag not in SCRIPTED or len(child) == 0 or child[0].tag != "mrow":
                continue
            base = child[0]
            if len(base) > 1 and base[-1].tag == "mo" and (base[-1].text or "") == APPLY:
                apply = base[-1]
                base.remove(apply)
                parent.insert(position + 1, apply)


def _opens(element: ET.Element) -> bool:
    """An opening fence, or a row that starts with one."""
    first = element[0] if element.tag == "mrow" and len(element) > 0 else element
    return first.tag == "mo" and first.get("form") == "prefix"


def _is_name(element: ET.Element) -> bool:
    text = (element.text or "").strip()
    return element.tag in ("mi", "mtext") and len(text) > 1 and text.replace(" ", "").isalpha()


def _wraps(row: ET.Element) -> bool:
    """Whether `row` is one element, or a name and its function application (pandoc's)."""
    return len(row) == 1 or (len(row) == 2 and row[1].tag == "mo" and row[1].text == APPLY)


def _function_names(root: ET.Element) -> None:
    r"""\sin, \max, \operatorname{Var}: upright names spaced as TeX spaces them.

    ziamath pads a name of several letters with a thin space on both sides (and makes some an
    operator, spaced again); TeX puts a thin space after an operator name only when an
    operand follows (`\sin x`, not `\sin(x)`: the function application after the name
    carries it) and before it only after an operand (`x \log x`). The name becomes <mtext>,
    which ziamath sets as it is, and the space before it an <mspace>.
    """
    for parent in list(root.iter()):
        children = list(parent)
        for index in range(len(children) - 1, -1, -1):
            child = children[index]
            base = child
            # (into a script's base, or pandoc's <mrow> of the name and its application: not
            # into a row the name only starts, `$\sin x$`, whose application is inside it)
            while len(base) > 0 and (base.tag in SCRIPTED or (base.tag == "mrow" and _wraps(base))):
                base = base[0]
            if not _is_name(base) or base.tag == "mtext":
                continue
            base.tag = "mtext"
            apply = child[-1] if child.tag == "mrow" and len(child) > 1 else None
            if apply is not None and apply.tag == "mo" and (apply.text or "") == APPLY:
                # the function application closes pandoc's <mrow>: what follows is outside
                after = children[index + 1] if index + 1 < len(children) else None
                spaced = after is not None and after.tag != "mo" and not _opens(after)
                apply.set("lspace", "0em")
                apply.set("rspace", THIN if spaced else "0em")
            elif child is base and (base.text or "").strip() in OPERATOR_NAMES:
                # texmath writes `\log` inside `\left[...\right]` with no function application
                # (a Computo article's `E_\theta\left[\partial_\theta \log g(Y;\theta)\right]`
                # printed "logg"): TeX's thin space before an operand, all the same
                after = children[index + 1] if index + 1 < len(children) else None
                if after is not None and after.tag != "mo" and not _opens(after):
                    parent.insert(index + 1, ET.Element("mspace", {"width": THIN_SPACE}))
            before = children[index - 1] if index > 0 else None
            operand = before is not None and (before.tag != "mo" or before.get("form") == "postfix")
            if operand and parent.tag in ROWS:  # (a fraction or a script has fixed parts)
                parent.insert(index, ET.Element("mspace", {"width": THIN_SPACE}))


def tokens(root: ET.Element) -> list[str]:
    """The characters of every token element (mi, mn, mo, mtext, ms), in document order."""
    chars: list[str] = []
    for element in root.iter():
        if element.tag in ("mi", "mn", "mo", "mtext", "ms"):
            chars.extend("".join(element.itertext()))
    return chars


def _numeric_entities(markup: str) -> str:
    """HTML's named character references (an HTML serializer writes `&nbsp;`) made XML's."""

    def numeric(match: re.Match[str]) -> str:
        name = match[1]
        if name in _XML_ENTITIES:
            return match[0]
        char = html.entities.html5.get(name + ";")
        return "".join(f"&#{ord(c)};" for c in char) if char else match[0]

    return _ENTITY.sub(numeric, markup)


def _strip_namespace(root: ET.Element) -> None:
    for element in root.iter():
        if element.tag.startswith(MATHML_NS):
            element.tag = element.tag[len(MATHML_NS) :]
        elif element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]


def _unwrap(root: ET.Element, tag: str) -> None:
    """Replace each `tag` element by its children (pandoc's <semantics> has one <mrow>)."""
    for parent in list(root.iter()):
        children = list(parent)
        if not any(c.tag == tag for c in children):
            continue
        replaced: list[ET.Element] = []
        for child in children:
            replaced.extend(list(child) if child.tag == tag else [child])
        parent[:] = replaced
