"""bibtexparser's split, with a shortcut for the plain entry that most of a file is.

bibtexparser's `Splitter` walks an entry one mark at a time (each brace, comma, quote, `=` and
newline is a turn of a Python loop): that walk is most of its parse, and the floor issue 13
measures linting against. An entry whose every field is `name = {...}`, a bare word or number,
or a `"..."` without braces, backslashes or `@`, can be read by one pattern a field with the
same result: the same key, fields, values, lines and raw text, and the splitter left where
its own walk would leave it. Anything else (a `@` or a `\\` line end anywhere in the entry,
`#`, `%`, a duplicate field, a `(`-delimited block, a brace group nested deeper than
`_DEPTH`) takes bibtexparser's own walk, so what it reports on broken input is unchanged.

The shortcut also keeps where each field's name and value start, which the reader would
otherwise search the text for again (`Shortcut`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser import model as bp
from bibtexparser import splitter as bp_splitter
from bibtexparser.library import Library

# The shortcut mirrors bibtexparser 2.1.0's walk (its private state included); another
# version gets its own walk alone until the shortcut is checked against it.
_FOR_VERSION = "2.1.0"
_DEPTH = 6  # brace groups nested deeper than this (never seen in real files) take the walk

# Text inside braces: anything but a brace or `@`, and a brace after a backslash, which
# bibtexparser (and bib/braces.py) reads as a character. Possessive (`++`, `*+`): a value
# that does not match fails at once, never by trying every way to split it.
_INSIDE = r"(?:[^{}@\\]++|\\++[{}]?+)"


def _braced(depth: int) -> str:
    inner = _INSIDE if depth == 1 else f"(?:{_INSIDE}|{_braced(depth - 1)})"
    return r"(?<!\\)\{" + inner + r"*+(?<!\\)\}"


# What bibtexparser reads as a field's name or value between its marks, without a mark of
# its own inside: no `{}",=@` and none of the characters our reader rejects in a name.
_WORD = r"""[^\s{}",=@\\#%'()]+"""
_FIELD = re.compile(
    rf"""\s*({_WORD})\s*(=)\s*({_braced(_DEPTH)}|"[^"{{}}@\\]*"|{_WORD})\s*(?:(,)|(?=\}}))"""
)
_KEY = re.compile(rf"\s*({_WORD})\s*,")
_CLOSE = re.compile(r"\s*\}")


@dataclass(frozen=True, slots=True)
class Shortcut:
    """Where the fields of an entry read by the shortcut start in the text the reader was
    given (not bibtexparser's copy, which has a newline in front)."""

    names: tuple[int, ...]  # offset of each field's name
    values: tuple[int, ...]  # offset of each field's value


class Splitter(bp_splitter.Splitter):
    """bibtexparser's splitter, taking plain entries in one pattern match a field."""

    def __init__(self, bibstr: str) -> None:
        super().__init__(bibstr)
        self.shortcuts: dict[int, Shortcut] = {}  # id(entry) -> where its fields are
        self._enabled = bibtexparser.__version__ == _FOR_VERSION

    def _handle_entry(self, m: re.Match[str], m_val: str) -> bp.Entry | bp.ParsingFailedBlock:
        if self._enabled and self._closing_delimiter == "}" and self._unaccepted_mark is None:
            entry = self._shortcut(m, m_val)
            if entry is not None:
                return entry
        return super()._handle_entry(m, m_val)

    def _shortcut(self, m: re.Match[str], m_val: str) -> bp.Entry | None:
        """The entry at `m` read in one go, or None (nothing consumed) when it is not plain."""
        text = self.bibstr
        start = m.end() + 1  # after the `{`, which the splitter has consumed
        head = _KEY.match(text, start)
        if head is None:
            return None
        pos = head.end()
        lines = block_line = self._current_line
        counted = start  # newlines before here are in `lines`
        fields: list[bp.Field] = []
        names: list[int] = []
        values: list[int] = []
        while (f := _FIELD.match(text, pos)) is not None:
            eq = f.end(2)
            lines += text.count("\n", counted, eq)
            counted = eq
            fields.append(bp.Field(start_line=lines, key=f.group(1), value=f.group(3)))
            names.append(f.start(1) - 1)
            values.append(f.start(3) - 1)
            pos = f.end()
            if f.group(4) is None:
                break
        close = _CLOSE.match(text, pos)
        if close is None:
            return None
        end = close.end()
        # A `\` before a newline hides that newline from bibtexparser's line count.
        if text.find("\\\n", start, end) >= 0 or len({f.key for f in fields}) != len(fields):
            return None
        entry = bp.Entry(
            start_line=block_line,
            entry_type=m_val[1:].strip(),
            key=head.group(1),
            fields=fields,
            raw=text[m.start() : end],
        )
        # Where the walk would have stopped: on the closing `}`, every newline before it counted.
        self._current_line = lines + text.count("\n", counted, end)
        self._current_char_index = end - 1  # type: ignore[has-type]
        self._markiter = bp_splitter._MARK_PATTERN.finditer(text, end)  # type: ignore[assignment]
        self.shortcuts[id(entry)] = Shortcut(tuple(names), tuple(values))
        return entry


def split(text: str) -> tuple[Library, dict[int, Shortcut]]:
    """bibtexparser's `parse_string(text, parse_stack=[])`, and the shortcut's field offsets."""
    splitter = Splitter(text)
    return splitter.split(), splitter.shortcuts
