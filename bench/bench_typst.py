"""Typst on a paper folder's manuscript: the floor the book's cold build is held against.

    python bench/bench_typst.py PAPER_FOLDER

pandoc writes the manuscript as Typst markup without citeproc (citations become Typst's own
`@key`), and the `typst` package (PyPI; a Python binding with the compiler) typesets it with
its own APA bibliography read from refs.bib. Both run as fresh processes, like a build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from measure import Run, combined, run

COMPILE = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])
"""


def typst_floor(paper: Path) -> Run:
    """pandoc -> Typst markup -> PDF, for the paper folder `paper`."""
    from docbuild.config import load_settings
    from docbuild.render.pandoc import pandoc_path

    settings = load_settings(paper)
    files = [str(p.relative_to(paper)) for p in settings.manuscript_files()]
    out = paper / "build" / "bench-typst"
    out.mkdir(parents=True, exist_ok=True)
    source = paper / "bench-typst.typ"  # beside the manuscript: image paths resolve from here
    markup = run(
        [pandoc_path(), *files, "-s", "-t", "typst", "-M", "bibliography=refs.bib",
         "-M", "bibliographystyle=apa", "-o", str(source)],
        paper,
    )  # fmt: skip
    # pandoc's Typst template writes key words unquoted, which Typst reads as variables.
    text = source.read_text(encoding="utf-8")
    source.write_text(
        re.sub(r"(?m)^(\s*keywords: )\((.*)\),$", r'\1("\2",),', text), encoding="utf-8"
    )
    compiled = run(
        [sys.executable, "-c", COMPILE, str(source), str(out / "paper.pdf"),
         str(paper)],
        paper,
    )  # fmt: skip
    return combined(markup, compiled)


if __name__ == "__main__":
    r = typst_floor(Path(sys.argv[1]).resolve())
    print(f"Typst: {r.wall:.2f} s wall, {r.cpu:.2f} s CPU, peak {r.rss:.0f} MiB")
