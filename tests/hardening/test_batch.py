"""`docbuild batch`: parallel builds of many folders, a line per paper and a total."""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

import pytest

from docbuild.batch import first_error, run_batch
from docbuild.errors import InputError

# A stand-in dodo.py so these tests exercise the batch machinery alone: it sleeps, then writes
# build/paper.pdf, or fails the way docbuild's tasks do (an `error:` line on stderr). A batch
# never runs a folder's dodo.py; these tests give it the command that does (TRUSTED).
DODO = """
import sys, time
from pathlib import Path

def task_build():
    def run():
        time.sleep({sleep})
        if {fail}:
            print("refs.bib:3: error: entry 'x' is broken", file=sys.stderr)
            return False
        Path("build").mkdir(exist_ok=True)
        Path("build/paper.pdf").write_bytes(b"%PDF-1.7 stub")
        return True
    return {{"actions": [run], "verbosity": 2}}
"""


TRUSTED = [sys.executable, "-m", "doit", "build"]


def _paper(tmp_path: Path, name: str, *, sleep: float = 0.0, fail: bool = False) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "dodo.py").write_text(DODO.format(sleep=sleep, fail=fail))
    return folder


def test_batch_reports_each_paper_and_a_total(tmp_path: Path) -> None:
    a = _paper(tmp_path, "a")
    b = _paper(tmp_path, "b", fail=True)
    out = io.StringIO()
    code = run_batch([str(a), str(b), str(tmp_path / "missing")], jobs=2, out=out, command=TRUSTED)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert re.fullmatch(rf"ok      {a}  \d+\.\d s  {a}/build/paper\.pdf", lines[0])
    assert re.fullmatch(
        rf"FAILED  {b}  \d+\.\d s  refs\.bib:3: error: entry 'x' is broken", lines[1]
    )
    assert lines[2] == f"FAILED  {tmp_path / 'missing'}  0.0 s  not a folder"
    assert re.fullmatch(
        r"batch: 3 papers, 1 built, 2 failed in \d+\.\d s \(\d+\.\d papers/min, 2 jobs\)",
        lines[3],
    )
    assert "error: entry 'x' is broken" in (b / "build" / "batch.log").read_text()


def test_a_paper_whose_build_is_a_file_fails_alone(tmp_path: Path) -> None:
    blocked = _paper(tmp_path, "blocked")
    (blocked / "build").write_text("not a folder")
    fine = _paper(tmp_path, "fine")
    out = io.StringIO()
    assert run_batch([str(blocked), str(fine)], jobs=1, out=out, command=TRUSTED) == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        f"FAILED  {blocked}  0.0 s  {blocked / 'docbuild.toml'}: error: build_dir 'build' is not "
        "a folder"
    )
    assert lines[1].startswith(f"ok      {fine}  ")


def test_the_log_goes_to_the_build_dir_the_paper_sets(tmp_path: Path) -> None:
    paper = _paper(tmp_path, "paper")
    (paper / "docbuild.toml").write_text('build_dir = "out"\n')
    assert run_batch([str(paper)], jobs=1, out=io.StringIO(), command=TRUSTED) == 0
    assert (paper / "out" / "batch.log").is_file()
    assert not (paper / "build" / "batch.log").exists()


def test_batch_runs_papers_in_parallel(tmp_path: Path) -> None:
    folders = [str(_paper(tmp_path, f"p{i}", sleep=1.5)) for i in range(2)]
    out = io.StringIO()
    started = time.perf_counter()
    assert run_batch(folders, jobs=2, out=out, command=TRUSTED) == 0
    # Serial would take 3 s of sleeping alone; two at once take 1.5 s plus start-up.
    assert time.perf_counter() - started < 2.9
    assert out.getvalue().splitlines()[-1].startswith("batch: 2 papers, 2 built, 0 failed")


def test_batch_builds_a_folder_named_twice_once(tmp_path: Path) -> None:
    a = _paper(tmp_path, "a")
    out = io.StringIO()
    assert (
        run_batch([str(a), str(a) + "/", str(a / ".." / "a")], jobs=2, out=out, command=TRUSTED)
        == 0
    )
    assert out.getvalue().splitlines()[-1].startswith("batch: 1 paper, 1 built, 0 failed")


def test_batch_times_out_a_stuck_paper(tmp_path: Path) -> None:
    a = _paper(tmp_path, "a", sleep=30)
    out = io.StringIO()
    assert run_batch([str(a)], jobs=1, timeout=1.0, out=out, command=TRUSTED) == 1
    assert out.getvalue().splitlines()[0].endswith("timed out after 1 s")


def test_batch_refuses_zero_jobs() -> None:
    with pytest.raises(InputError) as info:
        run_batch(["x"], jobs=0)
    assert str(info.value) == "error: '--jobs' is 0\n  hint: give at least 1 (the default is 2)"


def test_first_error_prefers_our_error_line() -> None:
    output = "-- lint\n. pdf\nbuild/paper.html:2: error: image '/etc/passwd' is outside\nTaskFailed"
    assert first_error(output) == "build/paper.html:2: error: image '/etc/passwd' is outside"
    assert first_error("Traceback\n  File x\nValueError: boom\n") == "ValueError: boom"


def test_batch_builds_a_real_paper_without_a_dodo_file(tmp_path: Path) -> None:
    from bench.generate import generate_paper

    folder = tmp_path / "paper"
    generate_paper(folder, words=200, references=4, citations=4, figures=1, tables=0)
    # The folder's own dodo.py, doit.cfg and pyproject.toml are never run or read.
    canary = tmp_path / "ran"
    evil = f"from pathlib import Path\nPath({str(canary)!r}).write_text('ran')\n"
    (folder / "dodo.py").write_text(evil)
    (folder / "doit.py").write_text(evil)  # on sys.path if the folder were
    (folder / "other.py").write_text(evil)
    (folder / "doit.cfg").write_text("[GLOBAL]\ndodoFile = other.py\n")
    (folder / "pyproject.toml").write_text('[tool.doit]\ndodoFile = "other.py"\n')
    out = io.StringIO()
    assert run_batch([str(folder)], jobs=2, out=out) == 0, (folder / "build/batch.log").read_text()
    assert out.getvalue().splitlines()[0].endswith(f"{folder}/build/paper.pdf")
    assert (folder / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
    assert (folder / "build" / "paper.html").exists()
    assert not canary.exists()
