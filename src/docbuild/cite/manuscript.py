"""The manuscript as lint and render see it: one pandoc parse, placed in the source text. Pure.

pandoc's JSON AST (the same parse the build renders) gives the facts: anchors, `nocite`, which
`@key` is a citation, what is code. The source text gives the places: paragraphs with their
lines, and the line and column of each citation, for findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docbuild.cite.keys import Citation, extract_citations
from docbuild.cite.manubot import citation_tags, has_tags
from docbuild.cite.pandoc_ast import read_ast
from docbuild.cite.paragraphs import Paragraph, split_paragraphs

__all__ = ["Manuscript", "Paragraph", "parse_manuscript"]


@dataclass(frozen=True, slots=True)
class Manuscript:
    files: tuple[Path, ...]
    paragraphs: tuple[Paragraph, ...]
    anchors: frozenset[str]  # ids a `#fragment` link may point to (pandoc's, and raw HTML's)
    nocite: frozenset[str] = frozenset()  # keys in the front matter's `nocite` ("*": all)
    citations: tuple[Citation, ...] = ()  # every citation, in text order, with its place
    # Each pandoc citation's keys, in document order (a footnote's where it is referenced).
    groups: tuple[tuple[str, ...], ...] = ()
    # Manubot's citation tags, `[@key]: doi:10.x` lines: key -> target (cite/manubot.py).
    tags: Mapping[str, str] = field(default_factory=dict)


def parse_manuscript(texts: Sequence[tuple[Path, str]], ast: Mapping[str, object]) -> Manuscript:
    """The manuscript of `texts` (each file's path and text) and pandoc's AST of them."""
    facts = read_ast(ast)
    paragraphs = split_paragraphs(texts, facts.code_blocks)
    cited = facts.cited
    citations = tuple(c for p in paragraphs for c in extract_citations(p, cited=cited))
    return Manuscript(
        files=tuple(dict.fromkeys(path for path, _ in texts)),  # a file in pieces once
        paragraphs=tuple(paragraphs),
        anchors=facts.anchors,
        nocite=facts.nocite,
        citations=citations,
        groups=facts.groups,
        tags=citation_tags(texts) if any(has_tags(text) for _, text in texts) else {},
    )
