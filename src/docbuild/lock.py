"""A per-paper build lock, so two builds of the same paper never write its targets at once."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator

from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import LockError

LOCK_NAME = ".docbuild.lock"
DEFAULT_WAIT = 30.0  # seconds: a step of the other build usually ends by then


@contextlib.contextmanager
def build_lock(settings: Settings, *, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold `build/.docbuild.lock` (an flock, released by the OS if the process dies).

    Shared within one process (doit's threads run tasks of the same build), exclusive
    between processes; the file is unlocked when the last holder in the process leaves.
    """
    path = settings.build_path / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
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
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            else:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                entry = _held[key] = [fd, 1]
                fd = None
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


_guard = threading.Lock()
_held: dict[str, list[int]] = {}  # lock path -> [file descriptor, holders in this process]


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 32).decode().strip() or "unknown"
    except OSError:
        return "unknown"
