"""How every benchmark measures: whole-process runs, the load beside each, medians and ratios.

These machines are shared and their speed changes by 3-4x from one hour to the next, so an
absolute time says little about the code. Each figure is therefore taken as a ratio against a
floor measured in the same run, interleaved with it (floor, subject, floor, subject, ...), so
that a burst of load slows both sides of a pair; the report gives the median of the per-pair
ratios, their spread (lowest-highest), and the 1-minute load average before each run.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    rss: float  # peak resident memory of the largest process, MiB
    load: float = 0.0  # 1-minute load average just before the run
    out: str = field(default="", repr=False)  # stdout (kept out of RESULTS.json)


def load_now() -> float:
    return os.getloadavg()[0]


def run(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command that must succeed; wall and CPU time and peak memory via wait4."""
    load = load_now()
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a full pipe would block it
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, stdout=subprocess.PIPE, stderr=err,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
        assert proc.stdout is not None
        out = proc.stdout.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            tail = (out + err.read().decode("utf-8", "replace"))[-3000:]
            raise SystemExit(f"failed in {cwd}: {' '.join(cmd)}\n{tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, load, out)


def combined(*runs: Run) -> Run:
    """Runs one after the other, as one figure (a floor made of two programs)."""
    return Run(
        sum(r.wall for r in runs),
        sum(r.cpu for r in runs),
        max(r.rss for r in runs),
        max(r.load for r in runs),
    )


def median(runs: Sequence[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.rss for r in runs),
        statistics.median(r.load for r in runs),
        runs[-1].out,
    )


@dataclass(frozen=True, slots=True)
class Ratio:
    """`subject` against `floor`, from pairs measured one right after the other."""

    subject: Run  # medians
    floor: Run
    cpu: float  # median of the per-pair CPU ratios
    cpu_low: float
    cpu_high: float
    wall: float  # median of the per-pair wall ratios
    loads: tuple[float, float]  # lowest and highest load seen before a run
    pairs: int

    def spread(self) -> str:
        return f"{self.cpu_low:.2f}-{self.cpu_high:.2f}"

    def text(self) -> str:
        return (
            f"{self.cpu:.2f}x CPU (spread {self.spread()}, {self.pairs} pairs), "
            f"{self.wall:.2f}x wall; load {self.loads[0]:.1f}-{self.loads[1]:.1f}"
        )


def paired(subject: Callable[[], Run], floor: Callable[[], Run], repeat: int) -> Ratio:
    """`repeat` pairs, floor first then subject; medians and the per-pair ratios."""
    return paired_many({"subject": subject}, floor, repeat)["subject"]


def paired_many(
    subjects: Mapping[str, Callable[[], Run]], floor: Callable[[], Run], repeat: int
) -> dict[str, Ratio]:
    """`repeat` rounds of the floor then each subject in turn (two trees of the code in the
    same minutes, say); each subject's ratios are taken against its round's floor."""
    floors: list[Run] = []
    runs: dict[str, list[Run]] = {name: [] for name in subjects}
    for _ in range(repeat):
        floors.append(floor())
        for name, subject in subjects.items():
            runs[name].append(subject())
    out: dict[str, Ratio] = {}
    for name, done in runs.items():
        cpu = [s.cpu / f.cpu for s, f in zip(done, floors, strict=True)]
        wall = [s.wall / f.wall for s, f in zip(done, floors, strict=True)]
        loads = [r.load for r in done + floors]
        out[name] = Ratio(
            median(done), median(floors), statistics.median(cpu), min(cpu), max(cpu),
            statistics.median(wall), (min(loads), max(loads)), repeat,
        )  # fmt: skip
    return out


def write_block(path: Path, block: str, begin: str, end: str) -> None:
    """Put `block` (which starts with `begin` and ends with `end`) into the results file at
    `path`, in place of the block between those markers, or at its end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def trees(against: str | None, tmp: Path) -> Iterator[dict[str, dict[str, str]]]:
    """Each tree's environment: this one, and REV's source first on PYTHONPATH."""
    out: dict[str, dict[str, str]] = {"this tree": {}}
    if against is None:
        yield out
        return
    where = tmp / "against"
    subprocess.run(["git", "worktree", "add", "--detach", str(where), against], cwd=_ROOT,
                   check=True, capture_output=True)  # fmt: skip
    try:
        yield {against: {"PYTHONPATH": str(where / "src")}, **out}
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=_ROOT,
                       check=False, capture_output=True)  # fmt: skip
