"""Reading and writing refs.verified.json: the shell's side of `crossref/verified.py`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import InputError

if TYPE_CHECKING:
    from docbuild.crossref.verified import VerifiedRefs

VERIFIED_SUFFIX = ".verified.json"


def verified_path(settings: Settings) -> Path:
    """`refs.bib` → `refs.verified.json`, in the same folder."""
    return settings.bib_path.with_suffix(VERIFIED_SUFFIX)


def read_verified(path: Path) -> VerifiedRefs | None:
    """The file at `path`, or None when there is none yet."""
    # Imported here: every `doit` call's task creators want `verified_path` alone.
    from docbuild.crossref.verified import verified_from_json

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path.name}: {exc}", location=Location(path, 0)) from None
    return verified_from_json(text, path)


def write_verified(path: Path, refs: VerifiedRefs) -> None:
    from docbuild.crossref.verified import verified_to_json
    from docbuild.fsutil import write_text_atomic

    write_text_atomic(path, verified_to_json(refs))
