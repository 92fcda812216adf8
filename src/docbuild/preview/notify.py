"""A wake-up the moment a file in the paper's folders is written whole (closed after writing,
or renamed into place): Linux's inotify through ctypes, nothing installed. Elsewhere, or where
inotify cannot be had, there is none and the preview's os.stat polling alone sees a save.

The stamps (watch.py) stay what decides a change; this only ends the wait for the next look
early, and says which files are whole, so a save needs no time to settle.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

IN_CLOSE_WRITE = 0x00000008  # a file opened for writing was closed: the editor is done with it
IN_MOVED_TO = 0x00000080  # a file was renamed into the folder: an editor's atomic save
IN_MOVED_FROM = 0x00000040
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_ONLYDIR = 0x01000000
IN_Q_OVERFLOW = 0x00004000  # events were lost: nothing is known to be whole
MASK = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ONLYDIR
WHOLE = IN_CLOSE_WRITE | IN_MOVED_TO

_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then the name


class Notifier:
    """One inotify instance watching folders (not their subfolders)."""

    def __init__(self, fd: int, libc: ctypes.CDLL) -> None:
        self._fd = fd
        self._libc = libc
        self._folders: dict[int, Path] = {}  # watch descriptor -> folder
        self._watched: set[Path] = set()

    def watch(self, folders: Iterable[Path]) -> None:
        """Watch each folder not watched yet; one that cannot be (gone, not a folder) is
        left to the polling."""
        for folder in folders:
            if folder in self._watched:
                continue
            wd = self._libc.inotify_add_watch(self._fd, os.fsencode(folder), MASK)
            if wd >= 0:
                self._folders[wd] = folder
                self._watched.add(folder)

    def wait(self, timeout: float) -> frozenset[Path] | None:
        """Wait up to `timeout` seconds for an event. None when none came; else the files
        written whole since the last wait (empty when only other events came)."""
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return None
        return frozenset(self._read())

    def _read(self) -> list[Path]:
        whole: list[Path] = []
        while True:
            try:
                data = os.read(self._fd, 64 * 1024)
            except BlockingIOError:
                return whole
            at = 0
            while at + _EVENT.size <= len(data):
                wd, mask, _, size = _EVENT.unpack_from(data, at)
                name = data[at + _EVENT.size : at + _EVENT.size + size].rstrip(b"\0")
                at += _EVENT.size + size
                if mask & IN_Q_OVERFLOW:
                    return []  # lost events: let the caller settle as it would without us
                folder = self._folders.get(wd)
                if folder is not None and name and mask & WHOLE:
                    whole.append(folder / os.fsdecode(name))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


def open_notifier() -> Notifier | None:
    """An inotify instance, or None off Linux or when the kernel refuses one (its limit)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, AttributeError):
        return None
    return Notifier(fd, libc) if fd >= 0 else None
