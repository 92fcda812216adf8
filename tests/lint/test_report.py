"""Report formats: the JSON contract v1, text (grouped; colour only when asked), the summary,
GitHub annotations and SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path

from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.lint import report
from docbuild.lint.registry import ALL_RULES

ROOT = Path("/paper")
FINDINGS = (
    Diagnostic(
        Location(ROOT / "manuscript" / "02-us.md", 12, 40),
        "M003",
        "unmatched-citation",
        Severity.ERROR,
        "citation '(Ahmed, 2020)' matches no entry in refs.bib",
    ),
    Diagnostic(
        Location(ROOT / "refs.bib", 73, 3),
        "B004",
        "malformed-date",
        Severity.ERROR,
        "date '2022, 2 23' is not a valid date",
        key="javed2022",
        fix="date = {2022-02-23}",
        cited=True,
    ),
    Diagnostic(
        Location(ROOT / "refs.bib", 80, None),
        "B005",
        "missing-doi",
        Severity.INFO,
        "book has no doi",
        key="b2016",
        cited=False,  # the manuscript does not cite it: it does not count toward the gate
    ),
)


def test_json_contract_v1() -> None:
    assert report.to_json(FINDINGS, ROOT) == {
        "version": 1,
        "summary": {"error": 2, "warning": 0, "info": 1},
        "gate": {"error": 2, "warning": 0, "info": 0},
        "uncited": {"findings": 1, "entries": 1},
        "findings": [
            {
                "rule": "M003",
                "name": "unmatched-citation",
                "severity": "error",
                "file": "manuscript/02-us.md",
                "line": 12,
                "column": 40,
                "key": None,
                "message": "citation '(Ahmed, 2020)' matches no entry in refs.bib",
                "fix": None,
                "cited": None,
            },
            {
                "rule": "B004",
                "name": "malformed-date",
                "severity": "error",
                "file": "refs.bib",
                "line": 73,
                "column": 3,
                "key": "javed2022",
                "message": "date '2022, 2 23' is not a valid date",
                "fix": "date = {2022-02-23}",
                "cited": True,
            },
            {
                "rule": "B005",
                "name": "missing-doi",
                "severity": "info",
                "file": "refs.bib",
                "line": 80,
                "column": None,
                "key": "b2016",
                "message": "book has no doi",
                "fix": None,
                "cited": False,
            },
        ],
    }


def test_json_round_trip() -> None:
    document = json.loads(report.dumps(report.to_json(FINDINGS, ROOT)))
    assert report.from_json(document, ROOT) == FINDINGS


def test_text_is_grouped_by_file_with_fix_lines() -> None:
    assert report.format_text(FINDINGS, ROOT) == (
        "manuscript/02-us.md\n"
        "manuscript/02-us.md:12:40: error M003 unmatched-citation "
        "citation '(Ahmed, 2020)' matches no entry in refs.bib\n"
        "\n"
        "refs.bib\n"
        "refs.bib:73:3: error B004 malformed-date [javed2022] "
        "date '2022, 2 23' is not a valid date\n"
        "    fix: date = {2022-02-23}\n"
        "refs.bib:80: info B005 missing-doi [b2016] book has no doi\n"
    )


def test_colour_only_when_asked() -> None:
    plain = report.format_text(FINDINGS, ROOT)
    coloured = report.format_text(FINDINGS, ROOT, colour=True)
    assert "\033[" not in plain
    assert "\033[31merror\033[0m" in coloured


def test_summary() -> None:
    assert report.format_summary(FINDINGS, waived=2, baselined=1, files=3) == (
        "lint-refs: 2 errors, 0 warnings, 0 info in 3 files (2 waived, 1 in the baseline)"
    )  # the info is on an uncited entry: it has a line of its own
    assert report.format_uncited(FINDINGS) == "1 finding on 1 uncited entry; --uncited lists them"
    assert report.format_uncited(FINDINGS[:2]) is None
    assert report.format_summary(()) == "lint-refs: 0 errors, 0 warnings, 0 info"


def test_github_annotations() -> None:
    assert report.format_github(FINDINGS[1:], ROOT).splitlines() == [
        "::error file=refs.bib,line=73,col=3,title=B004 malformed-date::[javed2022] "
        "date '2022, 2 23' is not a valid date%0Afix: date = {2022-02-23}",
        "::notice file=refs.bib,line=80,title=B005 missing-doi::[b2016] book has no doi",
    ]


def test_sarif_2_1_0_has_rules_with_help_and_results() -> None:
    sarif = report.to_sarif(FINDINGS, ROOT, ALL_RULES, "0.1.0")
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]  # type: ignore[misc]
    driver = run["tool"]["driver"]
    assert driver["name"] == "docbuild"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {r.id for r in ALL_RULES}
    b004 = rules["B004"]
    assert b004["name"] == "malformed-date"
    assert b004["defaultConfiguration"] == {"level": "error"}
    assert "FAIL: @article{javed2022, date = {2022, 2 23}}" in b004["help"]["text"]
    assert b004["shortDescription"]["text"] == "a year, date or month that is not one"
    result = run["results"][1]
    assert result == {
        "ruleId": "B004",
        "level": "error",
        "message": {"text": "[javed2022] date '2022, 2 23' is not a valid date"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "refs.bib", "uriBaseId": "PAPER"},
                    "region": {"startLine": 73, "startColumn": 3},
                }
            }
        ],
        "partialFingerprints": {
            "docbuildFinding/v1": "B004|javed2022|date '2022, 2 23' is not a valid date"
        },
        "ruleIndex": [r.id for r in ALL_RULES].index("B004"),
        "properties": {"fix": "date = {2022-02-23}", "cited": True},
    }
    assert run["results"][2]["level"] == "note"


def test_the_documented_example_follows_the_contract() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "lint.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    produced = report.to_json(FINDINGS[1:2], ROOT)
    assert set(example) == set(produced)
    assert set(example["summary"]) == set(produced["summary"])  # type: ignore[arg-type]
    assert set(example["findings"][0]) == set(produced["findings"][0])  # type: ignore[index]
