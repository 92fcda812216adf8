"""The manuscript model: pandoc's facts (anchors, nocite, citations, code) placed in the source
text (paragraphs, lines, waivers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docbuild.errors import InputError
from docbuild.jobs.parse import parse_text, read_texts

MD = Path("/p/manuscript/a.md")
TEXT = """\
---
title: Test
nocite: |
  @extra2020, @other2021
---

# A heading {#intro}

First paragraph
on two lines.

<!-- docbuild: ignore suspicious-figure, anachronism -->
Waived paragraph with `code @x` inside.

```
@notacitation
```

    indented code

- a list item
- another

<!-- a plain
comment -->
Last.
"""


def manuscript(text: str):  # type: ignore[no-untyped-def]
    return parse_text(text, MD).manuscript()


def test_paragraphs_lines_and_waivers() -> None:
    m = manuscript(TEXT)
    assert [(p.line, p.text.split("\n")[0].strip(), p.heading) for p in m.paragraphs] == [
        (7, "# A heading {#intro}", True),
        (9, "First paragraph", False),
        (13, "Waived paragraph with " + " " * len("`code @x`") + " inside.", False),
        (21, "- a list item", False),
        (22, "- another", False),
        (26, "Last.", False),
    ]
    assert m.paragraphs[2].ignored_rules == {"suspicious-figure", "anachronism"}
    assert m.paragraphs[3].ignored_rules == frozenset()
    assert m.paragraphs[1].position(len("First paragraph\non")) == (10, 3)
    assert m.nocite == {"extra2020", "other2021"}
    assert m.anchors == {"intro"}


def test_anchors_are_pandocs_ids() -> None:
    m = manuscript("# Methods and Data\n\n## 2. Results: *main*\n\n[x]{#span-id}\n")
    assert m.anchors == {"methods-and-data", "results-main", "span-id"}


def test_what_a_second_reader_got_wrong_pandoc_gets_right() -> None:
    """Measured on the regex reader this model replaced: setext headings had no id, a code
    block's id was no anchor, an example list's `(@good)` and code in a list item were
    citations, a YAML `nocite: |` block was read by hand."""
    m = manuscript(
        "Über die Natur\n==============\n\n"
        "(@good) An example.\n\nAs (@good) shows, see @real.\n\n"
        "- item\n\n        code in a list @incode\n\n"
        "```{.python #lst:one}\nx = 1\n```\n\n"
        '<div id="rawdiv">\nText.\n</div>\n'
    )
    assert m.anchors == {"über-die-natur", "lst:one", "rawdiv"}
    assert [(c.key, c.line, c.column) for c in m.citations] == [("real", 6, 23)]
    assert m.groups == (("real",),)
    # The code in the list item is blanked, so no rule reads it as prose.
    assert all("@incode" not in p.text for p in m.paragraphs)


def test_a_heading_used_twice_gets_pandocs_numbered_id() -> None:
    assert manuscript("# Data\n\n# Data\n").anchors == {"data", "data-1"}


def test_citations_in_notes_tables_and_html_blocks_are_found_where_written() -> None:
    m = manuscript(
        "Text.[^1]\n\n| a |\n|---|\n| [@tab] |\n\n<div>\n[@inhtml]\n</div>\n\n"
        "[^1]: In a note [@fn].\n"
    )
    assert [(c.key, c.line) for c in m.citations] == [("tab", 5), ("inhtml", 8), ("fn", 11)]
    assert m.groups == (("fn",), ("tab",), ("inhtml",))


def test_read_texts_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape("manuscript file 'gone.md' does not exist")):
        read_texts([tmp_path / "gone.md"])
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9\n")
    with pytest.raises(InputError, match=re.escape("manuscript file 'bad.md' is not UTF-8")):
        read_texts([bad])
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        read_texts([folder])
    assert info.value.message == "manuscript file 'folder.md' is a folder, not a regular file"


def test_a_byte_order_mark_does_not_hide_the_front_matter() -> None:
    m = manuscript("\ufeff---\nnocite: '@a'\n---\n\nText [@b].\n")
    assert [(p.line, p.text) for p in m.paragraphs] == [(5, "Text [@b].")]
    assert m.nocite == {"a"}


def test_quarto_and_capitalised_cross_references_are_not_citations() -> None:
    """quarto-playstyle's `@fig-session-timeline` was M001 'has no entry'."""
    text = "See @fig-timeline, @Fig:map, [@tbl-stats; @khan2019] and @sec-intro.\n"
    manuscript = parse_text(text, Path("m.qmd")).manuscript()
    assert manuscript.groups == (("khan2019",),)
    assert [c.key for c in manuscript.citations] == ["khan2019"]
