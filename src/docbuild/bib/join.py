"""Several .bib files read as one bibliography, as pandoc reads `bibliography: [a.bib, b.bib]`:
each entry and problem keeps its file, and a key in two files is a problem naming both."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from docbuild.bib.model import BibEntry, Bibliography, Block, FailedBlock
from docbuild.bib.problems import Problem, ProblemKind


def join_bibliographies(parts: Sequence[Bibliography]) -> Bibliography:
    """One Bibliography of `parts`, in order; one part is returned as it is.

    The entries and problems of every part but the first carry their file (`path`). A key
    written in an earlier file too is a DUPLICATE_KEY problem on the later entry, naming the
    earlier one's file and line: pandoc prints the later file's entry (pandoc 3.9, `--bibliography
    a.bib --bibliography b.bib`), and so does `Bibliography.by_key`."""
    if len(parts) == 1:
        return parts[0]
    blocks: list[Block] = []
    problems: list[Problem] = []
    earlier: dict[str, tuple[BibEntry, Bibliography]] = {}
    for index, part in enumerate(parts):
        mine = part.path if index else None
        here: dict[str, BibEntry] = {}
        for block in part.blocks:
            if mine is not None and isinstance(block, BibEntry | FailedBlock):
                block = dataclasses.replace(block, path=mine)
            blocks.append(block)
            if isinstance(block, BibEntry) and block.key:
                here.setdefault(block.key, block)
        problems.extend(
            dataclasses.replace(p, path=mine, other_path=p.other_path or mine) if mine else p
            for p in part.problems
        )
        for key, entry in here.items():
            seen = earlier.get(key)
            if seen is not None:
                first, where = seen
                problems.append(
                    Problem(
                        ProblemKind.DUPLICATE_KEY,
                        entry.line,
                        _key_column(entry),
                        key,
                        name=first.key,
                        other_line=first.line,
                        path=mine,
                        other_path=where.path,
                    )
                )
            earlier[key] = (entry, part)
    return Bibliography(
        parts[0].path,
        tuple(blocks),
        tuple(problems),
        files=tuple(p.path for p in parts),
    )


def _key_column(entry: BibEntry) -> int:
    """The column of the entry's key, where the reader puts a duplicate key of one file."""
    at = entry.raw.find(entry.key)
    return entry.column + at if at >= 0 and "\n" not in entry.raw[:at] else entry.column
