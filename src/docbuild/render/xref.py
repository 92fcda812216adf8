"""Cross-references (`@fig:x`) that point nowhere, as our Lua filter reports them, located in
the manuscript."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from docbuild.diagnostics import Diagnostic, Location
from docbuild.render.findings import UNKNOWN_CROSS_REFERENCE, finding
from docbuild.render.places import find_text


def unknown_crossrefs(
    reports: Sequence[Mapping[str, object]], files: Sequence[Path]
) -> list[Diagnostic]:
    """One finding per unknown `@fig:`/`@tbl:`/`@sec:` id, located at its first use."""
    out: list[Diagnostic] = []
    for report in reports:
        if report.get("docbuild") != "unknown-cross-reference":
            continue
        ident = str(report.get("id"))
        where = find_text(files, "@" + ident) or Location(files[0] if files else Path("."), 0)
        out.append(
            finding(
                UNKNOWN_CROSS_REFERENCE,
                where,
                f"cross-reference '@{ident}' points to no figure, table or section",
                fix=f"add {{#{ident}}} to the figure, table or heading, or fix the id",
            )
        )
    return out
