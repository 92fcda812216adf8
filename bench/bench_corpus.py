"""Benchmark of the real corpus (issue 11): each paper's cold build against pandoc + WeasyPrint.

    python bench/bench_corpus.py                # every paper, 3 pairs each
    python bench/bench_corpus.py --repeat 5 joss-iondiff quarto-la-palma
    python bench/bench_corpus.py --baseline     # BASELINE.md's "after" table instead

For each paper in tests/realworld/manuscripts/, in a copy of its untouched folder:
`docbuild init`, then pairs of (floor, subject) measured one right after the other
(bench/measure.py): the floor is pandoc alone (standalone HTML with --citeproc) followed by
WeasyPrint alone on the same HTML with the style's print CSS; the subject is a cold
`doit build` (build/ removed first). The figure is the median of the per-pair CPU ratios,
with their spread and the load seen. A paper that does not build gets its first error instead.
The table replaces the "Real manuscripts" section of bench/RESULTS.md.

`--baseline` measures what tests/realworld/manuscripts/BASELINE.md's "before" table did, on
the current code: plain pandoc as that file runs it (the EXPECTED.toml entry files and
bibliography, no filter), then a cold and a no-op `doit build`, interleaved `--repeat` times;
with what `docbuild init` printed and the cold build's warnings by rule. The table goes
between the `<!-- after -->` markers of BASELINE.md.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import io
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO / "tests" / "realworld" / "manuscripts"
RESULTS = HERE / "RESULTS.md"
BASELINE = CORPUS / "BASELINE.md"
AFTER = ("<!-- after -->", "<!-- /after -->")
# BASELINE.md's plain pandoc run reads only the first of this project's two documents.
FIRST_ONLY = {"quarto-navigating-hostility"}
SECTION = "## Real manuscripts: cold build against pandoc + WeasyPrint (bench/bench_corpus.py)"
sys.path.insert(0, str(HERE))

from bench_build import floor_commands  # noqa: E402  (the floors of bench_build.py)
from measure import Run, combined, load_now, paired, run, write_block  # noqa: E402

DOIT = [sys.executable, "-m", "doit"]


def bench_paper(slug: str, work: Path, repeat: int) -> str:
    """One table row for the paper `slug`."""
    from docbuild.init import init_paper

    paper = work / slug
    shutil.copytree(CORPUS / slug, paper, ignore=shutil.ignore_patterns("*.toml"))
    with contextlib.redirect_stdout(io.StringIO()):
        init_paper(paper)
    try:
        run([*DOIT, "build"], paper)  # also writes what the floors read
    except SystemExit as exc:
        return f"| {slug} | does not build: {_first_error(str(exc), paper)} | | | | |"
    pandoc, weasy = floor_commands(paper)

    def cold() -> Run:
        shutil.rmtree(paper / "build")
        return run([*DOIT, "build"], paper)

    def floor() -> Run:
        return combined(run(pandoc, paper), run(weasy, paper))

    ratio = paired(cold, floor, repeat)
    return (
        f"| {slug} | {ratio.subject.wall:.1f} s | {ratio.floor.wall:.2f} s | "
        f"{ratio.cpu:.2f}x ({ratio.spread()}) | {ratio.wall:.2f}x | "
        f"{ratio.loads[0]:.1f}-{ratio.loads[1]:.1f} |"
    )


def baseline_row(slug: str, work: Path, repeat: int) -> tuple[str, list[str]]:
    """One row of BASELINE.md's "after" table for the paper `slug`, and what init assumed."""
    from docbuild.init import init_paper
    from docbuild.render.pandoc import pandoc_path

    expected = tomllib.loads((CORPUS / slug / "EXPECTED.toml").read_text(encoding="utf-8"))
    paper = work / slug
    shutil.copytree(CORPUS / slug, paper, ignore=shutil.ignore_patterns("*.toml"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        init_paper(paper)
    entries = [Path(e) for e in expected["entry"]][: 1 if slug in FIRST_ONLY else None]
    folder = paper / entries[0].parent
    plain = [
        pandoc_path(), *[e.name for e in entries], "--citeproc", "--bibliography",
        str(paper / expected["bibliography"][0]), "-s", "-o", str(work / f"{slug}.html"),
    ]  # fmt: skip
    pandoc_s: list[float] = []
    pandoc_ok = True
    cold: list[Run] = []
    noop: list[Run] = []
    loads: list[float] = []
    for _ in range(repeat):
        loads.append(load_now())
        start = time.perf_counter()
        done = subprocess.run(plain, cwd=folder, capture_output=True, check=False)
        pandoc_s.append(time.perf_counter() - start)
        pandoc_ok = done.returncode == 0
        shutil.rmtree(paper / "build", ignore_errors=True)
        try:
            cold.append(run([*DOIT, "build"], paper))
        except SystemExit as exc:
            return f"| {slug} | does not build: {_first_error(str(exc), paper)} |" + " |" * 7, []
        noop.append(run([*DOIT, "build"], paper))
    warnings = _warnings_by_rule(paper)
    lint = json.loads((paper / "build" / "lint-report.json").read_text(encoding="utf-8"))
    counts = lint.get("summary", {})
    found, *assumed = [
        line.strip().removeprefix("assumed: ")
        for line in printed.getvalue().splitlines()
        if line.startswith("found the") or line.strip().startswith("assumed:")
    ] or ["?"]
    said = found.removeprefix("found the ").replace("|", "\\|")
    if assumed:
        said += f"; {len(assumed)} assumed"
    pandoc = statistics.median(pandoc_s)
    build = statistics.median(r.wall for r in cold)
    ratio = statistics.median(c.wall / p for c, p in zip(cold, pandoc_s, strict=True))
    return (
        f"| {slug} | {pandoc:.2f}{'' if pandoc_ok else ' (fails)'} | {build:.1f} | "
        f"{statistics.median(r.wall for r in noop):.2f} | {ratio:.0f}x | {said} | "
        f"{warnings} | {counts.get('error', 0)} / {counts.get('warning', 0)} | "
        f"{min(loads):.1f}-{max(loads):.1f} |"
    ), assumed


def _warnings_by_rule(paper: Path) -> str:
    """The build's own findings (pandoc, pdf, html reports) that are warnings, by rule id."""
    rules: collections.Counter[str] = collections.Counter()
    for report in sorted((paper / "build").glob("*-report.json")):
        if report.name.startswith("lint-"):
            continue
        data = json.loads(report.read_text(encoding="utf-8"))
        rules.update(f["rule"] for f in data.get("findings", []) if f.get("severity") == "warning")
    return ", ".join(f"{rule} x{n}" for rule, n in sorted(rules.items())) or "none"


def _first_error(text: str, paper: Path) -> str:
    for line in text.splitlines():
        if "error" in line and not line.startswith("lint:"):
            line = line.strip().replace(f"{paper}/", "")  # the temporary copy's folder
            return line.replace("|", "\\|")[:140]
    return "(no error line)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="papers (default: every one)")
    parser.add_argument("--repeat", type=int, default=3, help="pairs per paper (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md")
    parser.add_argument("--baseline", action="store_true", help="BASELINE.md's after table")
    args = parser.parse_args()
    slugs = args.slugs or sorted(
        p.name for p in CORPUS.iterdir() if (p / "EXPECTED.toml").is_file()
    )
    if args.baseline:
        write_baseline(slugs, args.repeat, write=not args.no_write)
        return
    rows: list[str] = []
    start_load = load_now()
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        for slug in slugs:
            row = bench_paper(slug, Path(tmp), args.repeat)
            print(row, flush=True)
            rows.append(row)
    report = "\n".join(
        [
            SECTION,
            "",
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {platform.machine()}, "
            f"load {start_load:.1f} at the start; {args.repeat} pairs a paper. Each paper copied "
            "untouched, `docbuild init`, then (floor, cold `doit build`) pairs; floor = pandoc "
            "alone (--citeproc, standalone HTML) + WeasyPrint alone on that HTML with the "
            "style's print CSS. CPU ratio = median of the per-pair ratios (spread).",
            "",
            "| paper | cold build (median) | pandoc + WeasyPrint | CPU ratio | wall ratio | load |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
            *rows,
            "",
        ]
    )
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8")
        if SECTION in text:
            head, _, tail = text.partition(SECTION)
            rest = tail.split("\n## ", 1)
            text = head + report + ("\n## " + rest[1] if len(rest) > 1 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + report
        RESULTS.write_text(text, encoding="utf-8")
    print(report)


def write_baseline(slugs: list[str], repeat: int, *, write: bool) -> None:
    rows: list[str] = []
    notes: list[str] = []
    started = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        for slug in slugs:
            row, assumed = baseline_row(slug, Path(tmp), repeat)
            print(row, flush=True)
            rows.append(row)
            notes += [f"- {slug}: {line}" for line in assumed]
    block = "\n".join(
        [
            AFTER[0],
            f"{started:%Y-%m-%d %H:%M}-{dt.datetime.now(dt.UTC):%H:%M} UTC, "
            f"{platform.machine()}, {repeat} round{'s' if repeat != 1 else ''} a paper "
            "(plain pandoc, cold `doit build`, no-op `doit build`, one after the other), "
            "medians of wall time; cold ÷ pandoc is "
            "the median of the rounds' ratios; load = the 1-minute load average before each "
            "round (lowest-highest).",
            "",
            "| paper | plain pandoc s | cold build s | no-op s | cold ÷ pandoc | init found "
            "| build warnings (by rule) | lint E / W | load |",
            "| --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- |",
            *rows,
            "",
            "What `docbuild init` assumed (it says so, and writes it atop docbuild.toml):",
            "",
            *notes,
            AFTER[1],
        ]
    )
    if write:
        write_block(BASELINE, block, *AFTER)
    print(block)


if __name__ == "__main__":
    main()
