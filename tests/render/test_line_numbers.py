"""Line numbers for review: the preprint style's PDF numbers each body line in the left margin.

The small paper is tests/integration/fixtures/paper (preprint); its body lines are found here
from the PDF's own text, independently of the renderer: runs of body-sized text (9-10.5 pt)
below the first section heading, inside the page's text area. Headings (13 and 11.5 pt),
footnotes (8.5 pt) and superscripts are not body lines; numbers are 7 pt digits left of the
text column.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from docbuild.config import load_settings
from docbuild.errors import ConfigError
from docbuild.jobs.build import run_pdf
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.style import PACKAGE_STYLES, load_style

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"
PT_PER_CM = 72 / 2.54
PAGE_HEIGHT = 29.7 * PT_PER_CM
TEXT_LEFT = 3 * PT_PER_CM  # preprint: 3 cm left margin
MARGIN_Y = 2.5 * PT_PER_CM  # preprint: 2.5 cm top and bottom margins
DRAFT_RIGHT = TEXT_LEFT - 1.3 * PT_PER_CM  # the DRAFT mark's box ends here (print.css)


@dataclass(frozen=True)
class Run:
    text: str
    x: float
    y: float
    size: float  # pt, as printed


def page_runs(page: pypdf.PageObject) -> list[Run]:
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or 1.0
            runs.append(Run(text.strip(), round(x, 2), round(y, 2), round(size * scale, 2)))

    page.extract_text(visitor_text=visit)
    return runs


def margin_numbers(runs: list[Run]) -> list[Run]:
    return [r for r in runs if r.text.isdigit() and r.size == 7.0 and r.x < TEXT_LEFT - 5]


def body_baselines(runs: list[Run], *, below: float | None) -> list[float]:
    """Distinct baselines of body text, top to bottom; `below`: the first heading's baseline."""
    return sorted(
        {
            r.y
            for r in runs
            if 9.0 <= r.size <= 10.5
            and r.x >= TEXT_LEFT - 0.5
            and MARGIN_Y < r.y < PAGE_HEIGHT - MARGIN_Y
            and (below is None or r.y < below)
        },
        reverse=True,
    )


def make_paper(tmp: Path, *, style: str = "preprint", lint_errors: int = 0) -> Path:
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    if style != "preprint":  # rewriting it would change the PDF's date (newest input)
        config = root / "docbuild.toml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace('"preprint"', f'"{style}"'), encoding="utf-8")
    (root / "build").mkdir()
    assert run_normalize(load_settings(root), in_place=False)  # build/refs.json, for real
    report = {"version": 1, "summary": {"error": lint_errors, "warning": 0}, "findings": []}
    (root / "build" / "lint-report.json").write_text(json.dumps(report), encoding="utf-8")
    settings = load_settings(root)
    assert run_pandoc(settings) and run_pdf(settings)
    return root / "build" / "paper.pdf"


@pytest.fixture(scope="module")
def preprint_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_paper(tmp_path_factory.mktemp("preprint"))


def test_every_body_line_has_its_number_at_its_baseline(preprint_pdf: Path) -> None:
    pages = [page_runs(p) for p in pypdf.PdfReader(preprint_pdf).pages]
    heading = next(r for r in pages[0] if r.text.endswith("Introduction"))
    expected: list[float] = []
    printed: list[Run] = []
    for index, runs in enumerate(pages):
        lines = body_baselines(runs, below=heading.y if index == 0 else None)
        numbers = margin_numbers(runs)
        assert [n.y for n in numbers] == pytest.approx(lines, abs=0.05), f"page {index + 1}"
        expected += lines
        printed += numbers
    assert [n.text for n in printed] == [str(n) for n in range(1, len(expected) + 1)]
    assert len(expected) == 17  # the fixture's body: 10 lines on page 1, 7 on page 2
    # Right-aligned in one column, clear of the text and of the DRAFT mark's box.
    ones = [n for n in printed if len(n.text) == 1]
    assert len({n.x for n in ones}) == 1
    assert all(DRAFT_RIGHT < n.x < TEXT_LEFT - 5 for n in printed)
    # The front matter and the headings have none: numbering starts at the first body line.
    assert printed[0].y == pytest.approx(body_baselines(pages[0], below=heading.y)[0], abs=0.05)


def test_numbers_use_only_the_styles_font(preprint_pdf: Path) -> None:
    fonts = set()
    for page in pypdf.PdfReader(preprint_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    # The text's font, and the math font for the fixture's equations (the style ships both).
    assert fonts and all(f.startswith(("Charis-SIL", "STIX-Two-Math")) for f in fonts), fonts


def test_the_draft_mark_stays_readable_beside_the_numbers(tmp_path: Path) -> None:
    pdf = make_paper(tmp_path, lint_errors=2)
    for page in pypdf.PdfReader(pdf).pages:
        runs = page_runs(page)
        draft = [r for r in runs if "DRAFT" in r.text]
        assert draft and all(r.x < DRAFT_RIGHT for r in draft)
        assert margin_numbers(runs)
    assert "DRAFT \u2014 2 reference problems" in " ".join(pdf_words(pdf))


def pdf_words(pdf: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages]


def test_same_inputs_give_the_same_bytes(preprint_pdf: Path, tmp_path: Path) -> None:
    assert make_paper(tmp_path).read_bytes() == preprint_pdf.read_bytes()


def test_a_style_without_the_flag_numbers_nothing(tmp_path: Path) -> None:
    assert not load_style(PACKAGE_STYLES / "gfpr").line_numbers
    assert load_style(PACKAGE_STYLES / "preprint").line_numbers
    pdf = make_paper(tmp_path, style="gfpr")
    for page in pypdf.PdfReader(pdf).pages:
        runs = page_runs(page)
        left = min(r.x for r in runs if not r.text.isdigit())
        assert [r for r in runs if r.text.isdigit() and r.size == 7.0 and r.x < left] == []


def test_a_flag_that_is_not_true_or_false_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(PACKAGE_STYLES / "preprint", folder)
    toml = folder / "style.toml"
    text = toml.read_text(encoding="utf-8").replace("line_numbers = true", 'line_numbers = "yes"')
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_style(folder)
    line = text.splitlines().index('line_numbers = "yes"') + 1
    assert str(info.value) == (
        f"{toml}:{line}: error: line_numbers must be true or false, not 'yes'\n"
        "  hint: write line_numbers = true to number the body's lines in the PDF's margin"
    )
