"""bibtexparser's split of the text into blocks, each placed at the offset of its `@`."""

from __future__ import annotations

import logging

from bibtexparser import model as bp

from docbuild.bib.model import FailedBlock
from docbuild.bib.problems import ProblemKind
from docbuild.bib.read.scan import BLOCK_START
from docbuild.bib.read.split import split
from docbuild.bib.read.state import Located, Reading, Span


def locate(r: Reading) -> list[Located]:
    """bibtexparser's blocks (implicit comments aside) with the offset of each `@`."""
    # bibtexparser logs every block it cannot read; we report them as problems instead.
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        library, r.shortcuts = split(r.text)
    except Exception as exc:  # a bibtexparser bug must not lose the file
        r.spans.append(Span(0, len(r.text), FailedBlock(r.text, 1, ProblemKind.LIBRARY_FAILED)))
        r.report(0, ProblemKind.LIBRARY_FAILED, text=str(exc))
        return []
    finally:
        logger.setLevel(level)
    starts: list[tuple[int, int, bp.Block]] = []
    cursor = 0
    for block in library.blocks:
        if isinstance(block, bp.ImplicitComment):
            continue
        m = BLOCK_START.search(r.text, cursor)
        if m is None:  # cannot happen: every such block starts with a match
            break
        raw = block.raw or ""
        end = m.start() + len(raw) if r.text.startswith(raw, m.start()) else m.end()
        starts.append((m.start(), max(end, m.end()), block))
        cursor = _next_cursor(r.text, m.start(), end)
    # A failed block's raw text may run into the next block (`@x{@comment{c}`).
    return [
        Located(start, min(end, starts[k + 1][0]) if k + 1 < len(starts) else end, block)
        for k, (start, end, block) in enumerate(starts)
    ]


def _next_cursor(text: str, start: int, end: int) -> int:
    """Where to look for the next block: after this one, unless bibtexparser gave up on it
    at the `@name` of the next block, which its raw text then ends with."""
    for m in BLOCK_START.finditer(text, start + 1, end + 1):  # +1: the lookahead
        if m.end() == end:
            return m.start()
    return max(end, start + 1)
