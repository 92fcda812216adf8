"""Footnotes in columns above a block across them (render/columnnotes.py), laid out by the real
WeasyPrint: the columns under the block stop above the notes, and the page is not left empty.
"""

from __future__ import annotations

import pytest

from docbuild.render.columnnotes import install

TEXT = "<p>" + " ".join(["word"] * 60) + "</p>"
NOTE = '<p class="note">A note long enough to take two lines at the foot of the page, yes.</p>'
PAGE = """<html><head><style>
@page {{ size: A5; margin: 15mm }}
main {{ column-count: 2 }}
p {{ margin: 0 0 4pt; font: 9pt/11pt serif }}
.note {{ float: footnote }}
.wide {{ column-span: all; height: 50pt }}
</style></head><body><p>Title</p><main>{body}</main></body></html>"""


def _pages(body: str) -> list[list[tuple[str, float, float]]]:
    """Each page's lines: ('note' or 'line', top, bottom) in CSS pixels."""
    from weasyprint import HTML

    document = HTML(string=PAGE.format(body=body)).render()
    out: list[list[tuple[str, float, float]]] = []
    for page in document.pages:
        out.append([])
        _lines(page._page_box, False, out[-1])
    return out


def _lines(box: object, note: bool, found: list[tuple[str, float, float]]) -> None:
    for child in getattr(box, "children", ()):
        kind = type(child).__name__
        inner = note or kind == "FootnoteAreaBox"
        if kind == "LineBox":
            top = child.position_y
            found.append(("note" if inner else "line", top, top + child.height))
        else:
            _lines(child, inner, found)


@pytest.mark.parametrize("where", ["in its own block", "in a paragraph"])
def test_columns_under_a_block_across_them_stop_above_the_notes(where: str) -> None:
    install()
    if where == "in a paragraph":
        body = TEXT.replace("<p>", f'<p>word <span class="note">{NOTE[17:-4]}</span> ', 1)
    else:
        body = NOTE + TEXT
    pages = _pages(body + TEXT * 2 + '<div class="wide"></div>' + TEXT * 40)
    first = pages[0]
    lines = [b for kind, _, b in first if kind == "line"]
    notes = [t for kind, t, _ in first if kind == "note"]
    assert len(lines) > 20, "the first page holds the title alone"
    assert notes and max(lines) <= min(notes)


# WeasyPrint alone: a group of columns under a block across them whose second column cannot
# start (the block after the first column's lines is taller than what is left) was dropped
# whole, its first column too, leaving the page empty under the block (docs/architecture.md).
TALL = '<div style="height: 420pt; break-inside: avoid"></div>'


@pytest.mark.parametrize("notes", [0, 1])
def test_columns_under_a_block_across_them_keep_the_first_when_the_second_cannot_start(
    notes: int,
) -> None:
    install()
    line = "<p>line</p>"
    body = NOTE * notes + TEXT + '<div class="wide"></div>' + line * 20 + TALL + TEXT * 4
    first, second = _pages(body)[:2]
    text = [t for kind, t, _ in first if kind == "line"]
    assert len(text) >= 20 + 1, "the columns under the block were left empty"
    assert len([t for kind, t, _ in second if kind == "line"]) > 0
