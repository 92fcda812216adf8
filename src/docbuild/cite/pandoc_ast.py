"""What pandoc's JSON AST says about a manuscript: its anchors, `nocite`, citations and code.

pandoc is the authority on what the Markdown means (heading ids, which `@key` is a citation,
what is code); these are read from the same parse that the build renders. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# References to figures, tables, sections, equations and listings, pandoc-crossref's (`@fig:x`,
# `@Fig:x`) and Quarto's (`@fig-x`): Cite nodes to pandoc's reader, cross-references to our
# filter (render/crossref.lua).
CROSS_REFERENCE_PREFIXES = tuple(
    f"{kind}{sep}" for kind in ("fig", "tbl", "sec", "eq", "lst", "Fig", "Tbl", "Sec", "Eq", "Lst")
    for sep in (":", "-")
)  # fmt: skip
# Node types whose first element is an Attr ([id, classes, attributes]).
_ATTR_FIRST = frozenset({"Div", "Span", "CodeBlock", "Code", "Figure", "Table", "Link", "Image"})
# Raw HTML is not parsed by pandoc; an `id`/`name` in it is still an anchor of the page.
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")


@dataclass(frozen=True, slots=True)
class AstFacts:
    anchors: frozenset[str]  # every id a `#fragment` link may point to
    nocite: frozenset[str]  # keys in the front matter's `nocite` ("*": all)
    groups: tuple[tuple[str, ...], ...]  # each citation's keys, in document order
    code_blocks: tuple[str, ...]  # each CodeBlock's text, in document order

    @property
    def cited(self) -> frozenset[str]:
        """Every key the text cites (without `nocite`)."""
        return frozenset(k for group in self.groups for k in group)


def read_ast(ast: Mapping[str, object]) -> AstFacts:
    """The facts of a `pandoc -t json` document."""
    anchors: set[str] = set()
    groups: list[tuple[str, ...]] = []
    code: list[str] = []
    for node in _nodes(ast.get("blocks", [])):
        kind, content = node.get("t"), node.get("c")
        if not isinstance(content, list):
            continue
        if kind == "Header":
            anchors.add(_ident(content[1]))
        elif kind in _ATTR_FIRST:
            anchors.add(_ident(content[0]))
            if kind == "CodeBlock":
                code.append(str(content[1]))
        elif kind == "Cite":
            keys = tuple(k for k in _keys(content[0]) if not k.startswith(CROSS_REFERENCE_PREFIXES))
            if keys:
                groups.append(keys)
        elif kind in ("RawBlock", "RawInline") and content[0] == "html":
            text = str(content[1])
            if not text.lstrip().startswith("<!--"):
                anchors.update(_HTML_ID.findall(text))
    anchors.discard("")
    meta = ast.get("meta")
    nocite = meta.get("nocite") if isinstance(meta, Mapping) else None
    found = (
        k
        for node in _nodes(nocite)
        if node.get("t") == "Cite" and isinstance(node.get("c"), list)
        for k in _keys(node["c"][0])  # type: ignore[index]
    )
    return AstFacts(frozenset(anchors), frozenset(found), tuple(groups), tuple(code))


def _nodes(root: object) -> Iterator[Mapping[str, object]]:
    """Every node with a type, in document order; a stack, not recursion (deep lists)."""
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if "t" in item:
                yield item
            content = item.get("c")
            if isinstance(content, list | Mapping):
                stack.append(content)
        elif isinstance(item, list):
            stack.extend(reversed([v for v in item if isinstance(v, list | Mapping)]))


def _ident(attr: object) -> str:
    return str(attr[0]) if isinstance(attr, list) and attr else ""


def _keys(citations: object) -> list[str]:
    if not isinstance(citations, list):
        return []
    return [str(c["citationId"]) for c in citations if isinstance(c, Mapping) and "citationId" in c]
