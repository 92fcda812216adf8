"""Images without alternative text in pandoc's page: PDF/UA needs one for every figure.

pandoc writes a figure's caption (or its `fig-alt`) as the `alt` of its `<img>`; an image with
neither, or raw HTML without `alt`, reaches WeasyPrint as a figure a screen reader cannot
describe. Read from the page, so pandoc's own rules decide what the text is.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.missing: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        values = dict(attrs)
        if not (values.get("alt") or "").strip():
            self.missing.append(values.get("src") or "")


def images_without_alt(page: str, *, sanitized: bool = False) -> list[str]:
    """The `src` of each `<img>` whose `alt` is missing or blank, in page order. `sanitized`:
    the page is `sanitize_html`'s, whose tags a regular expression finds."""
    parser = _Images()
    if sanitized:
        from docbuild.render.sanitize import start_tags

        page = start_tags(page, frozenset({"img"}))
    parser.feed(page)
    parser.close()
    return parser.missing
