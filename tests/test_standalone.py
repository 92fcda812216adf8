"""`docbuild build DIR`: a stranger's folder is built with docbuild's tasks, none of its own."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from bench.generate import generate_paper

DOCBUILD = [sys.executable, "-m", "docbuild.cli"]


def docbuild_build(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DOCBUILD, "build", str(folder)], capture_output=True, text=True, timeout=300, check=False
    )


def test_nothing_of_the_folders_own_is_run(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    generate_paper(folder, words=150, references=3, citations=3, figures=0, tables=0)
    canary = tmp_path / "ran"
    evil = f"from pathlib import Path\nPath({str(canary)!r}).write_text('ran')\n"
    (folder / "dodo.py").write_text(evil + "def task_build():\n    return {'actions': None}\n")
    (folder / "other.py").write_text(evil)
    (folder / "doit.cfg").write_text("[GLOBAL]\ndodoFile = other.py\n")
    (folder / "pyproject.toml").write_text('[tool.doit]\ndodoFile = "other.py"\n')
    # Modules a child Python would import from the folder if it were on sys.path.
    for name in ("doit.py", "sqlite3.py", "weasyprint.py", "sitecustomize.py"):
        (folder / name).write_text(evil)
    (folder / "docbuild").mkdir()
    (folder / "docbuild" / "__init__.py").write_text(evil)
    result = docbuild_build(folder)
    assert result.returncode == 0, result.stderr
    assert (folder / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
    assert not canary.exists()


def test_a_link_planted_in_build_is_refused_before_anything_runs(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    generate_paper(folder, words=50, references=1, citations=1, figures=0, tables=0)
    victim = tmp_path / "victim.db"
    victim.write_text("keep me")
    (folder / "build").mkdir()
    (folder / "build" / ".doit.db").symlink_to(victim)
    result = docbuild_build(folder)
    assert result.returncode == 1
    assert result.stderr == (
        f"{folder / 'build' / '.doit.db'}: error: '{folder / 'build' / '.doit.db'}' is a symbolic "
        "link; docbuild does not write through links\n"
        "  hint: delete it (docbuild made no such thing in build/), or delete build/ and build "
        "again\n"
    )
    assert victim.read_text() == "keep me"


def test_a_folder_that_is_not_one(tmp_path: Path) -> None:
    result = docbuild_build(tmp_path / "missing")
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: '{(tmp_path / 'missing')}' is not a folder\n")


def git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(folder.parent),
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_AUTHOR_DATE": "2020-05-06T12:00:00Z",
        "GIT_COMMITTER_DATE": "2020-05-06T12:00:00Z",
    }
    return subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    )


def test_date_today_never_runs_the_folders_git(tmp_path: Path) -> None:
    # `date: today` asked git for the last commit of the manuscript; a sender's .git/config
    # names the command git runs as its file-system monitor, so git status ran the sender's.
    folder = tmp_path / "paper"
    generate_paper(folder, words=50, references=1, citations=1, figures=0, tables=0)
    chapter = folder / "manuscript" / "01-chapter.md"
    chapter.write_text(chapter.read_text().replace("date: 2024-01-01", "date: today"))
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "the paper")
    marker = tmp_path / "ran"
    monitor = tmp_path / "monitor.sh"
    monitor.write_text(f"#!/bin/sh\necho ran > {marker}\n")
    monitor.chmod(0o755)
    git(folder, "config", "core.fsmonitor", str(monitor))
    result = docbuild_build(folder)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    # The day is the manuscript's modification time, not the commit's (2020-05-06).
    day = dt.datetime.fromtimestamp(chapter.stat().st_mtime, tz=dt.UTC).date().isoformat()
    assert f"'date' is 'today': read as {day}, from the manuscript files' modification time" in (
        result.stdout + result.stderr
    )
    git(folder, "status", "--porcelain")  # the trap is real: git itself springs it
    assert marker.exists()
