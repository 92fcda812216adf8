"""Cross-references (`@fig:x`, `@fig-x`, `\\autoref{fig:x}`) that point nowhere, as our Lua
filter reports them, located in the manuscript."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from docbuild.diagnostics import Diagnostic, Location
from docbuild.render.findings import UNKNOWN_CROSS_REFERENCE, finding
from docbuild.render.places import find_text

# What each kind of id names, in the message; LaTeX's `tab:` is a table as `tbl:` is.
_NOUNS = {"fig": "figure", "tbl": "table", "tab": "table", "sec": "section", "eq": "equation",
          "eqn": "equation", "lst": "listing", "chap": "section", "app": "section"}  # fmt: skip


def unknown_crossrefs(
    reports: Sequence[Mapping[str, object]], files: Sequence[Path]
) -> list[Diagnostic]:
    """One finding per unknown cross-reference, located at its first use as written."""
    out: list[Diagnostic] = []
    for report in reports:
        if report.get("docbuild") != "unknown-cross-reference":
            continue
        ident = str(report.get("id"))
        form = str(report.get("form") or "@" + ident)
        where = find_text(files, form) or Location(files[0] if files else Path("."), 0)
        kind = ident.replace("-", ":", 1).split(":", 1)[0].lower()
        noun = _NOUNS.get(kind, "figure, table or section")
        if form.startswith("\\"):
            fix = f"put \\label{{{ident}}} in the {noun}'s caption, or fix the id"
        else:
            fix = f"add {{#{ident}}} to the {noun}, or fix the id"
        out.append(
            finding(
                UNKNOWN_CROSS_REFERENCE,
                where,
                f"cross-reference '{form}' points to no {noun} of that id",
                fix=fix,
            )
        )
    return out
