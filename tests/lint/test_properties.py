"""Hypothesis: the linter never raises, whatever the entries and the manuscript hold."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docbuild.bib.model import BibEntry, BibField, Bibliography, ValueKind
from docbuild.bib.read import parse_bib
from docbuild.jobs.parse import ParsedManuscript, parse_text
from docbuild.lint.engine import lint_all

FIELD_NAMES = [
    "author",
    "editor",
    "title",
    "subtitle",
    "journal",
    "journaltitle",
    "booktitle",
    "publisher",
    "institution",
    "school",
    "organization",
    "howpublished",
    "year",
    "date",
    "month",
    "volume",
    "number",
    "pages",
    "doi",
    "url",
    "eprint",
    "archiveprefix",
    "eprinttype",
    "entrysubtype",
    "note",
]
TYPES = [
    "article",
    "book",
    "inbook",
    "incollection",
    "inproceedings",
    "conference",
    "report",
    "techreport",
    "thesis",
    "phdthesis",
    "mastersthesis",
    "online",
    "misc",
    "unpublished",
    "whatever",
]
# Text that hits the rules' regexes often: digits, dashes, braces, quotes, capitals, slashes.
ALPHABET = st.sampled_from(
    [*list("aAbBkKzZ019 ,.;:-–—'’\"“”(){}[]/\\@#$€%&?~_\n\t"), "and", "et al.", "doi:", "http://"]
)
text = st.lists(ALPHABET, max_size=40).map("".join)
fields = st.lists(
    st.builds(
        BibField,
        name=st.sampled_from(FIELD_NAMES),
        value=text,
        line=st.integers(1, 500),
        column=st.integers(1, 40),
        raw=text,
        kind=st.sampled_from(list(ValueKind)),
    ),
    max_size=12,
)
entries = st.lists(
    st.builds(
        BibEntry,
        entry_type=st.sampled_from(TYPES),
        key=st.text(min_size=0, max_size=12),
        fields=fields.map(tuple),
        line=st.integers(1, 500),
        ignored_rules=st.frozensets(st.sampled_from(["page-range", "B005", "all", "x"])),
    ),
    max_size=6,
)


@pytest.mark.slow  # 100 examples, each a whole lint run: ~35 s
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=entries, manuscript=text)
def test_the_linter_never_raises(entries: list[BibEntry], manuscript: str) -> None:
    bibliography = Bibliography(Path("/p/refs.bib"), tuple(entries))
    md = parse_text(manuscript, Path("/p/manuscript/a.md")).manuscript()
    result = lint_all(bibliography, md)
    for d in result.findings:
        assert d.location.line >= 0
        assert d.message


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.lists(ALPHABET | st.sampled_from(["@article{", "@misc{k,", "}", " = "]), max_size=60)
)
def test_the_linter_never_raises_on_any_bib_text(source: list[str]) -> None:
    lint_all(parse_bib("".join(source), Path("/p/refs.bib")))


def test_pathological_text_stays_linear() -> None:
    """Stray brackets, endless name lists and unclosed comments once cost seconds each
    (regexes rescanning the rest of a paragraph from every position)."""
    n = 8000
    texts = [
        "(" + "a1 " * n,
        "Khan, " * n + "(2019",
        "van " * n + "(2019)",
        "<!--" * n,
        "<!-- docbuild: ignore " * n,
    ]
    values = ["Mc" * n, " " * n + "x", "1" * n + "-1"]
    # pandoc's parse is not ours to time, and thousands of unclosed `<!--` take pandoc
    # minutes (its time limit stops the build): those two get pandoc's empty document.
    parsed = [parse_text(text, Path("a.md")) for text in texts[:3]]
    parsed += [
        ParsedManuscript(((Path("a.md"), text),), {"blocks": [], "meta": {}}) for text in texts[3:]
    ]
    # A regex that rescans the paragraph from every position makes these hours of work; the
    # alarm catches that hang. How fast linting is lives in bench/bench_lint.py.
    with _alarm(120):
        for p in parsed:
            lint_all(Bibliography(Path("/p/refs.bib"), ()), p.manuscript())
        for value in values:
            fields = tuple(BibField(name, value, 2) for name in ("title", "author", "pages"))
            lint_all(Bibliography(Path("/p/refs.bib"), (BibEntry("article", "k", fields, 1),)))


@contextlib.contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def hang(signum: int, frame: object) -> None:
        raise AssertionError(f"linting did not finish in {seconds} s: a runaway regex")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
