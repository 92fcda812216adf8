"""Read a `.bib` file into our model: bibtexparser splits, we check and keep everything.

bibtexparser 2.1.0 quietly alters three kinds of input (an extra `}`, a missing comma, a line
starting with `@name{` inside a value); each block it returns is checked against the text with
a strict value grammar and a brace scan, and every disagreement becomes a `parse-error`.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model as bp

from docbuild.bib.checks import key_and_field_diagnostics
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
from docbuild.bib.scan import (
    BLOCK_START,
    clean_reason,
    last_unmatched_close,
    scan_extent,
    unclosed_fix,
)
from docbuild.bib.values import ParsedValue, expand, parse_value
from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.errors import InputError

# bibtexparser logs every failed block; we report them as diagnostics instead.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)

_FIELD_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_CLOSING = re.compile(r"\s*(?:,\s*)?[})]\Z")
_ASSIGNMENT = re.compile(r"""(?:\A|[,\n])\s*[^\s"#%'(),={}@]+\s*=""")
_NEXT_WORD = re.compile(r"""[^\s"#%'(),={}]+(?=\s*=)""")
_FAILED_KEY = re.compile(r"""@[\w]*[ \t]*[{(]\s*([^\s"#%'(),={}]+)\s*,""")
_IGNORE = re.compile(r"\s*%\s*docbuild:\s*ignore\s+(.*?)\s*")


def read_bib(path: Path) -> Bibliography:
    """Read and parse `path`; only a missing or unreadable file raises."""
    return parse_bib(read_bib_bytes(path), path)


def read_bib_bytes(path: Path) -> bytes:
    """The bytes of the bibliography at `path`; a missing or unreadable file is an `InputError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"bibliography '{path.name}' not found",
            location=Location(path, 0),
            hint="create it, or set 'bibliography' in docbuild.toml",
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read bibliography '{path.name}': {exc.strerror}",
            location=Location(path, 0),
            hint="check the file's permissions",
        ) from exc


def parse_bib(text: str | bytes, path: Path) -> Bibliography:
    """Parse `.bib` text; bad input becomes diagnostics and failed blocks, never an exception."""
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
    """One read of one text; collects blocks with their offsets and the diagnostics."""

    def __init__(self, text: str, path: Path, bad_bytes: list[tuple[int, int, bytes]]) -> None:
        self.text = text
        self.path = path
        self.bad_bytes = bad_bytes
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.diagnostics: list[Diagnostic] = []
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
        rule: str,
        name: str,
        message: str,
        key: str | None = None,
        fix: str | None = None,
    ) -> None:
        line, col = self.line_col(offset)
        self.diagnostics.append(
            Diagnostic(
                Location(self.path, line, col), rule, name, Severity.ERROR, message, key, fix
            )
        )

    def parse_error(
        self, offset: int, message: str, key: str | None = None, fix: str | None = None
    ) -> None:
        self.report(offset, "B001", "parse-error", message, key, fix)

    # the read ----------------------------------------------------------------------------
    def read(self) -> Bibliography:
        located = self.locate()
        i = 0
        while i < len(located):
            i = self.take(located, i)
        blocks = self.with_comments()
        self.check_keys()
        self.report_bad_bytes()
        self.diagnostics.sort(key=lambda d: (d.location.line, d.location.column or 0))
        return Bibliography(self.path, blocks, tuple(self.diagnostics))

    def locate(self) -> list[_Located]:
        """bibtexparser's blocks (implicit comments aside) with the offset of each `@`."""
        try:
            library = bibtexparser.parse_string(self.text, parse_stack=[])
        except Exception as exc:  # a bibtexparser bug must not lose the file
            self.spans.append(_Span(0, len(self.text), FailedBlock(self.text, 1, str(exc))))
            self.parse_error(0, f"bibtexparser failed on this file: {exc}")
            return []
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
            self.parse_error(loc.start, f"unknown block type '@{word}'")
            self.fail(loc.start, loc.end, f"unknown block type '@{word}'")
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

    def fail(self, start: int, end: int, reason: str) -> None:
        # The blank lines after a broken block are the gap to the next one, not its text:
        # kept, the writer's own separator doubled them in every normalized copy.
        raw = self.text[start:end].rstrip()
        self.add(start, end, FailedBlock(raw, self.line(start), reason))

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
                self.parse_error(loc.start, f"cannot locate field '{f.key}' in entry", key)
                self.fail(loc.start, loc.end, "fields could not be located")
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
                self.report(
                    name_at,
                    "B016",
                    "undefined-macro",
                    f"undefined macro '{macro}' in field '{f.key}'",
                    key,
                    f"define it before this entry (@string{{{macro} = {{...}}}}), or write the "
                    f"value in braces: {f.key} = {{...}}",
                )
            broken = [m for m in used if m in self.broken_macros] if self.broken_macros else []
            for macro in dict.fromkeys(broken):
                self.report(
                    name_at,
                    "B016",
                    "undefined-macro",
                    f"macro '{macro}' in field '{f.key}' is defined with undefined macro "
                    f"'{self.broken_macros[macro]}'",
                    key,
                )
            fields.append(BibField(f.key, value, line, col, f.value, parsed.kind))
        if not _CLOSING.match(text, cursor, loc.end) or text[loc.end - 1] not in "})":
            self.parse_error(cursor, "unexpected text before the end of the entry", key)
            self.fail(loc.start, loc.end, "unexpected text before the end of the entry")
            return
        end = loc.end
        lost_until = self.check_gap(loc, next_start, key)
        if lost_until is not None:
            self.fail(loc.start, lost_until, "an extra '}' ends the entry early")
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
    ) -> str | None:
        """The reason the field is not what the text says, after reporting it; else None."""
        if not _FIELD_NAME.fullmatch(f.key):
            message = f"invalid field name '{f.key}'" if f.key else "field without a name"
            self.parse_error(name_at, message, key)
            return message
        if parsed.error is None:
            return None
        self.parse_error(*self.value_problem(f, parsed, value_at), key)
        return f"malformed value of field '{f.key}'"

    def value_problem(self, f: bp.Field, parsed: ParsedValue, value_at: int) -> tuple[int, str]:
        """Where and what is wrong with a value that does not parse."""
        if parsed.error == "text after the value" and parsed.pieces:
            after = value_at + parsed.pieces[-1].end
            nxt = _NEXT_WORD.match(f.value, parsed.error_at)
            if nxt is not None:
                return after, (
                    f"missing comma after field '{f.key}': field '{nxt.group()}' "
                    "would be read as part of its value"
                )
            return value_at + parsed.error_at, f"unexpected text in the value of field '{f.key}'"
        if parsed.error == "empty value":
            return value_at, f"field '{f.key}' has no value"
        return value_at + parsed.error_at, f"{parsed.error} in the value of field '{f.key}'"

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
            self.parse_error(
                loc.end - 1,
                f"an extra '}}' on line {self.line(loc.end - 1)} ends entry '{key}' early: "
                f"the fields after it, up to line {self.line(lost_until - 1)}, would be lost",
                key,
            )
            return lost_until
        if last_unmatched >= 0:
            self.parse_error(loc.end + last_unmatched, f"unmatched '}}' after entry '{key}'", key)
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
            self.parse_error(loc.start, f"invalid macro name '{string.key}'")
            self.fail(loc.start, loc.end, "invalid macro name")
            return
        if parsed.error is not None:
            f = bp.Field(string.key, string.value)
            self.parse_error(*self.value_problem(f, parsed, max(value_at, loc.start)))
            self.fail(loc.start, loc.end, "malformed @string value")
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
                loc.start,
                "B016",
                "undefined-macro",
                f"undefined macro '{macro}' in '@string' '{string.key}'",
                fix=f"define '{macro}' above this @string, or write its text in braces",
            )
        self.macros[string.key.lower()] = value
        self.add(
            loc.start, loc.end, BibString(string.key, value, self.line(loc.start), string.value)
        )

    def take_preamble(self, loc: _Located, preamble: bp.Preamble) -> None:
        raw = preamble.value.strip()
        parsed = parse_value(raw)
        if parsed.error is not None:
            self.parse_error(loc.start, f"malformed '@preamble': {parsed.error}")
            self.fail(loc.start, loc.end, "malformed @preamble")
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
                self.parse_error(
                    phantom.start,
                    f"a line starting with '{mark.group().rstrip()}{{' inside a field value "
                    "would be read as a separate entry",
                    key,
                )
            reason = "a line starting with '@' inside a field value"
        else:
            at = self.abort_offset(loc)
            reason = self.abort_reason(loc)
            fix = None
            if self.text.startswith("@", at) or self.text.startswith("@", at + 1):
                mark = BLOCK_START.match(self.text, at) or BLOCK_START.match(self.text, at + 1)
                if mark is not None:
                    name = mark.group().rstrip()
                    before = self.line(mark.start())
                    reason = f"block is not closed before '{name}' on line {before}"
                    at = loc.start
                    if key is not None:
                        block = self.text[loc.start : mark.start()]
                        fix = unclosed_fix(block, self.line(loc.start), key, before)
            self.parse_error(at, reason, key, fix)
        self.fail(loc.start, region_end, reason)
        return j

    def abort_offset(self, loc: _Located) -> int:
        error = getattr(loc.block, "error", None)
        end_index = getattr(error, "end_index", None)
        if isinstance(end_index, int):
            return min(max(end_index - 1, loc.start), max(len(self.text) - 1, 0))
        return loc.start

    def abort_reason(self, loc: _Located) -> str:
        error = getattr(loc.block, "error", None)
        reason = getattr(error, "abort_reason", None) or str(error or "cannot parse this block")
        return clean_reason(reason)

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
                    self.parse_error(pos + stray, "unmatched '}' outside any entry")
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
        self.diagnostics.extend(key_and_field_diagnostics(entries, self.path))

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
        """One diagnostic per line with bytes that are not UTF-8, or with control characters."""
        reported: set[int] = set()
        bad_chars = {at for at, _, raw in self.bad_bytes for at in range(at, at + len(raw))}
        for m in CONTROL.finditer(self.text):
            line = self.line(m.start())
            if line in reported or m.start() in bad_chars:
                continue
            reported.add(line)
            self.report(
                m.start(),
                "B017",
                "encoding-error",
                f"control character U+{ord(m.group()):04X} is not text; remove it",
                self.key_at(m.start()),
            )
        reported = set()
        for char_at, byte_at, raw in self.bad_bytes:
            line = self.line(char_at)
            if line in reported:
                continue
            reported.add(line)
            key = self.key_at(char_at)
            shown = " ".join(f"0x{b:02x}" for b in raw)
            self.report(
                char_at,
                "B017",
                "encoding-error",
                f"invalid utf-8 byte {shown} at byte offset {byte_at}, "
                f"read as windows-1252 '{windows_1252(raw)}'",
                key,
                f"retype '{windows_1252(raw)}' and save {self.path.name} as UTF-8",
            )
