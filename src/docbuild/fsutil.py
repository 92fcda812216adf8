"""Atomic file writes: a target is either the old file or the complete new one, never half.

Nothing is written through a link (a stranger's folder may plant one in build/), a failure of the
file system (disk full, read-only, no permission) is one message naming the file, and the
temporary file an interrupted write leaves is named so that the next run can remove it.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import OutputError

# `.paper.pdf.1234-9f2c.docbuild.tmp`: the writer's process id, so the next run removes only
# the leftovers of writers that are gone.
TEMP_SUFFIX = ".docbuild.tmp"
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]+" + re.escape(TEMP_SUFFIX) + r"\Z")


# Whether a write waits for the disk (fsync) before its rename: a build's targets must
# survive a crash as they are, but `docbuild preview` rewrites build/ on every save, where
# the rename alone keeps a reader from seeing half a file (`unsynced_writes`).
_SYNCED: ContextVar[bool] = ContextVar("docbuild_synced_writes", default=True)


@contextmanager
def unsynced_writes() -> Iterator[None]:
    """The atomic writes of this thread skip the fsync: a reader still sees the old file or
    the whole new one, but after a power cut the new one may be lost (build/ is made again)."""
    token = _SYNCED.set(False)
    try:
        yield
    finally:
        _SYNCED.reset(token)


Stamp = tuple[int, int, int]  # (size, mtime_ns, inode)


def stamp(path: Path) -> Stamp | None:
    """What tells a file's versions apart without reading it: (size, mtime_ns, inode); an
    editor that renames a new file into place changes the inode, one that writes in place
    the size or mtime. None when the file is missing."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


# `docbuild preview`'s writes (`preview_writes`) skip a file this process wrote with the same
# bytes that nobody has replaced since (its stamp unchanged): on a save in prose the front
# matter, the files used and the chapters' records left as they were cost no write.
_SKIP_UNCHANGED: ContextVar[bool] = ContextVar("docbuild_skip_unchanged", default=False)
_WRITTEN: dict[Path, tuple[str, Stamp]] = {}  # path -> (digest, stamp)
_WRITTEN_MOST = 4096  # then forgotten: each save's caches are new names

# The writes `write_text_after_page` held back in this thread (`deferred_writes`), by path.
_DEFERRED: ContextVar[dict[Path, bytes] | None] = ContextVar("docbuild_deferred", default=None)


@contextmanager
def preview_writes() -> Iterator[None]:
    """`docbuild preview`'s writes in this thread: unsynced (`unsynced_writes`), and not made
    at all where the file holds the same bytes from this process's last write of it."""
    token = _SKIP_UNCHANGED.set(True)
    try:
        with unsynced_writes():
            yield
    finally:
        _SKIP_UNCHANGED.reset(token)


@contextmanager
def deferred_writes() -> Iterator[None]:
    """Hold this thread's `write_text_after_page` writes until `flush_deferred` or the block's
    end, so the preview publishes its page first. Ended by an error, the block still writes
    them (what they hold is right whatever failed after) but lets that error through: a cache
    not written is a miss next time."""
    pending: dict[Path, bytes] = {}
    token = _DEFERRED.set(pending)
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        _DEFERRED.reset(token)
        _write_held(pending, quiet=failed)


def flush_deferred() -> None:
    """Write what `deferred_writes` holds now (a step that reads those files comes next)."""
    pending = _DEFERRED.get()
    if pending:
        _write_held(pending, quiet=False)


def _write_held(pending: dict[Path, bytes], *, quiet: bool) -> None:
    held = dict(pending)
    pending.clear()
    for path, data in held.items():
        try:
            write_bytes_atomic(path, data)
        except OutputError:
            if not quiet:
                raise


def write_text_after_page(path: Path, text: str) -> None:
    """`write_text_atomic` for a file nothing reads back before the page is shown (a cache
    also kept in memory, the linter's input): within `deferred_writes`, written after it."""
    pending = _DEFERRED.get()
    if pending is None:
        write_text_atomic(path, text)
    else:
        pending[path] = text.encode("utf-8")


def temp_name(path: Path) -> str:
    return f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it (unless `unsynced_writes`),
    then rename over `path`.

    Refused (OutputError) when `path` or a folder on the way to it is a symbolic link; the
    temporary file is created with O_EXCL|O_NOFOLLOW, so a planted name cannot redirect it.
    """
    from docbuild.paths import writable_folder

    skip = _SKIP_UNCHANGED.get()
    if skip:
        from docbuild.digest import digest as content_key

        digest = content_key(data)
        written = _WRITTEN.get(path)
        if written is not None and written[0] == digest and written[1] == stamp(path):
            return
    folder = path.parent
    try:
        writable_folder(folder)
        folder.mkdir(parents=True, exist_ok=True)
        writable_folder(folder)  # mkdir follows links; check what it made, too
        if path.is_symlink():
            raise OutputError(
                f"'{path}' is a symbolic link; docbuild does not write through links",
                location=Location(path, 0),
                hint=f"delete {path} (it is not one docbuild made) and build again",
            )
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    except OSError as exc:
        raise os_error(exc, path) from None
    tmp = folder / temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(tmp, flags, 0o600)
    except OSError as exc:
        raise os_error(exc, path, size=len(data)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if _SYNCED.get():
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        if skip:
            now = stamp(path)
            if len(_WRITTEN) >= _WRITTEN_MOST:
                _WRITTEN.clear()
            if now is not None:
                _WRITTEN[path] = (digest, now)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, path, size=len(data)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


# What to do about each failure of the file system, by errno.
_ADVICE = {
    errno.ENOSPC: ("no space left on the disk", "free {size} on the disk that holds {folder}"),
    errno.EDQUOT: ("disk quota exceeded", "free {size} in your quota on {folder}"),
    errno.EFBIG: ("file too large for the file system or the process's limit",
                  "raise the file-size limit (ulimit -f) or free {size} on {folder}"),
    errno.EROFS: ("the file system is read-only", "build the paper in a folder you can write to"),
    errno.EACCES: ("permission denied", "make {folder} writable for you, or build elsewhere"),
    errno.EPERM: ("operation not permitted", "make {folder} writable for you, or build elsewhere"),
}  # fmt: skip


def os_error(
    exc: OSError, path: Path, *, doing: str = "write", size: int | None = None
) -> OutputError:
    """A failure of the file system while writing `path` (`size` bytes, where known), as the
    one message the user sees."""
    what, todo = _ADVICE.get(exc.errno or 0, (exc.strerror or str(exc), "check {folder}"))
    room = f"at least {_amount(size)}" if size else "space"
    return OutputError(
        f"cannot {doing} '{path}': {what}",
        location=Location(path, 0),
        hint=todo.format(folder=path.parent, size=room) + ", then build again",
    )


def _amount(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{-(-size // 1024)} kB"


def remove_stale_temporaries(folder: Path, *, recursive: bool, mine: bool = False) -> list[Path]:
    """Delete the temporary files that interrupted writes left in `folder` (and below it when
    `recursive`); a file whose writer is still running is kept, this process's too unless
    `mine` (nothing of it writes any more). What was deleted, in order."""
    removed: list[Path] = []
    for path, pid in _temporaries(folder, recursive=recursive):
        if _alive(pid) and not (mine and pid == os.getpid()):
            continue
        try:
            path.unlink()
        except OSError:
            continue  # read-only or gone meanwhile: the next run tries again
        removed.append(path)
    return removed


def live_temporaries(folder: Path) -> list[Path]:
    """The temporary files below `folder` whose writers (other processes) are still running."""
    return [
        path
        for path, pid in _temporaries(folder, recursive=True)
        if pid != os.getpid() and _alive(pid)
    ]


def _temporaries(folder: Path, *, recursive: bool) -> list[tuple[Path, int]]:
    """The temporary files of atomic writes in `folder` (and below it), each with its
    writer's process id; none in a linked folder, nor linked files."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    candidates = folder.rglob(f"*{TEMP_SUFFIX}") if recursive else folder.glob(f"*{TEMP_SUFFIX}")
    out: list[tuple[Path, int]] = []
    for path in sorted(candidates):
        match = _TEMP_NAME.match(path.name)
        if match is not None and not path.is_symlink() and path.is_file():
            out.append((path, int(match["pid"])))
    return out


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of this build may be writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """The process has ended and waits for its parent to read its status: it writes nothing."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False  # no /proc (not Linux): taken as running, as before
    return stat_line.rpartition(")")[2].split()[:1] == ["Z"]
