"""What the preview watches, and which steps a change of each file calls for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from previewkit import copy_sample

from docbuild.config import load_settings
from docbuild.preview.session import Session
from docbuild.preview.watch import Part, snapshot, watched_files


def test_every_input_of_the_build_is_watched_by_its_part(tmp_path: Path) -> None:
    paper = copy_sample(tmp_path / "paper")
    files = watched_files(load_settings(paper))
    assert files[paper / "docbuild.toml"] is Part.CONFIG
    assert files[paper / "refs.bib"] is Part.BIBLIOGRAPHY
    assert files[paper / "refs.verified.json"] is Part.BIBLIOGRAPHY  # not there yet: watched
    chapters = sorted(p for p, part in files.items() if part is Part.MANUSCRIPT)
    assert chapters == sorted((paper / "manuscript").glob("*.md"))
    styled = {p.name for p, part in files.items() if part is Part.STYLE}
    assert {"style.toml", "template.html", "apa.csl"} <= styled
    assert any(name.endswith(".css") for name in styled)
    assert all(p.resolve().is_relative_to(paper) or part is Part.STYLE for p, part in files.items())


def test_a_save_a_new_chapter_and_a_removal_are_changes(tmp_path: Path) -> None:
    paper = copy_sample(tmp_path / "paper")
    settings = load_settings(paper)
    before = snapshot(watched_files(settings))
    assert before.changed(snapshot(watched_files(settings))) == frozenset()

    chapter = paper / "manuscript" / "01-introduction.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Few", "Many", 1), encoding="utf-8")  # same size
    os.utime(chapter, ns=(1, 1))  # and an mtime in the past: the inode is the same, mtime not
    assert before.changed(snapshot(watched_files(settings))) == {Part.MANUSCRIPT}

    after_edit = snapshot(watched_files(settings))
    (paper / "manuscript" / "04-coda.md").write_text("# Coda\n", encoding="utf-8")
    (paper / "refs.bib").unlink()
    assert after_edit.changed(snapshot(watched_files(settings))) == {
        Part.MANUSCRIPT,
        Part.BIBLIOGRAPHY,
    }


def test_the_figures_the_last_build_used_are_watched_but_not_its_own(tmp_path: Path) -> None:
    paper = copy_sample(tmp_path / "paper")
    settings = load_settings(paper)
    (paper / "build").mkdir()
    (paper / "build" / "resources.json").write_text(
        '["manuscript/figures/map.png", "build/figures/chart.png"]', encoding="utf-8"
    )
    files = watched_files(settings)
    assert files[paper / "manuscript" / "figures" / "map.png"] is Part.MANUSCRIPT
    assert not any(p.is_relative_to(paper / "build") for p in files)


class _Counting:
    """A stand-in for the session in a test of the loop alone: it counts rebuilds and, the
    first time, writes the build/resources.json a build of a paper with a figure writes."""

    def __init__(self, paper: Path) -> None:
        self.paper = paper
        self.parts: list[frozenset[Part]] = []
        self._styles: dict[Path, object] = {}

    styles_kept = Session.styles_kept  # the loop lists the inputs with the session's style

    def rebuild(self, parts: frozenset[Part]) -> bool:
        self.parts.append(parts)
        (self.paper / "build").mkdir(exist_ok=True)
        (self.paper / "build" / "resources.json").write_text('["figures/map.png"]', "utf-8")
        return True


def test_a_figure_named_by_the_first_build_starts_no_second_one(tmp_path: Path) -> None:
    import threading
    import time

    from docbuild.preview.run import POLL, RELIST, watch

    paper = copy_sample(tmp_path / "paper")
    (paper / "figures").mkdir()
    figure = paper / "figures" / "map.png"
    figure.write_bytes(b"\x89PNG")
    session = _Counting(paper)
    stop = threading.Event()
    loop = threading.Thread(target=watch, args=(paper, session, stop))  # type: ignore[arg-type]
    loop.start()
    try:
        time.sleep(3 * RELIST * POLL)  # the inputs listed again three times
        assert len(session.parts) == 1
        figure.write_bytes(b"\x89PNG redrawn")
        deadline = time.monotonic() + 30
        while len(session.parts) < 2 and time.monotonic() < deadline:
            time.sleep(POLL)
        assert session.parts[1:] == [frozenset({Part.MANUSCRIPT})]
    finally:
        stop.set()
        loop.join()


def test_a_save_written_whole_wakes_the_loop_without_its_poll_or_its_settling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With inotify (Linux), a chapter closed after writing is rebuilt at once: the loop's
    look every POLL and its SETTLE after a change are an hour each here."""
    import threading
    import time

    from docbuild.preview import run
    from docbuild.preview.notify import open_notifier

    notifier = open_notifier()
    if notifier is None:
        pytest.skip("no inotify on this machine")
    notifier.close()
    monkeypatch.setattr(run, "POLL", 3600.0)
    monkeypatch.setattr(run, "SETTLE", 3600.0)
    paper = copy_sample(tmp_path / "paper")
    # Made before the loop starts: the first build's mkdir of build/ is an event in the
    # watched paper folder that woke the loop at once, and a look at the chapter in the middle
    # of the write below (not yet closed, so not known whole) then waited SETTLE.
    (paper / "build").mkdir()
    session = _Counting(paper)
    stop = threading.Event()
    loop = threading.Thread(target=run.watch, args=(paper, session, stop), daemon=True)
    loop.start()

    def rebuilt(count: int) -> bool:
        deadline = time.monotonic() + 20
        while len(session.parts) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return len(session.parts) >= count

    try:
        assert rebuilt(1)
        chapter = paper / "manuscript" / "01-introduction.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
        assert rebuilt(2)
        assert session.parts[1:] == [frozenset({Part.MANUSCRIPT})]
    finally:
        stop.set()
        (paper / "manuscript" / "notes.txt").write_text("", encoding="utf-8")  # a wake-up
        loop.join(20)
    assert not loop.is_alive()
