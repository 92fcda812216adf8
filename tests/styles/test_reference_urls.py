"""A URL in the reference list breaks where a compositor breaks one (render/printhtml's
break_long_words on the list's entries too): never at a letter leaving one or two alone on a
line (ieee manubot-governance's [13] ended `…57ae.p` | `df`, bench/RESULTS.md s16print), and
copied from the PDF it is whole (the breaks are drawn as nothing) with its link to all of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from docbuild.render.printhtml import BREAK, mark_for_print

URL = "https://www.everycrsreport.com/files/20121203_RL33528_ebc4cd402342b9bbf91bebdb37bbe6bdc06e57ae.pdf"
ENTRY = (
    '<div id="ref-crs2012" class="csl-entry" role="listitem"><div class="csl-left-margin">[13] '
    '</div><div class="csl-right-inline">Congressional Research Service, <span>“Industrial '
    "Competitiveness and Technological Advancement: Debate Over Government Policy.”</span> "
    f'[Online]. Available: <a href="{URL}">{URL}</a></div></div>'
)
# ieee's reference list as its print.css sets it: 8 pt, the link free to break anywhere.
PAGE = """<html><head><style>
@page {{ size: {width}pt 400pt; margin: 10pt }}
body {{ font: 8pt/9.5pt "Liberation Serif"; hyphens: manual }}
.csl-bib-body a {{ overflow-wrap: anywhere }}
</style></head><body><main><div class="csl-bib-body">{entry}</div></main></body></html>"""


def lines_of(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return document[0].get_textpage().get_text_range().splitlines()
    finally:
        document.close()


def url_lines(lines: list[str]) -> list[str]:
    """The lines the URL is set on: from the one it starts on, as many as its length takes."""
    first = next(i for i, line in enumerate(lines) if "https://" in line)
    taken = [lines[first][lines[first].index("https://") :]]
    for line in lines[first + 1 :]:
        if sum(map(len, taken)) >= len(URL):
            break
        taken.append(line)
    return taken


def test_a_reference_url_breaks_at_its_marks_not_at_a_letter(tmp_path: Path) -> None:
    """In columns 200 to 290 pt wide, the URL marked breaks at its slashes and marks only;
    unmarked, WeasyPrint breaks its last 45 letters where the line ends (`…57ae.p` | `df` at
    the width of ieee's column, 252 pt), which shows the test can fail."""
    from weasyprint import HTML

    stubs = []
    for width in range(200, 291, 6):
        for marked in (True, False):
            html = PAGE.format(width=width + 20, entry=ENTRY)
            pdf = tmp_path / f"{width}-{marked}.pdf"
            HTML(string=mark_for_print(html) if marked else html).write_pdf(pdf)
            lines = url_lines(lines_of(pdf))
            assert "".join(lines) == URL  # nothing added: no hyphen, no space, no mark
            pieces = [line[-1] for line in lines[:-1]]
            if marked:
                assert set(pieces) <= {"/", "_", "e"}, (width, lines)  # `…57ae` | `.pdf`
                assert min(sum(c.isalnum() for c in line) for line in lines) >= 3, lines
            else:
                stubs += [line for line in lines if sum(c.isalnum() for c in line) < 3]
    assert stubs  # unmarked, a line of one or two letters


@pytest.mark.slow
def test_manubot_governance_s_reference_13_keeps_its_file_name(
    case_pdf: Callable[[str, str], Path],
) -> None:
    pdf = case_pdf("ieee", "manubot-governance")
    reader = pypdf.PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "ebc4cd402342b9bbf91bebdb37bbe6bdc06e57ae.pdf" in text
    assert BREAK not in text and "\u00ad" not in text
    document = pdfium.PdfDocument(str(pdf))
    try:
        lines = document[len(document) - 1].get_textpage().get_text_range().splitlines()
    finally:
        document.close()
    assert "df" not in lines
    # The report's reference, whatever its number (13 of 14 before manual-references.json's
    # plain keys were read, one place on since).
    first = next(i for i, x in enumerate(lines) if "everycrsreport" in x)
    number = next(i for i in range(first, -1, -1) if re.match(r"\[\d+\]", lines[i]))
    assert "".join(url_lines(lines[number:])) == URL
    links = {
        str(annotation.get_object()["/A"]["/URI"])
        for annotation in reader.pages[-1].get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    assert URL in links
