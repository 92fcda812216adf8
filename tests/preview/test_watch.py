"""What the preview watches, and which steps a change of each file calls for."""

from __future__ import annotations

import os
from pathlib import Path

from previewkit import copy_sample

from docbuild.config import load_settings
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
