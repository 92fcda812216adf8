"""`doit check-citations`: every citation and reference rendered by pandoc and by citeproc-py.

pandoc's citeproc prints the paper; citeproc-py is the second opinion. Differences are
printed (a guard when a journal switches style); the task fails only when pandoc itself does.
"""

from __future__ import annotations

import html
import re
import sys
import warnings
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.cite.keys import CitationKind
from docbuild.cite.manuscript import Manuscript
from docbuild.config import Settings
from docbuild.errors import InputError
from docbuild.jobs.pandoc import render_time_limit
from docbuild.jobs.parse import read_parsed
from docbuild.jobs.references import printed_references
from docbuild.render import pandoc


@dataclass(frozen=True, slots=True)
class Difference:
    what: str  # "citation 3" or "reference khan2021"
    pandoc: str
    citeproc_py: str

    def format(self) -> str:
        return f"{self.what}:\n  pandoc:      {self.pandoc}\n  citeproc-py: {self.citeproc_py}"


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalize(text: str) -> str:
    """Compare text, not markup, spacing or quote style (pandoc makes quotes typographic)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).translate(_QUOTES)
    return " ".join(text.replace("\u00a0", " ").split())


def render_with_pandoc(
    clusters: Sequence[tuple[str, ...]], *, refs: Path, csl: Path, root: Path
) -> tuple[list[str], dict[str, str]]:
    text = "\n\n".join("[" + "; ".join(f"@{k}" for k in keys) + "]" for keys in clusters)
    args = ["-f", "markdown", "-t", "html5", "--citeproc", "--wrap=none", "--csl", str(csl)]
    result = pandoc.run(
        [*args, "--bibliography", str(refs)],
        cwd=root,
        stdin=(text + "\n\n::: {#refs}\n:::\n").encode("utf-8"),
        timeout=render_time_limit(len(clusters)),
        what="the citations",
    )
    page = result.output.decode("utf-8")
    cites = [normalize(m) for m in re.findall(r'<span class="citation"[^>]*>(.*?)</span>', page)]
    entries = {
        key: normalize(body)
        for key, body in re.findall(
            r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', page, re.S
        )
    }
    return cites, entries


def render_with_citeproc_py(
    clusters: Sequence[tuple[str, ...]], *, items: list[dict[str, object]], csl: Path
) -> tuple[list[str], dict[str, str]]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from docbuild.cite.engine import load_csl_style

    known = {str(i.get("id", "")).lower() for i in items}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            load_csl_style(csl), CiteProcJSON(items), formatter.html
        )
        citations = [
            Citation([CitationItem(k.lower()) for k in keys if k.lower() in known])
            for keys in clusters
        ]
        for citation in citations:
            bibliography.register(citation)
        cites = [
            normalize(str(bibliography.cite(c, lambda item: None))) if c.cites else ""
            for c in citations
        ]
        rendered = [normalize(str(r)) for r in bibliography.bibliography()]
        keys = [str(k) for k in bibliography.keys]
    return cites, dict(zip(keys, rendered, strict=False))


def citation_places(manuscript: Manuscript) -> list[str]:
    """`file:line` of each citation group: where its first key is written, each written
    citation used once, in order (a note's citations come where pandoc reads the note)."""
    written: dict[str, deque[str]] = {}
    for c in manuscript.citations:
        if c.kind is CitationKind.PANDOC and c.key is not None:
            written.setdefault(c.key, deque()).append(f"{c.path}:{c.line}")
    places: list[str] = []
    for keys in manuscript.groups:
        queue = written.get(keys[0])
        places.append(queue.popleft() if queue else "")
    return places


def compare(
    clusters: Sequence[tuple[str, ...]],
    ours: tuple[list[str], dict[str, str]],
    theirs: tuple[list[str], dict[str, str]],
    places: Sequence[str] = (),
) -> list[Difference]:
    """Differences, citations first (in text order, with their place), then references."""
    out: list[Difference] = []
    for n, (keys, a, b) in enumerate(zip(clusters, ours[0], theirs[0], strict=False)):
        if a != b:
            where = places[n] if n < len(places) and places[n] else f"citation {n + 1}"
            out.append(Difference(f"{where}: citation [{'; '.join(keys)}]", a, b))
    other = {k.lower(): v for k, v in theirs[1].items()}
    for key, a in ours[1].items():
        b = other.get(key.lower(), "(not rendered)")
        if a != b:
            out.append(Difference(f"reference {key}", a, b))
    return out


def run_check_citations(settings: Settings) -> bool:
    from docbuild.csl_styles import resolve_csl
    from docbuild.style import resolve_style

    refs = settings.build_path / "refs.json"
    if not refs.is_file():
        raise InputError(
            "build/refs.json not found", hint="run 'doit normalize-refs' first (doit does)"
        )
    csl = resolve_csl(settings, resolve_style(settings))
    parsed = read_parsed(settings)  # the `_parse` step's, as lint and render use it
    manuscript = parsed.manuscript()
    # What the paper prints: refs.json and the items Manubot's citations resolve to, each
    # work under its one key.
    references = printed_references(settings, parsed.texts, manuscript.groups)
    names = dict(references.renamed)
    clusters = [tuple(names.get(key, key) for key in group) for group in manuscript.groups]
    refs = references.path or refs
    ours = render_with_pandoc(clusters, refs=refs, csl=csl, root=settings.root)
    theirs = render_with_citeproc_py(clusters, items=references.items(), csl=csl)
    differences = compare(clusters, ours, theirs, citation_places(manuscript))
    for diff in differences:
        print(diff.format())
    print(
        f"{_count(len(clusters), 'citation')}, {_count(len(ours[1]), 'reference')}"
        f" ({csl.name}): {_count(len(differences), 'difference')} between pandoc and citeproc-py",
        file=sys.stderr if differences else sys.stdout,
    )
    return True


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
