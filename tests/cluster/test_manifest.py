"""The batch manifest: one line per paper, the latest wins, a line cut short by a kill is
dropped, a batch compacts it on opening, and only one batch writes it at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.cluster.manifest import (
    MANIFEST_NAME,
    ManifestEntry,
    default_path,
    from_line,
    open_manifest,
    paper_key,
    read_manifest,
    to_line,
)
from docbuild.cluster.model import Status
from docbuild.errors import LockError


def _entry(paper: str, result: Status = Status.BUILT, **changes: object) -> ManifestEntry:
    fields: dict[str, object] = {
        "paper": paper,
        "result": result,
        "input": "sha256:" + "0" * 64,
        "stat": "1" * 64,
        "toolchain": "abcdef0123456789",
        "seconds": 2.0,
        "cpu": 1.5,
        "outputs": (("paper.pdf", "2" * 64),),
        "error": None if result is Status.BUILT else "refs.bib:3: error: broken",
        "worker": "tcp://127.0.0.1:4000",
        "attempts": 1,
        "finished": "2026-01-01T00:00:00+00:00",
    }
    fields.update(changes)
    return ManifestEntry(**fields)  # type: ignore[arg-type]


def test_a_line_round_trips_and_says_what_it_holds() -> None:
    entry = _entry("a", Status.TIMED_OUT, outputs=())
    line = to_line(entry)
    assert line.endswith("\n") and line.count("\n") == 1
    assert line.startswith('{"paper":"a","result":"timed-out","input":"sha256:')
    assert from_line(line) == entry


def test_a_torn_last_line_is_dropped_and_the_latest_line_of_a_paper_wins(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST_NAME
    first = to_line(_entry("a", Status.FAILED))
    second = to_line(_entry("a", seconds=3.0))
    torn = to_line(_entry("b"))[:40]  # what a kill in the middle of a write leaves
    path.write_text(first + to_line(_entry("c")) + second + torn)
    entries = read_manifest(path)
    assert set(entries) == {"a", "c"}
    assert entries["a"].result is Status.BUILT and entries["a"].seconds == 3.0
    assert from_line(torn) is None
    assert from_line('{"paper": "x"}') is None
    assert from_line("[1, 2]") is None


def test_opening_compacts_atomically_and_appends_on_a_line_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST_NAME
    path.write_text(to_line(_entry("a", Status.FAILED)) + to_line(_entry("a")) + '{"paper": "b"')
    with open_manifest(path) as (writer, entries):
        assert list(entries) == ["a"]
        assert path.read_text() == to_line(_entry("a"))
        writer.append(_entry("b"))
    assert path.read_text() == to_line(_entry("a")) + to_line(_entry("b"))
    assert list(read_manifest(path)) == ["a", "b"]


def test_a_second_batch_on_the_same_manifest_is_refused(tmp_path: Path) -> None:
    import os

    path = tmp_path / MANIFEST_NAME
    with open_manifest(path):
        with pytest.raises(LockError) as info, open_manifest(path):
            pass
        assert str(info.value) == (
            f"{path}: error: another docbuild batch is writing {MANIFEST_NAME} "
            f"(pid {os.getpid()})\n"
            "  hint: wait for it to end, or give this batch its own file with --manifest PATH"
        )
    with open_manifest(path):  # released at the end
        pass


def test_papers_are_named_relative_to_the_manifest_and_it_sits_beside_them(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    (papers / "a").mkdir(parents=True)
    (papers / "vol2" / "b").mkdir(parents=True)
    assert default_path([papers / "a", papers / "vol2" / "b"]) == papers / MANIFEST_NAME
    assert default_path([papers / "a"]) == papers / MANIFEST_NAME
    manifest = papers / MANIFEST_NAME
    assert paper_key(papers / "vol2" / "b", manifest) == "vol2/b"
    assert paper_key(tmp_path / "elsewhere", manifest) == "../elsewhere"
