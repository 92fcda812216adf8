"""One batch on a Dask cluster: papers submitted as they are planned, at most two per worker
thread in flight, each result written back, recorded in the manifest and shown."""

from __future__ import annotations

import datetime
import itertools
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docbuild.cluster import inputs, manifest
from docbuild.cluster.manifest import ManifestEntry, ManifestWriter
from docbuild.cluster.model import BatchOptions, BuildOutcome, BuildRequest, PaperResult, Status
from docbuild.cluster.outputs import write_outputs
from docbuild.cluster.plan import Planned
from docbuild.cluster.progress import Progress
from docbuild.cluster.worker import build_path
from docbuild.errors import DocbuildError

REFILL_EVERY = 20  # papers between two looks at how many worker threads are connected


@dataclass(slots=True)
class _Job:
    planned: Planned
    request: BuildRequest


class BatchRun:
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

    def on_cluster(self, plans: Iterator[Planned]) -> int:
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
    return replace(previous, stat=stat)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
