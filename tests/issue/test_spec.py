"""ISSUE.toml: what it holds and the messages for its mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.errors import ConfigError
from docbuild.issue.spec import issue_meta_edit, read_issue
from docbuild.issue.toc import toc_html

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


def test_the_issue_line_prints_the_date_as_the_papers_do(tmp_path: Path) -> None:
    """The contents said `(2026-12)` above papers whose mastheads say `(December 2026)`."""
    path = tmp_path / "ISSUE.toml"
    for date, printed in (
        ("2026-12", "December 2026"),
        ("2026", "2026"),
        ("2026-12-07", "December 2026"),
    ):
        path.write_text(GOOD.replace("Summer 2023", date), encoding="utf-8")
        assert read_issue(path).label == f"Vol. VI, No. III ({printed})"


def test_the_journal_title_goes_on_every_paper(tmp_path: Path) -> None:
    """A paper without `journal.title` (every JOSS and Quarto paper of the corpus) gets the
    issue's; one with another title gets the issue's too, and keeps its other journal keys."""
    path = tmp_path / "ISSUE.toml"
    path.write_text('journal = "Journal of Examples"\n' + GOOD, encoding="utf-8")
    spec = read_issue(path)
    assert spec.journal == "Journal of Examples"
    edit = issue_meta_edit(spec, 11, None)
    bare: dict[str, object] = {}
    edit(bare)
    assert bare["journal"] == {
        "t": "MetaMap",
        "c": {"title": {"t": "MetaString", "c": "Journal of Examples"}},
    }
    own = {
        "journal": {
            "t": "MetaMap",
            "c": {
                "title": {"t": "MetaString", "c": "JOSS"},
                "pissn": {"t": "MetaString", "c": "2475-9066"},
            },
        }
    }
    edit(own)
    fields = own["journal"]["c"]  # type: ignore[index]
    assert fields["title"]["c"] == "Journal of Examples" and fields["pissn"]["c"] == "2475-9066"
    path.write_text(GOOD, encoding="utf-8")
    untouched = {"journal": {"t": "MetaMap", "c": {"title": {"t": "MetaString", "c": "JOSS"}}}}
    issue_meta_edit(read_issue(path), 11, None)(untouched)
    assert untouched["journal"]["c"]["title"]["c"] == "JOSS"  # type: ignore[index]


def test_contents_without_a_journal_title_print_none() -> None:
    """Before, the ISSUE.toml folder's name was printed as the journal's ('iss')."""
    page = toc_html(
        journal="", issue_line="Vol. 7, No. 2 (December 2026)", entries=[], typography=""
    )
    assert 'class="journal"' not in page
    assert "<title>Vol. 7, No. 2 (December 2026): Contents</title>" in page
    named = toc_html(journal="J. Ex.", issue_line="Vol. 7", entries=[], typography="")
    assert '<p class="journal">J. Ex.</p>' in named and "<title>J. Ex., Vol. 7: Contents" in named
