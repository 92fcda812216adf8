"""The one brace scanner: groups, masking and splitting outside braces."""

from __future__ import annotations

import re

from docbuild.bib.braces import (
    group_end,
    is_one_group,
    last_unmatched_close,
    mask,
    split_top_level,
    top_level_index,
)


def test_group_end_counts_nesting_and_escapes() -> None:
    assert group_end("{a {b} c} d", 0) == 9
    assert group_end("{a \\} b}", 0) == 8  # `\}` is a character, not the end
    assert group_end("{never", 0) is None


def test_one_group() -> None:
    assert is_one_group("{World Health Organization}")
    assert not is_one_group("{World} {Bank}")
    assert not is_one_group("World")


def test_mask_keeps_offsets_and_hides_groups() -> None:
    text = "{Barnes and Noble} and Smith"
    assert len(mask(text)) == len(text)
    assert mask(text).endswith(" and Smith") and "Noble" not in mask(text)
    assert mask("{open and more") == "\x00" * len("{open and more")


def test_splits_and_searches_outside_braces() -> None:
    assert split_top_level("a, {b, c}, d", re.compile(",")) == ["a", " {b, c}", " d"]
    assert top_level_index("{x, y}, z", ",") == 6
    assert last_unmatched_close("a} {b} }") == 7
    assert last_unmatched_close("{a}") == -1
