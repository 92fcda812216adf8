"""What the build says about a real paper's defects, in the words a user reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docbuild.cli import main
from docbuild.config import Settings, load_settings

HERE = Path(__file__).resolve().parent


def _pandoc_step(
    slug: str, folder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], rule: str
) -> tuple[Settings, list[str]]:
    """The paper's `folder` copied as it is (JOSS's `paper/` as the folder itself, Manubot's
    `content/` into one), `docbuild init` run as its authors would, then the steps up to
    pandoc's: its settings and the lines of finding `rule` that step printed."""
    from docbuild.jobs.normalize import run_normalize
    from docbuild.jobs.pandoc import run_pandoc
    from docbuild.jobs.parse import run_parse

    paper = tmp_path / slug
    shutil.copytree(HERE / slug / folder, paper / folder if folder == "content" else paper)
    assert main(["init", "--dir", str(paper)]) == 0
    settings = load_settings(paper)
    assert run_normalize(settings, in_place=False, verbose=False)
    run_parse(settings)
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:  # normalize-refs read refs.bib: not again
        patch.setattr("docbuild.jobs.bibfile.read_bib_bytes", _not_again)
        assert run_pandoc(settings)
    return settings, [w for w in capsys.readouterr().err.splitlines() if f" {rule} " in w]


def _not_again(path: Path) -> bytes:
    raise AssertionError(f"{path.name} read again")


def test_a_citation_of_an_unreadable_entry_says_why_it_is_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """joss-sbmltoolkit's Bornstein2008libsbml lacks a comma after `number = {6}` (line 96),
    so its entry is not read and citeproc prints "(Bornstein2008libsbml?)": the build's
    finding names the entry's line and what the reader found, not only "not found"."""
    _, warnings = _pandoc_step("joss-sbmltoolkit", "paper", tmp_path, capsys, "R003")
    assert warnings == [
        "paper.md:34:51: warning R003 pandoc-warning [Bornstein2008libsbml] citation"
        " '@Bornstein2008libsbml' is left unresolved: its entry at paper.bib:90 could not be"
        " read: missing comma after field 'number': field 'pages' would be read as part of its"
        " value (line 96)",
        # a key with no entry at all keeps pandoc's words (M001 says the rest)
        "paper.md:51:28: warning R003 pandoc-warning [rackauckas_universal_2020] Citeproc:"
        " citation rackauckas_universal_2020 not found",
    ]


def test_a_reference_list_nothing_resolves_offline_has_no_heading_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """manubot-contributorship cites 5 DOIs (which need `doit verify-refs`, online) and 3 URLs,
    none in manual-references.json: offline the list is empty, so neither the style's heading
    nor the author's `## References` is printed over it, and a warning says why."""
    from docbuild.jobs.build import PANDOC_HTML

    slug = "manubot-contributorship"
    settings, warnings = _pandoc_step(slug, "content", tmp_path, capsys, "R014")
    assert warnings == [
        "content: warning R014 empty-reference-list the reference list is empty, so it is"
        " printed without a heading: none of the 8 cited works resolved; 5 are DOIs or arXiv"
        " ids that 'doit verify-refs' has not looked up (it needs the network), 3 have no entry"
    ]
    page = (settings.build_path / PANDOC_HTML).read_text(encoding="utf-8")
    assert '<div id="refs"' in page
    assert ">References</h" not in page


def test_an_include_written_from_the_project_root_is_read_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """quarto-fup-plantilla's sections/_3_results.qmd writes `{{< include
    /tables/_data_table.qmd >}}`, which Quarto reads from the project's root (the folder of
    `_quarto.yml`): its table is in the paper, and nothing says the include is missing."""
    from docbuild.jobs.build import PANDOC_HTML

    settings, missing = _pandoc_step("quarto-fup-plantilla", ".", tmp_path, capsys, "R013")
    assert missing == []
    page = (settings.build_path / PANDOC_HTML).read_text(encoding="utf-8")
    assert [row in page for row in ("<td>Juan</td>", "<td>María</td>", "<td>Pedro</td>")] == [
        True,
        True,
        True,
    ]
