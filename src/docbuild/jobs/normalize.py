"""`doit normalize-refs`: write the normalized bibliography and CSL-JSON, show the diff.

With `--in-place` it also rewrites refs.bib itself (keeping refs.bib.bak), each of several
files with its own entries; the only code that ever writes them, and it refuses while one has
errors that a rewrite could worsen.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from docbuild.bib.csl import to_csl_json
from docbuild.bib.join import join_bibliographies
from docbuild.bib.model import Bibliography
from docbuild.bib.normalize import kept_as_is, normalize
from docbuild.bib.problems import NOT_TEXT, UNREADABLE
from docbuild.bib.read import decode_text, parse_bib
from docbuild.bib.write import to_bibtex
from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import InputError
from docbuild.fsutil import write_bytes_atomic, write_text_atomic
from docbuild.jobs.bibfile import read_bib_files
from docbuild.jobs.build import UNREADABLE_JSON
from docbuild.jobs.lint import lint_policy
from docbuild.jobs.pandoc_findings import unreadable_record
from docbuild.lint.engine import lint_problems
from docbuild.lock import build_lock

# Rewriting refs.bib while these remain could turn a guess into the user's data.
_BLOCKING = UNREADABLE | NOT_TEXT


def run_normalize(
    settings: Settings, *, in_place: bool, apply_dois: bool = False, verbose: bool = True
) -> bool:
    """Print the reader's diagnostics and the diff; write the targets (and refs.bib).

    With `apply_dois`, the DOIs `doit verify-refs` matched confidently are added first.
    Without `verbose` (a step of `doit build`) only the count of changes is printed: the
    linter reports the diagnostics, and `doit normalize-refs` shows the diff."""
    from docbuild.limits import run_limited, step_time_limit

    size = sum(p.stat().st_size for p in settings.bib_paths if p.is_file())
    with build_lock(settings):  # another build of this paper must not write meanwhile
        # In a child under a time and a memory limit: the bibliography is a stranger's.
        return run_limited(
            _run, settings, in_place, apply_dois, verbose,
            what="normalize-refs", timeout=step_time_limit(size),
        )  # fmt: skip


def _run(settings: Settings, in_place: bool, apply_dois: bool, verbose: bool) -> bool:
    # doit keeps its state in build/ and fails with a traceback if a task fails before
    # anything created that folder.
    settings.build_path.mkdir(parents=True, exist_ok=True)
    paths = settings.bib_paths
    datas = read_bib_files(paths)
    # Each file on its own, as pandoc reads them: normalized, diffed and rewritten by itself.
    parts = [parse_bib(data, path) for data, path in zip(datas, paths, strict=True)]
    bib = join_bibliographies(parts)
    # The reader's problems through the paper's lint policy, so that what `[lint] disable`
    # or a `% docbuild: ignore` silences in the linter is silent here too.
    shown = lint_problems(bib, lint_policy(settings)[0]) if verbose else ()
    for diagnostic in shown:
        print(diagnostic.format(settings.root))
    if apply_dois:
        parts = _apply_verified_dois(settings, parts)
    names = list(settings.bibliography)  # as docbuild.toml writes them
    texts: list[str] = []
    normalized_parts: list[Bibliography] = []
    change_count = kept_count = 0
    diffs: list[str] = []
    for part, data, name in zip(parts, datas, names, strict=True):
        kept = kept_as_is(part)
        if verbose:
            for k in kept:
                key = f" [{k.key}]" if k.key else ""
                print(f"{name}:{k.line}:{key} left as it was: {k.reason}; fix it by hand")
        normalized, changes = normalize(part)
        text = to_bibtex(normalized)
        diffs.append(
            "".join(
                difflib.unified_diff(
                    decode_text(data).splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    name,
                    f"{name} (normalized)",
                )
            )
        )
        texts.append(text)
        normalized_parts.append(normalized)
        change_count += len(changes)
        kept_count += len(kept)
    name = settings.bib_names()
    blocking = [p for p in bib.problems if p.kind in _BLOCKING]
    if in_place and blocking:
        first = blocking[0]
        where = bib.path_of(first)
        shown_at = {(d.location.path, d.location.line, d.location.column) for d in shown}
        listed = all((bib.path_of(p), p.line, p.column) in shown_at for p in blocking)
        raise InputError(
            f"not rewriting '{name}': it has {len(blocking)} parse or encoding "
            f"error{'s' if len(blocking) > 1 else ''} "
            f"({'listed above' if listed else 'some silenced by the lint policy'}), and a "
            "rewrite could lose what they hide",
            location=Location(where, first.line, first.column),
            hint=f"fix them in {names[paths.index(where)]}, then run 'doit normalize-refs "
            "--in-place' again",
        )
    diff = "".join(diffs)
    if diff and verbose:
        print(diff, end="" if diff.endswith("\n") else "\n")
    count = f"{change_count} change{'s' if change_count != 1 else ''} in {name}"
    if kept_count:
        were = (
            "1 block left as it was"
            if kept_count == 1
            else f"{kept_count} blocks left as they were"
        )
        count += f"; {were}"
    print(
        count
        if verbose or not (change_count or kept_count)
        else f"{count} ('doit normalize-refs' shows them)"
    )
    # One refs.json for pandoc: the files' items joined as pandoc joins them.
    items = to_csl_json(join_bibliographies(normalized_parts))
    build = settings.build_path
    write_text_atomic(build / "refs.normalized.bib", "\n".join(texts))
    write_text_atomic(
        build / "refs.json", json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    write_text_atomic(build / UNREADABLE_JSON, json.dumps(unreadable_record(bib), indent=1) + "\n")
    if in_place:
        for path, data, text, part_name in zip(paths, datas, texts, names, strict=True):
            _rewrite(path, part_name, data, text)
    return True


def _rewrite(path: Path, name: str, data: bytes, text: str) -> None:
    """Write one bibliography file's normalized text over it, keeping the old as .bak."""
    if text.encode("utf-8") == data:
        print(f"{name} is already normalized; not rewritten")
        return
    backup = path.with_name(path.name + ".bak")
    write_bytes_atomic(backup, data)
    # Through a link, the file it points to is the user's: replacing the link with a
    # file would quietly cut the paper off from it.
    target = path.resolve() if path.is_symlink() else path
    write_text_atomic(target, text)
    via = f", a link to {target}" if target != path else ""
    print(f"rewrote {name}{via} (the previous version is in {backup.name})")


def _apply_verified_dois(settings: Settings, parts: list[Bibliography]) -> list[Bibliography]:
    from docbuild.crossref.apply import apply_dois
    from docbuild.crossref.verified_file import read_verified, verified_path

    path = verified_path(settings)
    verified = read_verified(path)
    if verified is None:
        raise InputError(
            f"no {path.name} to take DOIs from",
            location=Location(path, 0),
            hint="run 'doit verify-refs' first (the only task that uses the network)",
        )
    out: list[Bibliography] = []
    applied: dict[str, str] = {}
    for part in parts:
        bib, mine = apply_dois(part, verified)
        out.append(bib)
        applied.update(mine)
    for key, doi in sorted(applied.items()):
        print(f"{key}: doi = {{{doi}}} (from {path.name})")
    print(f"{len(applied)} doi{'s' if len(applied) != 1 else ''} from {path.name}")
    return out
