"""The warm rebuild behind `docbuild preview`: docbuild's own jobs, called in this process.

Imports, WeasyPrint and its fonts, the citeproc cache (build/.cache/) and the parse of
refs.bib stay loaded between saves; a save runs only the steps its file feeds. The page is
published as soon as build/paper.html is written; the lint and the PDF follow, the PDF on a
thread of its own, so typing never waits for WeasyPrint.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from docbuild.config import Settings, load_settings
from docbuild.diagnostics import relative_to
from docbuild.errors import DocbuildError
from docbuild.fsutil import deferred_writes, flush_deferred, preview_writes
from docbuild.preview.hub import Hub
from docbuild.preview.watch import Part

if TYPE_CHECKING:
    from docbuild.style import Style

EVERYTHING = frozenset(Part)
REPORTS = ("lint-report.json", "pandoc-report.json", "pdf-report.json")  # in build/


def initial_state() -> dict[str, object]:
    return {
        "generation": 0,  # rebuilds finished, good or bad
        "page": 0,  # the rebuild whose build/paper.html is on disk (the last good one)
        "building": False,
        "took": 0.0,  # seconds from the save being seen to build/paper.html being written
        "error": None,  # why the latest rebuild failed
        "findings": [],
        "pdf": {"page": 0, "building": False, "error": None},
    }


def describe(exc: BaseException, root: Path) -> str:
    """An error as the terminal shows it, with paths relative to the paper folder."""
    if isinstance(exc, DocbuildError) and exc.location is not None:
        loc = exc.location
        where = relative_to(loc.path, root).as_posix()
        where += f":{loc.line}" if loc.line > 0 else ""
        where += f":{loc.column}" if loc.line > 0 and loc.column else ""
        hint = f"\n  hint: {exc.hint}" if exc.hint else ""
        return f"{where}: error: {exc.message}{hint}"
    if isinstance(exc, DocbuildError):
        return str(exc)
    if isinstance(exc, OSError):
        from docbuild.fsutil import os_error

        return str(os_error(exc, Path(exc.filename or "build")))
    return f"internal error: {type(exc).__name__}: {exc} (the terminal has the traceback)"


def read_findings(build: Path) -> list[dict[str, object]]:
    """The findings of the lint, pandoc and pdf reports, each tagged with its report."""
    out: list[dict[str, object]] = []
    for name in REPORTS:
        try:
            data = json.loads((build / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found = data.get("findings") if isinstance(data, dict) else None
        for item in found if isinstance(found, list) else []:
            if isinstance(item, dict):
                out.append({**item, "report": name.split("-", 1)[0]})
    return out


class Session:
    """One paper's warm rebuilds. `rebuild` runs in the caller's thread; the PDF in its own."""

    def __init__(self, root: Path, hub: Hub, *, pdf: bool = True) -> None:
        self.root = root
        self.hub = hub
        self._writing = threading.Lock()  # held while a rebuild writes build/
        self._generation = 0
        self._built_once = False
        self._unbuilt: frozenset[Part] = frozenset()  # what failed rebuilds still owe
        self._styles: dict[Path, Style] = {}  # resolved once, until one of its files changes
        self._pdf = _PdfWorker(self) if pdf else None

    @contextlib.contextmanager
    def styles_kept(self, parts: frozenset[Part]) -> Iterator[None]:
        """The paper's style resolved once and kept (style.styles_kept) while none of its
        files and not docbuild.toml is among the `parts` changed (the watcher stats them)."""
        from docbuild.style import styles_kept

        if parts & {Part.CONFIG, Part.STYLE}:
            self._styles.clear()
        with styles_kept(self._styles):
            yield

    def rebuild(self, parts: frozenset[Part] = EVERYTHING) -> bool:
        """Run the steps `parts` need; publish the page, then the findings; queue the PDF."""
        started = time.perf_counter()
        self.hub.publish(building=True)
        self._generation += 1
        generation = self._generation
        first = not self._built_once
        # A failed rebuild's steps are owed to the next: a refs.bib whose normalizing failed
        # must be normalized after the manuscript's next save, too.
        parts = EVERYTHING if first else parts | self._unbuilt
        self._unbuilt = parts
        settings: Settings | None = None
        try:
            settings = load_settings(self.root)
            # Atomic without fsync: build/ is the preview's, made again after a crash, and
            # six fsyncs a save cost as much as a pandoc step on a busy disk. A file left
            # as it was is not written again; the caches and the linter's input are written
            # once the page is out (fsutil.deferred_writes).
            with self._writing, preview_writes(), self.styles_kept(parts), deferred_writes():
                self._page(settings, parts)
                self._built_once = True
                self._unbuilt = frozenset()
                took = round(time.perf_counter() - started, 3)
                self.hub.publish(generation=generation, page=generation, error=None, took=took)
            if not first:
                self._after_page(settings)
        except Exception as exc:  # shown in the page; the last good page stays
            if not isinstance(exc, DocbuildError | OSError):
                traceback.print_exc()
            message = describe(exc, self.root)
            print(message, file=sys.stderr)
            build = settings.build_path if settings is not None else self.root / "build"
            self.hub.publish(
                generation=generation,
                error=message,
                building=False,
                findings=read_findings(build),
            )
            return False
        self.hub.publish(building=False, findings=read_findings(settings.build_path))
        if self._pdf is not None:
            self._pdf.request(generation)
        return True

    def _page(self, settings: Settings, parts: frozenset[Part]) -> None:
        """The steps up to build/paper.html, as `doit build` takes them. The first build lints
        before the page (its DRAFT mark needs the count); later ones lint after it
        (`_after_page`)."""
        from docbuild.jobs.build import run_html
        from docbuild.jobs.lint import run_lint_report
        from docbuild.jobs.normalize import run_normalize
        from docbuild.jobs.pandoc import run_pandoc
        from docbuild.jobs.parse import store_parse

        if parts & {Part.CONFIG, Part.BIBLIOGRAPHY}:
            run_normalize(settings, in_place=False, apply_dois=False, verbose=False)
        parse = store_parse(settings) if parts & {Part.CONFIG, Part.MANUSCRIPT} else None
        if parts == EVERYTHING:
            flush_deferred()  # the lint reads build/manuscript.json
            _keep_bibliography(settings)
            run_lint_report(settings)
        run_pandoc(settings, parse=parse)
        run_html(settings)

    def _after_page(self, settings: Settings) -> None:
        """Lint what was just shown; a changed count of errors changes the page's DRAFT mark,
        so the page is written again (a small step: pandoc's output is kept)."""
        from docbuild.jobs.build import LINT_REPORT, lint_summary, run_html
        from docbuild.jobs.lint import run_lint_report

        report = settings.build_path / LINT_REPORT
        before = lint_summary(report).get("error", 0)
        with self._writing, preview_writes(), self.styles_kept(frozenset()):
            _keep_bibliography(settings)
            run_lint_report(settings)
            if lint_summary(report).get("error", 0) != before:
                run_html(settings)
                self.hub.publish(page=self._generation)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.stop()


def _keep_bibliography(settings: Settings) -> None:
    """Parse refs.bib here, where it stays parsed while it is unchanged (jobs/bibfile.py): the
    lint's child, forked from this process, finds it parsed. Its problems are the lint's."""
    from docbuild.jobs.bibfile import read_bibs

    with contextlib.suppress(DocbuildError):
        read_bibs(settings.bib_paths)


class _PdfWorker:
    """Renders build/paper.pdf after each good rebuild; a newer request replaces an older one,
    so a burst of saves costs one PDF after the last."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._wake = threading.Condition()
        self._wanted = 0
        self._done = 0
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="docbuild-pdf", daemon=True)
        self._thread.start()

    def request(self, generation: int) -> None:
        with self._wake:
            self._wanted = generation
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._stopping or self._wanted > self._done)
                if self._stopping:
                    return
                generation = self._wanted
            self._render(generation)
            self._done = generation

    def _render(self, generation: int) -> None:
        from docbuild.jobs.build import pdf_job, write_pdf

        session, hub = self.session, self.session.hub
        hub.publish(pdf={"page": _pdf_page(hub), "building": True, "error": None})
        try:
            with session._writing:  # the inputs of one rebuild, not half of the next
                settings = load_settings(session.root)
                job = pdf_job(settings)
                generation = int(str(hub.current()[1].get("page", generation)))
            write_pdf(settings, job)
        except Exception as exc:  # shown beside the page
            if self._stopping:
                return
            if not isinstance(exc, DocbuildError | OSError):
                traceback.print_exc()
            message = describe(exc, session.root)
            print(message, file=sys.stderr)
            hub.publish(pdf={"page": _pdf_page(hub), "building": False, "error": message})
            return
        hub.publish(
            pdf={"page": generation, "building": False, "error": None},
            findings=read_findings(settings.build_path),
        )

    def stop(self, wait: float = 30.0) -> None:
        """Stop after (or during) the current render: its WeasyPrint child is ended."""
        import multiprocessing

        with self._wake:
            self._stopping = True
            self._wake.notify()
        deadline = time.monotonic() + wait
        while self._thread.is_alive() and time.monotonic() < deadline:
            # WeasyPrint's child is ended; a math worker is left to finish its expression
            # (killed, it could die holding its pool's lock, and the pool's own clean-up at
            # exit would wait for that lock for ever).
            for child in multiprocessing.active_children():
                if not child.name.startswith("ForkPoolWorker"):
                    child.terminate()
            self._thread.join(0.1)


def _pdf_page(hub: Hub) -> object:
    pdf = hub.current()[1].get("pdf")
    return pdf.get("page", 0) if isinstance(pdf, dict) else 0
