"""Reading manuscript files into paragraphs with line numbers, for the linter.

Front matter, code blocks, code spans and HTML comments are blanked out (offsets kept), and a
`<!-- docbuild: ignore rule, rule -->` comment waives those rules for the next paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import InputError

_WAIVER = re.compile(r"<!--\s{0,20}docbuild:\s{0,20}ignore\s+([^>]{0,300}?)\s*-->")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#\.)\s+")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_DIV_FENCE = re.compile(r"^\s*:::")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_EXPLICIT_ID = re.compile(r"\{#([\w:.\-]+)[^}]*\}")
_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
_HEADING_ATTR = re.compile(r"\s*\{[^}]*\}\s*$")
_ID_STRIP = re.compile(r"[^\w\-. ]")
_NOCITE_KEY = re.compile(r"@(\*|[\w][\w:.#$%&\-+?<>~/]*\w|\w)")


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


@dataclass(frozen=True, slots=True)
class Manuscript:
    files: tuple[Path, ...]
    paragraphs: tuple[Paragraph, ...]
    anchors: frozenset[str]  # ids a `#fragment` link may point to
    nocite: frozenset[str] = frozenset()  # keys in the front matter's `nocite` ("*": all)


def read_manuscript(paths: Iterable[Path]) -> Manuscript:
    """Read the manuscript files (UTF-8) in order; a missing or undecodable file is an error."""
    from docbuild.paths import MAX_MANUSCRIPT_FILE, read_input

    texts: list[tuple[Path, str]] = []
    for path in paths:
        try:
            # A regular file under the size limit, never a FIFO or device (which would hang).
            data = read_input(path, what="manuscript file", limit=MAX_MANUSCRIPT_FILE)
            texts.append((path, data.decode("utf-8")))
        except FileNotFoundError as exc:
            raise InputError(
                f"manuscript file '{path.name}' does not exist",
                location=Location(path, 0),
                hint="check 'manuscript' in docbuild.toml",
            ) from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"manuscript file '{path.name}' is not UTF-8: {exc.reason} at byte {exc.start}",
                location=Location(path, 0),
                hint="save the file as UTF-8",
            ) from exc
        except OSError as exc:
            raise InputError(
                f"cannot read manuscript file '{path.name}': {exc.strerror}",
                location=Location(path, 0),
                hint="check 'manuscript' in docbuild.toml and the file's permissions",
            ) from exc
    return parse_manuscript(texts)


def parse_manuscript(texts: Iterable[tuple[Path, str]]) -> Manuscript:
    """Split each file's text into paragraphs; pure, for tests and benchmarks."""
    paragraphs: list[Paragraph] = []
    anchors: set[str] = set()
    files: list[Path] = []
    nocite: set[str] = set()
    for path, text in texts:
        files.append(path)
        text = text.removeprefix("\ufeff")  # a byte-order mark: editors do not count it
        nocite.update(_nocite(text))
        paragraphs.extend(_paragraphs(path, text, len(paragraphs), anchors))
    return Manuscript(tuple(files), tuple(paragraphs), frozenset(anchors), frozenset(nocite))


def _nocite(text: str) -> set[str]:
    """The keys of a front matter `nocite:` (pandoc lists entries it should print uncited)."""
    if not text.startswith("---") or "nocite" not in text:
        return set()
    end = re.search(r"^(?:---|\.\.\.)\s*$", text[3:], re.MULTILINE)
    front = text[3 : 3 + end.start()] if end else ""
    m = re.search(r"^nocite:(.*(?:\n[ \t]+.*)*)", front, re.MULTILINE)
    if m is None:
        return set()
    return set(_NOCITE_KEY.findall(m.group(1)))


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


def _paragraphs(path: Path, text: str, first_index: int, anchors: set[str]) -> list[Paragraph]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    waivers: dict[int, frozenset[str]] = {}  # 0-based line of a waiver's end -> rules
    counted, line_no = 0, 0
    for m in _WAIVER.finditer(text):
        line_no += text.count("\n", counted, m.end())
        counted = m.end()
        end_line = line_no
        rules = frozenset(r for r in re.split(r"[\s,]+", m.group(1)) if r)
        waivers[end_line] = waivers.get(end_line, frozenset()) | rules
    if "<!--" in text:
        for m in _HTML_ID.finditer(text):
            anchors.add(m.group(1))
        text = _blank_comments(text)
    elif "id=" in text or "name=" in text:
        anchors.update(m.group(1) for m in _HTML_ID.finditer(text))
    lines = text.split("\n")
    blank = _blank_lines(lines)
    out: list[Paragraph] = []
    pending: frozenset[str] = frozenset()
    start: int | None = None
    heading_ids: dict[str, int] = {}

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
        heading = _HEADING.match(body[0]) is not None
        if "{#" in joined:
            anchors.update(_EXPLICIT_ID.findall(joined))
        if heading:
            anchors.add(_unique_id(_heading_id(body[0]), heading_ids))
        out.append(
            Paragraph(
                path=path,
                index=first_index + len(out),
                line=start + 1,
                text=joined,
                line_starts=tuple(starts),
                ignored_rules=pending,
                heading=heading,
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


def _blank_lines(lines: list[str]) -> list[bool]:
    """Which lines separate paragraphs: empty ones, front matter, code blocks, div fences."""
    blank = [not line.strip() for line in lines]
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                for k in range(j + 1):
                    blank[k] = True
                i = j + 1
                break
    fence: str | None = None
    in_list = False
    previous_blank = True
    for j in range(i, len(lines)):
        line = lines[j]
        if fence is not None:
            blank[j] = True
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            blank[j] = True
            continue
        if _DIV_FENCE.match(line):
            blank[j] = True
            continue
        if blank[j]:
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and previous_blank and not in_list:
            blank[j] = True  # an indented code block
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not indented and previous_blank:
            in_list = False
        previous_blank = False
    return blank


def _heading_id(line: str) -> str:
    """pandoc's automatic identifier for a heading line (`auto_identifiers`)."""
    m = _HEADING.match(line)
    title = m.group(1) if m else line
    explicit = _EXPLICIT_ID.search(title)
    if explicit:
        return explicit.group(1)
    title = _HEADING_ATTR.sub("", title)
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)  # links keep their text
    title = title.replace("*", "").replace("`", "")
    title = unicodedata.normalize("NFC", title).lower()
    title = _ID_STRIP.sub("", title)
    title = re.sub(r"\s+", "-", title.strip())
    title = re.sub(r"^[^a-z]+", "", title)
    return title or "section"


def _unique_id(ident: str, seen: dict[str, int]) -> str:
    n = seen.get(ident)
    seen[ident] = 0 if n is None else n + 1
    return ident if n is None else f"{ident}-{n + 1}"
