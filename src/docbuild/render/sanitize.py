"""pandoc's HTML made safe to publish: an allow-list (nh3, the Ammonia sanitizer) and a
Content-Security-Policy. Pure. Manuscripts and a paper's own style template are untrusted.

Only elements and attributes pandoc emits for a paper (text, figures, tables, footnotes,
citations, MathML, and a safe part of inline SVG) are kept; scripts, frames, objects, forms,
`<base>`, `<link>`, `<style>` in the body, event attributes, `http-equiv` (a refresh) and URLs
other than relative paths, `#` fragments, `http(s):`, `mailto:` and `data:` images go. What was
removed is returned as data (`Removal`), so the build can warn where the manuscript has it;
attribute values are read as a browser reads them (`&#106;avascript:` is a script URL).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
NO_SCRIPTS = "a manuscript may not run scripts"
NOT_KEPT = "the HTML edition keeps only what a paper needs"
# A capitalized word in angle brackets, no attributes (`Androgynie <Psychologie>`, a GND
# heading's qualifier): text pandoc reads as an HTML tag, which no HTML author writes so.
_WORD_IN_BRACKETS = re.compile(r"<[A-ZÀ-Þ][^\s/<>=\"']*>")

# No scripts, nothing from elsewhere: images and fonts from the edition's own folder (or data:
# URIs), the style's CSS and the inline styles pandoc writes (column widths).
CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; base-uri 'none'; form-action 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'

_TEXT = {
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br",
    "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "rp",
    "rt", "ruby", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    "label", "input",  # a task list's checkbox (type, disabled and checked only: see _filter)
}  # fmt: skip
# pandoc --mathml writes these (Presentation MathML, with the TeX kept in <annotation>).
_MATHML = {
    "math", "maction", "menclose", "merror", "mfenced", "mfrac", "mi", "mmultiscripts", "mn",
    "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace",
    "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder",
    "munderover", "none", "semantics", "annotation", "annotation-xml",
}  # fmt: skip
# Inline SVG for drawings and math: shapes, text, gradients, in-page <use>. No <script>,
# <foreignObject>, <animate>/<set> (they can set an href to a script URL), no external href.
_SVG = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "pattern", "marker", "image",
}  # fmt: skip
TAGS = _TEXT | _MATHML | _SVG

_GLOBAL_ATTRS = {"id", "class", "role", "lang", "dir", "title", "style", "hidden", "tabindex"}
_ARIA = {"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"}
_SVG_ATTRS = {
    "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
    "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "opacity",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "dx", "dy", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "patternUnits", "clip-path", "clip-rule", "mask", "marker-start",
    "marker-mid", "marker-end", "markerWidth", "markerHeight", "refX", "refY", "orient",
    "preserveAspectRatio", "xmlns", "xmlns:xlink", "version", "href", "xlink:href",
    "vector-effect", "letter-spacing", "baseline-shift",
}  # fmt: skip
_MATH_ATTRS = {
    "display", "xmlns", "mathvariant", "stretchy", "fence", "separator", "form", "lspace",
    "rspace", "largeop", "movablelimits", "accent", "accentunder", "columnalign", "rowalign",
    "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "displaystyle",
    "scriptlevel", "linethickness", "encoding", "notation", "open", "close", "separators",
    "width", "height", "depth", "voffset", "minsize", "maxsize", "symmetric", "align",
}  # fmt: skip
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL_ATTRS | _ARIA,
    "a": {"href", "hreflang", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "scope", "abbr"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
    "input": {"type", "disabled", "checked"},
    **{tag: _MATH_ATTRS for tag in _MATHML},
    **{tag: _SVG_ATTRS for tag in _SVG},
}
HEAD_TAGS = {"meta", "title", "style"}
HEAD_ATTRIBUTES = {"meta": {"charset", "name", "content"}, "style": {"media"}}
_URL_ATTRS = {"href", "src", "xlink:href", "cite"}
_LINK_SCHEMES = {"http", "https", "mailto", "doi"}
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp|avif);", re.IGNORECASE)
# Elements removed with what they hold (not only their tags): their text is not the paper's.
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed"}


@dataclass(frozen=True, slots=True)
class Removal:
    what: str  # "script element", "attribute 'onclick'", "element '<form>'"
    value: str  # the offending text, to locate it in the manuscript
    why: str = NO_SCRIPTS  # the reason the warning gives
    fix: str = "remove it from the manuscript's raw HTML"


def is_script_url(value: str) -> bool:
    """A URL a browser would run as script (after dropping whitespace and control chars)."""
    compact = _IGNORED_IN_SCHEME.sub("", value).lower()
    return compact.startswith(SCRIPT_SCHEMES)


def _allowed_url(tag: str, attr: str, value: str) -> bool:
    compact = _IGNORED_IN_SCHEME.sub("", html.unescape(value))
    if tag in _SVG and attr in {"href", "xlink:href"}:
        # <use> and <image> inside the page: only to something in this document or a file of
        # the paper (WeasyPrint's fetcher keeps that inside the folder).
        return compact.startswith("#") or (tag == "image" and _relative(compact))
    if attr == "src":
        return _relative(compact) or bool(_DATA_IMAGE.match(compact)) or _web(compact)
    if compact.startswith("#") or _relative(compact):
        return True
    scheme = compact.split(":", 1)[0].lower()
    return scheme in _LINK_SCHEMES


def _relative(url: str) -> bool:
    return ":" not in url.split("/", 1)[0] and not url.startswith(("//", "\\"))


def _web(url: str) -> bool:
    # Kept, so that the build refuses it with a message naming it (nothing remote is loaded).
    return url.lower().startswith(("http://", "https://"))


@functools.cache
def _lowered(head: bool) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The allow-list (the head's or the body's) in lower case, as HTMLParser gives names:
    made once, not for each of the surveys of a page (a preview's save makes six)."""
    tags, attributes = (HEAD_TAGS, HEAD_ATTRIBUTES) if head else (TAGS, ATTRIBUTES)
    return frozenset(t.lower() for t in tags), {
        k: frozenset(a.lower() for a in v) for k, v in attributes.items()
    }


class _Survey(HTMLParser):
    """What the sanitizer will take out, as Removals, in the order the page has them."""

    def __init__(self, head: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = _lowered(head)
        self.removals: list[Removal] = []
        self._seen: set[tuple[str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag == "script":
            self._add(Removal("script element", raw))
            return
        if tag not in self.tags and _WORD_IN_BRACKETS.fullmatch(raw):
            self._add(Removal(
                f"'{raw}', read as an HTML tag,", raw,
                "the word is missing from both editions",
                fix=f"write \\{raw[:-1]}\\> to print it in angle brackets",
            ))  # fmt: skip
            return
        if tag not in self.tags:
            why = NO_SCRIPTS if tag in {"iframe", "object", "embed"} else NOT_KEPT
            self._add(Removal(f"element '<{tag}>'", raw, why))
            return
        allowed = self.attributes.get("*", set()) | self.attributes.get(tag, set())
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self._add(Removal(f"attribute '{name}'", value or name))
            elif name in _URL_ATTRS and value and is_script_url(value):
                self._add(Removal(f"script URL '{value}'", value))
            elif name in _URL_ATTRS and value and name in allowed:
                if not _allowed_url(tag, name, value):
                    self._add(Removal(f"address '{value}' in <{tag} {name}>", value, NOT_KEPT))
            elif name not in allowed and not name.startswith("data-"):
                self._add(Removal(f"attribute '{name}' of <{tag}>", value or name, NOT_KEPT))

    handle_startendtag = handle_starttag

    def _add(self, removal: Removal) -> None:
        key = (removal.what, removal.value)
        if key not in self._seen:
            self._seen.add(key)
            self.removals.append(removal)


# A tag as pandoc writes MathML: a name, and attributes with double-quoted values.
_MATH_TAG = re.compile(
    r'<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*/?>'
)
_MATH_ATTR = re.compile(r'\s+([a-zA-Z][a-zA-Z0-9:-]*)="')
_ANGLE = re.compile(r"<[^<>]*>")


def _without_plain_math(text: str) -> str:
    """`text` with each `<math>` element the survey would find nothing to take out of made an
    empty `<math></math>` (only allowed MathML tags and attributes, no event, no address): a
    math paper's 15,000 MathML tags cost HTMLParser 0.2 s. Anything else in a `<math>`, or a
    tag not written as pandoc writes them, keeps the element whole for the survey."""
    _, attributes = _lowered(False)
    common = attributes.get("*", frozenset())
    out: list[str] = []
    at = 0
    while (start := text.find("<math", at)) >= 0:
        end = text.find("</math>", start)
        if end < 0:
            break
        end += len("</math>")
        region = text[start:end]
        pieces = _ANGLE.findall(region)
        plain = region.count("<") == len(pieces) and region.count(">") == len(pieces)
        for number, piece in enumerate(pieces):
            tag = _MATH_TAG.fullmatch(piece)
            name = tag[2].lower() if tag else ""
            if not tag or name not in _MATHML or (name == "math" and 0 < number < len(pieces) - 1):
                plain = False
                break
            allowed = common | attributes.get(name, frozenset())
            if any(
                a.lower() not in allowed or a.lower() in _URL_ATTRS
                for a in _MATH_ATTR.findall(tag[3])
            ):
                plain = False
                break
        out.append(text[at:start] + "<math></math>" if plain else text[at:end])
        at = end
    out.append(text[at:])
    return "".join(out)


def _filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "input" and attr == "type" and value.lower() != "checkbox":
        return None
    if attr in _URL_ATTRS and (is_script_url(value) or not _allowed_url(tag, attr, value)):
        return None
    return value


def clean_fragment(text: str) -> str:
    """The body's markup through the allow-list."""
    return nh3.clean(
        text,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        generic_attribute_prefixes={"data-"},
        link_rel=None,
        strip_comments=True,
        url_schemes=_LINK_SCHEMES | {"data"},
    )


_DOCUMENT = re.compile(
    r"(?P<pre>.*?<html\b[^>]*>\s*)<head\b[^>]*>(?P<head>.*?)</head>\s*(?P<body_tag><body\b[^>]*>)"
    r"(?P<body>.*)</body>(?P<post>.*)",
    re.S | re.I,
)
_KEPT_ROOT_ATTRS = re.compile(
    r"""\s(lang|xml:lang|dir|class|xmlns)\s*=\s*("[^"<>]*"|'[^'<>]*')""", re.I
)


def sanitize_html(text: str, fragments: Sequence[str] = ()) -> tuple[str, list[Removal]]:
    """`text` (a whole page, or a fragment) through the allow-list, with the CSP in its head;
    what was removed, in order. `fragments`: pieces of the body, in order (a book's
    chapters), whose look for what goes is kept while they stay the same."""
    document = _DOCUMENT.match(text)
    if document is None:
        survey = _Survey()
        survey.feed(text)
        survey.close()
        return clean_fragment(text), survey.removals
    head_text = document["head"].replace(CSP_META, "")  # ours, from an earlier pass
    head_survey = _Survey(head=True)
    head_survey.feed(head_text)
    head_survey.close()
    removals = _survey_body(document["body"], fragments)
    head = nh3.clean(
        head_text,
        tags=HEAD_TAGS,
        clean_content_tags={"script", "noscript", "template"},
        attributes=HEAD_ATTRIBUTES,
        strip_comments=True,
        link_rel=None,
    )
    page = (
        "<!DOCTYPE html>\n"
        + _root_tag("html", document["pre"])
        + "\n<head>\n"
        + CSP_META
        + "\n"
        + head.strip()
        + "\n</head>\n"
        + _root_tag("body", document["body_tag"])
        + "\n"
        + clean_fragment(document["body"]).strip()
        + "\n</body>\n</html>\n"
    )
    return page, head_survey.removals + removals


# Each fragment's removals, as `sanitize_html` last found them: a warm process (`docbuild
# preview`) looks again only at the fragments that changed.
_FRAGMENT_SURVEYS: dict[str, list[Removal] | None] = {}


def _survey_body(body: str, fragments: Sequence[str]) -> list[Removal]:
    """The body's removals: each fragment's kept where it was seen before, in order, each
    removal once. A fragment the survey does not leave between elements (an open comment,
    script or tag) cannot be looked at alone: then the body is looked at whole."""
    kept: dict[str, list[Removal] | None] = {}
    parts: list[list[Removal]] = []
    at = 0
    for fragment in fragments:
        found = body.find(fragment, at)
        if found < 0:
            break
        if fragment in _FRAGMENT_SURVEYS:
            alone = _FRAGMENT_SURVEYS[fragment]
        else:
            survey = _Survey()
            survey.feed(_without_plain_math(fragment))
            alone = None if survey.rawdata or survey.cdata_elem else survey.removals
        kept[fragment] = alone
        between = _Survey()
        between.feed(_without_plain_math(body[at:found]))
        if alone is None or between.rawdata or between.cdata_elem:
            parts = []
            at = 0
            break
        between.close()
        parts += [between.removals, alone]
        at = found + len(fragment)
    _FRAGMENT_SURVEYS.clear()
    _FRAGMENT_SURVEYS.update(kept)
    rest = _Survey()
    rest.feed(_without_plain_math(body[at:]))
    rest.close()
    out: list[Removal] = []
    seen: set[tuple[str, str]] = set()
    for removal in (r for part in [*parts, rest.removals] for r in part):
        if (removal.what, removal.value) not in seen:
            seen.add((removal.what, removal.value))
            out.append(removal)
    return out


def _root_tag(name: str, source: str) -> str:
    """`<html>` or `<body>` with only its language, direction and class attributes."""
    start = re.search(rf"<{name}\b[^>]*>", source, re.I)
    attrs = "".join(m[0] for m in _KEPT_ROOT_ATTRS.finditer(start[0])) if start else ""
    return f"<{name}{attrs}>"


# A start tag as the sanitizer writes it (html5ever's serializer): attribute values quoted, and
# a "<" in text always written "&lt;", so every "<" and a letter outside a value opens a tag.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""


@functools.lru_cache(maxsize=8)
def _start_tag(names: frozenset[str]) -> re.Pattern[str]:
    """Every start tag, the ones named `names` captured (the others are passed over whole, so
    that a "<" inside their values is never taken for a tag)."""
    wanted = "|".join(sorted(map(re.escape, names)))
    return re.compile(rf"<(?:((?i:{wanted})(?=[\s/>]){_ATTRS})|[a-zA-Z][^\s/>]*{_ATTRS})>")


def start_tags(page: str, names: frozenset[str]) -> str:
    """The start tags named `names` of a page `sanitize_html` wrote, one after the other: what
    an HTMLParser that looks only at those tags needs to be fed (a regular expression finds
    them in a fraction of the time HTMLParser takes to read the whole page)."""
    return "".join(f"<{tag}>" for tag in _start_tag(names).findall(page) if tag)
