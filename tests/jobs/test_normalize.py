"""`doit normalize-refs`, run for real with doit in a temporary paper folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DODO = Path(__file__).parents[2] / "dodo.py"
DOIT = [sys.executable, "-m", "doit"]

REFS = """% my references

@article{khan2019,
  author  = {Uroosa Khan},
  title   = {The {SCO} and Pakistan},
  journal = {Strategic Studies},
  year    = {2019},
  pages   = {89-104},
}

@article{khan2019,
  title = {Again},
}
"""


def doit(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DOIT, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    (tmp_path / "dodo.py").write_text(DODO.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(REFS, encoding="utf-8")
    return tmp_path


def test_normalize_refs_writes_targets_and_prints_diff(paper: Path) -> None:
    result = doit(paper, "normalize-refs")
    assert result.returncode == 0, result.stderr
    assert (
        "refs.bib:11:10: error B002 duplicate-key [khan2019] duplicate key 'khan2019' "
        "(first defined on line 3)\n"
    ) in result.stdout
    assert (
        "--- refs.bib\n"
        "+++ refs.bib (normalized)\n"
        "@@ -1,11 +1,11 @@\n"
        " % my references\n"
        " \n"
        " @article{khan2019,\n"
        "-  author  = {Uroosa Khan},\n"
        "+  author  = {Khan, Uroosa},\n"
        "   title   = {The {SCO} and Pakistan},\n"
        "   journal = {Strategic Studies},\n"
        "   year    = {2019},\n"
        "-  pages   = {89-104},\n"
        "+  pages   = {89--104},\n"
        " }\n"
        " \n"
        " @article{khan2019,\n"
        "2 changes in refs.bib\n"
    ) in result.stdout
    normalized = (paper / "build" / "refs.normalized.bib").read_text(encoding="utf-8")
    assert "pages   = {89--104}," in normalized
    assert "@article{khan2019,\n  title = {Again},\n}" in normalized
    items = json.loads((paper / "build" / "refs.json").read_text(encoding="utf-8"))
    assert items == [
        {
            "author": [{"family": "Khan", "given": "Uroosa"}],
            "container-title": "Strategic Studies",
            "id": "khan2019",
            "issued": {"date-parts": [[2019]]},
            "page": "89–104",
            "title": 'The <span class="nocase">SCO</span> and Pakistan',
            "type": "article-journal",
        }
    ]
    assert (paper / "refs.bib").read_text(encoding="utf-8") == REFS
    assert not (paper / "refs.bib.bak").exists()


def test_in_place_rewrites_refs_bib_and_keeps_a_backup(paper: Path) -> None:
    assert doit(paper, "normalize-refs").returncode == 0
    result = doit(paper, "normalize-refs", "--in-place")
    assert result.returncode == 0, result.stderr
    assert "rewrote refs.bib (the previous version is in refs.bib.bak)" in result.stdout
    assert (paper / "refs.bib.bak").read_text(encoding="utf-8") == REFS
    assert (paper / "refs.bib").read_text(encoding="utf-8") == (
        paper / "build" / "refs.normalized.bib"
    ).read_text(encoding="utf-8")
    again = doit(paper, "normalize-refs", "--in-place")
    assert "0 changes in refs.bib\nrefs.bib is already normalized; not rewritten" in again.stdout


def test_in_place_writes_through_a_linked_refs_bib(
    paper: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A refs.bib linked to a shared file was once replaced by a copy, cutting the link; the
    file lies outside the paper, so only a folder in DOCBUILD_TRUSTED may hold it."""
    shared = tmp_path_factory.mktemp("library") / "library.bib"
    shared.write_text(REFS, encoding="utf-8")
    (paper / "refs.bib").unlink()
    (paper / "refs.bib").symlink_to(shared)
    refused = doit(paper, "normalize-refs", "--in-place")
    assert refused.returncode == 1
    assert (
        f"error: bibliography 'refs.bib' (a link to '{shared.resolve()}') is outside the "
        "paper folder" in refused.stderr
    )
    assert shared.read_text(encoding="utf-8") == REFS
    # The one who runs the build can trust the shared library's folder; a paper cannot.
    result = doit(
        paper, "normalize-refs", "--in-place", env={"DOCBUILD_TRUSTED": str(shared.parent)}
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"rewrote refs.bib, a link to {shared.resolve()} (the previous version is in refs.bib.bak)"
        in result.stdout
    )
    assert (paper / "refs.bib").is_symlink()
    assert shared.read_text(encoding="utf-8") == (
        paper / "build" / "refs.normalized.bib"
    ).read_text(encoding="utf-8")
    assert (paper / "refs.bib.bak").read_text(encoding="utf-8") == REFS


def test_in_place_refuses_while_parse_errors_remain(paper: Path) -> None:
    broken = REFS.replace("{Strategic Studies},", "{Strategic Studies}")
    (paper / "refs.bib").write_text(broken, encoding="utf-8")
    result = doit(paper, "normalize-refs", "--in-place")
    assert result.returncode != 0
    assert (
        "refs.bib:6:32: error B001 parse-error [khan2019] missing comma after field 'journal': "
        "field 'year' would be read as part of its value"
    ) in result.stdout
    assert (
        # named as the findings are, relative to the folder doit runs in
        "\nrefs.bib:6:32: error: not rewriting 'refs.bib': it has 1 parse or "
        "encoding error (listed above), and a rewrite could lose what they hide\n"
        "  hint: fix them in refs.bib, then run 'doit normalize-refs --in-place' again"
    ) in result.stderr
    assert (paper / "refs.bib").read_text(encoding="utf-8") == broken
    assert not (paper / "refs.bib.bak").exists()
    assert not (paper / "build" / "refs.normalized.bib").exists()


def test_as_a_step_it_prints_a_count_and_by_name_it_always_shows_the_diff(paper: Path) -> None:
    step = doit(paper, "pandoc")  # normalize-refs runs as a step; the pandoc step may fail here
    assert "2 changes in refs.bib ('doit normalize-refs' shows them)\n" in step.stdout
    assert "+++ refs.bib (normalized)" not in step.stdout
    assert "B002" not in step.stdout  # the linter reports the diagnostics
    again = doit(paper, "normalize-refs")  # inputs unchanged: runs anyway, since asked by name
    assert again.returncode == 0, again.stderr
    assert "+++ refs.bib (normalized)" in again.stdout
    assert again.stdout.endswith("2 changes in refs.bib\n")


def test_a_bibliography_that_cannot_be_read_is_a_message(tmp_path: Path) -> None:
    from docbuild.config import load_settings
    from docbuild.errors import ConfigError

    (tmp_path / "refs.bib").mkdir()
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert info.value.message == "bibliography 'refs.bib' is a folder, not a regular file"
    assert info.value.hint == "give the name of an ordinary file inside the paper folder"


MACRO_REFS = "@article{khan2019,\n  title = {A},\n  journal = sas,\n  year = {2019},\n}\n"


@pytest.mark.parametrize(
    ("toml", "shown"),
    [
        ("", True),
        ('[lint]\ndisable = ["undefined-macro"]\n', False),
        ('[lint]\ndisable = ["B016"]\n', False),
        ('[lint]\ndisable = ["missing-doi"]\n', True),
    ],
)
def test_reader_problems_are_printed_through_the_lint_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, shown: bool
) -> None:
    """`[lint] disable = ["undefined-macro"]` once silenced the linter while normalize-refs
    went on printing `error B016 undefined-macro`."""
    from docbuild.config import load_settings
    from docbuild.jobs.normalize import run_normalize

    (tmp_path / "refs.bib").write_text(MACRO_REFS, encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text(toml, encoding="utf-8")
    run_normalize(load_settings(tmp_path), in_place=False)
    line = (
        "refs.bib:3:3: error B016 undefined-macro [khan2019] undefined macro 'sas' in field "
        "'journal'\n"
    )
    assert (line in capsys.readouterr().out) is shown


def test_a_waiver_in_refs_bib_silences_normalize_refs_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docbuild.config import load_settings
    from docbuild.jobs.normalize import run_normalize

    text = "% docbuild: ignore undefined-macro\n" + MACRO_REFS
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    run_normalize(load_settings(tmp_path), in_place=False)
    assert "B016" not in capsys.readouterr().out


def test_in_place_refusal_says_when_the_policy_hides_the_errors(tmp_path: Path) -> None:
    from docbuild.config import load_settings
    from docbuild.errors import InputError
    from docbuild.jobs.normalize import run_normalize

    broken = REFS.replace("{Strategic Studies},", "{Strategic Studies}")
    (tmp_path / "refs.bib").write_text(broken, encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text('[lint]\ndisable = ["parse-error"]\n')
    with pytest.raises(InputError) as info:
        run_normalize(load_settings(tmp_path), in_place=True)
    assert info.value.message == (
        "not rewriting 'refs.bib': it has 1 parse or encoding error (some silenced by the lint "
        "policy), and a rewrite could lose what they hide"
    )
    assert (tmp_path / "refs.bib").read_text(encoding="utf-8") == broken


def test_an_entry_it_cannot_read_is_left_as_it_was_and_said(tmp_path: Path) -> None:
    """`doit normalize-refs` on debris (`#" and "#` author lists) and an unclosed block: each
    gets a line saying it was left as it was, and refs.normalized.bib holds them unchanged."""
    debris = Path(__file__).parents[1] / "data" / "debris.bib"
    text = debris.read_text(encoding="utf-8")
    (tmp_path / "dodo.py").write_text(DODO.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    result = doit(tmp_path, "normalize-refs")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        "refs.bib:1: [mcgrath2010] left as it was: author uses undefined macros 'McGrathMJ', "
        "'CohenDB', 'SmithAB'; fix it by hand"
    ) in lines
    assert (
        "refs.bib:7: [broken2011] left as it was: a block that cannot be read; fix it by hand"
        in lines
    )
    assert "2 changes in refs.bib; 2 blocks left as they were" in lines
    normalized = (tmp_path / "build" / "refs.normalized.bib").read_text(encoding="utf-8")
    first, second, _ = text.split("\n\n")
    assert first in normalized and second in normalized
    step = doit(tmp_path, "normalize-refs", "--in-place")  # refused: the block hides text
    assert step.returncode != 0 and (tmp_path / "refs.bib").read_text(encoding="utf-8") == text


def test_several_files_are_normalized_each_into_itself(paper: Path) -> None:
    """`bibliography = [a.bib, b.bib]`: one refs.json for pandoc, with the later file's entry
    of a key in both (as pandoc prints it); --in-place writes each file's entries to it."""
    (paper / "refs.bib").unlink()
    a = "@article{one,\n  author = {Ann Lee},\n  title = {From A},\n  pages = {1-2},\n}\n"
    b = "@article{two,\n  title = {Two},\n}\n\n@article{one,\n  title = {From B},\n}\n"
    (paper / "a.bib").write_text(a, encoding="utf-8")
    (paper / "b.bib").write_text(b, encoding="utf-8")
    (paper / "docbuild.toml").write_text('bibliography = ["a.bib", "b.bib"]\n', encoding="utf-8")
    result = doit(paper, "normalize-refs", "--in-place")
    assert result.returncode == 0, result.stderr
    assert (
        "b.bib:5:10: error B002 duplicate-key [one] key 'one' is in a.bib line 1 too; pandoc"
        " prints this entry, from b.bib, and never the one in a.bib\n"
    ) in result.stdout
    assert "--- a.bib\n+++ a.bib (normalized)\n" in result.stdout
    assert "2 changes in a.bib and b.bib\n" in result.stdout
    assert "b.bib is already normalized; not rewritten\n" in result.stdout
    items = json.loads((paper / "build" / "refs.json").read_text(encoding="utf-8"))
    assert {i["id"]: i["title"] for i in items} == {"one": "From B", "two": "Two"}
    assert (paper / "a.bib").read_text(encoding="utf-8") == (
        "@article{one,\n  author = {Lee, Ann},\n  title = {From A},\n  pages = {1--2},\n}\n"
    )
    assert (paper / "a.bib.bak").read_text(encoding="utf-8") == a
    assert (paper / "b.bib").read_text(encoding="utf-8") == b
    assert not (paper / "b.bib.bak").exists()
