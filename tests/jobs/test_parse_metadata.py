"""docbuild.toml's `metadata`: YAML front matter kept beside the manuscript (Manubot's
metadata.yaml), read by pandoc before it; the manuscript's own front matter wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import ConfigError
from docbuild.jobs.parse import read_parsed
from docbuild.render.frontmatter import read_front_matter


def _paper(tmp_path: Path, metadata: str) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "metadata.yaml").write_text(
        "---\ntitle: From the metadata file\nauthors:\n  - name: Ann Bee\n"
        "    affiliations:\n      - Example University\nkeywords: [a, b]\n",
        encoding="utf-8",
    )
    (tmp_path / "content" / "01.intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text(
        f'manuscript = ["content/01.intro.md"]\n{metadata}\n', encoding="utf-8"
    )
    return tmp_path


def test_metadata_file_gives_the_front_matter(tmp_path: Path) -> None:
    settings = load_settings(_paper(tmp_path, 'metadata = ["content/metadata.yaml"]'))
    parsed = read_parsed(settings)
    fm, _ = read_front_matter(parsed.ast["meta"], files=settings.manuscript_files())  # type: ignore[arg-type]
    assert (fm.title, [a.name for a in fm.authors], fm.keywords) == (
        "From the metadata file",
        ["Ann Bee"],
        ("a", "b"),
    )
    assert [a.organization for a in fm.affiliations] == ["Example University"]


def test_the_manuscript_front_matter_wins(tmp_path: Path) -> None:
    settings = load_settings(_paper(tmp_path, 'metadata = ["content/metadata.yaml"]'))
    intro = tmp_path / "content" / "01.intro.md"
    intro.write_text("---\ntitle: From the manuscript\n---\n\nText.\n", encoding="utf-8")
    fm, _ = read_front_matter(read_parsed(settings).ast["meta"], files=[intro])  # type: ignore[arg-type]
    assert (fm.title, len(fm.authors)) == ("From the manuscript", 1)


def test_a_metadata_file_outside_the_paper_is_refused(tmp_path: Path) -> None:
    paper = tmp_path / "paper"
    paper.mkdir()
    with pytest.raises(ConfigError, match="metadata file"):
        load_settings(_paper(paper, 'metadata = ["../elsewhere.yaml"]'))
