"""BibTeX field values as written: `{...}`, `"..."`, bare words and `#` concatenations.

The reader uses this strict grammar to check every value bibtexparser hands back, which is how
a missing comma (two fields merged into one value) is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docbuild.bib.braces import BRACE_OR_QUOTE, group_end
from docbuild.bib.model import ValueKind
from docbuild.bib.problems import Malformed

_BARE = re.compile(r'[^\s,#{}"=()]+')
_SPACE = re.compile(r"\s*")

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True, slots=True)
class Piece:
    kind: ValueKind  # BRACED, QUOTED or BARE
    text: str  # without delimiters
    start: int  # offset of the piece in the parsed string
    end: int


@dataclass(frozen=True, slots=True)
class ParsedValue:
    pieces: tuple[Piece, ...]
    error: Malformed | None = None  # what is wrong, when the value is not well formed
    error_at: int = 0  # offset of the problem in the parsed string

    @property
    def kind(self) -> ValueKind:
        if len(self.pieces) != 1:
            return ValueKind.CONCAT
        return self.pieces[0].kind


def quoted_end(text: str, pos: int) -> int | None:
    """The offset just after the `"` closing the one at `pos` (braces inside must balance)."""
    depth = 0
    for m in BRACE_OR_QUOTE.finditer(text, pos + 1):
        c = m.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            return m.end()
    return None


def parse_value(text: str) -> ParsedValue:
    """Split a value into its pieces; `error` says where it stops being well formed."""
    # Nine values in ten are one `{...}` group as bibtexparser hands it back: said at once.
    if text[:1] == "{" and text[-1:] == "}" and group_end(text, 0) == len(text):
        return ParsedValue((Piece(ValueKind.BRACED, text[1:-1], 0, len(text)),))
    pieces: list[Piece] = []
    pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    n = len(text)
    if pos >= n:
        return ParsedValue((), Malformed.EMPTY, pos)
    while True:
        c = text[pos]
        if c == "{":
            end = group_end(text, pos)
            if end is None:
                return ParsedValue(tuple(pieces), Malformed.UNBALANCED_BRACE, pos)
            pieces.append(Piece(ValueKind.BRACED, text[pos + 1 : end - 1], pos, end))
        elif c == '"':
            end = quoted_end(text, pos)
            if end is None:
                return ParsedValue(tuple(pieces), Malformed.UNBALANCED_QUOTE, pos)
            pieces.append(Piece(ValueKind.QUOTED, text[pos + 1 : end - 1], pos, end))
        else:
            m = _BARE.match(text, pos)
            if m is None:
                return ParsedValue(tuple(pieces), Malformed.UNEXPECTED, pos)
            end = m.end()
            pieces.append(Piece(ValueKind.BARE, m.group(), pos, end))
        pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if pos >= n:
            return ParsedValue(tuple(pieces))
        if text[pos] != "#":
            return ParsedValue(tuple(pieces), Malformed.TEXT_AFTER, pos)
        pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        if pos >= n:
            return ParsedValue(tuple(pieces), Malformed.NOTHING_AFTER_HASH, pos)


def is_number(word: str) -> bool:
    return word.isdecimal()  # what `\d+` matches, without a regular expression


def macro_text(pieces: tuple[Piece, ...], macros: dict[str, str]) -> tuple[int, str | None]:
    """How many characters `expand` would put in for macros, and the longest macro it would
    expand (None when there is none), without expanding anything."""
    size, longest, longest_size = 0, None, -1
    for p in pieces:
        if p.kind is ValueKind.BARE and not is_number(p.text):
            value = macros.get(p.text.lower())
            if value is not None:
                size += len(value)
                if len(value) > longest_size:
                    longest, longest_size = p.text, len(value)
    return size, longest


def expand(
    pieces: tuple[Piece, ...],
    macros: dict[str, str],
    undefined: list[str] | None = None,
    used: list[str] | None = None,
) -> str:
    """The value with macros (case-insensitive) expanded; an unknown macro stays as its name.

    Month macros that the file does not define keep their name (`jan`), as BibTeX styles
    define them; `undefined` collects the names of other unknown macros, `used` the
    (lower-case) names of the macros that were expanded.
    """
    if len(pieces) == 1 and pieces[0].kind is not ValueKind.BARE:
        return pieces[0].text  # the common case: nothing to expand
    out: list[str] = []
    for p in pieces:
        if p.kind is not ValueKind.BARE or is_number(p.text):
            out.append(p.text)
            continue
        name = p.text.lower()
        if name in macros:
            out.append(macros[name])
            if used is not None:
                used.append(name)
        else:
            if name not in MONTH_MACROS and undefined is not None:
                undefined.append(p.text)
            out.append(p.text)
    return "".join(out)
