"""How many pandoc processes a cold build of the sample starts, by kind (issue 18): each costs
pandoc's start and a copy of the JSON both ways, so a change that adds one must say so here."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.jobs import pandoc as pandoc_job
from docbuild.jobs import parse_apart
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.jobs.parse import store_parse
from docbuild.render import chapter_store, chapters, citecache, crossref_filter, pandoc, sanitize

ROOT = Path(__file__).resolve().parents[2]

# A cold `doit pandoc` of the sample: a reader per manuscript file (parsed apart, so a save
# re-reads one; one run for all, each read as alone by a Lua reader, cost more CPU than the
# four, bench/RESULTS.md), one filter run for the four chapters, the self-citation, citeproc,
# one writer for the chapters and the bibliography, and the page around them (main at a199d99
# ran 18: 7 filter runs, 4 writers).
COLD_SAMPLE = {
    "reader": 4,
    "filter": 1,
    "self-citation": 1,
    "citeproc": 1,
    "chapters writer": 1,
    "page": 1,
}


def _kind(args: list[str]) -> str:
    if "--lua-filter" in args:
        return "filter"
    if args[:4] == ["-f", "markdown", "-t", "json"]:
        return "reader"
    if args[:4] == ["-f", "markdown", "-t", "html5"] and "--citeproc" in args:
        return "self-citation"
    if args[:4] == ["-f", "json", "-t", "json"] and "--citeproc" in args:
        return "citeproc"
    if args[:4] == ["-f", "json", "-t", "html5"]:
        return "page" if "--standalone" in args else "chapters writer"
    return " ".join(args)


def _forget() -> None:
    """What a warm process keeps: the count is a new process's."""
    chapter_store.MEMORY.clear()
    chapters._GROUPS.clear()
    parse_apart._MEMORY.clear()
    parse_apart._LOADED.clear()
    citecache._LAST.clear()
    crossref_filter._LAST.clear()
    sanitize._FRAGMENT_SURVEYS.clear()
    pandoc_job._SELF_CITATIONS.clear()


def test_a_cold_build_of_the_sample_runs_pandoc_so_often(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("docbuild.toml", "refs.bib"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    settings = load_settings(tmp_path)
    run_normalize(settings, in_place=False, verbose=False)
    runs: list[list[str]] = []
    real = pandoc.run

    def counted(args: list[str], **kwargs: object) -> pandoc.PandocResult:
        runs.append(list(args))
        return real(args, **kwargs)  # type: ignore[arg-type]

    _forget()
    monkeypatch.setattr(pandoc, "run", counted)
    run_pandoc(settings, parse=store_parse(settings), echo=False)
    monkeypatch.undo()
    assert (settings.build_path / chapter_store.CACHE_DIR).is_dir()  # the chapters' path
    assert Counter(_kind(args) for args in runs) == COLD_SAMPLE
