"""`doit normalize-refs`: write the normalized bibliography and CSL-JSON, show the diff.

With `--in-place` it also rewrites refs.bib itself (keeping refs.bib.bak); the only code that
ever writes refs.bib, and it refuses while the file has errors that a rewrite could worsen.
"""

from __future__ import annotations

import difflib
import json

from docbuild.bib.csl import to_csl_json
from docbuild.bib.model import Bibliography
from docbuild.bib.normalize import kept_as_is, normalize
from docbuild.bib.problems import NOT_TEXT, UNREADABLE
from docbuild.bib.read import decode_text, parse_bib
from docbuild.bib.write import to_bibtex
from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import InputError
from docbuild.fsutil import write_bytes_atomic, write_text_atomic
from docbuild.jobs.bibfile import read_bib_bytes
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

    size = settings.bib_path.stat().st_size if settings.bib_path.is_file() else 0
    with build_lock(settings):  # another build of this paper must not write meanwhile
        # In a child under a time and a memory limit: the bibliography is a stranger's.
        return run_limited(
            _run, settings, in_place, apply_dois, verbose,
            what="normalize-refs", timeout=step_time_limit(size),
        )  # fmt: skip


def _run(settings: Settings, in_place: bool, apply_dois: bool, verbose: bool) -> bool:

    path = settings.bib_path
    # doit keeps its state in build/ and fails with a traceback if a task fails before
    # anything created that folder.
    settings.build_path.mkdir(parents=True, exist_ok=True)
    data = read_bib_bytes(path)
    bib = parse_bib(data, path)
    # The reader's problems through the paper's lint policy, so that what `[lint] disable`
    # or a `% docbuild: ignore` silences in the linter is silent here too.
    shown = lint_problems(bib, lint_policy(settings)[0]) if verbose else ()
    for diagnostic in shown:
        print(diagnostic.format(settings.root))
    if apply_dois:
        bib = _apply_verified_dois(settings, bib)
    kept = kept_as_is(bib)
    if verbose:
        for k in kept:
            key = f" [{k.key}]" if k.key else ""
            print(
                f"{settings.bibliography}:{k.line}:{key} left as it was: {k.reason}; fix it by hand"
            )
    normalized, changes = normalize(bib)
    text = to_bibtex(normalized)
    name = settings.bibliography
    diff = "".join(
        difflib.unified_diff(
            decode_text(data).splitlines(keepends=True),
            text.splitlines(keepends=True),
            name,
            f"{name} (normalized)",
        )
    )
    blocking = [p for p in bib.problems if p.kind in _BLOCKING]
    if in_place and blocking:
        first = blocking[0]
        shown_at = {(d.location.line, d.location.column) for d in shown}
        listed = all((p.line, p.column) in shown_at for p in blocking)
        raise InputError(
            f"not rewriting '{name}': it has {len(blocking)} parse or encoding "
            f"error{'s' if len(blocking) > 1 else ''} "
            f"({'listed above' if listed else 'some silenced by the lint policy'}), and a "
            "rewrite could lose what they hide",
            location=Location(path, first.line, first.column),
            hint=f"fix them in {name}, then run 'doit normalize-refs --in-place' again",
        )
    if diff and verbose:
        print(diff, end="" if diff.endswith("\n") else "\n")
    count = f"{len(changes)} change{'s' if len(changes) != 1 else ''} in {name}"
    if kept:
        were = (
            "1 block left as it was" if len(kept) == 1 else f"{len(kept)} blocks left as they were"
        )
        count += f"; {were}"
    print(
        count if verbose or not (changes or kept) else f"{count} ('doit normalize-refs' shows them)"
    )
    items = to_csl_json(normalized)
    build = settings.build_path
    write_text_atomic(build / "refs.normalized.bib", text)
    write_text_atomic(
        build / "refs.json", json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )
    write_text_atomic(build / UNREADABLE_JSON, json.dumps(unreadable_record(bib), indent=1) + "\n")
    if in_place:
        if text.encode("utf-8") == data:
            print(f"{name} is already normalized; not rewritten")
        else:
            backup = path.with_name(path.name + ".bak")
            write_bytes_atomic(backup, data)
            # Through a link, the file it points to is the user's: replacing the link with a
            # file would quietly cut the paper off from it.
            target = path.resolve() if path.is_symlink() else path
            write_text_atomic(target, text)
            via = f", a link to {target}" if target != path else ""
            print(f"rewrote {name}{via} (the previous version is in {backup.name})")
    return True


def _apply_verified_dois(settings: Settings, bib: Bibliography) -> Bibliography:
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
    bib, applied = apply_dois(bib, verified)
    for key, doi in sorted(applied.items()):
        print(f"{key}: doi = {{{doi}}} (from {path.name})")
    print(f"{len(applied)} doi{'s' if len(applied) != 1 else ''} from {path.name}")
    return bib
