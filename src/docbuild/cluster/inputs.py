"""A paper folder's inputs as a batch sees them: the files it sends to a worker, their hash, and
the fingerprint of the docbuild that builds them.

The inputs are every regular file in the folder except its build folders and version-control
folders; a link is followed only when it stays inside the folder (docbuild reads nothing
outside it anyway). The input hash covers each file's path and content, the docbuild
fingerprint and the variables that change a build's output, so a paper whose hash is the one
in the manifest would build to the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.cluster.model import SentFile
from docbuild.errors import InputError
from docbuild.paths import MAX_RESOURCE, MIB, inside
from docbuild.trust import TRUSTED_ENV

# Never inputs: version control (large, and no build reads it) and Python's caches.
SKIP_FOLDERS = frozenset({".git", ".hg", ".svn", "__pycache__"})
# What a worker without a shared disk is sent: one file up to the largest input docbuild reads
# (an image or font), a whole paper up to a size no real paper nears (the sample is 3 MiB).
MAX_SENT_FILE = MAX_RESOURCE
MAX_SENT_PAPER = 256 * MIB
# The variables of the client's environment that change what a build writes; they are sent to
# the worker with every paper and are part of its input hash.
BUILD_ENV = ("SOURCE_DATE_EPOCH", TRUSTED_ENV)
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # relative to the paper folder, '/'-separated
    source: Path  # where to read it (a link's target, inside the folder)
    size: int
    mtime_ns: int


def build_env() -> tuple[tuple[str, str], ...]:
    return tuple((k, os.environ[k]) for k in BUILD_ENV if k in os.environ)


def list_inputs(folder: Path, *, exclude: Sequence[Path] = ()) -> list[InputFile]:
    """The folder's input files in path order. `exclude`: files or folders that are not inputs
    (the build folders, a manifest kept inside a paper)."""
    root = folder.resolve()
    skipped = {p.resolve() for p in exclude}
    out: list[InputFile] = []
    for current, dirs, files in os.walk(root, followlinks=False):
        here = Path(current)
        # A linked folder is not walked: its files are sent under their own path when it
        # leads inside the folder, and not at all when it leads out.
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIP_FOLDERS
            and not (here / d).is_symlink()
            and (here / d).resolve() not in skipped
        )
        for name in sorted(files):
            path = here / name
            if path in skipped:
                continue
            found = _input_file(root, path)
            if found is not None:
                out.append(found)
    out.sort(key=lambda f: f.path)
    return out


def _input_file(root: Path, path: Path) -> InputFile | None:
    try:
        info = os.lstat(path)
        source = path
        if stat.S_ISLNK(info.st_mode):
            source = path.resolve()
            if not inside(source, (root,)):
                return None
            info = os.stat(source)
    except (OSError, RuntimeError):  # gone meanwhile, unreadable, a loop of links
        return None
    if not stat.S_ISREG(info.st_mode):
        return None  # FIFOs, devices and sockets are never inputs
    rel = path.relative_to(root).as_posix()
    return InputFile(rel, source, info.st_size, info.st_mtime_ns)


def stat_fingerprint(files: Sequence[InputFile], env: Sequence[tuple[str, str]]) -> str:
    """A hash of the files' paths, sizes and times: when it is the one in the manifest, the
    contents are taken as unchanged without reading them (as make does)."""
    h = hashlib.sha256(json.dumps([toolchain(), list(env)]).encode())
    for f in files:
        h.update(f"{f.path}\0{f.size}\0{f.mtime_ns}\n".encode())
    return h.hexdigest()


def input_digest(contents: Iterator[tuple[str, str]], env: Sequence[tuple[str, str]]) -> str:
    """The input hash: docbuild's fingerprint, `env`, and each (path, sha256 of its content)."""
    h = hashlib.sha256(json.dumps([toolchain(), list(env)]).encode())
    for path, sha in contents:
        h.update(f"{path}\0{sha}\n".encode())
    return "sha256:" + h.hexdigest()


def hash_files(files: Sequence[InputFile], env: Sequence[tuple[str, str]]) -> str:
    """The input hash of files on disk, read in chunks (a paper's figures may be large)."""
    return input_digest(((f.path, _file_sha256(f.source)) for f in files), env)


def hash_sent(files: Sequence[SentFile], env: Sequence[tuple[str, str]]) -> str:
    return input_digest(((f.path, hashlib.sha256(f.data).hexdigest()) for f in files), env)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
    except OSError:
        return "unreadable"  # the build says why; the hash still changes when it can be read
    return h.hexdigest()


def read_sent_files(folder: Path, files: Sequence[InputFile]) -> tuple[SentFile, ...]:
    """The files' bytes for a worker that cannot see them, within the size limits."""
    root = folder.resolve()
    total = sum(f.size for f in files)
    if total > MAX_SENT_PAPER:
        raise InputError(
            f"paper folder '{folder}' holds {total / MIB:.0f} MiB of files, over the "
            f"{MAX_SENT_PAPER // MIB} MiB a batch sends to a worker",
            hint="move what the build does not read (data, drafts) out of the folder, or run "
            "the batch where the workers see the papers on a shared file system",
        )
    out: list[SentFile] = []
    for f in files:
        if f.size > MAX_SENT_FILE:
            raise InputError(
                f"'{folder / f.path}' is {f.size / MIB:.0f} MiB, over the "
                f"{MAX_SENT_FILE // MIB} MiB limit on one file a batch sends to a worker",
                hint="move it out of the paper folder if the paper does not use it; docbuild "
                "refuses an image or font that large anyway",
            )
        # Resolved again: a link swapped since the folder was listed must not lead out.
        source = f.source.resolve()
        if not inside(source, (root,)):
            continue
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise InputError(
                f"cannot read '{folder / f.path}': {exc.strerror}",
                hint="check the file's permissions, then run the batch again",
            ) from None
        out.append(SentFile(f.path, f.mtime_ns, data))
    return tuple(out)


def unpack(files: Sequence[SentFile], root: Path) -> None:
    """Write sent files under `root` (a fresh private folder), with their times."""
    for f in files:
        parts = f.path.split("/")
        if f.path.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise InputError(f"sent file name '{f.path}' leaves the paper folder")
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as fh:  # x: a name sent twice is refused, not overwritten
            fh.write(f.data)
        os.utime(target, ns=(f.mtime_ns, f.mtime_ns))


# ---- docbuild's fingerprint --------------------------------------------------------------

_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@functools.cache
def toolchain() -> str:
    """A short hash of what builds a paper here: docbuild's version and every file of its
    package (code, styles, templates), the versions of the packages it requires (pandoc's
    wheel, WeasyPrint...) and Python's. Two machines with the same one build the same bytes."""
    return hashlib.sha256(json.dumps(toolchain_parts(), sort_keys=True).encode()).hexdigest()[:16]


def toolchain_parts() -> dict[str, object]:
    from importlib import metadata

    import docbuild

    package = Path(docbuild.__file__).parent
    code = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            code.update(path.relative_to(package).as_posix().encode() + b"\0")
            code.update(hashlib.sha256(path.read_bytes()).digest())
    requires: dict[str, str] = {}
    try:
        declared = metadata.requires("docbuild") or []
    except metadata.PackageNotFoundError:
        declared = []
    for line in declared:
        if "extra ==" in line:
            continue
        found = _REQUIREMENT_NAME.match(line)
        if found is None:
            continue
        try:
            requires[found[0].lower()] = metadata.version(found[0])
        except metadata.PackageNotFoundError:
            requires[found[0].lower()] = "missing"
    return {
        "docbuild": docbuild.__version__,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "code": code.hexdigest(),
        "requires": requires,
    }
