"""Benchmark of the bibliography core (issue 2): a report of numbers, not a timed test.

    python bench/bench_bib.py                    # read/normalize/write/CSL of 10,000 entries
    python bench/bench_bib.py --entries 2000 --profile
    python bench/bench_bib.py --fuzz 20000       # malformed inputs: crashes, losses, silent changes

Times are CPU seconds of this one process (time.process_time), best of `--repeat` runs, so that
other jobs on a shared machine do not count. Target: reading 10,000 entries in about 2 s.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "bib"))

from bib_strategies import strict_entries, unaccounted  # noqa: E402
from generate import generate_bib  # noqa: E402

from docbuild.bib.csl import to_csl_json  # noqa: E402
from docbuild.bib.normalize import normalize  # noqa: E402
from docbuild.bib.read import parse_bib  # noqa: E402
from docbuild.bib.write import to_bibtex  # noqa: E402
from docbuild.lint.engine import lint_problems  # noqa: E402

PATH = Path("refs.bib")
TARGET = 2.0
_INSERTS = ("{", "}", '"', ",", "=", "#", "@", "\n@misc{", "\n", "(", ")", "\\", "%", "\x00")


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def bench(entries: int, repeat: int, profile: bool) -> int:
    data = generate_bib(entries).text.encode("utf-8")
    bib = parse_bib(data, PATH)
    assert len(bib.entries) == entries and not bib.problems, "the generated file must be clean"
    normalized, changes = normalize(bib)
    print(f"{entries} entries, {len(data) / 2**20:.1f} MiB, {len(changes)} normalization changes")
    rows = [
        ("read (bibtexparser + our checks)", lambda: parse_bib(data, PATH)),
        ("normalize", lambda: normalize(bib)),
        ("write", lambda: to_bibtex(normalized)),
        ("CSL-JSON", lambda: to_csl_json(normalized)),
    ]
    read_seconds = 0.0
    for name, run in rows:
        seconds = best_of(repeat, run)
        read_seconds = read_seconds or seconds
        print(f"  {name:<34} {seconds:6.2f} s   {entries / seconds:9,.0f} entries/s")
    verdict = "ok" if read_seconds * 10_000 / entries <= TARGET else "SLOWER THAN TARGET"
    print(
        f"  reading, scaled to 10,000 entries: {read_seconds * 10_000 / entries:.2f} s ({verdict})"
    )
    if profile:
        cProfile.runctx(
            "parse_bib(data, PATH)", globals(), {"data": data, "PATH": PATH}, "/tmp/bib.prof"
        )
        pstats.Stats("/tmp/bib.prof").sort_stats("cumulative").print_stats(20)
    return 0


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.45:
            text = text[:i] + rng.choice(_INSERTS) + text[i:]
        elif op < 0.9:
            text = text[:i] + text[i + 1 :]
        else:
            text = text[:i] + chr(rng.randrange(0x80, 0x100)) + text[i:]
    return text


def fuzz(count: int, seed: int) -> int:
    """Mutate slices of a generated file; count crashes, lost characters, silent alterations."""
    rng = random.Random(seed)
    chunks = generate_bib(2000, seed=seed).text.split("\n\n")
    crashes = lost = silent = 0
    for n in range(count):
        k = rng.randint(1, 4)
        i = rng.randrange(len(chunks) - k)
        text = mutate(rng, "\n\n".join(chunks[i : i + k]))
        as_bytes = rng.random() < 0.3
        try:
            bib = parse_bib(text.encode("utf-8", "surrogatepass") if as_bytes else text, PATH)
            normalize(bib)
            to_csl_json(bib)
        except Exception:  # counting crashes is the point
            crashes += 1
            if crashes <= 3:
                print(f"crash #{crashes} on input {n}: {text!r}")
                traceback.print_exc()
            continue
        if as_bytes:
            continue  # the oracles below compare with the text as given
        if unaccounted(text, bib) is not None:
            lost += 1
            if lost <= 3:
                print(f"lost characters in input {n}: {unaccounted(text, bib)}\n{text!r}")
        if not any(d.rule in ("B001", "B015") for d in lint_problems(bib)):
            mine = [(e.entry_type, e.key, [(f.name, f.raw) for f in e.fields]) for e in bib.entries]
            if mine != strict_entries(text):
                silent += 1
                if silent <= 3:
                    print(f"silent alteration in input {n}: {text!r}")
    print(f"{count} malformed inputs: {crashes} crashes, {lost} with lost characters, "
          f"{silent} silent alterations")  # fmt: skip
    return 1 if crashes or lost or silent else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--fuzz", type=int, default=0, help="run this many malformed inputs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.fuzz:
        return fuzz(args.fuzz, args.seed)
    return bench(args.entries, args.repeat, args.profile)


if __name__ == "__main__":
    raise SystemExit(main())
