"""What docbuild's linter flags on HALLMARK's development split (issue 14), per fabrication kind.

    python bench/bench_hallmark.py                    # offline (no refs.verified.json)
    python bench/bench_hallmark.py --style preprint --json out.json

Writes the split's 1,119 entries into the refs.bib of a paper folder (fields exactly as
HALLMARK has them; an empty manuscript; no lock) and lints it as `doit lint-refs` does
(`jobs.lint.lint_settings`, which applies the style's and docbuild.toml's policy and calls
`lint_all`). An entry counts as flagged when at least one finding of severity error names its
key. The table gives, per kind, how many entries were flagged; for VALID entries that is the
false-alarm rate. Two styles by default: `preprint` (a missing DOI is only info, so errors are
about the entry itself) and `gfpr` (the sample journal: a missing DOI is an error). Deterministic
apart from rules that read today's date.
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

from hallmark_data import KINDS, VALID, HallmarkEntry, read_entries, to_bibtex  # noqa: E402

from docbuild.config import load_settings  # noqa: E402
from docbuild.diagnostics import Diagnostic, Severity  # noqa: E402
from docbuild.jobs.lint import lint_settings  # noqa: E402

STYLES = ("preprint", "gfpr")


@dataclass(frozen=True, slots=True)
class Row:
    group: str  # a fabrication kind, or VALID
    tier: int | None
    entries: int
    flagged: int
    rules: tuple[tuple[str, int], ...]  # error rules that flagged entries of the group, most first

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


def write_paper(entries: list[HallmarkEntry], folder: Path, style: str) -> None:
    (folder / "manuscript").mkdir(parents=True, exist_ok=True)
    (folder / "docbuild.toml").write_text(
        f'style = "{style}"\nbibliography = "refs.bib"\nmanuscript = ["manuscript/*.md"]\n',
        encoding="utf-8",
    )
    (folder / "refs.bib").write_text(to_bibtex(entries), encoding="utf-8")


def measure(entries: list[HallmarkEntry], folder: Path, style: str) -> list[Row]:
    write_paper(entries, folder, style)
    result = lint_settings(load_settings(folder))
    flagged = flagged_keys(result.findings)
    rows: list[Row] = []
    for group, tier in [(VALID, None), *KINDS]:
        members = [e for e in entries if e.group == group]
        rules = Counter(name for e in members for name in flagged.get(e.key, ()))
        hits = sum(1 for e in members if e.key in flagged)
        rows.append(Row(group, tier, len(members), hits, tuple(rules.most_common())))
    return rows


def format_table(rows: list[Row]) -> str:
    lines = [
        f"{'kind':<24} {'tier':>4} {'entries':>7} {'flagged':>7} {'rate':>6}  error rules",
        "-" * 78,
    ]
    for r in rows:
        tier = str(r.tier) if r.tier else "-"
        rules = ", ".join(f"{name} {n}" for name, n in r.rules[:4])
        lines.append(
            f"{r.group:<24} {tier:>4} {r.entries:>7} {r.flagged:>7} {r.rate:>6.1%}  {rules}"
        )
    fabricated = [r for r in rows if r.group != VALID]
    n = sum(r.entries for r in fabricated)
    hits = sum(r.flagged for r in fabricated)
    lines.append("-" * 78)
    lines.append(f"{'all fabricated':<24} {'':>4} {n:>7} {hits:>7} {hits / n:>6.1%}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=STYLES, action="append", help="default: both")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    entries = read_entries()
    results: dict[str, list[Row]] = {}
    for style in args.style or STYLES:
        with tempfile.TemporaryDirectory(prefix="bench-hallmark-") as tmp:
            results[style] = rows = measure(entries, Path(tmp), style)
        print(f"\nHALLMARK dev_public, {len(entries):,} entries, style {style}, offline (no lock)")
        print(format_table(rows))
    if args.json:
        data = {
            style: [
                {
                    "group": r.group,
                    "tier": r.tier,
                    "entries": r.entries,
                    "flagged": r.flagged,
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
