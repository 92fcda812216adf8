"""The sample paper built with `doit build` in each style, and the real-manuscript corpus's
PDFs in each style, once per test run for all its workers (tests/render/test_relayout.py
reads the corpus builds too: `corpus_build`)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from docbuild.render.pdf import PdfJob

REPO = Path(__file__).resolve().parents[2]
# The math goldens reuse test_golden_pages' comparison (one home for it), and the corpus has
# its build in corpusbuild.py: make them importable.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpusbuild import build_corpus_pdf  # noqa: E402

PAPER_FILES = ("docbuild.toml", "dodo.py", "refs.bib", "manuscript")
# tests/conftest.py's `shared_build(key, build)`: the folder `build` filled, once per run.
SharedBuild = Callable[[str, Callable[[Path], None]], Path]


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
def sample_pdf(shared_build: SharedBuild) -> Callable[[str], Path]:
    """`sample_pdf("gfpr")`: the sample paper's PDF in that style (built once per test run,
    for every worker). Read it only."""

    def build(folder: Path, style: str) -> None:
        doit_build(copy_sample_paper(folder / "paper", style))

    def get(style: str) -> Path:
        built = shared_build(f"sample-{style}", lambda folder: build(folder, style))
        return built / "paper" / "build" / "paper.pdf"

    return get


# In a corpus paper's shared folder: where its PDF is, or why it did not build; and the job
# the PDF step's last render was given, with the pages each of that render's layouts kept
# (tests/render/test_relayout.py lays the same job out whole and compares the PDFs).
BUILT, SKIPPED = "built.txt", "not-built.txt"
LAST_JOB, KEPT = "last-job.pickle", "kept.json"


def corpus_build(shared: SharedBuild, style: str, slug: str) -> Path:
    """The folder of that corpus paper built in that style, once a test run for every worker
    (SOURCE_DATE_EPOCH fixed): BUILT names its PDF, or SKIPPED says why it did not build (a
    DocbuildError: issue 11's papers, named, not hidden). Read it only."""
    from docbuild.errors import DocbuildError

    def build(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            try:
                with recorded_renders(folder):
                    pdf = build_corpus_pdf(slug, style, folder)
            except DocbuildError as exc:
                (folder / SKIPPED).write_text(exc.message, encoding="utf-8")
                return
        (folder / BUILT).write_text(pdf.relative_to(folder).as_posix(), encoding="utf-8")

    return shared(f"corpus-{style}-{slug}", build)


@contextmanager
def recorded_renders(folder: Path) -> Iterator[None]:
    """While in the block, each PDF render's job is kept in `folder` (LAST_JOB: the last one
    stays) and the pages each of its layouts kept (KEPT, written by the PDF step's child,
    which is forked with these wrappers in place). They only watch: the PDF is the same."""
    from docbuild.render import pdf, relayout

    render_pdf, resume_layouts = pdf.render_pdf, relayout.resume_layouts

    def recorded_render(job: PdfJob, **kwargs: Any) -> pdf.PdfResult:
        (folder / LAST_JOB).write_bytes(pickle.dumps(job))
        (folder / KEPT).unlink(missing_ok=True)  # a render that made no PDF left its own
        return render_pdf(job, **kwargs)

    @contextmanager
    def recorded_resume(**kwargs: Any) -> Iterator[list[int]]:
        with resume_layouts(**kwargs) as kept:
            yield kept
        (folder / KEPT).write_text(json.dumps(kept), encoding="utf-8")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "render_pdf", recorded_render)
        patch.setattr(relayout, "resume_layouts", recorded_resume)
        yield


def last_render(folder: Path) -> tuple[PdfJob, list[int]]:
    """A `corpus_build` folder's last PDF render: its job and the pages each layout kept."""
    job = pickle.loads((folder / LAST_JOB).read_bytes())  # written by this run, above
    return job, json.loads((folder / KEPT).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_pdf(shared_build: SharedBuild) -> Callable[[str, str], Path | str]:
    """`corpus_pdf("gfpr", slug)`: that corpus paper's PDF in that style (`corpus_build`), or
    why it did not build. Read it only."""

    def get(style: str, slug: str) -> Path | str:
        folder = corpus_build(shared_build, style, slug)
        if (folder / SKIPPED).exists():
            return (folder / SKIPPED).read_text(encoding="utf-8")
        return folder / (folder / BUILT).read_text(encoding="utf-8")

    return get


@pytest.fixture(scope="session")
def case_pdf(
    sample_pdf: Callable[[str], Path], corpus_pdf: Callable[[str, str], Path | str]
) -> Callable[[str, str], Path]:
    """`case_pdf(style, name)`: a corpusbuild.CASES case's PDF, the sample's ("sample") or a
    corpus paper's; a paper that did not build fails the test with the reason (all 20 build
    in every style today)."""

    def get(style: str, name: str) -> Path:
        pdf = sample_pdf(style) if name == "sample" else corpus_pdf(style, name)
        if isinstance(pdf, str):
            pytest.fail(f"{name} did not build in {style}: {pdf}")
        return pdf

    return get


@pytest.fixture(scope="session")
def make_paper() -> Callable[[Path, str], Path]:
    """`make_paper(folder, style)`: a copy of the sample paper set to `style`."""
    return copy_sample_paper


@pytest.fixture(scope="session")
def build_pdf() -> Callable[[Path], Path]:
    """`build_pdf(paper)`: run `doit build` there and return the PDF."""
    return doit_build
