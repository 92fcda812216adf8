"""One read of one text: positions, the blocks found so far, macros, and the problems."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from bibtexparser import model as bp

from docbuild.bib.model import BibEntry, Block, FailedBlock, ValueKind
from docbuild.bib.problems import MAX_MACRO_TEXT, Malformed, Problem, ProblemKind
from docbuild.bib.read.split import Shortcut
from docbuild.bib.values import Piece, macro_text


@dataclass(frozen=True, slots=True)
class Located:
    """A block bibtexparser returned, placed in the text."""

    start: int  # offset of the `@`
    end: int  # where bibtexparser says the block ends
    block: bp.Block


@dataclass(frozen=True, slots=True)
class Span:
    """A block of our model and the text it came from."""

    start: int
    end: int
    block: Block


class Reading:
    """The state the steps of a read share (`locate`, `entries`, `macros`, `failed`)."""

    def __init__(self, text: str, path: Path, bad_bytes: list[tuple[int, int, bytes]]) -> None:
        self.text = text
        self.path = path
        self.bad_bytes = bad_bytes  # (character offset, byte offset, bytes) not UTF-8
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.problems: list[Problem] = []
        self.spans: list[Span] = []
        self.span_starts: list[int] = []
        self.macros: dict[str, str] = {}
        self.broken_macros: dict[str, str] = {}  # macro -> the undefined macro it uses
        self.refused_macros: dict[str, int] = {}  # @string refused by MAX_MACRO_TEXT -> line
        self.macro_text = 0  # characters macros have put into values so far
        self.key_columns: dict[int, int] = {}  # id(entry) -> column of its key
        self.shortcuts: dict[int, Shortcut] = {}  # id(bibtexparser's entry) -> its fields' places

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[i - 1] + 1 if i > 0 else 0
        return i + 1, offset - start + 1

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def report(
        self,
        offset: int,
        kind: ProblemKind,
        key: str | None = None,
        *,
        field: str = "",
        name: str = "",
        text: str = "",
        other_line: int = 0,
        field_line: int = 0,
        last_line: int = 0,
        malformed: Malformed | None = None,
        data: bytes = b"",
        byte_offset: int = 0,
    ) -> None:
        """Record a problem at `offset` of the text (the details as `Problem` names them)."""
        line, col = self.line_col(offset)
        self.problems.append(
            Problem(
                kind,
                line,
                col,
                key,
                field=field,
                name=name,
                text=text,
                other_line=other_line,
                field_line=field_line,
                last_line=last_line,
                malformed=malformed,
                data=data,
                offset=byte_offset,
            )
        )

    def refused_by_size(self, pieces: tuple[Piece, ...]) -> tuple[str, int] | None:
        """The macro that would take this file's macro text past MAX_MACRO_TEXT (line 0), or
        a refused @string the value uses (with its line); else None, and the value's macro
        text is counted."""
        for p in pieces:
            if p.kind is ValueKind.BARE and p.text.lower() in self.refused_macros:
                return p.text, self.refused_macros[p.text.lower()]
        size, longest = macro_text(pieces, self.macros)
        if longest is not None and self.macro_text + size > MAX_MACRO_TEXT:
            return longest, 0
        self.macro_text += size
        return None

    def add(self, start: int, end: int, block: Block) -> None:
        self.spans.append(Span(start, end, block))

    def fail(self, start: int, end: int, kind: ProblemKind) -> None:
        """Keep `text[start:end]` verbatim as a block that could not be read."""
        # The blank lines after a broken block are the gap to the next one, not its text:
        # kept, the writer's own separator doubled them in every normalized copy.
        raw = self.text[start:end].rstrip()
        self.add(start, end, FailedBlock(raw, self.line(start), kind))

    def key_at(self, offset: int) -> str | None:
        """The key of the entry whose text holds `offset`, if any."""
        if len(self.span_starts) != len(self.spans):
            self.span_starts = [s.start for s in self.spans]
        k = bisect.bisect_right(self.span_starts, offset) - 1
        if k >= 0 and offset < self.spans[k].end:
            block = self.spans[k].block
            return block.key if isinstance(block, BibEntry) else None
        return None
