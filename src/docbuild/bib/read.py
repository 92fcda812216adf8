"""Read a `.bib` file into our model: bibtexparser splits, we check and keep everything.

bibtexparser 2.1.0 quietly alters three kinds of input (an extra `}`, a missing comma, a line
starting with `@name{` inside a value); each block it returns is checked against the text with
a strict value grammar and a brace scan, and every disagreement becomes a `Problem`.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model as bp

from docbuild.bib.braces import last_unmatched_close
from docbuild.bib.checks import key_and_field_problems
from docbuild.bib.encoding import CONTROL, decode, windows_1252
from docbuild.bib.model import (
    BibComment,
    BibEntry,
    BibField,
    Bibliography,
    BibPreamble,
    BibString,
    Block,
    FailedBlock,
)
from docbuild.bib.problems import Malformed, Problem, ProblemKind
from docbuild.bib.scan import BLOCK_START, abort_problem, scan_extent, unclosed_value
from docbuild.bib.values import ParsedValue, expand, parse_value

_FIELD_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_CLOSING = re.compile(r"\s*(?:,\s*)?[})]\Z")
_ASSIGNMENT = re.compile(r"""(?:\A|[,\n])\s*[^\s"#%'(),={}@]+\s*=""")
_NEXT_WORD = re.compile(r"""[^\s"#%'(),={}]+(?=\s*=)""")
_FAILED_KEY = re.compile(r"""@[\w]*[ \t]*[{(]\s*([^\s"#%'(),={}]+)\s*,""")
_IGNORE = re.compile(r"\s*%\s*docbuild:\s*ignore\s+(.*?)\s*")


def parse_bib(text: str | bytes, path: Path) -> Bibliography:
    """Parse `.bib` text; bad input becomes problems and failed blocks, never an exception."""
    bad_bytes: list[tuple[int, int, bytes]] = []
    if isinstance(text, bytes):
        text, bad_bytes = decode(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Reader(text, path, bad_bytes).read()


def decode_text(data: bytes) -> str:
    """The text `parse_bib` reads from these bytes (bytes that are not UTF-8 as Windows-1252)."""
    text = decode(data)[0]
    return text[1:] if text.startswith("\ufeff") else text


def _unexpected(value: str, parsed: ParsedValue) -> str:
    """The character a value cannot start with, for `Malformed.UNEXPECTED`."""
    if parsed.error is Malformed.UNEXPECTED:
        return value[parsed.error_at : parsed.error_at + 1]
    return ""


@dataclass(frozen=True, slots=True)
class _Located:
    start: int  # offset of the `@`
    end: int  # where bibtexparser says the block ends
    block: bp.Block


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    block: Block


class _Reader:
    """One read of one text; collects blocks with their offsets and the problems."""

    def __init__(self, text: str, path: Path, bad_bytes: list[tuple[int, int, bytes]]) -> None:
        self.text = text
        self.path = path
        self.bad_bytes = bad_bytes
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.problems: list[Problem] = []
        self.spans: list[_Span] = []
        self.span_starts: list[int] = []
        self.macros: dict[str, str] = {}
        self.broken_macros: dict[str, str] = {}  # macro -> the undefined macro it uses
        self.key_columns: dict[int, int] = {}  # id(entry) -> column of its key

    # positions ---------------------------------------------------------------------------
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

    # the read ----------------------------------------------------------------------------
    def read(self) -> Bibliography:
        located = self.locate()
        i = 0
        while i < len(located):
            i = self.take(located, i)
        blocks = self.with_comments()
        self.check_keys()
        self.report_bad_bytes()
        self.problems.sort(key=lambda p: (p.line, p.column or 0))
        return Bibliography(self.path, blocks, tuple(self.problems))

    def locate(self) -> list[_Located]:
        """bibtexparser's blocks (implicit comments aside) with the offset of each `@`."""
        # bibtexparser logs every block it cannot read; we report them as problems instead.
        logger = logging.getLogger("bibtexparser")
        level = logger.level
        logger.setLevel(logging.ERROR)
        try:
            library = bibtexparser.parse_string(self.text, parse_stack=[])
        except Exception as exc:  # a bibtexparser bug must not lose the file
            failed = FailedBlock(self.text, 1, ProblemKind.LIBRARY_FAILED)
            self.spans.append(_Span(0, len(self.text), failed))
            self.report(0, ProblemKind.LIBRARY_FAILED, text=str(exc))
            return []
        finally:
            logger.setLevel(level)
        starts: list[tuple[int, int, bp.Block]] = []
        cursor = 0
        for block in library.blocks:
            if isinstance(block, bp.ImplicitComment):
                continue
            m = BLOCK_START.search(self.text, cursor)
            if m is None:  # cannot happen: every such block starts with a match
                break
            raw = block.raw or ""
            end = m.start() + len(raw) if self.text.startswith(raw, m.start()) else m.end()
            starts.append((m.start(), max(end, m.end()), block))
            cursor = self.next_cursor(m.start(), end)
        # A failed block's raw text may run into the next block (`@x{@comment{c}`).
        return [
            _Located(start, min(end, starts[k + 1][0]) if k + 1 < len(starts) else end, block)
            for k, (start, end, block) in enumerate(starts)
        ]

    def next_cursor(self, start: int, end: int) -> int:
        """Where to look for the next block: after this one, unless bibtexparser gave up on it
        at the `@name` of the next block, which its raw text then ends with."""
        for m in BLOCK_START.finditer(self.text, start + 1, end + 1):  # +1: the lookahead
            if m.end() == end:
                return m.start()
        return max(end, start + 1)

    def take(self, located: list[_Located], i: int) -> int:
        """Turn block `i` into our model; returns the index of the next block to take."""
        loc = located[i]
        block = loc.block
        if isinstance(block, bp.ParsingFailedBlock) and isinstance(
            block.ignore_error_block, bp.Entry | bp.String
        ):
            block = block.ignore_error_block  # duplicate keys and fields: we report those
        next_start = located[i + 1].start if i + 1 < len(located) else len(self.text)
        head = BLOCK_START.match(self.text, loc.start)
        word = head.group()[1:].strip().lower() if head else ""
        special = {bp.String: "string", bp.Preamble: "preamble", bp.ExplicitComment: "comment"}
        expected = special.get(type(block))
        if expected is not None and word != expected:
            # bibtexparser matches these by prefix: `@stringx{` would lose its `x`.
            self.report(loc.start, ProblemKind.UNKNOWN_BLOCK_TYPE, name=word)
            self.fail(loc.start, loc.end, ProblemKind.UNKNOWN_BLOCK_TYPE)
            return i + 1
        if isinstance(block, bp.Entry):
            self.take_entry(loc, block, next_start)
        elif isinstance(block, bp.String):
            self.take_string(loc, block)
        elif isinstance(block, bp.Preamble):
            self.take_preamble(loc, block)
        elif isinstance(block, bp.ExplicitComment):
            self.add(loc.start, loc.end, BibComment(block.comment, self.line(loc.start), True))
        else:
            return self.take_failed(located, i)
        return i + 1

    def add(self, start: int, end: int, block: Block) -> None:
        self.spans.append(_Span(start, end, block))

    def fail(self, start: int, end: int, kind: ProblemKind) -> None:
        # The blank lines after a broken block are the gap to the next one, not its text:
        # kept, the writer's own separator doubled them in every normalized copy.
        raw = self.text[start:end].rstrip()
        self.add(start, end, FailedBlock(raw, self.line(start), kind))

    # entries -----------------------------------------------------------------------------
    def take_entry(self, loc: _Located, entry: bp.Entry, next_start: int) -> None:
        text = self.text
        key = entry.key
        head = BLOCK_START.match(text, loc.start)
        assert head is not None
        cursor = head.end() + 1
        key_at = cursor + (len(text[cursor : loc.end]) - len(text[cursor : loc.end].lstrip()))
        cursor = key_at + len(key)
        fields: list[BibField] = []
        for f in entry.fields:
            name_at = text.find(f.key, cursor, loc.end)
            eq = text.find("=", name_at + len(f.key), loc.end) if name_at >= 0 else -1
            value_at = text.find(f.value, eq + 1, loc.end) if eq >= 0 else -1
            if value_at < 0:
                self.report(loc.start, ProblemKind.FIELD_NOT_FOUND, key, field=f.key)
                self.fail(loc.start, loc.end, ProblemKind.FIELD_NOT_FOUND)
                return
            cursor = value_at + len(f.value)
            parsed = parse_value(f.value)
            problem = self.check_field(f, parsed, name_at, value_at, key)
            if problem is not None:
                self.fail(loc.start, loc.end, problem)
                return
            undefined: list[str] = []
            used: list[str] = []
            value = expand(parsed.pieces, self.macros, undefined, used)
            line, col = self.line_col(name_at)
            for macro in undefined:
                self.report(name_at, ProblemKind.UNDEFINED_MACRO, key, field=f.key, name=macro)
            broken = [m for m in used if m in self.broken_macros] if self.broken_macros else []
            for macro in dict.fromkeys(broken):
                self.report(
                    name_at,
                    ProblemKind.MACRO_OF_UNDEFINED,
                    key,
                    field=f.key,
                    name=macro,
                    text=self.broken_macros[macro],
                )
            fields.append(BibField(f.key, value, line, col, f.value, parsed.kind))
        if not _CLOSING.match(text, cursor, loc.end) or text[loc.end - 1] not in "})":
            self.report(cursor, ProblemKind.TEXT_BEFORE_END, key)
            self.fail(loc.start, loc.end, ProblemKind.TEXT_BEFORE_END)
            return
        end = loc.end
        lost_until = self.check_gap(loc, next_start, key)
        if lost_until is not None:
            self.fail(loc.start, lost_until, ProblemKind.EARLY_CLOSE)
            return
        line, col = self.line_col(loc.start)
        bib_entry = BibEntry(
            entry_type=head.group()[1:].strip().lower(),
            key=key,
            fields=tuple(fields),
            line=line,
            end_line=self.line(end - 1),
            column=col,
            ignored_rules=self.ignored_rules(loc.start),
            raw=text[loc.start : end],
        )
        self.key_columns[id(bib_entry)] = self.line_col(key_at)[1]
        self.add(loc.start, end, bib_entry)

    def check_field(
        self, f: bp.Field, parsed: ParsedValue, name_at: int, value_at: int, key: str
    ) -> ProblemKind | None:
        """What makes the field not what the text says, after reporting it; else None."""
        if not _FIELD_NAME.fullmatch(f.key):
            self.report(name_at, ProblemKind.INVALID_FIELD_NAME, key, field=f.key)
            return ProblemKind.INVALID_FIELD_NAME
        if parsed.error is None:
            return None
        return self.value_problem(f.key, f.value, parsed, value_at, key)

    def value_problem(
        self, name: str, value: str, parsed: ParsedValue, value_at: int, key: str | None
    ) -> ProblemKind:
        """Report what is wrong with a value that does not parse (of field or @string `name`)."""
        assert parsed.error is not None
        if parsed.error is Malformed.TEXT_AFTER and parsed.pieces:
            nxt = _NEXT_WORD.match(value, parsed.error_at)
            if nxt is not None:
                after = value_at + parsed.pieces[-1].end
                self.report(after, ProblemKind.MISSING_COMMA, key, field=name, name=nxt.group())
                return ProblemKind.MISSING_COMMA
        at = value_at if parsed.error is Malformed.EMPTY else value_at + parsed.error_at
        self.report(
            at,
            ProblemKind.MALFORMED_VALUE,
            key,
            field=name,
            malformed=parsed.error,
            text=_unexpected(value, parsed),
        )
        return ProblemKind.MALFORMED_VALUE

    def check_gap(self, loc: _Located, next_start: int, key: str) -> int | None:
        """After an entry, text with an unmatched `}` or fields means an extra `}` closed it
        early; returns the end of the text the entry lost, or None when nothing was lost."""
        gap = self.text[loc.end : next_start]
        if "}" not in gap and not gap.lstrip().startswith(","):
            return None
        last_unmatched = last_unmatched_close(gap)
        tail = gap[: last_unmatched + 1] if last_unmatched >= 0 else gap.rstrip()
        if _ASSIGNMENT.search(tail):
            lost_until = loc.end + len(tail)
            self.report(
                loc.end - 1, ProblemKind.EARLY_CLOSE, key, last_line=self.line(lost_until - 1)
            )
            return lost_until
        if last_unmatched >= 0:
            self.report(loc.end + last_unmatched, ProblemKind.UNMATCHED_CLOSE, key)
        return None

    def ignored_rules(self, start: int) -> frozenset[str]:
        """Rules named by `% docbuild: ignore ...` lines right before the entry."""
        prev_end = self.spans[-1].end if self.spans else 0
        lines = self.text[prev_end:start].rstrip().split("\n")
        rules: set[str] = set()
        for line in reversed(lines):
            m = _IGNORE.fullmatch(line)
            if m is None:
                break
            rules.update(r for r in re.split(r"[,\s]+", m.group(1)) if r)
        return frozenset(rules)

    # @string, @preamble ------------------------------------------------------------------
    def take_string(self, loc: _Located, string: bp.String) -> None:
        value_at = self.text.find(string.value, self.text.find("=", loc.start, loc.end) + 1)
        parsed = parse_value(string.value)
        if not _FIELD_NAME.fullmatch(string.key):
            self.report(loc.start, ProblemKind.INVALID_MACRO_NAME, name=string.key)
            self.fail(loc.start, loc.end, ProblemKind.INVALID_MACRO_NAME)
            return
        if parsed.error is not None:
            at = max(value_at, loc.start)
            kind = self.value_problem(string.key, string.value, parsed, at, None)
            self.fail(loc.start, loc.end, kind)
            return
        undefined: list[str] = []
        used: list[str] = []
        value = expand(parsed.pieces, self.macros, undefined, used)
        broken = undefined[:1] or [self.broken_macros[m] for m in used if m in self.broken_macros]
        if broken:
            self.broken_macros[string.key.lower()] = broken[0]
        else:
            self.broken_macros.pop(string.key.lower(), None)
        for macro in undefined:
            self.report(
                loc.start, ProblemKind.UNDEFINED_MACRO_IN_STRING, field=string.key, name=macro
            )
        self.macros[string.key.lower()] = value
        self.add(
            loc.start, loc.end, BibString(string.key, value, self.line(loc.start), string.value)
        )

    def take_preamble(self, loc: _Located, preamble: bp.Preamble) -> None:
        raw = preamble.value.strip()
        parsed = parse_value(raw)
        if parsed.error is not None:
            self.report(
                loc.start,
                ProblemKind.MALFORMED_PREAMBLE,
                malformed=parsed.error,
                text=_unexpected(raw, parsed),
            )
            self.fail(loc.start, loc.end, ProblemKind.MALFORMED_PREAMBLE)
            return
        value = expand(parsed.pieces, self.macros)
        self.add(loc.start, loc.end, BibPreamble(value, self.line(loc.start), raw))

    # failed blocks -----------------------------------------------------------------------
    def take_failed(self, located: list[_Located], i: int) -> int:
        """A block bibtexparser gave up on. When its braces close further on, the blocks
        bibtexparser found in between started at an `@` inside a value: phantoms."""
        loc = located[i]
        key_match = _FAILED_KEY.match(self.text, loc.start)
        key = key_match.group(1) if key_match else None
        end, inside_value = scan_extent(self.text, loc.start)
        region_end = loc.end
        j = i + 1
        if end is not None and end > loc.end:
            while j < len(located) and located[j].start < end and located[j].start in inside_value:
                j += 1
            limit = located[j].start if j < len(located) else len(self.text)
            region_end = max(min(end, limit), located[j - 1].end)
        if j > i + 1:
            for phantom in located[i + 1 : j]:
                mark = BLOCK_START.match(self.text, phantom.start)
                assert mark is not None
                self.report(
                    phantom.start, ProblemKind.BLOCK_IN_VALUE, key, name=mark.group().rstrip()
                )
            self.fail(loc.start, region_end, ProblemKind.BLOCK_IN_VALUE)
            return j
        at = self.abort_offset(loc)
        mark = None
        if self.text.startswith("@", at) or self.text.startswith("@", at + 1):
            mark = BLOCK_START.match(self.text, at) or BLOCK_START.match(self.text, at + 1)
        if mark is not None:
            block = self.text[loc.start : mark.start()]
            open_value = unclosed_value(block, self.line(loc.start)) if key is not None else None
            field, field_line, closing = open_value or ("", 0, "")
            self.report(
                loc.start,
                ProblemKind.UNCLOSED_BEFORE_BLOCK,
                key,
                name=mark.group().rstrip(),
                other_line=self.line(mark.start()),
                field=field,
                field_line=field_line,
                text=closing,
            )
            self.fail(loc.start, region_end, ProblemKind.UNCLOSED_BEFORE_BLOCK)
            return j
        kind, quoted = abort_problem(self.abort_reason(loc))
        if kind is ProblemKind.FIELD_WITHOUT_VALUE:
            self.report(at, kind, key, field=quoted)
        else:
            self.report(at, kind, key, text=quoted)
        self.fail(loc.start, region_end, kind)
        return j

    def abort_offset(self, loc: _Located) -> int:
        error = getattr(loc.block, "error", None)
        end_index = getattr(error, "end_index", None)
        if isinstance(end_index, int):
            return min(max(end_index - 1, loc.start), max(len(self.text) - 1, 0))
        return loc.start

    def abort_reason(self, loc: _Located) -> str:
        """bibtexparser's reason for giving up on the block, as it words it."""
        error = getattr(loc.block, "error", None)
        return getattr(error, "abort_reason", None) or str(error or "")

    # after the blocks --------------------------------------------------------------------
    def with_comments(self) -> tuple[Block, ...]:
        """The blocks in order, with the text between them as implicit comments."""
        out: list[Block] = []
        pos = 0
        previous: Block | None = None
        for span in [*self.spans, _Span(len(self.text), len(self.text), BibComment("", 0))]:
            if not isinstance(previous, BibEntry | FailedBlock):  # those gaps are checked
                stray = last_unmatched_close(self.text[pos : span.start])
                if stray >= 0:
                    self.report(pos + stray, ProblemKind.STRAY_CLOSE)
            self.add_comment(out, pos, span.start)
            out.append(span.block)
            previous = span.block
            pos = span.end
        return tuple(out[:-1])

    def add_comment(self, out: list[Block], start: int, end: int) -> None:
        chunk = self.text[start:end]
        stripped = chunk.strip()
        if stripped:
            offset = start + (len(chunk) - len(chunk.lstrip()))
            out.append(BibComment(stripped, self.line(offset)))

    def check_keys(self) -> None:
        entries = [(s.block, self.key_columns.get(id(s.block), s.block.column))
                   for s in self.spans if isinstance(s.block, BibEntry)]  # fmt: skip
        self.problems.extend(key_and_field_problems(entries))

    def key_at(self, offset: int) -> str | None:
        """The key of the entry whose text holds `offset`, if any."""
        if len(self.span_starts) != len(self.spans):
            self.span_starts = [s.start for s in self.spans]
        k = bisect.bisect_right(self.span_starts, offset) - 1
        if k >= 0 and offset < self.spans[k].end:
            block = self.spans[k].block
            return block.key if isinstance(block, BibEntry) else None
        return None

    def report_bad_bytes(self) -> None:
        """One problem per line with bytes that are not UTF-8, or with control characters."""
        reported: set[int] = set()
        bad_chars = {at for at, _, raw in self.bad_bytes for at in range(at, at + len(raw))}
        for m in CONTROL.finditer(self.text):
            line = self.line(m.start())
            if line in reported or m.start() in bad_chars:
                continue
            reported.add(line)
            self.report(
                m.start(), ProblemKind.CONTROL_CHARACTER, self.key_at(m.start()), text=m.group()
            )
        reported = set()
        for char_at, byte_at, raw in self.bad_bytes:
            line = self.line(char_at)
            if line in reported:
                continue
            reported.add(line)
            self.report(
                char_at,
                ProblemKind.INVALID_UTF8,
                self.key_at(char_at),
                text=windows_1252(raw),
                data=raw,
                byte_offset=byte_at,
            )
