"""BibTeX name lists: `and`-separated names, each split into first, von, last and jr parts.

The rules are BibTeX's own (Patashnik, "Designing BibTeX styles", sec. 4): commas at brace
depth 0 separate `von Last, Jr, First`; without a comma, the von part is the run of words
starting in lower case, and a brace group that does not start with a backslash has no case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\s~]+")


@dataclass(frozen=True, slots=True)
class Name:
    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""

    @property
    def is_literal(self) -> bool:
        """A single brace-protected group such as `{United Nations}`: an institution."""
        return (
            not (self.first or self.von or self.jr)
            and is_one_group(self.last)
            and " " in self.last.strip()
        )

    def to_bibtex(self) -> str:
        """`von Last, Jr, First`, or `von Last` when there is no first name."""
        head = f"{self.von} {self.last}".strip()
        if self.jr:
            return f"{head}, {self.jr}, {self.first}".rstrip()
        if self.first:
            return f"{head}, {self.first}"
        return head


def _split_depth0(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split at matches of `sep` that lie at brace depth 0."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = sep.match(text, i)
            if m is not None and m.end() > i:
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    return parts


def split_names(value: str) -> list[str]:
    """The names of a list, split at ` and ` outside braces (whitespace kept as written)."""
    return _split_depth0(value, _AND)


def _words(part: str) -> list[str]:
    return [w for w in _split_depth0(part.strip(), _WORD_SPLIT) if w]


_SPECIAL_UPPER = frozenset({"OE", "AE", "AA", "O", "L"})
_SPECIAL_LOWER = frozenset({"oe", "ae", "aa", "o", "l", "i", "j", "ss"})


def word_case(word: str) -> str | None:
    """ "lower", "upper", or None for a word with no case (digits, a plain brace group)."""
    depth = 0
    for i, c in enumerate(word):
        if c == "{":
            if depth == 0 and word.startswith("\\", i + 1):
                return _special_case(word, i + 2)
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and c.isalpha():
            return "lower" if c.islower() else "upper"
    return None


def _special_case(word: str, start: int) -> str | None:
    """The case of a special character such as {\\"u} or {\\L}, whose backslash ends just
    before `start`: that of a letter-like command, else of the first letter after it."""
    j = start
    while j < len(word) and word[j].isalpha():
        j += 1
    command = word[start:j]
    if command in _SPECIAL_UPPER:
        return "upper"
    if command in _SPECIAL_LOWER:
        return "lower"
    depth = 1
    for c in word[j:]:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                break
        elif c.isalpha():
            return "lower" if c.islower() else "upper"
    return None


def parse_name(text: str) -> Name | None:
    """One name in its parts; None when it has more than two commas (malformed)."""
    parts = [p.strip() for p in _split_depth0(text, re.compile(","))]
    if len(parts) > 3:
        return None
    if len(parts) == 1:
        words = _words(parts[0])
        if not words:
            return Name()
        first_lower = next(
            (i for i, w in enumerate(words[:-1]) if word_case(w) == "lower"),
            None,
        )
        if first_lower is None:
            return Name(first=" ".join(words[:-1]), last=words[-1])
        last_lower = max(i for i, w in enumerate(words[:-1]) if word_case(w) == "lower")
        return Name(
            first=" ".join(words[:first_lower]),
            von=" ".join(words[first_lower : last_lower + 1]),
            last=" ".join(words[last_lower + 1 :]),
        )
    von, last = _split_von_last(_words(parts[0]))
    if len(parts) == 2:
        return Name(first=" ".join(_words(parts[1])), von=von, last=last)
    return Name(first=" ".join(_words(parts[2])), von=von, last=last, jr=" ".join(_words(parts[1])))


def _split_von_last(words: list[str]) -> tuple[str, str]:
    """`von Last` before a comma: the von part is every word up to the last lower-case one,
    but the last word is always part of Last."""
    lower = [i for i, w in enumerate(words[:-1]) if word_case(w) == "lower"]
    if not lower:
        return "", " ".join(words)
    cut = lower[-1] + 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def is_one_group(text: str) -> bool:
    """Whether `text` is a single `{...}` group (`{World Health Organization}`)."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def top_level_index(text: str, char: str) -> int:
    """The index of the first `char` outside braces, or -1."""
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == char and depth == 0:
            return i
    return -1


def top_level_words(text: str) -> list[str]:
    """The words of `text` split at whitespace outside braces (`{van Dyke} Jr` is two)."""
    words: list[str] = []
    depth = 0
    current: list[str] = []
    for c in text:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c.isspace() and depth == 0:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(c)
    if current:
        words.append("".join(current))
    return words
