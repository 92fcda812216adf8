"""Benchmark of the reference linter (issue 3): not a timed test, a report of numbers.

    python bench/bench_lint.py                  # 10,000 entries + a 100,000-word manuscript
    python bench/bench_lint.py --entries 2000 --words 20000 --profile

Reads a generated paper folder (bench/generate.py), then times, in one process on one core:
reading refs.bib (bibtexparser + our checks), reading the manuscript, and linting (context,
every rule, policy). Times are CPU seconds of this one process. Target: linting under 3 s.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate_paper  # noqa: E402

from docbuild.bib.dates import entry_year  # noqa: E402
from docbuild.bib.latex import to_unicode  # noqa: E402
from docbuild.bib.model import Bibliography  # noqa: E402
from docbuild.bib.names import PARTICLES, parse_name, split_names  # noqa: E402
from docbuild.cite.engine import CslPrinter  # noqa: E402
from docbuild.config import load_settings  # noqa: E402
from docbuild.jobs.bibfile import read_bib  # noqa: E402
from docbuild.jobs.parse import parse_files  # noqa: E402
from docbuild.lint.engine import build_context, lint  # noqa: E402

TARGET = 3.0
SINGLE = re.compile(r"\[@([\w:.-]+)\]")


def clock() -> float:
    """CPU time of this process: the other jobs on a shared 2-core machine do not count."""
    return time.process_time()


def type_citations(files: list[Path], bibliography: Bibliography) -> int:
    """Rewrite every fifth single `[@key]` as a typed `(Family, 2019)`, as Word files have."""
    entries = bibliography.by_key()
    count = 0

    def typed(m: re.Match[str]) -> str:
        nonlocal count
        entry = entries.get(m.group(1))
        names = split_names((entry.value("author") or "") if entry else "")
        year = entry_year(entry) if entry else None
        if not names or year is None or zlib.crc32(m.group(1).encode()) % 5:
            return m.group()
        name = parse_name(names[0])
        family = to_unicode(f"{name.von} {name.last}") if name is not None else ""
        if not family or (family[0].islower() and family.split()[0] not in PARTICLES):
            return m.group()
        count += 1
        return f"({family}, {year})"

    for path in files:
        path.write_text(SINGLE.sub(typed, path.read_text(encoding="utf-8")), encoding="utf-8")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true", help="print the top of a profile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-lint-") as tmp:
        folder = Path(tmp) / "paper"
        paper = generate_paper(
            folder,
            chapters=30,
            words=args.words,
            references=args.entries,
            citations=args.entries * 3 // 2,
            figures=0,
            tables=0,
        )
        settings = load_settings(folder)
        typed = type_citations(settings.manuscript_files(), read_bib(settings.bib_path))
        t0 = clock()
        bibliography = read_bib(settings.bib_path)
        t1 = clock()
        parsed = parse_files(settings.manuscript_files(), root=settings.root)
        t_parse = clock()
        manuscript = parsed.manuscript()
        t2 = clock()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        # As the shell does: the style (APA here) read first, then linted with it.
        ctx = build_context(bibliography, manuscript, printer=CslPrinter(None))
        t3 = clock()
        result = lint(ctx)
        t4 = clock()
        if profiler:
            profiler.disable()
    by_rule = Counter(d.name for d in result.findings)
    print(
        f"{len(bibliography.entries):,} entries, {paper.words:,} words in "
        f"{len(manuscript.paragraphs):,} paragraphs, {len(ctx.citations):,} citations "
        f"({typed:,} typed by hand)"
    )
    print(f"read refs.bib          {t1 - t0:6.2f} s")
    print(f"pandoc parse (shared)  {t_parse - t1:6.2f} s  (the build's one parse; not lint's)")
    print(f"place the manuscript   {t2 - t_parse:6.2f} s")
    print(f"index citations        {t3 - t2:6.2f} s")
    print(f"run the rules          {t4 - t3:6.2f} s")
    lint_time = t4 - t_parse  # placing the manuscript is lint's work; pandoc's parse is shared
    verdict = "under" if lint_time < TARGET else "OVER"
    print(f"lint (manuscript + rules) {lint_time:5.2f} s: {verdict} the {TARGET:.0f} s target")
    print(f"read + lint, all in    {t4 - t0:6.2f} s")
    print("findings: " + ", ".join(f"{n} {name}" for name, n in by_rule.most_common()))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
