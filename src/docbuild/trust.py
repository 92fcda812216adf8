"""Whose folder a build reads, as the person who runs docbuild says it (never the paper): the
folders outside it they trust (DOCBUILD_TRUSTED), and whether it is a stranger's
(DOCBUILD_STRANGER_FOLDER, set by `docbuild build`, `batch`, `issue` and `preview`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Folders outside the paper that the person running the build trusts (a shared bibliography,
# a shared baseline): os.pathsep-separated. Set by the one who runs docbuild, never by a paper.
TRUSTED_ENV = "DOCBUILD_TRUSTED"


# Set by `docbuild build`, `batch`, `issue` and `preview` (never by a paper) while they
# build a folder someone sent: its `.git/config` is the sender's, and git runs what that names
# (`core.fsmonitor`, a `.gitattributes` filter's command), so nothing of docbuild runs git then.
STRANGER_ENV = "DOCBUILD_STRANGER_FOLDER"


def building_a_strangers_folder() -> bool:
    return os.environ.get(STRANGER_ENV, "") == "1"


@contextmanager
def as_a_strangers_folder() -> Iterator[None]:
    """This process, and every one it starts meanwhile, treats the folder as a stranger's."""
    before = os.environ.get(STRANGER_ENV)
    os.environ[STRANGER_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(STRANGER_ENV, None)
        else:
            os.environ[STRANGER_ENV] = before


def trusted_folders() -> tuple[Path, ...]:
    value = os.environ.get(TRUSTED_ENV, "")
    return tuple(Path(p).resolve() for p in value.split(os.pathsep) if p.strip())
