"""The source date: a trusted folder's git commit, never a stranger's git."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from docbuild.render.source_date import source_date
from docbuild.trust import STRANGER_ENV, as_a_strangers_folder

COMMITTED = "2020-05-06T12:00:00Z"


@pytest.fixture
def committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A committed manuscript in a repository whose file-system monitor writes a marker."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(STRANGER_ENV, raising=False)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_AUTHOR_DATE": COMMITTED,
        "GIT_COMMITTER_DATE": COMMITTED,
    }
    folder = tmp_path / "paper"
    folder.mkdir()
    paper = folder / "paper.md"
    paper.write_text("---\ndate: today\n---\n\nText.\n")
    stamp = dt.datetime(2021, 3, 4, 12, tzinfo=dt.UTC).timestamp()
    os.utime(paper, (stamp, stamp))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "paper"]):
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)
    marker = tmp_path / "ran"
    monitor = tmp_path / "monitor.sh"
    monitor.write_text(f"#!/bin/sh\necho ran > {marker}\n")
    monitor.chmod(0o755)
    subprocess.run(["git", "config", "core.fsmonitor", str(monitor)], cwd=folder, check=True)
    return paper, marker


def test_a_trusted_folder_is_dated_by_its_last_commit(committed: tuple[Path, Path]) -> None:
    paper, marker = committed
    assert source_date([paper]) == (dt.date(2020, 5, 6), "the last git commit of the manuscript")
    assert marker.exists()  # git ran the repository's monitor: why a stranger's gets no git


def test_a_strangers_folder_is_dated_without_git(committed: tuple[Path, Path]) -> None:
    paper, marker = committed
    with as_a_strangers_folder():
        day = source_date([paper])
    assert day == (dt.date(2021, 3, 4), "the manuscript files' modification time")
    assert not marker.exists()
    assert STRANGER_ENV not in os.environ  # left as it was found


def test_docbuild_issue_builds_its_papers_as_strangers_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`docbuild issue` builds folders authors sent, as `docbuild build` and `batch` do."""
    from docbuild import cli
    from docbuild.issue import build
    from docbuild.trust import building_a_strangers_folder

    monkeypatch.delenv(STRANGER_ENV, raising=False)
    seen: list[bool] = []

    def run_issue(path: Path) -> int:
        seen.append(building_a_strangers_folder())
        return 0

    monkeypatch.setattr(build, "run_issue", run_issue)
    assert cli.main(["issue", str(tmp_path / "ISSUE.toml")]) == 0
    assert seen == [True]
    assert STRANGER_ENV not in os.environ
