"""A note style (CSL `class="note"`: Chicago notes and bibliography, SBL, OSCOLA) in the PDF.

Its citations are footnotes that citeproc makes, after the cross-reference filter gave the
manuscript's own footnotes the inline copy the print CSS floats to the page foot: the PDF
printed none of them, not a single citation (the BibCrit paper of the corpus, a biblical
studies paper, with Chicago's notes style: 12 notes, none printed). render/notecopies.lua
copies them after citeproc, and makes the manuscript's own copies again there, so that a
citation inside a footnote is rendered as one in a note (never a footnote in a footnote).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
from stylekit import build_folder

BIBCRIT = Path(__file__).parents[1] / "realworld" / "manuscripts" / "humanities-bibcrit"
SETTINGS = """style = "gfpr"
bibliography = "paper.bib"
manuscript = ["paper.md"]
csl = "chicago-notes-bibliography"
"""


def _build(root: Path) -> Path:
    (root / "docbuild.toml").write_text(SETTINGS, encoding="utf-8")
    return build_folder(root, html=True)


def _text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages)


def test_a_note_styles_citations_print_as_footnotes(tmp_path: Path) -> None:
    root = tmp_path / "bibcrit"
    shutil.copytree(BIBCRIT, root)
    build = _build(root)
    text = _text(build / "paper.pdf")
    # The first note: the citation of the paper's line 31, whole (Chicago's first citation).
    assert (
        "Emanuel Tov, Textual Criticism of the Hebrew Bible, 3rd ed. (Fortress Press, 2012);"
        " Eugene Ulrich, The Dead Sea Scrolls and the Origins of the Bible (Eerdmans, 1999)."
    ) in text
    # Later ones short, as the style gives them; the notes run to 12, once each.
    assert "Tov, Textual Criticism of the Hebrew Bible." in text
    page = (build / "pandoc.html").read_text(encoding="utf-8")
    assert page.count('class="footnote-inline"') == 12
    html = (build / "paper.html").read_text(encoding="utf-8")
    assert html.count('<li id="fn') == 12  # the HTML edition's endnotes, no more


def test_a_citation_inside_a_footnote_stays_in_that_note(tmp_path: Path) -> None:
    root = tmp_path / "bibcrit"
    shutil.copytree(BIBCRIT, root)
    paper = root / "paper.md"
    text = paper.read_text(encoding="utf-8")
    # A footnote of the manuscript's own that cites (as humanities notes do), and a citation
    # after it in the text.
    marker = "primary source variation."
    assert marker in text
    paper.write_text(
        text.replace(marker, marker + "[^tc]", 1)
        + "\n[^tc]: The standard handbook is @tov2012, 12--15.\n",
        encoding="utf-8",
    )
    build = _build(root)
    page = (build / "pandoc.html").read_text(encoding="utf-8")
    # 12 citeproc notes and the manuscript's one: 13 notes, 13 copies, none inside another.
    assert page.count('class="footnote-inline"') == 13
    assert (
        '<span class="footnote-inline">The standard handbook is <span class="citation"'
        ' data-cites="tov2012">Tov, <a href="#ref-tov2012"'
    ) in page
    html = (build / "paper.html").read_text(encoding="utf-8")
    assert html.count('<li id="fn') == 13
    assert "The standard handbook is Tov" in _text(build / "paper.pdf")
