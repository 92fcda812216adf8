"""The manuscript's text cut into paragraphs with line numbers: where the linter's findings are.

pandoc's AST says what the text means (cite/pandoc_ast.py); this module only finds places in
the source: front matter, the code blocks pandoc found, code spans and HTML comments are
blanked out (offsets kept), and a `<!-- docbuild: ignore rule, rule -->` comment waives those
rules for the next paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.diagnostics import Location

_WAIVER = re.compile(r"<!--\s{0,20}docbuild:\s{0,20}ignore\s+([^>]{0,300}?)\s*-->")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#\.)\s+")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_DIV_FENCE = re.compile(r"^\s*:::")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Paragraph:
    path: Path
    index: int  # position in the whole manuscript, 0-based
    line: int  # 1-based line of its first line
    text: str  # its lines joined by "\n"; code and comments replaced by spaces
    line_starts: tuple[int, ...]  # offset in `text` where each line starts
    ignored_rules: frozenset[str] = frozenset()
    heading: bool = False

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset in `text`."""
        i = bisect_right(self.line_starts, offset) - 1
        return self.line + i, offset - self.line_starts[i] + 1

    def location(self, offset: int) -> Location:
        line, column = self.position(offset)
        return Location(self.path, line, column)


def split_paragraphs(
    texts: Sequence[tuple[Path, str]], code_blocks: Sequence[str] = ()
) -> list[Paragraph]:
    """Each file's paragraphs, numbered across the files; `code_blocks` are the texts of
    pandoc's CodeBlocks in document order, blanked where they are found."""
    files = [_normalized(text).split("\n") for _, text in texts]
    code = _code_lines(files, code_blocks)
    out: list[Paragraph] = []
    for (path, text), lines, skip in zip(texts, files, code, strict=True):
        out.extend(_paragraphs(path, _normalized(text), lines, skip, len(out)))
    return out


def _normalized(text: str) -> str:
    # A byte-order mark: editors do not count it, and neither does pandoc.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _squeezed(line: str) -> str:
    # pandoc turns tabs into spaces and drops a code block's indent: compare words only.
    return " ".join(line.split())


def _code_lines(files: list[list[str]], blocks: Sequence[str]) -> list[set[int]]:
    """The lines of each file that hold a code block (with its fences), found in order.

    Each block is looked for after the previous one, across files; one not found (inside a
    block quote, say) leaves the text as it is.
    """
    out: list[set[int]] = [set() for _ in files]
    squeezed = [[_squeezed(line) for line in lines] for lines in files]
    where = (0, 0)  # (file, line) after the last block found
    for block in blocks:
        want = [_squeezed(line) for line in block.split("\n")]
        if not any(want):
            continue  # an empty block: its fences make a harmless paragraph
        found = _find(squeezed, want, where)
        if found is None:
            continue
        f, i = found
        lines, end = files[f], i + len(want)
        out[f].update(range(i, end))
        if i > 0 and _FENCE.match(lines[i - 1]):
            out[f].add(i - 1)
        if end < len(lines) and _FENCE.match(lines[end]):
            out[f].add(end)
        where = (f, end)
    return out


def _find(
    files: list[list[str]], want: list[str], start: tuple[int, int]
) -> tuple[int, int] | None:
    first = want[0]
    for f in range(start[0], len(files)):
        lines = files[f]
        for i in range(start[1] if f == start[0] else 0, len(lines) - len(want) + 1):
            if lines[i] == first and lines[i : i + len(want)] == want:
                return f, i
    return None


def _blank(match: re.Match[str]) -> str:
    return "".join("\n" if c == "\n" else " " for c in match.group())


def _blank_comments(text: str) -> str:
    """HTML comments replaced by spaces (newlines kept); an unclosed one runs to the end, as
    in HTML. A linear scan: a regex would rescan the rest of the file for each `<!--`."""
    parts: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        end = len(text) if end < 0 else end + 3
        parts.append(text[pos:start])
        parts.append("".join("\n" if c == "\n" else " " for c in text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _paragraphs(
    path: Path, text: str, raw_lines: list[str], code: set[int], first_index: int
) -> list[Paragraph]:
    waivers: dict[int, frozenset[str]] = {}  # 0-based line of a waiver's end -> rules
    counted, line_no = 0, 0
    for m in _WAIVER.finditer(text):
        line_no += text.count("\n", counted, m.end())
        counted = m.end()
        rules = frozenset(r for r in re.split(r"[\s,]+", m.group(1)) if r)
        waivers[line_no] = waivers.get(line_no, frozenset()) | rules
    lines = _blank_comments(text).split("\n") if "<!--" in text else raw_lines
    blank = _blank_lines(lines, code)
    out: list[Paragraph] = []
    pending: frozenset[str] = frozenset()
    start: int | None = None

    def close(end: int) -> None:
        nonlocal start, pending
        if start is None:
            return
        body = lines[start:end]
        joined = "\n".join(body)
        if "`" in joined:
            joined = _CODE_SPAN.sub(_blank, joined)
        starts = [0]
        for b in body[:-1]:
            starts.append(starts[-1] + len(b) + 1)
        out.append(
            Paragraph(
                path=path,
                index=first_index + len(out),
                line=start + 1,
                text=joined,
                line_starts=tuple(starts),
                ignored_rules=pending,
                heading=_HEADING.match(body[0]) is not None,
            )
        )
        pending = frozenset()
        start = None

    for i, line in enumerate(lines):
        if i in waivers:
            close(i)
            pending = pending | waivers[i]
        if blank[i]:
            close(i)
            continue
        if start is not None and (_LIST_ITEM.match(line) or _HEADING.match(line)):
            close(i)
        if start is None:
            start = i
        if _HEADING.match(line):
            close(i + 1)
    close(len(lines))
    return out


def _blank_lines(lines: list[str], code: set[int]) -> list[bool]:
    """Which lines separate paragraphs: empty ones, front matter, code, div fences."""
    blank = [i in code or not line.strip() for i, line in enumerate(lines)]
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                for k in range(j + 1):
                    blank[k] = True
                break
    for j, line in enumerate(lines):
        if _DIV_FENCE.match(line):
            blank[j] = True
    return blank
