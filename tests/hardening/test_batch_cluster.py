"""`docbuild batch` on a real Dask cluster: a `dask scheduler` and two `dask worker` processes
on 127.0.0.1, eight real papers, one that fails with a docbuild error, one whose build process
crashes, one that hangs past its time limit and one whose worker is killed while it builds;
and a batch killed half-way that resumes.

The crash and the hang are the batch's test hook (`build_papers(commands=...)` replaces those
two folders' build command by `os.abort()` and by a sleep that starts a child of its own; the
victim's first attempt by a sleep, so that its worker is killed while it builds, and its
retry runs docbuild's build);
the docbuild error is a real one (a style that does not exist). Everything else is docbuild's
own build, run by the workers.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bench.generate import generate_paper
from daskcluster import dask_cluster, kill_worker_building, processes_in, processes_with

from docbuild.batch import BatchOptions, Status, build_papers
from docbuild.cluster.manifest import MANIFEST_NAME, from_line, read_manifest
from docbuild.standalone import build_command

pytestmark = pytest.mark.slow

HANG_TOKEN = "docbuild-test-hang"
# The hang: a build that starts a child of its own and then never ends; the time limit must
# stop both (the child's command line holds the token, so the test can look for it after).
# The token is made the run's own (its tmp_path): a hang child left by another run, one
# killed by hand, must not fail this one.
HANG = (
    "import subprocess, sys, time\n"
    "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)', sys.argv[1]])\n"
    "time.sleep(3600)\n"
)
CRASH = "import os; os.abort()"
# The victim: its first attempt waits to be killed (so the worker dies while it builds, not
# just after it has reported: a victim that finished first was reported built once), and any
# later attempt is docbuild's own build. argv: the marker of a first attempt, the command.
VICTIM = (
    "import os, sys, time\n"
    "try:\n"
    "    os.close(os.open(sys.argv[1], os.O_CREAT | os.O_EXCL | os.O_WRONLY))\n"
    "except FileExistsError:\n"
    "    os.execv(sys.argv[2], sys.argv[2:])\n"
    "time.sleep(3600)\n"
)
# Far above a small paper's build on a loaded machine, so only the hang meets it. 60 s until
# session 17; at 30 s, five runs beside two busy loops (load 4.5-6.4) passed, and the worker
# waits 30 s less for the hang (the cluster worker's reaper now stops what a killed build left).
TIMEOUT = 30.0
PAPERS = 8  # two in flight per worker thread: four submitted, the rest as those end


def _papers(root: Path, count: int) -> list[Path]:
    folders = []
    for i in range(count):
        folder = root / f"p{i:02d}"
        generate_paper(folder, words=200, references=4, citations=4, figures=1, tables=0, seed=i)
        folders.append(folder)
    return folders


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_papers_on_a_real_cluster_with_a_crash_a_hang_and_a_killed_worker(
    tmp_path: Path,
) -> None:
    """Each kind of failure once among ordinary papers. The hang is the third paper, so the
    other worker builds the rest (the victim's retry among them) while the hang waits out its
    time limit; eight papers are still more than the batch keeps in flight (two per worker
    thread), so papers are submitted as others end. Twenty papers with the hang twelfth (this
    test until session 15) went down the same paths, but the last ones were built on one
    worker, and then that worker waited, idle, for the hang's time limit to run out. That
    limit is 30 s since session 17 (TIMEOUT), not 60: the same papers, kinds and checks,
    the hang waited on half as long."""
    papers = tmp_path / "papers"
    folders = _papers(papers, PAPERS)
    victim, hang, error, crash = folders[1], folders[2], folders[3], folders[5]
    (error / "docbuild.toml").write_text('style = "no-such-style"\n')
    tried = tmp_path / "victim-tried"  # the victim's first attempt has begun (VICTIM)
    token = f"{HANG_TOKEN}:{tmp_path}"  # the hang child of this run, not of another
    commands = {
        crash: [sys.executable, "-c", CRASH],
        hang: [sys.executable, "-c", HANG, token],
        victim: [sys.executable, "-c", VICTIM, str(tried), *build_command()],
    }
    manifest = papers / MANIFEST_NAME
    with dask_cluster(tmp_path / "cluster") as cluster:
        # No shared disk assumed: every paper's files travel to the workers and back.
        options = BatchOptions(scheduler=cluster.address, timeout=TIMEOUT, manifest=manifest,
                               send_files=True)  # fmt: skip
        killed: list[int] = []

        def kill_victims_worker() -> None:
            # Once its first attempt is under way: killed earlier, before the marker is
            # written, the retry would be the attempt that waits.
            deadline = time.monotonic() + 300
            while not tried.exists() and time.monotonic() < deadline:
                time.sleep(0.02)
            killed.append(kill_worker_building(victim.name, cluster.sessions(), timeout=60))

        killer = threading.Thread(target=kill_victims_worker, daemon=True)
        killer.start()
        out = io.StringIO()
        report = build_papers(folders, options, out=out, err=io.StringIO(), commands=commands)
        killer.join(timeout=5)
        assert killed, "the victim's worker was never killed"

        by_folder = {r.folder: r for r in report.results}
        assert len(report.results) == PAPERS
        failed = {f for f, r in by_folder.items() if not r.ok}
        assert failed == {error, crash, hang}, out.getvalue()
        assert by_folder[error].status is Status.FAILED
        assert "error: style 'no-such-style' not found" in by_folder[error].detail
        assert by_folder[crash].status is Status.CRASHED
        assert by_folder[crash].detail == (
            "crashed: the build process was killed by SIGABRT (its output is in batch.log)"
        )
        assert by_folder[hang].status is Status.TIMED_OUT
        assert by_folder[hang].detail.startswith(f"timed out after {TIMEOUT:g} s")
        assert processes_with(token) == []  # the hang's own child was stopped too
        # The killed worker's paper was built again elsewhere, and says so.
        assert by_folder[victim].ok
        assert by_folder[victim].attempts >= 2
        assert by_folder[victim].lost_workers
        assert f"(retried: worker {by_folder[victim].lost_workers[0]} died" in out.getvalue()

        entries = read_manifest(manifest)
        lines = manifest.read_text().splitlines()
        assert len(lines) == PAPERS and all(from_line(line) for line in lines)
        assert set(entries) == {f.name for f in folders}
        for folder in folders:
            entry = entries[folder.name]
            assert entry.result is by_folder[folder].status
            assert entry.input and entry.input.startswith("sha256:")
            if folder in failed:
                assert entry.error == by_folder[folder].detail
                continue
            assert entry.error is None
            outputs = dict(entry.outputs)
            # The outputs came back as bytes and were written beside the paper.
            assert _sha(folder / "build" / "paper.pdf") == outputs["paper.pdf"]
            assert _sha(folder / "build" / "paper.html") == outputs["paper.html"]
            assert (folder / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
        assert entries[victim.name].attempts >= 2
        assert entries[hang.name].result is Status.TIMED_OUT

        # Run again without the test hook: only the three that failed are built, and the
        # crash and the hang (real papers underneath) now build; the bad style fails again.
        out = io.StringIO()
        again = build_papers(folders, options, out=out, err=io.StringIO())
        assert {r.folder for r in again.results} == {error, crash, hang}
        assert {r.folder for r in again.results if r.ok} == {crash, hang}
        assert len(again.skipped) == PAPERS - 3
        entries = read_manifest(manifest)
        assert entries[crash.name].result is Status.BUILT
        assert entries[error.name].result is Status.FAILED


def test_papers_build_at_the_same_time_on_two_workers(tmp_path: Path) -> None:
    folders = _papers(tmp_path / "papers", 4)
    with dask_cluster(tmp_path / "cluster") as cluster:
        report = build_papers(
            folders, BatchOptions(scheduler=cluster.address), out=io.StringIO(),
            err=io.StringIO(),
        )  # fmt: skip
    assert report.ok and len(report.results) == 4
    assert len({r.worker for r in report.results}) == 2
    # Each build's start and end, as its worker recorded them: some two overlap.
    spans = sorted((r.started, r.finished) for r in report.results)
    assert any(b_start < a_end for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    # On one machine the workers see the folders: built in place, no files sent.
    assert all((f / "build" / "batch.log").is_file() for f in folders)


def test_a_batch_killed_half_way_resumes_where_it_stopped(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    folders = _papers(papers, 8)
    manifest = papers / MANIFEST_NAME
    command = [str(Path(sys.executable).with_name("docbuild")), "batch", "-n", "2",
               *[str(f) for f in folders]]  # fmt: skip
    log = tmp_path / "first.log"
    with open(log, "wb") as fh:
        batch = subprocess.Popen(command, stdout=fh, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and batch.poll() is None:
            if manifest.exists() and manifest.read_text().count("\n") >= 3:
                break
            time.sleep(0.05)
        assert batch.poll() is None, log.read_text()
        os.kill(batch.pid, signal.SIGKILL)  # the batch alone; what it started must follow
        batch.wait()
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
            batch.wait()
    # Its workers and their builds end with it.
    deadline = time.monotonic() + 60
    while processes_in(papers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_in(papers) == []

    lines = manifest.read_text().splitlines()
    assert lines and all(from_line(line) is not None for line in lines), lines
    done = {e.paper for e in read_manifest(manifest).values() if e.result is Status.BUILT}
    assert 3 <= len(done) < 8

    second = subprocess.run(command, capture_output=True, text=True, check=False)
    assert second.returncode == 0, second.stdout + second.stderr
    rebuilt = {Path(line.split()[1]).name for line in second.stdout.splitlines()
               if line.startswith("ok ")}  # fmt: skip
    assert rebuilt == {f.name for f in folders} - done
    assert f"; {len(done)} up to date, not built" in second.stdout
    entries = read_manifest(manifest)
    assert all(entries[f.name].result is Status.BUILT for f in folders)
    assert len(manifest.read_text().splitlines()) == len(done) + len(rebuilt)
    for folder in folders:
        assert (folder / "build" / "paper.pdf").read_bytes().startswith(b"%PDF-")
        assert not list((folder / "build").rglob("*.docbuild.tmp"))
    assert json.loads(manifest.read_text().splitlines()[-1])["attempts"] == 1
