"""Speed work must not change what the linter finds: record the findings, then compare.

    python bench/lint_same.py --record /tmp/findings.json   # before a change
    python bench/lint_same.py --check /tmp/findings.json    # after it: exit 1 on a difference

The inputs are every file of tests/realworld/bib/ and two files from bench/generate.py (one
alone, one as a paper folder with a manuscript citing some of its entries, so the citation
rules and the cited marks run too), linted with APA's previews and a fixed build date. The
record is the JSON report of each, so any change in a finding's text, place, fix or severity
shows.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate_paper, write_bib  # noqa: E402

BUILD_DATE = date(2026, 12, 2)


def findings_of(bib: Path, root: Path, manuscript_folder: Path | None = None) -> object:
    from docbuild.cite.engine import CslPrinter
    from docbuild.jobs.bibfile import read_bib
    from docbuild.lint import report
    from docbuild.lint.engine import lint_all

    manuscript = None
    if manuscript_folder is not None:
        from docbuild.config import load_settings
        from docbuild.jobs.parse import read_manuscript

        manuscript = read_manuscript(load_settings(manuscript_folder))
    result = lint_all(read_bib(bib), manuscript, printer=CslPrinter(None), build_date=BUILD_DATE)
    return {
        "findings": report.to_json(result.findings, root),
        "waived": result.waived,
        "baselined": result.baselined,
    }


def record() -> dict[str, object]:
    out: dict[str, object] = {}
    for bib in sorted((ROOT / "tests" / "realworld" / "bib").glob("*/*.bib")):
        out[str(bib.relative_to(ROOT))] = findings_of(bib, ROOT)
    with tempfile.TemporaryDirectory(prefix="lint-same-") as tmp:
        alone = write_bib(Path(tmp) / "alone" / "refs.bib", 3000, seed=7)
        del alone
        out["generated/3000-seed7"] = findings_of(Path(tmp) / "alone" / "refs.bib", Path(tmp))
        folder = Path(tmp) / "paper"
        generate_paper(folder, words=2000, references=2000, citations=60, figures=0, tables=0)
        out["generated/paper-2000"] = findings_of(folder / "refs.bib", folder, folder)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--record", type=Path)
    group.add_argument("--check", type=Path)
    args = parser.parse_args()
    now = json.loads(json.dumps(record()))
    if args.record:
        args.record.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
        total = sum(len(v["findings"]["findings"]) for v in now.values())  # type: ignore[index]
        print(f"recorded {len(now)} inputs, {total} findings")
        return 0
    before = json.loads(args.check.read_text(encoding="utf-8"))
    differ = [name for name in sorted(set(before) | set(now)) if before.get(name) != now.get(name)]
    for name in differ:
        print(f"differs: {name}")
    if not differ:
        print(f"same findings on all {len(now)} inputs")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
