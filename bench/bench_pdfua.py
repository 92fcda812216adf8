"""What the tagged PDF and the counted page range cost (issue 16): ratios, not timed tests.

    python bench/bench_pdfua.py [--pairs 3]

Two ratios on the sample paper (gfpr), each from pairs run one right after the other
(bench/measure.py: floor, subject, floor, subject, ...; the load before each run recorded):
- PDF/UA-1 (tagged, the default) against PDF/A-3b (untagged): `doit pdf` after the rest of
  the build, the PDF alone made again (build/paper.pdf removed);
- a cold `doit build` whose front matter names no lpage (the pdf step prints the PDF's own last
  page with a counter, render/lastpage.py) against one that names the right one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from measure import Run, paired, run  # noqa: E402  (one way of measuring, bench/measure.py)

ENV = {"SOURCE_DATE_EPOCH": "1688169600"}
DOIT = [sys.executable, "-m", "doit"]


def paper(root: Path, *, variant: str, lpage: int | None) -> Path:
    """The repository's sample paper in `root`, with that variant and lpage."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in ("dodo.py", "refs.bib"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "manuscript", root / "manuscript")
    config = (REPO / "docbuild.toml").read_text(encoding="utf-8")
    (root / "docbuild.toml").write_text(config + f'\n[pdf]\nvariant = "{variant}"\n')
    if lpage is not None:
        front = root / "manuscript" / "00-front.md"
        text = front.read_text(encoding="utf-8")
        front.write_text(text.replace("  fpage: 1\n", f"  fpage: 1\n  lpage: {lpage}\n"))
    return root


def pdf_again(root: Path) -> Run:
    (root / "build" / "paper.pdf").unlink()
    return run([*DOIT, "pdf"], root, ENV)


def cold(root: Path) -> Run:
    shutil.rmtree(root / "build", ignore_errors=True)
    return run([*DOIT, "build"], root, ENV)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        tagged = paper(base / "ua", variant="pdf/ua-1", lpage=5)
        untagged = paper(base / "a3b", variant="pdf/a-3b", lpage=5)
        for root in (tagged, untagged):
            cold(root)  # the rest of the build, and the math cache, once
        ratio = paired(lambda: pdf_again(tagged), lambda: pdf_again(untagged), args.pairs)
        print(f"PDF/UA-1 against PDF/A-3b, the pdf step alone: {ratio.text()}")
        counted = paper(base / "counted", variant="pdf/ua-1", lpage=None)
        declared = paper(base / "declared", variant="pdf/ua-1", lpage=5)
        ratio = paired(lambda: cold(counted), lambda: cold(declared), args.pairs)
        print(f"cold build, lpage counted against lpage declared: {ratio.text()}")


if __name__ == "__main__":
    main()
