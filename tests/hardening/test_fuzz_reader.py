"""Hypothesis fuzz of the reader (and the normalizer, once it exists): arbitrary text never
raises and never loses a character. A short run by default; DOCBUILD_FUZZ_LONG=1 runs long."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bib_oracle import unaccounted
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docbuild.bib.normalize import normalize
from docbuild.bib.read import parse_bib
from docbuild.bib.write import to_bibtex
from docbuild.lint.engine import lint_problems

LONG = os.environ.get("DOCBUILD_FUZZ_LONG") == "1"
FUZZ = settings(
    max_examples=5000 if LONG else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not LONG,  # CI runs are repeatable; long runs explore
)
PATH = Path("refs.bib")

_NAME = st.text("abcdefghijklmnopqrstuvwxyz0123456789:-_", min_size=1, max_size=12)
_VALUE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"), max_size=30
)


@st.composite
def _value(draw: st.DrawFn) -> str:
    text = draw(_VALUE_TEXT)
    form = draw(st.sampled_from(["braced", "quoted", "bare", "nested", "concat"]))
    if form == "braced":
        return "{" + text + "}"
    if form == "quoted":
        return '"' + text.replace('"', "") + '"'
    if form == "bare":
        return draw(_NAME)
    if form == "nested":
        return "{" + text + " {" + draw(_VALUE_TEXT) + "} }"
    return draw(_NAME) + ' # "' + text.replace('"', "") + '"'


@st.composite
def _entry(draw: st.DrawFn) -> str:
    etype = draw(st.sampled_from(["article", "book", "online", "misc", "report", "inproceedings"]))
    fields = draw(st.lists(st.tuples(_NAME, _value()), max_size=6))
    body = ",\n".join(f"  {n} = {v}" for n, v in fields)
    return f"@{etype}{{{draw(_NAME)},\n{body}\n}}\n"


_PUNCT = st.text('@{}(),="#%\n \tabc', max_size=20)
_CHUNK = st.one_of(
    _entry(),
    _entry().map(lambda e: e[: len(e) // 2]),  # truncated
    st.builds(lambda n, v: f"@string{{{n} = {v}}}\n", _NAME, _value()),
    st.just("@comment{a comment}\n"),
    st.just("% a line comment\n"),
    _PUNCT,
    st.text(max_size=40),
)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A mostly well-formed file with a few characters deleted, doubled or inserted."""
    text = "".join(draw(st.lists(_CHUNK, min_size=1, max_size=8)))
    for _ in range(draw(st.integers(0, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        op = draw(st.sampled_from(["delete", "double", "insert"]))
        if op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "double":
            text = text[:i] + text[i] + text[i:]
        else:
            text = text[:i] + draw(st.sampled_from(list('{}@,="#\n'))) + text[i:]
    return text


@FUZZ
@given(_mutated())
def test_reader_never_raises_and_loses_nothing(text: str) -> None:
    bib = parse_bib(text, PATH)
    assert unaccounted(text, bib) == []


@FUZZ
@given(st.binary(max_size=300))
def test_reader_takes_any_bytes(data: bytes) -> None:
    bib = parse_bib(data, PATH)
    assert all(p.line >= 0 for p in bib.problems)


@FUZZ
@given(_mutated())
def test_normalize_is_idempotent_and_keeps_every_entry(text: str) -> None:
    bib = parse_bib(text, PATH)
    once, _ = normalize(bib)
    twice, changes = normalize(once)
    assert twice == once
    assert changes == ()
    assert [(e.key, e.line) for e in once.entries] == [(e.key, e.line) for e in bib.entries]


@pytest.mark.slow  # a write and two reads per example: ~25 s
@FUZZ
@given(_mutated())
def test_normalized_file_reads_back_the_same_entries(text: str) -> None:
    bib = parse_bib(text, PATH)
    assume(not bib.problems)
    once, _ = normalize(bib)
    again = parse_bib(to_bibtex(once), PATH)
    assert [d.format() for d in lint_problems(again)] == []
    assert [(e.key, [(f.name, f.value) for f in e.fields]) for e in again.entries] == [
        (e.key, [(f.name, f.value) for f in e.fields]) for e in once.entries
    ]


# Found by this fuzz and fixed in the reader since: bibtexparser 2.1.0 takes `@stringx{` for
# `@string{` (and `@commentary{`, `@preambles{` likewise), and a header without its comma that
# runs into an `@comment` or `@string` swallowed the entry after it.
@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("@stringx{a = {b}}\n", ["a"]),
        ("@Commentary{x}\n", ["x"]),
        ('@preambles{"x"}\n', []),
        ("@x{@comment{c}\n@article{k,\n title={t}}\n", ["k"]),
        ("@x{@STRING{s=0}\n@article{k,\n title={t}}\n", ["k"]),
        ("@{@STRING{0=0}@article{0,\n\n}\n", ["0"]),
    ],
)
def test_what_the_fuzz_found_stays_fixed(text: str, keys: list[str]) -> None:
    bib = parse_bib(text, PATH)
    assert unaccounted(text, bib) == []
    # Either read as an entry of that odd type, or reported where it stands.
    assert [e.key for e in bib.entries] == keys or any(d.rule == "B001" for d in lint_problems(bib))
