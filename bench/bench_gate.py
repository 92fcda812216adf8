"""Linting against its floor (issue 13): not a timed test, a report of ratios.

    python bench/bench_gate.py                      # 10,000 and 50,000 entries
    python bench/bench_gate.py --sizes 10000 --pairs 5
    python bench/bench_gate.py --sizes 10000 --against mtest2   # and a revision's tree, paired
    python bench/bench_gate.py --bib tests/realworld/bib/bibdesk-cdl-master/refs.bib --pairs 5

The floor is bibtexparser's bare parse of the same generated file (`parse_string`, its
default middlewares), the least any linter built on it can cost. Two figures per size:

- in one process, CPU seconds, interleaved (floor, subject, floor, ...): reading refs.bib
  (bibtexparser's split, our checks and model) plus linting it (context, every rule, policy,
  the style's previews), against the bare parse;
- whole processes (bench/measure.py): `doit lint-refs` in a paper folder with the file and a
  short manuscript citing 40 of its entries (the `_parse` step up to date, the lint report
  deleted so that `lint` runs), against a Python process that imports bibtexparser and parses
  the file. docbuild's bytecode is written first, as an installed copy has it.

Each ratio is the median of its pairs, with the spread and the 1-minute load beside it; the
cost per entry at the largest size over the smallest says whether it grows linearly. With
`--against REV`, REV's tree (its source first on PYTHONPATH) runs `doit lint-refs` in each
round too, right after this tree's floor, so a change is judged against its base in the same
minutes; each tree lints its own copy of the paper folder. With `--bib FILE`, the paper
folder's refs.bib is FILE (a real file) instead of a generated one, and the manuscript cites
40 of its entries in the generated ones' places.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_paper  # noqa: E402
from measure import Run, paired_many, run, trees  # noqa: E402

# Issue 13's target: `doit lint-refs` at most this many times the bare parse's process.
TARGET = 1.5
FLOOR = (
    "import bibtexparser, sys; "
    "bibtexparser.parse_string(open(sys.argv[1], encoding='utf-8').read())"
)


def in_process(bib: Path, pairs: int) -> tuple[float, float, float, float, float, float]:
    """Median (read + lint) / parse, its spread, the median parse and subject seconds, load."""
    import bibtexparser

    from docbuild.cite.engine import CslPrinter
    from docbuild.jobs.bibfile import collector_paused, read_bib
    from docbuild.lint.engine import build_context, lint

    text = bib.read_text(encoding="utf-8")
    floors, subjects, loads = [], [], []
    for _ in range(pairs):
        loads.append(os.getloadavg()[0])
        t = time.process_time()
        bibtexparser.parse_string(text)
        floors.append(time.process_time() - t)
        _clear_caches()
        t = time.process_time()
        with collector_paused():  # as the lint child runs them (jobs/lint.py)
            bibliography = read_bib(bib)
            lint(build_context(bibliography, None, printer=CslPrinter(None)))
        subjects.append(time.process_time() - t)
    ratios = [s / f for s, f in zip(subjects, floors, strict=True)]
    median = statistics.median
    return median(ratios), min(ratios), max(ratios), median(floors), median(subjects), max(loads)


def where_it_goes(bib: Path, floor: float) -> str:
    """One more subject run, in parts (CPU seconds and multiples of the median bare parse):
    the read, the entry rules, the same rules again on warm caches (so the difference is the
    first parse of each name and text, which the caches keep), the file-wide rules, and the
    two reports as documents and text (not written)."""
    from docbuild import __version__
    from docbuild.cite.engine import CslPrinter
    from docbuild.jobs.bibfile import collector_paused, read_bib
    from docbuild.lint import report
    from docbuild.lint.engine import _Run, build_context
    from docbuild.lint.policy import DEFAULT_POLICY
    from docbuild.lint.registry import ALL_RULES

    _clear_caches()
    spent: dict[str, float] = {}

    def timed(name: str, work: Callable[[], object]) -> None:
        t = time.process_time()
        work()
        spent[name] = time.process_time() - t

    with collector_paused():
        printer = CslPrinter(None)
        timed("read", lambda: read_bib(bib))
        ctx = build_context(read_bib(bib), None, printer=printer)
        run = _Run(ctx, DEFAULT_POLICY)
        timed("entry rules", run.entries)
        timed("again, warm", _Run(ctx, DEFAULT_POLICY).entries)
        timed("file-wide rules", run.bibliography)
        run.problems()
        found = tuple(run.out)
        root = bib.parent
        timed(
            "reports",
            lambda: (
                report.dumps(report.to_json(found, root)),
                report.dumps(report.to_sarif(found, root, ALL_RULES, __version__)),
            ),
        )
    return ", ".join(f"{k} {v:.2f} s ({v / floor:.2f}x)" for k, v in spent.items())


def _clear_caches() -> None:
    """Empty docbuild's caches before each subject run: a second read of the same file in
    one process would otherwise find every name already parsed (names, folds, venues) and
    `read_bib` its last parse."""
    from docbuild.jobs import bibfile

    bibfile._PARSED.clear()
    for name, module in list(sys.modules.items()):
        if name.startswith("docbuild"):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def _cite_from(folder: Path, real: Path) -> None:
    """Make `real` the paper's refs.bib, the manuscript citing its first 40 plain keys where
    it cited the generated ones (in their order), so its citations resolve as in a paper."""
    from docbuild.jobs.bibfile import read_bib

    bib = folder / "refs.bib"
    generated = [e.key for e in read_bib(bib).entries]
    plain = [e.key for e in read_bib(real).entries if re.fullmatch(r"[A-Za-z][\w:-]*\w", e.key)]
    to_real = dict(zip(generated, plain, strict=False))
    shutil.copyfile(real, bib)
    cited = re.compile(r"@([\w:-]*\w)")
    for chapter in sorted((folder / "manuscript").glob("*.md")):
        text = chapter.read_text(encoding="utf-8")
        text = cited.sub(lambda m: "@" + to_real.get(m.group(1), m.group(1)), text)
        chapter.write_text(text, encoding="utf-8")


def _compile_docbuild(env: dict[str, str]) -> None:
    """Write the bytecode of the docbuild that `env` imports, as `pip install` does for it and
    did for bibtexparser: with PYTHONDONTWRITEBYTECODE set (as on the shared machine) every
    `doit lint-refs` compiled docbuild's hundred modules from source, a cost no installed copy
    pays (compileall writes the `__pycache__` folders, which git ignores, whatever that
    variable says)."""
    code = (
        "import compileall, pathlib, docbuild; "
        "compileall.compile_dir(pathlib.Path(docbuild.__file__).parent, quiet=1)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, **env})


def measure_size(
    n: int, pairs: int, envs: dict[str, dict[str, str]], real: Path | None = None
) -> float:
    """Print both figures for a file of `n` entries (or the file `real`, `n` its entries);
    this tree's CPU seconds per entry."""
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as tmp:
        folder = Path(tmp) / "paper"
        generated = n if real is None else 40  # the manuscript's citations need 40 entries
        generate_paper(folder, words=3000, references=generated, citations=40, figures=0, tables=0)
        bib = folder / "refs.bib"
        if real is not None:
            _cite_from(folder, real)
            print(f"{real}: {n:,} entries")
        ratio, low, high, floor, subject, load = in_process(bib, pairs)
        print(
            f"{n:,} entries, in one process: read + lint {subject:.2f} s CPU, "
            f"{ratio:.2f}x the bare parse ({floor:.2f} s; spread {low:.2f}-{high:.2f}, "
            f"{pairs} pairs; load up to {load:.1f})"
        )
        print(f"  where it goes: {where_it_goes(bib, floor)}; load {os.getloadavg()[0]:.1f}")
        # lint-refs fails while the cited entries have errors (the generated ones do): its
        # exit status is not what is measured.
        lint_refs = ["sh", "-c", f"'{sys.executable}' -m doit lint-refs; exit 0"]
        folders: dict[str, Path] = {}
        for i, (name, env) in enumerate(envs.items()):
            folders[name] = Path(tmp) / f"paper-{i}"
            shutil.copytree(folder, folders[name])
            _compile_docbuild(env)
            run(lint_refs, folders[name], env)  # the _parse step, once

        def subject_run(name: str) -> Callable[[], Run]:
            def one() -> Run:
                (folders[name] / "build" / "lint-report.json").unlink(missing_ok=True)
                return run(lint_refs, folders[name], envs[name])

            return one

        whole = paired_many(
            {name: subject_run(name) for name in envs},
            lambda: run([sys.executable, "-c", FLOOR, str(bib)], folder),
            pairs,
        )
        for name, ratio_of in whole.items():
            verdict = "met" if ratio_of.cpu <= TARGET else "not met"
            print(
                f"{n:,} entries, whole processes, {name}: doit lint-refs "
                f"{ratio_of.subject.cpu:.2f} s CPU (peak {ratio_of.subject.rss:.0f} MiB) against "
                f"{ratio_of.floor.cpu:.2f} s: {ratio_of.text()}; target {TARGET}x {verdict}"
            )
        build = folders["this tree"] / "build"
        json_size = (build / "lint-report.json").stat().st_size / 2**20
        sarif_size = (build / "lint-report.sarif").stat().st_size / 2**20
        print(f"  reports: JSON {json_size:.1f} MiB, SARIF {sarif_size:.1f} MiB")
        return subject / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also a git revision's tree, paired")
    parser.add_argument("--bib", type=Path, help="lint this .bib instead of generated ones")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-gate-trees-") as tmp,
        trees(args.against, Path(tmp)) as envs,
    ):
        if args.bib is not None:
            from docbuild.jobs.bibfile import read_bib

            entries = len(read_bib(args.bib.resolve()).entries)
            measure_size(entries, args.pairs, envs, args.bib.resolve())
            return 0
        per_entry = {n: measure_size(n, args.pairs, envs) for n in args.sizes}
    if len(per_entry) > 1:
        small, large = min(per_entry), max(per_entry)
        growth = per_entry[large] / per_entry[small]
        print(f"cost per entry, {large:,} over {small:,}: {growth:.2f} (1.0 is linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
