"""`docbuild batch` on its embedded Dask cluster against the thread pool it replaced (issue 19).

    python bench/bench_batch.py                 # 200 papers, each way twice: ~20 minutes when idle
    python bench/bench_batch.py --papers 200 --repeat 1     # what RESULTS.md has now

Each run builds a freshly generated journal issue (cold builds): once through `build_papers`
(a LocalCluster of one worker process per core, the manifest written, inputs hashed: all a user
waits for), once through the old way, a ThreadPoolExecutor of as many threads each running the
same per-paper build in its folder (`worker.run_build`, what the old `build_one` did). The two
alternate, so the load of others on this shared machine falls on both alike. Recorded: papers
per minute, each paper's wall and CPU seconds (medians), and the load average around each run.
The figures go to bench/RESULTS-batch.json and to their own section of bench/RESULTS.md
(between the `bench_batch` markers, which this script replaces; bench/run_all.py rewrites the
file, so run this script after it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _p in (HERE, HERE.parent):
    sys.path.insert(0, str(_p))

from measure import write_block  # noqa: E402

BEGIN = "<!-- bench_batch: begin -->"
END = "<!-- bench_batch: end -->"
PAPER = {"words": 1000, "references": 10, "citations": 15, "figures": 1, "tables": 1}


class LoadWatch:
    """The 1-minute load average every few seconds while a run lasts."""

    def __init__(self, every: float = 5.0) -> None:
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(every,), daemon=True)

    def _watch(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])


def run_threads(folders: list[Path], jobs: int) -> dict[str, object]:
    """The old way: a thread per job, each building a folder in place in a child process."""
    from docbuild.cluster.model import BuildRequest, Status
    from docbuild.cluster.worker import run_build

    def one(folder: Path) -> tuple[bool, float, float]:
        request = BuildRequest(str(folder), "", "", (), 600.0, None)
        r = run_build(folder, request)
        if r.status is not Status.BUILT:
            print(f"  {folder.name}: {r.status.name if r.status else '?'}: {r.detail}")
        return r.status is Status.BUILT, r.finished - r.started, r.cpu

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(one, folders))
    seconds = time.perf_counter() - start
    if not all(ok for ok, _, _ in rows):
        raise SystemExit("a paper failed in the thread pool")
    return {"seconds": seconds, "wall": [w for _, w, _ in rows], "cpu": [c for _, _, c in rows]}


def run_dask(folders: list[Path], jobs: int, manifest: Path) -> dict[str, object]:
    """The new way, as `docbuild batch -n JOBS` runs it (cluster start-up included)."""
    from docbuild.batch import BatchOptions, build_papers

    start = time.perf_counter()
    report = build_papers(folders, BatchOptions(jobs=jobs, manifest=manifest),
                          out=io.StringIO(), err=io.StringIO())  # fmt: skip
    seconds = time.perf_counter() - start
    if not report.ok:
        for paper in report.results:
            if not paper.ok:
                print(f"  {paper.folder.name}: {paper.status.name}: {paper.detail}")
        raise SystemExit("a paper failed on the Dask cluster")
    return {
        "seconds": seconds,
        "wall": [r.seconds for r in report.results],
        "cpu": [r.cpu for r in report.results],
    }


def bench(papers: int, repeat: int, jobs: int, work: Path) -> dict[str, object]:
    from generate import generate_issue

    runs: list[dict[str, object]] = []
    for rep in range(repeat):
        for way in ("threads", "dask"):
            root = work / f"{way}-{rep}"
            folders = generate_issue(root, papers, **PAPER)
            with LoadWatch() as load:
                if way == "threads":
                    figures = run_threads(folders, jobs)
                else:
                    figures = run_dask(folders, jobs, root / "batch-manifest.jsonl")
            seconds = float(figures["seconds"])  # type: ignore[arg-type]
            loads = {"load_max": max(load.samples), "load_mean": statistics.mean(load.samples)}
            runs.append({"way": way, "papers": papers, "jobs": jobs, **figures, **loads})
            print(f"  {way} run {rep + 1}: {papers} papers in {seconds:.1f} s "
                  f"({papers / seconds * 60:.1f}/min), load up to {max(load.samples):.1f}",
                  flush=True)  # fmt: skip
            shutil.rmtree(root, ignore_errors=True)
    return {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "paper": PAPER,
        "runs": runs,
    }


def summarise(data: dict[str, object]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    runs = data["runs"]
    assert isinstance(runs, list)
    for way in ("threads", "dask"):
        mine = [r for r in runs if r["way"] == way]
        walls = [w for r in mine for w in r["wall"]]
        cpus = [c for r in mine for c in r["cpu"]]
        out[way] = {
            "per_minute": statistics.median(r["papers"] / r["seconds"] * 60 for r in mine),
            "seconds": statistics.median(r["seconds"] for r in mine),
            "paper_wall": statistics.median(walls),
            "paper_cpu": statistics.median(cpus),
            "load_max": max(r["load_max"] for r in mine),
            "runs": len(mine),
        }
    return out


def markdown(data: dict[str, object]) -> str:
    s = summarise(data)
    runs = data["runs"]
    assert isinstance(runs, list)
    papers, jobs = runs[0]["papers"], runs[0]["jobs"]
    d, t = s["dask"], s["threads"]
    lines = [
        BEGIN,
        "## docbuild batch on Dask: a back catalogue (bench/bench_batch.py)",
        "",
        f"{data['when']}; {data['machine']}; Python {data['python']}. {papers} generated papers "
        f"of {PAPER['words']:,} words and {PAPER['references']} references each, cold, {jobs} "
        f"at a time, each way {d['runs']:.0f} times, alternating; medians.",
        "",
        "| | papers per minute | wall time | per paper: wall | per paper: CPU | load (max) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| thread pool (the old `docbuild batch`) | {t['per_minute']:.1f} | {t['seconds']:.0f} s"
        f" | {t['paper_wall']:.2f} s | {t['paper_cpu']:.2f} s | {t['load_max']:.1f} |",
        f"| Dask LocalCluster (`docbuild batch -n {jobs}`) | {d['per_minute']:.1f} | "
        f"{d['seconds']:.0f} s | {d['paper_wall']:.2f} s | {d['paper_cpu']:.2f} s | "
        f"{d['load_max']:.1f} |",
        "",
        f"Dask ÷ thread pool: {d['per_minute'] / t['per_minute']:.2f}× the papers per minute. "
        "The Dask figure includes starting the cluster, hashing every paper's inputs and "
        "writing the manifest. CPU is user + system time of each paper's build process and "
        "what it waited for (wait4). A load above the core count means other work shared the "
        "machine: compare the two rows of one run, not across days.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_results(data: dict[str, object]) -> None:
    (HERE / "RESULTS-batch.json").write_text(json.dumps(data, indent=1) + "\n")
    write_block(HERE / "RESULTS.md", markdown(data), BEGIN, END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        data = bench(args.papers, args.repeat, args.jobs, Path(tmp))
    print(markdown(data))
    if not args.no_write:
        write_results(data)


if __name__ == "__main__":
    main()
