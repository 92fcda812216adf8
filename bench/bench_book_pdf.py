"""Where the book's PDF step goes (issue 18): a report of numbers, not a timed test.

    python bench/bench_book_pdf.py BOOK [OUT.pdf]  # BOOK built with `doit lint pandoc`
    DOCBUILD_RELAYOUT=0 python bench/bench_book_pdf.py BOOK

BOOK is bench/generate.py's `generate_book` in the preprint style (bench/bench_book.py's
make_book) whose build/ has pandoc.html. The PDF step's rendering (render/pdf.py `_render`)
runs in this process, not in the forked child, so that each part is timed apart: every
WeasyPrint layout (`HTML.render`: the float pass's, then the line numbers' own), the pages
the float pass's relayout kept per layout, the columns filled, the line-number pass and
write_pdf. CPU is this process's (time.process_time); the rest of the total is parsing the
page for each layout, the float pass's own reading of it, and checks. PROFILE=FILE also writes
a cProfile of the whole step to FILE.
"""

from __future__ import annotations

import cProfile
import dataclasses
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import weasyprint  # type: ignore[import-untyped]

import docbuild.render.floats as floats
import docbuild.render.line_numbers as line_numbers
import docbuild.render.relayout as relayout
from docbuild.config import load_settings
from docbuild.jobs.build import pdf_job
from docbuild.render import pdf

LOG: list[tuple[str, float, float]] = []  # (part, wall, CPU)


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            LOG.append((name, time.perf_counter() - wall, time.process_time() - cpu))
            print(f"  {name:<13} {LOG[-1][1]:7.2f} s wall {LOG[-1][2]:7.2f} s CPU", flush=True)

    return wrapper


def main() -> None:
    folder = Path(sys.argv[1])
    job = pdf_job(load_settings(folder))
    job = dataclasses.replace(job, html=pdf.typeset_math(job, timeout=600))
    weasyprint.HTML.render = timed("layout", weasyprint.HTML.render)
    weasyprint.Document.write_pdf = timed("write_pdf", weasyprint.Document.write_pdf)
    line_numbers.add_line_numbers = timed("line_numbers", line_numbers.add_line_numbers)
    floats.fill_columns = timed("fill_columns", floats.fill_columns)
    floats.index_units = timed("index_units", floats.index_units)
    resume = relayout.resume_layouts
    kept: list[int] = []

    @contextmanager
    def counted(**kwargs: Any) -> Iterator[list[int]]:
        with resume(**kwargs) as pages:
            yield pages
        kept.extend(pages)

    relayout.resume_layouts = counted
    profile = cProfile.Profile() if os.environ.get("PROFILE") else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    data, _, pages = pdf._render(job)
    if profile:
        profile.disable()
        profile.dump_stats(os.environ["PROFILE"])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_bytes(data)  # to compare the bytes of two runs
    load = os.getloadavg()[0]
    layouts = [c for name, _, c in LOG if name == "layout"]
    print(f"\n{pages} pages; {len(layouts) - 1} float-pass layouts, pages kept per layout {kept}")
    for part in ("layout", "index_units", "fill_columns", "line_numbers", "write_pdf"):
        cpu_part = sum(c for name, _, c in LOG if name == part)
        print(f"  {part:<13} {cpu_part:7.1f} s CPU ({cpu_part / cpu:.0%})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  total         {cpu:7.1f} s CPU, {wall:.1f} s wall (load {load:.1f} at the end), "
          f"peak {peak:.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
