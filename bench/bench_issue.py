"""Benchmark of `docbuild issue` (issue 17): an issue of 20 papers, cold and after changes.

    python bench/bench_issue.py              # writes its section of bench/RESULTS.md
    python bench/bench_issue.py --papers 6   # a smaller issue, printed only

The sample paper and 19 generated papers of different lengths (tests/issue/issuekit.py),
built with SOURCE_DATE_EPOCH set. Measured: the cold build; a no-op rebuild; one paper's
text changed without changing its length (only it is rebuilt); one paper made a page longer
(it and every paper after it are rebuilt, renumbered). A paper counts as rebuilt when its
PDF was written again. Not a timed test: numbers for RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests" / "issue"))

from bench_build import Run, run  # noqa: E402  (after the path set-up above)
from issuekit import copy_sample, make_paper, write_body, write_issue  # noqa: E402

SECTION = "## docbuild issue: 20 papers, cold and after one paper changed"


def _pdf_times(build: Path) -> dict[str, int]:
    return {p.parent.name: p.stat().st_mtime_ns for p in (build / "papers").glob("*/paper.pdf")}


def _issue(root: Path) -> Run:
    os.environ["SOURCE_DATE_EPOCH"] = "1688083200"
    return run([sys.executable, "-m", "docbuild.cli", "issue", str(root / "ISSUE.toml")], root)


def measure(papers: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-issue-") as tmp:
        root = Path(tmp)
        copy_sample(root / "sample")
        names = ["sample"]
        for n in range(2, papers + 1):
            names.append(f"paper{n:02d}")
            make_paper(root / names[-1], n, 4 + (n * 7) % 27)  # 4 to 30 paragraphs
        write_issue(root, names)
        build = root / "build"
        results: dict[str, object] = {"papers": papers}
        cold = _issue(root)
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        results["pages"] = sum(p["pages"] for p in manifest["papers"])
        results["cold"] = cold
        before = _pdf_times(build)
        results["noop"] = _issue(root)
        results["noop_rebuilt"] = sum(1 for k, v in _pdf_times(build).items() if before[k] != v)
        middle = names[len(names) // 2]
        body = root / middle / "manuscript" / "01-body.md"
        # Same length: one word changed.
        body.write_text(
            body.read_text(encoding="utf-8").replace("weighs", "assesses", 1), encoding="utf-8"
        )
        before = _pdf_times(build)
        results["edit"] = _issue(root)
        results["edit_rebuilt"] = sum(1 for k, v in _pdf_times(build).items() if before[k] != v)
        # A page longer: the papers after it are renumbered.
        paragraphs = len(re.findall(r"^Paragraph \d+", body.read_text(encoding="utf-8"), re.M))
        write_body(root / middle, paragraphs + 10)
        before = _pdf_times(build)
        results["longer"] = _issue(root)
        results["longer_rebuilt"] = sum(1 for k, v in _pdf_times(build).items() if before[k] != v)
        results["after_middle"] = len(names) - names.index(middle) - 1
        return results


def report(r: dict[str, object]) -> str:
    def row(label: str, key: str, rebuilt: str) -> str:
        m = r[key]
        assert isinstance(m, Run)
        return f"| {label} | {m.wall:.1f} s | {m.cpu:.1f} s | {m.rss:.0f} MiB | {rebuilt} |"

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        SECTION,
        "",
        f"Written by `python bench/bench_issue.py` on {when}:"
        f" the sample paper and {int(str(r['papers'])) - 1} generated papers (gfpr, 4 to 30"
        f" paragraphs each), {r['pages']} pages in all; one run each on a shared 2-core machine.",
        "",
        "| build | wall | CPU | peak memory | papers rebuilt |",
        "|---|---:|---:|---:|---:|",
        row("cold (nothing built)", "cold", f"{r['papers']} of {r['papers']}"),
        row("no-op (nothing changed)", "noop", f"{r['noop_rebuilt']}"),
        row("one paper's text changed, same length", "edit", f"{r['edit_rebuilt']}"),
        row(
            "that paper a page longer",
            "longer",
            f"{r['longer_rebuilt']} (it and the {r['after_middle']} after it, renumbered)",
        ),
        "",
        f"Load average at the end: {os.getloadavg()[0]:.1f} (other work shared the two cores:"
        " CPU time is the figure to compare).",
        "",
        "A paper is rebuilt when its files or its first page changed; the table of contents,"
        " the issue PDF, the deposit and the manifest are rewritten whenever any paper was.",
        "Each cold paper is rendered twice by WeasyPrint when its page count is not known"
        ' yet (the page count fixes the "Pages: x – y" line on page 1).',
        "",
    ]
    return "\n".join(lines)


def write_section(text: str, path: Path, section: str = SECTION) -> None:
    """Put `text` in place of RESULTS.md's `section` (the heading and what follows, up to the
    next heading), or at the end when there is none yet."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    pattern = re.compile(re.escape(section) + r".*?(?=\n## |\Z)", re.S)
    new = (
        pattern.sub(lambda _: text.rstrip("\n") + "\n", old)
        if section in old
        else old.rstrip("\n") + "\n\n" + text
    )
    path.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20)
    args = parser.parse_args()
    text = report(measure(args.papers))
    print(text)
    if args.papers == 20:
        write_section(text, HERE / "RESULTS.md")


if __name__ == "__main__":
    main()
