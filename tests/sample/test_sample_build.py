"""`doit build` on the sample paper: a PDF and an HTML edition with the figure, the table, the
footnote, resolved cross-references and all fourteen references."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from samplekit import run_sample

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_sample(tmp_path_factory, "build", timeout=300) / "build"


def _pdf_text(build: Path) -> str:
    reader = pypdf.PdfReader(build / "paper.pdf")
    # One space for any run of white space: "Figure 1" is joined by a no-break space.
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_the_pdf_has_the_figure_table_and_resolved_cross_references(built: Path) -> None:
    text = _pdf_text(built)
    assert "Figure 1" in text
    assert "Table 1" in text
    assert "Section “From alignment to hedging”" in text  # gfpr names unnumbered sections
    assert not re.search(r"@(fig|tbl|sec):", text)


def test_the_pdf_is_marked_as_a_draft_while_the_showcase_errors_remain(built: Path) -> None:
    assert "DRAFT" in _pdf_text(built)


def test_the_html_edition_has_every_piece(built: Path) -> None:
    html = (built / "paper.html").read_text(encoding="utf-8")
    for anchor in ('id="fig:timeline"', 'id="tbl:contacts"', 'id="sec:conclusion"'):
        assert anchor in html
    assert 'role="doc-endnotes"' in html or 'class="footnotes' in html
    assert (built / "manuscript" / "figures" / "timeline.svg").is_file()
    entries = re.findall(r'id="ref-([\w:.-]+)"', html)
    assert len(entries) == 14
