"""Precision and recall of the bibliography rules on the labelled corpus (issue 13).

    python bench/bench_precision.py            # prints the table, writes its RESULTS.md section
    python bench/bench_precision.py --no-write

Not a timed test: counts, from tests/realworld/bib/ (score.py, corpus.py). The linter runs as
`doit lint-refs` does, with no manuscript, so every entry counts as cited.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "realworld" / "bib")]

from corpus import Measured, by_producer, measure_all  # noqa: E402
from measure import write_block  # noqa: E402
from score import Score, by_rule  # noqa: E402

SECTION = "## Linter precision and recall on real bibliographies"
BEGIN = "<!-- bench_precision: begin -->"
END = "<!-- bench_precision: end -->"
WORST = 12  # cases listed per rule


def _row(name: str, s: Score, folders: int) -> str:
    true, false, missed = len(s.true), len(s.false), len(s.missed)
    agreed = f"{s.severity_agreed / true:.0%}" if true else "–"
    return (
        f"| {name} | {folders} | {true} | {false} | {missed} | {s.precision:.1%} "
        f"| {s.recall:.1%} | {agreed} |"
    )


def markdown(measured: list[Measured]) -> str:
    totals = by_producer(measured)
    count = {p: sum(1 for m in measured if m.producer == p) for p in totals}
    count["all"] = len(measured)
    sampled = sum(len(m.keys) for m in measured)
    lines = [
        BEGIN,
        SECTION,
        "",
        f"Written by `python bench/bench_precision.py`: {len(measured)} files, {sampled} "
        "hand-labelled entries (tests/realworld/bib/). Each refs.bib is linted as "
        "`doit lint-refs` lints it (default style gfpr), with no manuscript, so every entry "
        "counts as cited. A finding (rule, key) is true when the label marks that kind on that "
        "key; a labelled defect with no finding of its rule is missed; labels of kind `other` "
        "fit no rule and are left out. Severity agrees: the true findings whose severity is "
        "the label's. Target: precision 95%, recall 90%, overall and per producer. "
        f"(Load average: {os.getloadavg()[0]:.1f}; counts do not depend on it.)",
        "",
        "| producer | files | true | false | missed | precision | recall | severity agrees |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(_row(f"**{p}**" if p == "all" else p, s, count[p]) for p, s in totals.items()),
        "",
        "By rule (worst first):",
        "",
        "| rule | true | false | missed |",
        "|---|---:|---:|---:|",
        *(f"| {r} | {t} | {f} | {m} |" for r, (t, f, m) in by_rule(totals["all"]).items()),
        "",
        "### Worst cases",
        "",
    ]
    where = {id(x): m.folder for m in measured for x in (*m.score.false, *m.score.missed)}
    everything = totals["all"]
    for rule in by_rule(everything):
        false = [f for f in everything.false if f.kind == rule]
        missed = [d for d in everything.missed if d.kind == rule]
        if not false and not missed:
            continue
        lines.append(f"**{rule}**: {len(false)} false, {len(missed)} missed")
        lines.append("")
        for f in false[:WORST]:
            lines.append(f"- false: `{where[id(f)]}` `{f.key}` ({f.severity}): {f.note}")
        for d in missed[:WORST]:
            lines.append(f"- missed: `{where[id(d)]}` `{d.key}` ({d.severity}): {d.note}")
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS")
    args = parser.parse_args()
    block = markdown(measure_all())
    print(block)
    if not args.no_write:
        write_block(HERE / "RESULTS.md", block, BEGIN, END)


if __name__ == "__main__":
    main()
