"""No malformed-name fix drops data (issue 13: a fix once replaced a 17-author list with one
name). Over every author and editor list of the corpus, and every list the rule's tests use:
the fixed list has at least as many names, and every letter of every name (case aside,
the word `and`, mistyped or not, and BibTeX's `#` debris aside)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from corpus import folders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docbuild.bib.model import Bibliography
from docbuild.bib.names import split_names
from docbuild.jobs.bibfile import read_bib
from docbuild.lint.rules.malformed_name import _findings

_LETTERS = re.compile(r"[^\W\d_]+")


# `and` mistyped (`adn`) or run into the next name (`andThomas`) is a separator too.
_SEPARATORS = frozenset({"and", "adn", "nad", "annd"})
_AND_JOINED = re.compile(r"\band(?=[A-Z])")


def letters(value: str) -> Counter[str]:
    words = [
        w for w in _LETTERS.findall(_AND_JOINED.sub(" ", value)) if w.lower() not in _SEPARATORS
    ]
    return Counter("".join(words).casefold())


def fixes(value: str, bibliography: Bibliography | None = None) -> list[str]:
    """The new lists the rule proposes for `value` (fixes that are advice are skipped), read
    against the people of `bibliography` where one is given."""
    out = []
    for _, fix, _ in _findings("author", value, bibliography):
        if fix is not None and fix.startswith("author = {") and fix.endswith("}"):
            out.append(fix[len("author = {") : -1])
    return out


def assert_keeps_every_name(value: str, bibliography: Bibliography | None = None) -> None:
    for new in fixes(value, bibliography):
        assert len(split_names(new)) >= len(split_names(value)), (value, new)
        assert not letters(value) - letters(new), (value, new)


@pytest.mark.slow  # reads the 24 files: 10-30 s on two shared cores
def test_no_fix_drops_a_name_in_the_real_lists() -> None:
    checked = 0
    for folder in folders():
        bibliography = read_bib(folder / "refs.bib")
        for entry in bibliography.entries:
            for name in ("author", "editor"):
                value = entry.value(name)
                if value:
                    assert_keeps_every_name(value, bibliography)
                    checked += len(fixes(value, bibliography))
    assert checked > 50  # the corpus has that many fixable lists: the check ran on them


_NAME = st.from_regex(r"[A-Z][a-z]{1,8}, (?:[A-Z]\.|[A-Z][a-z]{1,6})( [a-z]{2,3})?", fullmatch=True)
_DIRECT = st.from_regex(r"(?:[A-Z]\. ){1,2}[A-Z][a-z]{1,8}", fullmatch=True)


# Regular-expression strategies are slow to draw on a loaded machine (a run at load 6 failed
# on Hypothesis's too_slow check, 2 inputs in 2.2 s): that says nothing about the fixes.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(_NAME, _DIRECT), min_size=1, max_size=20),
    st.sampled_from([", ", "; ", " and ", " AND "]),
)
def test_no_fix_drops_a_name_in_generated_lists(names: list[str], joiner: str) -> None:
    assert_keeps_every_name(joiner.join(names))
