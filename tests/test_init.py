"""`docbuild init` on copies of real repositories: what it writes, what it prints, what it
never touches."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docbuild.cli import main
from docbuild.config import Settings, load_settings

CORPUS = Path(__file__).resolve().parent / "realworld" / "manuscripts"


def _copy(slug: str, tmp_path: Path) -> Path:
    folder = tmp_path / slug
    shutil.copytree(CORPUS / slug, folder)
    for name in ("SOURCE.toml", "EXPECTED.toml"):
        (folder / name).unlink()
    return folder


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_paper_not_set_up_is_told_to_run_init(tmp_path: Path) -> None:
    """A JOSS paper built before `docbuild init` (or sent to `docbuild batch` as its authors
    wrote it): the defaults find no refs.bib, and the hint said to create one."""
    repo = _copy("joss-hypoptlib", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "docbuild.cli", "build", str(repo)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0
    assert "error: bibliography 'refs.bib' not found" in done.stderr
    assert "hint: there is no docbuild.toml here, so the defaults were looked for" in done.stderr
    assert "run 'docbuild init' to write one for the paper it finds" in done.stderr


def test_a_joss_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _copy("joss-hypoptlib", tmp_path)
    before = _hashes(repo)
    assert main(["init", "--dir", str(repo)]) == 0
    assert capsys.readouterr().out == (
        "found the JOSS paper paper/paper.md\n"
        "  assumed: paper/paper.md names the bibliography 'HypOptLib.bib', which does not exist;"
        " using paper/paper.bib, the .bib file beside it\n"
        f"wrote docbuild.toml and dodo.py in {repo}; your files were not changed\n"
        "next: doit build   (the PDF and HTML land in build/)\n"
    )
    after = _hashes(repo)
    assert {k: v for k, v in after.items() if k not in ("docbuild.toml", "dodo.py")} == before
    settings = load_settings(repo)
    assert (settings.bibliography, settings.manuscript) == (
        ("paper/paper.bib",),
        ("paper/paper.md",),
    )
    assert (
        "# assumed: paper/paper.md names the bibliography 'HypOptLib.bib'"
        in (repo / "docbuild.toml").read_text()
    )


def _init(repo: Path, capsys: pytest.CaptureFixture[str], *starts: str) -> Settings:
    """`docbuild init` in `repo`: its first lines of output are `starts`; the settings."""
    assert main(["init", "--dir", str(repo)]) == 0
    assert capsys.readouterr().out.startswith("".join(f"{line}\n" for line in starts))
    return load_settings(repo)


def test_a_quarto_project_with_its_csl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _copy("quarto-navigating-hostility", tmp_path)
    settings = _init(
        repo,
        capsys,
        "found the Quarto manuscript manuscript/manuscript.qmd",
        "  found: manuscript/_quarto.yml names manuscript.qmd, appendix.qmd",
    )
    assert settings.manuscript == ("manuscript/manuscript.qmd", "manuscript/appendix.qmd")
    assert (settings.bibliography, settings.csl) == (
        ("manuscript/references.bib",),
        "manuscript/csl/apa.csl",
    )


def test_existing_files_are_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _copy("joss-spectromap", tmp_path)
    (repo / "dodo.py").write_text("# the author's own dodo.py\n")
    assert main(["init", "--dir", str(repo)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"{repo / 'dodo.py'}: error: dodo.py already exist; docbuild init does not "
        "overwrite them\n  hint: docbuild init --force replaces them and keeps the "
        "old ones as .bak\n"
    )
    assert not (repo / "docbuild.toml").exists()
    assert main(["init", "--dir", str(repo), "--force"]) == 0
    assert (repo / "dodo.py.bak").read_text() == "# the author's own dodo.py\n"
    assert "replaced dodo.py (the old one is dodo.py.bak)" in capsys.readouterr().out
    assert "from docbuild.tasks import *" in (repo / "dodo.py").read_text()


def test_a_repository_build_folder_is_left_alone(tmp_path: Path) -> None:
    repo = _copy("joss-spectromap", tmp_path)
    (repo / "build").mkdir()
    (repo / "build" / "lib.so").write_bytes(b"\0")
    assert main(["init", "--dir", str(repo)]) == 0
    assert load_settings(repo).build_dir == "build-docbuild"
    (repo / "build").rename(repo / "build-docbuild")  # both taken: a file and a folder
    (repo / "build").write_text("not a folder\n")
    assert main(["init", "--dir", str(repo), "--force"]) == 0
    assert load_settings(repo).build_dir == "build-docbuild-2"


def test_the_named_manuscript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _copy("joss-pyuncertainnumber", tmp_path)
    assert main(["init", "--dir", str(repo), str(repo / "joss_paper" / "paper.md")]) == 0
    assert load_settings(repo).manuscript == ("joss_paper/paper.md",)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: x\n---\n")
    assert main(["init", "--dir", str(repo), "--force", str(outside)]) == 1
    assert f"error: manuscript '{outside}' is outside '{repo}'" in capsys.readouterr().err
    # A folder of parts (jaantollander/masters-thesis keeps content/10_introduction.md, ...):
    # said to be a folder, with the glob that reads its files, not "does not exist".
    assert main(["init", "--dir", str(repo), "--force", str(repo / "joss_paper")]) == 1
    err = capsys.readouterr().err
    assert f"error: manuscript '{repo / 'joss_paper'}' is a folder, not a file" in err
    assert 'manuscript = ["joss_paper/*.md"] reads them all in name order' in err


def test_no_manuscript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("# a library\n")
    assert main(["init", "--dir", str(tmp_path)]) == 1
    assert "error: no manuscript found: looked for a JOSS paper.md" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_several_candidates_are_named_and_the_hint_names_the_usual_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cboettig/noise-phenomena keeps paper/paper.Rmd beside appendixA/appendixA.Rmd and
    appendixB/appendixB.Rmd, each with a front matter: init said "no manuscript found",
    though it had found three."""
    front = (CORPUS.parent / "excerpts" / "noise-phenomena" / "front.Rmd").read_bytes()
    for name in ("paper/paper.Rmd", "appendixA/appendixA.Rmd", "appendixB/appendixB.Rmd"):
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_bytes(front)
    assert main(["init", "--dir", str(tmp_path)]) == 1
    named = "'appendixA/appendixA.Rmd', 'appendixB/appendixB.Rmd', 'paper/paper.Rmd'"
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path}: error: 3 files could each be the manuscript, and docbuild does not guess:"
        f" {named}",
        "  hint: name the manuscript: docbuild init paper/paper.Rmd",
    ]
    assert not (tmp_path / "docbuild.toml").exists()


def test_a_manubot_manuscript_gets_its_metadata_and_an_empty_bibliography(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _copy("manubot-contributorship", tmp_path)
    before = _hashes(repo)
    assert main(["init", "--dir", str(repo)]) == 0
    assert "  assumed: no BibTeX file: docbuild-refs.bib (new, empty) is the bibliography" in (
        capsys.readouterr().out
    )
    settings = load_settings(repo)
    assert (settings.metadata, settings.bibliography) == (
        ("content/metadata.yaml",),
        ("docbuild-refs.bib",),
    )
    assert (repo / "docbuild-refs.bib").read_text().startswith("% Written by `docbuild init`")
    new = {"docbuild.toml", "dodo.py", "docbuild-refs.bib"}
    assert {k: v for k, v in _hashes(repo).items() if k not in new} == before


EXCERPT = Path(__file__).resolve().parent / "realworld" / "excerpts" / "masters-thesis"


def test_every_bibliography_of_the_front_matter_is_written_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The thesis excerpt (jaantollander/masters-thesis) given the front matter pandoc reads
    # its command line's `--bibliography` files from.
    repo = tmp_path / "thesis"
    (repo / "bibliography").mkdir(parents=True)
    for name in ("article.bib", "inproceedings.bib"):
        shutil.copy(EXCERPT / name, repo / "bibliography" / name)
    front = (
        "---\ntitle: Thesis\n"
        "bibliography: [bibliography/inproceedings.bib, bibliography/article.bib]\n---\n"
    )
    (repo / "thesis.md").write_text(front + (EXCERPT / "10_introduction.md").read_text())
    assert main(["init", "--dir", str(repo)]) == 0
    out = capsys.readouterr().out
    assert (
        "  found: bibliographies bibliography/inproceedings.bib and bibliography/article.bib"
        " (the 'bibliography:' of thesis.md)\n"
    ) in out
    assert (
        'bibliography = ["bibliography/inproceedings.bib", "bibliography/article.bib"]\n'
        in (repo / "docbuild.toml").read_text()
    )
    assert load_settings(repo).bibliography == (
        "bibliography/inproceedings.bib",
        "bibliography/article.bib",
    )


CN_TOOLS = Path(__file__).resolve().parent / "realworld" / "excerpts" / "quarto-cn-tools"


def _cn_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Settings:
    """The quarto-cn-tools excerpt set up by `docbuild init` and parsed, pandoc run; the
    CSL its _quarto.yml names, not in the excerpt, is APA's (the test's one change)."""
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse

    repo = tmp_path / "cn"
    shutil.copytree(CN_TOOLS, repo)
    settings = _init(
        repo,
        capsys,
        "found the Quarto manuscript index.qmd",
        "  found: title and author in _quarto.yml (Quarto gives them to the document)",
    )
    assert settings.metadata == ("_quarto.yml",)
    config = repo / "docbuild.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"_styles/gb-author-date.csl"', '"apa"'), encoding="utf-8")
    settings = load_settings(repo)
    (repo / "build").mkdir()
    assert run_parse(settings)
    assert run_pandoc(settings)
    return settings


def test_a_quarto_project_whose_title_and_author_are_in_quarto_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """TomBener/quarto-cn-tools: index.qmd has no front matter, its title and author are the
    top-level keys of _quarto.yml, which Quarto gives every document of the project. The
    build stopped: `index.qmd:1: error: the front matter has no 'title', which this style
    requires`. init names the file as metadata (pandoc's --metadata-file: the manuscript's
    own front matter still wins)."""
    settings = _cn_tools(tmp_path, capsys)
    metadata = (settings.root / "build" / "metadata.json").read_text(encoding="utf-8")
    assert '"title": "用 Quarto 写作中文学术论文"' in metadata
    assert '"name": "Tom Ben"' in metadata


def test_a_chinese_title_is_an_error_at_its_line_with_a_font_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No shipped style has a CJK font (Noto Serif CJK is 91 MB in Debian): the PDF step stops
    at the first character, the title's, whose line is in _quarto.yml, where the error named
    no place; the hint names a font for the script."""
    from docbuild.errors import PdfRenderError
    from docbuild.jobs.build import run_pdf

    settings = _cn_tools(tmp_path, capsys)
    with pytest.raises(PdfRenderError) as caught:
        run_pdf(settings)
    # An empty box, or the machine's font where it has one for 用: the place and hint either way.
    assert "'用' (U+7528)" in caught.value.message
    assert str(caught.value.location) == f"{settings.root / '_quarto.yml'}:1:8"
    assert caught.value.hint is not None
    assert "for Chinese, Japanese or Korean text: Noto Serif CJK" in caught.value.hint


def test_a_quarto_project_with_slides_beside_its_home_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """quarto-cn-tools has index.qmd (the paper, no front matter) and slides.qmd (a Reveal.js
    deck, its title in its front matter) side by side, and no list in _quarto.yml: init took
    the slides for the paper (`found the pandoc Markdown paper slides.qmd`). Quarto's home
    document is index.qmd; the guess says so."""
    repo = tmp_path / "cn"
    shutil.copytree(CN_TOOLS, repo)
    assert main(["init", "--dir", str(repo)]) == 0
    assert (
        "  assumed: manuscript index.qmd, the project's home document, of its .qmd files"
        " (slides.qmd): name another with `docbuild init FILE`\n"
    ) in capsys.readouterr().out
    assert load_settings(repo).manuscript == ("index.qmd",)
