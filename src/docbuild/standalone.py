"""`docbuild build DIR`: build a paper folder with docbuild's own tasks, nothing of the folder's.

`doit build` runs the folder's `dodo.py` (and reads its `doit.cfg` and `pyproject.toml`): Python
code the folder's author wrote, fine for your own papers. A stranger's folder is built here
instead: the same task list (`docbuild.tasks`, as `dodo.py` imports it) run through doit's API in
a child process that loads nothing from the folder: `python -I` (no folder on `sys.path`, no
`PYTHON*` variables), doit with no configuration files, and the folder's build/ checked first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from docbuild.config import load_settings
from docbuild.diagnostics import Location
from docbuild.errors import InputError, OutputError

# Run in the paper folder: docbuild's tasks module, doit without pyproject.toml or doit.cfg.
_BOOT = (
    "import sys\n"
    "from doit.cmd_base import ModuleTaskLoader\n"
    "from doit.doit_cmd import DoitMain\n"
    "import docbuild.tasks as tasks\n"
    "sys.exit(DoitMain(ModuleTaskLoader(tasks), config_filenames=()).run(sys.argv[1:]))\n"
)
STATE_NAME = ".doit.db"  # doit's state file, in build/ (docbuild.state)


def build_command(tasks: Sequence[str] = ("build",)) -> list[str]:
    """The command that builds the paper folder it is run in with docbuild's tasks alone.

    `-I`: the folder is not on `sys.path` (a `doit.py` or `docbuild/` planted there is never
    imported) and `PYTHON*` variables are ignored; `-u`, so a killed build leaves its last
    lines in the log."""
    return [sys.executable, "-I", "-u", "-c", _BOOT, *tasks]


def check_folder(folder: Path) -> None:
    """Before doit opens anything: the settings are sound and build/ holds no link (doit's
    SQLite state, for one, would be written through it)."""
    from docbuild.paths import writable_folder

    if not folder.is_dir():
        raise InputError(
            f"'{folder}' is not a folder",
            hint="give the paper folder (the one with docbuild.toml or refs.bib)",
        )
    settings = load_settings(folder)
    for build in {settings.build_path, settings.root / "build"}:
        writable_folder(build)
        if not build.is_dir():
            continue
        links = [p for p in sorted(build.rglob("*")) if p.is_symlink()]
        if links:
            raise OutputError(
                f"'{links[0]}' is a symbolic link; docbuild does not write through links",
                location=Location(links[0], 0),
                hint=f"delete it (docbuild made no links in {build.name}/), or delete "
                f"{build.name}/ and build again",
            )


def run_build(folder: Path, tasks: Sequence[str] = ("build",)) -> int:
    """`docbuild build DIR`: the exit status of the build, its output on ours."""
    folder = folder.resolve()
    check_folder(folder)
    proc = subprocess.run(
        build_command(tasks), cwd=folder, stdin=subprocess.DEVNULL, env=os.environ, check=False
    )
    return proc.returncode
