"""`doit build` end to end on the fixture paper: cold build, no-op rebuild, CSS-only rebuild.

doit runs in a subprocess, as a user would run it. The paper carries its own copy of the
preprint style (a paper's `styles/` wins), so the test can edit the CSS.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from docbuild.style import PACKAGE_STYLES

FIXTURE = Path(__file__).parent / "fixtures" / "paper"


def doit(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """Run doit; the names of the tasks it executed (not the up-to-date ones) and its output."""
    proc = subprocess.run(
        [sys.executable, "-m", "doit", *args],
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ran = {line[2:].strip() for line in proc.stderr.splitlines() if line.startswith(". ")}
    return ran, proc.stdout + proc.stderr


COLD: dict[Path, tuple[set[str], str]] = {}  # what each paper's cold build ran and printed


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture paper, built cold once in each worker that runs these tests: each test
    starts from a built paper, whichever worker pytest-xdist sends it to. The tests that
    follow in one worker see what the earlier ones changed, and each leaves it up to date."""
    root = tmp_path_factory.mktemp("doit") / "paper"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(PACKAGE_STYLES / "preprint", root / "styles" / "preprint")
    (root / "build").mkdir()
    shutil.copy(Path(__file__).parents[2] / "dodo.py", root / "dodo.py")
    COLD[root] = doit(root, "build")
    return root


def test_cold_build_makes_pdf_and_html(paper: Path) -> None:
    ran, out = COLD[paper]
    assert {"pandoc", "lint", "html", "pdf"} <= ran, out
    reader = pypdf.PdfReader(paper / "build" / "paper.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Trade Corridors and Regional Bargaining" in text
    assert "[@" not in text and "???" not in text
    assert (paper / "build" / "paper.html").is_file()


def test_second_build_runs_nothing(paper: Path) -> None:
    ran, out = doit(paper, "build")
    assert ran == set(), out


def test_css_change_rerenders_html_and_pdf_only(paper: Path) -> None:
    for name in ("print.css", "screen.css"):
        css = paper / "styles" / "preprint" / name
        css.write_text(css.read_text(encoding="utf-8") + "\nh2 { color: #222; }\n", "utf-8")
    pandoc_html = (paper / "build" / "pandoc.html").stat().st_mtime_ns
    ran, out = doit(paper, "build")
    assert ran == {"html", "pdf"}, out
    assert (paper / "build" / "pandoc.html").stat().st_mtime_ns == pandoc_html


def test_figure_change_rerenders_html_and_pdf_only(paper: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 200), "navy").save(paper / "figures" / "route.png")
    ran, out = doit(paper, "build")
    assert ran == {"html", "pdf"}, out
    assert (paper / "build" / "figures" / "route.png").read_bytes() == (
        paper / "figures" / "route.png"
    ).read_bytes()
    ran, out = doit(paper, "build")
    assert ran == set(), out


def _pdf_shows(pdf: Path, colour: tuple[int, int, int]) -> bool:
    """A picture in the PDF is of `colour` at its centre (near it: PIL saves a PDF as JPEG)."""
    for page in pypdf.PdfReader(pdf).pages:
        for image in page.images:
            picture = image.image.convert("RGB")
            seen = picture.getpixel((picture.width // 2, picture.height // 2))
            if max(abs(a - b) for a, b in zip(seen, colour, strict=True)) <= 8:
                return True
    return False


def test_a_redrawn_pdf_figure_is_printed_again(paper: Path) -> None:
    """A `.pdf` figure is made a PNG by the pandoc step (render/images.py); before, a redrawn
    PDF left every task up to date and the PDF and HTML kept the old picture."""
    from PIL import Image

    Image.new("RGB", (300, 200), (200, 30, 30)).save(paper / "figures" / "chart.pdf")
    page = paper / "manuscript" / "02-body.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n![A chart.](figures/chart.pdf)\n", "utf-8"
    )
    ran, out = doit(paper, "build")
    assert {"pandoc", "html", "pdf"} <= ran, out
    assert _pdf_shows(paper / "build" / "paper.pdf", (200, 30, 30))
    assert doit(paper, "build")[0] == set()  # the figure's listing settles at once
    Image.new("RGB", (300, 200), (30, 160, 30)).save(paper / "figures" / "chart.pdf")
    ran, out = doit(paper, "build")
    assert {"pandoc", "html", "pdf"} <= ran, out
    pdf = paper / "build" / "paper.pdf"
    assert _pdf_shows(pdf, (30, 160, 30)) and not _pdf_shows(pdf, (200, 30, 30))
    html = (paper / "build" / "paper.html").read_text(encoding="utf-8")
    [png] = re.findall(r'<img src="(figures/chart-[0-9a-f]{16}\.png)"', html)
    with Image.open(paper / "build" / png) as picture:  # the HTML edition's copy is the new one
        seen = picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))
        assert max(abs(a - b) for a, b in zip(seen, (30, 160, 30), strict=True)) <= 8
    assert doit(paper, "build")[0] == set()


def test_source_date_epoch_change_rerenders_the_pdf(paper: Path) -> None:
    ran, out = doit(paper, "build", env={"SOURCE_DATE_EPOCH": "1700000000"})
    # the lint too, since the build's year (2023 here) is future-date's "today"; its report is
    # the same bytes, so the HTML is not redone
    assert ran == {"lint", "pdf"}, out
    reader = pypdf.PdfReader(paper / "build" / "paper.pdf")
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20231114221320Z"


def test_manuscript_change_reruns_pandoc_and_lint(paper: Path) -> None:
    page = paper / "manuscript" / "02-body.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    ran, out = doit(paper, "build")
    assert {"pandoc", "lint", "html", "pdf"} <= ran, out


def test_doit_list_explains_each_task(paper: Path) -> None:
    _, out = doit(paper, "list")
    for name in ("build", "html", "pdf", "lint-refs", "normalize-refs"):
        assert any(line.split()[0] == name for line in out.splitlines() if line.strip()), out


def test_clean_removes_the_build_outputs(paper: Path) -> None:
    doit(paper, "build")
    doit(paper, "clean")
    left = sorted(p.name for p in (paper / "build").iterdir())
    assert left == [".docbuild.lock", ".doit.db"]
