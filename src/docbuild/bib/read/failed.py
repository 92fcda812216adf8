"""Blocks bibtexparser gave up on: why, where, and how far they reach."""

from __future__ import annotations

import re

from docbuild.bib.problems import ProblemKind
from docbuild.bib.read.scan import BLOCK_START, abort_problem, scan_extent, unclosed_value
from docbuild.bib.read.state import Located, Reading

_FAILED_KEY = re.compile(r"""@[\w]*[ \t]*[{(]\s*([^\s"#%'(),={}]+)\s*,""")


def take_failed(r: Reading, located: list[Located], i: int) -> int:
    """Block `i`, which bibtexparser gave up on; returns the index of the next block to take.
    When its braces close further on, the blocks bibtexparser found in between started at an
    `@` inside a value: phantoms, taken into this failed block."""
    loc = located[i]
    key_match = _FAILED_KEY.match(r.text, loc.start)
    key = key_match.group(1) if key_match else None
    end, inside_value = scan_extent(r.text, loc.start)
    region_end = loc.end
    j = i + 1
    if end is not None and end > loc.end:
        while j < len(located) and located[j].start < end and located[j].start in inside_value:
            j += 1
        limit = located[j].start if j < len(located) else len(r.text)
        region_end = max(min(end, limit), located[j - 1].end)
    if j > i + 1:
        for phantom in located[i + 1 : j]:
            mark = BLOCK_START.match(r.text, phantom.start)
            assert mark is not None
            r.report(phantom.start, ProblemKind.BLOCK_IN_VALUE, key, name=mark.group().rstrip())
        r.fail(loc.start, region_end, ProblemKind.BLOCK_IN_VALUE)
        return j
    at = _abort_offset(r, loc)
    mark = None
    if r.text.startswith("@", at) or r.text.startswith("@", at + 1):
        mark = BLOCK_START.match(r.text, at) or BLOCK_START.match(r.text, at + 1)
    if mark is not None:
        block = r.text[loc.start : mark.start()]
        open_value = unclosed_value(block, r.line(loc.start)) if key is not None else None
        field, field_line, closing = open_value or ("", 0, "")
        r.report(
            loc.start,
            ProblemKind.UNCLOSED_BEFORE_BLOCK,
            key,
            name=mark.group().rstrip(),
            other_line=r.line(mark.start()),
            field=field,
            field_line=field_line,
            text=closing,
        )
        r.fail(loc.start, region_end, ProblemKind.UNCLOSED_BEFORE_BLOCK)
        return j
    kind, quoted = abort_problem(_abort_reason(loc))
    if kind is ProblemKind.FIELD_WITHOUT_VALUE:
        r.report(at, kind, key, field=quoted)
    else:
        r.report(at, kind, key, text=quoted)
    r.fail(loc.start, region_end, kind)
    return j


def _abort_offset(r: Reading, loc: Located) -> int:
    error = getattr(loc.block, "error", None)
    end_index = getattr(error, "end_index", None)
    if isinstance(end_index, int):
        return min(max(end_index - 1, loc.start), max(len(r.text) - 1, 0))
    return loc.start


def _abort_reason(loc: Located) -> str:
    """bibtexparser's reason for giving up on the block, as it words it."""
    error = getattr(loc.block, "error", None)
    reason = getattr(error, "abort_reason", None)
    return reason if isinstance(reason, str) and reason else str(error or "")
