"""The sample paper built with `doit build` in each style, and the real-manuscript corpus's
PDFs in each style, once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The math goldens reuse test_golden_pages' comparison (one home for it), and the corpus has
# its build in corpusbuild.py: make them importable.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpusbuild import PAPERS, CorpusPdfs, build_corpus_pdf  # noqa: E402

PAPER_FILES = ("docbuild.toml", "dodo.py", "refs.bib", "manuscript")


def copy_sample_paper(target: Path, style: str) -> Path:
    """The repository's sample paper in `target`, with its `style = ...` line changed only."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PAPER_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        else:
            shutil.copy2(src, target / name)
    config = target / "docbuild.toml"
    # The one line a user changes: first in the file, so it is never inside a [table].
    lines = config.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.replace(" ", "").startswith("style=")]
    config.write_text("\n".join([f'style = "{style}"', *kept]) + "\n", encoding="utf-8")
    return target


EPOCH = "1688169600"  # SOURCE_DATE_EPOCH of every build here: the same bytes each time


def doit(paper: Path, task: str) -> subprocess.CompletedProcess[str]:
    """`doit TASK` in `paper` with SOURCE_DATE_EPOCH fixed, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "doit", task],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        check=False,
    )


def doit_build(paper: Path) -> Path:
    """Run `doit build` in `paper`; the PDF, or a failure showing doit's output."""
    proc = doit(paper, "build")
    pdf = paper / "build" / "paper.pdf"
    if proc.returncode != 0 or not pdf.is_file():
        pytest.fail(f"doit build failed in {paper}:\n{proc.stdout}\n{proc.stderr}")
    return pdf


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """`sample_pdf("gfpr")`: the sample paper's PDF in that style (built once per session)."""
    built: dict[str, Path] = {}

    def get(style: str) -> Path:
        if style not in built:
            paper = copy_sample_paper(tmp_path_factory.mktemp(f"paper-{style}"), style)
            built[style] = doit_build(paper)
        return built[style]

    return get


@pytest.fixture(scope="session")
def corpus_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], CorpusPdfs]:
    """`corpus_pdfs("gfpr")`: every corpus paper's PDF in that style (built once per
    session, SOURCE_DATE_EPOCH fixed); a paper that fails with DocbuildError is counted in
    `skipped`, not hidden."""
    from docbuild.errors import DocbuildError

    built: dict[str, CorpusPdfs] = {}

    def get(style: str) -> CorpusPdfs:
        if style not in built:
            tmp = tmp_path_factory.mktemp(f"corpus-{style}")
            pdfs, skipped = {}, {}
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
                for slug in PAPERS:
                    try:
                        pdfs[slug] = build_corpus_pdf(slug, style, tmp)
                    except DocbuildError as exc:  # issue 11's papers: counted, not hidden
                        skipped[slug] = exc.message
            built[style] = CorpusPdfs(pdfs, skipped)
        return built[style]

    return get


@pytest.fixture(scope="session")
def make_paper() -> Callable[[Path, str], Path]:
    """`make_paper(folder, style)`: a copy of the sample paper set to `style`."""
    return copy_sample_paper


@pytest.fixture(scope="session")
def build_pdf() -> Callable[[Path], Path]:
    """`build_pdf(paper)`: run `doit build` there and return the PDF."""
    return doit_build
