"""What a Dask worker does with one paper: build it in a child process under a time limit,
in place when it sees the paper folder on a shared file system, else in a private temporary
folder from the files it was sent, and send back what the build made.

The child is `docbuild build DIR`'s command (docbuild's own tasks; nothing of the folder's is
run), in a session of its own so that a time-out ends everything it started, and it dies with
the worker (PR_SET_PDEATHSIG) so a killed worker leaves no build running behind it.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.cluster import inputs
from docbuild.cluster.model import BuildOutcome, BuildRequest, OutputFile, Status
from docbuild.errors import DocbuildError
from docbuild.fsutil import TEMP_SUFFIX, os_error
from docbuild.paths import MIB, writable_folder

LOG_NAME = "batch.log"  # the build's output, in its build folder
EVENT_TOPIC = "docbuild-batch"  # Dask events: one per attempt, so the client sees retries
MAX_SENT_OUTPUTS = 512 * MIB  # what a worker sends back for one paper
# What in the build folder is no output: the log (it has times in it), temporaries of
# interrupted writes, and every name starting with a dot: doit's state (paths of this
# machine), the lock, caches (`.cache/`, keyed by where the paper was built).
_NOT_OUTPUTS = (".", LOG_NAME)

# The build's parent, in the build's own session: when the worker dies (even by SIGKILL), the
# kernel tells it (PR_SET_PDEATHSIG, Linux) and it kills the whole session, so that nothing
# the build started (pandoc, the PDF step's child) runs on; elsewhere a killed worker's build
# runs to its end. It exits as the build did (a signal as that signal). argv: worker pid, the
# command.
_REAPER = (
    "import os, signal, sys\n"
    "signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))\n"
    "try:\n"
    "    import ctypes\n"
    "    ctypes.CDLL(None).prctl(1, signal.SIGTERM)\n"  # 1 = PR_SET_PDEATHSIG
    "except (AttributeError, OSError):\n"
    "    pass\n"
    "if os.getppid() != int(sys.argv[1]):\n"
    "    os._exit(70)\n"  # the worker died before prctl: nobody wants this build
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execv(sys.argv[2], sys.argv[2:])\n"
    "code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])\n"
    "if code < 0:\n"
    "    if -code != signal.SIGKILL:\n"  # its handler cannot be set, nor needs to be
    "        signal.signal(-code, signal.SIG_DFL)\n"
    "    os.kill(os.getpid(), -code)\n"
    "os._exit(code & 255)\n"
)


@dataclass(frozen=True, slots=True)
class ProcessResult:
    status: Status
    detail: str  # the first error line; "" when built
    started: float  # time.time()
    finished: float
    cpu: float


def build_paper(request: BuildRequest) -> BuildOutcome:
    """The Dask task: build one paper and say how it went; never raises for the paper."""
    worker = _worker_address()
    _log_attempt(request)
    if request.toolchain != inputs.toolchain():
        now = time.time()
        return BuildOutcome(
            Status.FAILED,
            f"worker {worker or 'here'} runs another docbuild ({describe_toolchain()}) than "
            "the machine that started the batch; install the same docbuild on every worker",
            worker, "refused", now, now, 0.0, request.digest,
        )  # fmt: skip
    if request.files is None:
        folder = Path(request.folder)
        if not sees_folder(folder, request):
            now = time.time()
            return BuildOutcome(None, "", worker, "", now, now, 0.0, request.digest)
        run = run_build(folder, request)
        build = build_path(folder)
        outputs = collect_outputs(build, with_data=False)
        return BuildOutcome(
            run.status, run.detail, worker, "in place", run.started, run.finished, run.cpu,
            request.digest, outputs,
        )  # fmt: skip
    return _build_sent(request, worker)


def _build_sent(request: BuildRequest, worker: str) -> BuildOutcome:
    assert request.files is not None
    private = Path(tempfile.mkdtemp(prefix="docbuild-", dir=_scratch()))
    try:
        root = private / (Path(request.folder).name or "paper")
        root.mkdir()
        inputs.unpack(request.files, root)
        digest = inputs.hash_sent(request.files, request.env)
        run = run_build(root, request)
        build = build_path(root)
        status, detail = run.status, run.detail
        try:
            outputs = collect_outputs(build, with_data=True)
        except DocbuildError as exc:
            outputs, status, detail = (), Status.FAILED, exc.message
        log_path = build / LOG_NAME
        log = log_path.read_bytes() if log_path.is_file() else None
        return BuildOutcome(
            status, detail, worker, "sent", run.started, run.finished, run.cpu, digest,
            outputs, log,
        )  # fmt: skip
    finally:
        shutil.rmtree(private, ignore_errors=True)


def sees_folder(folder: Path, request: BuildRequest) -> bool:
    """The worker sees the paper on a shared file system: the same path holds files with the
    same input hash, and its build folder can be written."""
    if not folder.is_dir():
        return False
    files = inputs.list_inputs(folder, exclude=build_folders(folder))
    if inputs.hash_files(files, request.env) != request.digest:
        return False
    build = build_path(folder)
    return os.access(build if build.is_dir() else folder, os.W_OK)


def build_folders(folder: Path) -> list[Path]:
    """The paper's build folders (as docbuild.toml sets it, and `build/`): never inputs."""
    return sorted({build_path(folder), folder.resolve() / "build"})


def build_path(folder: Path) -> Path:
    from docbuild.config import load_settings

    try:
        return load_settings(folder).build_path
    except DocbuildError:
        return folder.resolve() / "build"  # the build itself then says what is wrong


def run_build(folder: Path, request: BuildRequest) -> ProcessResult:
    """Build `folder` in a child process, its output in build/batch.log."""
    from docbuild.standalone import build_command, check_folder

    env = {**os.environ, **dict(request.env), "PYTHONUNBUFFERED": "1"}
    command = list(request.command) if request.command is not None else build_command()
    now = time.time()
    try:
        check_folder(folder)
        build = build_path(folder)
        writable_folder(build)
        build.mkdir(parents=True, exist_ok=True)
        log = build / LOG_NAME
        try:
            # Not through a link planted at build/batch.log.
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise os_error(exc, log) from None
    except DocbuildError as exc:
        return ProcessResult(Status.FAILED, str(exc).splitlines()[0], now, now, 0.0)
    except OSError as exc:
        message = str(os_error(exc, folder / "build")).splitlines()[0]
        return ProcessResult(Status.FAILED, message, now, now, 0.0)
    with os.fdopen(fd, "wb") as fh:
        started = time.time()
        code, cpu = run_limited(command, cwd=folder, stdout=fh, env=env, timeout=request.timeout)
        finished = time.time()
    if code is None:
        timeout = request.timeout or 0.0
        detail = (
            f"timed out after {timeout:g} s; the build and every process it started were "
            "stopped (raise --timeout if the paper is just long)"
        )
        return ProcessResult(Status.TIMED_OUT, detail, started, finished, cpu)
    if code == 0:
        return ProcessResult(Status.BUILT, "", started, finished, cpu)
    text = (build / LOG_NAME).read_text("utf-8", "replace")
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        detail = f"crashed: the build process was killed by {name} (its output is in {LOG_NAME})"
        return ProcessResult(Status.CRASHED, detail, started, finished, cpu)
    if code == 1:  # doit: a task failed, which is how docbuild stops on the paper's errors
        return ProcessResult(Status.FAILED, first_error(text), started, finished, cpu)
    detail = f"crashed (exit status {code}): {first_error(text)}"
    return ProcessResult(Status.CRASHED, detail, started, finished, cpu)


def run_limited(
    command: Sequence[str], *, cwd: Path, stdout: object, env: dict[str, str],
    timeout: float | None,
) -> tuple[int | None, float]:  # fmt: skip
    """Run `command` in a session of its own; its exit code (negative: the signal that killed
    it; None: killed at the time limit) and the CPU seconds it and its children used."""
    proc = subprocess.Popen(
        [sys.executable, "-I", "-c", _REAPER, str(os.getpid()), *command],
        cwd=cwd,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        exited = _wait_exit(proc.pid, timeout)
        # The whole group: at the limit, the build and all it started; after it exited, what
        # it left running. Before reaping it, so that its group id cannot have been reused.
        _kill_group(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        _kill_group(proc.pid)  # Ctrl-C or a cancelled task must not leave the build running
        with contextlib.suppress(ChildProcessError):
            os.wait4(proc.pid, 0)
        proc.returncode = -9
        raise
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped here (wait4 gives its CPU time); Popen must not wait again
    return (code if exited else None), usage.ru_utime + usage.ru_stime


def _wait_exit(pid: int, timeout: float | None) -> bool:
    """Wait until the child exits (without reaping it) or `timeout` passes; True if it exited."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        try:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            return bool(poller.poll(None if timeout is None else max(0, int(timeout * 1000))))
        finally:
            os.close(fd)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:  # without pidfd (old kernels): look every 50 ms
        with contextlib.suppress(ChildProcessError):
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
        if deadline is not None and time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def collect_outputs(build: Path, *, with_data: bool) -> tuple[OutputFile, ...]:
    """Every file the build made in `build`, in path order, with its hash (and bytes)."""
    import hashlib

    out: list[OutputFile] = []
    total = 0
    if not build.is_dir() or build.is_symlink():
        return ()
    for current, dirs, files in os.walk(build, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(current) / name
            if name.startswith(_NOT_OUTPUTS) or name.endswith(TEMP_SUFFIX) or path.is_symlink():
                continue
            data = path.read_bytes()
            total += len(data)
            if with_data and total > MAX_SENT_OUTPUTS:
                raise DocbuildError(
                    f"the build made over {MAX_SENT_OUTPUTS // MIB} MiB in "
                    f"{build.name}/, more than a worker sends back for one paper",
                    hint="build this paper alone with 'docbuild build DIR'",
                )
            rel = path.relative_to(build).as_posix()
            sha = hashlib.sha256(data).hexdigest()
            out.append(OutputFile(rel, sha, data if with_data else None))
    out.sort(key=lambda f: f.path)
    return tuple(out)


def first_error(output: str) -> str:
    """The most useful line of a failed build's output: our own `error:` line when there is one."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    for ln in lines:
        if "error:" in ln and not ln.startswith(("Traceback", "File ")):
            return ln
    for ln in reversed(lines):
        if not ln.startswith(("Traceback", "File ", "^")):
            return ln
    return "the build failed without output"


def describe_toolchain() -> str:
    parts = inputs.toolchain_parts()
    return f"docbuild {parts['docbuild']}, fingerprint {inputs.toolchain()}"


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return ""  # run outside Dask (the benchmark's thread pool)


def _log_attempt(request: BuildRequest) -> None:
    """One Dask event per attempt: the client counts them to see that a worker died while
    building the paper and Dask ran it again elsewhere."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return
    worker.log_event(
        EVENT_TOPIC,
        {"key": str(worker.get_current_task()), "paper": request.folder, "pid": os.getpid()},
    )


def _scratch() -> str | None:
    """The Dask worker's own folder, which Dask clears when the worker is gone."""
    try:
        from distributed import get_worker

        return str(get_worker().local_directory)
    except (ImportError, ValueError):
        return None
