"""`docbuild build DIR`: build a paper folder with docbuild's own tasks, nothing of the folder's.

`doit build` runs the folder's `dodo.py` (and reads its `doit.cfg` and `pyproject.toml`): Python
code the folder's author wrote, fine for your own papers. A stranger's folder is built here
instead: the same task list (`docbuild.tasks`, as `dodo.py` imports it) run through doit's API in
a child process that loads nothing from the folder: `python -I` (no folder on `sys.path`, no
`PYTHON*` variables), doit with no configuration files, and the folder's build/ checked first.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from docbuild.config import load_settings
from docbuild.diagnostics import Location
from docbuild.errors import InputError, OutputError

# Run in the paper folder (see `boot`).
_BOOT = "import sys\nfrom docbuild.standalone import boot\nsys.exit(boot(sys.argv[1:]))\n"


def boot(args: Sequence[str]) -> int:
    """In the child, in the paper folder: docbuild's tasks module, doit without pyproject.toml
    or doit.cfg; a full disk while doit saves its state is a message, not a traceback."""
    import sqlite3

    from doit.cmd_base import ModuleTaskLoader
    from doit.dependency import SqliteDB
    from doit.doit_cmd import DoitMain

    import docbuild.tasks as tasks
    from docbuild.fsutil import os_error
    from docbuild.trust import as_a_strangers_folder

    state = Path.cwd() / "build" / ".doit.db"
    failed: list[sqlite3.OperationalError] = []
    save = SqliteDB.dump

    def dump(db: SqliteDB) -> None:
        # doit saves its state last and prints a traceback when the disk is full; the state is
        # only a cache (the next build redoes what it cannot tell is done).
        try:
            save(db)
        except sqlite3.OperationalError as exc:
            failed.append(exc)

    SqliteDB.dump = dump  # type: ignore[method-assign]
    # Both ways in (`docbuild build`, `docbuild batch`) come here: no git on the folder.
    with as_a_strangers_folder():
        code = int(DoitMain(ModuleTaskLoader(tasks), config_filenames=()).run(list(args)))
    if failed and code == 0:  # after a failed step, its message is the one that matters
        full = "full" in str(failed[0])
        reason = OSError(errno.ENOSPC if full else errno.EIO, str(failed[0]))
        print(os_error(reason, state), file=sys.stderr)
        return 1
    return code


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
        for path in sorted(build.rglob("*")):
            if path.is_symlink():
                problem = "is a symbolic link; docbuild does not write through links"
            elif not path.is_file() and not path.is_dir():
                problem = "is not a regular file"  # a FIFO would hang doit's SQLite state
            else:
                continue
            raise OutputError(
                f"'{path}' {problem}",
                location=Location(path, 0),
                hint=f"delete it (docbuild made no such thing in {build.name}/), or delete "
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
