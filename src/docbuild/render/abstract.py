"""An `# Abstract` section that opens the paper, as the abstract when the front matter has
none (pandoc-scholar's abstract-to-meta, Manubot's `## Abstract`); where the style requires an
abstract, a JOSS paper's opening `# Summary` too (JOSS asks for no abstract: its summary for a
non-specialist reader is what the paper has of one). Pure: pandoc's JSON AST.

The style prints the abstract in the masthead; left a section, it would be printed again as
the body's first heading, and the masthead would say it has none.
"""

from __future__ import annotations

from typing import NamedTuple

Node = dict[str, object]
TITLES = frozenset({"abstract"})  # the heading as written, without case or a colon
SUMMARY = "summary"  # also, where the style requires an abstract


class Taken(NamedTuple):
    title: str  # the heading as written ("Abstract")
    start: int  # the top-level blocks taken out of the body: blocks[start:end]
    end: int
    summary: bool = False  # a JOSS `# Summary`, taken as the style requires an abstract


def take_abstract_section(ast: Node, *, summary: bool = False) -> Taken | None:
    """Move the section into `meta.abstract`, in place; what was taken, or None when the
    paper has an abstract already, or does not open with such a section (`summary`: or with
    a `# Summary`)."""
    meta, blocks = ast.get("meta"), ast.get("blocks")
    if not isinstance(meta, dict) or not isinstance(blocks, list) or "abstract" in meta:
        return None
    first = next((i for i, b in enumerate(blocks) if _is(b, "Header")), None)
    if first is None:
        return None
    level, title = _header(blocks[first])
    name = title.strip().rstrip(":.").strip().lower()
    if name not in TITLES and not (summary and name == SUMMARY):
        return None
    end = next(
        (i for i in range(first + 1, len(blocks)) if _is(blocks[i], "Header")
         and _header(blocks[i])[0] <= level),
        len(blocks),
    )  # fmt: skip
    body = blocks[first + 1 : end]
    if not body:
        return None
    meta["abstract"] = {"t": "MetaBlocks", "c": body}
    del blocks[first:end]
    return Taken(title, first, end, summary=name == SUMMARY)


def _is(block: object, kind: str) -> bool:
    return isinstance(block, dict) and block.get("t") == kind


def _header(block: object) -> tuple[int, str]:
    assert isinstance(block, dict)
    level, _attr, inlines = block["c"]  # type: ignore[misc]
    return int(level), _text(inlines)


def _text(inlines: object) -> str:
    out: list[str] = []
    for el in inlines if isinstance(inlines, list) else []:
        if not isinstance(el, dict):
            continue
        if el.get("t") == "Str":
            out.append(str(el.get("c")))
        elif el.get("t") in ("Space", "SoftBreak"):
            out.append(" ")
        elif isinstance(el.get("c"), list):
            out.append(_text(el["c"]))
    return "".join(out)
