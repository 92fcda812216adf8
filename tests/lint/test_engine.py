"""The engine: policy (disable, severity by id or name, style under docbuild.toml), waivers in
refs.bib and the manuscript, the baseline, ordering."""

from __future__ import annotations

import re

import pytest
from lintkit import lint_text

from docbuild.diagnostics import Severity
from docbuild.errors import ConfigError
from docbuild.lint.policy import make_policy
from docbuild.lint.registry import ALL_RULES, rule_id

BIB = """\
@article{khan2019,
  author  = {Khan, M. T. F.},
  title   = {Pakistan's Foreign Policy towards Russia: New Directions},
  journal = {Strategic Studies},
  year    = {2019},
  volume  = {39},
  number  = {3},
  pages   = {pp. 89--104},
}
"""
WAIVED_BIB = "% docbuild: ignore page-range, B005\n" + BIB


def names(result: object) -> list[str]:
    return [d.name for d in result.findings]  # type: ignore[attr-defined]


def test_rule_ids_are_unique_and_names_too() -> None:
    assert len({r.id for r in ALL_RULES}) == len(ALL_RULES)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)
    assert rule_id("b011") == "B011"
    assert rule_id("page-range") == "B011"
    assert rule_id("nonsense") is None


def test_findings_without_policy() -> None:
    assert names(lint_text(BIB)) == ["missing-doi", "page-range"]


def test_disable_and_severity_by_id_or_name() -> None:
    policy = make_policy(disable=["missing-doi"], severity=[("B011", Severity.ERROR)])
    (d,) = lint_text(BIB, policy=policy).findings
    assert (d.name, d.severity) == ("page-range", Severity.ERROR)


def test_docbuild_toml_wins_over_the_style() -> None:
    policy = make_policy(
        style_disable=["page-range"],
        style_severity=[("B005", "warning")],
        severity=[("page-range", Severity.INFO)],
    )
    result = lint_text(BIB, policy=policy)
    assert [(d.name, d.severity) for d in result.findings] == [
        ("missing-doi", Severity.WARNING),
        ("page-range", Severity.INFO),
    ]


def test_unknown_rules_in_docbuild_toml_are_errors_but_not_in_a_style() -> None:
    with pytest.raises(
        ConfigError, match=re.escape("'lint.disable' names an unknown rule 'page-ranges'")
    ):
        make_policy(disable=["page-ranges"])
    assert make_policy(style_disable=["Z999"]).disabled == frozenset()


def test_entry_waiver() -> None:
    result = lint_text(WAIVED_BIB)
    assert (names(result), result.waived) == ([], 2)


def test_paragraph_waiver_applies_to_the_next_paragraph_only() -> None:
    text = (
        "<!-- docbuild: ignore suspicious-figure -->\n"
        "The US withheld $300 in aid [@khan2019].\n\n"
        "The US withheld $300 in aid again [@khan2019].\n"
    )
    result = lint_text(BIB, text, policy=make_policy(disable=["B005", "B011"]))
    assert [(d.name, d.location.line) for d in result.findings] == [("suspicious-figure", 4)]
    assert result.waived == 1


def test_baseline_matches_rule_key_and_message_not_line() -> None:
    baseline = [("B011", "khan2019", "pages 'pp. 89--104' contains 'pp.'")]
    moved = "\n\n\n" + BIB  # the entry moved down: the baseline still holds
    result = lint_text(moved, baseline=baseline)
    assert (names(result), result.baselined) == (["missing-doi"], 1)
    assert [d.name for d in result.unfiltered] == ["missing-doi", "page-range"]


def test_a_baselined_message_quoting_a_line_survives_edits_above_it() -> None:
    dup = BIB + BIB.replace("pp. 89--104", "89--104")
    first = lint_text(dup)
    (found,) = [d for d in first.findings if d.name == "duplicate-key"]
    assert found.message == "duplicate key 'khan2019' (first defined on line 1)"
    baseline = [(found.rule, found.key, found.message)]
    moved = "% a comment added at the top\n\n" + dup
    result = lint_text(moved, baseline=baseline)
    assert "duplicate-key" not in names(result)
    assert result.baselined == 1


def test_a_new_finding_is_not_hidden_by_the_baseline() -> None:
    baseline = [("B011", "khan2019", "pages 'pp. 89--104' contains 'pp.'")]
    changed = BIB.replace("pp. 89--104", "pp. 89--105")
    assert names(lint_text(changed, baseline=baseline)) == ["missing-doi", "page-range"]


def test_findings_are_sorted_by_file_then_line() -> None:
    result = lint_text(BIB, "See [@nokey].\n")
    assert [(d.location.path.name, d.location.line, d.name) for d in result.findings] == [
        ("text.md", 1, "undefined-citation"),
        ("refs.bib", 1, "missing-doi"),
        ("refs.bib", 1, "uncited-entry"),
        ("refs.bib", 8, "page-range"),
    ]
