"""`csl = "chicago-author-date"` in docbuild.toml restyles the citations of a real build."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium


def _add_setting(paper: Path, line: str) -> None:
    config = paper / "docbuild.toml"
    config.write_text(line + "\n" + config.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_csl_name_overrides_the_style_citations(
    tmp_path: Path, make_paper: Callable[[Path, str], Path], build_pdf: Callable[[Path], Path]
) -> None:
    paper = make_paper(tmp_path / "paper", "gfpr")
    _add_setting(paper, 'csl = "chicago-author-date"')
    document = pdfium.PdfDocument(str(build_pdf(paper)))
    try:
        text = re.sub(r"\s+", " ", document[0].get_textpage().get_text_range())
    finally:
        document.close()
    # Chicago: full given names, "and", the year without parentheses, the title in quotes.
    assert "Citation: Qureshi, Amina, and Daniel Hartmann. 2023. “Between Two Capitals:" in text
    assert "(B. Khan 2021; M. T. F. Khan 2019)" in text


def test_a_misspelt_csl_name_stops_the_build_with_suggestions(
    tmp_path: Path, make_paper: Callable[[Path, str], Path]
) -> None:
    paper = make_paper(tmp_path / "paper", "gfpr")
    _add_setting(paper, 'csl = "chicago-autor-date"')
    proc = subprocess.run(
        [sys.executable, "-m", "doit", "pandoc"],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode != 0
    assert (
        "\ndocbuild.toml:1: error: CSL style 'chicago-autor-date' not found\n"
        "  hint: did you mean 'chicago-author-date', 'chicago-author-date-fr', "
        "'chicago-author-date-de', 'petit-chicago-author-date', 'chicago-author-date-no-url'?"
    ) in proc.stderr
