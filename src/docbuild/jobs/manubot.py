"""Manubot's citations (`@doi:10.x`, citation tags) for the lint, pandoc and verify-refs
steps: the shell's side of cite/manubot.py, which reads manual-references.json and the lock."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docbuild.cite import manubot
from docbuild.cite.manubot import ManubotCitations
from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import InputError

if TYPE_CHECKING:
    from docbuild.crossref.work import Work

ITEMS_JSON = "refs.manubot.json"  # under build/: refs.json plus the Manubot citations' items
LOOKED_UP = ("doi:", "arxiv:")  # the identifiers `doit verify-refs` looks up


def manual_files(files: Sequence[Path]) -> list[Path]:
    """manual-references.json beside the manuscript files, where there is one (a stat)."""
    folders = dict.fromkeys(f.parent for f in files)
    return [
        d / manubot.MANUAL_REFERENCES for d in folders if (d / manubot.MANUAL_REFERENCES).is_file()
    ]


def read_manual(path: Path, root: Path) -> list[Mapping[str, object]]:
    """The CSL items of a manual-references.json; an error naming the file when it is not a
    list of items."""
    from docbuild.paths import MAX_BIBLIOGRAPHY, confine, read_input

    where = Location(path, 0)
    real = confine(path, [root], what="manual references", where=where, limit=MAX_BIBLIOGRAPHY)
    try:
        data = json.loads(read_input(real, what="manual references", limit=MAX_BIBLIOGRAPHY))
    except ValueError as exc:
        line = getattr(exc, "lineno", 0)
        raise InputError(
            f"'{path.name}' is not valid JSON: {exc}",
            location=Location(path, line),
            hint="fix the JSON: a list of CSL items, as Manubot reads it",
        ) from None
    if not isinstance(data, list):
        raise InputError(f"'{path.name}' is not a list of CSL items", location=where)
    return [item for item in data if isinstance(item, dict)]


def locked_works(settings: Settings) -> dict[str, Work]:
    """The lock's records of DOIs and arXiv ids cited Manubot's way, by `doi:<doi>` and
    `arxiv:<id>`."""
    from docbuild.crossref.verified_file import read_verified, verified_path

    lock = read_verified(verified_path(settings))
    if lock is None:
        return {}
    return {
        key: e.record
        for key, e in lock.entries.items()
        if key.startswith(LOOKED_UP) and e.record is not None
    }


def manubot_citations(
    settings: Settings, texts: Sequence[tuple[Path, str]], keys: Sequence[str]
) -> ManubotCitations:
    """What resolves the Manubot citations among `keys`, and what nothing resolves."""
    tags = manubot.citation_tags(texts)
    manual = [
        item for path in manual_files([p for p, _ in texts])
        for item in read_manual(path, settings.root)
    ]  # fmt: skip
    return manubot.resolve_citations(keys, tags, manual, locked_works(settings))


def ids_to_verify(texts: Sequence[tuple[Path, str]], keys: Sequence[str]) -> list[str]:
    """`doi:<doi>` and `arxiv:<id>` of each DOI and arXiv id cited Manubot's way, once, in
    order (for `doit verify-refs`, which keeps their records in the lock)."""
    tags = manubot.citation_tags(texts)
    ids = (manubot.standard_id(k, tags) for k in keys)
    return list(dict.fromkeys(i for i in ids if i is not None and i.startswith(LOOKED_UP)))
