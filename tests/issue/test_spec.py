"""ISSUE.toml: what it holds and the messages for its mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.errors import ConfigError
from docbuild.issue.spec import read_issue

GOOD = 'volume = "VI"\nissue = "III"\ndate = "Summer 2023"\nfirst_page = 11\npapers = ["a", "b"]\n'


def error(tmp_path: Path, text: str) -> ConfigError:
    path = tmp_path / "ISSUE.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_issue(path)
    return info.value


def test_an_issue_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ISSUE.toml"
    path.write_text(GOOD + '\n[depositor]\nname = "Desk"\n', encoding="utf-8")
    spec = read_issue(path)
    assert (spec.volume, spec.issue, spec.date, spec.first_page) == ("VI", "III", "Summer 2023", 11)
    assert spec.papers == (tmp_path / "a", tmp_path / "b")
    assert spec.build_dir == tmp_path / "build"
    assert spec.depositor_name == "Desk" and spec.label == "Vol. VI, No. III (Summer 2023)"


def test_an_unknown_key_names_its_line(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD + "frist_page = 3\n")
    assert exc.message == "unknown setting 'frist_page' in ISSUE.toml"
    assert exc.location is not None and exc.location.line == 6
    assert exc.hint is not None and "did you mean 'first_page'?" in exc.hint


def test_first_page_must_be_a_whole_number(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("first_page = 11", "first_page = 0"))
    assert exc.message == "'first_page' must be a whole number from 1, not 0"
    assert exc.location is not None and exc.location.line == 4


def test_a_paper_listed_twice(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace('["a", "b"]', '["a", "b", "a"]'))
    assert exc.message == "paper 'a' is listed twice in 'papers'"


def test_the_date_is_checked(tmp_path: Path) -> None:
    exc = error(tmp_path, GOOD.replace("Summer 2023", "Midsummer 2023"))
    assert exc.message == "'date' is 'Midsummer 2023', which is not a date"
    assert exc.location is not None and exc.location.line == 3
