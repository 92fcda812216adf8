"""Paired speed figures of issue 18 on the sample, this tree against a git revision's: not a
timed test, numbers for RESULTS.md (by hand).

    python bench/bench_speed.py noop --against main      # no-op `doit build` and doit's floor
    python bench/bench_speed.py filter                   # the cross-reference filter's run
    python bench/bench_speed.py preview --against main   # a save to the new page, no browser
    python bench/bench_speed.py cold --against main      # cold `doit build` and its floor
    python bench/bench_speed.py book --against main      # the book's warm save, no browser

`--against REV` checks REV out in a temporary worktree and runs the same commands with its
`src/` first on PYTHONPATH (this venv, REV's docbuild). Each round runs every subject once,
one right after the other (floors included), and the 1-minute load is read before it; CPU is
user + system of the process tree. Bytecode is cached, as a user runs docbuild
(PYTHONDONTWRITEBYTECODE is unset for the subjects).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "preview"))

from measure import load_now, run, trees  # noqa: E402
from previewkit import Preview, copy_sample  # noqa: E402

os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
PYTHON = sys.executable

# doit alone with as many task creators as docbuild's, file_deps on the paper's files and the
# SQLite state, doing nothing: what a no-op build costs before docbuild does anything.
FLOOR_DODO = """
import glob
DOIT_CONFIG = {"default_tasks": ["build"], "backend": "sqlite3", "dep_file": "floor.db"}
MS = sorted(glob.glob("manuscript/*.md"))
def _t(name, deps, out=None):
    act = [(lambda: open(out, "w").close())] if out else None
    return {"basename": name, "actions": act, "file_dep": deps, "targets": [out] if out else []}
def task_a(): return _t("a", MS, "a.out")
def task_b(): return _t("b", ["refs.bib"], "b.out")
def task_c(): return _t("c", MS + ["a.out", "b.out"], "c.out")
def task_d(): return _t("d", ["c.out"], "d.out")
def task_e(): return _t("e", ["c.out", "d.out"], "e.out")
def task_f(): return _t("f", ["c.out"], "f.out")
def task_g(): return _t("g", MS, "g.out")
def task_h(): return _t("h", MS, "h.out")
def task_i(): return _t("i", MS, "i.out")
def task_j(): return {"basename": "j", "actions": None}
def task_k(): return {"basename": "k", "actions": None}
def task_l(): return {"basename": "l", "actions": None}
def task_build(): return {"basename": "build", "actions": None, "task_dep": list("abcdef")}
"""


def sample(folder: Path) -> Path:
    copy_sample(folder)
    shutil.copy(ROOT / "dodo.py", folder / "dodo.py")
    return folder


def rounds(subjects: dict[str, Callable[[], float]], repeat: int) -> None:
    """Each subject once per round, in order; medians, ranges and the load printed."""
    got: dict[str, list[float]] = {name: [] for name in subjects}
    loads = []
    for _ in range(repeat):
        loads.append(load_now())
        for name, subject in subjects.items():
            got[name].append(subject())
        print(" ".join(f"{n}={v[-1]:.3f}" for n, v in got.items()), flush=True)
    print(f"\n{repeat} rounds, load {min(loads):.1f}-{max(loads):.1f}")
    for name, values in got.items():
        print(f"{name}: median {statistics.median(values):.3f} s "
              f"({min(values):.3f}-{max(values):.3f})")  # fmt: skip
    names = list(got)
    for name in names[1:]:
        ratios = [a / b for a, b in zip(got[name], got[names[0]], strict=True)]
        print(f"{name} / {names[0]}: {statistics.median(ratios):.2f}x "
              f"({min(ratios):.2f}-{max(ratios):.2f})")  # fmt: skip


def bench_noop(envs: dict[str, dict[str, str]], tmp: Path, repeat: int) -> None:
    floor = sample(tmp / "floor")
    (floor / "dodo.py").write_text(FLOOR_DODO, encoding="utf-8")
    run([PYTHON, "-m", "doit"], floor)
    subjects: dict[str, Callable[[], float]] = {
        "doit alone": lambda: run([PYTHON, "-m", "doit", "build"], floor).cpu,
    }
    for name, env in envs.items():
        paper = sample(tmp / f"noop-{len(subjects)}")
        run([PYTHON, "-m", "doit", "build"], paper, env)  # the cold build; then no-ops

        def noop(paper: Path = paper, env: dict[str, str] = env) -> float:
            return run([PYTHON, "-m", "doit", "build"], paper, env).cpu

        subjects[name] = noop
    rounds(subjects, repeat)


def bench_cold(envs: dict[str, dict[str, str]], tmp: Path, repeat: int) -> None:
    from bench_build import floor_commands

    papers = {name: sample(tmp / f"cold-{i}") for i, name in enumerate(envs)}

    def cold(name: str) -> float:
        shutil.rmtree(papers[name] / "build", ignore_errors=True)
        return run([PYTHON, "-m", "doit", "build"], papers[name], envs[name]).cpu

    for name in envs:
        cold(name)  # bytecode written, the files in the page cache, build/ for the floors
    first = papers[next(iter(envs))]
    pandoc, weasy = floor_commands(first)
    subjects: dict[str, Callable[[], float]] = {
        "pandoc + WeasyPrint alone": lambda: run(pandoc, first).cpu + run(weasy, first).cpu
    }
    subjects.update({name: (lambda name=name: cold(name)) for name in envs})
    rounds(subjects, repeat)


def bench_filter(tmp: Path, repeat: int) -> None:
    """In this process: pandoc JSON to JSON without the filter, the whole document through
    crossref.lua, and the blocks with work (render/crossref_filter.py); CPU of both sides."""
    import resource

    from docbuild.config import load_settings
    from docbuild.jobs.parse import manuscript_files, parse_settings_files
    from docbuild.render import pandoc
    from docbuild.render.crossref_filter import filter_document, has_work
    from docbuild.render.metadata import to_meta_value
    from docbuild.style import resolve_style

    paper = sample(tmp / "filter")
    settings = load_settings(paper)
    doc = parse_settings_files(settings, manuscript_files(settings)).ast
    meta = doc["meta"]
    assert isinstance(meta, dict)
    meta["docbuild-style-crossref"] = to_meta_value(resolve_style(settings).crossref_settings())

    def through(args: list[str]) -> tuple[object, pandoc.PandocResult]:
        done = pandoc.run(["-f", "json", "-t", "json", *args], cwd=paper,
                          stdin=json.dumps(doc).encode(), timeout=120)  # fmt: skip
        return json.loads(done.output), done

    lua = ["--lua-filter", str(pandoc.CROSSREF_FILTER)]
    whole, whole_run = through(lua)
    part, part_run = filter_document(doc, root=paper, timeout=120)
    if (whole, whole_run.reports, whole_run.warnings) != (
        part,
        part_run.reports,
        part_run.warnings,
    ):
        raise SystemExit("the blocks with work give another output than the whole document")
    blocks = doc["blocks"]
    assert isinstance(blocks, list)
    print(f"{sum(has_work(json.dumps(b)) for b in blocks)} of {len(blocks)} blocks have work")

    def cpu(job: Callable[[], object]) -> Callable[[], float]:
        def one() -> float:
            before = [resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                      resource.RUSAGE_CHILDREN)]  # fmt: skip
            job()
            after = [resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN)]  # fmt: skip
            return sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
                       for a, b in zip(after, before, strict=True))  # fmt: skip

        return one

    rounds(
        {
            "no filter (floor)": cpu(lambda: through([])),
            "whole document": cpu(lambda: through(lua)),
            "blocks with work": cpu(lambda: filter_document(doc, root=paper, timeout=120)),
        },
        repeat,
    )


def bench_preview(envs: dict[str, dict[str, str]], tmp: Path, repeat: int) -> None:
    """A preview of a copy of the sample per tree, side by side; each save waits until every
    preview has settled (page and PDF written), then times the save to the preview's state
    naming the new page. No browser: its reload is not in the figure."""

    from bench_preview import settled, state  # the preview's own polling, one home

    previews: dict[str, tuple[Preview, str, Path]] = {}
    saved = dict(os.environ)
    try:
        for i, (name, env) in enumerate(envs.items()):
            paper = copy_sample(tmp / f"preview-{i}")
            os.environ.update(env)
            preview = Preview(paper)
            os.environ.clear()
            os.environ.update(saved)
            previews[name] = (preview, preview.url(limit=600), paper)
        edits = [0]

        def save(name: str) -> float:
            for _, url, _ in previews.values():
                settled(url)
            _, url, paper = previews[name]
            chapter = sorted((paper / "manuscript").glob("*.md"))[1]
            lines = chapter.read_text(encoding="utf-8").splitlines(keepends=True)
            at = next(i for i, line in enumerate(lines) if len(line) > 60)
            words = lines[at].split(" ")
            edits[0] += 1
            words[len(words) // 2] = f"Benchmarked{edits[0]}x"
            lines[at] = " ".join(words)
            before = state(url)["page"]
            started = time.perf_counter()
            chapter.write_text("".join(lines), encoding="utf-8")
            while state(url)["page"] == before:
                time.sleep(0.005)
            return time.perf_counter() - started

        rounds({name: (lambda name=name: save(name)) for name in previews}, repeat)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        for preview, _, _ in previews.values():
            if preview.proc.poll() is None:
                preview.stop()
            preview.kill()


# One tree's warm preview of the book, in its own process: the first build, then `repeat`
# saves of one line of a middle chapter, each timed from the save to the page published (the
# writes after it and the lint not counted), with the CPU of our Python and of pandoc; one
# JSON line a save.
BOOK_SAVES = """
import json, os, resource, sys, time
from pathlib import Path
from docbuild.preview import session as S
from docbuild.preview.hub import Hub
from docbuild.preview.watch import Part
folder, repeat = Path(sys.argv[1]), int(sys.argv[2])
marks, WHO = {}, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
class Timed(Hub):
    def publish(self, **changes):
        if "page" in changes and "page" not in marks:
            marks["page"] = time.perf_counter()
            marks["cpu"] = [resource.getrusage(w) for w in WHO]
        super().publish(**changes)
s = S.Session(folder, Timed(S.initial_state()), pdf=False)
s.rebuild(S.EVERYTHING)
chapters = sorted((folder / "manuscript").glob("*.md"))
chapter = chapters[len(chapters) // 2]
for n in range(repeat):
    lines = chapter.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if len(line) > 60)
    words = lines[at].split(" ")
    words[len(words) // 2] = f"Benchmarked{n}x"
    lines[at] = " ".join(words)
    load = os.getloadavg()[0]
    cpu = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    marks.clear()
    saved = time.perf_counter()
    chapter.write_text("".join(lines), encoding="utf-8")
    s.rebuild(frozenset({Part.MANUSCRIPT}))
    used = [a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(marks["cpu"], cpu)]
    print(json.dumps({"page": marks["page"] - saved, "python": used[0], "pandoc": used[1],
                      "load": load}), flush=True)
"""


def bench_book(envs: dict[str, dict[str, str]], tmp: Path, repeat: int) -> None:
    """A warm preview of the book (no browser, no PDF) per tree, all started together on
    copies of one generated book: the save to build/paper.html, and its CPU."""
    from generate import generate_book

    generate_book(tmp / "book")
    procs = {}
    for i, (name, env) in enumerate(envs.items()):
        shutil.copytree(tmp / "book", tmp / f"book-{i}")
        procs[name] = subprocess.Popen(
            [PYTHON, "-c", BOOK_SAVES, str(tmp / f"book-{i}"), str(repeat)],
            env={**os.environ, "DOCBUILD_PROGRESS": "0", **env},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
    for name, proc in procs.items():
        out, _ = proc.communicate()
        saves = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not saves:
            raise SystemExit(f"{name}: the book's preview failed")
        pages = [d["page"] for d in saves]
        print(f"{name}: save -> page median {statistics.median(pages):.2f} s "
              f"({min(pages):.2f}-{max(pages):.2f}); our Python "
              f"{min(d['python'] for d in saves):.2f}-{max(d['python'] for d in saves):.2f} s, "
              f"pandoc {min(d['pandoc'] for d in saves):.2f}-"
              f"{max(d['pandoc'] for d in saves):.2f} s of CPU; load "
              f"{min(d['load'] for d in saves):.1f}-{max(d['load'] for d in saves):.1f}; "
              f"{len(saves)} saves")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figure", choices=("noop", "filter", "preview", "cold", "book"))
    parser.add_argument("--against", metavar="REV", help="also a git revision's tree")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as name:
        tmp = Path(name)
        if args.figure == "filter":
            bench_filter(tmp, args.repeat)
            return
        with trees(args.against, tmp) as envs:
            figures = {"noop": bench_noop, "preview": bench_preview, "cold": bench_cold,
                       "book": bench_book}  # fmt: skip
            figures[args.figure](envs, tmp, args.repeat)


if __name__ == "__main__":
    main()
