"""doit's state file is checked before doit opens it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from docbuild.state import prepare_state_file


def test_a_missing_state_file_gets_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "build" / ".doit.db"
    assert prepare_state_file(path) is None
    assert path.parent.is_dir() and not path.exists()


def test_a_sound_state_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / ".doit.db"
    with sqlite3.connect(path) as db:
        db.execute("create table doit (task_id text primary key, task_data text)")
    before = path.read_bytes()
    assert prepare_state_file(path) is None
    assert path.read_bytes() == before


def test_a_damaged_state_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / ".doit.db"
    path.write_bytes(b'{"json": "cut in the mid')
    assert prepare_state_file(path) == (
        f"{path}: doit's state was damaged; set it aside and rebuilding everything"
    )
    assert not path.exists()
    assert (tmp_path / ".doit.db.damaged").read_bytes() == b'{"json": "cut in the mid'
