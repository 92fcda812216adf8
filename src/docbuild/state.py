"""doit's state file (`build/.doit.db`): checked before doit opens it."""

from __future__ import annotations

from pathlib import Path

STATE_FILE = "build/.doit.db"
SQLITE_MAGIC = b"SQLite format 3\x00"


def prepare_state_file(path: Path) -> str | None:
    """Make doit's state file usable before doit opens it; say what was done, if anything.

    SQLite commits atomically, so a build killed at any moment leaves the previous state. A
    file damaged some other way (cut by a full disk, overwritten by hand) is set aside as
    `.doit.db.damaged`: the next build then redoes everything instead of printing doit's
    traceback.
    """
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
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
