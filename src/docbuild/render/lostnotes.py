"""Footnotes the PDF left out: WeasyPrint cannot break a footnote across pages, so a note taller
than a page's room is moved to the next page, and the next, and at the end of the document it
and every note moved with it are dropped, without a word in its log (a note of 9,720
characters in the sample paper in gfpr: the page's other note went too). The notes laid out
are counted against the page's, and a note left out is an error naming the page's longest."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

NOTE_CLASS = "footnote-inline"  # the inline copy of a footnote (render/crossref.lua)


class _Notes(HTMLParser):
    """The text of each footnote copy of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.notes: list[str] = []
        self._depth = 0  # spans open inside the note being read; 0: none is

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "span":
            return
        if self._depth:
            self._depth += 1
        elif NOTE_CLASS in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.notes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.notes[-1] += data


def _key(text: str) -> str:
    # the print marks' breaks (printhtml.BREAK) and ties are no difference
    return " ".join(text.replace("\u200b", "").split())


def page_notes(page: str) -> list[str]:
    """Each footnote copy's text in `page` (the HTML given to WeasyPrint), spaces collapsed."""
    if NOTE_CLASS not in page:
        return []
    parser = _Notes()
    parser.feed(page)
    return [_key(n) for n in parser.notes]


def laid_out_notes(pages: list[object]) -> list[str]:
    """The text of each footnote copy in the footnote areas of a laid-out document's pages."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    found: list[str] = []
    for page in pages:
        box = getattr(page, "_page_box", None)
        # the page's footnote area: beside the body, and the line numbers where they are on
        areas = [c for c in getattr(box, "children", ()) if isinstance(c, FootnoteAreaBox)]
        for area in areas:
            for note in area.children:
                element = getattr(note, "element", None)
                if element is not None and NOTE_CLASS in (element.get("class") or "").split():
                    found.append(_key("".join(element.itertext())))
    return found


def left_out(page: str, pages: list[object]) -> tuple[str, list[str]] | None:
    """None when every footnote of `page` is on a page of the layout; else the longest note
    of the page (the one no page can hold) and the notes no page holds, in order."""
    laid = laid_out_notes(pages)
    if len(laid) >= page.count(f'class="{NOTE_CLASS}"'):
        return None  # the common case, without reading the page
    expected = page_notes(page)
    remaining = list(laid)
    missing = []
    for note in expected:
        if note in remaining:
            remaining.remove(note)
        else:
            missing.append(note)
    return (max(expected, key=len), missing) if missing else None


def shown(note: str) -> str:
    """A note's first words, as the error quotes it."""
    text = html.unescape(note)
    return text if len(text) <= 60 else re.sub(r"\s+\S*$", "", text[:60]) + " …"
