"""The math's images drawn straight into the PDF, without WeasyPrint's SVG renderer.

Each expression is an SVG of a few shapes (render/math.py): filled paths and rectangles, and
runs of positioned glyphs. WeasyPrint styles, measures and draws every node of an SVG image
as a document of its own (a saved state, its colour, line and dash settings, a text object
each), which was most of a math paper's drawing and half its PDF. Here the SVG is read once,
when WeasyPrint loads the image, into fills and glyph runs, and drawn with one saved state
per expression, each colour set when it changes and the glyphs of consecutive runs in one
text object, at the place and scale WeasyPrint gives the image. Only an SVG marked as ours
(MARK on its root) is read so; anything in it we do not draw, and a run of glyphs that is not
one plain glyph a character (mathdraw.prepare_run), hands the image back to WeasyPrint.

The images' sizes: WeasyPrint computes a style for each element with a style attribute, 52
properties an image, one by one (0.3-0.4 s on a paper of 900 expressions), but shares one
between elements with the same rules and none. So, with `install_sizes`, the page gives each
image's width, height and lowering in an attribute (SIZE, mathpage.sized_by_attribute): the
images of a paragraph share their style, and each image's box gets its own copy of it with
those three values, computed as WeasyPrint computes them from the style attribute.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from docbuild.render.mathdraw import pdf_number

MARK = "data-docbuild-math"  # on the root <svg> of each expression's image
SVG_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

SIZE = "data-docbuild-size"  # "width height lowering" of an image, in em, as its style had them
_installed: list[Callable[..., object]] = []  # WeasyPrint's get_image_from_uri, once hooked
# The page's short image URLs (mathpage.by_reference) and their percent-encoded SVG, for the
# page being laid out in this process (`refer`).
_referenced: dict[str, str] = {}
_sized: list[Callable[..., object]] = []  # WeasyPrint's handler of <img>, once hooked
# The weight WeasyPrint's cascade gives a style attribute's declaration (author, not
# important, no layer, specificity (1, 0, 0)): a stylesheet's declaration of at least this
# weight wins over it, and so over the attribute.
_INLINE_WEIGHT = (3, float("inf"), (1, 0, 0))


@dataclass(frozen=True, slots=True)
class _Fill:
    """A path or rectangle: its PDF path operators and its fill colour."""

    ops: bytes
    fill: str
    opacity: str


@dataclass(frozen=True, slots=True)
class _Text:
    """A run of glyphs (a marked <text>) and the fill it inherits."""

    node: ET.Element
    size: float


class MathImage:
    """One expression: WeasyPrint's image interface (intrinsic size, draw) over its SVG."""

    def __init__(
        self,
        width: float,
        height: float,
        viewbox: tuple[float, float, float, float],
        items: list[_Fill | _Text],
        fallback: Callable[[], object],
        context: object,
    ) -> None:
        self.width, self.height, self.viewbox = width, height, viewbox
        self.items = items
        self._fallback = fallback  # WeasyPrint's own SVGImage of the same SVG, made on demand
        self._context = context

    def get_intrinsic_size(
        self, image_resolution: float, font_size: float
    ) -> tuple[float, float, float]:
        return self.width, self.height, self.width / self.height

    def draw(
        self, stream: object, concrete_width: float, concrete_height: float, style: object
    ) -> None:
        from docbuild.render.mathdraw import paint, prepare_run, show_run

        target = _Target(stream, self._context)
        runs = {}
        for item in self.items:
            if isinstance(item, _Text):
                run = prepare_run(target, item.node, item.size)
                if run is None or not run.plain:
                    self._fallback().draw(stream, concrete_width, concrete_height, style)  # type: ignore[attr-defined]
                    return
                runs[id(item)] = run
        # The viewBox fitted to the box as SVG's default (xMidYMid meet) fits it.
        x0, y0, view_width, view_height = self.viewbox
        scale = min(concrete_width / view_width, concrete_height / view_height)
        dx = (concrete_width - view_width * scale) / 2 - x0 * scale
        dy = (concrete_height - view_height * scale) / 2 - y0 * scale
        stream.push_state()  # type: ignore[attr-defined]
        stream.transform(a=scale, d=scale, e=dx, f=dy)  # type: ignore[attr-defined]
        stream.set_text_rendering(0)  # type: ignore[attr-defined]
        in_text = False
        for item in self.items:
            if isinstance(item, _Fill):
                if in_text:
                    stream.end_text()  # type: ignore[attr-defined]
                    in_text = False
                stream.set_color(paint(item.fill, item.opacity))  # type: ignore[attr-defined]
                stream.stream.append(item.ops)  # type: ignore[attr-defined]
                continue
            node = item.node
            # (a colour may be set inside a text object; a saved state may not)
            stream.set_color(paint(node.get("fill", "black"), node.get("fill-opacity", "1")))  # type: ignore[attr-defined]
            if not in_text:
                stream.begin_text()  # type: ignore[attr-defined]
                in_text = True
            show_run(stream, runs[id(item)])
        if in_text:
            stream.end_text()  # type: ignore[attr-defined]
        stream.pop_state()  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class _Target:
    """What mathdraw's glyph lookup reads of WeasyPrint's SVG drawing, for an image."""

    stream: object
    context: object

    @property
    def font_config(self) -> object:
        return self.context.font_config  # type: ignore[attr-defined]


def read_math_svg(
    data: bytes,
) -> tuple[float, float, tuple[float, float, float, float], list[_Fill | _Text]] | None:
    """Our expression's SVG as its size, viewBox and items; None when it is not ours or has
    anything we do not draw (WeasyPrint draws it then)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    if root.tag != SVG_NS + "svg" or root.get(MARK) is None:
        return None
    try:
        width, height = float(root.get("width", "")), float(root.get("height", ""))
        x0, y0, view_width, view_height = (float(v) for v in root.get("viewBox", "").split())
    except ValueError:
        return None
    if min(width, height, view_width, view_height) <= 0:
        return None
    items: list[_Fill | _Text] = []
    if not _read(root, "black", items):
        return None
    return width, height, (x0, y0, view_width, view_height), items


# Attributes each element may have (anything else: WeasyPrint draws the image).
_ALLOWED = {
    "path": {"d", "fill", "fill-opacity"},
    "rect": {"x", "y", "width", "height", "fill", "fill-opacity"},
    "g": {"fill"},
    "text": {"x", "y", "font-size", "font-family", "fill", "fill-opacity", "data-glyphs"},
}


def _read(parent: ET.Element, fill: str, items: list[_Fill | _Text]) -> bool:
    for element in parent:
        tag = element.tag.removeprefix(SVG_NS)
        if tag not in _ALLOWED or not set(element.attrib) <= _ALLOWED[tag]:
            return False
        own = element.get("fill", fill)
        if own in ("", "none") or "(" in own or "context" in own:
            return False
        opacity = element.get("fill-opacity", "1")
        if tag == "g":
            if not _read(element, own, items):
                return False
            continue
        if len(element):
            return False
        if tag == "text":
            try:
                size = float(element.get("font-size", ""))
            except ValueError:
                return False
            if element.get("data-glyphs") is None:
                return False
            element.set("fill", own)
            items.append(_Text(element, size))
        elif tag == "rect":
            try:
                x, y, w, h = (float(element.get(k, "")) for k in ("x", "y", "width", "height"))
            except ValueError:
                return False
            if w > 0 and h > 0:
                ops = b" ".join([*map(pdf_number, (x, y, w, h)), b"re f"])
                items.append(_Fill(ops, own, opacity))
        else:
            ops = _path_ops(element.get("d", ""))
            if ops is None:
                return False
            items.append(_Fill(ops, own, opacity))
    return True


def _path_ops(d: str) -> bytes | None:
    """An SVG path of absolute M, L, Q and Z (what ziamath writes) as PDF operators, filled;
    quadratic curves as the cubic ones WeasyPrint's path drawing makes of them."""
    out: list[bytes] = []
    x = y = 0.0
    start = (0.0, 0.0)
    for command, arguments in re.findall(r"([A-Za-z])([^A-Za-z]*)", d):
        values = [float(v) for v in _NUMBER.findall(arguments)]
        if command == "Z":
            if values:
                return None
            out.append(b"h")
            x, y = start
        elif command in "ML":
            if not values or len(values) % 2:
                return None
            for i in range(0, len(values), 2):
                x, y = values[i], values[i + 1]
                move = command == "M" and i == 0
                out.append(pdf_number(x) + b" " + pdf_number(y) + (b" m" if move else b" l"))
                if move:
                    start = (x, y)
        elif command == "Q":
            if not values or len(values) % 4:
                return None
            for i in range(0, len(values), 4):
                x2, y2, x3, y3 = values[i : i + 4]
                out.append(
                    b" ".join(
                        (
                            pdf_number(x2 * 2 / 3 + x / 3),
                            pdf_number(y2 * 2 / 3 + y / 3),
                            pdf_number(x2 * 2 / 3 + x3 / 3),
                            pdf_number(y2 * 2 / 3 + y3 / 3),
                            pdf_number(x3),
                            pdf_number(y3),
                            b"c",
                        )
                    )
                )
                x, y = x3, y3
        else:
            return None
    if not out:
        return None
    out.append(b"f")
    return b"\n".join(out)


def refer(table: dict[str, str]) -> None:
    """The short URLs of the page about to be laid out and their SVG (mathpage.by_reference),
    in place of the last page's: for the hook `install` puts in."""
    _referenced.clear()
    _referenced.update(table)


def install(svg_data: str) -> bool:
    """Read the math's images (data: URIs starting with `svg_data`, or short URLs `refer`
    gave) ourselves from now on, in this process; whether the hook is in (a WeasyPrint not
    shaped as 70's keeps its own, and the page must then keep its data: URIs)."""
    if _installed:
        return True
    import importlib

    document = importlib.import_module("weasyprint.document")
    images = importlib.import_module("weasyprint.images")
    original = getattr(document, "original_get_image_from_uri", None)
    if original is None or original is not getattr(images, "get_image_from_uri", None):
        return False

    def get_image_from_uri(
        cache: dict[str, object],
        url_fetcher: object,
        options: object,
        url: str,
        *args: object,
        **kwargs: object,
    ) -> object:
        if url in _referenced:  # as its data: URI (WeasyPrint's cache, and its own way)
            url = svg_data + _referenced[url]
        if url in cache or not url.startswith(svg_data):
            return original(cache, url_fetcher, options, url, *args, **kwargs)
        data = unquote_to_bytes(url[len(svg_data) :])
        read = read_math_svg(data)
        if read is None:
            return original(cache, url_fetcher, options, url, *args, **kwargs)
        context = kwargs.get("context")

        @functools.cache
        def fallback() -> object:
            return images.SVGImage(ET.fromstring(data), url, url_fetcher, context)

        image = cache[url] = MathImage(*read, fallback, context)
        return image

    document.original_get_image_from_uri = get_image_from_uri
    _installed.append(original)
    return True


def install_sizes() -> bool:
    """Give each image with a SIZE attribute its width, height and lowering when WeasyPrint
    makes its box, in this process; whether the hook is in (a WeasyPrint not shaped as 70's
    keeps its own, and the page must then keep the style attributes)."""
    if _sized:
        return True
    import importlib

    html = importlib.import_module("weasyprint.html")
    css = importlib.import_module("weasyprint.css")
    properties = importlib.import_module("weasyprint.css.properties")
    handlers = getattr(html, "HTML_HANDLERS", None)
    computed = getattr(css, "ComputedStyle", None)
    dimension = getattr(properties, "Dimension", None)
    if not isinstance(handlers, dict) or "img" not in handlers or None in (computed, dimension):
        return False
    original = handlers["img"]

    class SizedStyle(computed):  # type: ignore[misc,valid-type]
        """An image's style: the style its paragraph's images share, with its own sizes.

        Every other property is the shared style's (computed there once, from the same
        rules and the same parent: the value this image's own style would have)."""

        def __init__(self, shared: dict[str, object]) -> None:
            super().__init__(
                shared.parent_style,  # type: ignore[attr-defined]
                shared.cascaded,  # type: ignore[attr-defined]
                shared.pseudo_type,  # type: ignore[attr-defined]
                shared.root_style,  # type: ignore[attr-defined]
                shared.base_url,  # type: ignore[attr-defined]
                shared.font_config,  # type: ignore[attr-defined]
                shared.initial_page_sizes,  # type: ignore[attr-defined]
            )
            self.update(shared)
            self.specified = shared.specified  # type: ignore[attr-defined]
            self.shared = shared

        def __missing__(self, key: str) -> object:
            value = self[key] = self.shared[key]
            return value

    def handle_img(element: ET.Element, box: object, *args: object) -> list[object]:
        made = original(element, box, *args)
        size = element.get(SIZE)
        if size:
            for made_box in made:
                made_box.style = _sized_style(SizedStyle, made_box.style, size, dimension)
        return made

    handlers["img"] = handle_img
    _sized.append(original)
    return True


def _sized_style(
    kind: Callable[[object], dict[str, object]],
    shared: dict[str, object],
    size: str,
    dimension: Callable[[float, str], object],
) -> dict[str, object]:
    """`shared` with the width, height and lowering of `size` ("w h d", in em) as WeasyPrint
    computes `width: w em; height: h em; vertical-align: d em` from a style attribute: a
    length of 0 is zero pixels, any other the number times the font size. A stylesheet's
    declaration of one of them that would win over a style attribute wins here too."""
    style = kind(shared)
    font_size = style["font_size"]
    cascaded: dict[str, tuple[object, object]] = shared.cascaded  # type: ignore[attr-defined]
    for key, text in zip(("width", "height", "vertical_align"), size.split(), strict=True):
        if key in cascaded and cascaded[key][1] >= _INLINE_WEIGHT:  # type: ignore[operator]
            continue
        value = float(text)
        pixels = 0 if value == 0 else value * font_size  # type: ignore[operator]
        style[key] = pixels if key == "vertical_align" else dimension(pixels, "px")
    return style
