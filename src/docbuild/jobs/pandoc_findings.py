"""The pandoc step's findings: pandoc's warnings (R003, citeproc's "not found" at the key's
first citation), cross-references the filter could not resolve (R004), raw HTML the sanitizer
removed (R002), images without alternative text; an error among them stops the build."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from docbuild.bib.model import Bibliography
from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.errors import InputError
from docbuild.render import pandoc

CITEPROC_NOT_FOUND = re.compile(r"Citeproc: citation (\S+) not found")  # pandoc's wording


def pandoc_findings(
    result: pandoc.PandocResult,
    files: list[Path],
    texts: Sequence[tuple[Path, str]],
    ast: Mapping[str, object],
    unreadable: Unread | None = None,
) -> list[Diagnostic]:
    """pandoc's warnings (R003) and the cross-references our filter could not resolve (R004).
    citeproc's "citation K not found" is put at K's first citation, with its key, as lint's
    M001 for the same key is: pandoc gives it no place. Where K's entry could not be read
    (`unreadable`: the bibliography's name and `unreadable_record`'s record of it), the finding
    says so, with the entry's line and what the reader found."""
    from docbuild.render.findings import PANDOC_WARNING, finding
    from docbuild.render.xref import left_out_tex, unknown_crossrefs

    where = Location(manuscript_place(files), 0)
    missing = {m[1]: w for w in result.warnings if (m := CITEPROC_NOT_FOUND.fullmatch(w))}
    places: dict[str, Location] = {}
    if missing:
        from docbuild.cite.manuscript import parse_manuscript

        for c in parse_manuscript(texts, ast).citations:
            if c.key in missing and c.key not in places:
                places[c.key] = Location(c.path, c.line, c.column)
    located = {w: (places.get(k, where), k) for k, w in missing.items()}
    unread = _unreadable(unreadable, missing.keys())
    out = [*unknown_crossrefs(result.reports, files), *left_out_tex(result.reports, files)]
    for warning in result.warnings:
        place, key = located.get(warning, (where, None))
        message, fix = unread.get(key or "", (warning, None))
        out.append(replace(finding(PANDOC_WARNING, place, message, fix=fix), key=key))
    return out


# The bibliography's file name and, by key, each unreadable entry's line and what the reader
# found there (unreadable_record).
Unread = tuple[str, Mapping[str, Mapping[str, object]]]


def unreadable_record(bib: Bibliography) -> dict[str, dict[str, object]]:
    """Each entry the reader could not read, by key: its first line and what the reader found
    (B001's words, with the line), for a citation of it to be told (normalize-refs writes it)."""
    from docbuild.bib.kept import unreadable_entries
    from docbuild.lint.rules.parse_error import message

    return {
        key: {
            "file": bib.path_of(entry).name,
            "line": entry.line,
            "why": f": {message(entry.problem)} (line {entry.problem.line})"
            if entry.problem
            else "",
        }
        for key, entry in unreadable_entries(bib).items()
    }


def read_unreadable(path: Path, bibliography: Path) -> Unread:
    """normalize-refs's record at `path` of `bibliography`'s unreadable entries; none without
    one (a build folder from before it was written)."""
    loaded = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return bibliography.name, loaded if isinstance(loaded, dict) else {}


def _unreadable(unreadable: Unread | None, keys: Collection[str]) -> dict[str, tuple[str, str]]:
    """The message and fix for each of `keys` whose entry could not be read: the citation is
    left unresolved because of it (pandoc only says the key is "not found")."""
    if not keys or unreadable is None:
        return {}
    name, entries = unreadable
    out: dict[str, tuple[str, str]] = {}
    for key in keys:
        if (entry := entries.get(key)) is None:
            continue
        out[key] = (
            f"citation '@{key}' is left unresolved: its entry at {entry.get('file', name)}:"
            f"{entry['line']} could"
            f" not be read{entry['why']}",
            "correct the entry ('doit lint-refs' lists what the reader found)",
        )
    return out


def empty_references(
    page: str,
    result: pandoc.PandocResult,
    files: list[Path],
    texts: Sequence[tuple[Path, str]],
) -> list[Diagnostic]:
    """A reference list with nothing in it while the text cites works (R014): why it is empty,
    with how many of the citations are identifiers `doit verify-refs` looks up (online)."""
    from docbuild.cite.manubot import citation_tags, standard_id
    from docbuild.jobs.manubot import LOOKED_UP
    from docbuild.render.findings import EMPTY_REFERENCE_LIST, finding
    from docbuild.render.refsheading import references_empty

    missing = [m[1] for w in result.warnings if (m := CITEPROC_NOT_FOUND.fullmatch(w))]
    if not missing or not references_empty(page):
        return []
    tags = citation_tags(texts)
    looked_up = sum(1 for k in missing if (standard_id(k, tags) or "").startswith(LOOKED_UP))
    works = f"{len(missing)} cited work{'s' if len(missing) > 1 else ''}"
    why = (
        [
            f"{looked_up} {'is a DOI or arXiv id' if looked_up == 1 else 'are DOIs or arXiv ids'}"
            " that 'doit verify-refs' has not looked up (it needs the network)"
        ]
        if looked_up
        else []
    )
    if (rest := len(missing) - looked_up) > 0:
        why.append(f"{rest} {'has' if rest == 1 else 'have'} no entry")
    return [
        finding(
            EMPTY_REFERENCE_LIST,
            Location(manuscript_place(files), 0),
            f"the reference list is empty, so it is printed without a heading: none of the"
            f" {works} resolved; {', '.join(why)}",
            fix="run 'doit verify-refs' online"
            if looked_up
            else "add the entries to the bibliography",
        )
    ]


def manuscript_place(files: list[Path]) -> Path:
    """Where a finding about the whole manuscript is: its one file, or the folder of them."""
    if len(files) == 1:
        return files[0]
    return files[0].parent if files else Path("manuscript")


def sanitized(
    page: str, files: list[Path], fragments: tuple[str, ...] = ()
) -> tuple[str, list[Diagnostic]]:
    """The page through the sanitizer; each removal is a finding (R002) at its place."""
    from docbuild.render.findings import UNSAFE_HTML_REMOVED, finding
    from docbuild.render.places import find_text
    from docbuild.render.sanitize import sanitize_html

    page, removals = sanitize_html(page, fragments)
    return page, [
        finding(
            UNSAFE_HTML_REMOVED,
            find_text(files, removal.value) or Location(manuscript_place(files), 0),
            f"{removal.what} removed; {removal.why}",
            fix=removal.fix,
        )
        for removal in removals
    ]


def missing_alt(page: str, files: list[Path]) -> list[Diagnostic]:
    """Each image without alternative text (R011), at the line that names its file."""
    from docbuild.render.alttext import images_without_alt
    from docbuild.render.findings import MISSING_ALT_TEXT, finding
    from docbuild.render.places import Finder

    finder = Finder(files)
    nowhere = Location(manuscript_place(files), 0)

    def place(src: str) -> Location | None:
        # `![](src` and `src="src` first: a described image may name the same file.
        return finder.find(f"![]({src}") or finder.find(f'src="{src}') or finder.find(src)

    return [
        finding(
            MISSING_ALT_TEXT,
            (place(src) if src else None) or nowhere,
            f"image '{src}' has no alternative text",
            fix=f"say what it shows: ![What it shows]({src}) (a figure's caption, or "
            f'{{fig-alt="..."}} beside the caption); in raw HTML, alt="What it shows"',
        )
        for src in images_without_alt(page, sanitized=True)
    ]


def stop_on_errors(findings: list[Diagnostic]) -> None:
    """An error among the render findings (an unknown cross-reference) stops the build."""
    for d in findings:
        if d.severity is Severity.ERROR:
            raise InputError(d.message, location=d.location, hint=d.fix)
