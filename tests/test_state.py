"""doit's state file is checked before doit opens it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from docbuild.errors import OutputError
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


@pytest.mark.parametrize("name", [".doit.db", ".doit.db-journal", ".doit.db-wal"])
def test_a_state_file_that_is_a_link_is_refused_and_its_target_untouched(
    tmp_path: Path, name: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    build = tmp_path / "paper" / "build"
    build.mkdir(parents=True)
    (build / name).symlink_to(victim)
    with pytest.raises(OutputError) as caught:
        prepare_state_file(build / ".doit.db")
    assert caught.value.message == (
        f"'{build / name}' is a symbolic link; docbuild does not write through links"
    )
    assert victim.read_text() == "keep me\n"


def test_a_build_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "paper").mkdir()
    (tmp_path / "paper" / "build").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match="is a symbolic link"):
        prepare_state_file(tmp_path / "paper" / "build" / ".doit.db")
    assert list((tmp_path / "elsewhere").iterdir()) == []
