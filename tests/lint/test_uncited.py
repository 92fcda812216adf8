"""A master bibliography (econ-carroll-master: 2,298 entries, most with findings) and a paper
that cites ten of them: only the cited entries count toward `fail_on` and the DRAFT mark.

The ten are the first entries of the file with no error of their own (the paper's own lint,
before it cites anything, says which), so the test holds whatever the rules find elsewhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest

from docbuild.jobs.bibfile import read_bib

REPO = Path(__file__).resolve().parents[2]
MASTER = REPO / "tests" / "realworld" / "bib" / "econ-carroll-master" / "refs.bib"


def doit(paper: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "doit", *args],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def make_paper(root: Path, keys: list[str]) -> Path:
    (root / "manuscript").mkdir(parents=True, exist_ok=True)
    cite(root, keys)
    shutil.copy(MASTER, root / "refs.bib")
    (root / "docbuild.toml").write_text(
        'style = "preprint"\nmanuscript = ["manuscript/*.md"]\n[lint]\nfail_on = "error"\n',
        encoding="utf-8",
    )
    shutil.copy(REPO / "dodo.py", root / "dodo.py")
    return root


def cite(root: Path, keys: list[str]) -> None:
    cites = f" [{'; '.join(f'@{k}' for k in keys)}]" if keys else ""
    front = "---\ntitle: Consumption\nauthor:\n  - name: Ayesha Rahman\n---\n"
    text = f"{front}\n# Introduction\n\nThe literature is large{cites}.\n"
    (root / "manuscript" / "01-intro.md").write_text(text, encoding="utf-8")


def read_report(paper: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(
        (paper / "build" / "lint-report.json").read_text(encoding="utf-8")
    )
    return report


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], str]:
    """Ten keys without an error of their own, and one entry with errors."""
    paper = make_paper(tmp_path_factory.mktemp("uncited") / "paper", [])
    run = doit(paper, "lint")
    assert run.returncode == 0, run.stdout + run.stderr
    findings = read_report(paper)["findings"]
    errors = {f["key"] for f in findings if f["severity"] == "error"}
    entries = [e.key for e in read_bib(MASTER).entries]
    clean = [k for k in entries if k not in errors][:10]
    assert len(clean) == 10 and len(errors) > 20  # uncited errors that must not count
    return clean, next(k for k in entries if k in errors)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, master: tuple[list[str], str]) -> Path:
    paper = make_paper(tmp_path_factory.mktemp("master") / "paper", master[0])
    run = doit(paper, "build")
    assert run.returncode == 0, run.stdout + run.stderr
    return paper


@pytest.mark.slow
def test_uncited_problems_neither_stop_nor_mark_the_build(built: Path) -> None:
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(built / "build" / "paper.pdf").pages)
    assert "DRAFT" not in text
    report = read_report(built)
    assert report["summary"]["error"] > 20  # the findings are all still there
    assert report["gate"]["error"] == 0
    uncited = [f for f in report["findings"] if f["cited"] is False]
    assert report["uncited"] == {
        "findings": len(uncited),
        "entries": len({f["key"] for f in uncited}),
    }
    sarif = json.loads((built / "build" / "lint-report.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert sum(r["properties"].get("cited") is False for r in results) == len(uncited)


@pytest.mark.slow
def test_lint_refs_says_uncited_findings_in_one_line(built: Path) -> None:
    report = read_report(built)
    n, entries = report["uncited"]["findings"], report["uncited"]["entries"]
    run = doit(built, "lint-refs")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[-2] == f"{n} findings on {entries} uncited entries; --uncited lists them"
    assert lines[-1].startswith("lint-refs: 0 errors, ")
    cited = [f for f in report["findings"] if f["cited"] is not False]
    assert len([line for line in lines if line.startswith("refs.bib:")]) == len(cited)
    listed = doit(built, "lint-refs", "--uncited")
    assert listed.returncode == 0  # they are listed, and still do not count
    first = next(f for f in report["findings"] if f["cited"] is False)
    assert f"[{first['key']}] {first['message']}" in listed.stdout
    everything = [line for line in listed.stdout.splitlines() if line.startswith("refs.bib:")]
    assert len(everything) == len(report["findings"])


@pytest.mark.slow
def test_a_cited_entry_with_errors_counts(tmp_path: Path, master: tuple[list[str], str]) -> None:
    clean, broken = master
    paper = make_paper(tmp_path / "paper", [*clean[:9], broken])
    run = doit(paper, "lint")
    assert run.returncode == 0, run.stdout + run.stderr
    report = read_report(paper)
    mine = [f for f in report["findings"] if f["key"] == broken]
    assert mine and all(f["cited"] is True for f in mine)
    assert report["gate"]["error"] == sum(f["severity"] == "error" for f in mine)
    stopped = doit(paper, "build")
    assert stopped.returncode != 0
    assert "stop" in stopped.stdout + stopped.stderr


def test_a_bibliography_alone_is_linted_with_every_entry_counted(tmp_path: Path) -> None:
    """A copy editor's first look, before the paper is in: a folder with only refs.bib.
    Before, `doit lint-refs` stopped at "manuscript file 'manuscript/*.md' not found"."""
    root = tmp_path / "refs-only"
    root.mkdir()
    bib = REPO / "tests" / "realworld" / "bib" / "zotero-roman-roads-history" / "refs.bib"
    shutil.copy(bib, root / "refs.bib")
    (root / "docbuild.toml").write_text('style = "gfpr"\n', encoding="utf-8")
    shutil.copy(REPO / "dodo.py", root / "dodo.py")
    done = doit(root, "lint-refs")
    assert (
        "lint: no manuscript (manuscript/*.md matches no file): refs.bib linted alone, "
        "every entry as cited" in done.stderr
    )
    report = read_report(root)
    # `cited` is null: no manuscript to say; such findings count as a cited entry's do
    assert report["findings"] and all(f["cited"] is None for f in report["findings"])
    errors = sum(1 for f in report["findings"] if f["severity"] == "error")
    assert errors and done.returncode != 0  # the errors count: lint-refs fails on them
    assert "findings on" not in done.stderr  # no "uncited" summary line
    assert "error: manuscript file" in doit(root, "build").stderr  # the build needs one
    (root / "docbuild.toml").write_text('manuscript = ["paper.md"]\n', encoding="utf-8")
    named = doit(root, "lint-refs")  # a file named outright is a manuscript: missing, an error
    assert named.returncode != 0 and "manuscript file 'paper.md'" in named.stderr
