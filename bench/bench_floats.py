"""What the float pass costs the PDF step (issue 16): a report of numbers, not a timed test.

    python bench/bench_floats.py               # the sample paper in gfpr, ieee and preprint
    python bench/bench_floats.py --repeat 3 --style gfpr
    python bench/bench_floats.py --corpus --style ieee   # layouts per corpus paper, no timing

The sample paper is built once per style; then the PDF step alone (jobs/build.run_pdf) runs in
pairs, each a fresh process: the floor lays the page out once (floats.MAX_LAYOUTS = 1 and
no columns filled, as before the float pass), the subject with the float pass. The figure is
the median of the per-pair CPU ratios (bench/measure.py), with the layouts the pass needed
and the load.
With --corpus, each paper of the real-manuscript corpus (tests/realworld/manuscripts/) is
built in the style as the layout tests build it, and the layouts its float pass made are
printed (run it with another tree's src/ first in PYTHONPATH for the figures to compare with).
Results go to bench/RESULTS.md by hand (run_all does not run this one).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Run, paired, run  # noqa: E402

from docbuild.render.floats import MAX_LAYOUTS  # noqa: E402

REPO = HERE.parent
PAPER_FILES = ("docbuild.toml", "dodo.py", "refs.bib", "manuscript")
# Prints how many layouts the float pass made; it runs in the renderer's child process.
COUNT_LAYOUTS = """
import docbuild.render.floats as floats
settle = floats.settle_floats
def counted(page, render):
    made = []
    document = settle(page, lambda p: made.append(p) or render(p))
    print("layouts", len(made), flush=True)
    return document
floats.settle_floats = counted
"""
# The PDF step in a fresh process, with at most argv[1] layouts.
PDF_STEP = (
    COUNT_LAYOUTS
    + """
import sys
from pathlib import Path
from docbuild.config import load_settings
from docbuild.jobs.build import run_pdf
floats.MAX_LAYOUTS = int(sys.argv[1])
if floats.MAX_LAYOUTS == 1 and hasattr(floats, "fill_columns"):
    floats.fill_columns = lambda document: 0  # the floor: no float pass at all
run_pdf(load_settings(Path.cwd()), timeout=600)
"""
)
# One corpus paper up to its PDF in a fresh process: argv[1] the paper, [2] the style, [3] a
# folder, [4] tests/styles (corpusbuild's folder).
CORPUS_STEP = (
    COUNT_LAYOUTS
    + """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from corpusbuild import build_corpus_page
from docbuild.jobs.build import run_pdf
run_pdf(build_corpus_page(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
"""
)


def corpus(style: str, tmp: Path) -> None:
    """Each corpus paper's layouts in `style`, one line each, and their sum."""
    sys.path.insert(0, str(REPO / "tests" / "styles"))
    from corpusbuild import PAPERS

    total = 0
    for slug in PAPERS:
        folder = tmp / f"{style}-{slug}"
        folder.mkdir()
        args = [sys.executable, "-c", CORPUS_STEP, slug, style, str(folder)]
        # Not measure.run: a paper that does not build in a style is a line, not the end.
        proc = subprocess.run(
            [*args, str(REPO / "tests" / "styles")],
            cwd=folder, capture_output=True, text=True, check=False,
        )  # fmt: skip
        out = proc.stdout
        made = int(out.split("layouts", 1)[-1].split()[0]) if "layouts" in out else 0
        total += made
        print(f"{style} {slug}: {made} layouts" if made else f"{style} {slug}: not built")
    print(f"{style}: {total} layouts on the corpus", flush=True)


def sample(folder: Path, style: str) -> Path:
    folder.mkdir(parents=True)
    for name in PAPER_FILES:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, folder / name)
    config = folder / "docbuild.toml"
    lines = [ln for ln in config.read_text(encoding="utf-8").splitlines() if "style" not in ln]
    config.write_text("\n".join([f'style = "{style}"', *lines]) + "\n", encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": "1688169600"}
    run([sys.executable, "-m", "doit", "build"], cwd=folder, env=env)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--style", action="append")
    parser.add_argument("--corpus", action="store_true", help="layouts per corpus paper")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus:
            for style in args.style or ["gfpr", "ieee"]:
                corpus(style, Path(tmp))
            return
        for style in args.style or ["gfpr", "ieee", "preprint"]:
            folder = sample(Path(tmp) / style, style)

            def step(limit: int, folder: Path = folder) -> Run:
                return run([sys.executable, "-c", PDF_STEP, str(limit)], cwd=folder)

            ratio = paired(lambda: step(MAX_LAYOUTS), lambda: step(1), args.repeat)
            made = ratio.subject.out.split("layouts", 1)[-1].split()[0]
            print(
                f"{style}: {made} layouts; PDF step {ratio.subject.cpu:.2f} s CPU "
                f"against {ratio.floor.cpu:.2f} s laid out once: {ratio.text()}",
                flush=True,
            )


if __name__ == "__main__":
    main()
