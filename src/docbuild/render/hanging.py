"""A line that fits but for the spaces it ends with is set whole, as Pango sets it: WeasyPrint
70 hyphenates its first word instead, a word broken twice (crossref-viejo-2016 in gfpr, p1:
`de-` / `valua-` / `tion of the outcome`).

A text box followed by another inline box (math, a link, emphasis) ends with a space. Pango
lets that space hang past the line's end, so it sets `valuation ... simulations, ` on one
line of 315.6 px; WeasyPrint's `split_first_line` measures the line with the space (319.1
px), takes it for a line that "can't be split earlier" and hyphenates its first word, which
leaves `valua-` alone on a line. Here the break WeasyPrint chose is kept unless it put only
part of the line's first word on the line while the text's words, without the space, fit
the width; then the line is the whole text, and the space goes where every line's last
space goes. A word wider than the line (a narrow table cell) is still WeasyPrint's to break.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from docbuild.render.linebreaks import CALLERS, replaced_split_first_line


@contextmanager
def hang_trailing_spaces() -> Iterator[None]:
    """Within the block, WeasyPrint's lines that fit but for a trailing space are set whole
    (outside render/linebreaks.py's memory, which then keeps what this gives). A WeasyPrint
    not shaped as 70 was, or one already hooked, is left alone."""
    line_break = importlib.import_module(CALLERS[0])
    create_layout = getattr(line_break, "create_layout", None)
    line_size = getattr(line_break, "line_size", None)
    if create_layout is None or line_size is None:
        yield
        return
    with replaced_split_first_line(lambda original: _hanging(original, create_layout, line_size)):
        yield


def _hanging(
    original: Callable[..., tuple[Any, ...]],
    create_layout: Callable[..., Any],
    line_size: Callable[..., tuple[float, float]],
) -> Callable[..., tuple[Any, ...]]:
    # WeasyPrint 70's arguments; `is_line_start` and `minimum` come by name or by place (as
    # render/linebreaks.py passes them on).
    def split_first_line(
        text: str, style: Any, context: Any, max_width: float | None, *rest: Any, **named: Any
    ) -> tuple[Any, ...]:
        found = original(text, style, context, max_width, *rest, **named)
        minimum = named.get("minimum", rest[2] if len(rest) > 2 else False)
        if max_width is None or minimum or found[2] is None or style["white_space"] != "normal":
            return found
        words = text.rstrip(" ")
        if words == text:
            return found  # no space at its end: not this case
        first_word = words.lstrip(" ").split(" ", 1)[0]
        set_first = text.encode("utf-8")[: found[1]].decode("utf-8", "ignore").lstrip(" ")
        if " " in set_first or len(set_first) >= len(first_word):
            return found  # the line holds whole words: WeasyPrint's own break
        spacing = rest[0] if rest else named.get("justification_spacing", 0)
        layout = create_layout(words, style, context, None, spacing)  # kept: the line is its
        line, _ = layout.get_first_line()
        if line_size(line, style)[0] > max_width:
            return found  # its words do not fit either: WeasyPrint's break stands
        # The whole text on one line, as WeasyPrint sets a line without a width to keep to.
        return original(text, style, context, None, *rest, **named)

    return split_first_line
