"""`docbuild build DIR`: a stranger's folder is built with docbuild's tasks, none of its own."""

from __future__ import annotations

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
