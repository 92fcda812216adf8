"""Quarto includes through the real parse (pandoc, the file system): the included text is in
the AST where the shortcode was, each citation is placed in its own file and line, and an
include that leaves the paper folder, directly or through a link, stops the parse with its
file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.errors import ConfigErrors
from docbuild.jobs.parse import parse_files

MAIN = """\
---
title: T
---

First @before.

{{< include text/part.md >}}

Last @after.
"""
PART = """\
## Included

```{r}
x <- 1
```

Inside @inside.
"""


def _paper(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "paper.qmd").write_text(MAIN, encoding="utf-8")
    (tmp_path / "text" / "part.md").write_text(PART, encoding="utf-8")
    return tmp_path / "paper.qmd"


def test_included_text_is_read_in_place_and_placed_in_its_file(tmp_path: Path) -> None:
    main = _paper(tmp_path)
    parsed = parse_files([main], root=tmp_path, timeout=60, scratch=tmp_path / "build")
    blocks = parsed.ast["blocks"]
    assert isinstance(blocks, list)
    assert [b["t"] for b in blocks] == ["Para", "Header", "CodeBlock", "Para", "Para"]
    places = [
        (c.key, c.path.relative_to(tmp_path).as_posix(), c.line, c.column)
        for c in parsed.manuscript().citations
    ]
    assert places == [
        ("before", "paper.qmd", 5, 7),
        ("inside", "text/part.md", 7, 8),
        ("after", "paper.qmd", 9, 6),
    ]
    assert parsed.files() == [main, tmp_path / "text" / "part.md"]
    assert "include" not in parsed.file_texts()[main]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("../outside.md", "included file '{out}' is outside the paper folder"),
        ("text/linked.md",
         "included file 'text/linked.md' (a link to '{out}') is outside the paper folder"),
    ],
)  # fmt: skip
def test_an_include_that_leaves_the_folder_is_an_error_with_its_line(
    tmp_path: Path, target: str, message: str
) -> None:
    paper = tmp_path / "paper"
    paper.mkdir()
    main = _paper(paper)
    outside = tmp_path / "outside.md"
    outside.write_text("Secret.\n", encoding="utf-8")
    (paper / "text" / "linked.md").symlink_to(outside)
    main.write_text(MAIN.replace("text/part.md", target), encoding="utf-8")
    with pytest.raises(ConfigErrors) as info:
        parse_files([main], root=paper, timeout=60)
    assert [e.message for e in info.value.errors] == [message.format(out=outside)]
    assert [str(e.location) for e in info.value.errors] == [f"{main}:7"]


def test_doit_sees_a_change_to_an_included_file(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from docbuild.config import load_settings
    from docbuild.doit_support import IncludesUnchanged
    from docbuild.jobs.parse import store_parse

    _paper(tmp_path)
    (tmp_path / "docbuild.toml").write_text('manuscript = ["paper.qmd"]\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    store_parse(settings, timeout=60)
    check = IncludesUnchanged(settings)
    task = SimpleNamespace(value_savers=[])
    assert not check(task, {})  # never run with these includes
    values = task.value_savers[0]()  # what doit keeps after the run
    assert values == {"_includes": [["text/part.md", values["_includes"][0][1]]]}
    assert check(SimpleNamespace(value_savers=[]), values)
    (tmp_path / "text" / "part.md").write_text(PART + "\nMore.\n", encoding="utf-8")
    assert not check(SimpleNamespace(value_savers=[]), values)
