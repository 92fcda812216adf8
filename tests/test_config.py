"""docbuild.toml: defaults, validation messages, and how doit reports a broken file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.diagnostics import Severity
from docbuild.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "docbuild.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_folder_without_docbuild_toml_gets_every_default(tmp_path: Path) -> None:
    s = load_settings(tmp_path)
    assert (s.style, s.bibliography, s.build_dir, s.lint.fail_on) == (
        "gfpr",
        ("refs.bib",),
        "build",
        "none",
    )
    assert s.crossref.api == "https://api.crossref.org"


def test_bibliography_may_be_a_list_of_files_read_in_order(tmp_path: Path) -> None:
    s = load_settings(_write(tmp_path, 'bibliography = ["bib/online.bib", "bib/article.bib"]\n'))
    assert s.bibliography == ("bib/online.bib", "bib/article.bib")
    assert s.bib_paths == [
        tmp_path.resolve() / "bib/online.bib",
        tmp_path.resolve() / "bib/article.bib",
    ]
    assert s.bib_names() == "bib/online.bib and bib/article.bib"
    assert s.as_dict()["bibliography"] == ["bib/online.bib", "bib/article.bib"]
    # One file stays a string in doit's state: a one-file paper does not rebuild.
    assert (
        load_settings(_write(tmp_path, 'bibliography = "a.bib"\n')).as_dict()["bibliography"]
        == "a.bib"
    )


def test_settings_are_read(tmp_path: Path) -> None:
    s = load_settings(
        _write(
            tmp_path,
            (
                'style = "ieee"\nmanuscript = ["b.md", "a.md"]\n'
                '[lint]\ndisable = ["uncited-entry"]\nfail_on = "error"\n'
                '[lint.severity]\nmissing-doi = "warning"\n'
                '[crossref]\napi = "http://127.0.0.1:9/"\nmailto = "ed@example.org"\n'
            ),
        )
    )
    assert s.style == "ieee"
    assert s.manuscript == ("b.md", "a.md")
    assert s.lint.disable == ("uncited-entry",)
    assert s.lint.severity == (("missing-doi", Severity.WARNING),)
    assert s.crossref.api == "http://127.0.0.1:9"
    assert [p.name for p in s.manuscript_files()] == ["b.md", "a.md"]


def test_manuscript_globs_are_sorted_by_name(tmp_path: Path) -> None:
    (tmp_path / "manuscript").mkdir()
    for name in ("10-b.md", "00-a.md", "notes.txt"):
        (tmp_path / "manuscript" / name).write_text("x", encoding="utf-8")
    assert [p.name for p in load_settings(tmp_path).manuscript_files()] == ["00-a.md", "10-b.md"]


def test_a_folder_a_manuscript_glob_matches_is_not_a_manuscript_file(tmp_path: Path) -> None:
    (tmp_path / "manuscript" / "figures.md").mkdir(parents=True)
    (tmp_path / "manuscript" / "01-intro.md").write_text("x", encoding="utf-8")
    assert [p.name for p in load_settings(tmp_path).manuscript_files()] == ["01-intro.md"]


def test_a_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(_write(tmp_path, 'csl = "apa"\nstyle = "gfpr\n'))
    assert err.value.location is not None and err.value.location.line == 2
    assert str(err.value).startswith(f"{tmp_path / 'docbuild.toml'}:2: error: cannot read")


def test_an_unknown_setting_suggests_the_closest(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(_write(tmp_path, 'styel = "gfpr"\n'))
    assert err.value.message == "unknown setting 'styel' in docbuild.toml"
    assert err.value.hint is not None and err.value.hint.startswith("did you mean 'style'?")


def test_a_bad_fail_on_lists_the_choices(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(_write(tmp_path, '[lint]\nfail_on = "errors"\n'))
    assert err.value.message == "'lint.fail_on' is 'errors'"
    assert err.value.hint == "did you mean 'error'? use one of 'none', 'error', 'warning'"
    assert err.value.location is not None and err.value.location.line == 2


def test_a_bad_severity_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(_write(tmp_path, '[lint.severity]\nB005 = "fatal"\n'))
    assert err.value.message == "'lint.severity.B005' is 'fatal'"


def test_doit_prints_a_broken_docbuild_toml_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "dodo.py").write_text((ROOT / "dodo.py").read_text(encoding="utf-8"))
    _write(tmp_path, 'style = "gfpr\n')
    done = subprocess.run(
        [sys.executable, "-m", "doit", "list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "docbuild.toml:1: error: cannot read docbuild.toml" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "line", "message", "hint"),
    [
        (
            'style = "gfpr"\nbuild_dir = 3\n',
            2,
            "'build_dir' must be text in quotes, not 3",
            'for example: build_dir = "build"',
        ),
        (
            'style = ["gfpr"]\n',
            1,
            "'style' must be text in quotes, not [\"gfpr\"]",
            'for example: style = "gfpr"',
        ),
        (
            'bibliography = ""\n',
            1,
            "'bibliography' is empty",
            'for example: bibliography = "refs.bib"',
        ),
        (
            'style = "gfpr"\nbibliography = []\n',
            2,
            "'bibliography' must be a file or a list of files, not []",
            'for example: bibliography = ["refs.bib", "software.bib"]',
        ),
        (
            'bibliography = ["a.bib", 2]\n',
            1,
            "'bibliography' must be a file or a list of files, not [\"a.bib\", 2]",
            'for example: bibliography = ["refs.bib", "software.bib"]',
        ),
        (
            'bibliography = ["a.bib", "b.bib", "a.bib"]\n',
            1,
            "'bibliography' names 'a.bib' twice",
            "name each file once; pandoc would read its entries twice",
        ),
        (
            '# polite\n[crossref]\nmailto = "ed@example.org"\nrate = "fast"\n',
            4,
            "'crossref.rate' must be a number above 0, not \"fast\"",
            "for example: rate = 5.0",
        ),
        (
            '[crossref]\napi = "api.crossref.org"\n',
            2,
            "'crossref.api' is 'api.crossref.org', not an http or https address",
            'for example: api = "https://api.crossref.org"',
        ),
        (
            '[crossref]\napi = "file:///etc"\n',
            2,
            "'crossref.api' is 'file:///etc', not an http or https address",
            'for example: api = "https://api.crossref.org"',
        ),
        (
            "[crossref]\ntimeout = 0\n",
            2,
            "'crossref.timeout' must be a number above 0, not 0",
            "for example: timeout = 10.0",
        ),
        (
            '[lint]\ndisable = "B005"\n',
            2,
            "'lint.disable' must be a list of rule ids or names",
            'for example: disable = ["B005", "page-range"]',
        ),
        (
            "\n\n[lint]\nbaseline = 1\n",
            4,
            "'lint.baseline' must be text in quotes, not 1",
            'for example: baseline = "lint-baseline.json"',
        ),
        (
            "lint = 3\n",
            1,
            "'lint' must be a table, not 3",
            "write it as a [lint] section; see docs/configuration.md",
        ),
        (
            '[lint.severity]\n"B005" = "warn"\n',
            2,
            "'lint.severity.B005' is 'warn'",
            "did you mean 'warning'? use 'error', 'warning' or 'info'",
        ),
        (
            'style = "gfpr"\n\n[lint]\nfail-on = "error"\n',
            4,
            "unknown setting 'lint.fail-on' in docbuild.toml",
            "did you mean 'lint.fail_on'? known settings: lint.baseline, lint.disable, "
            "lint.fail_on, lint.severity",
        ),
    ],
)
def test_a_value_of_the_wrong_kind_names_its_line(
    tmp_path: Path, text: str, line: int, message: str, hint: str
) -> None:
    """A number where a folder name belongs was once used as one; a word where a number belongs
    was a traceback."""
    with pytest.raises(ConfigError) as err:
        load_settings(_write(tmp_path, text))
    assert err.value.message == message
    assert err.value.hint == hint
    assert err.value.location is not None and err.value.location.line == line


def test_docbuild_s_version_is_part_of_what_doit_compares(tmp_path: Path) -> None:
    from docbuild import __version__

    assert load_settings(tmp_path).as_dict()["docbuild"] == __version__


def test_doit_says_why_when_build_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "dodo.py").write_text((ROOT / "dodo.py").read_text(encoding="utf-8"))
    (tmp_path / "build").write_text("not a folder", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "doit", "build"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "error: cannot keep doit's state in build/: File exists" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "build").read_text(encoding="utf-8") == "not a folder"
