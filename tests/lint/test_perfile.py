"""The rules' per-file cache (lint/perfile.py): once per Bibliography, again for another."""

from __future__ import annotations

from pathlib import Path

from docbuild.bib.model import Bibliography
from docbuild.bib.read import parse_bib
from docbuild.lint.perfile import per_file


def test_a_file_is_worked_out_once_and_another_again() -> None:
    calls: list[Bibliography] = []

    @per_file
    def keys(bibliography: Bibliography) -> list[str]:
        calls.append(bibliography)
        return [e.key for e in bibliography.entries]

    text = "@article{a, title = {A}}\n"
    one, same_text = parse_bib(text, Path("refs.bib")), parse_bib(text, Path("refs.bib"))
    assert keys(one) == ["a"] and keys(one) == ["a"]
    assert calls == [one]
    assert keys(same_text) == ["a"]  # equal, but another parse: told by identity
    assert keys(one) == ["a"]
    assert [id(b) for b in calls] == [id(one), id(same_text), id(one)]
