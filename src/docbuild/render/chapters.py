"""A manuscript of several files rendered a file (a chapter) at a time: `citecache.render_html`'s
page, byte for byte, where an edit to one chapter re-runs pandoc on that chapter alone.

On a book every rebuild ran the cross-reference filter and the HTML writer over the whole
text (half a minute of a one-line save on the 100,000-word book, docs/performance.md). Here:

1. each chapter goes through the filter on its own, given the counters (figures, tables,
   equations, listings, sections) where the chapters before it left them and the numbers of
   the whole document, so a reference to a figure of another chapter prints its number; the
   filter says which numbers it looked up, and a chapter is filtered again only when its
   text, its counters at the start or one of those numbers changed;
2. citeproc runs on the citations of all chapters, as `citecache` does (kept while they stay
   the same);
3. each chapter's blocks, its citations as citeproc printed them, become an HTML fragment on
   their own, footnotes numbered on from the chapters before it; the bibliography is a
   fragment of its own; the style's template is filled once around a mark that the fragments
   replace.

Each step's output is kept in build/.cache/chapters/ (and in memory, for `docbuild preview`)
under a hash of everything it read. Where the split could print something else (a note style,
footnotes in the front matter, a template that uses what pandoc learns from the body), it
returns None and the caller renders the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from docbuild import progress
from docbuild.digest import digest as _digest
from docbuild.render import cite_splice, citecache, pandoc
from docbuild.render.chapter_filter import filter_chapters
from docbuild.render.chapter_html import BODY_MARK, html_fragments, pieces_of, template_around
from docbuild.render.chapter_store import Node, Setup, Store, dumps

# Template variables pandoc fills from what it met in the body (a math script, highlighting
# CSS, the bibliography's CSS, a table of contents): a template with one is filled by the
# whole run, which meets the whole body.
_BODY_VARIABLES = re.compile(
    r"\$(?:if\(|for\()?(?:math|highlighting-css|csl-css|csl-entry-spacing|"
    r"csl-hanging-indent|toc|table-of-contents|quotes|body-)"
)
# The order in which the filter reports over a whole document: its reference pass, then the
# raw TeX pass (each in document order); a chapter alone reports both for itself.
_REPORT_PASS = {"unknown-cross-reference": 0, "raw-tex-left-out": 1}


def split(blocks: Sequence[object], parts: Sequence[int]) -> list[list[object]]:
    """The top-level blocks of each file, from the count of each (jobs/parse.py)."""
    out, at = [], 0
    for count in parts:
        out.append(list(blocks[at : at + count]))
        at += count
    if at != len(blocks):
        raise ValueError(f"the parts count {at} blocks of {len(blocks)}")
    return out


def without_blocks(
    parts: Sequence[int], keys: Sequence[str], start: int, end: int
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The parts and their keys once blocks[start:end] are taken out of the body (the
    abstract section, render/abstract.py): a part that lost blocks gets a key of its own, so
    that what is kept for it is never taken for the part as parsed."""
    counts, marked, at = [], [], 0
    for count, key in zip(parts, keys, strict=True):
        lost = max(0, min(end, at + count) - max(start, at))
        counts.append(count - lost)
        marked.append(f"{key}-{lost}" if lost else key)
        at += count
    return tuple(counts), tuple(marked)


_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {}


def citation_groups(
    ast: Node, parts: Sequence[int] | None, keys: Sequence[str] | None
) -> tuple[tuple[str, ...], ...]:
    """`read_ast(ast).groups` (each citation's keys, in order), a chapter at a time where the
    parse says what each chapter is (`keys`): a warm process reads only the chapters that
    changed."""
    from docbuild.cite.pandoc_ast import read_ast

    blocks = ast.get("blocks")
    if parts is None or keys is None or len(parts) != len(keys) or not isinstance(blocks, list):
        return read_ast(ast).groups
    out: list[tuple[str, ...]] = []
    kept: dict[str, tuple[tuple[str, ...], ...]] = {}
    for key, chapter in zip(keys, split(blocks, parts), strict=True):
        groups = _GROUPS.get(key)
        if groups is None:
            groups = read_ast({"blocks": chapter}).groups
        kept[key] = groups
        out.extend(groups)
    _GROUPS.clear()
    _GROUPS.update(kept)
    return tuple(out)


def render_html(
    ast: Node,
    parts: Sequence[int],
    *,
    root: Path,
    template: Path,
    csl: Path,
    bibliography: Path | None,
    timeout: float,
    cache: Path,
    part_keys: Sequence[str] | None = None,
    images: Sequence[list[object]] | None = None,
) -> pandoc.PandocResult | None:
    """`citecache.render_html(ast, ...)`'s result, a chapter at a time; None where the split
    could print something else (the caller renders the whole document then).

    `part_keys` (each chapter's hash from the parse) and `images` (every image's target in
    `ast`, as the render left them) say what each chapter is without writing it out."""
    style = csl.read_bytes()
    meta = ast.get("meta", {})
    meta_text = dumps(meta)
    if pandoc.is_note_style(style) or '"t":"Note"' in meta_text:
        return None
    if _BODY_VARIABLES.search(template.read_text(encoding="utf-8")):
        return None
    blocks = ast.get("blocks")
    assert isinstance(blocks, list) and isinstance(meta, dict)
    setup = Setup(ast.get("pandoc-api-version"), root, timeout, Store(cache))
    progress.say(f"pandoc: cross-references in {len(parts)} chapters")
    chapters = split(blocks, parts)
    if part_keys is not None and images is not None and len(part_keys) == len(parts):
        # the blocks are what the parse made of those files, but for the images' targets
        targets = dumps(list(images))
        contents = [_digest(key, targets) for key in part_keys]
    else:
        contents = [_digest(dumps(chapter)) for chapter in chapters]
    done_filter = filter_chapters(meta, meta_text, chapters, contents, setup)
    if done_filter is None:
        return None
    filtered, filter_keys = done_filter
    divs = [d for f in filtered for d in f["refs"]]  # type: ignore[attr-defined]
    nonempty = [i for i, f in enumerate(filtered) if f["blocks"]]
    last: list[object] = filtered[nonempty[-1]]["blocks"][-1:] if nonempty else []  # type: ignore[index]
    trailing = [b for b in last if isinstance(b, dict) and b.get("t") == "Header" and not divs]
    if len(divs) > 1 or any(next(cite_splice.citations(d), None) for d in [*divs, *trailing]):
        return None
    cites = [c for f in filtered for c in f["cites"]]  # type: ignore[attr-defined]
    out_meta = filtered[0]["meta"] if filtered else meta
    document = {"pandoc-api-version": setup.api, "meta": out_meta,
                "blocks": [{"t": "Para", "c": [c]} for c in cites] + divs + trailing}  # fmt: skip
    rendered, cited, cited_key = citecache.cached_citeproc(
        document, root=root, csl=csl, style=style, bibliography=bibliography, timeout=timeout,
        cache=cache,
    )  # fmt: skip
    out_blocks = rendered["blocks"]
    assert isinstance(out_blocks, list)
    done = [c for para in out_blocks[: len(cites)] for c in cite_splice.citations(para)]
    if len(done) != len(cites):
        return None
    added = out_blocks[len(cites) :]
    args = citecache._html_args(template, csl, bibliography)
    # The template's options out: a fragment is the body alone.
    fragment_args = [*args[:4], *args[7:]]
    assert args[4:6] == ["--standalone", "--template"]
    page_meta = rendered["meta"]
    pieces = pieces_of(filtered, filter_keys, cited_key, done, added, bool(trailing), bool(divs))
    progress.say("pandoc: writing the HTML")
    written = html_fragments(pieces, page_meta, fragment_args, setup)
    if written is None:
        return None
    body, warnings, fragments = written
    head = template_around(page_meta, args, setup)
    if head.output.count(BODY_MARK.encode()) != 1:
        return None
    setup.store.finish()
    page = head.output.decode("utf-8").replace(BODY_MARK, body).encode("utf-8")
    reports = sorted(
        (r for f in filtered for r in f["reports"]),  # type: ignore[attr-defined]
        key=lambda r: _REPORT_PASS.get(str(r.get("docbuild")), 2),
    )
    return pandoc.PandocResult(
        page,
        tuple(w for f in filtered for w in f["warnings"])
        + cited.warnings
        + warnings  # type: ignore[attr-defined]
        + head.warnings,
        (*reports, *cited.reports, *head.reports),
        fragments,
    )
