"""Raw LaTeX `figure` environments read as the figures they are, before anything else sees them.

JOSS papers write `\\begin{figure}`, `\\includegraphics[width=...]{images/x.pdf}`, `\\caption`
and `\\label{fig:x}` into the Markdown (their LaTeX build passes it through): pandoc's Markdown
reader keeps each as raw TeX, which no HTML edition prints, so the figures vanished and every
`\\autoref{fig:x}` pointed nowhere. Each is read by pandoc's LaTeX reader (one run for all of
them) and put in its place as the Figure it reads, before the image paths are resolved, PDF
figures rasterised and figures numbered. One pandoc cannot read as a single figure, or one
holding LaTeX it does not know, stays raw (crossref_latex.lua reports it, R010).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

FIGURE_START = re.compile(r"\s*\\begin\{figure\*?\}")
# The widths LaTeX measures against the column: pandoc reads `0.9\linewidth` as 90%, but a
# bare `\linewidth`, or `.375\linewidth` (knitr's out.width), as written, which no CSS reads.
FULL_WIDTH = frozenset({"\\linewidth", "\\textwidth", "\\columnwidth", "\\hsize"})
COLUMN_SHARE = re.compile(r"(\d*\.\d+|\d+)\s*\\(?:linewidth|textwidth|columnwidth|hsize)")

Node = dict[str, object]


def has_latex_figures(texts: list[str]) -> bool:
    """Whether any manuscript text may hold a raw figure environment (no walk otherwise)."""
    return any("\\begin{figure" in text for text in texts)


def _raw_figures(blocks: object) -> Iterator[Node]:
    stack = [blocks]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            content = item.get("c")
            if (
                item.get("t") == "RawBlock"
                and isinstance(content, list)
                and content[0] in ("tex", "latex")
                and FIGURE_START.match(str(content[1]))
            ):
                yield item
            elif isinstance(content, list | dict):
                stack.append(content)
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _has_raw(node: object) -> bool:
    if isinstance(node, dict):
        return node.get("t") in ("RawInline", "RawBlock") or _has_raw(node.get("c"))
    return isinstance(node, list) and any(_has_raw(n) for n in node)


def _full_widths(node: object) -> None:
    if isinstance(node, dict):
        content = node.get("c")
        if node.get("t") == "Image" and isinstance(content, list):
            attributes = content[0][2]
            for pair in attributes:
                if pair[0] in ("width", "height") and pair[1] in FULL_WIDTH:
                    pair[1] = "100%"
                elif pair[0] == "width" and (share := COLUMN_SHARE.fullmatch(pair[1])):
                    pair[1] = f"{float(share[1]) * 100:g}%"
        _full_widths(content)
    elif isinstance(node, list):
        for n in node:
            _full_widths(n)


# What pandoc's LaTeX reader writes as the alternative text of an image that has none
# (knitr's `{\centering \includegraphics{x}}`): a placeholder, not a description.
PLACEHOLDER_ALT = [{"t": "Str", "c": "image"}]


def _caption_as_alt(figure: Node) -> None:
    """The caption as the image's alternative text where it has none, as pandoc's Markdown
    reader gives `![caption](x.png)` (R011 asks for one; the PDF's figure description). Of a
    figure of several images, each is told apart by its place: "(image 2 of 3)"."""
    content = figure.get("c")
    if not isinstance(content, list) or len(content) != 3:
        return
    long = content[1][1]
    if len(long) != 1 or long[0].get("t") not in ("Plain", "Para"):
        return
    images: list[list[object]] = []
    stack: list[object] = [content[2]]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            image = item.get("c")
            if item.get("t") == "Image" and isinstance(image, list):
                images.append(image)
            else:
                stack.append(image)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    for place, image in enumerate(images, 1):
        if image[1] and image[1] != PLACEHOLDER_ALT:
            continue
        alt = json.loads(json.dumps(long[0]["c"]))  # a copy of the inlines
        if len(images) > 1:
            alt += [{"t": "Space"}, {"t": "Str", "c": f"(image {place} of {len(images)})"}]
        image[1] = alt


def read_latex_figures(ast: Node, *, root: Path, timeout: float) -> list[Node]:
    """Replace, in place, each raw `figure` environment of `ast` that pandoc's LaTeX reader
    reads as one figure by that figure; the figures made."""
    from docbuild.errors import PandocError
    from docbuild.render import pandoc

    raws = list(_raw_figures(ast.get("blocks")))
    if not raws:
        return []
    texts = [str(raw["c"][1]) for raw in raws]  # type: ignore[index]
    page = "\n\n".join(texts)  # one run for all: each environment is a block of its own
    try:
        result = pandoc.run(["-f", "latex", "-t", "json"], cwd=root, stdin=page.encode(),
                            timeout=timeout, what="the manuscript's LaTeX figures")  # fmt: skip
    except PandocError:
        return []  # the author's LaTeX: left raw, and R010 names each at its place
    blocks = json.loads(result.output).get("blocks", [])
    if len(blocks) != len(raws):
        return []  # not one block an environment: none is known to be read as written
    made: list[Node] = []
    for raw, block in zip(raws, blocks, strict=True):
        if block.get("t") != "Figure" or _has_raw(block):
            continue
        _full_widths(block)
        _caption_as_alt(block)
        raw.clear()
        raw.update(block)
        made.append(raw)
    return made
