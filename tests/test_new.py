"""`docbuild new`: a ready paper folder, never over an existing one, with a packaged style."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pypandoc
import pytest

from docbuild.cli import main
from docbuild.config import load_settings
from docbuild.errors import InputError, StyleNotFoundError
from docbuild.new import TEMPLATE, create_paper, package_styles

ROOT = Path(__file__).resolve().parents[1]
STYLES = sorted(package_styles())
AVAILABLE = ", ".join(STYLES)


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_the_starter_dodo_is_the_repository_dodo() -> None:
    assert (TEMPLATE / "dodo.py").read_bytes() == (ROOT / "dodo.py").read_bytes()


def test_creates_a_ready_paper_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = tmp_path / "my-paper"
    create_paper(str(paper), style="gfpr")

    assert capsys.readouterr().out == (
        f"created {paper}/ with the 'gfpr' style\n"
        f"next: cd {paper} && doit build   (the PDF and HTML land in {paper}/build/)\n"
    )
    assert (paper / "dodo.py").read_bytes() == (ROOT / "dodo.py").read_bytes()
    settings = load_settings(paper)
    assert settings.style == "gfpr"
    assert settings.lint.fail_on == "error"
    assert [p.name for p in settings.manuscript_files()] == ["00-front.md", "01-introduction.md"]
    ignored = [
        line
        for line in (paper / ".gitignore").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert ignored == ["build/", "refs.bib.bak"]  # what `doit build` and `--in-place` write
    assert not (paper / "gitignore").exists()


def test_the_new_refs_bib_is_empty_but_valid(tmp_path: Path) -> None:
    paper = tmp_path / "p"
    create_paper(str(paper), style="gfpr")
    library = bibtexparser.parse_file(str(paper / "refs.bib"))
    assert library.entries == []
    assert library.failed_blocks == []


def test_the_chosen_style_is_copied_whole(tmp_path: Path) -> None:
    paper = tmp_path / "p"
    create_paper(str(paper), style=STYLES[0])
    copied = paper / "styles" / STYLES[0]
    package = package_styles()[STYLES[0]]
    assert _tree(copied) == _tree(package)
    files = [p for p in _tree(package) if (package / p).is_file()]
    matched, mismatch, errors = filecmp.cmpfiles(package, copied, files, shallow=False)
    assert (len(matched), mismatch, errors) == (len(files), [], [])
    assert sorted(p.name for p in (paper / "styles").iterdir()) == [STYLES[0]]


@pytest.mark.parametrize("style", STYLES)
def test_the_starter_front_matter_has_what_each_style_requires(tmp_path: Path, style: str) -> None:
    frontmatter = pytest.importorskip("docbuild.render.frontmatter")
    from docbuild.style import load_style

    paper = tmp_path / "p"
    create_paper(str(paper), style=style)
    text = (paper / "manuscript" / "00-front.md").read_text(encoding="utf-8")
    meta = json.loads(pypandoc.convert_text(text, "json", format="markdown"))["meta"]
    required = load_style(paper / "styles" / style).required_front_matter
    front, warnings = frontmatter.read_front_matter(
        meta, files=[paper / "manuscript" / "00-front.md"], required=required
    )
    assert warnings == []
    assert front.title == "The Title of Your Paper"
    assert front.journal_title == load_style(paper / "styles" / style).title


def test_refuses_an_existing_folder_and_writes_nothing(tmp_path: Path) -> None:
    paper = tmp_path / "my-paper"
    paper.mkdir()
    (paper / "notes.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        create_paper(str(paper), style="gfpr")
    assert str(info.value) == (
        f"{paper}: error: '{paper}' already exists; docbuild new never writes into an"
        " existing folder\n  hint: choose a new folder name, or move the existing one away first"
    )
    assert _tree(paper) == ["notes.md"]
    assert _tree(tmp_path) == ["my-paper", "my-paper/notes.md"]


def test_refuses_even_an_empty_existing_folder(tmp_path: Path) -> None:
    paper = tmp_path / "empty"
    paper.mkdir()
    with pytest.raises(InputError):
        create_paper(str(paper), style="gfpr")
    assert _tree(tmp_path) == ["empty"]


def test_an_unknown_style_lists_the_available_ones(tmp_path: Path) -> None:
    with pytest.raises(StyleNotFoundError) as info:
        create_paper(str(tmp_path / "p"), style="nature")
    assert str(info.value) == (
        f"error: style 'nature' not found\n  hint: available styles: {AVAILABLE} (docbuild styles)"
    )
    assert "gfpr" in STYLES
    assert _tree(tmp_path) == []


def test_a_misspelt_style_gets_the_closest_name(tmp_path: Path) -> None:
    with pytest.raises(StyleNotFoundError) as info:
        create_paper(str(tmp_path / "p"), style="gpfr")
    assert info.value.hint == (
        f"did you mean 'gfpr'? available styles: {AVAILABLE} (docbuild styles)"
    )


def test_docbuild_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == "docbuild 0.1.0\n"


def test_the_cli_reports_mistakes_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "p"), "--style", "nature"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"error: style 'nature' not found\n  hint: available styles: {AVAILABLE}"
        " (docbuild styles)\n"
    )
    assert main(["new", str(tmp_path / "p")]) == 0
    assert (tmp_path / "p" / "styles" / "gfpr" / "style.toml").is_file()


def test_a_failure_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_copytree(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copytree", broken_copytree)
    with pytest.raises(InputError) as info:
        create_paper(str(tmp_path / "p"), style="gfpr")
    assert info.value.message == f"cannot create '{tmp_path / 'p'}': No space left on device"
    assert _tree(tmp_path) == []


def test_a_folder_under_a_file_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    assert main(["new", str(tmp_path / "notes" / "p")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'notes' / 'p'}: error: cannot create '{tmp_path / 'notes' / 'p'}': "
        f"'{tmp_path / 'notes'}' is a file, not a folder\n"
        "  hint: choose a folder where you can write, on a disk with room for the paper "
        "(a few MB with its fonts)\n"
    )


def test_creates_missing_parent_folders(tmp_path: Path) -> None:
    create_paper(str(tmp_path / "papers" / "2024" / "p"), style="gfpr")
    assert (tmp_path / "papers" / "2024" / "p" / "dodo.py").is_file()


def test_doit_lists_the_tasks_in_a_new_paper(tmp_path: Path) -> None:
    paper = tmp_path / "p"
    create_paper(str(paper), style="gfpr")
    done = subprocess.run(
        [sys.executable, "-m", "doit", "list"],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    tasks = {line.split()[0] for line in done.stdout.splitlines() if line.strip()}
    assert {"build", "lint-refs", "normalize-refs", "pdf", "html"} <= tasks


def test_doit_build_works_at_once_in_a_new_paper(tmp_path: Path) -> None:
    paper = tmp_path / "my-paper"
    create_paper(str(paper), style="gfpr")
    done = subprocess.run(
        [sys.executable, "-m", "doit", "build"],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = paper / "build" / "paper.pdf"
    html = paper / "build" / "paper.html"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "The Title of Your Paper" in html.read_text(encoding="utf-8")
