"""What the cross-reference filter (render/crossref*.lua) costs on the sample (issue 18).

    python bench/bench_crossref.py                 # 7 pairs
    python bench/bench_crossref.py --against main  # and the filter of a git revision

The sample's manuscript read once to pandoc's JSON; then pairs measured one right after the
other: pandoc JSON to JSON with no filter (the floor) and with the filter; the filter's cost
is the CPU the filter adds. `--against REV` measures REV's filter the same way, and stops
if its output (the JSON and the reports on stderr) is not byte for byte this one's.
Results go to bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from measure import Ratio, Run, paired, run  # noqa: E402

from docbuild.render.pandoc import CROSSREF_FILTER, pandoc_path  # noqa: E402


def filter_at(rev: str, folder: Path) -> Path:
    """The filter's modules as they are at git revision `rev`, in `folder`."""
    listing = subprocess.run(
        ["git", "ls-tree", "--name-only", rev, "src/docbuild/render/"], cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    for path in listing:
        name = Path(path).name
        if name.startswith("crossref") and name.endswith(".lua"):
            text = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True,
                                  capture_output=True).stdout  # fmt: skip
            (folder / name).write_bytes(text)
    return folder / "crossref.lua"


def output(lua: Path | None, ast: Path) -> tuple[bytes, bytes]:
    args = ["--lua-filter", str(lua)] if lua else []
    proc = subprocess.run(
        [pandoc_path(), "-f", "json", "-t", "json", *args, str(ast)], cwd=ROOT / "manuscript",
        check=True, capture_output=True,
    )  # fmt: skip
    return proc.stdout, proc.stderr


def measure(lua: Path, ast: Path, repeat: int) -> Ratio:
    def one(filters: list[str]) -> Run:
        return run([pandoc_path(), "-f", "json", "-t", "json", *filters, str(ast), "-o",
                    "/dev/null"], ROOT / "manuscript")  # fmt: skip

    return paired(lambda: one(["--lua-filter", str(lua)]), lambda: one([]), repeat)


def line(name: str, r: Ratio) -> str:
    cost = r.subject.cpu - r.floor.cpu
    return (
        f"| {name} | {r.subject.cpu:.3f} s | {r.floor.cpu:.3f} s | {cost:.3f} s | "
        f"{r.cpu:.2f}x ({r.spread()}) | {r.subject.wall:.2f} s | {r.pairs} | "
        f"{r.loads[0]:.1f}-{r.loads[1]:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--against", metavar="REV", help="also measure the filter at REV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ast = Path(tmp) / "sample.json"
        files = sorted(str(p) for p in (ROOT / "manuscript").glob("*.md"))
        subprocess.run([pandoc_path(), "-f", "markdown", "-t", "json", "-o", str(ast), *files],
                       check=True)  # fmt: skip
        rows = [("this tree", CROSSREF_FILTER)]
        if args.against:
            old = filter_at(args.against, Path(tmp))
            if output(old, ast) != output(CROSSREF_FILTER, ast):
                raise SystemExit(f"the filter's output differs from {args.against}'s")
            rows.insert(0, (args.against, old))
        print("| filter | CPU with it (median) | without (floor) | the filter's cost | ratio "
              "(spread) | wall with it | pairs | load |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, lua in rows:
            print(line(name, measure(lua, ast, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
