"""Every benchmark side by side, written to bench/RESULTS.md (issue 8). Not a timed test.

    python bench/run_all.py                   # everything, about 10 minutes on 2 cores
    python bench/run_all.py --quick           # no book, smaller batch: about 3 minutes

Sections: reading, normalizing and linting 1,000 / 10,000 / 50,000 entries (each size in a
fresh process, for its peak memory); the sample paper and the generated 100,000-word book,
cold, no-op, CSS-only and after a one-line change, beside pandoc alone and WeasyPrint alone
(bench/bench_build.py); `docbuild batch` on a generated journal issue with one and two jobs;
and the hardening figures (tests/hardening): bad bibliographies, random mutations, hostile
manuscripts, stalls, and kill trials.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _p in (HERE, REPO, REPO / "tests" / "hardening"):
    sys.path.insert(0, str(_p))

if TYPE_CHECKING:
    from measure import Run  # every measurement comes from bench/measure.py

SIZES = (1_000, 10_000, 50_000)


# ---- reading, normalizing, linting ---------------------------------------------------------


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_bib(path: Path) -> None:
    """Run in a fresh process: time each stage on `path` and print the figures as JSON."""
    base = _rss_mib()
    from docbuild.bib.csl import to_csl_json
    from docbuild.bib.normalize import normalize
    from docbuild.jobs.bibfile import read_bib
    from docbuild.lint.engine import build_context, lint

    imported = _rss_mib()
    out: dict[str, float] = {"rss_base": base, "rss_imported": imported}
    t0 = time.perf_counter()
    bib = read_bib(path)
    t1 = time.perf_counter()
    out |= {"read": t1 - t0, "rss_read": _rss_mib()}
    normalized, changes = normalize(bib)
    t2 = time.perf_counter()
    out |= {"normalize": t2 - t1, "rss_normalize": _rss_mib()}
    items = to_csl_json(normalized)
    t3 = time.perf_counter()
    out |= {"csl": t3 - t2, "rss_csl": _rss_mib()}
    result = lint(build_context(bib))
    t4 = time.perf_counter()
    out |= {"lint": t4 - t3, "rss_lint": _rss_mib()}
    out |= {
        "entries": len(bib.entries),
        "diagnostics": len(bib.problems),
        "changes": len(changes),
        "items": len(items),
        "findings": len(result.findings),
    }
    print(json.dumps(out))


def bench_bib(work: Path, sizes: tuple[int, ...]) -> list[dict[str, float]]:
    from generate import write_bib

    rows = []
    for n in sizes:
        path = work / f"refs-{n}.bib"
        write_bib(path, n, seed=8)
        proc = subprocess.run(
            [sys.executable, __file__, "--child-bib", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        row["n"] = n
        row["mib"] = path.stat().st_size / 2**20
        rows.append(row)
        print(f"  {n:>6} entries: read {row['read']:.2f} s, normalize {row['normalize']:.2f} s, "
              f"lint {row['lint']:.2f} s, peak {row['rss_lint']:.0f} MiB", flush=True)  # fmt: skip
    return rows


def bib_table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| entries | file | read | entries/s | normalize | to CSL-JSON | lint | "
        "read → lint, entries/s | peak RSS (imports alone) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        total = r["read"] + r["normalize"] + r["csl"] + r["lint"]
        lines.append(
            f"| {int(r['n']):,} | {r['mib']:.1f} MiB | {r['read']:.2f} s | "
            f"{r['n'] / r['read']:,.0f} | {r['normalize']:.2f} s | {r['csl']:.2f} s | "
            f"{r['lint']:.2f} s | {r['n'] / total:,.0f} | "
            f"{r['rss_lint']:.0f} MiB ({r['rss_imported']:.0f} MiB) |"
        )
    first, last = rows[0], rows[-1]
    lines.append("")
    lines.append(
        "Growth from the smallest to the largest file (cost per entry, largest ÷ smallest;"
    )
    lines.append("1.0 is perfectly linear, above 2 would mean worse than linear):")
    lines.append("")
    for stage in ("read", "normalize", "csl", "lint"):
        ratio = (last[stage] / last["n"]) / (first[stage] / first["n"])
        verdict = "linear" if ratio <= 2.0 else "WORSE THAN LINEAR"
        lines.append(f"- {stage}: {ratio:.2f} ({verdict})")
    mem = (last["rss_lint"] - last["rss_imported"]) / last["n"] * 1024
    lines.append(f"- memory: {mem:.1f} KiB per entry above the imports at {int(last['n']):,}")
    return "\n".join(lines)


# ---- builds ---------------------------------------------------------------------------------


# WeasyPrint alone, as a user would call it: a fresh process, the import included.
def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def bench_paper(paper: Path, repeat: int, *, typst: bool = False) -> dict[str, object]:
    """Cold builds paired with the floor (pandoc alone + WeasyPrint alone on the same input),
    no-op builds, and one-line and CSS-only changes paired with a cold build: `repeat` pairs
    each, ratios from pairs (bench/measure.py). With `typst`, Typst on the same book too."""
    from bench_build import floor_commands
    from measure import combined, median, paired, run

    from docbuild.config import load_settings
    from docbuild.style import resolve_style

    doit = [sys.executable, "-m", "doit", "build"]
    style = resolve_style(load_settings(paper))
    local = paper / "styles" / style.name  # a copy the benchmark may edit
    if not local.exists():
        shutil.copytree(style.folder, local)

    def cold() -> Run:
        shutil.rmtree(paper / "build", ignore_errors=True)
        return run(doit, paper)

    cold()  # writes build/refs.json and build/pandoc.html, which the floor commands read
    pandoc_cmd, weasy_cmd = floor_commands(paper)
    parts: dict[str, list[Run]] = {"pandoc alone": [], "WeasyPrint alone": []}

    def floor() -> Run:
        pair = run(pandoc_cmd, paper), run(weasy_cmd, paper)
        parts["pandoc alone"].append(pair[0])
        parts["WeasyPrint alone"].append(pair[1])
        return combined(*pair)

    out: dict[str, object] = {"cold": paired(cold, floor, repeat)}
    out["pandoc alone"] = median(parts["pandoc alone"])
    out["WeasyPrint alone"] = median(parts["WeasyPrint alone"])
    cold()
    out["no-op"] = median([run(doit, paper) for _ in range(max(3, repeat))])
    last = sorted((paper / "manuscript").glob("*.md"))[-1]
    count = [0]

    def edit() -> Run:
        count[0] += 1
        _append(last, f"\nOne more sentence, number {count[0]}.\n")
        return run(doit, paper)

    def css() -> Run:
        count[0] += 1
        for sheet in local.glob("*.css"):
            _append(sheet, f"\n/* bench {count[0]} */\n")
        return run(doit, paper)

    def warm_cold() -> Run:  # a cold build that leaves build/ ready for the next edit
        return cold()

    out["one-line change"] = paired(edit, warm_cold, repeat)
    out["CSS only"] = paired(css, warm_cold, repeat)
    if typst:
        from bench_typst import typst_floor

        out["Typst"] = paired(cold, lambda: typst_floor(paper), repeat)
    return out


def bench_builds(work: Path, *, book: bool, repeat: int) -> list[tuple[str, dict[str, object]]]:
    from generate import generate_book

    rows = []
    sample = work / "sample"
    shutil.copytree(
        REPO,
        sample,
        ignore=shutil.ignore_patterns(
            ".git", "build", "src", "tests", "bench", "docs", "scripts", ".venv", "*.egg-info",
            ".*cache",
        ),
    )  # fmt: skip
    # Typst cannot compile the markup pandoc writes for the sample's front matter ("expected
    # comma"), so only the book is held against it.
    rows.append(("sample paper (gfpr, two columns)", bench_paper(sample, repeat)))
    print(f"  sample paper: {rows[-1][1]['cold'].text()}", flush=True)  # type: ignore[attr-defined]
    if book:
        folder = work / "book"
        generate_book(folder)
        (folder / "docbuild.toml").write_text('style = "preprint"\n', encoding="utf-8")
        name = "generated book (30 chapters, 100,000 words, 2,000 refs, preprint)"
        rows.append((name, bench_paper(folder, max(1, repeat - 1), typst=True)))
        print(f"  book: {rows[-1][1]['cold'].text()}", flush=True)  # type: ignore[attr-defined]
    return rows


def builds_table(rows: list[tuple[str, dict[str, object]]]) -> str:
    from measure import Ratio

    def cell(r: object) -> str:
        if isinstance(r, Ratio):
            r = r.subject
        assert isinstance(r, Run)
        return f"{r.wall:.2f} s / {r.cpu:.2f} s / {r.rss:.0f} MiB (load {r.load:.1f})"

    head = "| | " + " | ".join(f"{name}: wall / CPU / peak" for name, _ in rows) + " |"
    lines = [head, "|---|" + "---:|" * len(rows)]
    for key in ("pandoc alone", "WeasyPrint alone", "cold", "no-op", "one-line change",
                "CSS only"):  # fmt: skip
        label = key if "alone" in key else f"doit build, {key}"
        lines.append(f"| {label} | " + " | ".join(cell(r[key]) for _, r in rows) + " |")
    lines.append("| Typst on the same input | " + " | ".join(
        cell(r["Typst"].floor) if "Typst" in r else "–" for _, r in rows) + " |")  # type: ignore[attr-defined]  # fmt: skip
    for key, what in (
        ("cold", "cold ÷ (pandoc + WeasyPrint alone)"),
        ("one-line change", "one-line change ÷ cold"),
        ("CSS only", "CSS only ÷ cold"),
        ("Typst", "cold ÷ Typst"),
    ):
        cells = [r[key].text() if key in r else "–" for _, r in rows]  # type: ignore[attr-defined]
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + (
        "\n\nEach ratio is the median of pairs measured one right after the other (the floor "
        "first), with the lowest and highest pair and the 1-minute load average before the "
        "runs. The one-line change appends a sentence to the last manuscript file; the CSS-only "
        "change appends a comment to every CSS file of the style (copied into the paper). CPU "
        "is user + system time of the whole process tree; peak is its largest process. Typst: "
        "pandoc writes Typst markup (no citeproc) and the `typst` package compiles it with its "
        "own APA bibliography (bench/bench_typst.py)."
    )


# ---- batch ----------------------------------------------------------------------------------


def bench_batch(work: Path, papers: int, *, repeat: int = 2) -> list[dict[str, float]]:
    """Cold builds of a generated issue with one job and with two, alternating, best of
    `repeat` each: the machine is shared, and alternating spreads other jobs' load evenly."""
    from generate import generate_issue

    from docbuild.batch import run_batch

    best: dict[int, float] = {}
    for rep in range(repeat):
        for jobs in (1, 2):
            root = work / f"issue-{jobs}-{rep}"
            folders = generate_issue(
                root, papers, words=3000, references=30, citations=45, figures=1, tables=1
            )
            out = io.StringIO()
            start = time.perf_counter()
            code = run_batch([str(f) for f in folders], jobs=jobs, out=out)
            seconds = time.perf_counter() - start
            if code != 0:
                raise SystemExit("batch failed:\n" + out.getvalue())
            best[jobs] = min(seconds, best.get(jobs, seconds))
            print(f"  batch, {jobs} job(s): {papers} papers in {seconds:.1f} s", flush=True)
    return [{"jobs": j, "papers": papers, "seconds": s} for j, s in sorted(best.items())]


def batch_table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| jobs | papers | wall time (best of 2) | papers per minute | speed-up |",
        "|---:|---:|---:|---:|---:|",
    ]
    one = rows[0]["seconds"]
    for r in rows:
        lines.append(
            f"| {int(r['jobs'])} | {int(r['papers'])} | {r['seconds']:.1f} s | "
            f"{r['papers'] / r['seconds'] * 60:.1f} | {one / r['seconds']:.2f}× |"
        )
    return "\n".join(lines)


# ---- hardening figures ----------------------------------------------------------------------


def hardening_bib(work: Path) -> tuple[str, dict[str, int]]:
    from bib_corpus import bib_cases, run_case

    lines = [
        "| input | size | time | entries | diagnostics | crash | lost text | silent change | "
        "not reported |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    totals = {"inputs": 0, "crashes": 0, "lost": 0, "silent": 0, "unreported": 0}
    for case in bib_cases(include_slow=True):
        folder = work / f"bib-{totals['inputs']}"
        folder.mkdir()
        r = run_case(case, folder)
        totals["inputs"] += 1
        totals["crashes"] += bool(r.crash)
        totals["lost"] += bool(r.unaccounted)
        totals["silent"] += bool(r.silent)
        totals["unreported"] += bool(r.unreported)
        size = f"{r.size / 2**20:.1f} MiB" if r.size > 2**20 else f"{r.size:,} B"
        lines.append(
            f"| {r.name} | {size} | {r.seconds:.2f} s | {r.entries:,} | {r.diagnostics:,} | "
            f"{r.crash or 'no'} | {len(r.unaccounted)} | {len(r.silent)} | {len(r.unreported)} |"
        )
    return "\n".join(lines), totals


def hardening_mutations(count: int, seed: int = 8) -> dict[str, int]:
    """Random one-to-four character edits of generated .bib text, through the reader and the
    oracles (the same checks as the Hypothesis fuzz, at a larger count)."""
    from bib_oracle import unaccounted
    from generate import generate_bib

    from docbuild.bib.read import parse_bib

    base = generate_bib(40, seed=seed).text
    rng = random.Random(seed)
    out = {"inputs": 0, "crashes": 0, "lost": 0}
    for _ in range(count):
        start = rng.randrange(len(base))
        text = base[start : start + rng.randint(50, 800)]
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(text))
            op = rng.random()
            if op < 0.4:
                text = text[:i] + text[i + 1 :]
            elif op < 0.7:
                text = text[:i] + rng.choice('{}@,="#\n%()') + text[i:]
            else:
                text = text[:i] + text[i] + text[i:]
        out["inputs"] += 1
        try:
            bib = parse_bib(text, Path("refs.bib"))
        except Exception:  # counted, not raised: this is the figure we report
            out["crashes"] += 1
            continue
        out["lost"] += bool(unaccounted(text, bib))
    return out


def hardening_manuscripts(work: Path) -> tuple[str, dict[str, int]]:
    from hostile import CASES, counting_server, run_hostile, run_pandoc_stall, run_weasyprint_stall

    lines = [
        "| manuscript | outcome | time | requests | reads outside | partial files | "
        "text from outside in output | javascript: links |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    totals = {"inputs": 0, "refused": 0, "requests": 0, "reads": 0, "leftovers": 0, "leaks": 0,
              "script": 0, "hung": 0}  # fmt: skip
    with counting_server() as (url, hits), ThreadPoolExecutor(2) as pool:

        def one(i_case: tuple[int, object]) -> object:
            i, case = i_case
            folder = work / f"hostile-{i}"
            folder.mkdir()
            return run_hostile(case, folder, url=url, hits=hits)  # type: ignore[arg-type]

        results = list(pool.map(one, enumerate(CASES)))
    for r in results:
        totals["inputs"] += 1
        totals["refused"] += r.outcome == "refused"
        totals["hung"] += r.outcome == "hung"
        totals["requests"] += r.requests
        totals["reads"] += len(r.forbidden_reads)
        totals["leftovers"] += len(r.leftovers)
        totals["leaks"] += len(r.canary_in_output)
        totals["script"] += len(r.script_links)
        lines.append(
            f"| {r.name} | {r.outcome} | {r.seconds:.1f} s | {r.requests} | "
            f"{len(r.forbidden_reads)} | {len(r.leftovers)} | {len(r.canary_in_output)} | "
            f"{len(r.script_links)} |"
        )
    for runner in (run_pandoc_stall, run_weasyprint_stall):
        folder = work / f"stall-{runner.__name__}"
        folder.mkdir()
        s = runner(folder, timeout=10)
        totals["inputs"] += 1
        totals["leftovers"] += len(s.leftovers)
        outcome = (
            "stopped: " + s.error.splitlines()[0].removeprefix("error: ") if s.error else "built"
        )
        lines.append(
            f"| {s.name} | {outcome} | {s.seconds:.1f} s | – | – | {len(s.leftovers)} | – | – |"
        )
    return "\n".join(lines), totals


def hardening_kills(work: Path, trials: int) -> dict[str, object]:
    from generate import generate_paper
    from interrupt import kill_trials

    folder = work / "kill"
    generate_paper(folder, words=300, references=5, citations=5, figures=1, tables=1)
    r = kill_trials(folder, trials=trials, seed=8)
    return {
        "trials": r.trials,
        "sigkill": r.sigkill,
        "sigint": r.sigint,
        "truncated": len(r.truncated),
        "stale": len(r.stale),
        "failed_reruns": len(r.failed_reruns),
        "leftover_tmp": r.leftover_tmp,
        "seconds": r.seconds,
        "details": r.truncated + r.stale + r.failed_reruns,
    }


# ---- the report -----------------------------------------------------------------------------


def environment() -> str:
    import pypandoc
    import weasyprint

    cpus = len(os.sched_getaffinity(0))
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (
        f"{when}; {platform.machine()}, {cpus} cores; "
        f"Python {platform.python_version()}; pandoc {pypandoc.get_pandoc_version()}; "
        f"WeasyPrint {weasyprint.__version__}. Wall-clock times of one run on a shared machine: "
        "compare the figures within this file, not across days."
    )


def summary(data: dict[str, list], figures: dict[str, object]) -> str:  # type: ignore[type-arg]
    """The headline numbers, with the targets of issues 4 and 8."""
    lines = ["## Summary", ""]
    first, last = data["bib"][0], data["bib"][-1]
    for r in data["bib"]:
        if int(r["n"]) == 10_000:
            total = r["read"] + r["normalize"] + r["csl"] + r["lint"]
            rate = 10_000 / r["read"]
            lines.append(
                f"- Reading 10,000 entries: {r['read']:.2f} s ({rate:,.0f} entries/s); read, "
                f"normalize, CSL-JSON and lint together {total:.2f} s."
            )
    stages = ("read", "normalize", "csl", "lint")
    worst = max((last[s] / last["n"]) / (first[s] / first["n"]) for s in stages)
    verdict = "linear" if worst <= 2 else "NOT linear"
    lines.append(
        f"- From {int(first['n']):,} to {int(last['n']):,} entries the cost per entry grows "
        f"at most {worst:.2f}× ({verdict})."
    )
    for name, r in data["builds"]:
        cold, noop, edit = r["cold"], r["no-op"], r["one-line change"]
        typst = f"; {r['Typst'].cpu:.1f}× Typst's CPU (target 4×)" if "Typst" in r else ""
        lines.append(
            f"- {name}: cold build {cold.subject.wall:.1f} s, {cold.cpu:.2f}× the CPU of pandoc "
            f"+ WeasyPrint alone (spread {cold.spread()}, target 1.15×){typst}; one-line edit "
            f"{edit.cpu:.2f}× its cold build (target 0.25×); no-op {noop.wall:.2f} s "
            f"(target 0.2 s); load {cold.loads[0]:.1f}-{cold.loads[1]:.1f}."
        )
    for r in data["batch"]:
        if r["jobs"] == 2:
            per_minute = r["papers"] / r["seconds"] * 60
            lines.append(f"- `docbuild batch -n 2`: {per_minute:.0f} papers per minute.")
    bibf, mut, ms, kills = (figures[k] for k in ("bib", "mutations", "manuscripts", "kills"))
    assert isinstance(bibf, dict) and isinstance(mut, dict)
    assert isinstance(ms, dict) and isinstance(kills, dict)
    lines.append(
        f"- Hardening: {bibf['inputs'] + mut['inputs']:,} bad bibliographies, "
        f"{bibf['crashes'] + mut['crashes']} crashes, "
        f"{bibf['silent'] + bibf['lost'] + mut['lost']} silent alterations; "
        f"{ms['inputs']} hostile manuscripts, {ms['requests']} network requests, "
        f"{ms['reads']} reads outside the paper; {kills['trials']} killed builds, "
        f"{kills['truncated']} truncated targets."
    )
    return "\n".join(lines) + "\n"


def section(title: str, fn: Callable[[], str]) -> str:
    print(f"{title} ...", flush=True)
    start = time.perf_counter()
    load_before = os.getloadavg()[0]
    body = fn()
    load = max(load_before, os.getloadavg()[0])
    print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
    # Other jobs on a shared machine slow everything; the load says how much to trust a row.
    return f"## {title}\n\n{body}\n\n(Load average during this section: up to {load:.1f}.)\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child-bib", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="no book; fewer papers and trials")
    parser.add_argument("--kill-trials", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="pairs per build figure")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    if args.child_bib:
        child_bib(args.child_bib)
        return
    trials = args.kill_trials if args.kill_trials is not None else (6 if args.quick else 20)
    started = time.perf_counter()
    parts = ["# Benchmark results\n", f"Written by `python bench/run_all.py`. {environment()}\n"]
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="docbuild-run-all-") as tmp:
        work = Path(tmp)
        data: dict[str, list] = {}  # type: ignore[type-arg]

        def keep(name: str, rows: list) -> list:  # type: ignore[type-arg]
            data[name] = rows
            return rows

        parts.append(section("Reading, normalizing and linting a bibliography",
                             lambda: bib_table(keep("bib", bench_bib(work, SIZES)))))  # fmt: skip
        book, repeat = not args.quick, args.repeat
        parts.append(section("Building a paper", lambda: builds_table(
            keep("builds", bench_builds(work, book=book, repeat=repeat)))))  # fmt: skip
        papers = 4 if args.quick else 8
        parts.append(section("docbuild batch: a journal issue", lambda: batch_table(
            keep("batch", bench_batch(work, papers)))))  # fmt: skip

        def hardening() -> str:
            bib_text, bib_totals = hardening_bib(work)
            mutations = hardening_mutations(500 if args.quick else 3000)
            ms_text, ms_totals = hardening_manuscripts(work)
            kills = hardening_kills(work, trials)
            figures.update(bib=bib_totals, mutations=mutations, manuscripts=ms_totals, kills=kills)
            return "\n\n".join([
                "### Bad bibliographies (tests/hardening/bib_corpus.py)", bib_text,
                f"Random character edits of generated entries: {mutations['inputs']:,} inputs, "
                f"{mutations['crashes']} crashes, {mutations['lost']} with text unaccounted for.",
                "### Hostile manuscripts (tests/hardening/hostile.py)", ms_text,
                "### Interrupted builds (tests/hardening/interrupt.py)",
                f"{kills['trials']} kills of `doit build` at seeded random moments "
                f"({kills['sigkill']} SIGKILL, {kills['sigint']} SIGINT) in "
                f"{kills['seconds']:.0f} s: {kills['truncated']} truncated targets, "
                f"{kills['stale']} stale rebuilds, {kills['failed_reruns']} failed reruns, "
                f"{kills['leftover_tmp']} temporary files left in build/.",
                *[f"- {d[:300]}" for d in kills["details"]],  # type: ignore[attr-defined]
            ])  # fmt: skip

        parts.append(section("Hardening figures", hardening))
        parts.insert(2, summary(data, figures))
    parts.append(f"Total run time: {time.perf_counter() - started:.0f} s.\n")
    args.out.write_text("\n".join(parts), encoding="utf-8")
    (args.out.with_suffix(".json")).write_text(json.dumps(figures, indent=2, default=str) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
