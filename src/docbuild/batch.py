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
import datetime
import itertools
import json
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from docbuild.cluster import inputs, manifest
from docbuild.cluster.manifest import ManifestEntry, ManifestWriter
from docbuild.cluster.model import BuildOutcome, BuildRequest, PaperResult, Status
from docbuild.cluster.plan import Reason, decide, describe
from docbuild.cluster.progress import Progress, format_result, format_summary
from docbuild.cluster.worker import LOG_NAME, build_folders, build_path, first_error
from docbuild.errors import DocbuildError, InputError

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
    "run_batch",
]

DEFAULT_TIMEOUT = 600.0  # seconds a paper may take: a 100,000-word book builds in about 60
REFILL_EVERY = 20  # papers between two looks at how many worker threads are connected


@dataclass(frozen=True, slots=True)
class BatchOptions:
    scheduler: str | None = None  # a Dask scheduler's address; None: a LocalCluster here
    jobs: int | None = None  # the LocalCluster's workers; None: one per core
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per paper; None: no limit
    manifest: Path | None = None  # None: no manifest, every paper is built
    only_failed: bool = False  # build only papers the manifest says failed
    send_files: bool = False  # send every paper's files even to workers that see them


@dataclass(frozen=True, slots=True)
class Planned:
    """One paper and what the batch will do with it."""

    folder: Path  # as the caller named it
    root: Path  # resolved
    reason: Reason | None  # why it is built; None: up to date
    why: str  # the reason in words (`failed before (timed-out: ...)`)
    files: tuple[inputs.InputFile, ...]
    stat: str | None
    digest: str | None
    previous: ManifestEntry | None
    refused: str | None = None  # why it cannot be built at all (not a folder, bad settings)


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


def plan_papers(
    folders: Sequence[Path],
    entries: Mapping[str, ManifestEntry],
    manifest_path: Path | None,
    *,
    only_failed: bool = False,
) -> Iterator[Planned]:
    """What to do with each folder, decided as it is reached (100,000 folders take a while to
    read; the first ones are building meanwhile). A folder whose files have the sizes and times
    the manifest recorded is not read again."""
    from docbuild.standalone import check_folder

    toolchain = inputs.toolchain()
    env = inputs.build_env()
    for folder in folders:
        root = folder.resolve()
        key = manifest.paper_key(root, manifest_path) if manifest_path else str(root)
        previous = entries.get(key)
        try:
            check_folder(root)
        except DocbuildError as exc:
            refused = "not a folder" if not root.is_dir() else str(exc).splitlines()[0]
            reason = decide(previous, digest=None, toolchain=toolchain, outputs_present=False,
                            only_failed=only_failed)  # fmt: skip
            why = describe(reason, previous) if reason is not None else "up to date"
            yield Planned(folder, root, reason, why, (), None, None, previous, refused)
            continue
        files = tuple(inputs.list_inputs(root, exclude=build_folders(root)))
        stat = inputs.stat_fingerprint(files, env)
        unchanged = (
            previous is not None
            and previous.result is Status.BUILT
            and previous.stat == stat
            and previous.toolchain == toolchain
        )
        digest = previous.input if unchanged and previous else inputs.hash_files(files, env)
        present = previous is not None and _outputs_present(root, previous)
        reason = decide(previous, digest=digest, toolchain=toolchain, outputs_present=present,
                        only_failed=only_failed)  # fmt: skip
        why = describe(reason, previous) if reason is not None else "up to date"
        yield Planned(folder, root, reason, why, files, stat, digest, previous)


def _outputs_present(root: Path, previous: ManifestEntry) -> bool:
    build = build_path(root)
    return all((build / path).is_file() for path, _ in previous.outputs)


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


@dataclass(slots=True)
class _Job:
    planned: Planned
    request: BuildRequest


def build_papers(
    folders: Sequence[str | Path],
    options: BatchOptions = BatchOptions(),
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
        run = _Run(options, writer, progress, commands or {})
        plans = plan_papers(unique, entries, options.manifest, only_failed=options.only_failed)
        first = run.until_first_build(plans)
        workers = 0
        if first is not None:
            workers = run.on_cluster(itertools.chain([first], plans), err)
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


class _Run:
    """One batch in progress: what ended, what is in flight, the manifest lines."""

    def __init__(
        self,
        options: BatchOptions,
        writer: ManifestWriter | None,
        progress: Progress,
        commands: Mapping[Path, Sequence[str]],
    ) -> None:
        self.options = options
        self.writer = writer
        self.progress = progress
        self.commands = {Path(k).resolve(): tuple(v) for k, v in commands.items()}
        self.results: list[PaperResult] = []
        self.skipped: list[Path] = []
        self.toolchain = inputs.toolchain()
        self.env = inputs.build_env()
        self.shared = not options.send_files  # until a worker says it does not see a paper
        self._count = itertools.count(1)

    def until_first_build(self, plans: Iterator[Planned]) -> Planned | None:
        """Handle up-to-date and refused papers until one needs a worker: no cluster is
        started for a batch with nothing to build."""
        for planned in plans:
            if not self._settled(planned):
                return planned
        return None

    def _settled(self, planned: Planned) -> bool:
        """True when the paper needs no worker: up to date, or refused here."""
        if planned.reason is None:
            self.skipped.append(planned.folder)
            self.progress.skip()
            previous = planned.previous
            if previous is not None and planned.stat is not None and previous.stat != planned.stat:
                # Touched but not changed: record the new times, so that the next run does
                # not read its files again.
                self._record(planned, None, entry=_restamped(previous, planned.stat))
            return True
        if planned.refused is not None:
            self._end(planned, PaperResult(planned.folder, Status.FAILED, 0.0, planned.refused))
            return True
        return False

    def on_cluster(self, plans: Iterator[Planned], err: TextIO) -> int:
        from concurrent.futures import CancelledError

        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        from docbuild.cluster.scheduler import check_workers, dashboard_line, open_cluster
        from docbuild.cluster.worker import build_paper

        with open_cluster(self.options.scheduler, self.options.jobs) as cluster:
            self.progress.line_err(dashboard_line(cluster))
            check_workers(cluster)
            workers = cluster.threads()
            if not workers:
                self.progress.line_err(
                    f"no worker is connected to {cluster.address} yet: papers wait until one "
                    f"joins (start one with 'dask worker {cluster.address}')"
                )
            limit = max(4, 2 * workers)
            in_flight: dict[object, _Job] = {}
            completions = as_completed()

            def submit(job: _Job) -> None:
                name = job.planned.root.name or "paper"
                key = f"docbuild-build-{name}-{next(self._count)}"
                with warnings.catch_warnings():
                    # A paper's files are the task's argument on purpose (Dask then keeps them
                    # to run it again if its worker dies); its warning about large arguments
                    # would come once a paper.
                    warnings.filterwarnings("ignore", message="Sending large graph")
                    future = cluster.client.submit(  # type: ignore[attr-defined]
                        build_paper, job.request, key=key, pure=False, retries=1
                    )
                in_flight[future] = job
                completions.add(future)

            def fill() -> None:
                while len(in_flight) < limit:
                    planned = next(plans, None)
                    if planned is None:
                        return
                    if self._settled(planned):
                        continue
                    job = self._job(planned, send=not self.shared)
                    if job is not None:
                        submit(job)

            fill()
            for done, future in enumerate(completions, start=1):
                job = in_flight.pop(future)
                key = str(future.key)  # type: ignore[attr-defined]
                try:
                    outcome: BuildOutcome = future.result()  # type: ignore[attr-defined]
                except KilledWorker:
                    tried = cluster.workers_tried(key)
                    self._end(job.planned, PaperResult(
                        job.planned.folder, Status.LOST, 0.0,
                        f"lost: {max(len(tried), 1)} workers died while building it; build it "
                        f"alone with 'docbuild build {job.planned.folder}' to see why",
                        digest=job.request.digest, attempts=max(len(tried), 1),
                        lost_workers=tuple(dict.fromkeys(tried)),
                    ))  # fmt: skip
                except CancelledError:
                    raise DocbuildError(
                        f"lost the Dask scheduler at {cluster.address}",
                        hint="the papers that finished are in the manifest; start the "
                        "scheduler again and run the same command to go on",
                    ) from None
                except Exception as exc:
                    self._end(job.planned, PaperResult(
                        job.planned.folder, Status.CRASHED, 0.0,
                        f"crashed on the worker: {type(exc).__name__}: {exc}",
                        digest=job.request.digest,
                    ))  # fmt: skip
                else:
                    if outcome.status is None:
                        # This worker does not see the paper: from now on every paper's files
                        # are sent (a cluster without a shared disk), this one's again.
                        self.shared = False
                        again = self._job(job.planned, send=True)
                        if again is not None:
                            submit(again)
                        continue
                    self._end(job.planned, self._result(job, outcome, cluster.workers_tried(key)))
                if done % REFILL_EVERY == 0:
                    limit = max(4, 2 * cluster.threads())
                fill()
        return workers

    def _job(self, planned: Planned, *, send: bool) -> _Job | None:
        """The request for a paper; None when its files cannot be sent (then it has failed)."""
        files = None
        digest = planned.digest or ""
        if send:
            try:
                files = inputs.read_sent_files(planned.root, planned.files)
            except DocbuildError as exc:
                self._end(planned, PaperResult(planned.folder, Status.FAILED, 0.0,
                                               str(exc).splitlines()[0]))  # fmt: skip
                return None
            digest = inputs.hash_sent(files, self.env)
        request = BuildRequest(
            folder=str(planned.root),
            digest=digest,
            toolchain=self.toolchain,
            env=self.env,
            timeout=self.options.timeout,
            files=files,
            command=self.commands.get(planned.root),
        )
        return _Job(planned, request)

    def _result(self, job: _Job, outcome: BuildOutcome, tried: list[str]) -> PaperResult:
        planned = job.planned
        status, detail = outcome.status or Status.FAILED, outcome.detail
        outputs = tuple((o.path, o.sha256) for o in outcome.outputs)
        if outcome.place == "sent":
            try:
                outputs = write_outputs(planned.root, outcome)
            except DocbuildError as exc:
                status, detail = Status.FAILED, str(exc).splitlines()[0]
        if status is Status.BUILT:
            build = build_path(planned.root)
            pdf = build / "paper.pdf"
            shown = planned.folder / build.relative_to(planned.root) / "paper.pdf"
            detail = str(shown) if pdf.is_file() else "built"
        # Every attempt logs a Dask event; the ones before the last ran on workers that died.
        lost = tuple(dict.fromkeys(tried[:-1]))
        return PaperResult(
            folder=planned.folder,
            status=status,
            seconds=max(0.0, outcome.finished - outcome.started),
            detail=detail,
            digest=outcome.digest,
            outputs=outputs,
            worker=outcome.worker,
            attempts=max(1, len(tried)),
            lost_workers=lost,
            cpu=outcome.cpu,
            started=outcome.started,
            finished=outcome.finished,
        )

    def _end(self, planned: Planned, result: PaperResult) -> None:
        self.results.append(result)
        self._record(planned, result)
        self.progress.finish(result)

    def _record(
        self, planned: Planned, result: PaperResult | None, *, entry: ManifestEntry | None = None
    ) -> None:
        if self.writer is None:
            return
        if entry is None:
            assert result is not None
            entry = ManifestEntry(
                paper=manifest.paper_key(planned.root, self.writer.path),
                result=result.status,
                input=result.digest,
                stat=planned.stat,
                toolchain=self.toolchain,
                seconds=result.seconds,
                cpu=result.cpu,
                outputs=result.outputs,
                error=None if result.ok else result.detail,
                worker=result.worker,
                attempts=result.attempts,
                finished=_now(),
            )
        self.writer.append(entry)


def _restamped(previous: ManifestEntry, stat: str | None) -> ManifestEntry:
    from dataclasses import replace

    return replace(previous, stat=stat)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def write_outputs(root: Path, outcome: BuildOutcome) -> tuple[tuple[str, str], ...]:
    """Write what a worker built in a private folder into the paper's build folder, each file
    atomically, under the paper's build lock; the (path, sha256) of each as written here."""
    import hashlib

    from docbuild.config import load_settings
    from docbuild.fsutil import write_bytes_atomic
    from docbuild.jobs.lint import REPORT_SARIF
    from docbuild.lock import build_lock

    settings = load_settings(root)
    build = settings.build_path
    written: list[tuple[str, str]] = []
    with build_lock(settings):
        for output in outcome.outputs:
            parts = output.path.split("/")
            if output.path.startswith("/") or any(p in ("", ".", "..") for p in parts):
                raise InputError(f"a worker sent back the file name '{output.path}'")
            data = output.data or b""
            if output.path == REPORT_SARIF:
                data = rebase_sarif(data, root)
            write_bytes_atomic(build.joinpath(*parts), data)
            written.append((output.path, hashlib.sha256(data).hexdigest()))
        if outcome.log is not None:
            write_bytes_atomic(build / LOG_NAME, outcome.log)
    return tuple(written)


def rebase_sarif(data: bytes, root: Path) -> bytes:
    """The SARIF report names the folder it was built in as the base of its file names; one
    built in a worker's private folder is given this paper folder's instead, so that it is
    the report an in-place build writes."""
    from docbuild.lint import report

    try:
        log = json.loads(data)
        for run in log["runs"]:
            run["originalUriBaseIds"]["PAPER"]["uri"] = root.resolve().as_uri() + "/"
    except (ValueError, KeyError, TypeError):
        return data  # not a report of ours: written as it came
    return report.dumps(log).encode("utf-8")
