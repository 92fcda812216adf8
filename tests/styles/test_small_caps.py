"""pandoc's small capitals (`[Daxa]{.smallcaps}`) in every shipped style, both editions.

DAXA's JOSS paper names its software in small capitals 25 times (tests/realworld/excerpts/
daxa-summary.md, its Summary). No style had a rule for pandoc's `smallcaps` span, so every
style printed "Daxa" in lower case. Charis SIL (gfpr, preprint) has small capitals of its own;
Liberation Serif (ieee) has none, so ieee sets the lower-case letters as smaller capitals, as
it does its heads (and as LaTeX's Times does). Each check measures the letters in the PDF: a
small capital stands taller than the lower-case letter it replaces.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from stylekit import build_body

from docbuild.render.printhtml import mark_small_caps

EXCERPT = Path(__file__).parents[1] / "realworld" / "excerpts" / "daxa-summary.md"
# style: how the PDF's text layer reads the name (ieee's imitation is capitals)
STYLES = {"gfpr": "Daxa", "preprint": "Daxa", "ieee": "DAXA"}


def _heights(pdf: Path, after: str, count: int) -> tuple[str, list[float]]:
    """The `count` characters after `after` in the PDF's text and each one's drawn height."""
    document = pdfium.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        whole = text.get_text_range()
        at = whole.find(after)
        if at >= 0:
            at += len(after)
            boxes = [text.get_charbox(i) for i in range(at, at + count)]
            return whole[at : at + count], [top - bottom for _, bottom, _, top in boxes]
    raise AssertionError(f"no '{after}' in the PDF's text")


@pytest.mark.parametrize("style", sorted(STYLES))
def test_small_caps_print_as_small_capitals(tmp_path: Path, style: str) -> None:
    build = build_body(tmp_path, style, EXCERPT.read_text(encoding="utf-8"), html=True)
    name, heights = _heights(build / "paper.pdf", "referred to as ", 4)
    assert name == STYLES[style]
    plain, plain_heights = _heights(build / "paper.pdf", "The ", 3)  # "aim": a lower-case a
    assert plain == "aim"
    # Before: the `axa` of "Daxa" as tall as the `a` of "aim" (lower case, 5.12 pt in gfpr);
    # small capitals are a tenth taller (5.68 pt; ieee's smaller capitals 4.82 against 4.36).
    assert all(h > 1.05 * plain_heights[0] for h in heights[1:]), (heights, plain_heights)
    # The HTML edition asks the browser for them; its text stays as written.
    assert "Daxa" in (build / "paper.html").read_text(encoding="utf-8")
    assert ".smallcaps { font-variant-caps: small-caps; }" in (
        build / "style" / "screen.css"
    ).read_text(encoding="utf-8")


def test_lower_case_runs_are_marked_entities_and_tags_kept() -> None:
    page = (
        '<p>(<span class="smallcaps">Daxa</span>; <span class="smallcaps">Xga &amp; '
        "<em>Élan</em> 2nd</span>) daxa</p>"
    )
    assert mark_small_caps(page) == (
        '<p>(<span class="smallcaps">D<span class="docbuild-lower">axa</span></span>; '
        '<span class="smallcaps">X<span class="docbuild-lower">ga</span> &amp; '
        '<em>É<span class="docbuild-lower">lan</span></em> 2<span class="docbuild-lower">nd'
        "</span></span>) daxa</p>"
    )
    assert mark_small_caps("<p>no small capitals</p>") == "<p>no small capitals</p>"
