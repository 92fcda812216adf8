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
    texts: Sequence[tuple[Path, str]], read: Reader
) -> tuple[list[tuple[Path, str]], list[Missing]]:
    """The pieces pandoc reads, in order, and the includes whose file is missing.

    Every include that may not be read is a ConfigError; all of them are raised at once
    (ConfigErrors), each naming the file and line of its shortcode.
    """
    from docbuild.errors import ConfigErrors

    pieces: list[tuple[Path, str]] = []
    missing: list[Missing] = []
    errors: list[ConfigError] = []
    for path, text in texts:
        _expand(path, text, read, (path,), pieces, missing, errors)
    if errors:
        raise ConfigErrors(errors)
    return pieces, missing


def _expand(
    path: Path,
    text: str,
    read: Reader,
    stack: tuple[Path, ...],
    pieces: list[tuple[Path, str]],
    missing: list[Missing],
    errors: list[ConfigError],
) -> None:
    includes = find_includes(text)
    if not includes:
        pieces.append((path, text))
        return
    lines = text.split("\n")
    start = 0  # index of the first line of the current piece
    for inc in includes:
        where = Location(path, inc.line)
        target = _target(path, inc, where, errors)
        if target is None:
            continue
        if target in stack:
            errors.append(
                ConfigError(
                    f"'{{{{< include {inc.target} >}}}}' includes a file that includes it",
                    location=where,
                    hint="remove the include that closes the circle",
                )
            )
            continue
        if len(stack) > MAX_DEPTH:
            errors.append(
                ConfigError(
                    f"'{{{{< include {inc.target} >}}}}' is nested more than {MAX_DEPTH} deep",
                    location=where,
                    hint="include the files from fewer levels",
                )
            )
            continue
        try:
            included = read(target, where)
        except ConfigError as exc:
            errors.append(exc)
            continue
        if included is None:
            missing.append(Missing(where, inc.target))
            continue
        before = lines[start : inc.line - 1]
        if start == 0 or any(line.strip() for line in before):
            # The lines before the shortcode; the shortcode's own line is left blank.
            pieces.append((path, "\n" * start + "\n".join(before) + "\n"))
        _expand(target, included, read, (*stack, target), pieces, missing, errors)
        start = inc.line
    pieces.append((path, "\n" * start + "\n".join(lines[start:])))


def _target(path: Path, inc: Include, where: Location, errors: list[ConfigError]) -> Path | None:
    """The included file, relative to the file that includes it; an absolute path (Quarto
    reads `/x` from the project's root) is refused like any path that leaves the folder."""
    written = inc.target
    if written.startswith(("/", "~", "\\")) or re.match(r"[A-Za-z]:[\\/]", written):
        errors.append(
            ConfigError(
                f"'{{{{< include {written} >}}}}' names an absolute path",
                location=where,
                hint="give a path relative to the file that includes it, inside the paper folder",
            )
        )
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
