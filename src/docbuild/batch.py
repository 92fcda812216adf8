"""`docbuild batch papers/*/`: build many paper folders in parallel, one process per folder.

Each folder is built as `docbuild build` builds it (docbuild's own tasks; nothing of the
folder's own, its dodo.py included, is run) in a process of its own (so one paper's crash or
lock cannot touch another's), at most `jobs` at a time; its output goes to `build/batch.log` in
that folder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from docbuild.config import load_settings
from docbuild.errors import DocbuildError, InputError
from docbuild.fsutil import os_error
from docbuild.paths import writable_folder

LOG_NAME = "batch.log"


@dataclass(frozen=True, slots=True)
class PaperResult:
    folder: Path
    ok: bool
    seconds: float
    detail: str  # the output file on success, the first error line on failure


def run_batch(
    folders: list[str],
    *,
    jobs: int,
    timeout: float | None = None,
    out: TextIO | None = None,
    command: Sequence[str] | None = None,
) -> int:
    """Build every folder; print a line per paper as it finishes and a total; 0 when all built."""
    stream = out if out is not None else sys.stdout
    if jobs < 1:
        raise InputError(f"'--jobs' is {jobs}", hint="give at least 1 (the default is 2)")
    unique = _unique_folders(folders)
    started = time.perf_counter()
    results: list[PaperResult] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(lambda f: build_one(f, timeout=timeout, command=command), unique):
            results.append(result)
            print(format_result(result), file=stream, flush=True)
    elapsed = time.perf_counter() - started
    print(format_total(results, elapsed, jobs), file=stream, flush=True)
    return 0 if all(r.ok for r in results) else 1


def _unique_folders(folders: Sequence[str]) -> list[Path]:
    """The folders in the order given, each once: two builds of one paper would share a lock."""
    seen: set[Path] = set()
    out: list[Path] = []
    for name in folders:
        path = Path(name)
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def build_one(
    folder: Path, *, timeout: float | None = None, command: Sequence[str] | None = None
) -> PaperResult:
    """Build `folder` as `docbuild build` does, its output in `build/batch.log`; never raises for
    the paper. `command` replaces the build command (the batch machinery's own tests)."""
    from docbuild.standalone import build_command, check_folder

    started = time.perf_counter()
    if not folder.is_dir():
        return PaperResult(folder, False, 0.0, "not a folder")
    try:
        check_folder(folder.resolve())
    except DocbuildError as exc:
        return PaperResult(folder, False, 0.0, str(exc).splitlines()[0])
    log_dir = _build_dir(folder)
    try:
        writable_folder(log_dir)
        log_dir.mkdir(parents=True, exist_ok=True)
    except DocbuildError as exc:
        return PaperResult(folder, False, 0.0, str(exc).splitlines()[0])
    except OSError as exc:
        return PaperResult(folder, False, 0.0, f"cannot create {log_dir}: {exc.strerror}")
    log = log_dir / LOG_NAME
    # Unbuffered, so a killed or timed-out build still leaves its last words in the log.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        # Not through a link planted at build/batch.log.
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        return PaperResult(folder, False, 0.0, str(os_error(exc, log)).splitlines()[0])
    with os.fdopen(fd, "wb") as fh:
        # A session of its own, so a timeout also ends the pandoc or WeasyPrint it started.
        proc = subprocess.Popen(
            list(command) if command is not None else build_command(),
            cwd=folder,
            stdout=fh,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            code = None
        except BaseException:
            _kill_group(proc)  # Ctrl-C on the batch must not leave builds running behind it
            raise
    seconds = time.perf_counter() - started
    if code is None:
        return PaperResult(folder, False, seconds, f"timed out after {timeout:g} s")
    if code != 0:
        return PaperResult(folder, False, seconds, first_error(log.read_text("utf-8", "replace")))
    pdf = log_dir / "paper.pdf"
    return PaperResult(folder, True, seconds, str(pdf) if pdf.exists() else "built")


def _build_dir(folder: Path) -> Path:
    """The paper's build folder as its docbuild.toml sets it; `build` when that file cannot be
    read (the build itself then says why)."""
    try:
        return load_settings(folder).build_path
    except DocbuildError:
        return folder / "build"


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def first_error(output: str) -> str:
    """The most useful line of a failed build's output: our own `error:` line when there is one."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    for ln in lines:
        if "error:" in ln and not ln.startswith(("Traceback", "File ")):
            return ln
    for ln in reversed(lines):
        if not ln.startswith(("Traceback", "File ", "^")):
            return ln
    return "doit build failed without output"


def format_result(r: PaperResult) -> str:
    """`ok      papers/a  7.3 s  papers/a/build/paper.pdf` or `FAILED  papers/b  1.2 s  reason`."""
    status = "ok" if r.ok else "FAILED"
    return f"{status:<7} {r.folder}  {r.seconds:.1f} s  {r.detail}"


def format_total(results: Sequence[PaperResult], seconds: float, jobs: int) -> str:
    built = sum(r.ok for r in results)
    failed = len(results) - built
    rate = len(results) / seconds * 60 if seconds > 0 else 0.0
    papers = "paper" if len(results) == 1 else "papers"
    return (
        f"batch: {len(results)} {papers}, {built} built, {failed} failed in {seconds:.1f} s "
        f"({rate:.1f} papers/min, {jobs} jobs)"
    )
