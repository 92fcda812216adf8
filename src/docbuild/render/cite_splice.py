"""Where the citations are in pandoc's AST, in the order citeproc walks them, and how the
rendered ones go back in their places with the bibliography where pandoc puts it (the split
render of render/citecache.py and render/chapters.py). Pure."""

from __future__ import annotations

from collections.abc import Iterator

Node = dict[str, object]


# Elements that hold no other element ("c" is text, or text and attributes).
_LEAVES = frozenset(("Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline",
                     "CodeBlock", "RawBlock", "HorizontalRule", "MetaString",
                     "MetaBool"))  # fmt: skip


def citations(ast: object) -> Iterator[Node]:
    """Every Cite node of `ast` in document order, without looking inside a Cite."""
    # A stack over the elements' contents, past the words: a generator for each node was a
    # tenth of a book's save in Python (4x this walk).
    stack = [ast]
    while stack:
        node = stack.pop()
        if type(node) is list:
            stack.extend(reversed(node))
        elif type(node) is dict:
            kind = node.get("t")
            if kind == "Cite":
                yield node
            elif kind is None:  # a document, or a record inside an element
                stack.extend(reversed(node.values()))
            elif kind not in _LEAVES and type(node.get("c")) in (list, dict):
                stack.append(node["c"])


def refs_divs(blocks: object) -> list[Node]:
    """The divs with id `refs`: pandoc puts the bibliography in such a div, not at the end."""
    return [
        node for node in _nodes(blocks)
        if node.get("t") == "Div" and node["c"][0][0] == "refs"  # type: ignore[index]
    ]  # fmt: skip


def _nodes(ast: object) -> Iterator[Node]:
    if isinstance(ast, dict):
        yield ast
        for value in ast.values():
            yield from _nodes(value)
    elif isinstance(ast, list):
        for value in ast:
            yield from _nodes(value)


def citation_document(doc: Node) -> Node:
    """The metadata, one paragraph per citation of the body and the author's `#refs` div, if
    there is one: what citeproc needs."""
    body: list[object] = [{"t": "Para", "c": [cite]} for cite in citations(doc["blocks"])]
    return {**doc, "blocks": body + refs_divs(doc["blocks"]) + trailing_heading(doc)}


def trailing_heading(doc: Node) -> list[object]:
    """The last block when it is a heading and there is no `#refs` div: citeproc puts the
    bibliography under it and marks it unnumbered, so it must see it."""
    blocks = doc["blocks"]
    assert isinstance(blocks, list)
    if blocks and blocks[-1].get("t") == "Header" and not refs_divs(blocks):
        return [blocks[-1]]
    return []


def with_cites(blocks: object, done: Iterator[object]) -> list[object]:
    """`blocks` with each Cite, in document order, replaced by the next of `done`."""

    def replace(node: object) -> object:
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                return next(done)
            return {k: replace(v) for k, v in node.items()}
        if isinstance(node, list):
            return [replace(v) for v in node]
        return node

    out = replace(blocks)
    assert isinstance(out, list)
    return out


def splice(doc: Node, rendered: Node) -> Node:
    """`doc` with each body citation replaced by its rendered counterpart and citeproc's
    additions (the bibliography, with its heading) appended, under citeproc's metadata."""
    count = sum(1 for _ in citations(doc["blocks"]))
    out_blocks = rendered["blocks"]
    assert isinstance(out_blocks, list)
    done = iter(cite for para in out_blocks[:count] for cite in citations(para))
    blocks = with_cites(doc["blocks"], done)
    if next(done, None) is not None:
        raise AssertionError("citeproc returned more citations than it was given")
    added = out_blocks[count:]
    if trailing_heading(doc):
        return {**doc, "meta": rendered["meta"], "blocks": [*blocks[:-1], *added]}
    if refs_divs(blocks):
        # The bibliography went into the author's div: put what became of it in its place.
        return {**doc, "meta": rendered["meta"], "blocks": in_place_of_refs(blocks, added)}
    return {**doc, "meta": rendered["meta"], "blocks": [*blocks, *added]}


def in_place_of_refs(blocks: list[object], added: list[object]) -> list[object]:
    out: list[object] = []
    for block in blocks:
        if isinstance(block, dict) and block.get("t") == "Div":
            attr, content = block["c"]  # type: ignore[misc]
            if attr[0] == "refs":
                out.extend(added)
                continue
            block = {**block, "c": [attr, in_place_of_refs(content, added)]}
        elif isinstance(block, dict) and isinstance(block.get("c"), list):
            block = {**block, "c": _in_lists(block["c"], added)}
        out.append(block)
    return out


def _in_lists(value: object, added: list[object]) -> object:
    """Blocks nested in other blocks (quotes, lists, table cells): look for the div there."""
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "t" in v for v in value):
            return in_place_of_refs(value, added)
        return [_in_lists(v, added) for v in value]
    return value
