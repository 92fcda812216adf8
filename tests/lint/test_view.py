"""The text report's view: counts per rule first, fixes shared by many findings said once,
and the selection of `--rule`, `--severity`, `--key` and `--uncited`."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.errors import InputError
from docbuild.jobs.lint_print import make_selection
from docbuild.lint import view

ROOT = Path("/paper")
LOOK_UP = "look the DOI up (doit verify-refs, or the publisher's page) and add doi = {10.…}"


def doi(key: str, line: int, severity: Severity = Severity.WARNING, **kw: object) -> Diagnostic:
    return Diagnostic(
        Location(ROOT / "refs.bib", line, 1),
        "B005",
        "missing-doi",
        severity,
        "article has no doi",
        key=key,
        fix=LOOK_UP,
        **kw,  # type: ignore[arg-type]
    )


def pages(key: str, line: int) -> Diagnostic:
    return Diagnostic(
        Location(ROOT / "refs.bib", line, 3),
        "B011",
        "page-range",
        Severity.WARNING,
        "page range '145-161' uses a hyphen",
        key=key,
        fix="pages = {145--161}",
    )


FINDINGS = [
    doi("a", 1, Severity.ERROR),
    pages("a", 4),
    doi("b", 10),
    pages("b", 14),
    doi("c", 20),
    pages("c", 24),
    doi("d", 30, cited=False),
]


def test_counts_per_rule_then_findings_then_a_shared_fix_once() -> None:
    shown = view.select(FINDINGS, view.Selection())
    assert view.format_report(shown, ROOT) == (
        "findings by rule:\n"
        "  B005 missing-doi  1 error, 2 warnings\n"
        "  B011 page-range   3 warnings\n"
        "\n"
        "refs.bib\n"
        "refs.bib:1:1: error B005 missing-doi [a] article has no doi\n"
        "refs.bib:4:3: warning B011 page-range [a] page range '145-161' uses a hyphen\n"
        "    fix: pages = {145--161}\n"
        "refs.bib:10:1: warning B005 missing-doi [b] article has no doi\n"
        "refs.bib:14:3: warning B011 page-range [b] page range '145-161' uses a hyphen\n"
        "    fix: pages = {145--161}\n"
        "refs.bib:20:1: warning B005 missing-doi [c] article has no doi\n"
        "refs.bib:24:3: warning B011 page-range [c] page range '145-161' uses a hyphen\n"
        "    fix: pages = {145--161}\n"
        "\n"
        "fixes shared by several findings (not repeated under each):\n"
        f"  3 entries (B005 missing-doi): {LOOK_UP}\n"
    )


def test_a_fix_two_findings_share_stays_under_each() -> None:
    text = view.format_report(FINDINGS[:4], ROOT)
    assert text.count(f"    fix: {LOOK_UP}\n") == 2
    assert "fixes shared" not in text


def test_uncited_findings_are_shown_only_when_asked() -> None:
    assert [d.key for d in view.select(FINDINGS, view.Selection()) if d.rule == "B005"] == [
        "a",
        "b",
        "c",
    ]
    every = view.select(FINDINGS, view.Selection(uncited=True))
    assert [d.key for d in every if d.rule == "B005"] == ["a", "b", "c", "d"]


def test_rule_severity_and_key_select_and_take_lists() -> None:
    chosen = make_selection(["page-range"], [], ["a,b", "c"])
    assert [(d.rule, d.key) for d in view.select(FINDINGS, chosen)] == [
        ("B011", "a"),
        ("B011", "b"),
        ("B011", "c"),
    ]
    chosen = make_selection(["b005", "B011"], ["error"], [])
    assert [(d.rule, d.key) for d in view.select(FINDINGS, chosen)] == [("B005", "a")]
    assert make_selection(["R004"]).rules == {"R004"}  # the render steps' rules too


def test_an_unknown_rule_names_the_valid_ones() -> None:
    with pytest.raises(InputError) as err:
        make_selection(["page-rnge,B011", "X9"])
    assert err.value.message == "unknown rules 'page-rnge', 'X9'"
    hint = err.value.hint or ""
    assert hint.startswith("--rule takes a rule's id or name: B001 parse-error, B002 duplicate-key")
    assert "B011 page-range" in hint and "R005 weasyprint-warning" in hint


def test_an_unknown_severity_is_an_error() -> None:
    with pytest.raises(InputError) as err:
        make_selection([], ["fatal"])
    assert (err.value.message, err.value.hint) == (
        "unknown severity 'fatal'",
        "--severity takes error, warning, info",
    )
