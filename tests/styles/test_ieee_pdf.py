"""The ieee PDF of the sample paper: US letter, numeric citations, numbered references."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw
from pypdf import PdfReader

LETTER = (612.0, 792.0)  # points
STYLES = Path(__file__).resolve().parents[2] / "styles"  # this tree's, as the sample's build


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
    assert "I. INTRODUCTION" in first
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


def test_ieee_follows_ieeetran_s_sections_captions_and_footnotes(
    sample_pdf: Callable[[str], Path],
) -> None:
    pdf = sample_pdf("ieee")
    text = " ".join(_text(pdf))
    for printed in (
        "II. FROM ALIGNMENT TO HEDGING",  # Roman numbers, capitals
        "A. The Khan years",  # subsections lettered
        "Section II recalls",  # a cross-reference prints the heading's number
        "Fig. 1. Main events",  # the caption under the figure
        "and Fig. 1 places",
        "TABLE I SELECTED CONTACTS OF PAKISTAN",  # over the table, its text in capitals
        "Table I sets out",
    ):
        assert printed in text, printed
    assert "Figure" not in text and "Table 1" not in text and "1. INTRODUCTION" not in text
    assert text.count("REFERENCES") == 1
    assert text.index("TABLE I") < text.index("2014 Moscow lifts")  # the caption is above
    # a rule over the footnotes of page 1: a thin line just above the first note
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        textpage = page.get_textpage()
        note = textpage.get_text_range().index("Department of International Relations")
        note_top = textpage.get_charbox(note)[3]
        rules = [
            obj.get_bounds()
            for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH], max_depth=0)
        ]
    finally:
        document.close()
    # (WeasyPrint draws the footnote area's top border as a path bounded by the whole area)
    assert any(r[2] - r[0] > 100 and 0 < r[3] - note_top < 12 for r in rules), rules


def test_ieee_table_caption_in_capitals_is_not_hyphenated() -> None:
    """A narrow table's caption wraps at its width in whole words: quarto-la-palma's `RECENT
    HISTORIC ERUP-` / `TIONS ON LA PALMA` (a word in capitals is not hyphenated)."""
    from weasyprint import CSS, HTML

    rows = "".join(f"<tr><td>Volcán {n}</td><td>{1500 + n}</td></tr>" for n in range(4))
    html = (
        '<html lang="en-US"><body><table><caption><span class="caption-label">Table I</span>'
        f"Recent historic eruptions on La Palma</caption><tbody>{rows}</tbody></table>"
        "</body></html>"
    )
    sheet = CSS(filename=str(STYLES / "ieee" / "print.css"))
    document = pdfium.PdfDocument(HTML(string=html).write_pdf(stylesheets=[sheet]))
    try:
        lines = document[0].get_textpage().get_text_range().split("\r\n")
    finally:
        document.close()
    caption = lines[1 : lines.index(next(line for line in lines if line.startswith("Volcán")))]
    assert len(caption) > 1  # it wraps: the table is narrower than the caption
    assert " ".join(caption) == "RECENT HISTORIC ERUPTIONS ON LA PALMA"
