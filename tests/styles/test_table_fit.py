"""The handbook's two wide pipe tables (tests/realworld/excerpts/handbuch-metadaten.qmd, lines
215-308) in each style, read from the PDF (render/widen.py: a starved table keeps its words).

pandoc gave their columns the widths of the separator's dashes (2%, 3%, 2%, 20%, 70%): ieee and
preprint set "Name", "Dublin Core" and "Obligatorisch" a letter or two a line down 5 and 11
pages, and gfpr's float pass moved the two tables (13 pages long) after the reference list,
into the hidden `section.footnotes`: out of the PDF (6 pages). Now every word of them is
printed, none broken, none outside the text area (tests/render/test_floats.py has the move).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pagedefects import find_defects
from pagegaps import geometry_of

from docbuild.config import load_settings
from docbuild.jobs.build import run_pdf
from docbuild.style import PACKAGE_STYLES

# One home for the excerpt as a paper, in a test folder that is not a package.
if str(Path(__file__).parents[1] / "render") not in sys.path:
    sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
from test_labels import SharedBuild, shared_excerpt

# A line's last hyphen (the hyphenation's U+2010, or the word's own) and its break, and spaces:
# the text as written, whatever its lines.
_BREAKS = re.compile(r"[-\u2010\u00ad]\r?\n|\s")


@pytest.fixture(scope="module", params=["gfpr", "ieee", "preprint"])
def handbook(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    shared_build: SharedBuild,
) -> tuple[str, Path]:
    """The style and the excerpt's build folder, its PDF made: in a copy of the excerpt's
    page, which tests/render/test_labels.py reads too (made once a run, `shared_excerpt`)."""
    shared = shared_excerpt(shared_build, request.param)
    paper = shutil.copytree(shared, tmp_path_factory.mktemp(request.param) / "paper")
    settings = load_settings(paper)
    assert run_pdf(settings)
    return request.param, settings.build_path


@pytest.mark.slow  # a PDF in each style, ~20 s each on two cores
def test_every_cell_of_the_tables_is_printed(handbook: tuple[str, Path]) -> None:
    _, build = handbook
    document = pdfium.PdfDocument(str(build / "paper.pdf"))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    page = (build / "pandoc.html").read_text(encoding="utf-8")
    # The Dublin Core column: 22 cells and one mention in the text before the tables.
    assert _BREAKS.sub("", text).count("dcterms:") == page.count("dcterms:") == 23


@pytest.mark.slow
def test_no_word_of_the_tables_is_broken_or_outside_the_page(handbook: tuple[str, Path]) -> None:
    style, build = handbook
    defects = find_defects(build / "paper.pdf", geometry_of(PACKAGE_STYLES / style))
    assert [str(d) for d in defects] == []
