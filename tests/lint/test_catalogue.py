"""The rule catalogue: every rule documents itself; docs/rules.md is generated and current."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.cli import main
from docbuild.lint.catalogue import rules_markdown
from docbuild.lint.registry import ALL_RULES

RULES_MD = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


@pytest.mark.parametrize("info", ALL_RULES, ids=lambda r: r.name)
def test_every_rule_has_a_summary_a_pass_and_a_fail_example(info: object) -> None:
    assert info.summary  # type: ignore[attr-defined]
    assert info.passing and info.failing  # type: ignore[attr-defined]


def test_docs_rules_md_is_current() -> None:
    """Regenerate with: docbuild rules --markdown > docs/rules.md"""
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown()


def test_docbuild_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(ALL_RULES)
    assert out[3].split()[:3] == ["B004", "malformed-date", "error"]
