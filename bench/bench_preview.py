"""Benchmark of `docbuild preview` (issue 18): from a one-line save to the new text in the
browser, and to the refreshed PDF. Not a timed test: numbers for RESULTS.md.

    python bench/bench_preview.py              # the sample paper; writes its RESULTS.md section
    python bench/bench_preview.py --book       # also the generated 100,000-word book
    python bench/bench_preview.py --repeat 3   # fewer pairs, printed only

`docbuild preview --no-open` runs on a copy of the paper with headless Chromium showing its
page (tests/preview/cdp.py). Each pair: first the floor, a cold WeasyPrint render of the same
build/pandoc.html with the style's print CSS in a fresh process (bench_build.WEASY_ALONE,
import included); then one line of the manuscript is saved with a new word in it, and the
clock runs until the word is in the frame's text (HTML) and until the preview says the PDF of
that build is written (PDF). The 1-minute load average is read before each pair. Targets:
HTML <= 0.5 s; PDF <= 1.2x the cold render; the book's HTML <= 3 s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests" / "preview"))

from bench_build import floor_commands  # noqa: E402  (after the path set-up above)
from bench_issue import write_section  # noqa: E402
from cdp import Chromium, Page, chromium_path  # noqa: E402
from measure import load_now, run  # noqa: E402
from previewkit import Preview, copy_sample  # noqa: E402

SECTION = "## docbuild preview: a one-line save to the browser and to the PDF (issue 18)"
STAMP = "%Y-%m-%d %H:%M UTC"
PAPER_TEXT = "document.getElementById('paper').contentDocument.body.innerText"


@dataclass(frozen=True, slots=True)
class Pair:
    html: float  # seconds from the save to the word in the browser
    rebuild: float  # of which the rebuild, from the save seen to build/paper.html written
    pdf: float  # seconds from the save to the PDF of that build
    cold_render: float  # the floor: WeasyPrint alone in a fresh process, wall seconds
    pandoc_alone: float  # pandoc alone (reader, citeproc, HTML) in a fresh process
    load: float  # 1-minute load average before the pair


def state(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "_preview/state", timeout=30) as answer:
        return dict(json.load(answer))


def settled(url: str, limit: float = 1800.0) -> dict[str, object]:
    """The state once no rebuild and no PDF is running (first build included)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        now = state(url)
        pdf = now["pdf"]
        assert isinstance(pdf, dict)
        if now["page"] and not now["building"] and not pdf["building"] and pdf["page"]:
            if now["error"] or pdf["error"]:
                raise SystemExit(f"the preview failed: {now['error'] or pdf['error']}")
            return now
        time.sleep(0.05)
    raise SystemExit("the preview did not settle")


def one_pair(paper: Path, url: str, page: Page, chapter: Path, n: int, pandoc_floor: bool) -> Pair:
    load = load_now()
    pandoc, weasy = floor_commands(paper)
    # pandoc alone on the book is minutes of citeproc (docs/performance.md): left out there.
    pandoc_alone = run(pandoc, paper).wall if pandoc_floor else math.nan
    floor = run(weasy, paper)
    word = f"Benchmarked{n}x"
    text = chapter.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if len(line) > 60)  # a line of the text
    words = lines[at].split(" ")
    words[len(words) // 2] = word
    lines[at] = " ".join(words)
    generation = int(str(state(url)["generation"]))
    saved = time.perf_counter()
    chapter.write_text("".join(lines), encoding="utf-8")
    page.wait_for(f"{PAPER_TEXT}.includes({json.dumps(word)})", limit=600, pause=0.005)
    html = time.perf_counter() - saved
    rebuild = float(str(state(url)["took"]))
    while True:
        now = state(url)
        pdf = now["pdf"]
        assert isinstance(pdf, dict)
        if int(str(pdf["page"])) > generation and not pdf["building"]:
            break
        time.sleep(0.01)
    pdf_time = time.perf_counter() - saved
    settled(url)
    return Pair(html, rebuild, pdf_time, floor.wall, pandoc_alone, load)


def measure(paper: Path, repeat: int, profile: Path, *, pandoc_floor: bool = True) -> list[Pair]:
    binary = chromium_path()
    if binary is None:
        raise SystemExit("no chromium: apt-get install chromium")
    preview = Preview(paper)
    browser = None
    try:
        url = preview.url(limit=600)
        settled(url)
        browser = Chromium(profile, binary)
        page = browser.page(url)
        page.wait_for("document.body.dataset.page", limit=600)
        chapters = sorted((paper / "manuscript").glob("*.md"))
        chapter = chapters[len(chapters) // 2]
        return [one_pair(paper, url, page, chapter, n, pandoc_floor) for n in range(repeat)]
    finally:
        if browser is not None:
            browser.close()
        if preview.proc.poll() is None:
            preview.stop()
        preview.kill()


def _median(values: list[float]) -> str:
    return "–" if math.isnan(values[0]) else f"{statistics.median(values):.2f}"


def _spread(values: list[float]) -> str:
    return "–" if math.isnan(values[0]) else f"{min(values):.2f}-{max(values):.2f}"


def summary(name: str, pairs: list[Pair], html_target: float) -> str:
    html = [p.html for p in pairs]
    html_ratio = [p.html / p.pandoc_alone for p in pairs]
    pdf_ratio = [p.pdf / p.cold_render for p in pairs]
    loads = [p.load for p in pairs]
    row = (
        f"| {name} | {_median(html)} s ({_spread(html)}; target {html_target:g} s) "
        f"| {_median([p.rebuild for p in pairs])} s "
        f"| {_median([p.pandoc_alone for p in pairs])} s "
        f"| {_median(html_ratio)}x ({_spread(html_ratio)}) "
        f"| {_median([p.pdf for p in pairs])} s "
        f"| {_median([p.cold_render for p in pairs])} s "
        f"| {_median(pdf_ratio)}x ({_spread(pdf_ratio)}; target 1.2x) "
        f"| {len(pairs)} | {min(loads):.1f}-{max(loads):.1f} |"
    )
    return row.replace("– s", "–").replace("–x (–)", "–")


def report(rows: list[str]) -> str:
    from weasyprint import __version__ as weasyprint_version

    from docbuild.render.pandoc import pandoc_path

    pandoc = os.popen(f"{pandoc_path()} --version").read().split("\n", 1)[0]
    return (
        f"{SECTION}\n\n"
        f"Written by `python bench/bench_preview.py`. {time.strftime(STAMP, time.gmtime())}; "
        f"{platform.machine()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"{pandoc}; WeasyPrint {weasyprint_version}; headless Chromium.\n\n"
        "| paper | save → new text in the browser: median (range) | of which the rebuild "
        "| pandoc alone (floor) | browser ÷ pandoc alone | save → PDF | cold WeasyPrint "
        "render (floor) | PDF ÷ WeasyPrint alone | pairs | load |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
        "Each pair: the floors first, pandoc alone (the manuscript to standalone HTML with "
        "`--citeproc`, a fresh process) and WeasyPrint alone (the same build/pandoc.html with "
        "the style's print CSS, a fresh process, import included), then one line of a middle "
        "chapter saved with a new word; "
        "the HTML time ends when the word is in the browser's frame (polled every 5 ms over "
        "the DevTools protocol), the rebuild is the preview's own count (from the save seen to "
        "build/paper.html written), the PDF time ends when the preview reports the PDF of that "
        "build. "
        "The load is the 1-minute load average before each pair, on a machine shared with "
        "other work.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--book", action="store_true")
    parser.add_argument("--book-pairs", type=int, default=2)
    parser.add_argument("--no-sample", action="store_true", help="the book alone (printed)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        root = Path(tmp)
        if not args.no_sample:
            sample = copy_sample(root / "sample")
            rows.append(summary("sample paper", measure(sample, args.repeat, root / "p1"), 0.5))
            print(rows[-1], flush=True)
        if args.book:
            from generate import generate_book

            generate_book(root / "book")
            book = measure(root / "book", args.book_pairs, root / "p2", pandoc_floor=False)
            rows.append(summary("generated book (100,000 words)", book, 3.0))
            print(rows[-1], flush=True)
    text = report(rows)
    print(text)
    if args.repeat >= 5 and not args.no_sample:
        write_section(text, HERE / "RESULTS.md", SECTION)


if __name__ == "__main__":
    main()
