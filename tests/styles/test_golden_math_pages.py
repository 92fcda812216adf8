"""Golden pictures of math: page 1 of a paper whose body is tests/styles/math/page.md, in each
style, compared with a committed PNG as tests/styles/test_golden_pages.py compares page 1 of
the sample paper (same resolution, blur and tolerance, for the same reasons).

The page has inline math on the baseline, numbered display equations with their numbers at
the right, a matrix, cases, an aligned derivation, limits stacked in display and beside in
text. Each golden picture was looked at by a person before it was committed (issue 12: the
matrix is two rows, the hat sits on the beta, the sum's limits are under it in display, the
equation numbers (1)-(3) are right-aligned and the references print them).

Regenerate after an intended change of the math layout or a style, then look at them:

    DOCBUILD_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/styles/test_golden_math_pages.py
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from test_golden_pages import (
    GOLDEN,
    GOLDEN_DPI,
    REGENERATE,
    TOLERANCE,
    page_difference,
    render_page,
)

from docbuild.config import load_settings
from docbuild.jobs.build import run_pdf
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"
PAGE = Path(__file__).parent / "math" / "page.md"
STYLES = ("gfpr", "ieee", "preprint")


def math_paper(tmp: Path, style: str, page: str) -> Path:
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    config = root / "docbuild.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("preprint", style), "utf-8")
    body = root / "manuscript" / "02-body.md"
    body.rename(root / "manuscript" / "03-rest.md")  # the table and figure the front cites
    body.write_text(page, encoding="utf-8")
    (root / "build").mkdir()
    assert run_normalize(load_settings(root), in_place=False)
    report = {"version": 1, "summary": {"error": 0, "warning": 0}, "findings": []}
    (root / "build" / "lint-report.json").write_text(json.dumps(report), encoding="utf-8")
    settings = load_settings(root)
    assert run_pandoc(settings) and run_pdf(settings)
    return root / "build" / "paper.pdf"


@pytest.mark.parametrize("style", STYLES)
def test_a_page_of_math_matches_the_golden_picture(
    style: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1688169600")
    pdf = math_paper(tmp_path, style, PAGE.read_text(encoding="utf-8"))
    page = render_page(pdf, dpi=GOLDEN_DPI)
    golden = GOLDEN / f"math-{style}.png"
    if REGENERATE:
        page.save(golden, optimize=True)
        look = Path(tempfile.gettempdir()) / f"docbuild-math-{style}.png"  # to look at
        render_page(pdf, dpi=110, grey=False).save(look)
        pytest.skip(f"wrote {golden.name}; look at {look}")
    assert golden.is_file(), f"no golden picture {golden}; see this module's docstring"
    difference = page_difference(page, Image.open(golden).convert("L"))
    assert difference <= TOLERANCE, (
        f"the math page in '{style}' differs from {golden.name} by {difference:.2f} "
        f"(tolerance {TOLERANCE}); if the change is intended, regenerate (see the docstring)"
    )


def test_math_laid_out_as_one_row_is_caught(tmp_path: Path) -> None:
    """The old failure: a matrix printed as one row of four, fractions flat. A page where the
    math is written out as plain text instead differs far beyond the tolerance."""
    flat = PAGE.read_text(encoding="utf-8").replace("$$", "`").replace("$", "`")
    flat = flat.replace("@eq:", "eq:")  # (the equations it numbered are gone)
    page = render_page(math_paper(tmp_path, "gfpr", flat), dpi=GOLDEN_DPI)
    golden = Image.open(GOLDEN / "math-gfpr.png").convert("L")
    assert page_difference(page, golden) > 2 * TOLERANCE  # measured: 5.2
