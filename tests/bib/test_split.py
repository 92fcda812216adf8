"""The split's shortcut gives bibtexparser's own split, block for block, on any text.

`bibtexparser.splitter.Splitter` (its walk, mark by mark) is the oracle: on each input both
must give the same blocks, keys, fields, values, lines and raw text, and the same reasons for
the blocks they give up on. The cases say which inputs the shortcut takes, so a shortcut that
took nothing (and passed trivially) would fail here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bib_strategies import bib_text, mutated_bib_text
from bibtexparser import model as bp
from bibtexparser.splitter import Splitter as Walk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docbuild.bib.read.encoding import decode
from docbuild.bib.read.split import Splitter

REALWORLD = Path(__file__).parents[1] / "realworld" / "bib"


def _blocks(text: str, splitter: type[Walk]) -> list[tuple[object, ...]]:
    """Everything bibtexparser's blocks say, failed ones included."""
    out = []
    for block in splitter(text).split().blocks:
        seen = [type(block).__name__, block.start_line, block.raw]
        for inner in (block, getattr(block, "ignore_error_block", None)):
            if isinstance(inner, bp.Entry):
                fields = [(f.key, f.value, f.start_line) for f in inner.fields]
                seen += [inner.entry_type, inner.key, fields, inner.start_line, inner.raw]
        error = getattr(block, "error", None)
        if error is not None:
            seen += [type(error).__name__, str(error), getattr(error, "end_index", None)]
        seen.append(sorted(getattr(block, "duplicate_keys", None) or ()))
        out.append(tuple(seen))
    return out


def _taken(text: str) -> int:
    splitter = Splitter(text)
    splitter.split()
    return len(splitter.shortcuts)


# (text, entries the shortcut takes): the others go bibtexparser's way.
CASES = [
    ("@article{k,\n  title = {A {B} c},\n  year = 2019,\n}\n", 1),
    ("@article{k, title = {A}, year = 2019}", 1),
    ('@article{k,\n  journal = "Nature, London",\n  month = jan\n}\n', 1),
    ("@article{k,\n  title = {\\{ and \\} are characters},\n}\n", 1),
    ("@article{k,\n  title = {Two\nlines},\n  note = {x}\n}\n", 1),
    ("@misc{k,}\n", 1),
    ("@article{k,\n  title = {A \\\nB},\n}\n", 0),  # the `\` hides a newline from the count
    ("@article{k,\n  note = {mail me @ home},\n}\n", 0),
    ("@article{k,\n  note = {x}\n@article{j,\n  title = {y}\n}\n", 1),  # j alone
    ("@article{k,\n  title = {A},\n  title = {B}\n}\n", 0),  # a duplicate field
    ('@article{k,\n  title = "A {B}"\n}\n', 0),
    ("@article{k,\n  pages = 1 # 2\n}\n", 0),
    ("@article{k,\n  % a comment\n  title = {A}\n}\n", 0),
    ("@article(k,\n  title = {A}\n)\n", 0),
    ("@article{k,\n  title = {A}{B}\n}\n", 0),
    ("@article{k,\n  title = {A\n}\n", 0),  # unclosed
    ("@article{k,\n  title = {{{{{{{deep}}}}}}}\n}\n", 0),
    ("@article{k title = {A}}\n", 0),
    ("@article{,\n  title = {A}\n}\n", 0),
    ("@article{k,\n  title {A}\n}\n", 0),
    ("@article{k,\n  title = {A}} extra\n@misc{j, note = {x}}\n", 2),
    ("@string{j = {J}}\n@article{k,\n  journal = j,\n  title = {a \\\\{b}}\n}\n", 1),
]


@pytest.mark.parametrize(("text", "taken"), CASES)
def test_case_splits_as_bibtexparser(text: str, taken: int) -> None:
    assert _blocks(text, Splitter) == _blocks(text, Walk)
    assert _taken(text) == taken


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.one_of(bib_text(), mutated_bib_text()))
def test_any_text_splits_as_bibtexparser(text: str) -> None:
    assert _blocks(text, Splitter) == _blocks(text, Walk)


@pytest.mark.parametrize("bib", sorted(REALWORLD.glob("*/*.bib")), ids=lambda p: p.parent.name)
def test_real_file_splits_as_bibtexparser(bib: Path) -> None:
    text = decode(bib.read_bytes())[0].removeprefix("\ufeff")
    assert _blocks(text, Splitter) == _blocks(text, Walk)


def test_the_shortcut_takes_most_real_entries() -> None:
    """What the shortcut is for: without it, this file's split is bibtexparser's walk."""
    text = (REALWORLD / "bibdesk-cdl-master" / "refs.bib").read_text(encoding="utf-8")
    entries = len(Splitter(text).split().entries)
    assert _taken(text) > 0.9 * entries
