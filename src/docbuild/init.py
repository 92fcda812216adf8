"""`docbuild init`: dodo.py and docbuild.toml for a manuscript that already exists.

The shell around detect.py: it lists the repository, reads its Markdown and YAML files, writes
the two files (atomically, never over existing ones without `--force`) and prints what it
found and what it assumed. The author's own files are only read.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from docbuild.config import CONFIG_NAME
from docbuild.detect import MANUSCRIPT_SUFFIXES, SKIPPED, NotFound, Plan, detect
from docbuild.diagnostics import Location
from docbuild.errors import InputError
from docbuild.fsutil import write_text_atomic

DODO = "dodo.py"
TEMPLATE_DODO = Path(__file__).parent / "templates" / "new" / DODO
# A repository is listed this deep and this far at most: a manuscript lives near the top.
MAX_DEPTH = 4
MAX_FILES = 20_000
READ_SUFFIXES = (*MANUSCRIPT_SUFFIXES, ".yml", ".yaml")
USUAL_NAMES = ("manuscript", "paper", "article", "index", "main")  # a manuscript's file stem
MAX_READ = 1 << 20  # bytes of a Markdown or YAML file init reads; a manuscript is smaller
BUILD_DIRS = ("build", "build-docbuild")
EMPTY_BIB = "docbuild-refs.bib"
EMPTY_BIB_TEXT = (
    "% Written by `docbuild init`: the manuscript names no BibTeX file, and docbuild reads its\n"
    "% references from one. Add BibTeX entries here, or set 'bibliography' in docbuild.toml.\n"
)


def init_paper(
    folder: Path, *, manuscript: str | None = None, style: str = "gfpr", force: bool = False
) -> Plan:
    """Detect the manuscript in `folder` and write `folder`/dodo.py and docbuild.toml."""
    root = folder.resolve()
    if not root.is_dir():
        raise InputError(
            f"'{folder}' is not a folder",
            location=Location(folder, 0),
            hint="run docbuild init in the repository that holds the paper",
        )
    given = _given(root, manuscript) if manuscript is not None else None
    names = list(_list(root))
    texts = {n: _read(root / n) for n in names if n.endswith(READ_SUFFIXES)}
    try:
        plan = detect(names, texts, given=given)
    except NotFound as exc:
        # The hint's example: a file named as manuscripts are, where one is (a hint, not a
        # choice: init still builds nothing until the user names one)
        usual = [c for c in exc.candidates if Path(c).stem.lower() in USUAL_NAMES]
        example = (usual or [*exc.candidates, "path/to/paper.md"])[0]
        raise InputError(
            str(exc),
            location=Location(root, 0),
            hint=f"name the manuscript: docbuild init {example}",
        ) from None
    targets = [root / CONFIG_NAME, root / DODO]
    existing = [t for t in targets if t.exists() or t.is_symlink()]
    if existing and not force:
        raise InputError(
            f"{' and '.join(t.name for t in existing)} already exist; docbuild init does not "
            "overwrite them",
            location=Location(existing[0], 0),
            hint="docbuild init --force replaces them and keeps the old ones as .bak",
        )
    for target in existing:
        # A copy, not a rename: the new file is written atomically over the old one, so
        # an interrupted init leaves the old file in place.
        shutil.copy2(target, target.with_name(target.name + ".bak"), follow_symlinks=False)
    if not plan.bibliography:
        plan = _with_empty_bibliography(plan, root)
    build_dir = _build_dir(root)
    write_text_atomic(root / CONFIG_NAME, settings_text(plan, style=style, build_dir=build_dir))
    write_text_atomic(root / DODO, TEMPLATE_DODO.read_text(encoding="utf-8"))
    _report(plan, root, existing, build_dir)
    return plan


def settings_text(plan: Plan, *, style: str, build_dir: str) -> str:
    """docbuild.toml for `plan`: the settings with a comment for each assumption."""
    lines = [
        f"# Written by `docbuild init` for the {plan.kind.value} {plan.manuscript[0]}.",
        "# docbuild reads the files named here and never changes them; every key is in",
        "# docs/configuration.md.",
    ]
    lines += [f"# assumed: {a}" for a in plan.assumed]
    lines.append(f"style = {_toml(style)}")
    if len(plan.bibliography) == 1:
        lines.append(f"bibliography = {_toml(plan.bibliography[0])}")
    elif plan.bibliography:
        lines.append("bibliography = [" + ", ".join(_toml(b) for b in plan.bibliography) + "]")
    if plan.csl is not None:
        lines.append(f"csl = {_toml(plan.csl)}")
    lines.append("manuscript = [" + ", ".join(_toml(m) for m in plan.manuscript) + "]")
    if plan.metadata:
        lines.append("metadata = [" + ", ".join(_toml(m) for m in plan.metadata) + "]")
    if build_dir != "build":
        lines.append(f"build_dir = {_toml(build_dir)}")
    return "\n".join(lines) + "\n"


def _with_empty_bibliography(plan: Plan, root: Path) -> Plan:
    """A manuscript without a BibTeX file gets an empty one of its own, so that it builds;
    an existing file of that name is used as it is."""
    from dataclasses import replace

    path = root / EMPTY_BIB
    if not path.exists():
        write_text_atomic(path, EMPTY_BIB_TEXT)
    note = (
        f"no BibTeX file: {EMPTY_BIB} (new, empty) is the bibliography; add entries there, "
        "or name your own file in docbuild.toml"
    )
    return replace(plan, bibliography=(EMPTY_BIB,), assumed=(*plan.assumed, note))


def _toml(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _build_dir(root: Path) -> str:
    # A repository's own build/ (a Python package's, say) is not docbuild's to empty.
    names = [*BUILD_DIRS, *(f"{BUILD_DIRS[-1]}-{n}" for n in range(2, 100))]
    for name in names:
        path = root / name
        if not path.exists() and not path.is_symlink():
            return name
        folder = path.is_dir() and not path.is_symlink()
        if folder and ((path / ".doit.db").exists() or not any(path.iterdir())):
            return name
    raise InputError(
        "every build folder name docbuild init tries is taken",
        location=Location(root, 0),
        hint="set build_dir in docbuild.toml to a new folder",
    )


def _given(root: Path, manuscript: str) -> str:
    path = Path(manuscript)
    full = (path if path.is_absolute() else Path.cwd() / path).resolve()
    if full.is_dir():
        # A thesis kept as content/10_introduction.md, content/20_methods.md, ...
        inside = full.relative_to(root).as_posix() if full.is_relative_to(root) else full
        raise InputError(
            f"manuscript '{manuscript}' is a folder, not a file",
            location=Location(path, 0),
            hint="name its first Markdown file, then list the others in docbuild.toml:"
            f' manuscript = ["{inside}/*.md"] reads them all in name order',
        )
    if not full.is_file():
        raise InputError(
            f"manuscript '{manuscript}' does not exist",
            location=Location(path, 0),
            hint="name a Markdown or .qmd file",
        )
    if not full.is_relative_to(root):
        raise InputError(
            f"manuscript '{manuscript}' is outside '{root}'",
            location=Location(path, 0),
            hint="run docbuild init in the folder that holds the manuscript",
        )
    return full.relative_to(root).as_posix()


def _list(root: Path) -> Iterator[str]:
    count = 0
    for top, dirs, files in os.walk(root):
        depth = len(Path(top).relative_to(root).parts)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIPPED and depth < MAX_DEPTH and not (Path(top) / d).is_symlink()
        )
        for name in sorted(files):
            count += 1
            if count > MAX_FILES:
                return
            yield (Path(top) / name).relative_to(root).as_posix()


def _read(path: Path) -> str:
    try:
        with path.open("rb") as f:
            return f.read(MAX_READ).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _report(plan: Plan, root: Path, replaced: list[Path], build_dir: str) -> None:
    print(f"found the {plan.kind.value} {plan.manuscript[0]}")
    for line in plan.found[1:]:
        print(f"  found: {line}")
    if len(plan.manuscript) > 1:
        print(f"  manuscript files, in order: {', '.join(plan.manuscript)}")
    for line in plan.assumed:
        print(f"  assumed: {line}")
    for path in replaced:
        print(f"  replaced {path.name} (the old one is {path.name}.bak)")
    print(f"wrote {CONFIG_NAME} and {DODO} in {root}; your files were not changed")
    print(f"next: doit build   (the PDF and HTML land in {build_dir}/)")
