"""Reading refs.bib: its bytes from disk, then the pure reader (`bib.read.parse_bib`)."""

from __future__ import annotations

from pathlib import Path

from docbuild.bib.model import Bibliography
from docbuild.bib.read import parse_bib
from docbuild.collector import collector_paused
from docbuild.diagnostics import Location
from docbuild.errors import InputError

# The last parse, by the file's bytes: a process that lints more than once (`docbuild
# preview`, whose lint children are forked from it and inherit this) parses refs.bib again
# only when it changed. The parse is pure, so the same bytes give the same Bibliography.
_PARSED: dict[Path, tuple[bytes, Bibliography]] = {}


def read_bib(path: Path) -> Bibliography:
    """Read and parse `path`; only a missing or unreadable file raises."""
    data = read_bib_bytes(path)
    kept = _PARSED.get(path)
    if kept is not None and kept[0] == data:
        return kept[1]
    with collector_paused():
        bibliography = parse_bib(data, path)
    _PARSED.clear()
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
            hint="create it, or set 'bibliography' in docbuild.toml",
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read bibliography '{path.name}': {exc.strerror}",
            location=Location(path, 0),
            hint="check the file's permissions",
        ) from exc
