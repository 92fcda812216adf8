"""Benchmark of `doit build` (issue 4): not a timed test, a report of numbers side by side.

    python bench/bench_build.py                 # sample paper + a generated 6,000-word paper
    python bench/bench_build.py --book          # also the 30-chapter, 100,000-word book
    python bench/bench_build.py --columns       # why two columns cost double (profiles)

Medians of --repeat runs (these machines are noisy). For each paper, in one run: pandoc
alone (standalone HTML with --citeproc), WeasyPrint alone on the same HTML and print CSS (a
fresh process, import included), our cold `doit build`, a no-op rebuild, a CSS-only rebuild,
and the peak memory of the cold build. Targets: cold build within 1.25x of pandoc +
WeasyPrint alone; no-op rebuild under 0.4 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

WEASY_ALONE = """
import sys, time
t0 = time.perf_counter()
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
t1 = time.perf_counter()
fonts = FontConfiguration()
sheets = [CSS(filename=p, font_config=fonts) for p in sys.argv[3:]]
HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(
    sys.argv[1] + ".alone.pdf", stylesheets=sheets, font_config=fonts)
print(f"{t1 - t0:.3f}")
"""


from measure import Run, median, run  # noqa: E402  (one way of measuring, bench/measure.py)


def floor_commands(paper: Path) -> tuple[list[str], list[str]]:
    """pandoc alone and WeasyPrint alone on the paper's own input: the floors of a build.

    Run them after a `doit build`, which writes build/refs.json and build/pandoc.html."""
    from docbuild.config import load_settings
    from docbuild.csl_styles import resolve_csl
    from docbuild.render.pandoc import pandoc_path
    from docbuild.style import resolve_style

    settings = load_settings(paper)
    style = resolve_style(settings)
    files = [str(p.relative_to(paper)) for p in settings.manuscript_files()]
    pandoc = [
        pandoc_path(), *files, "-s", "--citeproc", "--bibliography", "build/refs.json",
        "--csl", str(resolve_csl(settings, style)), "--mathml", "-o", "build/bench-pandoc.html",
    ]  # fmt: skip
    weasy = [
        sys.executable, "-c", WEASY_ALONE, "build/pandoc.html", str(paper / "index.html"),
        *[str(p) for p in style.css_print],
    ]  # fmt: skip
    return pandoc, weasy


def local_style(paper: Path) -> Path:
    """Copy the paper's style into paper/styles/ so the benchmark can edit its CSS."""
    sys.path.insert(0, str(REPO / "src"))
    from docbuild.config import load_settings
    from docbuild.style import resolve_style

    style = resolve_style(load_settings(paper))
    target = paper / "styles" / style.name
    if not target.exists():
        shutil.copytree(style.folder, target)
    return target


def bench_paper(name: str, paper: Path, repeat: int) -> dict[str, float]:
    doit = [sys.executable, "-m", "doit"]
    style = local_style(paper)
    colds = []
    for _ in range(repeat):
        shutil.rmtree(paper / "build", ignore_errors=True)
        colds.append(run([*doit, "build"], paper))
    cold = median(colds)
    noop = median([run([*doit, "build"], paper) for _ in range(repeat)])
    css_runs = []
    for i in range(repeat):
        for css in ("print.css", "screen.css"):
            path = style / css
            path.write_text(path.read_text(encoding="utf-8") + f"\n/* bench {i} */\n", "utf-8")
        css_runs.append(run([*doit, "build"], paper))
    css_only = median(css_runs)

    pandoc_cmd, weasy_cmd = floor_commands(paper)
    pandoc_alone = median([run(pandoc_cmd, paper) for _ in range(repeat)])
    weasy_runs = [run(weasy_cmd, paper) for _ in range(repeat)]
    weasy_alone = median(weasy_runs)
    weasy_import = statistics.median(float(r.out.strip()) for r in weasy_runs)
    both = Run(pandoc_alone.wall + weasy_alone.wall, pandoc_alone.cpu + weasy_alone.cpu, 0.0, "")
    rows = [
        ("pandoc alone", pandoc_alone),
        ("WeasyPrint alone", weasy_alone),
        ("pandoc + WeasyPrint", both),
        ("doit build, cold", cold),
        ("doit build, no-op", noop),
        ("doit build, CSS only", css_only),
    ]
    print(f"\n{name}")
    print(f"  {'':<26} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}")
    for label, r in rows:
        mem = f"{r.rss:9.0f}" if r.rss else ""
        print(f"  {label:<26} {r.wall:8.2f} {r.cpu:8.2f} {mem}")
    print(f"  WeasyPrint import: {weasy_import:.2f} s (wall, in the process above)")
    print(
        f"  cold / (pandoc + WeasyPrint): {cold.wall / both.wall:.2f} wall,"
        f" {cold.cpu / both.cpu:.2f} CPU (target 1.25); no-op {noop.wall:.2f} s (target 0.4)"
    )
    return {"cold": cold.wall, "noop": noop.wall, "css": css_only.wall, "rss": cold.rss}


def columns_study(paper: Path, repeat: int) -> None:
    """WeasyPrint on the same HTML with the style's two columns, one column, and CSS variants.

    CPU seconds (median of `repeat`, in-process and warm) and two counts that explain them:
    lines broken (`split_first_line`) and Pango layouts made (`create_layout`, text shaping).
    """
    import weasyprint.layout.inline as inline
    import weasyprint.text.line_break as line_break
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from docbuild.config import load_settings
    from docbuild.style import resolve_style

    counts = {"lines": 0, "layouts": 0}

    def counting(fn: Callable[..., object], key: str) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            counts[key] += 1
            return fn(*args, **kwargs)

        return wrapper

    inline.split_first_line = counting(inline.split_first_line, "lines")  # type: ignore[assignment]
    for module in (inline, line_break):
        module.create_layout = counting(module.create_layout, "layouts")  # type: ignore[assignment]

    st = resolve_style(load_settings(paper))
    page = paper / "build" / "pandoc.html"
    variants = {
        "as styled (two columns, justified)": "",
        "one column": "* { column-count: 1 !important; columns: auto !important; }",
        "two columns, column-fill: auto": "* { column-fill: auto !important; }",
        "two columns, hyphens: manual": "* { hyphens: manual !important; }",
        "two columns, text-align: left": "* { text-align: left !important; }",
        "one column, left, no hyphens": "* { column-count: 1 !important; columns: auto"
        " !important; text-align: left !important; hyphens: manual !important; }",
    }
    print(f"  {'variant':<36} {'CPU s':>6} {'pages':>5} {'lines':>6} {'layouts':>8}")
    for label, extra in variants.items():
        times = []
        for _ in range(repeat):
            counts.update(lines=0, layouts=0)
            fonts = FontConfiguration()
            sheets = [CSS(filename=str(p), font_config=fonts) for p in st.css_print]
            sheets.append(CSS(string=extra or "x {}", font_config=fonts))
            start = time.process_time()
            doc = HTML(filename=str(page), base_url=str(paper / "index.html")).render(
                stylesheets=sheets, font_config=fonts
            )
            doc.write_pdf()
            times.append(time.process_time() - start)
        print(
            f"  {label:<36} {statistics.median(times):6.2f} {len(doc.pages):5d}"
            f" {counts['lines']:6d} {counts['layouts']:8d}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--book", action="store_true", help="also the 100,000-word book")
    parser.add_argument("--columns", action="store_true", help="profile one vs two columns")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from generate import generate_book, generate_paper

    with tempfile.TemporaryDirectory(prefix="docbuild-bench-") as tmp:
        base = Path(tmp)
        sample = base / "sample"
        shutil.copytree(
            REPO,
            sample,
            ignore=shutil.ignore_patterns(
                ".git", "build", "src", "tests", "bench", ".venv", "*.egg-info", ".*cache"
            ),
        )
        bench_paper("sample paper (gfpr, two columns)", sample, args.repeat)
        paper = base / "paper6000"
        generate_paper(paper, words=6000, references=60, citations=60, style="gfpr")
        bench_paper("generated 6,000-word paper (gfpr, two columns)", paper, args.repeat)
        if args.columns:
            print("\nWeasyPrint on the 6,000-word paper's pandoc.html (gfpr print CSS):")
            columns_study(paper, args.repeat)
        if args.book:
            book = base / "book"
            generate_book(book)
            (book / "docbuild.toml").write_text('style = "preprint"\n', encoding="utf-8")
            bench_paper("generated book (30 chapters, 100,000 words, preprint)", book, 1)


if __name__ == "__main__":
    main()
