"""Interrupted and concurrent builds: what a target at its final path may look like, and a
harness that kills `doit build` at seeded random moments.

bench/run_all.py imports this module for the figures in docs/guarantees.md.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

TARGETS = (
    "refs.normalized.bib",
    "refs.json",
    "refs.unreadable.json",
    "lint-report.json",
    "lint-report.sarif",
    "metadata.json",
    "pandoc.html",
    "paper.html",
    "paper.pdf",
)


def truncated_targets(build: Path) -> list[str]:
    """Targets at their final path that are not complete files of their kind."""
    bad = []
    for name in TARGETS:
        path = build / name
        if not path.exists():
            continue
        data = path.read_bytes()
        if not _complete(name, data):
            bad.append(f"{name} ({len(data)} bytes)")
    return bad


def _complete(name: str, data: bytes) -> bool:
    if name.endswith(".pdf"):
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
            return False
        from io import BytesIO

        from pypdf import PdfReader

        try:
            return len(PdfReader(BytesIO(data)).pages) > 0
        except Exception:  # pypdf's own errors are many; any of them means a broken file
            return False
    if name.endswith((".json", ".sarif")):
        try:
            json.loads(data)
        except ValueError:
            return False
        return True
    if name.endswith(".html"):
        return data.rstrip().lower().endswith(b"</html>")
    if name.endswith(".bib"):
        return data.count(b"{") == data.count(b"}") and data.endswith(b"\n")
    return True


def run_doit(folder: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "doit", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass(slots=True)
class KillReport:
    trials: int = 0
    sigkill: int = 0
    sigint: int = 0
    truncated: list[str] = field(default_factory=list)  # "trial 3 (SIGKILL at 1.2 s): name"
    stale: list[str] = field(default_factory=list)  # a rebuild that did not bring the edit
    failed_reruns: list[str] = field(default_factory=list)
    ended_first: int = 0  # builds that ended before their kill moment: nothing to interrupt
    leftover_tmp: int = 0
    seconds: float = 0.0


def _edit(folder: Path, marker: str) -> None:
    """A one-line change, so the next build has work to do and its result can be recognised."""
    path = folder / "manuscript" / "99-marker.md"
    path.write_text(f"# Marker\n\nThe build marker is {marker}.\n")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def kill_trials(
    folder: Path, *, trials: int, seed: int, check_every: int = 5, duration: float | None = None
) -> KillReport:
    """Edit, start `doit build`, kill it (SIGKILL or SIGINT, seeded) at a random moment within
    `duration` (a build of `folder`, timed here when not given), check every target; every
    `check_every` trials let a build finish and check it has the edit."""
    rng = random.Random(seed)
    report = KillReport()
    started = time.perf_counter()
    if duration is None:
        duration = timed_build(folder, "warmup")
    for trial in range(1, trials + 1):
        marker = f"trial{seed}x{trial}"
        _edit(folder, marker)
        sig = signal.SIGKILL if rng.random() < 0.5 else signal.SIGINT
        delay = rng.uniform(0.0, duration)
        proc = subprocess.Popen(
            [sys.executable, "-m", "doit", "build"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            # A build that ends before its moment has nothing left to interrupt: the signal
            # would reach no process of it (its children end with it), so it is not waited for.
            proc.wait(timeout=delay)
            report.ended_first += 1
        except subprocess.TimeoutExpired:
            # Ctrl-C reaches the whole foreground group; `kill -9` reaches the one process.
            if sig == signal.SIGINT:
                os.killpg(proc.pid, signal.SIGINT)
            else:
                proc.send_signal(signal.SIGKILL)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        # A SIGKILL leaves the build's children (pandoc, the WeasyPrint fork) to finish alone.
        _reap_group(proc.pid)
        report.trials += 1
        if sig == signal.SIGKILL:
            report.sigkill += 1
        else:
            report.sigint += 1
        label = f"trial {trial} ({sig.name} at {delay:.2f} s)"
        report.truncated += [f"{label}: {t}" for t in truncated_targets(folder / "build")]
        if trial % check_every == 0 or trial == trials:
            done = run_doit(folder, "build")
            if done.returncode != 0:
                report.failed_reruns.append(f"{label}: {(done.stdout + done.stderr)[-300:]}")
            else:
                report.truncated += [f"{label}: {t}" for t in truncated_targets(folder / "build")]
                if marker not in _pdf_text(folder / "build" / "paper.pdf"):
                    report.stale.append(f"{label}: paper.pdf lacks '{marker}'")
    build = folder / "build"
    report.leftover_tmp = len(list(build.glob("*.tmp"))) + len(list(build.glob(".*.tmp")))
    report.seconds = time.perf_counter() - started
    return report


def timed_build(folder: Path, marker: str) -> float:
    """The seconds of `doit build` in `folder` after a one-line edit (`marker`)."""
    _edit(folder, marker)
    t0 = time.perf_counter()
    run_doit(folder, "build")
    return time.perf_counter() - t0


def _reap_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
