"""Every kind of reader problem has exactly one rule, which words it."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.bib.model import Bibliography
from docbuild.bib.problems import NOT_TEXT, UNREADABLE, Malformed, Problem, ProblemKind
from docbuild.lint.engine import lint_problems
from docbuild.lint.policy import make_policy
from docbuild.lint.registry import ALL_RULES

PATH = Path("refs.bib")


@pytest.mark.parametrize("kind", list(ProblemKind))
def test_each_kind_has_one_rule_that_words_it(kind: ProblemKind) -> None:
    owners = [r.name for r in ALL_RULES if kind in r.problems]
    assert len(owners) == 1, owners
    problem = Problem(
        kind, 3, 5, "k", field="f", name="n", text="x", other_line=1, malformed=Malformed.EMPTY
    )
    (d,) = lint_problems(Bibliography(PATH, (), (problem,)))
    assert (d.name, d.location.line, d.location.column, d.key) == (owners[0], 3, 5, "k")
    assert d.message and "{p." not in d.message  # every template filled in


def test_parse_and_encoding_kinds_are_the_ones_that_stop_a_rewrite() -> None:
    by_rule = {r.name: r.problems for r in ALL_RULES if r.problems}
    assert by_rule["parse-error"] == UNREADABLE
    # Letters an export lost to `??` are the text as written: a rewrite keeps them.
    assert by_rule["encoding-error"] == NOT_TEXT | {ProblemKind.LOST_CHARACTERS}


@pytest.mark.parametrize("malformed", list(Malformed))
def test_every_malformed_value_is_worded(malformed: Malformed) -> None:
    value = Problem(ProblemKind.MALFORMED_VALUE, 1, 1, "k", field="title", malformed=malformed)
    preamble = Problem(ProblemKind.MALFORMED_PREAMBLE, 2, 1, malformed=malformed, text="=")
    messages = [d.message for d in lint_problems(Bibliography(PATH, (), (value, preamble)))]
    assert len(messages) == 2 and all(messages)
    assert "title" in messages[0] and messages[1].startswith("malformed '@preamble': ")


def test_a_disabled_rule_drops_its_problems() -> None:
    problem = Problem(ProblemKind.UNDEFINED_MACRO, 3, 3, "k", field="journal", name="sas")
    bib = Bibliography(PATH, (), (problem,))
    assert [d.rule for d in lint_problems(bib)] == ["B016"]
    assert lint_problems(bib, make_policy(disable=["undefined-macro"])) == ()
