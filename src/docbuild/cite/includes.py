"""Quarto's `{{< include file.qmd >}}`: the manuscript as pieces in reading order. Pure.

pandoc does not know the shortcode, so the file it names is spliced in before pandoc reads
the text. A file with includes becomes several pieces, each padded with blank lines so that
every line keeps its own number in its own file: a finding in an included file names that
file and line, and one after an include still names the right line of the includer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import ConfigError

# Quarto's include is a block of its own: the shortcode alone on its line. The escaped form
# `{{{< include x >}}}` (which Quarto prints as written) does not match.
INCLUDE = re.compile(
    r"^[ \t]*\{\{<[ \t]*include[ \t]+(?P<target>\"[^\"]+\"|'[^']+'|[^\s>]+)[ \t]*>\}\}[ \t]*\r?$"
)
_INCLUDE_LINES = re.compile(INCLUDE.pattern, re.M)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# Deeper than any real manuscript nests its includes; a cycle is reported before this.
MAX_DEPTH = 16
# A file included twice by each of 16 nested files is 65,536 copies: without a cycle, the
# spliced text can still grow exponentially. These stop it, far above a real book (100
# chapters of 1 MiB): the text pandoc would read (the blank lines that keep line numbers
# included), and the number of includes spliced in.
MAX_INCLUDED_TEXT = 64 * 1024 * 1024  # characters
MAX_INCLUDES = 10_000


@dataclass(frozen=True, slots=True)
class Include:
    line: int  # 1-based line of the shortcode in its file
    target: str  # the path as written, quotes removed


@dataclass(frozen=True, slots=True)
class Missing:
    """An include whose file does not exist: its shortcode is left in the text."""

    location: Location
    target: str


# Reads an included file: its text, or None when it does not exist; a ConfigError when it
# may not be read (outside the folder, a link out, not a regular file).
Reader = Callable[[Path, Location], str | None]


def find_includes(text: str) -> list[Include]:
    """The include shortcodes of `text`, outside fenced code blocks."""
    if "include" not in text:
        return []
    out: list[Include] = []
    fence: str | None = None
    for n, line in enumerate(text.split("\n"), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            closing = opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence)
            if closing and not line.strip().strip(fence[0]):
                fence = None
            continue
        if opening:
            fence = opening[1]
            continue
        m = INCLUDE.match(line)
        if m:
            out.append(Include(n, m["target"].strip("\"'")))
    return out


def has_includes(texts: Iterable[tuple[Path, str]]) -> bool:
    return any("{{<" in text and find_includes(text) for _, text in texts)


def expand_includes(
    texts: Sequence[tuple[Path, str]], read: Reader, *, project: Path | None = None
) -> tuple[list[tuple[Path, str]], list[Missing]]:
    """The pieces pandoc reads, in order, and the includes whose file is missing; `project` is
    the Quarto project's folder, where `/x` is read from (without one, `/x` is refused).

    Every include that may not be read is a ConfigError; all of them are raised at once
    (ConfigErrors), each naming the file and line of its shortcode. Passing MAX_INCLUDED_TEXT
    or MAX_INCLUDES stops the expansion there, with one more error at that include.
    """
    from docbuild.errors import ConfigErrors

    out = _Expansion(read, project)
    try:
        for path, text in texts:
            out.expand(path, text, (path,))
    except _TooLarge as exc:
        out.errors.append(exc.error)  # what was spliced so far is dropped: the build stops
    if out.errors:
        raise ConfigErrors(out.errors)
    return out.pieces, out.missing


class _TooLarge(Exception):
    def __init__(self, error: ConfigError) -> None:
        self.error = error


class _Expansion:
    """One expansion: its pieces, missing files and errors, and what it has spliced in."""

    def __init__(self, read: Reader, project: Path | None) -> None:
        self.read = read
        self.project = project
        self.pieces: list[tuple[Path, str]] = []
        self.missing: list[Missing] = []
        self.errors: list[ConfigError] = []
        self.size = 0  # characters in `pieces`
        self.includes = 0  # includes spliced in
        self.texts: dict[Path, str | None] = {}  # each file read once, however often included

    def expand(
        self, path: Path, text: str, stack: tuple[Path, ...], via: Location | None = None
    ) -> None:
        """Splice `text`'s includes in; `via` is the include that brought `path` in (where its
        text counts against the limits), None for a manuscript file."""
        includes = find_includes(text)
        if not includes:
            self._add(path, text, via or Location(path, 1))
            return
        lines = text.split("\n")
        start = 0  # index of the first line of the current piece
        for inc in includes:
            where = Location(path, inc.line)
            target = include_path(path, inc.target, self.project)
            if target is None:
                self.errors.append(
                    ConfigError(
                        f"'{{{{< include {inc.target} >}}}}' names an absolute path",
                        location=where,
                        hint="give a path relative to the file that includes it, inside the"
                        " paper folder",
                    )
                )
                continue
            if target in stack:
                self.errors.append(
                    ConfigError(
                        f"'{{{{< include {inc.target} >}}}}' includes a file that includes it",
                        location=where,
                        hint="remove the include that closes the circle",
                    )
                )
                continue
            if len(stack) > MAX_DEPTH:
                self.errors.append(
                    ConfigError(
                        f"'{{{{< include {inc.target} >}}}}' is nested more than {MAX_DEPTH} deep",
                        location=where,
                        hint="include the files from fewer levels",
                    )
                )
                continue
            try:
                included = self._text_of(target, where)
            except ConfigError as exc:
                self.errors.append(exc)
                continue
            if included is None:
                self.missing.append(Missing(where, inc.target))
                continue
            before = lines[start : inc.line - 1]
            if start == 0 or any(line.strip() for line in before):
                # The lines before the shortcode; the shortcode's own line is left blank.
                self._add(path, "\n" * start + "\n".join(before) + "\n", via or where)
            self.expand(target, included, (*stack, target), where)
            start = inc.line
        self._add(path, "\n" * start + "\n".join(lines[start:]), via or Location(path, start + 1))

    def _add(self, path: Path, text: str, where: Location) -> None:
        self.size += len(text)
        if self.size > MAX_INCLUDED_TEXT:
            raise _TooLarge(_too_large(where, f"{MAX_INCLUDED_TEXT // (1024 * 1024)} MiB of text"))
        self.pieces.append((path, text))

    def _text_of(self, target: Path, where: Location) -> str | None:
        self.includes += 1
        if self.includes > MAX_INCLUDES:
            raise _TooLarge(_too_large(where, f"{MAX_INCLUDES:,} includes"))
        if target not in self.texts:
            self.texts[target] = self.read(target, where)
        return self.texts[target]


def _too_large(where: Location, limit: str) -> ConfigError:
    return ConfigError(
        f"the manuscript with its includes passes {limit} here (the limit)",
        location=where,
        hint="include each file once: a file included from several places is copied each time",
    )


def include_path(path: Path, written: str, project: Path | None) -> Path | None:
    """The file an include in `path` names: relative to `path`'s folder, or, written `/x`, to
    the Quarto project's folder (Quarto's own rule); None for a path absolute on any machine
    (`~/x`, `C:\\x`), or `/x` where there is no project. Reading it is confined to the paper
    folder by the reader, like any path."""
    if written.startswith("/") and not written.startswith("//") and project is not None:
        return Path(os.path.normpath(project / written.lstrip("/")))
    if written.startswith(("/", "~", "\\")) or re.match(r"[A-Za-z]:[\\/]", written):
        return None
    # Lexically normal, so that a circle through `..` is seen (links: the reader's `confine`).
    return Path(os.path.normpath(path.parent / written))


def merge_pieces(pieces: Iterable[tuple[Path, str]]) -> dict[Path, str]:
    """Each file's text put back together from its pieces (a shortcode's line left blank),
    in reading order: what finders and per-file findings look at."""
    merged: dict[Path, list[str]] = {}
    for path, text in pieces:
        lines = text.split("\n")
        have = merged.setdefault(path, [])
        for i, line in enumerate(lines):
            if i >= len(have):
                have.append(line)
            elif line and not have[i]:
                have[i] = line
    return {path: "\n".join(lines) for path, lines in merged.items()}


def without_includes(text: str) -> str:
    """`text` without its include lines: docbuild reads those itself."""
    return _INCLUDE_LINES.sub("", text) if "include" in text else text
