"""`docbuild batch papers/*/`: build many paper folders on a Dask cluster, remembering in a
manifest what was built so that the next run builds only what changed or failed.

Without `--scheduler` the cluster is a `LocalCluster` of this machine (one worker process per
core); with it, the workers of an existing Dask cluster. Each paper is a Dask task; its worker
builds it as `docbuild build DIR` does (docbuild's own tasks; nothing of the folder's own, its
dodo.py included, is run), in a child process under `--timeout` (docbuild.cluster.worker).
A worker that sees the paper folder (a shared file system) builds it in place; one that does
not is sent its files and sends back what it made, which is written here atomically.
`build_papers` is the API; `run_batch` the command.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from docbuild.cluster import manifest
from docbuild.cluster.manifest import ManifestEntry, ManifestWriter
from docbuild.cluster.model import DEFAULT_TIMEOUT, BatchOptions, PaperResult, Status
from docbuild.cluster.outputs import rebase_sarif, write_outputs
from docbuild.cluster.plan import Planned, plan_papers
from docbuild.cluster.progress import Progress, format_result, format_summary
from docbuild.cluster.run import BatchRun
from docbuild.cluster.worker import first_error
from docbuild.errors import InputError

__all__ = [
    "BatchOptions",
    "BatchReport",
    "PaperResult",
    "Planned",
    "Status",
    "build_papers",
    "first_error",
    "format_result",
    "plan_papers",
    "rebase_sarif",
    "run_batch",
    "write_outputs",
]


@dataclass(frozen=True, slots=True)
class BatchReport:
    results: tuple[PaperResult, ...]  # the papers built (or refused), in the order they ended
    skipped: tuple[Path, ...]  # up to date by the manifest
    seconds: float
    workers: int  # worker threads when the batch started

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def run_batch(
    folders: Sequence[str],
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    manifest_path: str | None = None,
    only_failed: bool = False,
    dry_run: bool = False,
    send_files: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`docbuild batch`: 0 when every paper built or was up to date."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    if jobs is not None and jobs < 1:
        raise InputError(
            f"'--jobs' is {jobs}", hint="give at least 1 (the default is one per core)"
        )
    if jobs is not None and scheduler is not None:
        raise InputError(
            "'--jobs' sizes the cluster on this machine, and '--scheduler' names another",
            hint="leave out --jobs: a cluster's size is the workers you start for it",
        )
    if timeout is not None and timeout <= 0:
        raise InputError(f"'--timeout' is {timeout:g}", hint="give the seconds a paper may take")
    unique = unique_folders(folders)
    path = Path(manifest_path) if manifest_path else manifest.default_path(unique)
    _check_manifest_place(path, unique)
    options = BatchOptions(scheduler, jobs, timeout, path, only_failed, send_files)
    if dry_run:
        return print_plan(unique, options, out)
    try:
        report = build_papers(unique, options, out=out, err=err)
    except KeyboardInterrupt:
        print(
            f"batch: interrupted; the papers that finished are in {path}: run the same "
            "command again to go on from there",
            file=err,
        )
        return 130
    print(f"manifest: {path}", file=out)
    return 0 if report.ok else 1


def unique_folders(folders: Sequence[str | Path]) -> list[Path]:
    """The folders in the order given, each once: two builds of one paper would share a lock."""
    seen: set[Path] = set()
    unique: list[Path] = []
    for name in folders:
        path = Path(name)
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _check_manifest_place(path: Path, folders: Sequence[Path]) -> None:
    where = path.resolve()
    for folder in folders:
        if where.is_relative_to(folder.resolve()):
            raise InputError(
                f"the manifest '{path}' is inside the paper folder '{folder}'",
                hint="keep it beside the papers (the default) or give --manifest a path "
                "outside every paper folder",
            )


# ---- planning ----------------------------------------------------------------------------


def print_plan(folders: Sequence[Path], options: BatchOptions, out: TextIO) -> int:
    """`--dry-run`: each paper that would be built and why; nothing is built or written."""
    entries = manifest.read_manifest(options.manifest) if options.manifest else {}
    count = up_to_date = 0
    for planned in plan_papers(folders, entries, options.manifest, only_failed=options.only_failed):
        if planned.reason is None:
            up_to_date += 1
            continue
        count += 1
        why = planned.why + (f"; cannot be built: {planned.refused}" if planned.refused else "")
        print(f"would build  {planned.folder}  {why}", file=out)
    print(
        f"batch: {count} of {len(folders)} papers would be built, {up_to_date} up to date "
        f"(manifest {options.manifest})",
        file=out,
    )
    return 0


# ---- building ----------------------------------------------------------------------------


def build_papers(
    folders: Sequence[str | Path],
    options: BatchOptions | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    commands: Mapping[Path, Sequence[str]] | None = None,
) -> BatchReport:
    """Build the folders on a Dask cluster; each ends as a `PaperResult` (printed as a line on
    `out`, recorded in the manifest when there is one). Papers the manifest says are up to date
    are skipped. `commands`: the batch's own tests replace a folder's build command (a crash,
    a hang) by its resolved path."""
    import time

    options = options if options is not None else BatchOptions()
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    unique = unique_folders(folders)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        writer: ManifestWriter | None = None
        entries: dict[str, ManifestEntry] = {}
        if options.manifest is not None:
            writer, entries = stack.enter_context(manifest.open_manifest(options.manifest))
        progress = Progress(len(unique), out=out, err=err, tty=_is_tty(err))
        stack.callback(progress.close)
        run = BatchRun(options, writer, progress, commands or {})
        plans = plan_papers(unique, entries, options.manifest, only_failed=options.only_failed)
        first = run.until_first_build(plans)
        workers = 0
        if first is not None:
            workers = run.on_cluster(itertools.chain([first], plans))
        progress.close()
        seconds = time.perf_counter() - started
        summary = format_summary(run.results, skipped=len(run.skipped), seconds=seconds,
                                 workers=workers)  # fmt: skip
        for line in summary:
            print(line, file=out)
        return BatchReport(tuple(run.results), tuple(run.skipped), seconds, workers)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
