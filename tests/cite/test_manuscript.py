"""Reading manuscript files into paragraphs: front matter, code, comments, waivers, anchors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docbuild.cite.manuscript import parse_manuscript, read_manuscript
from docbuild.errors import InputError

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


def test_paragraphs_lines_and_waivers() -> None:
    m = parse_manuscript([(MD, TEXT)])
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


def test_anchors() -> None:
    m = parse_manuscript([(MD, "# Methods and Data\n\n## 2. Results: *main*\n\n[x]{#span-id}\n")])
    assert m.anchors == {"methods-and-data", "results-main", "span-id"}


def test_read_manuscript_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape("manuscript file 'gone.md' does not exist")):
        read_manuscript([tmp_path / "gone.md"])
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9\n")
    with pytest.raises(InputError, match=re.escape("manuscript file 'bad.md' is not UTF-8")):
        read_manuscript([bad])
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        read_manuscript([folder])
    assert info.value.message == "manuscript file 'folder.md' is a folder, not a regular file"


def test_a_byte_order_mark_does_not_hide_the_front_matter() -> None:
    m = parse_manuscript([(MD, "\ufeff---\nnocite: '@a'\n---\n\nText [@b].\n")])
    assert [(p.line, p.text) for p in m.paragraphs] == [(5, "Text [@b].")]
    assert m.nocite == {"a"}
