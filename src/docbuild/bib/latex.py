"""LaTeX in BibTeX values to Unicode: accents, special letters, dashes, quotes, `{\\&}`.

With `markup=True`, case-protecting braces (`{NASA}`) become `<span class="nocase">` and
`\\emph`/`\\textbf`/... become the HTML-like tags that CSL processors (pandoc's citeproc and
citeproc-py) read in CSL-JSON strings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from docbuild.bib.braces import group_end
from docbuild.bib.journal_macros import PRINTED as JOURNAL_MACROS
from docbuild.bib.latex_symbols import (
    ACCENTS,
    DOTLESS,
    DROP_ARGUMENT,
    LETTERS,
    SWITCHES,
    TAGS,
    VERBATIM_ARGUMENT,
)

_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not the no-break space that `~` gives
# `Guerv\\'os`, `predicci{\\'o}n`: a line break (`\\`) typed where an accent's backslash
# was meant (DBLP's exports): LaTeX breaks the line and prints the accent's mark.
LINE_BREAK_ACCENT = re.compile(r"\\\\(?=['`^\"~=.]|\{?\\?['`^\"~])")


# Cached: the rules read the same few thousand names, venues and words again and again (48,000
# calls for 6,000 distinct texts linting 10,000 entries); the result is an immutable str.
@lru_cache(maxsize=65536)
def to_unicode(text: str, *, markup: bool = False) -> str:
    """`G{\\"o}del` -> `Gödel`, `{\\L}ukasz` -> `Łukasz`, `{\\&}` -> `&`, `--` -> `–`."""
    if not any(c in text for c in "\\{}$~-`'"):
        return _SPACES.sub(" ", text).strip()
    out = _Converter(text, markup).run()
    return _SPACES.sub(" ", unicodedata.normalize("NFC", out)).strip()


MAX_DEPTH = 64


class _Converter:
    def __init__(self, text: str, markup: bool) -> None:
        self.text = text
        self.pos = 0
        self.markup = markup

    def run(self) -> str:
        parts: list[str] = []
        while self.pos < len(self.text):
            parts.append(self.sequence(depth=0))
            if self.pos < len(self.text):  # a stray `}` at the top
                self.pos += 1
        return "".join(parts)

    def sequence(self, depth: int) -> str:
        """Convert up to the `}` closing this level (left unconsumed) or the end."""
        text = self.text
        out: list[str] = []
        while self.pos < len(text):
            c = text[self.pos]
            if c == "}":
                break
            if c == "{" and depth >= MAX_DEPTH:
                # Real titles nest a few levels; past that the braces protect nothing and
                # following them would exhaust Python's stack.
                self.pos += 1
            elif c == "{":
                out.append(self.group(depth))
            elif c == "\\":
                out.append(self.command(depth))
            elif c == "$":
                out.append(self.math())
            elif c == "~":
                out.append("\u00a0")
                self.pos += 1
            elif c == "-":
                out.append(self.dashes())
            elif text.startswith("``", self.pos):
                out.append("“")
                self.pos += 2
            elif text.startswith("''", self.pos):
                out.append("”")
                self.pos += 2
            elif c == "`":
                out.append("‘")
                self.pos += 1
            else:
                out.append(c)
                self.pos += 1
        return "".join(out)

    def group(self, depth: int) -> str:
        """`{...}`: a special character when it starts with a backslash, else protection."""
        self.pos += 1
        special = self.text.startswith("\\", self.pos)
        inner = self.sequence(depth + 1)
        self.pos += 1  # the closing brace (or the end)
        if self.markup and depth == 0 and not special and any(c.isalpha() for c in inner):
            return f'<span class="nocase">{inner}</span>'
        return inner

    def dashes(self) -> str:
        n = 0
        while self.text.startswith("-", self.pos + n):
            n += 1
        self.pos += n
        return "—" * (n // 3) + ("–" if n % 3 == 2 else "-" if n % 3 == 1 else "")

    def math(self) -> str:
        end = self.text.find("$", self.pos + 1)
        while end > 0 and self.text[end - 1] == "\\":
            end = self.text.find("$", end + 1)
        if end < 0:
            self.pos += 1
            return "$"
        inner = _Converter(self.text[self.pos + 1 : end], markup=False).run()
        self.pos = end + 1
        return inner.replace("^", "").replace("_", "")

    def command(self, depth: int) -> str:
        text = self.text
        start = self.pos + 1
        if start >= len(text):
            self.pos = start
            return "\\"
        if text[start].isalpha():
            end = start
            while end < len(text) and text[end].isalpha():
                end += 1
            name = text[start:end]
            self.pos = end
            while self.pos < len(text) and text[self.pos] in " \t\n":
                self.pos += 1
        else:
            name = text[start]
            self.pos = start + 1
        if name in ACCENTS and (not name.isalpha() or not self.at_letter_argument_end()):
            return self.accent(name, depth)
        if name in LETTERS:
            return LETTERS[name]
        if name in TAGS:
            opening, closing = TAGS[name]
            inner = self.argument(depth)
            if not self.markup and opening.startswith("<"):
                return inner
            return f"{opening}{inner}{closing}"
        if name in VERBATIM_ARGUMENT:
            return self.raw_argument()
        if name == "href":
            self.raw_argument()
            return self.argument(depth)
        if name in DROP_ARGUMENT:
            self.argument(depth)
            return ""
        if name in JOURNAL_MACROS:
            return JOURNAL_MACROS[name]  # NASA ADS's \apj: what AASTeX prints
        if self.text.startswith("{", self.pos):
            return self.argument(depth)
        return ""

    def at_letter_argument_end(self) -> bool:
        """After a letter accent such as `\\c`, nothing that could be its argument."""
        return self.pos >= len(self.text) or self.text[self.pos] in "}"

    def accent(self, name: str, depth: int) -> str:
        # TeX skips spaces before an accent's argument: `{\' i}` is "í" (quarto-la-palma).
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n":
            self.pos += 1
        if self.pos >= len(self.text):
            return ""
        if self.text[self.pos] == "}":  # `{\'}`: the accent alone, its group left to close
            return ACCENTS[name]
        if self.text[self.pos] == "{":
            base = self.argument(depth + 1)
        elif self.text[self.pos] == "\\":
            base = self.command(depth + 1)
        else:
            base = self.text[self.pos]
            self.pos += 1
        if not base:
            return ACCENTS[name]
        first = DOTLESS.get(base[0], base[0])
        return first + ACCENTS[name] + base[1:]

    def argument(self, depth: int) -> str:
        """The next `{...}` (converted, braces dropped), or the next character."""
        if self.pos >= len(self.text):
            return ""
        if self.text[self.pos] != "{":
            c = self.text[self.pos]
            self.pos += 1
            return c
        self.pos += 1
        inner = self.sequence(depth + 1)
        self.pos += 1
        return inner

    def raw_argument(self) -> str:
        if not self.text.startswith("{", self.pos):
            return ""
        start = self.pos + 1
        end = group_end(self.text, self.pos)
        self.pos = end if end is not None else len(self.text)
        return self.text[start : self.pos - 1 if end is not None else self.pos]


_MATH = re.compile(r"(?<!\\)\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
_COMMAND = re.compile(r"(\{?)\\([A-Za-z]+)\s*(\{\}|\{|\[)?")
_KNOWN = frozenset(
    {*ACCENTS, *LETTERS, *TAGS, *VERBATIM_ARGUMENT, *DROP_ARGUMENT, *JOURNAL_MACROS, "href",
     "ensuremath"}
)  # fmt: skip


def silent_commands(text: str) -> tuple[str, ...]:
    """The commands outside math that `to_unicode` (and pandoc) drop without a trace: no
    symbol it knows, no argument to print (`\\textasciimacron{}`), no font switch opening a
    group (`{\\cjkfont ...}`, a name followed by its text)."""
    found: list[str] = []
    plain = _MATH.sub(lambda m: " " * len(m.group()), text)
    for m in _COMMAND.finditer(plain):
        opens_group, name, after = m.groups()
        if name in _KNOWN or name in SWITCHES or after in ("{", "["):
            continue
        if opens_group and after is None and m.end() < len(plain) and m.group().endswith(" "):
            continue  # `{\name text}`: a switch this module does not know by name
        found.append(name)
    return tuple(dict.fromkeys(found))
