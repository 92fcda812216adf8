"""Benchmark of math in `doit build` (issue 12): a report of numbers, not a timed test.

    python bench/bench_math.py               # 300 display + 600 inline expressions, gfpr
    python bench/bench_math.py --repeat 3 --style ieee
    python bench/bench_math.py --against main --repeat 3   # and a revision's tree, paired

One generated paper with 300 display and 600 inline expressions, every one different, and the
same paper with the math removed, built cold in the same run, alternately, --repeat times;
medians. Target: the paper with math builds in at most 1.5x the time of the one without.
A rebuild after a text edit (the math laid out before, kept in build/math-cache/) is shown
too. `--against REV`: REV's tree (its source first on PYTHONPATH) builds the same two papers
in each round too, before this tree, so both are measured in the same minutes; each round's
ratio is its own math/plain pair. Results go to bench/RESULTS.md by hand (run_all does not
run this one).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import Run, median, run  # noqa: E402
from measure import load_now, trees  # noqa: E402

FRONT = """---
title: "A Generated Paper with Mathematics"
author:
  - name: A. Author
    affiliation: 1
affiliation:
  - id: 1
    organization: Example University
journal:
  title: Global Foreign Policies Review
article:
  volume: 1
  issue: 1
keywords: [benchmark]
abstract: A generated paper to measure what mathematics costs a build.
---
"""
PROSE = (
    "the model estimates each coefficient from the observed sample and compares it with the "
    "value implied by the theory while the residual variance measures how far the fitted "
    "values stray from the data under the stated assumptions of independence and constant "
    "spread across every group of the design"
)
WORDS = PROSE.split()


def inline(k: int, rng: random.Random) -> str:
    """One of several inline shapes, made unique by `k`."""
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    shapes = (
        f"x_{{{k}}}^{{{a}}}",
        f"\\hat{{\\beta}}_{{{k}}} = {a}.{b}",
        f"\\alpha_{{{k}}} + \\beta^{{{a}}}",
        f"\\mathbb{{R}}^{{{k}}}",
        f"\\sum_{{i=1}}^{{{k}}} x_i",
        f"\\frac{{{a}}}{{{k}}}",
        f"\\sigma_{{{k}}}^2 \\le {a}",
        f"\\bar{{y}}_{{{k}}} \\in [0, {b}]",
    )
    return "$" + shapes[k % len(shapes)] + "$"


def display(k: int, rng: random.Random) -> str:
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    shapes = (
        f"\\sum_{{i=1}}^{{n_{{{k}}}}} \\left( y_i - x_i^\\top \\beta_{{{k}}} \\right)^2"
        f" = \\frac{{{a}}}{{{b} + \\sqrt{{n}}}}",
        f"\\int_0^{{{k}}} e^{{-{a} x^2}}\\,\\mathrm{{d}}x \\le \\sqrt{{\\frac{{\\pi}}{{{b}}}}}",
        f"A_{{{k}}} = \\begin{{pmatrix}} {a} & {b} \\\\ {b} & {a + k} \\end{{pmatrix}}",
        f"\\begin{{aligned}} f_{{{k}}}(x) &= (x + {a})^2 \\\\ &= x^2 + {2 * a}x + {a * a}"
        f" \\end{{aligned}}",
        f"|x_{{{k}}}| = \\begin{{cases}} x & x \\ge {a} \\\\ -x & \\text{{otherwise}}"
        f" \\end{{cases}}",
        f"\\hat{{\\theta}}_{{{k}}} = \\operatorname*{{arg\\,max}}_{{\\theta}}"
        f" \\prod_{{j=1}}^{{{b}}} p(y_j \\mid \\theta)",
    )
    body = shapes[k % len(shapes)]
    return f"$${body}$$ {{#eq:e{k}}}" if k % 3 == 0 else f"$${body}$$"


def paper_text(*, with_math: bool, displays: int = 300, inlines: int = 600) -> str:
    rng = random.Random(12)
    parts = [FRONT, "\n# Results\n"]
    per = inlines // displays
    for k in range(displays):
        words = rng.sample(WORDS, 30)
        sentence = " ".join(words[:15])
        second = " ".join(words[15:])
        maths = [inline(k * per + j, rng) for j in range(per)] if with_math else [""] * per
        parts.append(f"The {sentence} {maths[0]} and {second} {maths[1]}.\n")
        if k and k % 40 == 0:
            parts.append(f"\n# Part {k // 40}\n")
        equation = display(k, rng)
        if with_math:
            parts.append(f"\n{equation}\n")
        parts.append("\n")
    return "\n".join(parts)


def make_paper(folder: Path, *, with_math: bool, style: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "manuscript").mkdir()
    (folder / "manuscript" / "paper.md").write_text(paper_text(with_math=with_math), "utf-8")
    (folder / "refs.bib").write_text("", encoding="utf-8")
    (folder / "dodo.py").write_text("from docbuild.tasks import *  # noqa: F403\n", "utf-8")
    (folder / "docbuild.toml").write_text(f'style = "{style}"\n', encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--style", default="gfpr")
    parser.add_argument("--against", metavar="REV", help="also a git revision's tree, paired")
    args = parser.parse_args()
    doit = [sys.executable, "-m", "doit", "build"]
    with (
        tempfile.TemporaryDirectory(prefix="bench-math-") as tmp,
        trees(args.against, Path(tmp)) as envs,
    ):
        math = make_paper(Path(tmp) / "math", with_math=True, style=args.style)
        plain = make_paper(Path(tmp) / "plain", with_math=False, style=args.style)
        cold: dict[str, dict[str, list[Run]]] = {t: {"math": [], "plain": []} for t in envs}
        for _ in range(args.repeat):
            for tree, env in envs.items():
                for name, paper in (("math", math), ("plain", plain)):
                    shutil.rmtree(paper / "build", ignore_errors=True)  # (doit's state too)
                    cold[tree][name].append(run(doit, paper, env))
        edited: list[Run] = []
        for i in range(args.repeat):
            text = math / "manuscript" / "paper.md"
            text.write_text(text.read_text("utf-8") + f"\nAn edit {i}.\n", "utf-8")
            edited.append(run(doit, math))
        again = median(edited)
        pages = _pages(math / "build" / "paper.pdf"), _pages(plain / "build" / "paper.pdf")
    print(f"math paper ({args.style}): 300 display + 600 inline expressions, {pages[0]} pages"
          f" ({pages[1]} without the math); load now {load_now():.1f}")  # fmt: skip
    for tree, runs in cold.items():
        with_math, without = median(runs["math"]), median(runs["plain"])
        ratios = sorted(m.cpu / p.cpu for m, p in zip(runs["math"], runs["plain"], strict=True))
        loads = [r.load for r in runs["math"] + runs["plain"]]
        print(f"{tree}, {args.repeat} rounds, load {min(loads):.1f}-{max(loads):.1f}:")
        print(f"  cold build with math     {with_math.wall:7.2f} s wall {with_math.cpu:7.2f} s CPU")
        print(f"  cold build, math removed {without.wall:7.2f} s wall {without.cpu:7.2f} s CPU")
        print(f"  ratio of the medians     {with_math.wall / without.wall:7.2f} wall"
              f" {with_math.cpu / without.cpu:7.2f} CPU   (target 1.5); per round, CPU:"
              f" {', '.join(f'{r:.2f}' for r in ratios)}")  # fmt: skip
    print(f"  rebuild after a text edit {again.wall:6.2f} s wall (math from the cache)")


def _pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(pdf).pages)


if __name__ == "__main__":
    main()
