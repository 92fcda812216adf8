"""The cycle collector is off only while a bibliography is read or linted, and comes back on
whatever happens (jobs.bibfile.collector_paused, what the lint child runs under)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from docbuild.bib.model import Bibliography
from docbuild.jobs import bibfile
from docbuild.jobs.bibfile import collector_paused, read_bib


def test_the_collector_is_off_inside_and_on_again_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("a bug in a rule")
    assert gc.isenabled()


def test_a_nested_pause_leaves_it_to_the_outer_one() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()  # the inner pause must not switch it back on early
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_pauses_it_and_switches_it_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    parse = bibfile.parse_bib

    def watched(data: str | bytes, path: Path) -> Bibliography:
        seen.append(gc.isenabled())
        return parse(data, path)

    monkeypatch.setattr(bibfile, "parse_bib", watched)
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{paused, title = {One}, year = {2020}}\n", encoding="utf-8")
    assert [e.key for e in read_bib(bib).entries] == ["paused"]
    assert seen == [False]
    assert gc.isenabled()


def test_the_lint_child_leaves_what_it_built_to_no_collection(tmp_path: Path) -> None:
    """The lint child (jobs.lint._lint_and_write, forked) sends its summary with the collector
    back on: the bibliography and findings it built must not be left for a collection to walk
    (on 10,000 entries that walk was a twentieth of the child)."""
    from docbuild.config import load_settings
    from docbuild.jobs import lint

    entries = "".join(
        f"@article{{a{i}, author = {{Khan, Uroosa and Smith, John}}, title = {{Work {i}}},"
        f" journal = {{Asian Survey}}, year = {{2020}}, volume = {{1}}, pages = {{1--9}}}}\n"
        for i in range(300)
    )
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "01-intro.md").write_text("Text [@a1].\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(entries, encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text("", encoding="utf-8")
    settings = load_settings(tmp_path)
    gc.collect()
    before = sum(len(gc.get_objects(generation)) for generation in range(3))
    try:
        summary, _ = lint._lint_and_write(settings, True)
        after = sum(len(gc.get_objects(generation)) for generation in range(3))
    finally:
        gc.unfreeze()  # this test runs in pytest's process, which goes on
    assert summary.startswith("lint-refs: ")
    assert gc.isenabled()
    # 300 entries are tens of thousands of tracked objects; frozen, none is left to walk.
    assert after < before
