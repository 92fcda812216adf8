"""Write docs/modules.md: every module of src/docbuild, a package at a time, with the first
sentence of its docstring, so that the map of the code is the code's own account of itself.

    python scripts/module_map.py           # rewrite docs/modules.md
    python scripts/module_map.py --check   # exit 1 when docs/modules.md is not current

tests/test_module_map.py runs the check: a module added, moved or removed without the page
following fails the suite, as a module without a docstring does.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "docbuild"
PAGE = ROOT / "docs" / "modules.md"
HEAD = """# Module map

Every module of `src/docbuild`, with the first sentence of its docstring. Written by
`python scripts/module_map.py` (tests/test_module_map.py checks it is current); how the parts
fit together is in [architecture.md](architecture.md). The pure core is `bib/`, `lint/` and
`cite/`: no I/O, and nothing from `render/`, `jobs/`, `crossref/`'s client, `tasks.py` or
`cli.py` (tests/test_core_purity.py).
"""


def first_sentence(path: Path) -> str:
    """The docstring's first sentence, on one line; '' when the module has none."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    text = " ".join(doc.split("\n\n", 1)[0].split())
    # A sentence ends at ". " (not inside `e.g.`-style abbreviations, which the docs avoid).
    cut = text.find(". ")
    sentence = text[: cut + 1] if cut >= 0 else text
    return sentence.replace("|", "\\|")


def modules() -> dict[str, list[Path]]:
    """Each package (as a path under src/docbuild, '' for the top) and its modules, sorted."""
    out: dict[str, list[Path]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        package = path.parent.relative_to(PACKAGE).as_posix()
        out.setdefault("" if package == "." else package, []).append(path)
    return out


def page() -> tuple[str, list[str]]:
    """The page's text, and the modules that have no docstring."""
    parts = [HEAD]
    undocumented: list[str] = []
    for package, paths in sorted(modules().items()):
        title = f"`{package}/`" if package else "`docbuild` (the top level)"
        rows = []
        for path in paths:
            name = path.relative_to(PACKAGE).as_posix()
            sentence = first_sentence(path)
            if not sentence and path.name != "__init__.py":
                undocumented.append(name)
            if path.name == "__init__.py" and not sentence:
                continue
            rows.append(f"| `{path.name}` | {sentence} |")
        table = "\n".join(rows)
        parts.append(f"\n## {title}\n\n| module | what it is |\n|---|---|\n{table}\n")
    return "".join(parts), undocumented


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the page is not current")
    args = parser.parse_args()
    text, undocumented = page()
    if undocumented:
        print("modules without a docstring: " + ", ".join(undocumented), file=sys.stderr)
        return 1
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is not current: run python scripts/module_map.py",
                  file=sys.stderr)  # fmt: skip
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
