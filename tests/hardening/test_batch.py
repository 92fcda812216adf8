"""`docbuild batch` on its embedded Dask cluster: a line per paper, a summary, the manifest,
and a second run that builds only what failed; the options it refuses."""

from __future__ import annotations

import importlib.util
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bench.generate import generate_paper

from docbuild.batch import first_error, run_batch
from docbuild.cluster.manifest import MANIFEST_NAME, read_manifest
from docbuild.cluster.model import Status
from docbuild.errors import InputError, LockError


def _paper(folder: Path, seed: int = 0) -> Path:
    generate_paper(folder, words=200, references=4, citations=4, figures=1, tables=0, seed=seed)
    return folder


@pytest.mark.slow
def test_a_batch_builds_reports_records_and_then_builds_only_what_failed(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    good = _paper(papers / "good")
    out_dir = _paper(papers / "outdir", seed=1)
    (out_dir / "docbuild.toml").write_text('build_dir = "out"\n')
    bad = _paper(papers / "bad", seed=2)
    (bad / "docbuild.toml").write_text('style = "no-such-style"\n')
    blocked = _paper(papers / "blocked", seed=3)
    (blocked / "build").write_text("not a folder")
    missing = papers / "missing"
    # The folder's own dodo.py, doit.cfg and pyproject.toml are never run or read.
    canary = tmp_path / "ran"
    evil = f"from pathlib import Path\nPath({str(canary)!r}).write_text('ran')\n"
    for name in ("dodo.py", "doit.py", "other.py"):
        (good / name).write_text(evil)
    (good / "doit.cfg").write_text("[GLOBAL]\ndodoFile = other.py\n")
    (good / "pyproject.toml").write_text('[tool.doit]\ndodoFile = "other.py"\n')

    named = [good, out_dir, bad, blocked, missing, Path(f"{good}/"), good / ".." / "good"]
    out, err = io.StringIO(), io.StringIO()
    assert run_batch([str(p) for p in named], jobs=2, out=out, err=err) == 1
    lines = out.getvalue().splitlines()
    # Refused before any worker: in the order given, first.
    assert lines[0] == (
        f"FAILED  {blocked}  0.0 s  {blocked / 'docbuild.toml'}: error: build_dir 'build' is "
        "not a folder"
    )
    assert lines[1] == f"FAILED  {missing}  0.0 s  not a folder"
    built = sorted(lines[2:5])
    assert re.fullmatch(
        rf"FAILED  {bad}  \d+\.\d s  docbuild.toml:1: error: style 'no-such-style' not "
        "found",
        built[0],
    )
    assert re.fullmatch(rf"ok      {good}  \d+\.\d s  {good}/build/paper\.pdf", built[1])
    assert re.fullmatch(rf"ok      {out_dir}  \d+\.\d s  {out_dir}/out/paper\.pdf", built[2])
    assert re.fullmatch(
        r"batch: 5 papers, 2 built, 3 failed in \d+\.\d s \(\d+\.\d papers/min, 2 workers\)",
        lines[5],
    )
    assert lines[6].startswith("slowest: ")
    assert lines[7:11] == [
        "failed (3):",
        f"  {blocked}  failed: {blocked / 'docbuild.toml'}: error: build_dir 'build' is not "
        "a folder",
        f"  {missing}  failed: not a folder",
        # the paper's build names its file as its findings do, from the paper's folder
        f"  {bad}  failed: docbuild.toml:1: error: style 'no-such-style' not found",
    ]
    assert lines[11] == f"manifest: {papers / MANIFEST_NAME}"
    assert not canary.exists()
    assert (good / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
    assert (out_dir / "out" / "batch.log").is_file()
    assert not (out_dir / "build" / "batch.log").exists()
    assert "error: style 'no-such-style' not found" in (bad / "build" / "batch.log").read_text()
    has_bokeh = importlib.util.find_spec("bokeh") is not None
    first = err.getvalue().splitlines()[0]
    if has_bokeh:
        assert re.fullmatch(r"dashboard: http://127\.0\.0\.1:\d+/status", first)
    else:
        assert first == (
            "dashboard: none (bokeh is not installed on this machine; pip install "
            "'bokeh>=3.1' there to watch the workers)"
        )

    entries = read_manifest(papers / MANIFEST_NAME)
    assert {k: e.result for k, e in entries.items()} == {
        "good": Status.BUILT,
        "outdir": Status.BUILT,
        "bad": Status.FAILED,
        "blocked": Status.FAILED,
        "missing": Status.FAILED,
    }

    # What would a second run build, and why.
    out = io.StringIO()
    named = [good, out_dir, bad, blocked, missing]
    assert run_batch([str(p) for p in named], dry_run=True, out=out) == 0
    assert out.getvalue().splitlines() == [
        f"would build  {bad}  failed before (failed: docbuild.toml:1: error: style "
        "'no-such-style' not found)",
        f"would build  {blocked}  failed before (failed: {blocked / 'docbuild.toml'}: error: "
        f"build_dir 'build' is not a folder); cannot be built: {blocked / 'docbuild.toml'}: "
        "error: build_dir 'build' is not a folder",
        f"would build  {missing}  failed before (failed: not a folder); cannot be built: not "
        "a folder",
        f"batch: 3 of 5 papers would be built, 2 up to date (manifest {papers / MANIFEST_NAME})",
    ]
    # --only-failed leaves out a paper that is new since.
    _paper(papers / "new", seed=4)
    out = io.StringIO()
    named_now = [*named, papers / "new"]
    assert run_batch([str(p) for p in named_now], dry_run=True, only_failed=True, out=out) == 0
    assert [line.split()[2] for line in out.getvalue().splitlines()[:-1]] == [
        str(bad),
        str(blocked),
        str(missing),
    ]
    assert out.getvalue().splitlines()[-1].startswith("batch: 3 of 6 papers would be built, 3 ")
    # The bad one mended, a second run builds it alone (the other two still cannot be).
    (bad / "docbuild.toml").write_text("")
    (blocked / "build").unlink()
    out = io.StringIO()
    assert run_batch([str(p) for p in named[:4]], jobs=1, out=out, err=io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert sorted(line.split()[1] for line in lines if line.startswith("ok ")) == sorted(
        [str(bad), str(blocked)]
    )
    assert "; 2 up to date, not built" in out.getvalue()


def test_a_batch_with_nothing_to_build_starts_no_cluster(tmp_path: Path) -> None:
    nope = tmp_path / "nope"
    out, err = io.StringIO(), io.StringIO()
    assert run_batch([str(nope)], out=out, err=err) == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == f"FAILED  {nope}  0.0 s  not a folder"
    assert re.fullmatch(
        r"batch: 1 paper, 0 built, 1 failed in \d+\.\d s \(\d+\.\d papers/min, 0 workers\)",
        lines[1],
    )
    assert lines[2:] == [
        "failed (1):",
        f"  {nope}  failed: not a folder",
        f"manifest: {tmp_path / MANIFEST_NAME}",
    ]
    assert "dashboard" not in err.getvalue()


def test_batch_refuses_bad_options(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        run_batch(["x"], jobs=0)
    assert str(info.value) == (
        "error: '--jobs' is 0\n  hint: give at least 1 (the default is one per core)"
    )
    with pytest.raises(InputError) as info:
        run_batch(["x"], jobs=2, scheduler="tcp://127.0.0.1:8786")
    assert str(info.value) == (
        "error: '--jobs' sizes the cluster on this machine, and '--scheduler' names another\n"
        "  hint: leave out --jobs: a cluster's size is the workers you start for it"
    )
    with pytest.raises(InputError) as info:
        run_batch(["x"], timeout=0)
    assert str(info.value) == "error: '--timeout' is 0\n  hint: give the seconds a paper may take"
    paper = tmp_path / "a"
    paper.mkdir()
    with pytest.raises(InputError) as info:
        run_batch([str(paper)], manifest_path=str(paper / "m.jsonl"))
    assert str(info.value) == (
        f"error: the manifest '{paper / 'm.jsonl'}' is inside the paper folder '{paper}'\n"
        "  hint: keep it beside the papers (the default) or give --manifest a path outside "
        "every paper folder"
    )


@pytest.mark.slow  # Dask tries to connect for 10 s before it gives up
def test_an_unreachable_scheduler_is_one_message(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    paper = _paper(tmp_path / "a")
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("docbuild")), "batch", str(paper), "--scheduler",
         f"tcp://127.0.0.1:{port}"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(
        f"error: cannot reach the Dask scheduler at 'tcp://127.0.0.1:{port}'"
    )
    assert proc.stderr.endswith(
        "  hint: start it with 'dask scheduler' on that machine and give its address "
        "(tcp://host:8786); or leave out --scheduler to build on this machine\n"
    )


def test_two_batches_never_write_one_manifest(tmp_path: Path) -> None:
    from docbuild.cluster.manifest import open_manifest

    path = tmp_path / MANIFEST_NAME
    with open_manifest(path), pytest.raises(LockError) as info:
        run_batch([str(tmp_path / "a")], manifest_path=str(path), out=io.StringIO())
    assert str(info.value).startswith(f"{path}: error: another docbuild batch is writing")


def test_first_error_prefers_our_error_line() -> None:
    output = "-- lint\n. pdf\nbuild/paper.html:2: error: image '/etc/passwd' is outside\nTaskFailed"
    assert first_error(output) == "build/paper.html:2: error: image '/etc/passwd' is outside"
    assert first_error("Traceback\n  File x\nValueError: boom\n") == "ValueError: boom"
    assert first_error("") == "the build failed without output"
