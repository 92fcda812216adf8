"""`batch-manifest.jsonl`: what a batch built, one JSON line per paper, so that the next run
builds only what changed or failed, and a batch killed half-way resumes where it stopped.

Written to survive a kill at any moment: the file is compacted (the latest line of each paper)
by an atomic rewrite when a batch starts, then each finished paper is appended as one line and
fsynced. A line cut short by a kill is not JSON and is dropped on reading, so that paper is
built again. One batch at a time writes a manifest (an flock on `<manifest>.lock`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.cluster.model import Status
from docbuild.diagnostics import Location
from docbuild.errors import LockError, OutputError
from docbuild.fsutil import os_error, write_text_atomic

MANIFEST_NAME = "batch-manifest.jsonl"


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    paper: str  # the paper folder, relative to the manifest's folder ('/'-separated)
    result: Status
    input: str | None  # the input hash; None when the folder could not be read
    stat: str | None  # the files' sizes and times (inputs.stat_fingerprint)
    toolchain: str  # the docbuild fingerprint that built it
    seconds: float  # wall-clock seconds of the build
    cpu: float  # CPU seconds of the build process tree
    outputs: tuple[tuple[str, str], ...]  # (path in the build folder, sha256)
    error: str | None  # the first error line when it did not build
    worker: str  # the Dask worker that built it last
    attempts: int  # more than 1: workers died while building it
    finished: str  # when, in UTC (ISO 8601)


def to_line(entry: ManifestEntry) -> str:
    record = {
        "paper": entry.paper,
        "result": entry.result.value,
        "input": entry.input,
        "stat": entry.stat,
        "toolchain": entry.toolchain,
        "seconds": round(entry.seconds, 3),
        "cpu": round(entry.cpu, 3),
        "outputs": dict(entry.outputs),
        "error": entry.error,
        "worker": entry.worker,
        "attempts": entry.attempts,
        "finished": entry.finished,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def from_line(line: str) -> ManifestEntry | None:
    """The entry on `line`, or None for a line that is not one (cut short by a kill)."""
    try:
        data = json.loads(line)
        outputs = data["outputs"]
        return ManifestEntry(
            paper=str(data["paper"]),
            result=Status(data["result"]),
            input=None if data["input"] is None else str(data["input"]),
            stat=None if data["stat"] is None else str(data["stat"]),
            toolchain=str(data["toolchain"]),
            seconds=float(data["seconds"]),
            cpu=float(data["cpu"]),
            outputs=tuple((str(k), str(v)) for k, v in outputs.items()),
            error=None if data["error"] is None else str(data["error"]),
            worker=str(data["worker"]),
            attempts=int(data["attempts"]),
            finished=str(data["finished"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """The latest entry of each paper; {} when there is no manifest yet."""
    return {paper: entry for paper, (entry, _) in _read_lines(path).items()}


def _read_lines(path: Path) -> dict[str, tuple[ManifestEntry, str]]:
    try:
        text = path.read_text("utf-8", "replace")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise os_error(exc, path, doing="read") from None
    latest: dict[str, tuple[ManifestEntry, str]] = {}
    for line in text.splitlines(keepends=True):
        entry = from_line(line)
        if entry is not None:
            latest[entry.paper] = (entry, line if line.endswith("\n") else line + "\n")
    return latest


def paper_key(folder: Path, manifest: Path) -> str:
    """How the manifest names a paper: relative to its own folder, so the two move together."""
    return Path(os.path.relpath(folder.resolve(), manifest.resolve().parent)).as_posix()


def default_path(folders: Sequence[Path]) -> Path:
    """Beside the papers: in the folder that holds them all (`papers/` for `papers/*`)."""
    parents = [str(f.resolve().parent) for f in folders]
    return Path(os.path.commonpath(parents)) / MANIFEST_NAME


class ManifestWriter:
    """The manifest, held by one batch: compacted on opening, then appended a line at a time."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    def append(self, entry: ManifestEntry) -> None:
        data = to_line(entry).encode("utf-8")
        try:
            os.write(self._fd, data)
            os.fsync(self._fd)
        except OSError as exc:
            raise os_error(exc, self.path) from None


@contextlib.contextmanager
def open_manifest(path: Path) -> Iterator[tuple[ManifestWriter, dict[str, ManifestEntry]]]:
    """Lock the manifest, compact it, and give a writer with the entries it held."""
    lock_fd = _lock(path)
    fd: int | None = None
    try:
        lines = _read_lines(path)
        # Compacted: one line a paper, the latest; a torn last line is gone, so the lines
        # appended below start on a line of their own.
        write_text_atomic(path, "".join(line for _, line in lines.values()))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            raise os_error(exc, path) from None
        yield ManifestWriter(path, fd), {paper: entry for paper, (entry, _) in lines.items()}
    finally:
        if fd is not None:
            os.close(fd)
        os.close(lock_fd)  # releases the flock


def _lock(path: Path) -> int:
    lock = path.with_name(path.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(
                f"'{lock}' is a symbolic link; docbuild does not write through links",
                location=Location(lock, 0),
                hint=f"delete {lock} (it is not one docbuild made) and run the batch again",
            ) from None
        raise os_error(exc, lock) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"'{lock}' is not a regular file", location=Location(lock, 0),
                          hint=f"delete {lock} and run the batch again")  # fmt: skip
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise LockError(
            f"another docbuild batch is writing {path.name} (pid {holder})",
            location=Location(path, 0),
            hint="wait for it to end, or give this batch its own file with --manifest PATH",
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd
