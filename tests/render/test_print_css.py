"""The page rules docbuild adds to every style's print CSS (render/printhtml.py PRINT_CSS), by
the real WeasyPrint and pdfium."""

from __future__ import annotations

from docbuild.render.printhtml import PRINT_CSS


def _marks_and_words(html: str) -> list[tuple[float, float]]:
    """For each list item (each opens with "als"): the bullet's vertical centre and the
    bottom of its first 'l' (a letter with no descender), in points from the foot."""
    import pypdfium2
    from weasyprint import HTML

    pdf = pypdfium2.PdfDocument(HTML(string=html).write_pdf())
    text = pdf[0].get_textpage()
    chars = [text.get_text_range(i, 1) for i in range(text.count_chars())]
    # pdfium lists the markers after the text: the k-th bullet is the k-th item's
    bullets = [i for i, char in enumerate(chars) if char == "\u2022"]
    starts = [
        i + 1 for i, char in enumerate(chars) if char == "a" and (i == 0 or chars[i - 1] == "\n")
    ]
    out = []
    for bullet, ell in zip(bullets, starts, strict=True):
        _, bottom, _, top = text.get_charbox(bullet)
        out.append(((bottom + top) / 2, text.get_charbox(ell)[1]))
    pdf.close()
    return out


def test_a_superscript_leaves_the_bullet_on_its_line() -> None:
    """gij-bent's paper.qmd (AntheSevenants/gij-bent, commit a9be530): the list item "*gij*
    als persoonlijk voornaamwoord in de 2^de^ persoon" printed its bullet a superscript's
    height above the line, the other items' bullets level with theirs."""
    style = "body { font: 11pt/14pt serif; margin: 0 } ul { margin: 0 }" + PRINT_CSS
    items = "<li>als de 2<sup>de</sup> persoon</li><li>als de tweede persoon</li>"
    body = f"<main><ul>{items}</ul></main>"  # the text, as the page holds it
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    (mark_a, word_a), (mark_b, word_b) = _marks_and_words(html)
    assert abs((mark_a - word_a) - (mark_b - word_b)) < 0.2
