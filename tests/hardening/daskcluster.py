"""A real Dask cluster for the batch tests: `dask scheduler` and `dask worker` processes on
127.0.0.1 with random ports, each in a session of its own so that stopping one stops all it
started; and a way to find (and kill) the worker process that is building a given paper."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DASK = Path(sys.executable).with_name("dask")  # the console script of the installed dask
START_TIMEOUT = 90.0  # seconds for the scheduler and workers to come up on a loaded machine


@dataclass
class DaskCluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def sessions(self) -> set[int]:
        return {p.pid for p in (self.scheduler, *self.workers)}


@contextlib.contextmanager
def dask_cluster(folder: Path, *, workers: int = 2) -> Iterator[DaskCluster]:
    """Start a scheduler and `workers` single-thread workers (each with its nanny, as `dask
    worker` runs by default); stop them all at the end, whatever happened."""
    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        scheduler = _start(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(info)],
            folder / "scheduler.log", folder,
        )  # fmt: skip
        procs.append(scheduler)
        address = _wait_for_address(info, scheduler, folder / "scheduler.log")
        cluster = DaskCluster(address, scheduler)
        for i in range(workers):
            worker = _start(
                [str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                 "--nworkers", "1", "--no-dashboard", "--name", f"w{i}",
                 "--local-directory", str(folder / f"w{i}")],
                folder / f"worker{i}.log", folder,
            )  # fmt: skip
            procs.append(worker)
            cluster.workers.append(worker)
        _wait_for_workers(address, workers)
        yield cluster
    finally:
        for proc in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # what the nanny left


def _start(command: list[str], log: Path, cwd: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as fh:
        return subprocess.Popen(
            command, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip


def _wait_for_address(info: Path, proc: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dask scheduler exited:\n{log.read_text()}")
        with contextlib.suppress(FileNotFoundError, ValueError, KeyError):
            return str(json.loads(info.read_text())["address"])
        time.sleep(0.1)
    raise RuntimeError(f"dask scheduler did not start:\n{log.read_text()}")


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=START_TIMEOUT)


# ---- processes -----------------------------------------------------------------------------


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, pgrp, sid


def parent(pid: int) -> int:
    return int(_stat(pid)[1])


def session(pid: int) -> int:
    return int(_stat(pid)[3])


def processes_in(folder: Path) -> list[int]:
    """The processes whose working directory is `folder` or below it."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cwd = Path(os.readlink(entry / "cwd"))
            if cwd == folder or cwd.is_relative_to(folder):
                found.append(int(entry.name))
    return found


def build_process(name: str, sessions: set[int]) -> int | None:
    """The build process of the paper folder called `name` in one of our `sessions`: the one
    working in a folder of that name whose parent is not (the worker, not pandoc's)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int(entry.name)
            if Path(os.readlink(entry / "cwd")).name != name:
                continue
            up = parent(pid)
            if Path(os.readlink(f"/proc/{up}/cwd")).name == name:
                continue
            if session(up) in sessions:
                return pid
    return None


def kill_worker_building(name: str, sessions: set[int], *, timeout: float) -> int:
    """SIGKILL the worker process (not its nanny) while it builds paper `name`; its pid."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = build_process(name, sessions)
        if pid is not None:
            worker = parent(pid)
            os.kill(worker, signal.SIGKILL)
            return worker
        time.sleep(0.02)
    raise AssertionError(f"no worker started building {name} within {timeout:g} s")


def processes_with(token: str) -> list[int]:
    """The processes whose command line holds `token`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if token.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found
