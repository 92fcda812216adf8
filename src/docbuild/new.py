"""`docbuild new`: a ready-to-build paper folder from the starter files and a packaged style."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import string
import tempfile
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import InputError, StyleNotFoundError
from docbuild.style import PACKAGE_STYLES, STYLE_FILE, load_style

TEMPLATE = Path(__file__).parent / "templates" / "new"
# Files whose `$name` placeholders are filled in; the others are copied byte for byte.
FILLED_IN = (Path("docbuild.toml"), Path("manuscript") / "00-front.md")
# Package data leaves dotfiles out, so they are stored without their dot.
RENAMED = {Path("gitignore"): Path(".gitignore")}


def package_styles() -> dict[str, Path]:
    """The styles shipped in the package, by name."""
    if not PACKAGE_STYLES.is_dir():
        return {}
    return {d.name: d for d in sorted(PACKAGE_STYLES.iterdir()) if (d / STYLE_FILE).is_file()}


def create_paper(folder: str, *, style: str) -> None:
    """Create `folder` with dodo.py, docbuild.toml, refs.bib, manuscript/ and styles/<style>/.

    The folder is assembled beside its final place and renamed into it, so a failure leaves
    nothing behind, and an existing folder is never touched.
    """
    target = Path(folder)
    folder = str(target)  # as the user wrote it, without a trailing slash
    if target.exists() or target.is_symlink():
        raise InputError(
            f"'{folder}' already exists; docbuild new never writes into an existing folder",
            location=Location(target, 0),
            hint="choose a new folder name, or move the existing one away first",
        )
    styles = package_styles()
    if style not in styles:
        close = difflib.get_close_matches(style, sorted(styles), n=1)
        raise StyleNotFoundError(
            f"style '{style}' not found",
            hint=(f"did you mean '{close[0]}'? " if close else "")
            + "available styles: "
            + ", ".join(sorted(styles))
            + " (docbuild styles)",
        )
    values = {
        "style": style,
        "journal_title": load_style(styles[style]).title,
        "year": str(dt.date.today().year),
    }
    try:
        _assemble(target, styles[style], values)
    except OSError as exc:
        raise InputError(
            f"cannot create '{folder}': {_reason(exc)}",
            location=Location(target, 0),
            hint="choose a folder where you can write, on a disk with room for the paper "
            "(a few MB with its fonts)",
        ) from exc
    print(f"created {folder}/ with the '{style}' style")
    print(f"next: cd {folder} && doit build   (the PDF and HTML land in {folder}/build/)")


def _assemble(target: Path, style: Path, values: dict[str, str]) -> None:
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        _fill(staging, values)
        shutil.copytree(style, staging / "styles" / style.name)
        os.chmod(staging, 0o755)
        if target.exists():
            raise InputError(
                f"'{target}' appeared while it was being created; nothing was written to it",
                location=Location(target, 0),
                hint="run docbuild new again with a folder name nobody else is using",
            )
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _reason(exc: OSError) -> str:
    # mkdir on a path through a file says only "File exists" or "Not a directory".
    if isinstance(exc, FileExistsError | NotADirectoryError) and exc.filename:
        return f"'{exc.filename}' is a file, not a folder"
    return exc.strerror or str(exc)


def _fill(staging: Path, values: dict[str, str]) -> None:
    for source in sorted(TEMPLATE.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(TEMPLATE)
        dest = staging / RENAMED.get(relative, relative)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if relative in FILLED_IN:
            text = string.Template(source.read_text(encoding="utf-8")).substitute(values)
            dest.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, dest)
