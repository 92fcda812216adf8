"""The ieee PDF of the sample paper: US letter, numeric citations, numbered references."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

LETTER = (612.0, 792.0)  # points


def _text(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        # A word hyphenated at a line's end (U+2010, the hyphenation's hyphen) is joined again.
        pages = (re.sub("\u2010\r?\n", "", p.get_textpage().get_text_range()) for p in document)
        return [re.sub(r"\s+", " ", page) for page in pages]
    finally:
        document.close()


def test_ieee_page_one_and_citations(sample_pdf: Callable[[str], Path]) -> None:
    pdf = sample_pdf("ieee")
    pages = _text(pdf)
    first = pages[0]
    assert "Abstract—Over the past decade Pakistan" in first
    assert "Index Terms—Pakistan, Russia, United States, foreign policy, hedging, Afghanistan." in (
        first
    )
    assert "Digital Object Identifier 10.31703/gfpr.2023(VI-III).01" in first
    assert "1. INTRODUCTION" in first
    assert "with China and its partnership with India [1], [2]." in first
    # No author-year citation made by citeproc survives (the sample's one typed-out
    # "(Kurita, 2019)" is plain text, not a citation).
    assert not re.search(r"\((?!Kurita)[A-Z][a-z]+(?: & [A-Z][a-z]+)?, \d{4}\)", " ".join(pages))


def test_ieee_references_are_numbered_in_citation_order(sample_pdf: Callable[[str], Path]) -> None:
    text = " ".join(_text(sample_pdf("ieee")))
    refs = text[text.rindex("REFERENCES") :]
    numbers = [int(n) for n in re.findall(r"\[(\d+)\] [A-Z]\. ", refs)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 10
    assert refs.index("[1] B. Khan") < refs.index("[2] M. T. F. Khan")


def test_ieee_is_us_letter_in_its_own_fonts(sample_pdf: Callable[[str], Path]) -> None:
    reader = PdfReader(sample_pdf("ieee"))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {LETTER}
    fonts = {
        str(ref.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for ref in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {
        "Liberation-Serif",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Bold-Italic",
        "STIX-Two-Math",  # the style's math font: the sample has an equation
    }
