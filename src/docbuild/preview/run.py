"""`docbuild preview`: hold the paper's lock, serve, watch, rebuild, until Ctrl-C or SIGTERM.

Nothing of the paper folder runs (no dodo.py, no doit.cfg: docbuild's jobs are called
directly), nothing is written outside build/, and the lock (lock.py) keeps a second preview or
a `doit build` of the same paper from writing beside this one.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from docbuild.config import Settings, load_settings
from docbuild.errors import DocbuildError, LockError

if TYPE_CHECKING:
    from docbuild.preview.session import Session
    from docbuild.preview.watch import Part, Snapshot

POLL = 0.03  # seconds between looks at the inputs: a save is seen within this (inotify: at once)
SETTLE = 0.02  # and left this long to finish (an editor's write in several parts), unless
# inotify said it was closed after writing or renamed into place
RELIST = 30  # polls between listings of the inputs (a new chapter is seen within a second)


def run_preview(folder: Path, *, port: int = 0, open_browser: bool = True) -> int:
    from docbuild.lock import remove_leftovers
    from docbuild.preview.hub import Hub
    from docbuild.preview.server import PreviewServer
    from docbuild.preview.session import Session, initial_state
    from docbuild.standalone import check_folder
    from docbuild.trust import as_a_strangers_folder

    folder = folder.resolve()
    check_folder(folder)
    _nothing_imported_from(folder)
    settings = load_settings(folder)
    with _stopped_by_signals(), _only_preview(settings), as_a_strangers_folder():
        hub = Hub(initial_state())
        try:
            server = PreviewServer(settings.build_path, hub, port=port)
        except OSError as exc:
            raise DocbuildError(
                f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}",
                hint="choose another --port, or leave it out for a free one",
            ) from None
        session = Session(folder, hub)
        try:
            server.start()
            print(f"docbuild preview: {server.url} (Ctrl-C stops it)", file=sys.stderr, flush=True)
            if open_browser:
                import webbrowser

                threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
            watch(folder, session)
        except KeyboardInterrupt:
            pass
        finally:
            with _signals_ignored():
                session.close()
                server.stop()
                remove_leftovers(load_settings(folder), last=5.0)
    print("docbuild preview: stopped", file=sys.stderr)
    return 0


def _nothing_imported_from(folder: Path) -> None:
    """The preview imports as it goes (WeasyPrint at the first PDF); started as
    `python -m docbuild.cli` in the paper folder, that folder is on sys.path, and a
    `weasyprint.py` planted there would run. The `docbuild` script never has it there."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != folder]


def watch(folder: Path, session: Session, stop: threading.Event | None = None) -> None:
    """Build, then rebuild on every change of an input, until `stop` is set (for ever).

    The inputs are stat'ed every POLL, and at once when inotify (notify.py) says a file in
    their folders was written; the list of them (globs expanded, the style resolved) is made
    again every RELIST looks and after each rebuild, so a new chapter is seen too."""
    from docbuild.preview.notify import open_notifier
    from docbuild.preview.session import EVERYTHING
    from docbuild.preview.watch import snapshot

    notifier = open_notifier()
    try:
        files = inputs(folder)
        seen = snapshot(files)
        if notifier is not None:
            notifier.watch(_folders(files))  # before the build: a save during it is seen
        session.rebuild(EVERYTHING)
        with session.styles_kept(frozenset()):
            files, seen = _listed_after_build(folder, seen)
        polls = 0
        while stop is None or not stop.is_set():
            if notifier is not None:
                notifier.watch(_folders(files))
                whole = notifier.wait(POLL) or frozenset()
            else:
                time.sleep(POLL)
                whole = frozenset()
            polls += 1
            if polls % RELIST == 0:
                with session.styles_kept(frozenset()):
                    files = inputs(folder)
            now = snapshot(files)
            parts = seen.changed(now)
            if not parts:
                continue
            if not seen.paths_changed(now) <= whole:
                time.sleep(SETTLE)  # a file not known to be whole: let its writer finish
            with session.styles_kept(parts):
                files = inputs(folder)
            seen = snapshot(files)
            session.rebuild(parts | now.changed(seen))
            with session.styles_kept(frozenset()):
                files, seen = _listed_after_build(folder, seen)
    finally:
        if notifier is not None:
            notifier.close()


def _folders(files: dict[Path, Part]) -> set[Path]:
    return {path.parent for path in files}


def _listed_after_build(folder: Path, seen: Snapshot) -> tuple[dict[Path, Part], Snapshot]:
    """The inputs once a build has said which figures it uses (build/resources.json): those
    it named for the first time are inputs from now on, not changes (else every first build
    of a paper with figures would start a second)."""
    from docbuild.preview.watch import Snapshot, snapshot

    files = inputs(folder)
    now = snapshot(files)
    return files, Snapshot({**now.stamps, **seen.stamps})


def inputs(folder: Path) -> dict[Path, Part]:
    """The paper's inputs as they are now; with a broken docbuild.toml, that file alone (its
    fix is the change to wait for)."""
    from docbuild.config import CONFIG_NAME
    from docbuild.errors import DocbuildError
    from docbuild.preview.watch import Part, watched_files

    try:
        return watched_files(load_settings(folder))
    except DocbuildError:
        return {folder / CONFIG_NAME: Part.CONFIG}


@contextmanager
def _only_preview(settings: Settings) -> Iterator[None]:
    """The paper's build lock for the preview's whole life, taken without waiting."""
    from docbuild.lock import build_lock

    try:
        with build_lock(settings, wait=0):
            yield
    except LockError as exc:
        raise LockError(
            exc.message.replace(
                "another build of this paper is running",
                "this paper is being built or previewed already",
            ),
            location=exc.location,
            hint="stop the other preview (Ctrl-C in its terminal) or wait for the build",
        ) from None


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM ends the preview as Ctrl-C does: a KeyboardInterrupt in the main thread, so a
    running pandoc is killed by subprocess.run and every target is left whole."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    global _STOPPING_BY_SIGNALS
    if not _FORK_HOOK:
        os.register_at_fork(after_in_child=_quiet_child)
        _FORK_HOOK.append(True)
    previous = signal.signal(signal.SIGTERM, stop)
    _STOPPING_BY_SIGNALS = True
    try:
        yield
    finally:
        _STOPPING_BY_SIGNALS = False
        signal.signal(signal.SIGTERM, previous)


_STOPPING_BY_SIGNALS = False
_FORK_HOOK: list[bool] = []  # the hook is registered once per process (it cannot be undone)


def _quiet_child() -> None:
    """In a child forked while the preview runs (WeasyPrint's, the math workers, the lint's):
    Ctrl-C is the preview's to handle, which ends its children itself (each would otherwise
    print a KeyboardInterrupt traceback, and a math worker could stop holding its pool's
    lock); SIGTERM, with which the preview or a pool ends a child, ends it at once."""
    if _STOPPING_BY_SIGNALS:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def _signals_ignored() -> Iterator[None]:
    """While the preview cleans up, a second Ctrl-C must not cut the cleaning short."""
    saved = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
