"""Hyphenation follows the document's language, American English by default (a bare `en`
too: pyphen would pick British patterns, "Americ-an", "capit-als"); code is never hyphenated.

A narrow justified column of known words, rendered by the real WeasyPrint with the preprint
style's CSS; the words broken at a line's end are read back from the PDF with pdfium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pyphen
import pytest

from docbuild.render.pdf import PdfJob, render_pdf
from docbuild.style import PACKAGE_STYLES

STYLE = PACKAGE_STYLES / "preprint"
WORDS = "American capitals hyphenation representatives "
# British patterns would allow "Americ-an", "capit-als", "represent-atives".
BRITISH = {"American": "Americ", "capitals": "capit", "representatives": "represent"}


def american(word: str, first: str) -> bool:
    """Whether en-US patterns (pyphen's en_US: TeX's `english`) allow `word` broken there."""
    return len(first) in pyphen.Pyphen(lang="en_US").positions(word)


def broken_words(root: Path, lang: str, body: str) -> list[tuple[str, str]]:
    page = (
        f'<html lang="{lang}"><head><title>t</title></head><body>'
        f'<p style="width: 2.6cm; text-align: justify">{body}</p></body></html>'
    )
    job = PdfJob(
        html=page,
        root=root,
        stylesheets=(STYLE / "print.css",),
        allowed=(root, STYLE),
        fonts=tuple(sorted((STYLE / "fonts").glob("*.ttf"))),
    )
    (root / "out.pdf").write_bytes(render_pdf(job, timeout=120).data)
    document = pdfium.PdfDocument(str(root / "out.pdf"))
    try:
        text = "\n".join(p.get_textpage().get_text_range() for p in document)
    finally:
        document.close()
    # U+2010 is the hyphen WeasyPrint adds where it breaks a word.
    return re.findall(r"(\w+)\u2010\r?\n(\w+)", text)


@pytest.mark.parametrize("lang", ["en-US", "en"])
def test_words_break_where_american_english_breaks_them(lang: str, tmp_path: Path) -> None:
    breaks = broken_words(tmp_path, lang, WORDS * 12)
    assert {a + b for a, b in breaks} >= {"American", "capitals"}, breaks  # narrow enough
    for first, rest in breaks:
        word = first + rest
        assert american(word, first) and first != BRITISH.get(word), f"{first}-{rest}"
        assert len(first) >= 2 and len(rest) >= 3  # hyphenate-limit-chars: 6 2 3


def test_british_english_keeps_british_breaks(tmp_path: Path) -> None:
    """The proof that the test above can fail: en-GB is hyphenated by British patterns."""
    breaks = broken_words(tmp_path, "en-GB", WORDS * 12)
    assert [f"{a}-{b}" for a, b in breaks if not american(a + b, a)] != []


def test_code_is_never_hyphenated(tmp_path: Path) -> None:
    code = "<code>representatives</code> " * 12
    assert broken_words(tmp_path, "en-US", WORDS * 3 + code) != []  # the prose still is
    assert broken_words(tmp_path, "en-US", code) == []
