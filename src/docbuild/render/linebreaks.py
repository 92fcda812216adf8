"""WeasyPrint's line breaking remembered while one PDF is rendered: the float pass lays the
same paragraphs out again at the same widths, and a column is laid out twice in each layout.

Most of a layout's CPU is Pango finding where a line of text ends (WeasyPrint's
`split_first_line`). The float pass (render/floats.py) lays the page out two or three times,
and between two layouts almost every paragraph is set in a column of the same width: 98% of
the lines asked for again are lines already broken. WeasyPrint's multi-column layout also
sets each page's columns once to measure them and once for good (a third of the lines in a
single layout). The answer depends only on the text, the width, the flags and the style
properties read while breaking (PROPERTIES, the fonts' configuration included), so it is kept
under those and handed out again: each caller gets its own copy of the layout it keeps (as
WeasyPrint makes a new one each time), so the drawing, which re-activates it, never shares
state between two boxes. The PDF is byte for byte the one WeasyPrint makes without it
(tests/render/test_linebreaks.py).
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# Every computed property `weasyprint.text.line_break.split_first_line` reads, itself or in
# what it calls (the Pango layout's set-up, font description and features, hyphenation, the
# line's size), in WeasyPrint 70. A property left out would let two different styles share a
# line; one too many only makes fewer lines found again.
PROPERTIES = (
    "white_space",
    "font_size",
    "line_height",
    "direction",
    "font_language_override",
    "lang",
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_variant_caps",
    "font_variation_settings",
    "font_kerning",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
    "word_spacing",
    "letter_spacing",
    "overflow_wrap",
    "word_break",
    "tab_size",
    "hyphens",
    "hyphenate_character",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "text_decoration_line",
)
# The modules that call `split_first_line` by a name of their own (imported at their top);
# SVG text imports it from line_break when it runs.
CALLERS = ("weasyprint.text.line_break", "weasyprint.layout.inline", "weasyprint.layout.preferred")


@contextmanager
def remember_line_breaks() -> Iterator[dict[object, tuple[Any, ...]]]:
    """Within the block, WeasyPrint breaks each distinct line once; yields what it keeps
    (for tests). A WeasyPrint not shaped as 70 was, or one already hooked, is left alone."""
    kept: dict[object, tuple[Any, ...]] = {}
    with replaced_split_first_line(lambda original: _remembering(original, kept)):
        yield kept


@contextmanager
def replaced_split_first_line(
    wrap: Callable[[Callable[..., tuple[Any, ...]]], Callable[..., tuple[Any, ...]]],
) -> Iterator[bool]:
    """Within the block, WeasyPrint's `split_first_line` is `wrap(original)` in every module
    that calls it (this module's hook, render/hanging.py's); yields whether it is. A
    WeasyPrint not shaped as 70 was, or one another hook has replaced unevenly, is left
    alone."""
    modules = [importlib.import_module(name) for name in CALLERS]
    original = getattr(modules[0], "split_first_line", None)
    if original is None or any(
        getattr(m, "split_first_line", None) is not original for m in modules
    ):
        yield False
        return
    hooked = wrap(original)
    for module in modules:
        module.split_first_line = hooked
    try:
        yield True
    finally:
        for module in modules:
            module.split_first_line = original


def _remembering(
    original: Callable[..., tuple[Any, ...]], kept: dict[object, tuple[Any, ...]]
) -> Callable[..., tuple[Any, ...]]:
    # Each style's values of PROPERTIES, read once: a paragraph's lines share its style (and
    # WeasyPrint 70 never assigns one of them to a style once made, only sizes and anchors).
    # By id, with a weak reference to tell a style from a later one at the same address
    # (WeasyPrint's styles are dicts: no weak dictionary takes them as keys).
    values: dict[int, tuple[weakref.ref[Any], tuple[str, ...]]] = {}

    def style_values(style: Any) -> tuple[str, ...]:
        known = values.get(id(style))
        if known is not None and known[0]() is style:
            return known[1]
        found = tuple(repr(style[name]) for name in PROPERTIES)
        values[id(style)] = (weakref.ref(style), found)
        return found

    # Arguments as WeasyPrint 70 names them; `style` and `context` are its own objects.
    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> tuple[Any, ...]:
        key = _key(
            text, style, style_values, max_width, justification_spacing, is_line_start, minimum
        )
        if key is None:
            return original(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
        found = kept.get(key)
        if found is None:
            found = original(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
            if hasattr(found[0], "layout"):
                return found  # still holding Pango's objects: not a result to hand out twice
            kept[key] = found
        layout, *rest = found
        return (copy.copy(layout), *rest)

    return split_first_line


def _key(
    text: str,
    style: Any,
    style_values: Callable[[Any], tuple[str, ...]],
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool,
    minimum: bool,
) -> object | None:
    """What the line's breaking depends on; None where it may depend on more (a length
    computed from other properties)."""
    if getattr(style["hyphenate_limit_zone"], "unit", None) is None:
        return None  # calc(): resolved against properties not listed
    # The text by digest: a paragraph's remainders, kept whole, would grow with its square.
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return (
        digest,
        len(text),
        style_values(style),
        id(style.font_config),
        max_width,
        justification_spacing,
        is_line_start,
        minimum,
    )
