"""The book's build figures of issue 18 against Typst: not a timed test, numbers for RESULTS.md.

    python bench/bench_book.py                 # 2 rounds, then the PDF step split once
    python bench/bench_book.py --repeat 3 --no-split

bench/generate.py's book (30 chapters, 100,000 words, 2,000 references, 3,000 citations) in
the preprint style is generated once. Each round then runs, one right after the other: the
Typst floor (bench/bench_typst.py: pandoc -> Typst -> PDF), a cold `doit build` in a fresh
copy (no build/, so no citeproc cache), and a one-line edit's `doit build` in that copy (one
word of a middle chapter's paragraph changed, no citation touched). CPU is user + system of
the process tree (bench/measure.py), the 1-minute load is read before each run. Targets: cold
<= 4x Typst's CPU, the edit <= 0.25x its own round's cold build.

doit's JSON reporter gives each task's wall time, so the cold build is split by step for free;
`--split` (the default) then runs the PDF step once more in the last copy, in a process that
times WeasyPrint's layouts (`HTML.render`, once per float pass) and `write_pdf` apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_typst import typst_floor  # noqa: E402
from measure import Run, run  # noqa: E402

os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as a user runs docbuild
ENV = {"DOCBUILD_PROGRESS": "0"}
DOIT = [sys.executable, "-m", "doit", "--reporter=json", "build"]
WORD = re.compile(r"[A-Za-z]+")

# The PDF step alone, as `doit pdf` runs it, with WeasyPrint's two phases timed in the child
# that renders (render/pdf.py forks one): one JSON line per call on stdout.
SPLIT = """
import json, sys, time
from pathlib import Path
import weasyprint
from docbuild.config import load_settings
from docbuild.jobs.build import run_pdf

def timed(name, fn):
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            print(json.dumps({"step": name, "wall": time.perf_counter() - wall,
                              "cpu": time.process_time() - cpu}), flush=True)
    return wrapper

weasyprint.HTML.render = timed("layout", weasyprint.HTML.render)
weasyprint.Document.write_pdf = timed("write_pdf", weasyprint.Document.write_pdf)
wall, cpu = time.perf_counter(), time.process_time()
run_pdf(load_settings(Path(sys.argv[1])))
print(json.dumps({"step": "parent", "wall": time.perf_counter() - wall,
                  "cpu": time.process_time() - cpu}), flush=True)
"""


def make_book(folder: Path) -> Path:
    from generate import generate_book

    generate_book(folder)
    (folder / "docbuild.toml").write_text('style = "preprint"\n', encoding="utf-8")
    return folder


def edit_one_word(folder: Path, n: int) -> Path:
    """One word of a middle chapter's first long paragraph replaced; citations untouched."""
    chapters = sorted((folder / "manuscript").glob("*.md"))
    chapter = chapters[len(chapters) // 2]
    lines = chapter.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if len(line) > 60 and not line.startswith("#"))
    words = lines[at].split(" ")
    # The plain word nearest the middle: a citation's parts (`[@key;`, `p.`) stay as they are.
    middle = len(words) // 2
    pick = min((i for i, w in enumerate(words) if WORD.fullmatch(w)), key=lambda i: abs(i - middle))
    words[pick] = f"Benchmarked{n}x"
    lines[at] = " ".join(words)
    chapter.write_text("".join(lines), encoding="utf-8")
    return chapter


def steps(build: Run) -> dict[str, float]:
    """Each task doit ran, by its wall time (JSON reporter); up-to-date tasks left out."""
    report = json.loads(build.out)
    return {t["name"]: t["elapsed"] for t in report["tasks"] if t["result"] == "success"}


def split_pdf(folder: Path) -> None:
    (folder / "build" / "paper.pdf").unlink()
    done = run([sys.executable, "-c", SPLIT, str(folder)], folder, ENV)
    calls = [json.loads(line) for line in done.out.splitlines() if line.startswith("{")]
    print(f"\nPDF step alone (load {done.load:.1f}): {done.wall:.1f} s wall, "
          f"{done.cpu:.1f} s CPU of the process tree")  # fmt: skip
    for call in calls:  # "parent": run_pdf's own process, the forked renderer not counted
        print(f"  {call['step']:<10} {call['wall']:7.1f} s wall {call['cpu']:7.1f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-split", dest="split", action="store_false")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-book-") as name:
        tmp = Path(name)
        book = make_book(tmp / "book")
        floor_copy = tmp / "typst"
        shutil.copytree(book, floor_copy)
        typst: list[Run] = []
        cold: list[Run] = []
        edit: list[Run] = []
        split: list[dict[str, float]] = []
        edit_split: list[dict[str, float]] = []
        copy = tmp / "cold"
        for n in range(args.repeat):
            typst.append(typst_floor(floor_copy))
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(book, copy)
            cold.append(run(DOIT, copy, ENV))
            split.append(steps(cold[-1]))
            edit_one_word(copy, n)
            edit.append(run(DOIT, copy, ENV))
            edit_split.append(steps(edit[-1]))
            print(f"round {n + 1}: Typst {typst[-1].cpu:.1f} s CPU (load {typst[-1].load:.1f}), "
                  f"cold {cold[-1].cpu:.1f} s CPU / {cold[-1].wall:.1f} s wall "
                  f"(load {cold[-1].load:.1f}), edit {edit[-1].cpu:.1f} s CPU / "
                  f"{edit[-1].wall:.1f} s wall (load {edit[-1].load:.1f}); edit ran "
                  f"{', '.join(edit_split[-1])}", flush=True)  # fmt: skip
        print(f"\n{args.repeat} rounds; medians (lowest-highest)")
        for label, runs in (("Typst floor", typst), ("cold doit build", cold),
                            ("one-line edit", edit)):  # fmt: skip
            cpu = [r.cpu for r in runs]
            wall = [r.wall for r in runs]
            print(f"  {label:<16} CPU {statistics.median(cpu):7.1f} s ({min(cpu):.1f}-"
                  f"{max(cpu):.1f})  wall {statistics.median(wall):7.1f} s ({min(wall):.1f}-"
                  f"{max(wall):.1f})  peak {max(r.rss for r in runs):.0f} MiB  load "
                  f"{min(r.load for r in runs):.1f}-{max(r.load for r in runs):.1f}")  # fmt: skip
        for label, top, bottom, target in (
            ("cold / Typst", cold, typst, 4.0),
            ("edit / its cold", edit, cold, 0.25),
        ):
            ratios = [a.cpu / b.cpu for a, b in zip(top, bottom, strict=True)]
            print(f"  {label:<16} {statistics.median(ratios):.2f}x CPU ({min(ratios):.2f}-"
                  f"{max(ratios):.2f}); target <= {target}x")  # fmt: skip
        print("\nby step (doit task wall time, s, per round: the cold builds, then the edits):")
        for task in split[0]:
            print(f"  {task:<16} " + "  ".join(f"{s.get(task, 0.0):7.1f}" for s in split)
                  + "   " + "  ".join(f"{s.get(task, 0.0):7.1f}" for s in edit_split))  # fmt: skip
        if args.split:
            split_pdf(copy)


if __name__ == "__main__":
    main()
