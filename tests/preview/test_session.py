"""The warm rebuild without a browser: what the page is told when a build fails."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from previewkit import copy_sample

from docbuild.diagnostics import Location
from docbuild.errors import InputError
from docbuild.preview.hub import Hub
from docbuild.preview.session import Session, describe, initial_state


def test_a_failed_first_build_is_an_error_in_the_page_and_no_page(tmp_path: Path) -> None:
    paper = copy_sample(tmp_path / "paper")
    front = paper / "manuscript" / "00-front.md"
    front.write_text(
        front.read_text(encoding="utf-8").replace('title: "', 'title: [unclosed "', 1),
        encoding="utf-8",
    )
    hub = Hub(initial_state())
    session = Session(paper, hub, pdf=False)
    assert session.rebuild() is False
    state = hub.current()[1]
    assert (state["generation"], state["page"], state["building"]) == (1, 0, False)
    assert state["error"] == (
        "manuscript/00-front.md:5:6: error: the front matter is not valid YAML: while parsing a "
        "flow sequence: did not find expected ',' or ']'\n"
        "  hint: fix the YAML block between the '---' lines"
    )
    assert not (paper / "build" / "paper.html").exists()


def test_errors_name_their_place_relative_to_the_paper(tmp_path: Path) -> None:
    error = InputError("it broke", location=Location(tmp_path / "refs.bib", 3, 7), hint="mend it")
    assert describe(error, tmp_path) == "refs.bib:3:7: error: it broke\n  hint: mend it"
    assert describe(InputError("no place"), tmp_path) == "error: no place"
    assert describe(ValueError("oops"), tmp_path) == (
        "internal error: ValueError: oops (the terminal has the traceback)"
    )


def test_a_warm_rebuild_writes_what_a_cold_build_writes(tmp_path: Path) -> None:
    """After an edit of the manuscript (the lint after the page, the self-citation kept from
    the first build), the page, the linter's parse and its report are those of
    `docbuild build` on the same files."""
    import shutil

    from docbuild.jobs import parse_apart
    from docbuild.preview.watch import Part
    from docbuild.standalone import run_build

    # A file's parse is kept in memory by what it reads, not where: another test's copy of
    # the sample would leave this folder's cache unwritten.
    parse_apart._MEMORY.clear()
    warm = copy_sample(tmp_path / "warm")
    session = Session(warm, Hub(initial_state()), pdf=False)
    assert session.rebuild() is True
    chapter = warm / "manuscript" / "01-introduction.md"
    text = chapter.read_text(encoding="utf-8")
    assert "Few middle powers" in text
    chapter.write_text(text.replace("Few middle powers", "Few (middle) powers", 1), "utf-8")
    assert session.rebuild(frozenset({Part.MANUSCRIPT})) is True

    cold = tmp_path / "cold"
    shutil.copytree(warm, cold, ignore=shutil.ignore_patterns("build"))
    assert run_build(cold, ("html", "lint")) == 0
    for name in ("manuscript.json", "lint-report.json"):
        assert (warm / "build" / name).read_bytes() == (cold / "build" / name).read_bytes(), name
    # The parse's cache, which the preview writes after its page: a cold build's, file for
    # file. (The chapters' records are keyed by the PDF's page count, which pdf=False lacks.)
    kept = {p.name: p.read_bytes() for p in (warm / "build" / ".cache" / "parse").glob("*")}
    assert kept == {p.name: p.read_bytes() for p in (cold / "build" / ".cache" / "parse").glob("*")}
    # Without its PDF (pdf=False) the session cannot know the last page: pandoc's page keeps
    # render/lastpage.py's mark and the HTML edition prints "?" where the cold build, whose
    # html task follows the pdf task, prints the PDF's count (5); all else is the same.
    last = json.loads((cold / "build" / "metadata.json").read_text(encoding="utf-8"))["lpage"]
    warm_page = (warm / "build" / "pandoc.html").read_text(encoding="utf-8")
    assert warm_page.replace("900000000", str(last)) == (cold / "build" / "pandoc.html").read_text(
        encoding="utf-8"
    )
    warm_html = (warm / "build" / "paper.html").read_text(encoding="utf-8")
    cold_html = (cold / "build" / "paper.html").read_text(encoding="utf-8")
    lastpage_tag = f'<meta name="citation_lastpage" content="{last}" />\n'
    assert lastpage_tag in cold_html and "900000000" not in warm_html
    page_end = f' "pageEnd": "{last}",\n'  # the JSON-LD's
    cold_html = cold_html.replace(lastpage_tag, "").replace(page_end, "")
    assert re.sub(r"(– ?)\?", lambda m: m[1] + str(last), warm_html) == cold_html
    assert b"Few (middle) powers" in (warm / "build" / "paper.html").read_bytes()


def test_a_failed_rebuild_is_owed_to_the_next(tmp_path: Path) -> None:
    """The bibliography breaks (normalizing fails), then the manuscript is saved: that rebuild
    normalizes too, so the page never cites from a stale refs.json."""
    from docbuild.preview.watch import Part

    paper = copy_sample(tmp_path / "paper")
    session = Session(paper, Hub(initial_state()), pdf=False)
    assert session.rebuild() is True
    bib = paper / "refs.bib"
    good = bib.read_text(encoding="utf-8")
    bib.unlink()  # saved as a new file: an editor's rename, caught half-way
    assert session.rebuild(frozenset({Part.BIBLIOGRAPHY})) is False
    bib.write_text(good + "\n@misc{added2024, title = {Added}, year = {2024}}\n", "utf-8")
    chapter = paper / "manuscript" / "01-introduction.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Few middle powers", "Few [@added2024] powers", 1), "utf-8")
    assert session.rebuild(frozenset({Part.MANUSCRIPT})) is True
    assert 'id="ref-added2024"' in (paper / "build" / "paper.html").read_text(encoding="utf-8")


def test_the_style_is_kept_until_a_change_to_it_or_to_docbuild_toml(tmp_path: Path) -> None:
    from docbuild.config import load_settings
    from docbuild.preview.watch import Part
    from docbuild.style import resolve_style

    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    session = Session(tmp_path, Hub(initial_state()), pdf=False)
    with session.styles_kept(frozenset({Part.MANUSCRIPT})):
        first = resolve_style(settings)
    with session.styles_kept(frozenset({Part.MANUSCRIPT, Part.BIBLIOGRAPHY})):
        assert resolve_style(settings) is first
    for part in (Part.STYLE, Part.CONFIG):
        with session.styles_kept(frozenset({part})):
            again = resolve_style(settings)
        assert again is not first and again == first
        first = again


def _saved_in_prose(paper: Path, word: str) -> None:
    chapter = paper / "manuscript" / "01-introduction.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("Few middle powers", f"Few {word} powers", 1), "utf-8")


def test_a_save_in_prose_publishes_the_page_first_fsyncs_nothing_and_starts_no_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page is out before the linter's input and the caches are written (they are the
    lint's and a later process's), no write waits for the disk (the parse's, in a pool
    thread, did), the files a save in prose leaves as they were are not written again, and
    no thread is started (four were: the one chapter's reader in a pool of two, the
    self-citation's pool, WeasyPrint's import, each costing a save the start of a thread)."""
    import os
    import threading

    from docbuild.preview.watch import Part

    paper = copy_sample(tmp_path / "paper")
    build = paper / "build"
    seen: dict[str, object] = {}

    class Watching(Hub):
        def publish(self, **changes: object) -> None:
            if "page" in changes and "caches" not in seen:
                seen["manuscript"] = (build / "manuscript.json").read_text(encoding="utf-8")
                seen["caches"] = sorted(p.name for p in (build / ".cache").rglob("*.json"))
            super().publish(**changes)

    session = Session(paper, Watching(initial_state()), pdf=False)
    assert session.rebuild() is True
    unchanged = ("metadata.json", "resources.json", "includes.json")
    before = {name: os.stat(build / name).st_ino for name in unchanged}
    seen.clear()
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    started: list[str] = []
    real_start = threading.Thread.start
    monkeypatch.setattr(
        threading.Thread, "start", lambda t: (started.append(t.name), real_start(t))[1]
    )
    _saved_in_prose(paper, "Deferred")
    assert session.rebuild(frozenset({Part.MANUSCRIPT})) is True
    assert "Few Deferred powers" in (build / "paper.html").read_text(encoding="utf-8")
    assert "Few Deferred powers" not in str(seen["manuscript"])
    assert "Few Deferred powers" in (build / "manuscript.json").read_text(encoding="utf-8")
    after = sorted(p.name for p in (build / ".cache").rglob("*.json"))
    assert set(after) - set(seen["caches"])  # the new parse and the chapter's HTML, written after
    assert synced == []
    assert started == []
    assert {name: os.stat(build / name).st_ino for name in unchanged} == before
