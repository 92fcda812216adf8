"""pandoc's metadata values (the `meta` of its JSON AST) as plain Python values. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

_WRAPPERS = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")


def meta_to_plain(value: Mapping[str, object]) -> object:
    """A pandoc MetaValue as plain Python: maps, lists, bools and strings (inlines as text)."""
    kind = value.get("t")
    content = value.get("c")
    if kind == "MetaMap":
        assert isinstance(content, dict)
        return {k: meta_to_plain(v) for k, v in content.items()}
    if kind == "MetaList":
        assert isinstance(content, list)
        return [meta_to_plain(v) for v in content]
    if kind == "MetaBool":
        return bool(content)
    if kind == "MetaString":
        return str(content)
    if kind == "MetaInlines":
        assert isinstance(content, list)
        return inlines_to_text(content).strip()
    if kind == "MetaBlocks":
        assert isinstance(content, list)
        return blocks_to_text(content)
    return ""


def meta_dict(meta: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
    return {k: meta_to_plain(v) for k, v in meta.items()}


def inlines_to_text(inlines: Sequence[object]) -> str:
    out: list[str] = []
    for el in inlines:
        if not isinstance(el, dict):
            continue
        t, c = el.get("t"), el.get("c")
        if t == "Str":
            out.append(str(c))
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in _WRAPPERS:
            out.append(inlines_to_text(c))  # type: ignore[arg-type]
        elif t in ("Span", "Link", "Image", "Quoted", "Cite"):
            # Each keeps its inlines second: [attr|quote|citations, inlines, ...].
            text = inlines_to_text(c[1])  # type: ignore[index]
            out.append(f"“{text}”" if t == "Quoted" else text)
        elif t in ("Code", "Math"):
            out.append(str(c[1]))  # type: ignore[index]
    return "".join(out)


def blocks_to_text(blocks: Sequence[object]) -> str:
    paras: list[str] = []
    for el in blocks:
        if isinstance(el, dict) and el.get("t") in ("Para", "Plain"):
            paras.append(inlines_to_text(el["c"]).strip())
    return "\n\n".join(p for p in paras if p)


def plain_text(value: object) -> str | None:
    """A front-matter value as one string, or None when it is empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value).strip() or None
