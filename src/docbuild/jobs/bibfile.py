"""Reading refs.bib: its bytes from disk, then the pure reader (`bib.read.parse_bib`); several
files are read each on its own and joined (`bib.join`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docbuild.bib.join import join_bibliographies
from docbuild.bib.model import Bibliography, names_of
from docbuild.bib.read import parse_bib
from docbuild.collector import collector_paused
from docbuild.config import missing_hint
from docbuild.diagnostics import Location
from docbuild.errors import InputError

# The last parse of each file the paper names, by its bytes: a process that lints more than
# once (`docbuild preview`, whose lint children are forked from it and inherit this) parses a
# .bib file again only when it changed. The parse is pure, so the same bytes give the same
# Bibliography.
_PARSED: dict[Path, tuple[bytes, Bibliography]] = {}


def read_bibs(paths: Sequence[Path]) -> Bibliography:
    """Read, parse and join `paths` in order; one InputError names every file missing."""
    parts = [_parse(p, data) for p, data in zip(paths, read_bib_files(paths), strict=True)]
    for gone in set(_PARSED) - set(paths):  # files the paper no longer names
        del _PARSED[gone]
    return join_bibliographies(parts)


def read_bib_files(paths: Sequence[Path]) -> list[bytes]:
    """The bytes of each file of `paths`; several missing are named in one `InputError`."""
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if len(missing) > 1:
        quoted = [f"'{p.name}'" for p in missing]
        raise InputError(
            f"bibliographies {names_of(quoted)} not found",
            location=Location(missing[0], 0),
            hint="create them, or change 'bibliography' in docbuild.toml",
        )
    return [read_bib_bytes(p) for p in paths]


def read_bib(path: Path) -> Bibliography:
    """Read and parse `path`; only a missing or unreadable file raises."""
    return read_bibs([path])


def _parse(path: Path, data: bytes) -> Bibliography:
    kept = _PARSED.get(path)
    if kept is not None and kept[0] == data:
        return kept[1]
    with collector_paused():
        bibliography = parse_bib(data, path)
    _PARSED[path] = (data, bibliography)
    return bibliography


def read_bib_bytes(path: Path) -> bytes:
    """The bytes of the bibliography at `path`; a missing or unreadable file is an `InputError`."""
    from docbuild.paths import MAX_BIBLIOGRAPHY, read_input

    try:
        # A regular file under the size limit, never a FIFO or device (which would hang).
        return read_input(path, what="bibliography", limit=MAX_BIBLIOGRAPHY)
    except FileNotFoundError:
        raise InputError(
            f"bibliography '{path.name}' not found",
            location=Location(path, 0),
            hint=missing_hint(path.parent, "create it, or set 'bibliography' in docbuild.toml"),
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read bibliography '{path.name}': {exc.strerror}",
            location=Location(path, 0),
            hint="check the file's permissions",
        ) from exc
