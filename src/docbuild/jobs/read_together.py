"""Whether the manuscript's files must be read together by pandoc, from their texts alone: what
one file's text does to another's (jobs/parse_apart.py's docstring lists it). Pure."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_LINK_LABEL = re.compile(r"^ {0,3}\[([^\]\^][^\]]*)\]:", re.M)
_NOTE_LABEL = re.compile(r"^ {0,3}\[\^([^\]]+)\]:", re.M)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*(?:\{[^}]*\})?[ \t]*$", re.M)
_SETEXT_HEADING = re.compile(r"^([^\n]+)\n[ \t]*(?:=+|-+)[ \t]*$", re.M)
_BRACKETED = re.compile(r"\[([^\[\]\n]{1,300})\]")
_EXAMPLE = re.compile(r"\(@[\w-]*\)")
_TEX_DEFINITION = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|def|let|DeclareMathOperator|newenvironment|"
    r"renewenvironment)\b"
)
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[ \t]*$")
_DIV_END = re.compile(r"^:{3,}[ \t]*$")
_LISTS = frozenset({"BulletList", "OrderedList", "DefinitionList"})


def _key(label: str) -> str:
    return " ".join(label.lower().split())


@dataclass(frozen=True, slots=True)
class _Facts:
    """What of one file's text can reach into another's."""

    links: frozenset[str]  # link reference labels it defines (`[ref]: url`)
    notes: frozenset[str]  # footnote labels it defines, with their `^`
    headings: frozenset[str]  # its headings' texts, as `[Heading]` names them
    brackets: frozenset[str]  # every `[...]` of it, which may name one of those
    examples: bool  # an example list's `(@)`
    tex_definitions: bool  # `\newcommand` and the like
    open_comment: bool  # more `<!--` than `-->`
    open_block: bool  # a code fence or a fenced div not closed, or more `<div` than `</div>`
    loose_start: bool  # its first line indented, or a caption or definition (`:`)


@functools.lru_cache(maxsize=512)
def _facts(text: str) -> _Facts:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return _Facts(
        links=frozenset(_key(m) for m in _LINK_LABEL.findall(text)),
        notes=frozenset("^" + _key(m) for m in _NOTE_LABEL.findall(text)),
        headings=frozenset(
            _key(h) for h in _ATX_HEADING.findall(text) + _SETEXT_HEADING.findall(text)
        ),
        brackets=frozenset(_key(m) for m in _BRACKETED.findall(text)),
        examples=bool(_EXAMPLE.search(text)),
        tex_definitions=bool(_TEX_DEFINITION.search(text)),
        open_comment=text.count("<!--") != text.count("-->"),
        open_block=_open_block(text),
        loose_start=first[:1] in (" ", "\t", ":") or first.startswith(("Table:", "table:")),
    )


_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_DIV_OPEN = re.compile(r"^:{3,}\s*\S")


def _open_block(text: str) -> bool:
    """Whether a code fence or fenced div is left open at the end of `text` (pandoc, reading
    the next file after it, would take that file into it)."""
    fence: tuple[str, int] | None = None
    divs = 0
    for line in text.splitlines():
        found = _FENCE_LINE.match(line)
        if fence is None and found:
            fence = (found[1][0], len(found[1]))
        elif fence is not None:
            if found and found[1][0] == fence[0] and len(found[1]) >= fence[1]:
                fence = None if not found[2].strip() else fence
        elif _DIV_OPEN.match(line):
            divs += 1
        elif _DIV_END.match(line) and divs:
            divs -= 1
    lowered = text.lower()
    return fence is not None or divs != 0 or lowered.count("<div") != lowered.count("</div")


def read_together(sources: Sequence[str]) -> bool:
    """Whether a file's text could change how another is read (the module docstring's list),
    from the texts alone."""
    facts = [_facts(text) for text in sources]
    owners: dict[str, int] = {}
    for i, f in enumerate(facts):
        for label in f.links | f.notes:
            if label in owners:
                return True  # defined twice
            owners[label] = i
    for i, f in enumerate(facts):
        for name in f.headings:
            owners.setdefault(name, i)  # a heading named in its own file is that file's
    for i, f in enumerate(facts):
        if any(owners.get(b, i) != i for b in f.brackets):
            return True
    if sum(f.examples for f in facts) > 1:
        return True
    if any(f.tex_definitions or f.open_block for f in facts[:-1]):
        return True
    if any(f.open_comment for f in facts):
        return True
    return any(f.loose_start for f in facts[1:])


def runs_on(text: str, blocks: list[object], following: list[object]) -> bool:
    """Whether the end of a file's parse could take in the start of the next file's."""
    last = blocks[-1] if blocks else None
    kind = last.get("t") if isinstance(last, dict) else None
    lines = [line for line in text.splitlines() if line.strip()]
    end = lines[-1] if lines else ""
    if kind == "CodeBlock" and not _FENCE.match(end) and not end.startswith(("    ", "\t")):
        return True
    if kind == "Div" and not (_DIV_END.match(end) or end.strip().lower() == "</div>"):
        return True
    head = following[0] if following else None
    return kind in _LISTS and isinstance(head, dict) and head.get("t") in _LISTS
