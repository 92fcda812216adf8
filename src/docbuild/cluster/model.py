"""The records a batch passes between its client, the Dask workers and the manifest."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT = 600.0  # seconds a paper may take: a 100,000-word book builds in about 60


class Status(enum.Enum):
    """How a paper's build ended; the value is what the manifest says."""

    BUILT = "built"
    FAILED = "failed"  # docbuild stopped with an error of the paper's (exit status 1)
    TIMED_OUT = "timed-out"  # past --timeout: the build and all it started were killed
    CRASHED = "crashed"  # the build process died by a signal or a Python error of ours
    LOST = "lost"  # every worker that tried it died (Dask's allowed-failures)


@dataclass(frozen=True, slots=True)
class SentFile:
    """One file of a paper folder, as the client sends it to a worker without a shared disk."""

    path: str  # relative to the paper folder, '/'-separated, no '..'
    mtime_ns: int  # restored on the worker: the PDF's date is the newest input's time
    data: bytes


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file a build made in its build folder."""

    path: str  # relative to the build folder, '/'-separated
    sha256: str
    data: bytes | None  # the bytes when the worker built in a private folder; None in place


@dataclass(frozen=True, slots=True)
class BuildRequest:
    """One paper, as a Dask task's argument."""

    folder: str  # the paper folder as the client sees it (resolved)
    digest: str  # the client's input hash of it (files, docbuild, settings)
    toolchain: str  # the client's docbuild fingerprint: a worker with another one refuses
    env: tuple[tuple[str, str], ...]  # the client's variables that change a build's output
    timeout: float | None  # seconds for the whole build
    files: tuple[SentFile, ...] | None  # None: build in place if the worker sees the folder
    command: tuple[str, ...] | None = None  # the batch's own tests: a crash, a hang


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    """What a worker sends back for a request."""

    status: Status | None  # None: the worker does not see the folder; send its files
    detail: str  # the first error line, or where the PDF is
    worker: str  # the Dask worker's address ("" outside Dask)
    place: str  # "in place" (shared file system) or "sent" (a private temporary folder)
    started: float  # wall-clock time.time() when the build process started, and ended
    finished: float
    cpu: float  # user + system seconds of the build process and what it waited for
    digest: str  # the input hash of what was built (as the worker read it)
    outputs: tuple[OutputFile, ...] = ()
    log: bytes | None = None  # build/batch.log, when built in a private folder


@dataclass(frozen=True, slots=True)
class PaperResult:
    """One paper of a batch, as `build_papers` returns it and the manifest records it."""

    folder: Path  # as the caller named it
    status: Status
    seconds: float  # wall-clock seconds of the build process (0 when refused before it)
    detail: str  # the PDF's path when built, the first error line otherwise
    digest: str | None = None  # the input hash; None when the folder could not be read
    outputs: tuple[tuple[str, str], ...] = ()  # (path in the build folder, sha256)
    worker: str = ""
    attempts: int = 1  # >1: a worker died while building it and Dask ran it elsewhere
    lost_workers: tuple[str, ...] = ()  # the workers that died while building it
    cpu: float = 0.0
    started: float = 0.0  # wall-clock start and end of the build process (time.time())
    finished: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status is Status.BUILT


@dataclass(frozen=True, slots=True)
class BatchOptions:
    scheduler: str | None = None  # a Dask scheduler's address; None: a LocalCluster here
    jobs: int | None = None  # the LocalCluster's workers; None: one per core
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per paper; None: no limit
    manifest: Path | None = None  # None: no manifest, every paper is built
    only_failed: bool = False  # build only papers the manifest says failed
    send_files: bool = False  # send every paper's files even to workers that see them
