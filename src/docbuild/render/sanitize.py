"""Script out of pandoc's HTML: manuscripts are untrusted, the HTML edition is published. Pure.

Raw HTML in a manuscript reaches pandoc's output verbatim. Before anything else uses it, we
remove `<script>` elements, `on*` event attributes, `srcdoc`, and URLs with a script scheme
(`javascript:`, `vbscript:`, `data:text/html`), and report each removal. Attribute values are
read the way a browser reads them (character references decoded, spaces and controls ignored),
so `&#106;avascript:` is caught too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

URL_ATTRS = frozenset(
    {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "cite"}
)
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True, slots=True)
class Removal:
    what: str  # "script element", "event attribute 'onclick'", "script URL 'javascript:…'"
    value: str  # the offending text, to locate it in the manuscript


def is_script_url(value: str) -> bool:
    """A URL a browser would run as script (after dropping whitespace and control chars)."""
    compact = _IGNORED_IN_SCHEME.sub("", value).lower()
    return compact.startswith(SCRIPT_SCHEMES)


class _Finder(HTMLParser):
    """Collects (start, end, replacement) edits of the source text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.edits: list[tuple[int, int, str]] = []
        self.removals: list[Removal] = []
        self._script_start: int | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=True)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        if tag == "script":
            self._script_start = start
            if closed:
                self._end_script(start + len(raw))
            return
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.removals.append(Removal(f"attribute '{name}'", value or name))
            elif name in URL_ATTRS and value and is_script_url(value):
                self.removals.append(Removal(f"script URL '{value}'", value))
            else:
                kept.append((name, value))
        if len(kept) != len(attrs):
            self.edits.append((start, start + len(raw), _start_tag(tag, kept, closed)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script_start is not None:
            start = self._offset()
            end = self.text.find(">", start)
            self._end_script(len(self.text) if end < 0 else end + 1)

    def _end_script(self, end: int) -> None:
        assert self._script_start is not None
        body = self.text[self._script_start : end]
        self.removals.append(Removal("script element", body.split(">", 1)[0] + ">"))
        self.edits.append((self._script_start, end, ""))
        self._script_start = None


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    parts = [tag] + [
        name if value is None else f'{name}="{html.escape(value, quote=True)}"'
        for name, value in attrs
    ]
    return "<" + " ".join(parts) + (" />" if closed else ">")


def sanitize_html(text: str) -> tuple[str, list[Removal]]:
    """`text` without scripts, event handlers or script URLs; what was removed, in order."""
    finder = _Finder(text)
    finder.feed(text)
    finder.close()
    if finder._script_start is not None:  # an unclosed <script> runs to the end
        finder._end_script(len(text))
    out = text
    for start, end, replacement in sorted(finder.edits, reverse=True):
        out = out[:start] + replacement + out[end:]
    return out, finder.removals
