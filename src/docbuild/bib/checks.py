"""Checks over all entries once read: keys (B002 duplicate, B015 invalid) and fields (B014)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docbuild.bib.model import BibEntry, BibField
from docbuild.diagnostics import Diagnostic, Location, Severity


def key_and_field_diagnostics(
    entries: Sequence[tuple[BibEntry, int]], path: Path
) -> list[Diagnostic]:
    """Diagnostics for (entry, column of its key) pairs in file order."""
    out: list[Diagnostic] = []
    seen: dict[str, BibEntry] = {}
    for entry, column in entries:
        where = Location(path, entry.line, column)
        if not entry.key:
            out.append(
                Diagnostic(
                    where,
                    "B015",
                    "invalid-key",
                    Severity.ERROR,
                    "entry has an empty key",
                    fix="give it a key after the '{', e.g. khan2019, and cite it as [@khan2019]",
                )
            )
        elif any(c.isspace() for c in entry.key):
            message = f"key '{entry.key}' contains whitespace"
            joined = "".join(entry.key.split())
            fix = f"write it '{joined}', here and where it is cited ([@{joined}])"
            out.append(
                Diagnostic(where, "B015", "invalid-key", Severity.ERROR, message, entry.key, fix)
            )
        first = seen.setdefault(entry.key.lower(), entry)
        if first is not entry and entry.key:
            if first.key == entry.key:
                message = f"duplicate key '{entry.key}' (first defined on line {first.line})"
            else:
                message = (
                    f"duplicate key '{entry.key}' (differs only in case from "
                    f"'{first.key}' on line {first.line})"
                )
            fix = (
                f"delete this copy if it is the same work as line {first.line}; "
                "otherwise give it a key of its own and cite that"
            )
            out.append(
                Diagnostic(where, "B002", "duplicate-key", Severity.ERROR, message, entry.key, fix)
            )
        names: dict[str, BibField] = {}
        for f in entry.fields:
            earlier = names.setdefault(f.name.lower(), f)
            if earlier is not f:
                out.append(
                    Diagnostic(
                        Location(path, f.line, f.column),
                        "B014",
                        "duplicate-field",
                        Severity.ERROR,
                        f"duplicate field '{f.name}' (first on line {earlier.line})",
                        entry.key,
                        f"keep the right '{f.name}' and delete the other",
                    )
                )
    return out
