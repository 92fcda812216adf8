"""Citations in the manuscript: pandoc's `[@key]`, `@key`, `[-@key]`, `[see @a, p. 3; @b]`, and
the hand-typed author–year forms of converted Word files: `(Kurita, 2019)`, `(Hussain & Fatima,
2015)`, `Khan (2021)`, `(Kurita, [2019](#))`, with the line and column of each.

Which `@key` is a citation is pandoc's to say (its AST, `cite/pandoc_ast.py`); this module
finds where each is written, and reads the typed forms, which pandoc sees as plain text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from docbuild.bib.values import MONTH_NAMES
from docbuild.cite.pandoc_ast import CROSS_REFERENCE_PREFIXES
from docbuild.cite.paragraphs import Paragraph


class CitationKind(enum.Enum):
    PANDOC = "pandoc"  # [@key], @key, [-@key]
    TYPED = "typed"  # (Kurita, 2019), Khan (2021): matched to entries by surname and year


@dataclass(frozen=True, slots=True)
class Citation:
    kind: CitationKind
    text: str  # as written: "@khan2021" or "(Kurita, [2019](#))"
    path: Path
    paragraph: int  # index of its paragraph in the manuscript
    line: int
    column: int
    key: str | None = None  # pandoc: the key; typed before `[@key]`: the key it sits beside
    names: tuple[str, ...] = ()  # typed: the surnames, as written
    et_al: bool = False
    narrative: bool = False  # typed in the running text, `Khan (2021)`, not in parentheses
    # One capitalised word and a year that may as well be a name: `Accord (2020)`,
    # `(London 2012)`; counted when it matches an entry, never reported when it does not.
    loose: bool = False
    year: str | None = None  # typed: "2019", "2019a" or "n.d."
    offset: int = 0  # where it starts in the paragraph's text
    end: int = 0  # where it ends in the paragraph's text

    @property
    def year_number(self) -> int | None:
        return int(self.year[:4]) if self.year and self.year[:4].isdigit() else None


# pandoc: a key starts with a letter, digit or `_`; punctuation inside only if a word
# character follows. `@{...}` allows anything but braces.
_KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*))"
_PANDOC = re.compile(r"(?<![\w.@/\\:])-?@" + _KEY)

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_PARTICLE = r"(?:(?:van|von|de|der|den|del|della|da|di|du|la|le|al|el|bin|ibn|dos)\s+)"
# Repetitions are bounded so that text like "Khan, Khan, Khan, ..." stays linear.
_NAME = rf"{_PARTICLE}{{0,3}}[{_UPPER}][\w'’\-]*\w"
_NAMES = (
    rf"(?P<names>{_NAME}(?:\s+et\s+al\.?)?"
    rf"|{_NAME}(?:\s*,\s*{_NAME}){{0,6}}\s*,?\s*(?:&|and)\s+{_NAME})"
)
_YEAR = r"(?:\[(?P<lyear>\d{4}[a-z]?|n\.d\.)\]\([^)\s]*\)|(?P<year>\d{4}[a-z]?|n\.d\.))"
_PREFIX = r"(?:(?:see|see also|e\.g\.,?|cf\.|i\.e\.,?|also|and)\s+)*"
_LOCATOR = r"(?:\s*,\s*(?:pp?\.|chap\.|para\.)\s*[\w\-–]+|\s*:\s*\d+(?:[\-–]\d+)?)?"
_MORE_YEARS = r"(?P<more>(?:\s*,\s*(?:\d{4}[a-z]?|n\.d\.)(?![\w.]))*)"
_PART = re.compile(rf"\s*{_PREFIX}{_NAMES}\s*(?P<comma>,)?\s+{_YEAR}{_MORE_YEARS}{_LOCATOR}\s*")
# An organisation as author, in parentheses only: `(World Bank, 1993)`, `(Ministry of
# Foreign Affairs, 1958)`; the comma is required.
_CORPORATE = rf"[{_UPPER}][\w'’\-]*(?:\s+(?:of|for|and|the|on|in|&|[{_UPPER}][\w'’\-]*)){{1,8}}"
_CORPORATE_PART = re.compile(
    rf"\s*{_PREFIX}(?P<names>{_CORPORATE})\s*,\s+{_YEAR}{_MORE_YEARS}{_LOCATOR}\s*"
)
_DIGIT = re.compile(r"\d")
_A_YEAR = re.compile(r"\d{4}[a-z]?|n\.d\.")
_POSSESSIVE = re.compile(r"['’]s?$")
# Bounded, so a stray "(" in a long paragraph costs a few hundred steps, not the paragraph.
_PAREN = re.compile(r"\((?P<body>(?:[^()]|\([^()\s]{0,200}\)){1,400})\)")
_NARRATIVE = re.compile(rf"(?<![\w@])(?:{_NAMES})\s+\({_YEAR}\)")
_FOLLOWED_BY_KEY = re.compile(r"\s*\[[^\]]*?-?@" + _KEY)
_WORD_BEFORE = re.compile(r"(?P<word>[\w'’\-]+)\s+$")
_SPLIT_NAMES = re.compile(r"\s*(?:,|&|\band\b)\s*")
_ET_AL = re.compile(r"\s+et\s+al\.?$")
# Capitalised words that are not surnames when they stand before "(2021)".
_NOT_NAMES = frozenset(
    [
        *(month.capitalize() for month in MONTH_NAMES),
        "Spring",
        "Summer",
        "Autumn",
        "Fall",
        "Winter",
        "In",
        "The",
        "On",
        "At",
        "By",
        "For",
        "From",
        "Since",
        "Until",
        "And",
        "Or",
        "Of",
        "Vol",
        "No",
        "Volume",
        "Issue",
        "Figure",
        "Table",
        "Section",
        "Chapter",
        "Page",
        "Act",
        "Law",
        "Report",
        "Agenda",
        "Vision",
        "Plan",
    ]
)


def _is_citation_tag(text: str, start: int, end: int) -> bool:
    """Whether the `@key` at text[start:end] is a line `[@key]: target` (a link definition)."""
    return (
        text.startswith("]:", end)
        and start >= 1
        and text[start - 1] == "["
        and (start == 1 or text[start - 2] == "\n")
    )


def extract_citations(paragraph: Paragraph, *, cited: Collection[str]) -> tuple[Citation, ...]:
    """Every citation in a paragraph, in order of position; a `@key` counts only where pandoc
    cites that key (`cited`): not an example list's `(@good)`, not code pandoc found in a list."""
    text = paragraph.text
    found: list[tuple[int, Citation]] = []
    if "@" in text:
        for m in _PANDOC.finditer(text):
            key = m.group("braced") or m.group("key")
            if key.startswith(CROSS_REFERENCE_PREFIXES) or key not in cited:
                continue  # `@fig:timeline` is a cross-reference, not a citation
            if _is_citation_tag(text, m.start(), m.end()):
                continue  # Manubot's `[@key]: doi:10.x` defines the key; pandoc drops the line
            found.append((m.start(), _make(paragraph, m.start(), m.group(), end=m.end(), key=key)))
    if "(" in text:
        taken: list[tuple[int, int]] = []
        for m in _NARRATIVE.finditer(text):
            names, et_al = _split(m.group("names"))
            if names[0] in _NOT_NAMES or _inside_a_name(text, m.start()):
                continue
            year = m.group("year") or m.group("lyear")
            follow = _FOLLOWED_BY_KEY.match(text, m.end())
            key = (follow.group("braced") or follow.group("key")) if follow else None
            found.append(
                (
                    m.start(),
                    _make(
                        paragraph,
                        m.start(),
                        m.group(),
                        end=m.end(),
                        key=key,
                        names=names,
                        et_al=et_al,
                        year=year,
                        typed=True,
                        narrative=True,
                        loose=len(names) == 1 and not et_al,
                    ),
                )
            )
            taken.append((m.start(), m.end()))
        for m in _PAREN.finditer(text):
            if any(s <= m.start() < e for s, e in taken) or not _DIGIT.search(m.group("body")):
                continue
            body_start = m.start("body")
            offset = body_start
            parts = m.group("body").split(";")
            for part in parts:
                pm = _PART.fullmatch(part)
                names, et_al = _split(pm.group("names")) if pm is not None else ((), False)
                if pm is None:
                    pm = _CORPORATE_PART.fullmatch(part)
                    names = (" ".join(pm.group("names").split()),) if pm is not None else ()
                if pm is not None and names[0] not in _NOT_NAMES:
                    years = [pm.group("year") or pm.group("lyear")]
                    years += _A_YEAR.findall(pm.group("more"))  # (Khan, 2019, 2021a)
                    where = m.start() if len(parts) == 1 else offset + pm.start("names")
                    for year in years:
                        found.append(
                            (
                                where,
                                _make(
                                    paragraph,
                                    where,
                                    m.group() if len(parts) == 1 else part.strip(),
                                    end=offset + pm.end() if len(parts) > 1 else m.end(),
                                    names=names,
                                    et_al=et_al,
                                    year=year,
                                    typed=True,
                                    loose=pm.re is _PART
                                    and len(names) == 1
                                    and not et_al
                                    and not pm.group("comma"),
                                ),
                            )
                        )
                offset += len(part) + 1
    found.sort(key=lambda pair: pair[0])
    return tuple(c for _, c in found)


def _inside_a_name(text: str, start: int) -> bool:
    """Whether `Khan (2018)` continues a longer proper name (`Prime Minister Imran Khan
    (2018)`, `the Doha Accord (2020)`): a capitalised word or `the` before it, mid-sentence."""
    m = _WORD_BEFORE.search(text, max(0, start - 60), start)
    if m is None:
        return False
    word = m.group("word")
    if word.lower() in ("the", "a", "an"):
        return True
    if not word[:1].isupper():
        return False
    before = text[max(0, m.start() - 3) : m.start()].rstrip()
    return before != "" and not before.endswith((".", "!", "?", ":", "(", "\n"))


def _split(names: str) -> tuple[tuple[str, ...], bool]:
    et_al = _ET_AL.search(names) is not None
    if et_al:
        names = _ET_AL.sub("", names)
    split = (_POSSESSIVE.sub("", n) for n in _SPLIT_NAMES.split(names.strip()))
    return tuple(n for n in split if n), et_al


def _make(
    paragraph: Paragraph,
    offset: int,
    text: str,
    *,
    end: int,
    key: str | None = None,
    names: tuple[str, ...] = (),
    et_al: bool = False,
    year: str | None = None,
    typed: bool = False,
    narrative: bool = False,
    loose: bool = False,
) -> Citation:
    line, column = paragraph.position(offset)
    return Citation(
        kind=CitationKind.TYPED if typed else CitationKind.PANDOC,
        text=text.replace("\n", " "),
        path=paragraph.path,
        paragraph=paragraph.index,
        line=line,
        column=column,
        key=key,
        names=names,
        et_al=et_al,
        narrative=narrative,
        loose=loose,
        year=year,
        offset=offset,
        end=end,
    )
