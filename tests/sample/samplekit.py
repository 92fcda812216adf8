"""The sample paper copied into a temporary folder, and doit run on it as a user would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_sample(tmp_path_factory: pytest.TempPathFactory, task: str, *, timeout: int) -> Path:
    """A copy of the repository's paper files with `doit <task>` done; the copy's folder."""
    paper = tmp_path_factory.mktemp("sample")
    for name in ("dodo.py", "docbuild.toml", "refs.bib"):
        shutil.copy(ROOT / name, paper / name)
    shutil.copytree(ROOT / "manuscript", paper / "manuscript")
    done = subprocess.run(
        [sys.executable, "-m", "doit", task],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return paper
