"""Interrupted and concurrent builds: never a truncated target at its final path, the next run
rebuilds, and a second build of the same paper waits for the first."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.generate import generate_paper
from interrupt import (
    TARGETS,
    _edit,
    _pdf_text,
    kill_trials,
    run_doit,
    timed_build,
    truncated_targets,
)

from docbuild.config import load_settings
from docbuild.lock import build_lock

WINDOW = "kill-window.txt"  # beside the shared paper: the seconds the kills are drawn within


@pytest.fixture(scope="session")
def built(shared_build: Callable[[str, Callable[[Path], None]], Path]) -> Path:
    """A small paper built once a run for every worker (tests/conftest.py), so that the kill
    trials go to both; tests copy it, so each starts from its build (doit's state names the
    paper's own paths: in a copy every step is to be done again, the caches in build/ kept).

    Beside it, WINDOW: how long the first build of such a copy takes, the moments the kill
    trials are drawn within. Each run of ten timed that build in its own copy before its kills
    until session 16 (five such builds a run, ~4 s each, nothing of them checked); timed once
    here, the same build of the same copy, and the kill runs' copies start from the paper as
    it was built, so their first trial kills that build."""

    def build(folder: Path) -> None:
        paper = folder / "paper"
        generate_paper(paper, words=300, references=5, citations=5, figures=1, tables=1)
        _edit(paper, "first")
        done = run_doit(paper, "build")
        assert done.returncode == 0, done.stdout + done.stderr
        timing = _copy(paper, folder / "timing")
        (folder / WINDOW).write_text(f"{timed_build(timing, 'warmup'):.3f}\n")
        shutil.rmtree(timing)

    return shared_build("interrupt-paper", build) / "paper"


def _copy(built: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "paper"
    shutil.copytree(built, folder, symlinks=True)
    return folder


def test_the_truncation_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.7\n1 0 obj")
    (tmp_path / "refs.json").write_text('[{"id": "a"')
    (tmp_path / "paper.html").write_text("<html><body><p>cut")
    assert truncated_targets(tmp_path) == [
        "refs.json (11 bytes)",
        "paper.html (18 bytes)",
        "paper.pdf (16 bytes)",
    ]


def test_a_second_build_waits_for_the_first_and_writes_nothing_meanwhile(
    built: Path, tmp_path: Path
) -> None:
    folder = _copy(built, tmp_path)
    _edit(folder, "second")
    refs = folder / "refs.bib"  # so normalize-refs has work to do as well as every later step
    refs.write_text(refs.read_text(encoding="utf-8") + "\n% edited during the lock test\n")
    build = folder / "build"
    before = {n: (build / n).stat().st_mtime_ns for n in TARGETS if (build / n).exists()}
    with build_lock(load_settings(folder)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "doit", "build"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        time.sleep(4)  # long enough for an unlocked build to reach every writing step
        during = {n: (build / n).stat().st_mtime_ns for n in TARGETS if (build / n).exists()}
        still_running = proc.poll() is None
    output, _ = proc.communicate(timeout=120)
    changed = sorted(n for n in during if during[n] != before.get(n))
    assert changed == [], f"written while another build held the lock: {changed}"
    assert still_running
    assert proc.returncode == 0, output
    assert "second" in _pdf_text(build / "paper.pdf")


def test_a_build_with_damaged_state_rebuilds(built: Path, tmp_path: Path) -> None:
    """doit's state is SQLite (atomic commits); a file damaged another way is set aside."""
    folder = _copy(built, tmp_path)
    db = folder / "build" / ".doit.db"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    _edit(folder, "after-cut")
    done = run_doit(folder, "build")
    assert done.returncode == 0, (done.stdout + done.stderr)[-800:]
    assert "doit's state was damaged; set it aside and rebuilding everything" in done.stderr
    assert (folder / "build" / ".doit.db.damaged").exists()
    assert "after-cut" in _pdf_text(folder / "build" / "paper.pdf")


# 50 kills in five runs of ten, each with a seed of its own: the runs go to different cores
# (pytest-xdist: `built` is shared by the workers, so the module is not kept on one).
KILL_SEEDS = (8, 9, 10, 11, 12)
KILLS_PER_SEED = 10


@pytest.mark.slow
@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_killing_doit_build_never_leaves_a_truncated_target(
    built: Path, tmp_path: Path, seed: int
) -> None:
    folder = _copy(built, tmp_path)
    window = float((built.parent / WINDOW).read_text())
    report = kill_trials(folder, trials=KILLS_PER_SEED, seed=seed, duration=window)
    print(report)  # the figures for docs/guarantees.md (pytest -rA shows them)
    assert report.trials == KILLS_PER_SEED
    assert report.truncated == []
    assert report.failed_reruns == []
    assert report.stale == []
