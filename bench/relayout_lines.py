"""Which lines of render/relayout.py a corpus build's partial layouts run (bench/RESULTS.md,
s18suite): the relayout paths each real manuscript exercises, to compare the cases of
tests/render/test_relayout.py.

Give it `corpus_build` folders of a test run (tests/styles/conftest.py: each keeps the job of
its PDF step's last render, whose paths point into the folder: use them while they exist):

    PYTHONPATH=src python bench/relayout_lines.py OUT.json \
        /tmp/pytest-of-$USER/pytest-N/shared-builds/corpus-gfpr-manubot-governance ...

It renders each job again in this process with the partial layouts on, tracing relayout.py
only (the render is about twice as slow under the trace), and writes each folder's lines; it
prints, per folder, the lines that some other folder ran and it did not.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any


def lines_run(folder: Path, scratch: Path) -> set[int]:
    """The lines of relayout.py that a render of the folder's last PDF job runs."""
    import docbuild.render.pdf as pdf
    from docbuild.render import relayout

    target = relayout.__file__
    seen: set[int] = set()

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            seen.add(frame.f_lineno)
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != target:
            return None
        seen.add(frame.f_lineno)
        return local

    job = pickle.loads((folder / "last-job.pickle").read_bytes())  # written by that test run
    cache = scratch / f"{folder.name}-math.json"  # the render writes it: the folder's is read only
    if job.math_cache is not None and job.math_cache.exists():
        shutil.copy2(job.math_cache, cache)
    job = dataclasses.replace(job, math_cache=cache)
    job = dataclasses.replace(job, html=pdf.typeset_math(job, timeout=600))
    pdf.last_page_differs = lambda *_: False  # as test_relayout: the layout, not that check
    sys.settrace(calls)
    try:
        pdf._render(job)
    finally:
        sys.settrace(None)
    return seen


def main(argv: list[str]) -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1688169600")  # tests/styles' builds' epoch
    out, folders = Path(argv[0]), [Path(a) for a in argv[1:]]
    with tempfile.TemporaryDirectory() as scratch:
        found = {f.name: lines_run(f, Path(scratch)) for f in folders}
    everything = set().union(*found.values())
    for name, lines in found.items():
        print(f"{name}: {len(lines)} lines; not run here: {sorted(everything - lines)}")
    out.write_text(json.dumps({k: sorted(v) for k, v in found.items()}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
