"""Read a `.bib` file into our model: bibtexparser splits, we check and keep everything.

bibtexparser 2.1.0 quietly alters three kinds of input (an extra `}`, a missing comma, a line
starting with `@name{` inside a value); each block it returns is checked against the text with
a strict value grammar and a brace scan, and every disagreement becomes a `Problem`. The steps:
`locate` (bibtexparser's blocks, placed), `entries`, `macros` (@string, @preamble), `failed`
(blocks it gave up on), then here the text between blocks, keys, and bytes that are not text.
"""

from __future__ import annotations

from pathlib import Path

from bibtexparser import model as bp

from docbuild.bib.braces import last_unmatched_close
from docbuild.bib.model import BibComment, BibEntry, Bibliography, Block, FailedBlock
from docbuild.bib.problems import ProblemKind
from docbuild.bib.read.checks import key_and_field_problems
from docbuild.bib.read.encoding import CONTROL, decode, windows_1252
from docbuild.bib.read.entries import take_entry
from docbuild.bib.read.failed import take_failed
from docbuild.bib.read.locate import locate
from docbuild.bib.read.macros import take_preamble, take_string
from docbuild.bib.read.scan import BLOCK_START
from docbuild.bib.read.state import Located, Reading, Span

# Blocks bibtexparser recognises by a prefix of their type, and the type each must have.
_SPECIAL = {bp.String: "string", bp.Preamble: "preamble", bp.ExplicitComment: "comment"}


def parse_bib(text: str | bytes, path: Path) -> Bibliography:
    """Parse `.bib` text; bad input becomes problems and failed blocks, never an exception."""
    bad_bytes: list[tuple[int, int, bytes]] = []
    if isinstance(text, bytes):
        text, bad_bytes = decode(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    r = Reading(text, path, bad_bytes)
    located = locate(r)
    i = 0
    while i < len(located):
        i = _take(r, located, i)
    blocks = _with_comments(r)
    _check_keys(r)
    _report_bad_bytes(r)
    r.problems.sort(key=lambda p: (p.line, p.column or 0))
    return Bibliography(path, blocks, tuple(r.problems))


def decode_text(data: bytes) -> str:
    """The text `parse_bib` reads from these bytes (bytes that are not UTF-8 as Windows-1252)."""
    text = decode(data)[0]
    return text[1:] if text.startswith("\ufeff") else text


def _take(r: Reading, located: list[Located], i: int) -> int:
    """Turn block `i` into our model; returns the index of the next block to take."""
    loc = located[i]
    block = loc.block
    if isinstance(block, bp.ParsingFailedBlock) and isinstance(
        block.ignore_error_block, bp.Entry | bp.String
    ):
        block = block.ignore_error_block  # duplicate keys and fields: we report those
    next_start = located[i + 1].start if i + 1 < len(located) else len(r.text)
    head = BLOCK_START.match(r.text, loc.start)
    word = head.group()[1:].strip().lower() if head else ""
    expected = _SPECIAL.get(type(block))
    if expected is not None and word != expected:
        # bibtexparser matches these by prefix: `@stringx{` would lose its `x`.
        r.report(loc.start, ProblemKind.UNKNOWN_BLOCK_TYPE, name=word)
        r.fail(loc.start, loc.end, ProblemKind.UNKNOWN_BLOCK_TYPE)
        return i + 1
    if isinstance(block, bp.Entry):
        take_entry(r, loc, block, next_start)
    elif isinstance(block, bp.String):
        take_string(r, loc, block)
    elif isinstance(block, bp.Preamble):
        take_preamble(r, loc, block)
    elif isinstance(block, bp.ExplicitComment):
        r.add(loc.start, loc.end, BibComment(block.comment, r.line(loc.start), True))
    else:
        return take_failed(r, located, i)
    return i + 1


def _with_comments(r: Reading) -> tuple[Block, ...]:
    """The blocks in order, with the text between them as implicit comments."""
    out: list[Block] = []
    pos = 0
    previous: Block | None = None
    for span in [*r.spans, Span(len(r.text), len(r.text), BibComment("", 0))]:
        if not isinstance(previous, BibEntry | FailedBlock):  # those gaps are checked
            stray = last_unmatched_close(r.text[pos : span.start])
            if stray >= 0:
                r.report(pos + stray, ProblemKind.STRAY_CLOSE)
        chunk = r.text[pos : span.start]
        if chunk.strip():
            offset = pos + (len(chunk) - len(chunk.lstrip()))
            out.append(BibComment(chunk.strip(), r.line(offset)))
        out.append(span.block)
        previous = span.block
        pos = span.end
    return tuple(out[:-1])


def _check_keys(r: Reading) -> None:
    entries = [(s.block, r.key_columns.get(id(s.block), s.block.column))
               for s in r.spans if isinstance(s.block, BibEntry)]  # fmt: skip
    r.problems.extend(key_and_field_problems(entries))


def _report_bad_bytes(r: Reading) -> None:
    """One problem per line with bytes that are not UTF-8, or with control characters."""
    reported: set[int] = set()
    bad_chars = {at for at, _, raw in r.bad_bytes for at in range(at, at + len(raw))}
    for m in CONTROL.finditer(r.text):
        line = r.line(m.start())
        if line in reported or m.start() in bad_chars:
            continue
        reported.add(line)
        r.report(m.start(), ProblemKind.CONTROL_CHARACTER, r.key_at(m.start()), text=m.group())
    reported = set()
    for char_at, byte_at, raw in r.bad_bytes:
        line = r.line(char_at)
        if line in reported:
            continue
        reported.add(line)
        r.report(
            char_at,
            ProblemKind.INVALID_UTF8,
            r.key_at(char_at),
            text=windows_1252(raw),
            data=raw,
            byte_offset=byte_at,
        )
