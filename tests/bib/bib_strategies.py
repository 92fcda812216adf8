"""Hypothesis strategies for `.bib` text, and two oracles independent of the reader.

`strict_entries` is a small strict BibTeX parser written separately from `docbuild.bib`: when the
reader reports no parse error, its entries must be exactly these. `unaccounted` checks that every
non-blank character of the input belongs to some block of the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import strategies as st

from docbuild.bib.model import (
    BibComment,
    BibEntry,
    Bibliography,
    BibPreamble,
    BibString,
    Block,
    FailedBlock,
)

NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-"
KEYS = st.text(NAME_CHARS, min_size=1, max_size=10)
FIELD_NAMES = st.one_of(
    st.sampled_from(
        ["author", "editor", "title", "journal", "journaltitle", "year", "month", "date",
         "pages", "doi", "url", "urldate", "volume", "number", "publisher", "note", "Title",
         "AUTHOR", "eprint", "x-custom"]
    ),
    st.text("abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=8),
)  # fmt: skip
TYPES = st.sampled_from(
    ["article", "book", "online", "misc", "report", "inproceedings", "Article", "thesis"]
)
_PLAIN = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='{}"\\@'),
    max_size=25,
)
_PERSON = st.sampled_from(
    ["Khan, Uroosa", "Uroosa Khan", "van Beethoven, Ludwig", "Ludwig van Beethoven",
     "{United Nations}", "G{\\\"o}del, Kurt", "{\\L}ukasz Nowak", "Smith, Jr, John",
     "Kaura , V.", "A. B.  Smith", "de la Fontaine, Jean", "others", "Smith, Jr,", "Smith,",
     "{\\relax Ch}ristensen, A", "jean de la fontaine", "Aristotle", "a, b, c, d", "A and"]
)  # fmt: skip
_SPECIAL = st.sampled_from(
    ["89-104", "89--104", " 1 - 8 ", "e1002", "january", "Sept.", "3", "2022-02-23", "2021",
     "https://doi.org/10.1000/ab%2Fc", "doi:10.1/x", "  spaced\n   out  ", "A {NASA} study",
     "Russia {\\&} China", "50\\% of", "x~y", "{\\\"U}ber"]
)  # fmt: skip


@st.composite
def braced_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(_PLAIN, _SPECIAL, _PLAIN.map(lambda t: "{" + t + "}"))))
    return "".join(parts)


@st.composite
def field_value(draw: st.DrawFn, macros: tuple[str, ...]) -> str:
    form = draw(st.sampled_from(["braced", "quoted", "number", "names", "macro", "concat"]))
    if form == "number":
        return str(draw(st.integers(0, 3000)))
    if form == "names":
        return "{" + " and ".join(draw(st.lists(_PERSON, min_size=1, max_size=4))) + "}"
    if form == "macro" and macros:
        return draw(st.sampled_from(macros))
    if form == "concat" and macros:
        return f'{draw(st.sampled_from(macros))} # "{draw(braced_text())}"'
    text = draw(braced_text())
    if form == "quoted":
        return f'"{text}"'
    return "{" + text + "}"


@st.composite
def entry_text(draw: st.DrawFn, macros: tuple[str, ...] = ()) -> str:
    names = draw(st.lists(FIELD_NAMES, max_size=7, unique_by=str.lower))
    fields = [f"  {n} = {draw(field_value(macros))}" for n in names]
    comma = draw(st.sampled_from([",", ""])) if fields else ""
    body = ",\n".join(fields)
    return f"@{draw(TYPES)}{{{draw(KEYS)},\n{body}{comma}\n}}\n"


@st.composite
def bib_text(draw: st.DrawFn) -> str:
    """A well-formed file: macros, comments, a preamble and entries."""
    macros = tuple(draw(st.lists(st.text("abcdefgh", min_size=2, max_size=6), max_size=3)))
    parts = [f"@string{{{m} = {{{draw(braced_text())}}}}}\n" for m in macros]
    if draw(st.booleans()):
        parts.append('@preamble{"\\providecommand{\\noopsort}[1]{}"}\n')
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["entry", "entry", "entry", "comment", "explicit"]))
        if kind == "comment":
            parts.append(f"% {draw(_PLAIN)}\n")
        elif kind == "explicit":
            parts.append(f"@comment{{{draw(braced_text())}}}\n")
        else:
            parts.append(draw(entry_text(macros)))
    return "\n".join(parts)


@st.composite
def mutated_bib_text(draw: st.DrawFn) -> str:
    """A well-formed file with a few characters deleted or inserted."""
    text = draw(bib_text())
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and i < len(text):
            text = text[:i] + text[i + 1 :]
        else:
            insert = draw(st.sampled_from(["{", "}", '"', ",", "=", "#", "@", "\n@misc{", "\n"]))
            text = text[:i] + insert + text[i:]
    return text


# -- the strict parser ---------------------------------------------------------------------

_START = re.compile(r"@(\w*)[ \t]*([{(])")
_WS = re.compile(r"\s*")
_IDENT = re.compile(r"""[^\s"#%'(),={}]+""")
_BARE = re.compile(r'[^\s,#{}"=()]+')


class _Malformed(Exception):
    pass


def strict_entries(text: str) -> list[tuple[str, str, list[tuple[str, str]]]] | None:
    """(type, key, [(field name, value as written)]) of each entry; None if malformed."""
    try:
        return list(_strict(text))
    except _Malformed:
        return None


def _strict(text: str) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    pos = 0
    while (m := _START.search(text, pos)) is not None:
        _check_between(text[pos : m.start()])
        kind = m.group(1).lower()
        close = "}" if m.group(2) == "{" else ")"
        pos = m.end()
        if kind == "comment":
            pos = _skip_comment(text, pos, close)
            continue
        if kind in ("string", "preamble"):
            pos = _ws(text, pos)
            if kind == "string":
                pos = _ws(text, _ident(text, pos)[1])
                pos = _ws(text, _expect(text, pos, "="))
            pos = _ws(text, _value(text, pos, close)[1])
            pos = _expect(text, pos, close)
            continue
        key_match = re.compile(rf"[^,\s{re.escape(close)}]*").match(text, _ws(text, pos))
        assert key_match is not None
        key = key_match.group()
        pos = _ws(text, key_match.end())
        fields: list[tuple[str, str]] = []
        if text.startswith(",", pos):
            pos += 1
            while True:
                pos = _ws(text, pos)
                if text.startswith(close, pos):
                    break
                name, pos = _ident(text, pos)
                pos = _ws(text, _expect(text, _ws(text, pos), "="))
                value, pos = _value(text, pos, close)
                fields.append((name, value))
                pos = _ws(text, pos)
                if text.startswith(",", pos):
                    pos += 1
                elif not text.startswith(close, pos):
                    raise _Malformed
        pos = _expect(text, pos, close)
        yield kind, key, fields
    _check_between(text[pos:])


def _check_between(text: str) -> None:
    """Text between blocks is a comment, but a `}` there that no `{` opened is the rest of a
    broken entry (an extra `}` closed it early)."""
    depth = 0
    for i, c in enumerate(text):
        if c in "{}" and i > 0 and text[i - 1] == "\\":
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                raise _Malformed


def _ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _expect(text: str, pos: int, token: str) -> int:
    if not text.startswith(token, pos):
        raise _Malformed
    return pos + len(token)


def _ident(text: str, pos: int) -> tuple[str, int]:
    m = _IDENT.match(text, pos)
    if m is None:
        raise _Malformed
    return m.group(), m.end()


def _value(text: str, pos: int, close: str) -> tuple[str, int]:
    start = pos
    while True:
        if text.startswith("{", pos):
            pos = _balanced(text, pos)
        elif text.startswith('"', pos):
            pos = _quoted(text, pos)
        else:
            m = _BARE.match(text, pos)
            if m is None or (close == ")" and ")" in m.group()):
                raise _Malformed
            pos = m.end()
        end = pos
        pos = _ws(text, pos)
        if not text.startswith("#", pos):
            return text[start:end], end
        pos = _ws(text, pos + 1)


def _balanced(text: str, pos: int) -> int:
    depth = 0
    for i in range(pos, len(text)):
        c = text[i]
        if c in "{}" and i > 0 and text[i - 1] == "\\":
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise _Malformed


def _quoted(text: str, pos: int) -> int:
    depth = 0
    for i in range(pos + 1, len(text)):
        c = text[i]
        if c in '{}"' and text[i - 1] == "\\":
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                raise _Malformed
        elif c == '"' and depth == 0:
            return i + 1
    raise _Malformed


def _skip_comment(text: str, pos: int, close: str) -> int:
    depth = 0
    for i in range(pos, len(text)):
        c = text[i]
        if c in "{}" and text[i - 1] == "\\":
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0 and close == "}":
                return i + 1
            depth -= 1
        elif c == ")" and close == ")" and depth == 0:
            return i + 1
    raise _Malformed


# -- character conservation ----------------------------------------------------------------

_BLANK = re.compile(r"\s+")
_SYNTAX = frozenset('@{}(),="#')


def _pieces(block: Block) -> Iterator[tuple[str, bool]]:
    """The texts a block holds, in order, with whether to compare them case-insensitively."""
    if isinstance(block, BibEntry):
        yield "@" + block.entry_type, True
        yield block.key, False
        for f in block.fields:
            yield f.name, False
            yield f.raw, False
    elif isinstance(block, BibString):
        yield "@string", True
        yield block.name, False
        yield block.raw, False
    elif isinstance(block, BibPreamble):
        yield "@preamble", True
        yield block.raw, False
    elif isinstance(block, BibComment):
        if block.explicit:
            yield "@comment", True
        yield block.text, False
    elif isinstance(block, FailedBlock):
        yield block.raw, False


def unaccounted(text: str, bib: Bibliography) -> str | None:
    """None when every non-blank character is in some block (only BibTeX punctuation may be
    skipped between them); else the first stretch that is not."""
    squeezed = _BLANK.sub("", text.lstrip("\ufeff"))
    pos = 0
    for block in bib.blocks:
        for piece, fold in _pieces(block):
            want = _BLANK.sub("", piece)
            while True:
                got = squeezed[pos : pos + len(want)]
                if (got.lower() == want.lower()) if fold else (got == want):
                    pos += len(want)
                    break
                if pos < len(squeezed) and squeezed[pos] in _SYNTAX:
                    pos += 1
                    continue
                return f"{squeezed[pos : pos + 40]!r} (expected {want[:40]!r})"
    rest = squeezed[pos:]
    if any(c not in _SYNTAX for c in rest):
        return f"{rest[:40]!r} after the last block"
    return None


@st.composite
def entry_parts(draw: st.DrawFn) -> tuple[str, str, list[tuple[str, str]]]:
    """(type, key, [(name, value as written)]) of a well-formed entry with two or more fields."""
    names = draw(st.lists(FIELD_NAMES, min_size=2, max_size=6, unique_by=str.lower))
    return draw(TYPES), draw(KEYS), [(n, draw(field_value(()))) for n in names]


def join_entry(entry_type: str, key: str, fields: list[tuple[str, str]], seps: list[str]) -> str:
    """The entry's text, with `seps[i]` written after the value of field i."""
    body = "".join(f"\n  {n} = {v}{sep}" for (n, v), sep in zip(fields, seps, strict=True))
    return f"@{entry_type}{{{key},{body}\n}}\n"
