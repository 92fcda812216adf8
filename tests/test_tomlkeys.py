"""The line of a TOML key, for the error messages of docbuild.toml and style.toml."""

from __future__ import annotations

from pathlib import Path

from docbuild.tomlkeys import key_line, read_key_line

TEXT = """style = "gfpr"
[lint]
disable = ["missing-doi"]
fail_on = "error"

[lint.severity]
page-range = "info"

[crossref]
"rate" = 2
"""


def test_key_line_finds_tables_dotted_keys_and_quotes() -> None:
    assert key_line(TEXT, "", "style") == 1
    assert key_line(TEXT, "lint", "fail_on") == 4
    assert key_line(TEXT, "lint", "severity") == 6
    assert key_line(TEXT, "lint.severity", "page-range") == 7
    assert key_line(TEXT, "crossref", "rate") == 10
    assert key_line('lint.baseline = "b.json"\n', "lint", "baseline") == 1
    assert key_line(TEXT, "", "absent") == 0


def test_read_key_line_of_a_missing_file_is_zero(tmp_path: Path) -> None:
    assert read_key_line(tmp_path / "docbuild.toml", "", "style") == 0
