"""Math that the PDF prints smaller than it was set: an expression wider than its line or
text area is shrunk to fit (the print CSS's `img { max-width: 100% }`), and past a point no
one can read it. LaTeX says "Overfull \\hbox" there; this says how much smaller, and where.

Read from the laid-out document (WeasyPrint's boxes): each math image's used width against
the width its layout gave it. What is shrunk is a fact of the PDF, not a guess; whether it can
still be read depends on how much, hence a warning only past SHRUNK.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docbuild.diagnostics import Diagnostic, Location

MATH_CLASS = "docbuild-math"  # mathpage.to_image's images
# Printed at less than this part of its size: a fifth smaller is still read at a glance (an
# equation shrunk by up to a twentieth stays in its column: render/widen.py's FIT).
SHRUNK = 0.8


@dataclass(frozen=True, slots=True)
class Shrunk:
    """One expression printed smaller than set, at each of its places in the PDF."""

    tex: str  # the image's alternative text: the TeX pandoc kept
    scale: float  # the smallest part of its size it is printed at
    pages: tuple[int, ...]  # 1-based, in order, each once
    display: bool  # display math (else inline)


def shrunk_math(pages: Sequence[Any]) -> list[Shrunk]:
    """Each expression printed at less than SHRUNK of its size in the laid-out `pages`
    (WeasyPrint's Page objects), in the order of its first place."""
    found: dict[tuple[str, bool], tuple[float, list[int]]] = {}
    for number, page in enumerate(pages, 1):
        for box, display in _math_boxes(page._page_box, False):
            width = box.style["width"]
            wanted = getattr(width, "value", None)
            if not isinstance(wanted, (int, float)) or wanted <= 0 or box.width is None:
                continue
            scale = box.width / wanted
            if scale >= SHRUNK:
                continue
            key = (box.element.get("alt") or "", display)
            smallest, at = found.get(key, (scale, []))
            if number not in at:
                at.append(number)
            found[key] = (min(smallest, scale), at)
    return [Shrunk(tex, scale, tuple(at), display) for (tex, display), (scale, at) in found.items()]


def _math_boxes(box: Any, display: bool) -> Iterator[tuple[Any, bool]]:
    """The math images' boxes under `box`, each with whether it is display math."""
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        classes = (element.get("class") or "").split() if element is not None else ()
        if getattr(child, "element_tag", None) == "img" and MATH_CLASS in classes:
            yield child, display
            continue
        yield from _math_boxes(child, display or "docbuild-math-display" in classes)


def shrunk_findings(shrunk: Iterable[Shrunk], manuscript: Sequence[Path]) -> list[Diagnostic]:
    """R016 for each expression shrunk past reading, at its place in the manuscript."""
    from docbuild.render.findings import MATH_SHRUNK, finding
    from docbuild.render.mathpage import MathProblem, locate

    out = []
    for s in shrunk:
        where = locate(manuscript, MathProblem("", s.tex, "")) or Location(manuscript[0], 0)
        shown = " ".join(s.tex.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        kind = "display equation" if s.display else "inline expression"
        pages = ", ".join(map(str, s.pages))
        fix = (
            "break it over lines (an aligned or multline environment), or set it as a figure"
            if s.display
            else "set it as display math ($$...$$), or break it into shorter expressions"
        )
        out.append(
            finding(
                MATH_SHRUNK,
                where,
                f"the {kind} '{shown}' is wider than its "
                f"{'text area' if s.display else 'line'}: the PDF prints it at"
                f" {s.scale:.0%} of its size (page{'s' if len(s.pages) > 1 else ''} {pages})",
                fix=fix,
            )
        )
    return out
