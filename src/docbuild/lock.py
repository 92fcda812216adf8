"""A per-paper build lock, so two builds of the same paper never write its targets at once."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import LockError, OutputError
from docbuild.fsutil import live_temporaries, os_error, remove_stale_temporaries
from docbuild.paths import writable_folder

LOCK_NAME = ".docbuild.lock"
DEFAULT_WAIT = 30.0  # seconds: a step of the other build usually ends by then


@contextlib.contextmanager
def build_lock(settings: Settings, *, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold `build/.docbuild.lock` (an flock, released by the OS if the process dies).

    Shared within one process (doit's threads run tasks of the same build), exclusive
    between processes; the file is unlocked when the last holder in the process leaves.
    """
    path = settings.build_path / LOCK_NAME
    try:
        writable_folder(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, path) from None
    key = str(path.resolve())
    fd: int | None = None
    deadline = time.monotonic() + wait
    while True:
        with _guard:
            entry = _held.get(key)
            if entry is not None:
                entry[1] += 1
                break
            if fd is None:
                fd = _open_lock(path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            else:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                entry = _held[key] = [fd, 1]
                fd = None
                # The first holder in this process: no other build of the paper is writing,
                # so what an interrupted write left behind can go.
                remove_leftovers(settings)
                break
        if time.monotonic() >= deadline:
            holder = _holder(fd) if fd is not None else "unknown"
            if fd is not None:
                os.close(fd)
            raise LockError(
                f"another build of this paper is running (pid {holder})",
                location=Location(path, 0),
                hint="wait for it to finish; the lock goes away when it ends",
            )
        time.sleep(0.05)
    if fd is not None:
        os.close(fd)  # another thread of this process holds the lock for us all
    try:
        yield
    finally:
        with _guard:
            entry[1] -= 1
            if entry[1] == 0:
                del _held[key]
                fcntl.flock(entry[0], fcntl.LOCK_UN)
                os.close(entry[0])


def _open_lock(path: Path) -> int:
    """The lock file, opened without following a link: a planted `.docbuild.lock` link would
    otherwise have its target truncated."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(
                f"'{path}' is a symbolic link; docbuild does not write through links",
                location=Location(path, 0),
                hint=f"delete {path} (it is not one docbuild made) and build again",
            ) from None
        raise os_error(exc, path) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(
            f"'{path}' is not a regular file",
            location=Location(path, 0),
            hint=f"delete {path} (it is not one docbuild made) and build again",
        )
    return fd


def remove_leftovers(settings: Settings, *, last: float = 0.0) -> list[Path]:
    """Delete the temporary files of interrupted atomic writes: in build/ and below it, and
    beside the files `normalize-refs --in-place` and `--write-baseline` rewrite.

    `last`: this process is stopping (`docbuild preview` on Ctrl-C): its own are stale too,
    and for up to `last` seconds it waits for the children that got the same Ctrl-C (a step's
    child, killed as it wrote) to end, then removes theirs."""
    import time

    folders = {settings.root, *(p.parent for p in settings.bib_paths)}
    if settings.lint.baseline:
        folders.add((settings.root / settings.lint.baseline).parent)
    deadline = time.monotonic() + last
    removed: list[Path] = []
    while True:
        removed += remove_stale_temporaries(settings.build_path, recursive=True, mine=last > 0)
        for folder in sorted(folders):
            if folder != settings.build_path and folder.is_relative_to(settings.root):
                removed += remove_stale_temporaries(folder, recursive=False, mine=last > 0)
        if not live_temporaries(settings.build_path) or time.monotonic() >= deadline:
            return removed
        time.sleep(0.05)


_guard = threading.Lock()
_held: dict[str, list[int]] = {}  # lock path -> [file descriptor, holders in this process]


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 32).decode().strip() or "unknown"
    except OSError:
        return "unknown"
