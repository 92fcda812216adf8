"""Each test's CPU and wall seconds, for the suite's figures (bench/RESULTS.md, hS-s14).

As a pytest plugin it writes one JSON line per test (CPU of the worker and of the children it
waited for: doit, pandoc, the PDF step's child) to TESTCPU_OUT/<worker>.jsonl:

    PYTHONPATH=bench TESTCPU_OUT=/tmp/cpu .venv/bin/python -m pytest -p testcpu -n 2 tests/styles

Run as a script it sums them: per file, and per worker (its span against its busy time, the
idle a long last test leaves), then the longest tests:

    python bench/testcpu.py /tmp/cpu [LONGEST]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

OUT = "TESTCPU_OUT"


def _cpu() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    cpu, start = _cpu(), time.perf_counter()
    yield
    end = time.perf_counter()
    row = {"id": item.nodeid, "cpu": round(_cpu() - cpu, 2), "start": start, "end": end}
    folder = Path(os.environ.get(OUT, "testcpu"))
    folder.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with (folder / f"{worker}.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def report(folder: Path, longest: int) -> str:
    rows = [
        {**json.loads(line), "worker": path.stem}
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for row in rows:
        sums = files[row["id"].split("::")[0]]
        sums[0] += row["cpu"]
        sums[1] += row["end"] - row["start"]
        sums[2] += 1
    lines = [f"{'CPU s':>8} {'wall s':>8} {'tests':>5}  file"]
    for name, (cpu, wall, count) in sorted(files.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"{cpu:8.1f} {wall:8.1f} {count:5d}  {name}")
    cpu = sum(r["cpu"] for r in rows)
    wall = sum(r["end"] - r["start"] for r in rows)
    lines.append(f"{cpu:8.1f} {wall:8.1f} {len(rows):5d}  all")
    for worker in sorted({r["worker"] for r in rows}):
        own = [r for r in rows if r["worker"] == worker]
        span = max(r["end"] for r in own) - min(r["start"] for r in own)
        busy = sum(r["end"] - r["start"] for r in own)
        used = sum(r["cpu"] for r in own)
        lines.append(f"{worker}: span {span:.1f} s, in tests {busy:.1f} s, CPU {used:.1f} s")
    for row in sorted(rows, key=lambda r: r["start"] - r["end"])[:longest]:
        lines.append(
            f"{row['cpu']:8.1f} {row['end'] - row['start']:8.1f}  {row['worker']} {row['id']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10))
