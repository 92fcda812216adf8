"""What pandoc's JSON AST says about a manuscript: its anchors, `nocite`, citations and code.

pandoc is the authority on what the Markdown means (heading ids, which `@key` is a citation,
what is code); these are read from the same parse that the build renders. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# Quarto's theorem kinds: `@thm-x`, `@lem-x`, ... are cross-references (crossref_theorems.lua).
THEOREM_KINDS = ("thm", "lem", "cor", "prp", "cnj", "def", "exm", "exr")
# References to figures, tables, sections, equations and listings, pandoc-crossref's (`@fig:x`,
# `@Fig:x`) and Quarto's (`@fig-x`): Cite nodes to pandoc's reader, cross-references to our
# filter (render/crossref.lua).
CROSS_REFERENCE_PREFIXES = tuple(
    f"{kind}{sep}" for kind in ("fig", "tbl", "sec", "eq", "lst", "Fig", "Tbl", "Sec", "Eq", "Lst")
    for sep in (":", "-")
) + tuple(
    # Quarto's theorem kinds, with its separator only, as crossref.lua's kind_of reads them
    f"{kind}-" for kind in THEOREM_KINDS
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


def renamed_citations(node: object, names: Mapping[str, str]) -> object:
    """`node` (blocks, a metadata value) with each citation of a key in `names` citing
    `names[key]`: two keys of one work give citeproc one reference. The nodes on the way to
    a renamed citation are copies, the rest shared: a warm process hands the parse's nodes
    out again (jobs/parse_apart.py), so they are never changed in place."""
    paths = [p for p in _citation_paths(node) if _follow(node, p).get("citationId") in names]
    if not paths:
        return node
    root = _copy(node)
    copies: dict[tuple[object, ...], object] = {(): root}
    for path in paths:
        at: object = root
        for depth in range(1, len(path) + 1):
            step = path[depth - 1]
            child = copies.get(path[:depth])
            if child is None:
                child = copies[path[:depth]] = _copy(at[step])  # type: ignore[index]
                at[step] = child  # type: ignore[index]
            at = child
        assert isinstance(at, dict)
        at["citationId"] = names[str(at["citationId"])]
    return root


def _citation_paths(root: object) -> Iterator[tuple[object, ...]]:
    """Where each citation (the record with `citationId` in a Cite) is, in document order."""
    stack: list[tuple[object, tuple[object, ...]]] = [(root, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            content = item.get("c")
            if item.get("t") == "Cite":
                cited = content[0] if isinstance(content, list) and content else None
                for n, c in enumerate(cited if isinstance(cited, list) else ()):
                    if isinstance(c, dict) and "citationId" in c:
                        yield (*path, "c", 0, n)
            elif isinstance(content, list | dict):
                stack.append((content, (*path, "c")))
        elif isinstance(item, list):
            stack.extend((v, (*path, n)) for n, v in reversed(list(enumerate(item))))


def _follow(root: object, path: tuple[object, ...]) -> dict[str, object]:
    node = root
    for step in path:
        node = node[step]  # type: ignore[index]
    assert isinstance(node, dict)
    return node


def _copy(node: object) -> object:
    return list(node) if isinstance(node, list) else dict(node)  # type: ignore[call-overload]


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
