"""A per-paper build lock, so two builds of the same paper never write its targets at once."""

from __future__ import annotations

import contextlib
import fcntl
import os
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

    Re-entrant within one process, so a job may call another that also locks.
    """
    path = settings.build_path / LOCK_NAME
    key = str(path.resolve())
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockError(
                        f"another build of this paper is running (pid {_holder(fd)})",
                        location=Location(path, 0),
                        hint="wait for it to finish; the lock goes away when it ends",
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


_held: dict[str, int] = {}


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 32).decode().strip() or "unknown"
    except OSError:
        return "unknown"
