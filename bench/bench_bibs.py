"""What reading a bibliography kept in several files costs (`bibliography = [a.bib, ...]`):
a report of numbers, not a timed test.

    python bench/bench_bibs.py                   # 10,000 entries, one file against six
    python bench/bench_bibs.py --entries 2000 --files 3

The floor is the same entries in one file, read and linted in the same run; the figure is the
ratio of the six files' read, join and lint to it. CPU seconds of this process
(time.process_time), best of `--repeat`, so other jobs on a shared machine do not count.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_bib import best_of  # noqa: E402
from generate import generate_bib  # noqa: E402

from docbuild.bib.join import join_bibliographies  # noqa: E402
from docbuild.bib.read import parse_bib  # noqa: E402
from docbuild.lint.engine import lint_all  # noqa: E402


def split(text: str, files: int) -> list[str]:
    """The entries of `text` dealt into `files` texts, each with the file's @string header
    (a file's macros are its own, as pandoc reads each file)."""
    start = re.search(r"^@(?!string|preamble)", text, re.MULTILINE)
    assert start is not None
    header, body = text[: start.start()], text[start.start() + 1 :]
    entries = ["@" + e for e in body.split("\n@")]
    size = -(-len(entries) // files)
    return [header + "\n".join(entries[i : i + size]) for i in range(0, len(entries), size)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = generate_bib(args.entries).text
    parts = split(text, args.files)
    paths = [Path(f"part{i}.bib") for i in range(len(parts))]
    one = parse_bib(text, Path("refs.bib"))
    joined = join_bibliographies([parse_bib(t, p) for t, p in zip(parts, paths, strict=True)])
    assert len(joined.entries) == len(one.entries) == args.entries
    same = len(lint_all(one).findings), len(lint_all(joined).findings)
    rows = [
        ("read, one file (floor)", lambda: parse_bib(text, Path("refs.bib"))),
        (
            f"read, {len(parts)} files, not joined",
            lambda: [parse_bib(t, p) for t, p in zip(parts, paths, strict=True)],
        ),
        (
            f"read + join, {len(parts)} files",
            lambda: join_bibliographies(
                [parse_bib(t, p) for t, p in zip(parts, paths, strict=True)]
            ),
        ),
        ("lint, one file (floor)", lambda: lint_all(one)),
        (f"lint, {len(parts)} files joined", lambda: lint_all(joined)),
    ]
    print(f"{args.entries} entries; findings one file / joined: {same[0]} / {same[1]}")
    times = [best_of(args.repeat, run) for _, run in rows]
    for (name, _), seconds in zip(rows, times, strict=True):
        print(f"{name:32} {seconds:7.3f} s")
    print(
        f"ratios to the floor: read {times[1] / times[0]:.2f}, read + join "
        f"{times[2] / times[0]:.2f}, lint {times[4] / times[3]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
