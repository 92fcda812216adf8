"""The gfpr PDF of the sample paper carries the journal's first-page furniture as text.

Expected values come from the sample paper's front matter (manuscript/00-front.md); where a
line wraps in the narrow article-info panel, whitespace is ignored in the comparison.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

A4 = (595.28, 841.89)  # points

ISSUE_LINE = "Vol. VI, No. III (Summer 2023)"
CITATION = (
    "Citation: Qureshi, A., & Hartmann, D. (2023). Between Two Capitals: Pakistan’s Opening to"
    " Russia and Its Standing in Washington. Global Foreign Policies Review, VI(III), 1–5."
    " https://doi.org/10.31703/gfpr.2023(VI-III).01"
)
KEY_WORDS = "Key Words: Pakistan, Russia, United States, foreign policy, hedging, Afghanistan"


class Page:
    """The text of one PDF page with where each character sits and in which font."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        self.height = page.get_height()
        self.textpage = page.get_textpage()
        self.text = self.textpage.get_text_range()

    def index(self, needle: str) -> int:
        """Where `needle` starts in the page text, whitespace ignored; -1 when absent."""
        pattern = r"\s*".join(re.escape(c) for c in needle if not c.isspace())
        match = re.search(pattern, self.text)
        return match.start() if match else -1

    def has(self, needle: str) -> bool:
        return self.index(needle) >= 0

    def font(self, index: int) -> str:
        buffer = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(self.textpage.raw, index, buffer, 256, ctypes.byref(flags))
        return buffer.value.decode().split("+")[-1]

    def top(self, index: int) -> float:
        """Distance from the top of the page to the character's top, in points."""
        _left, _bottom, _right, top = self.textpage.get_charbox(index)
        return self.height - top

    def left(self, index: int) -> float:
        return self.textpage.get_charbox(index)[0]


@contextmanager
def open_page(pdf: Path, number: int) -> Iterator[Page]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        yield Page(document[number - 1])
    finally:
        document.close()


@pytest.fixture(scope="module")
def gfpr_pdf(sample_pdf: Callable[[str], Path]) -> Path:
    return sample_pdf("gfpr")


def test_page_one_has_the_issue_pages_doi_citation_and_key_words(gfpr_pdf: Path) -> None:
    with open_page(gfpr_pdf, 1) as page:
        missing = [
            line
            for line in (
                ISSUE_LINE,
                "Pages: 1 – 5",  # the PDF's own count: the front matter names no last page
                "DOI: 10.31703/gfpr.2023(VI-III).01",
                CITATION,
                KEY_WORDS,
                "Corresponding Author: Amina Qureshi (Department of International Relations,"
                " Example University, Lahore, Pakistan. Email: amina.qureshi@example.org)",
            )
            if not page.has(line)
        ]
    assert missing == []


def test_authors_carry_the_marks_of_their_affiliation_notes(gfpr_pdf: Path) -> None:
    with open_page(gfpr_pdf, 1) as page:
        assert page.has("Amina Qureshi *") and page.has("Daniel Hartmann †")
        notes = [
            page.index(
                "* Department of International Relations, Example University, Lahore, Pakistan"
            ),
            page.index("† Institute for Regional Studies, Sample College, Bremen, Germany."),
        ]
        assert -1 not in notes
        # At the foot of the page, below the two columns of body text.
        assert all(page.top(i) > 0.85 * page.height for i in notes)
        assert page.top(page.index("Introduction")) < 0.6 * page.height


def test_journal_name_in_the_citation_and_the_abstract_are_italic(gfpr_pdf: Path) -> None:
    with open_page(gfpr_pdf, 1) as page:
        citation = page.index(CITATION)
        journal = page.index("Global Foreign Policies Review, VI(III)")
        assert citation < journal
        assert page.font(journal) == "Charis-SIL-Italic"
        assert page.font(page.index("Citation:")) == "Charis-SIL-Bold"
        assert page.font(page.index("Over the past decade")) == "Charis-SIL-Italic"
        assert page.font(page.index("Key Words:")) == "Charis-SIL-Bold"


def test_later_pages_have_running_heads_and_the_journal_page_numbers(gfpr_pdf: Path) -> None:
    with open_page(gfpr_pdf, 2) as page:
        journal = page.index("Global Foreign Policies Review")
        issue = page.index(ISSUE_LINE)
        assert page.top(journal) < 0.1 * page.height
        assert page.top(issue) < 0.1 * page.height
        # article.fpage is 1: the second page is page 2, printed at its foot.
        numbers = [m.start() for m in re.finditer(r"(?m)^2\r?$", page.text)]
        assert any(page.top(i) > 0.9 * page.height for i in numbers)


def test_a4_and_only_the_style_fonts_all_embedded(gfpr_pdf: Path) -> None:
    reader = PdfReader(gfpr_pdf)
    sizes = {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader.pages
    }
    assert sizes == {A4}
    embedded = {name: _is_embedded(font) for name, font in _fonts(reader)}
    assert set(embedded) <= CHARIS | {"STIX-Two-Math"}  # the style's math font
    assert all(embedded.values())


CHARIS = {"Charis-SIL", "Charis-SIL-Italic", "Charis-SIL-Bold", "Charis-SIL-Bold-Italic"}


def _fonts(reader: PdfReader) -> Iterator[tuple[str, DictionaryObject]]:
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            yield str(font["/BaseFont"]).split("+")[-1], font


def _is_embedded(font: DictionaryObject) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_references_are_apa_with_hanging_indent_and_doi_links(gfpr_pdf: Path) -> None:
    reader = PdfReader(gfpr_pdf)
    uris = {
        str(a.get_object()["/A"].get("/URI"))
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/A")
    }
    assert "https://doi.org/10.53532/ss.039.03.00107" in uris
    for number in range(1, len(reader.pages) + 1):
        with open_page(gfpr_pdf, number) as page:
            entry = page.index("Khan, M. T. F. (2019).")
            if entry >= 0:
                second_line = page.text.index("\n", entry) + 1
                assert page.left(second_line) - page.left(entry) > 8  # points: hanging indent
                return
    pytest.fail("the reference to Khan (2019) is not in the PDF")


def test_headings_unnumbered_as_the_journal_prints_them(sample_pdf: Callable[[str], Path]) -> None:
    document = pdfium.PdfDocument(str(sample_pdf("gfpr")))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    text = re.sub(r"\s+", " ", text)
    assert "Introduction Few middle powers" in text and "1. Introduction" not in text
    assert "4.1 Defence" not in text and " Defence Defence ties" in text
    # a cross-reference names the section the heading does not number
    assert "Section “From alignment to hedging” recalls" in text
    assert text.count("References") == 1
