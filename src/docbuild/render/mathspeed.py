"""Shortcuts through ziamath 0.13 (pinned) that leave its output exactly as it was.

tests/render/test_math.py lays the math corpus out with and without them (the plain run in a
fresh process, where they were never installed) and compares the SVG byte for byte. Each one
replaces a piece of ziamath's code by one that computes the same values with less work; the
replacements follow ziamath's own code (MIT licence) line by line where they copy it.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from typing import Any

_SPED_UP: list[bool] = []

# Mnode.size_px's named spaces and units, which it builds afresh (14 float formats) each call.
_NAMED_SPACES = {
    name: f"{eighteenths / 18}em"
    for name, eighteenths in (
        ("veryverythinmathspace", 1),
        ("verythinmathspace", 2),
        ("thinmathspace", 3),
        ("mediummathspace", 4),
        ("thickmathspace", 5),
        ("verythickmathspace", 6),
        ("veryverythickmathspace", 7),
        ("negativeveryverythinmathspace", -1),
        ("negativeverythinmathspace", -2),
        ("negativethinmathspace", -3),
        ("negativemediummathspace", -4),
        ("negativethickmathspace", -5),
        ("negativeverythickmathspace", -6),
        ("negativeveryverythickmathspace", -7),
    )
}
_UNITS_TO_PT = {
    "pt": 1,
    "mm": 2.84526,
    "cm": 28.45274,
    "ex": 4.30554,
    "em": 10.00002,
    "bp": 1.00374,
    "dd": 1.07,
    "pc": 12,
    "in": 72.27,
    "mu": 0.5555,
}


def speed_up_ziamath() -> None:
    """Install the shortcuts (once per process):

    - a row measures its height without stretchy operators before laying itself out, which
      lays every nested row out twice per level (2^depth). The result is read only by the
      stretchy operators it reaches: its own, and those inside its children down to the next
      row, which measures itself for them. A row that reaches none skips the measurement;
    - the measurement copies each child with copy.deepcopy instead of writing it out as XML
      and parsing it back (the same element, attributes and text);
    - a node's style reads its parent's fields directly instead of through a ChainMap over
      dataclasses.asdict (a deep copy) of them;
    - a size in MathML units is converted without building the table of named spaces anew;
    - an expression without <mstyle> is copied in memory, as it reads back from XML, instead
      of written out and parsed back (apply_mstyle, which only has work where there is one);
    - a character's styled form (styledchr: a pure function of the character and the
      variant's script, bold and italic) and a single glyph's substitution (Gsub.sub, given
      the font's script, language and features, which it reads and nothing else) are
      looked up once per process.
    """
    if _SPED_UP:
        return
    from ziamath import styles, zmath
    from ziamath.nodes import mfrac, mnode
    from ziamath.nodes.mnode import Mnode
    from ziamath.nodes.mrow import Mrow

    def measure_if_needed(self: Mrow, line: list[ET.Element], **kwargs: Any) -> object:
        if not any(_reaches_stretch(child) for child in line):
            return 0.0, 0.0
        return _height_without_stretch(self, line, **kwargs)

    original_style = styles.parse_style

    def parse_style(element: ET.Element, parent_style: Any = None) -> Any:
        if parent_style is None:
            return original_style(element)
        return _style(element, parent_style)

    Mrow._get_height_nostretch = measure_if_needed  # type: ignore[method-assign]
    for module in (styles, mnode, mfrac):
        module.parse_style = parse_style  # type: ignore[attr-defined]
    Mnode.size_px = _size_px  # type: ignore[method-assign]
    original_mstyle = zmath.apply_mstyle

    def apply_mstyle(element: ET.Element) -> ET.Element:
        copied = _read_back(element)
        return original_mstyle(element) if copied is None else copied

    zmath.apply_mstyle = apply_mstyle
    _memoize_styles_and_substitutions()
    _SPED_UP.append(True)


def _memoize_styles_and_substitutions() -> None:
    from ziafont.gsub import Gsub
    from ziamath import mathfont, styles

    original_styled = styles.styledchr
    styled: dict[tuple[str, str, bool, bool], str] = {}

    def styledchr(char: str, variant: Any) -> str:
        key = (char, variant.style, variant.bold, variant.italic)
        found = styled.get(key)
        if found is None:
            found = styled[key] = original_styled(char, variant)
        return found

    styles.styledchr = styledchr
    mathfont.styledchr = styledchr  # (imported by name there)
    original_sub = Gsub.sub
    substituted: dict[tuple[Any, int, str, str, tuple[tuple[str, bool], ...]], list[int]] = {}

    def sub(self: Any, glyphids: list[int], features: dict[str, bool]) -> list[int]:
        if len(glyphids) != 1:
            return original_sub(self, glyphids, features)
        language = self.language
        key = (self, glyphids[0], language.script, language.language, tuple(features.items()))
        found = substituted.get(key)
        if found is None:
            found = substituted[key] = original_sub(self, list(glyphids), features)
        return list(found)  # a list of its own, as each call gave

    Gsub.sub = sub  # type: ignore[method-assign]


def _height_without_stretch(
    self: Any, line: list[ET.Element], **kwargs: Any
) -> tuple[float, float]:
    """Mrow._get_height_nostretch, the children copied in memory."""
    from ziamath.nodes.mnode import Mnode
    from ziamath.nodes.nodetools import elementtext

    ymax = -9999
    ymin = 9999
    kwargs["nostretch"] = True
    for child in line:
        if child.tag == "mo" and elementtext(child) == "":
            continue
        node = Mnode.fromelement(_copy(child), parent=self, **kwargs)
        ymax = max(ymax, node.bbox.ymax)
        ymin = min(ymin, node.bbox.ymin)
    return ymin, ymax


# Characters XML 1.0 cannot hold (ET writes them, and cannot read them back).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _read_back(element: ET.Element) -> ET.Element | None:
    """ET.fromstring(ET.tostring(element)), as apply_mstyle makes it of an expression without
    <mstyle>, copied in memory: without the root's tail, an empty text or tail as none, line
    ends as XML reads them. None where it has an <mstyle>, or anything but plain elements and
    text (apply_mstyle then does its own work)."""
    for node in element.iter():
        if node.tag == "mstyle" or not isinstance(node.tag, str):
            return None
        if not all(isinstance(v, str) and isinstance(k, str) for k, v in node.attrib.items()):
            return None
        texts = (node.text or "", node.tail or "", *node.attrib.values())
        if any(_NOT_XML.search(text) for text in texts):
            return None  # XML cannot read it back: apply_mstyle raises, as before
    copied = _copy(element)
    for node in copied.iter():
        node.text = _as_read(node.text)
        if node is not copied:
            node.tail = _as_read(node.tail)
    return copied


def _as_read(text: str | None) -> str | None:
    if not text:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _copy(element: ET.Element) -> ET.Element:
    """The element as ET.fromstring(ET.tostring(element)) gives it back: without its tail."""
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied


def _style(element: ET.Element, parent: Any) -> Any:
    """styles.parse_style with a parent style: the element's attribute, else the parent's."""
    from ziamath.config import config
    from ziamath.styles import MathStyle, parse_variant

    attrib = element.attrib
    args: dict[str, Any] = {
        "mathcolor": attrib.get("mathcolor", parent.mathcolor),
        "mathbackground": attrib.get("mathbackground", parent.mathbackground),
        "mathsize": attrib.get("mathsize", parent.mathsize),
        "scriptlevel": int(attrib.get("scriptlevel", parent.scriptlevel)),
        "mathvariant": parse_variant(
            attrib.get("mathvariant", config.math.variant), parent.mathvariant
        ),
        # the parent always has the key, so ziamath's "display" fallback is never read
        "displaystyle": attrib.get("displaystyle", parent.displaystyle) in ["true", True],
    }
    css = attrib.get("style", "")
    if css:
        for declaration in css.split(";"):
            if not declaration:
                continue
            key, value = declaration.split(":")
            key, value = key.strip(), value.strip()
            if key.lower() == "background":
                args["mathbackground"] = value
            elif key.lower() == "color":
                args["mathcolor"] = value
    return MathStyle(**args)


def _size_px(self: Any, size: str, fontsize: float | None = None) -> float:
    """Mnode.size_px: a MathML length in points at the glyph size (or `fontsize`)."""
    if fontsize is None:
        fontsize = self.glyphsize
    numsize = _NAMED_SPACES.get(size, size)
    try:
        return float(numsize.rstrip("px"))  # a plain number, or pixels
    except ValueError:
        pass
    try:
        units = numsize[-2:]
        value = float(numsize[:-2])
    except ValueError:
        return 0
    pxsize = value * _UNITS_TO_PT.get(units, 0) * 1.333
    if units in ["em", "ex", "mu"]:
        pxsize *= fontsize / 10
    return pxsize


# Elements ziamath lays out as a row (Mrow._setup), which measures its own height for the
# stretchy operators inside it: a row's measurement does not reach past them.
ROWS = frozenset({"mrow", "math", "mtd", "mtr", "none", "mpadded", "mphantom", "merror"})


def _reaches_stretch(element: ET.Element) -> bool:
    """Whether the element, or one inside it short of the next row, may stretch to the row
    it is in (an element ziamath does not know is searched as if it were not a row)."""
    if element.tag in ROWS:
        return False
    if element.tag == "mfenced" or _may_stretch(element):
        return True
    return any(_reaches_stretch(child) for child in element)


def _may_stretch(element: ET.Element) -> bool:
    """Whether ziamath could stretch this element to its row (a stretchy <mo>)."""
    from ziamath import operators
    from ziamath.nodes.nodetools import elementtext

    if element.tag not in ("mo", "mi"):
        return False
    text = elementtext(element)
    if element.tag == "mi" and text not in operators.names:
        return False  # an identifier ziamath keeps as one (it turns some into operators)
    stretchy = element.get("stretchy")
    if stretchy is not None:
        return stretchy != "false"
    return any(
        operators.get_params(text, form).get("stretchy", "false") != "false"
        for form in ("prefix", "infix", "postfix")
    )
