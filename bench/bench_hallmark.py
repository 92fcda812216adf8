"""What docbuild's linter flags on HALLMARK's development split (issue 14), per fabrication kind.

    python bench/bench_hallmark.py                    # offline (no refs.verified.json)
    python bench/bench_hallmark.py --style preprint --json out.json
    python bench/bench_hallmark.py --lock             # with a lock from the registry stand-in

Writes the split's 1,119 entries into the refs.bib of a paper folder (fields exactly as
HALLMARK has them; an empty manuscript; no lock) and lints it as `doit lint-refs` does
(`jobs.lint.lint_settings`, which applies the style's and docbuild.toml's policy and calls
`lint_all`). An entry counts as flagged when at least one finding of severity error names its
key. The table gives, per kind, how many entries were flagged; for VALID entries that is the
false-alarm rate. Two styles by default: `preprint` (a missing DOI is only info, so errors are
about the entry itself) and `gfpr` (the sample journal: a missing DOI is an error). Deterministic
apart from rules that read today's date.

`--lock` first records refs.verified.json as `doit verify-refs` does, against the registry
stand-in (bench/hallmark_lock.py) that knows the split's real works and HALLMARK's pools, then
lints with it. Besides the count of any error, `existence` counts the errors of the rules
that say whether the work exists and is the one cited (EXISTENCE), and `linked` the rate on
the entries whose imitated work the stand-in knows (tests/data/hallmark/imitations.jsonl).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hallmark_data import (  # noqa: E402
    DEV_SPLIT,
    KINDS,
    VALID,
    HallmarkEntry,
    read_entries,
    to_bibtex,
)

from docbuild.config import load_settings  # noqa: E402
from docbuild.diagnostics import Diagnostic, Severity  # noqa: E402
from docbuild.jobs.lint import lint_settings  # noqa: E402

STYLES = ("preprint", "gfpr")
# The rules that judge whether a work exists and is the one cited (issue 14).
EXISTENCE = frozenset(
    {
        "future-date",
        "placeholder-author",
        "venue-year",
        "doi-mismatch",
        "doi-not-found",
        "no-record",
        "record-mismatch",
    }
)


@dataclass(frozen=True, slots=True)
class Row:
    group: str  # a fabrication kind, or VALID
    tier: int | None
    entries: int
    flagged: int
    rules: tuple[tuple[str, int], ...]  # error rules that flagged entries of the group, most first
    existence: int = 0  # flagged by an EXISTENCE rule
    linked: int = 0  # entries whose imitated work the stand-in knows
    linked_flagged: int = 0  # of those, flagged by an EXISTENCE rule

    @property
    def rate(self) -> float:
        return self.flagged / self.entries if self.entries else 0.0


def flagged_keys(findings: tuple[Diagnostic, ...]) -> dict[str, set[str]]:
    """Entry key -> names of the error rules that named it."""
    out: dict[str, set[str]] = defaultdict(set)
    for d in findings:
        if d.severity is Severity.ERROR and d.key is not None:
            out[d.key].add(d.name)
    return out


def write_paper(entries: list[HallmarkEntry], folder: Path, style: str, extra: str = "") -> None:
    (folder / "manuscript").mkdir(parents=True, exist_ok=True)
    (folder / "docbuild.toml").write_text(
        f'style = "{style}"\nbibliography = "refs.bib"\nmanuscript = ["manuscript/*.md"]\n' + extra,
        encoding="utf-8",
    )
    (folder / "refs.bib").write_text(to_bibtex(entries), encoding="utf-8")


def measure(
    entries: list[HallmarkEntry], folder: Path, style: str, *, lock: bool = False
) -> list[Row]:
    if lock:
        from hallmark_lock import record_lock, registry_settings, stand_in

        with stand_in() as server:
            write_paper(entries, folder, style, registry_settings(server))
            report, requests = record_lock(folder, server)
        print("\n".join(report.splitlines()[-5:]), f"\n  ({requests:,} requests answered)")
    else:
        write_paper(entries, folder, style)
    result = lint_settings(load_settings(folder))
    flagged = flagged_keys(result.findings)
    linked = linked_keys()
    rows: list[Row] = []
    for group, tier in [(VALID, None), *KINDS]:
        members = [e for e in entries if e.group == group]
        rules = Counter(name for e in members for name in flagged.get(e.key, ()))
        hits = sum(1 for e in members if e.key in flagged)
        exists = {e.key for e in members if flagged.get(e.key, set()) & EXISTENCE}
        known = [e for e in members if e.key in linked]
        rows.append(
            Row(
                group,
                tier,
                len(members),
                hits,
                tuple(rules.most_common()),
                existence=len(exists),
                linked=len(known),
                linked_flagged=sum(1 for e in known if e.key in exists),
            )
        )
    return rows


def linked_keys() -> frozenset[str]:
    """Entries whose real (or imitated) work the stand-in knows."""
    path = DEV_SPLIT.parent / "imitations.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(d["key"] for d in map(json.loads, lines) if d["links"])


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def format_table(rows: list[Row]) -> str:
    head = f"{'kind':<24} {'tier':>4} {'entries':>7} {'flagged':>7} {'rate':>6} "
    head += f"{'existence':>9} {'linked':>13}  error rules"
    lines = [head, "-" * 110]
    for r in rows:
        tier = str(r.tier) if r.tier else "-"
        rules = ", ".join(f"{name} {n}" for name, n in r.rules[:4])
        linked = f"{r.linked_flagged}/{r.linked} {_pct(r.linked_flagged, r.linked):>6}"
        lines.append(
            f"{r.group:<24} {tier:>4} {r.entries:>7} {r.flagged:>7} {r.rate:>6.1%} "
            f"{_pct(r.existence, r.entries):>9} {linked:>13}  {rules}"
        )
    fabricated = [r for r in rows if r.group != VALID]
    n = sum(r.entries for r in fabricated)
    hits = sum(r.flagged for r in fabricated)
    exists = sum(r.existence for r in fabricated)
    ln = sum(r.linked for r in fabricated)
    lf = sum(r.linked_flagged for r in fabricated)
    lines.append("-" * 110)
    linked = f"{lf}/{ln} {_pct(lf, ln):>6}"
    lines.append(
        f"{'all fabricated':<24} {'':>4} {n:>7} {hits:>7} {hits / n:>6.1%} "
        f"{_pct(exists, n):>9} {linked:>13}"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=STYLES, action="append", help="default: both")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument(
        "--lock", action="store_true", help="record a lock from the registry stand-in first"
    )
    args = parser.parse_args()
    entries = read_entries()
    results: dict[str, list[Row]] = {}
    for style in args.style or STYLES:
        with tempfile.TemporaryDirectory(prefix="bench-hallmark-") as tmp:
            results[style] = rows = measure(entries, Path(tmp), style, lock=args.lock)
        how = "with a lock from the registry stand-in" if args.lock else "offline (no lock)"
        print(f"\nHALLMARK dev_public, {len(entries):,} entries, style {style}, {how}")
        print(format_table(rows))
    if args.json:
        data = {
            style: [
                {
                    "group": r.group,
                    "tier": r.tier,
                    "entries": r.entries,
                    "flagged": r.flagged,
                    "existence": r.existence,
                    "linked": r.linked,
                    "linked_flagged": r.linked_flagged,
                    "rules": dict(r.rules),
                }
                for r in rows
            ]
            for style, rows in results.items()
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
