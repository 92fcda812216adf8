"""A line that fits but for its last space is set whole (render/hanging.py), by the real
WeasyPrint: without the hook WeasyPrint 70 hyphenates the line's first word and leaves
`valua-` alone on a line (as it did in crossref-viejo-2016, gfpr p1); with it, the line is
the words Pango fits, inside the column. Lines that WeasyPrint breaks well are untouched.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from docbuild.render.hanging import hang_trailing_spaces
from docbuild.render.linebreaks import remember_line_breaks

FONT = Path(__file__).resolve().parents[2] / "styles" / "gfpr" / "fonts" / "CharisSIL-Regular.ttf"
CSS = (
    f"@font-face {{ font-family: C; src: url({FONT.as_uri()}) }}"
    "@page { size: A4; margin: 20mm } body { margin: 0; font: 10pt/1.4 C; hyphens: auto }"
)
LINE = "valuation of the outcome in the first two simulations,"


def _boxes(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def width(text: str) -> float:
    """`text`'s width on one line, in CSS px, as WeasyPrint sets it."""
    from weasyprint import HTML

    page = HTML(
        string=f'<html lang="en-US"><style>{CSS}</style><body>'
        f'<span style="display: inline-block">{text}</span></body></html>'
    ).render()
    found = [b for b in _boxes(page.pages[0]._page_box) if type(b).__name__ == "InlineBlockBox"]
    return float(found[0].width)


def lines_and_right_edge(html: str, *, hooked: bool) -> tuple[list[str], float]:
    """The PDF's text lines, and the right edge of its rightmost glyph (pt; the line ends
    pdfium adds are no glyphs)."""
    from weasyprint import HTML

    out = io.BytesIO()
    with contextlib.ExitStack() as hooks:
        if hooked:  # as render/pdf.py nests them: the line memory keeps what the hook gives
            hooks.enter_context(hang_trailing_spaces())
            hooks.enter_context(remember_line_breaks())
        HTML(string=html).write_pdf(out)
    text = pdfium.PdfDocument(out.getvalue())[0].get_textpage()
    chars = text.get_text_range()
    right = max(text.get_charbox(i)[2] for i, c in enumerate(chars) if not c.isspace())
    return chars.split("\r\n"), right


def test_a_line_over_only_by_its_last_space_is_set_whole() -> None:
    # The column: the line's words fit, the space after them does not (a text box that an
    # inline box follows ends with one).
    line, space = width(LINE), width(LINE + "&nbsp;") - width(LINE)
    column = line + space / 2
    html = (
        f'<html lang="en-US"><style>{CSS} p {{ width: {column}px; text-align: justify }}'
        f"</style><body><p>{LINE} <em>R</em> is set to one.</p></body></html>"
    )
    before, _ = lines_and_right_edge(html, hooked=False)
    assert before[0] == "valua\u2010"  # WeasyPrint 70's own break: when this fails, it is fixed
    after, right = lines_and_right_edge(html, hooked=True)
    assert after == [LINE, "R is set to one."]
    left = 20 * 72 / 25.4  # the page margin, in pt
    assert right <= left + column * 0.75  # inside the column: only its space hangs


def test_lines_broken_well_are_the_same_bytes() -> None:
    from weasyprint import HTML

    prose = (
        "The committee's deliberations, recorded in minutes that survive only in part, show"
        " how contested the interpretation of the treaty's <em>provisions</em> remained"
        " throughout the negotiations; representatives disagreed about verification. "
    )
    html = (
        f'<html lang="en-US"><style>{CSS} main {{ column-count: 2 }} p {{ text-align: justify }}'
        f"</style><body><main>{''.join(f'<p>{prose * (1 + i % 3)}</p>' for i in range(30))}"
        "</main></body></html>"
    )
    plain = HTML(string=html).write_pdf()
    with hang_trailing_spaces():
        hooked = HTML(string=html).write_pdf()
    with hang_trailing_spaces(), remember_line_breaks():
        remembered = HTML(string=html).write_pdf()
    assert hooked == plain and remembered == plain


def test_a_word_wider_than_the_line_is_still_hyphenated() -> None:
    """A narrow cell: `Transforming` does not fit, space or none, so WeasyPrint's `Trans-`
    stands (Pango sets an unbreakable word on one line however wide: that is no fit)."""
    column = width("Transforming") * 0.8
    html = (
        f'<html lang="en-US"><style>{CSS} p {{ width: {column}px }}</style><body>'
        "<p>Transforming <em>topology</em></p></body></html>"
    )
    before, _ = lines_and_right_edge(html, hooked=False)
    assert before[0].endswith("\u2010")  # hyphenated: the word does not fit
    after, _ = lines_and_right_edge(html, hooked=True)
    assert after == before
