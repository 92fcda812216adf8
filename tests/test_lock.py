"""The paper's lock is never opened through a link, and taking it clears old leftovers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docbuild.config import Settings
from docbuild.errors import OutputError
from docbuild.lock import LOCK_NAME, build_lock


def test_a_planted_lock_link_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    paper = tmp_path / "paper"
    (paper / "build").mkdir(parents=True)
    (paper / "build" / LOCK_NAME).symlink_to(victim)
    with pytest.raises(OutputError) as info, build_lock(Settings(root=paper)):
        pass
    assert info.value.message == (
        f"'{paper / 'build' / LOCK_NAME}' is a symbolic link; docbuild does not write through links"
    )
    assert victim.read_text() == "keep me"


def test_a_fifo_for_a_lock_is_refused(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    os.mkfifo(tmp_path / "build" / LOCK_NAME)
    with (
        pytest.raises(OutputError, match="is not a regular file"),
        build_lock(Settings(root=tmp_path)),
    ):
        pass


def test_a_linked_build_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    paper = tmp_path / "paper"
    paper.mkdir()
    (paper / "build").symlink_to(outside)
    with pytest.raises(OutputError, match="is a symbolic link"), build_lock(Settings(root=paper)):
        pass
    assert list(outside.iterdir()) == []


def test_taking_the_lock_removes_dead_writers_leftovers(tmp_path: Path) -> None:
    (tmp_path / "build" / "figures").mkdir(parents=True)
    dead = 2**22 + 1  # above Linux's default pid_max: no such process
    old = [
        tmp_path / f".refs.bib.{dead}-ab12cd34.docbuild.tmp",
        tmp_path / "build" / f".paper.pdf.{dead}-00ff00ff.docbuild.tmp",
        tmp_path / "build" / "figures" / f".x.svg.{dead}-12345678.docbuild.tmp",
    ]
    for path in old:
        path.write_bytes(b"half")
    with build_lock(Settings(root=tmp_path)):
        assert [p for p in old if p.exists()] == []


def test_a_stopping_preview_waits_for_its_interrupted_children_and_clears_its_own(
    tmp_path: Path,
) -> None:
    """Ctrl-C reaches the preview and its steps' children at once: now and then under load a
    temporary file of build/.cache/chapters/ was left after the preview stopped
    (tests/preview/test_browser.py::test_ctrl_c_stops_it_cleanly). At its stop the preview
    now clears its own too and waits for other writers to end; an ended child that is not yet
    reaped (a zombie) writes nothing, so it counts as gone."""
    import subprocess
    import sys

    from docbuild.lock import remove_leftovers

    chapters = tmp_path / "build" / ".cache" / "chapters"
    chapters.mkdir(parents=True)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    theirs = chapters / f".a.json.{child.pid}-1a8633d9.docbuild.tmp"
    mine = tmp_path / "build" / f".paper.pdf.{os.getpid()}-00ff00ff.docbuild.tmp"
    for path in (theirs, mine):
        path.write_bytes(b"half")
    try:
        settings = Settings(root=tmp_path)
        assert remove_leftovers(settings) == []  # both writers run: a build keeps them
        assert sorted(remove_leftovers(settings, last=10.0)) == sorted([theirs, mine])
        assert child.poll() is not None  # it waited for the child, not 10 s for nothing
    finally:
        child.kill()
        child.wait()
