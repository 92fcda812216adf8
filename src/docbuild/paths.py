"""Paths a paper folder names, confined: the one home for "is this file ours to read or write?".

A stranger's folder can name `/etc/passwd` as its bibliography, link `refs.bib` to `/dev/zero`,
point a style's template partial at `../../secret` or plant a link in `build/`. Every path that
docbuild.toml, a style or the build names goes through `confine` (resolved, links included, and
refused unless it stays inside the paper folder or the installed styles), every input is read
through `read_input` (a regular file, not through a final link, under a size limit), and every
folder docbuild writes into is checked by `writable_folder` (no link on the way).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import ConfigError, InputError, OutputError
from docbuild.trust import TRUSTED_ENV, trusted_folders

MIB = 1024 * 1024
# Size limits. Each is far above a real input and low enough that reading it stays within the
# steps' memory limits: parsing costs about 27 bytes of memory per byte of BibTeX (a 100 MB
# field took 2.7 GB), so 32 MiB of bibliography stays under 1 GiB.
MAX_BIBLIOGRAPHY = 32 * MIB  # 50,000 entries are about 15 MiB
MAX_MANUSCRIPT_FILE = 16 * MIB  # a 100,000-word book is about 0.7 MiB
MAX_STYLE_FILE = 4 * MIB  # a template, CSS sheet, CSL style, style.toml or docbuild.toml
MAX_RESOURCE = 50 * MIB  # an image or font
MAX_BASELINE = 32 * MIB

# The largest size limit, by what a path is; a message names the limit it broke.
LIMITS = {
    "bibliography": MAX_BIBLIOGRAPHY,
    "manuscript": MAX_MANUSCRIPT_FILE,
    "style": MAX_STYLE_FILE,
    "resource": MAX_RESOURCE,
    "baseline": MAX_BASELINE,
}


def inside(path: Path, bases: Sequence[Path]) -> bool:
    return any(path == base or path.is_relative_to(base) for base in bases)


def confine(
    path: Path,
    bases: Sequence[Path],
    *,
    what: str,
    where: Location | None,
    limit: int | None = None,
    must_exist: bool = False,
    folder: bool = False,
) -> Path:
    """`path` with its links resolved, or a ConfigError naming `what` and `where`.

    Refused: a path that leaves `bases` before or after resolving its links, one that exists
    but is not a regular file (a folder, FIFO, device or socket; with `folder`, one that is not
    a folder), and one larger than `limit`.
    A path that does not exist is returned as it is (the step that needs it says it is missing)
    unless `must_exist`.
    """
    bases = tuple(b.resolve() for b in bases) + trusted_folders()
    lexical = Path(os.path.normpath(path))
    try:
        real = path.resolve(strict=False)
    except RuntimeError:  # a loop of links
        raise ConfigError(
            f"{what} '{path}' is a loop of symbolic links",
            location=where,
            hint="replace the link with the file itself",
        ) from None
    if not inside(lexical, bases) or not inside(real, bases):
        via = f" (a link to '{real}')" if inside(lexical, bases) else ""
        raise ConfigError(
            f"{what} '{shown(lexical, bases)}'{via} is outside the paper folder",
            location=where,
            hint="docbuild reads only files inside the paper folder (and its installed styles); "
            "copy the file into the folder and give a relative path, or, if you trust that "
            f"place, name its folder in the environment variable {TRUSTED_ENV}",
        )
    try:
        info = real.stat()
    except FileNotFoundError:
        if must_exist:
            raise ConfigError(
                f"{what} '{shown(lexical, bases)}' not found",
                location=where,
                hint="check the file name",
            ) from None
        return real
    except OSError as exc:
        raise ConfigError(
            f"cannot read {what} '{shown(lexical, bases)}': {exc.strerror}",
            location=where,
            hint="check the file's permissions",
        ) from None
    if folder:
        if not stat.S_ISDIR(info.st_mode):
            raise ConfigError(
                f"{what} '{shown(lexical, bases)}' is {_kind(info.st_mode)}, not a folder",
                location=where,
                hint="give the name of a folder inside the paper folder",
            )
        return real
    _check_regular(
        info, shown(lexical, bases), what=what, where=where, limit=limit, error=ConfigError
    )
    return real


def shown(path: Path, bases: Sequence[Path]) -> Path:
    """`path` as a message shows it: relative to the base folder it lies in, else as it is."""
    for base in bases:
        if path.is_relative_to(base) and path != base:
            return path.relative_to(base)
    return path


def _check_regular(
    info: os.stat_result,
    path: Path,
    *,
    what: str,
    where: Location | None,
    limit: int | None,
    error: type[ConfigError] | type[InputError],
) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise error(
            f"{what} '{path}' is {_kind(info.st_mode)}, not a regular file",
            location=where,
            hint="give the name of an ordinary file inside the paper folder",
        )
    if limit is not None and info.st_size > limit:
        raise error(
            f"{what} '{path}' is {info.st_size / MIB:.1f} MiB, over the limit of "
            f"{limit // MIB} MiB",
            location=where,
            hint="a file this large is a mistake or an attack; see docs/guarantees.md "
            "for the limits",
        )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a file"
    return "not a file"


def read_input(path: Path, *, what: str, limit: int, where: Location | None = None) -> bytes:
    """The bytes of the regular file `path`, opened without following a final link and without
    blocking (a FIFO planted after the checks cannot hang the build); InputError otherwise.

    FileNotFoundError is left to the caller, which knows what a missing file means.
    """
    where = where or Location(path, 0)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            # A link: allowed only when it stays inside, which `confine` already checked for
            # the configured paths; read what it points to, once more without following.
            real = path.resolve()
            if real == path:
                raise
            return read_input(real, what=what, limit=limit, where=where)
        raise InputError(
            f"cannot read {what} '{path.name}': {exc.strerror}",
            location=where,
            hint=_os_hint(exc.errno),
        ) from None
    try:
        _check_regular(
            os.fstat(fd), Path(path.name), what=what, where=where, limit=limit, error=InputError
        )
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # it grew since fstat
                raise InputError(
                    f"{what} '{path.name}' is over the limit of {limit // MIB} MiB",
                    location=where,
                    hint="see docs/guarantees.md for the limits",
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(
            f"cannot read {what} '{path.name}': {exc.strerror}",
            location=where,
            hint=_os_hint(exc.errno),
        ) from None
    finally:
        os.close(fd)


def _os_hint(code: int | None) -> str:
    if code in (errno.EACCES, errno.EPERM):
        return "check the file's permissions"
    return "check that the file is an ordinary file you can read"


def relative_value(value: str, *, what: str, where: Location, root: Path | None = None) -> str:
    """A configured path as written, refused when it is absolute or leaves the folder (unless
    it lands in a folder of DOCBUILD_TRUSTED).

    Lexical only (no file system): links are resolved later, by `confine`.
    """
    trusted = trusted_folders()
    if trusted and root is not None:
        target = Path(os.path.normpath(root / Path(value).expanduser()))
        if inside(target, trusted):
            return value
    if value.startswith("~") or Path(value).is_absolute() or re.match(r"[A-Za-z]:[\\/]", value):
        raise ConfigError(
            f"{what} '{value}' is an absolute path",
            location=where,
            hint="give a path relative to the paper folder; files outside it are not read",
        )
    parts = Path(value).parts
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            raise ConfigError(
                f"{what} '{value}' leaves the paper folder",
                location=where,
                hint="give a path inside the paper folder ('..' may not climb out of it)",
            )
    return value


def build_folder(root: Path, value: str, *, where: Location) -> Path:
    """The build folder `value` names: a plain subfolder of `root` that is not a link.

    `.`, the paper folder itself or a folder above it would let `doit clean` delete sources.
    """
    relative_value(value, what="build_dir", where=where)
    normal = Path(os.path.normpath(value))
    if str(normal) in (".", ""):
        raise ConfigError(
            f"build_dir '{value}' is the paper folder itself",
            location=where,
            hint='give a subfolder of its own, for example build_dir = "build"; '
            "'doit clean' deletes what is built there",
        )
    path = root / normal
    for step in [path, *path.parents]:
        if step == root or not step.is_relative_to(root):
            break
        if step.is_symlink():
            raise ConfigError(
                f"build_dir '{value}' is reached through the symbolic link '{step.name}'",
                location=where,
                hint=f"delete the link {step} and build again; "
                "docbuild never writes through a link",
            )
    if path.exists() and not path.is_dir():
        raise ConfigError(
            f"build_dir '{value}' is not a folder",
            location=where,
            hint=f"move {path} away, or choose another build_dir",
        )
    return path


def writable_folder(folder: Path) -> None:
    """Refuse to write into `folder` when it, or a folder on the way to it, is a link.

    Paths come from the resolved paper folder, so any difference between the path and its
    resolved form is a link that something planted (in build/, typically).
    """
    absolute = Path(os.path.abspath(folder))
    real = Path(os.path.realpath(absolute))
    if real != absolute:
        step = next((p for p in [absolute, *absolute.parents] if p.is_symlink()), absolute)
        raise OutputError(
            f"'{step}' is a symbolic link; docbuild does not write through links",
            location=Location(step, 0),
            hint=f"delete {step} (it is not one docbuild made) and build again",
        )


# A pandoc template partial: `${ name() }`, `$name()$`, `${ items:name() }`, `${ name()/pipe }`.
# Any `word()` in the template is taken for one: a false match names a file that does not
# exist, which is let through (pandoc itself then says what is wrong).
_PARTIAL = re.compile(r"([^\s$:{}()\[\]<>\"'=,;]+)\(\)")


def check_partials(template: Path, bases: Sequence[Path]) -> None:
    """Refuse a template whose partials (and theirs) lead outside `bases` or are not regular
    files: pandoc reads partials from any path, even with --sandbox."""
    seen: set[Path] = set()
    todo = [template]
    while todo:
        current = todo.pop()
        if current in seen or not current.is_file():
            continue
        seen.add(current)
        data = read_input(current, what="template", limit=MAX_STYLE_FILE)
        text = data.decode("utf-8", "replace")
        for match in _PARTIAL.finditer(text):
            name = match[1]
            line = text.count("\n", 0, match.start()) + 1
            where = Location(current, line)
            if name.startswith("/") or ".." in Path(name).parts or name.startswith("~"):
                raise ConfigError(
                    f"template partial '{name}' is outside the style folder",
                    location=where,
                    hint="a partial must be a file beside the template; copy it there",
                )
            for folder in {current.parent, template.parent}:
                candidate = folder / name
                if not candidate.suffix:
                    candidate = candidate.with_suffix(template.suffix)
                if candidate.exists() or candidate.is_symlink():
                    found = confine(candidate, bases, what="template partial", where=where,
                                    limit=MAX_STYLE_FILE)  # fmt: skip
                    todo.append(found)
