"""No false alarms: correct, complete entries with DOIs lint without a single finding."""

from __future__ import annotations

from pathlib import Path

from lintkit import lint_text

from docbuild.diagnostics import Severity

FIXTURES = Path(__file__).parent / "fixtures"

CLEAN_TEXT = """\
# Introduction

Deep networks [@lecun2015; @he2016] and attention [@vaswani2017] changed the field, and
array programming [@harris2020] made it practical. @shannon1948 measured information;
@watson1953 read the double helix; @knuth1984 wrote programs as essays, and @wickham2016
drew graphs with a grammar. On Pakistan and Russia, see @khan2019, @khalid2021 and
@javed2022; the sample article is @ishfaq2023. The 2022 visit cost less than $4.5 billion
in trade, €300,000 in grants and, by 2030, perhaps 80,000 lives.
"""


def test_a_clean_bibliography_has_no_findings() -> None:
    result = lint_text((FIXTURES / "clean_refs.bib").read_text(encoding="utf-8"))
    assert [d.format() for d in result.findings] == []


def test_a_clean_paper_has_no_errors_and_no_warnings() -> None:
    result = lint_text((FIXTURES / "clean_refs.bib").read_text(encoding="utf-8"), CLEAN_TEXT)
    assert [d.format() for d in result.findings if d.severity is not Severity.INFO] == []
