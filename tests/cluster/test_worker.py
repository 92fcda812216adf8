"""What a worker does with a paper, outside Dask: the build in a child under a time limit that
stops everything it started, in place or from sent files, with the same bytes either way."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench.generate import generate_paper

from docbuild.batch import rebase_sarif, write_outputs
from docbuild.cluster import inputs
from docbuild.cluster.model import BuildRequest, Status
from docbuild.cluster.worker import build_folders, build_paper, run_build, run_limited

TOKEN = "docbuild-test-worker-hang"


def _processes_with(token: str) -> list[int]:
    """The processes whose command line holds `token`, once the ones just killed are gone.

    A process sent SIGKILL keeps its /proc entry (and its command line) until the kernel has
    torn it down, a moment that a loaded machine stretches; only one still there after a
    generous wait was left running."""
    deadline = time.monotonic() + 30
    while (found := _listed_with(token)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def _listed_with(token: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if token.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _request(folder: Path, *, send: bool, **changes: object) -> BuildRequest:
    files = inputs.list_inputs(folder, exclude=build_folders(folder))
    sent = inputs.read_sent_files(folder, files) if send else None
    request = BuildRequest(
        folder=str(folder.resolve()),
        digest=inputs.hash_files(files, ()),
        toolchain=inputs.toolchain(),
        env=(),
        timeout=120.0,
        files=sent,
    )
    return replace(request, **changes)  # type: ignore[arg-type]


def test_a_build_past_its_time_limit_is_stopped_with_all_it_started(tmp_path: Path) -> None:
    hang = (
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '{TOKEN}'])\n"
        "time.sleep(600)\n"
    )
    folder = tmp_path / "paper"
    folder.mkdir()
    request = _request(folder, send=False, timeout=1.0, command=(sys.executable, "-c", hang))
    result = run_build(folder, request)
    assert result.status is Status.TIMED_OUT
    assert result.detail == (
        "timed out after 1 s; the build and every process it started were stopped (raise "
        "--timeout if the paper is just long)"
    )
    assert _processes_with(TOKEN) == []


def test_a_build_killed_by_a_signal_is_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    crash = (sys.executable, "-c", "import os; print('about to fail', flush=True); os.abort()")
    result = run_build(folder, _request(folder, send=False, command=crash))
    assert result.status is Status.CRASHED
    assert result.detail == (
        "crashed: the build process was killed by SIGABRT (its output is in batch.log)"
    )
    assert (folder / "build" / "batch.log").read_text() == "about to fail\n"
    # Exit status 1 is how docbuild stops on the paper's errors; any other is a crash.
    failed = (sys.executable, "-c", "import sys; sys.exit('refs.bib:3: error: broken')")
    result = run_build(folder, _request(folder, send=False, command=failed))
    assert (result.status, result.detail) == (Status.FAILED, "refs.bib:3: error: broken")
    bug = (sys.executable, "-c", "raise SystemExit(2)")
    result = run_build(folder, _request(folder, send=False, command=bug))
    assert (result.status, result.detail) == (
        Status.CRASHED,
        "crashed (exit status 2): the build failed without output",
    )


def test_sent_and_in_place_builds_write_the_same_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    generate_paper(folder, words=200, references=4, citations=4, figures=1, tables=0)
    copy = tmp_path / "elsewhere" / "paper"
    shutil.copytree(folder, copy)  # copytree keeps the times: the PDF's date comes from them

    in_place = build_paper(_request(folder, send=False))
    assert (in_place.status, in_place.place) == (Status.BUILT, "in place")
    assert all(o.data is None for o in in_place.outputs)

    sent = build_paper(_request(copy, send=True))
    assert (sent.status, sent.place) == (Status.BUILT, "sent")
    assert sent.log is not None and b"pdf" in sent.log
    assert not (copy / "build").exists()  # built in a private folder, nothing written here
    written = dict(write_outputs(copy, sent))
    expected = {o.path: o.sha256 for o in in_place.outputs}
    # The SARIF report names the folder it describes: the sent one's is rewritten to `copy`,
    # so it is the in-place report with that one name changed.
    sarif = (folder / "build" / "lint-report.sarif").read_bytes()
    expected["lint-report.sarif"] = hashlib.sha256(rebase_sarif(sarif, copy)).hexdigest()
    assert rebase_sarif(sarif, copy) != sarif
    assert written == expected
    assert sent.digest == in_place.digest
    for path in ("paper.pdf", "paper.html", "lint-report.sarif"):
        assert (copy / "build" / path).is_file()
    assert str(copy.resolve().as_uri()) in (copy / "build" / "lint-report.sarif").read_text()


def test_a_worker_that_does_not_see_the_folder_asks_for_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "refs.bib").write_text("")
    outcome = build_paper(_request(folder, send=False, digest="sha256:what-the-client-saw"))
    assert outcome.status is None and not (folder / "build").exists()
    outcome = build_paper(_request(tmp_path / "not-here", send=False))
    assert outcome.status is None


def test_a_worker_with_another_docbuild_refuses(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    outcome = build_paper(_request(folder, send=False, toolchain="0000000000000000"))
    assert outcome.status is Status.FAILED
    assert outcome.detail == (
        f"worker here runs another docbuild (docbuild 0.1.0, fingerprint {inputs.toolchain()}) "
        "than the machine that started the batch; install the same docbuild on every worker"
    )


def test_a_killed_worker_leaves_nothing_its_build_started(tmp_path: Path) -> None:
    """A worker SIGKILLed mid-build (as the cluster test's killed worker is) takes down the
    build and every process the build started, not only the build: on Linux the build's
    parent is told of the worker's death and kills the build's whole session."""
    token = f"docbuild-test-orphan-{tmp_path.name}"
    started = tmp_path / "started"
    build = (
        "import pathlib, subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '{token}'])\n"
        f"pathlib.Path({str(started)!r}).write_text('yes')\n"
        "time.sleep(600)\n"
    )
    worker = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docbuild.cluster.worker import run_limited\n"
        "run_limited([sys.executable, '-c', sys.argv[1]], cwd=Path('.'), stdout=None,"
        " env=dict(__import__('os').environ), timeout=None)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", worker, build], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists(), "the build never started"
        assert _listed_with(token), "the build's own child never started"
    finally:
        proc.kill()
        proc.wait()
    assert _processes_with(token) == []


def test_the_build_s_exit_is_the_worker_s_result(tmp_path: Path) -> None:
    """The build's parent exits as the build did: its status, or the signal that killed it."""
    for command, code in (
        ("raise SystemExit(3)", 3),
        ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", -9),
    ):
        got, _ = run_limited(
            [sys.executable, "-c", command], cwd=tmp_path, stdout=None, env=dict(os.environ),
            timeout=30,
        )  # fmt: skip
        assert got == code, command
