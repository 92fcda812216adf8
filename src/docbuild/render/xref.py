"""Cross-references (`@fig:x`) that point nowhere, found in pandoc's warnings and located
in the manuscript."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import InputError

_UNKNOWN = re.compile(r"^docbuild: unknown cross-reference '@(?P<id>[^']+)'$")


def unknown_crossrefs(warnings: Sequence[str], files: Sequence[Path]) -> list[InputError]:
    """One error per unknown `@fig:`/`@tbl:`/`@sec:` id, located at its first use."""
    errors: list[InputError] = []
    for warning in warnings:
        m = _UNKNOWN.match(warning)
        if m:
            ident = m["id"]
            errors.append(
                InputError(
                    f"cross-reference '@{ident}' points to no figure, table or section",
                    location=find_text(files, "@" + ident),
                    hint=f"add {{#{ident}}} to the figure, table or heading, or fix the id",
                )
            )
    return errors


def find_text(files: Sequence[Path], needle: str) -> Location | None:
    """The first place `needle` appears in `files` (line and column), or None."""
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for n, line in enumerate(lines, start=1):
            col = line.find(needle)
            if col >= 0:
                return Location(path, n, col + 1)
    return None
