"""refs.bib is parsed again only when its bytes change (what `docbuild preview` relies on)."""

from __future__ import annotations

from pathlib import Path

from docbuild.jobs.bibfile import read_bib


def test_the_same_bytes_give_the_kept_parse_and_new_bytes_a_new_one(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{a, title = {One}, year = {2020}}\n", encoding="utf-8")
    first = read_bib(bib)
    assert read_bib(bib) is first
    bib.write_text("@book{a, title = {Two}, year = {2020}}\n", encoding="utf-8")
    second = read_bib(bib)
    assert second is not first
    assert [e.key for e in second.entries] == ["a"]
    assert second.entries[0].get("title").value == "Two"  # type: ignore[union-attr]
