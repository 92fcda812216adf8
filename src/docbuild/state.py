"""doit's state file (`build/.doit.db`): prepared when doit opens it, not when dodo.py loads."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import OutputError
from docbuild.paths import writable_folder

STATE_FILE = "build/.doit.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
# The files SQLite keeps beside a database while it writes (rollback journal, WAL mode).
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")
# doit commands that never read or write task state: they get an in-memory database, so
# `doit list` in a paper folder writes nothing (no build/, no .doit.db).
STATELESS_COMMANDS = ("list", "help", "tabcompletion")


def needs_state(argv: Sequence[str]) -> bool:
    """Whether the doit command in `argv` (without the program name) uses the state file.

    doit takes its command from the first argument and runs tasks otherwise; `list --status`
    reads the state.
    """
    if not argv or argv[0] not in STATELESS_COMMANDS:
        return True
    return any(
        a == "--status" or (a.startswith("-") and not a.startswith("--") and "s" in a)
        for a in argv[1:]
    )


class StateFile(os.PathLike[str]):
    """DOIT_CONFIG's `dep_file`: doit turns it into a path when it opens its database, and
    only then is build/ created and a damaged file set aside. Importing dodo.py (`doit list`,
    an editor's completion) does no work."""

    def __init__(self, relative: str = STATE_FILE, argv: Sequence[str] | None = None) -> None:
        self.relative = relative
        self.argv = None if argv is None else tuple(argv)

    def __fspath__(self) -> str:
        if not needs_state(sys.argv[1:] if self.argv is None else self.argv):
            return ":memory:"
        path = Path.cwd() / self.relative
        try:
            note = prepare_state_file(path)
        except OutputError as exc:
            print(exc, file=sys.stderr)
            raise SystemExit(1) from None
        except OSError as exc:
            # doit cannot run without its state file; say why instead of a traceback.
            print(
                f"{path.parent}: error: cannot keep doit's state in build/: {exc.strerror}\n"
                "  hint: build/ must be a folder you can write to; move away whatever is there",
                file=sys.stderr,
            )
            raise SystemExit(1) from None
        if note:
            print(f"warning: {note}", file=sys.stderr)
        return self.relative

    def __str__(self) -> str:
        return self.relative

    def __repr__(self) -> str:
        return f"StateFile({self.relative!r})"


def refuse_links(path: Path) -> None:
    """Refuse a state file, one of SQLite's files beside it, or a folder on the way to them,
    that is a symbolic link: SQLite writes through links, so a planted `build/.doit.db`
    pointing at ~/.bashrc would be overwritten by `doit build`."""
    writable_folder(path.parent)
    for name in (path.name, *(path.name + suffix for suffix in SQLITE_SIDECARS)):
        step = path.with_name(name)
        if step.is_symlink():
            raise OutputError(
                f"'{step}' is a symbolic link; docbuild does not write through links",
                location=Location(step, 0),
                hint=f"delete {step} (it is not one docbuild made) and build again",
            )


def prepare_state_file(path: Path) -> str | None:
    """Make doit's state file usable before doit opens it; say what was done, if anything.

    SQLite commits atomically, so a build killed at any moment leaves the previous state. A
    file damaged some other way (cut by a full disk, overwritten by hand) is set aside as
    `.doit.db.damaged`: the next build then redoes everything instead of printing doit's
    traceback.
    """
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    refuse_links(path)
    if not path.exists():
        return None
    with path.open("rb") as fh:
        sound = fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    if sound:
        try:
            with sqlite3.connect(path) as db:
                sound = db.execute("PRAGMA quick_check").fetchone() == ("ok",)
        except sqlite3.DatabaseError:
            sound = False
    if sound:
        return None
    path.replace(path.with_name(path.name + ".damaged"))
    return f"{path}: doit's state was damaged; set it aside and rebuilding everything"
