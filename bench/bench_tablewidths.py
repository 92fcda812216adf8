"""What measuring each table once per render (render/tablewidths.py) saves the PDF step: a
report of numbers, not a timed test.

    python bench/bench_tablewidths.py                      # the sample and manubot-governance
    python bench/bench_tablewidths.py --paper sample --style gfpr --repeat 3

Each paper is taken once up to the page the PDF step gets (the corpus as the layout tests build
it, tests/styles/corpusbuild.py); then the PDF step alone runs in pairs, each a fresh process:
the floor with main's code (--against, a tree whose src/ goes first on PYTHONPATH), the
subject with this tree's. Each pair's PDFs must be the same bytes. The figure is the median
of the per-pair CPU ratios (bench/measure.py), with the tables measured and kept, and the load.
Results go to bench/RESULTS.md by hand (run_all does not run this one).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Run, paired, run  # noqa: E402

REPO = HERE.parent
# argv[1] the paper ("sample" or a corpus slug), [2] the style, [3] a folder: the page the
# PDF step gets, its settings pickled in the folder.
SETUP = """
import pickle, sys, dataclasses
from pathlib import Path
sys.path.insert(0, sys.argv[4])
folder = Path(sys.argv[3])
if sys.argv[1] == "sample":
    from docbuild.config import load_settings
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.parse import run_parse
    from docbuild.jobs.pandoc import run_pandoc
    settings = dataclasses.replace(load_settings(folder), style=sys.argv[2])
    run_normalize(settings, in_place=False, verbose=False)
    run_parse(settings)
    run_pandoc(settings)
else:
    from corpusbuild import build_corpus_page
    settings = build_corpus_page(sys.argv[1], sys.argv[2], folder)
(folder / "settings.pickle").write_bytes(pickle.dumps(settings))
(folder / "pdf.path").write_text(str(settings.build_path / "paper.pdf"))
"""
# The PDF step of that page; prints the tables measured and kept where the code has the cache.
PDF_STEP = """
import pickle, sys, time
from pathlib import Path
import weasyprint.layout.preferred as preferred, weasyprint.layout.table as table
measuring = preferred.table_and_columns_preferred_widths
spent = [0.0, 0]
def timed(context, box, outer=True):
    if spent[1]:  # a table in a table: counted in its table's time
        return measuring(context, box, outer)
    spent[1] = 1
    start = time.process_time()
    try:
        return measuring(context, box, outer)
    finally:
        spent[0] += time.process_time() - start
        spent[1] = 0
preferred.table_and_columns_preferred_widths = table.table_and_columns_preferred_widths = timed
import docbuild.render.floats as floats
settle = floats.settle_floats
def settled(page, render):  # in the renderer's (forked) process
    document = settle(page, render)
    print("measuring", round(spent[0], 2), flush=True)
    return document
floats.settle_floats = settled
try:
    import docbuild.render.tablewidths as widths
    once = widths.measure_tables_once
    def counted(**kw):
        import contextlib
        @contextlib.contextmanager
        def block():
            with once(**kw) as counts:
                yield counts
            print("tables", *counts, flush=True)
        return block()
    widths.measure_tables_once = counted
except ImportError:
    pass
from docbuild.jobs.build import run_pdf
settings = pickle.loads((Path(sys.argv[1]) / "settings.pickle").read_bytes())
run_pdf(settings, timeout=900)
"""


def prepare(paper: str, style: str, folder: Path) -> None:
    folder.mkdir(parents=True)
    if paper == "sample":
        for name in ("docbuild.toml", "dodo.py", "refs.bib", "manuscript"):
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, folder / name)
    args = [sys.executable, "-c", SETUP, paper, style, str(folder), str(REPO / "tests" / "styles")]
    run(args, cwd=folder, env={"SOURCE_DATE_EPOCH": "1688169600"})
    build = Path((folder / "pdf.path").read_text()).parent
    shutil.copytree(build, folder / "fresh")  # each PDF step starts from this build folder


def pdf_step(folder: Path, src: Path) -> Run:
    env = {"SOURCE_DATE_EPOCH": "1688169600", "PYTHONPATH": str(src)}
    pdf = Path((folder / "pdf.path").read_text())
    shutil.rmtree(pdf.parent)
    shutil.copytree(folder / "fresh", pdf.parent)
    result = run([sys.executable, "-c", PDF_STEP, str(folder)], cwd=folder, env=env)
    return dataclasses.replace(result, out=f"{result.out}\nmd5 {_md5(pdf)}")


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _step(folder: Path, src: Path, outs: list[str]) -> Run:
    result = pdf_step(folder, src)
    outs.append(result.out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", action="append")
    parser.add_argument("--style", default="preprint")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", type=Path, default=Path("/work/main"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for paper in args.paper or ["sample", "manubot-governance"]:
            folder = Path(tmp) / paper
            prepare(paper, args.style, folder)
            outs: list[str] = []
            ratio = paired(
                lambda f=folder, o=outs: _step(f, REPO / "src", o),
                lambda f=folder, o=outs: _step(f, args.against / "src", o),
                args.repeat,
            )
            md5s = {line.split()[1] for out in outs for line in out.splitlines() if "md5" in line}
            tables = [line for out in outs for line in out.splitlines() if "tables" in line]
            spent = [
                line.split()[1] for out in outs for line in out.splitlines() if "measuring" in line
            ]
            same = "same bytes" if len(md5s) == 1 else f"DIFFERENT bytes {sorted(md5s)}"
            print(f"{paper} {args.style}: PDF step {ratio.text()}", flush=True)
            print(f"  floor {ratio.floor.cpu:.1f} CPU s, subject {ratio.subject.cpu:.1f}; {same}")
            print(f"  {tables[0] if tables else 'no tables line'} (measured, kept)", flush=True)
            print(f"  CPU s measuring tables, floor/subject in turn: {' '.join(spent)}", flush=True)
            if len(md5s) != 1:
                raise SystemExit(1)


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1688169600")
    main()
