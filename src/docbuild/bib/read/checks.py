"""Checks over all entries once read: empty keys, keys with spaces, duplicate keys and fields."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docbuild.bib.model import BibEntry, BibField
from docbuild.bib.problems import Problem, ProblemKind

# pandoc's citation key: a letter, digit or `_`, then those and single inner punctuation.
_PANDOC_KEY = re.compile(r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*")


# `J??gou`: an export that could not encode é wrote question marks inside the word.
_LOST = re.compile(r"[^\W\d_]*[^\W\d_]\?+[^\W\d_][^\W\d_?]*(?:\?+[^\W\d_]+)*")
_PRINTED_NAMES = ("author", "editor", "title")


def _lost_characters(entry: BibEntry) -> list[Problem]:
    out = []
    for name in _PRINTED_NAMES:
        f = entry.get(name)
        m = _LOST.search(f.value) if f is not None and "??" in f.value else None
        if f is not None and m is not None:
            out.append(
                Problem(
                    ProblemKind.LOST_CHARACTERS,
                    f.line,
                    f.column,
                    entry.key,
                    field=name,
                    text=m.group(),
                )
            )
    return out


def key_and_field_problems(entries: Sequence[tuple[BibEntry, int]]) -> list[Problem]:
    """Problems of (entry, column of its key) pairs in file order."""
    out: list[Problem] = []
    seen: dict[str, BibEntry] = {}
    for entry, column in entries:
        if not entry.key:
            out.append(Problem(ProblemKind.EMPTY_KEY, entry.line, column))
        elif len(entry.key.split()) != 1 or entry.key.strip() != entry.key:
            out.append(Problem(ProblemKind.KEY_WITH_SPACE, entry.line, column, entry.key))
        elif (m := _PANDOC_KEY.match(entry.key)) is None or m.end() != len(entry.key):
            read = m.group() if m else ""
            out.append(
                Problem(ProblemKind.KEY_NOT_CITABLE, entry.line, column, entry.key, text=read)
            )
        first = seen.setdefault(entry.key.lower(), entry)
        if first is not entry and entry.key:
            out.append(
                Problem(
                    ProblemKind.DUPLICATE_KEY,
                    entry.line,
                    column,
                    entry.key,
                    name=first.key,
                    other_line=first.line,
                )
            )
        out.extend(_lost_characters(entry))
        if not entry.has_duplicate_fields():
            continue
        names: dict[str, BibField] = {}
        for f in entry.fields:
            earlier = names.setdefault(f.name.lower(), f)
            if earlier is not f:
                out.append(
                    Problem(
                        ProblemKind.DUPLICATE_FIELD,
                        f.line,
                        f.column,
                        entry.key,
                        field=f.name,
                        other_line=earlier.line,
                    )
                )
    return out
