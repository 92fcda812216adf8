"""A line that fits but for the spaces it ends with is set whole, as Pango sets it: WeasyPrint
70 sets its first word alone or hyphenates it instead (crossref-viejo-2016 in gfpr, p1:
`de-` / `valua-` / `tion of the outcome`; joss-iondiff p2: `simulation` / `based` / `on
density functional theory`; the sample's `were` in gfpr and `and` in ieee).

A text box followed by another inline box (math, a link, emphasis) ends with a space. Pango
lets that space hang past the line's end, so it sets `valuation ... simulations, ` on one
line of 315.6 px; WeasyPrint's `split_first_line` measures the line with the space (319.1
px), takes it for a line that "can't be split earlier" and sets only its first word, or part
of it. Here the break WeasyPrint chose is kept unless it put one word, or part of one, on the
line while Pango's line holds more, whose words, without the space, fit the width; then the
line ends where Pango ends it (the whole text when Pango does not break it). A text that ends
with a no-break space (`available on&nbsp;<a>Gitlab</a>`) has no space to hang: Pango's line
is tried again at the width of its words, which ends it a word earlier. A word wider than the
line (a narrow table cell) is still WeasyPrint's to break.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from docbuild.render.linebreaks import CALLERS, replaced_split_first_line

TRIES = 3  # Pango's line at narrower widths, for one that fits but for its trailing spaces


@contextmanager
def hang_trailing_spaces() -> Iterator[None]:
    """Within the block, WeasyPrint's lines that fit but for a trailing space are set whole
    (outside render/linebreaks.py's memory, which then keeps what this gives). A WeasyPrint
    not shaped as 70 was, or one already hooked, is left alone."""
    line_break = importlib.import_module(CALLERS[0])
    create_layout = getattr(line_break, "create_layout", None)
    line_size = getattr(line_break, "line_size", None)
    metrics = getattr(line_break, "first_line_metrics", None)
    if create_layout is None or line_size is None or metrics is None:
        yield
        return
    with replaced_split_first_line(
        lambda original: _hanging(original, create_layout, line_size, metrics)
    ):
        yield


def _hanging(
    original: Callable[..., tuple[Any, ...]],
    create_layout: Callable[..., Any],
    line_size: Callable[..., tuple[float, float]],
    first_line_metrics: Callable[..., tuple[Any, ...]],
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
        set_first = text.encode("utf-8")[: found[1]].decode("utf-8", "ignore").strip(" ")
        if " " in set_first:
            return found  # the line holds more than one word: WeasyPrint's own break
        spacing = rest[0] if rest else named.get("justification_spacing", 0)
        encoded = text.encode("utf-8")

        def width(words: str) -> float:
            measured = create_layout(words, style, context, None, spacing)  # kept: its line
            return line_size(measured.get_first_line()[0], style)[0] if words else 0.0

        # Where Pango ends the line: its words fit, the space after them hangs. A line that
        # ends with a no-break space (`on\u00a0Gitlab`) does not fit with it; Pango then
        # ends it a word earlier, at the width of its words.
        target = max_width
        for _ in range(TRIES):
            layout = create_layout(text, style, context, target, spacing)
            line, resume = layout.get_first_line()
            ends = len(encoded) if resume is None else line.length
            words = encoded[:ends].decode("utf-8", "ignore").rstrip(" ")
            if len(words.strip(" ")) <= len(set_first):
                return found  # Pango sets no more of the text on the line than WeasyPrint
            if width(words) <= max_width:
                break
            target = min(target, width(words.rstrip(" \u00a0"))) - 0.01
        else:
            return found  # its words do not fit either: WeasyPrint's break stands
        if resume is None:
            # The whole text on one line, as WeasyPrint sets a line without a width to keep to.
            return original(text, style, context, None, *rest, **named)
        layout = create_layout(text, style, context, target, spacing)  # its line, still valid
        line, resume = layout.get_first_line()
        return first_line_metrics(line, text, layout, resume, True, style)

    return split_first_line
