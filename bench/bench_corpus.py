"""Benchmark of the real corpus (issue 11): each paper's cold build against pandoc + WeasyPrint.

    python bench/bench_corpus.py                # every paper, 3 pairs each
    python bench/bench_corpus.py --repeat 5 joss-iondiff quarto-la-palma

For each paper in tests/realworld/manuscripts/, in a copy of its untouched folder:
`docbuild init`, then pairs of (floor, subject) measured one right after the other
(bench/measure.py): the floor is pandoc alone (standalone HTML with --citeproc) followed by
WeasyPrint alone on the same HTML with the style's print CSS; the subject is a cold
`doit build` (build/ removed first). The figure is the median of the per-pair CPU ratios,
with their spread and the load seen. A paper that does not build gets its first error instead.
The table replaces the "Real manuscripts" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import platform
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO / "tests" / "realworld" / "manuscripts"
RESULTS = HERE / "RESULTS.md"
SECTION = "## Real manuscripts: cold build against pandoc + WeasyPrint (bench/bench_corpus.py)"
sys.path.insert(0, str(HERE))

from bench_build import floor_commands  # noqa: E402  (the floors of bench_build.py)
from measure import Run, combined, load_now, paired, run  # noqa: E402

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
    args = parser.parse_args()
    slugs = args.slugs or sorted(
        p.name for p in CORPUS.iterdir() if (p / "EXPECTED.toml").is_file()
    )
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


if __name__ == "__main__":
    main()
