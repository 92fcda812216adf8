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


PROSE = (
    "The committee's deliberations, recorded in minutes that survive only in part, show"
    " how contested the interpretation of the treaty's {provisions} remained"
    " throughout the negotiations; representatives disagreed about verification. "
)


def two_columns(paragraphs: list[str]) -> str:
    return (
        f'<html lang="en-US"><style>{CSS} main {{ column-count: 2 }} p {{ text-align: justify }}'
        f"</style><body><main>{''.join(f'<p>{p}</p>' for p in paragraphs)}</main></body></html>"
    )


def pdf_lines(html: str, *, hooked: bool) -> list[str]:
    from weasyprint import HTML

    with contextlib.ExitStack() as hooks:
        if hooked:
            hooks.enter_context(hang_trailing_spaces())
        data = HTML(string=html).write_pdf()
    pages = pdfium.PdfDocument(data)
    return [line for page in pages for line in page.get_textpage().get_text_range().split("\r\n")]


def test_a_line_beside_an_inline_box_breaks_as_without_it() -> None:
    """A `<span>` in the text changes no line: WeasyPrint 70 measures the text before it with
    its last space, finds it "can't be split earlier" and sets its first word alone (`show`
    on a line of its own; the sample's `were` in gfpr, `and` in ieee; joss-iondiff's `based`)."""
    sizes = [1 + i % 3 for i in range(30)]
    plain = two_columns([PROSE.format(provisions="provisions") * n for n in sizes])
    spanned = two_columns([PROSE.format(provisions="<span>provisions</span>") * n for n in sizes])
    before = pdf_lines(spanned, hooked=False)
    assert "show" in before  # WeasyPrint 70's own break: when this fails, it is fixed
    assert pdf_lines(spanned, hooked=True) == pdf_lines(plain, hooked=False)


def test_a_line_that_ends_before_a_no_break_space_holds_its_words() -> None:
    """`available on&nbsp;<a>Gitlab</a>`: the text before the link ends with a no-break space,
    which does not hang; WeasyPrint 70 then sets the text's first word alone after the link
    before it (`ReadTheDocs.` a line of its own, humanities-citationnet in gfpr, p2). Here the
    line ends a word earlier, where Pango ends it at the width of its words: at no width is a
    line but the last one word (the link's text is not hyphenated, so the lines may differ
    from the same text without links)."""
    text = (
        'The full documentation is hosted on <a href="https://example.org">ReadTheDocs</a>. The'
        ' complete source code is available on&nbsp;<a href="https://example.org">Gitlab</a>.'
    )

    def lone_words(lines: list[str]) -> list[str]:
        return [line for line in lines[:-1] if len(line.split()) == 1]

    before, after = [], []
    for width in range(200, 320, 4):
        html = f'<html lang="en-US"><style>{CSS} p {{ width: {width}px }}</style><p>{text}</p>'
        before += lone_words(pdf_lines(html, hooked=False))
        after += lone_words(pdf_lines(html, hooked=True))
    assert "Docs." in before  # WeasyPrint 70's own breaks: when this fails, it is fixed
    assert after == []


def test_lines_broken_well_are_the_same_bytes() -> None:
    """Text WeasyPrint breaks as Pango does is left as it is, and the line memory keeps what
    the hook gives."""
    from weasyprint import HTML

    sizes = [1 + i % 3 for i in range(30)]
    plain = two_columns([PROSE.format(provisions="provisions") * n for n in sizes])
    spanned = two_columns([PROSE.format(provisions="<em>provisions</em>") * n for n in sizes])
    unhooked = HTML(string=plain).write_pdf()
    with hang_trailing_spaces():
        hooked = HTML(string=plain).write_pdf()
        spanned_hooked = HTML(string=spanned).write_pdf()
    with hang_trailing_spaces(), remember_line_breaks():
        remembered = HTML(string=spanned).write_pdf()
    assert hooked == unhooked and remembered == spanned_hooked


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
