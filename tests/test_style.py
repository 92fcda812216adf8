"""Resolving the style named in docbuild.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import StyleNotFoundError
from docbuild.style import resolve_style


def test_a_misspelt_style_names_its_line_and_the_closest_style(tmp_path: Path) -> None:
    (tmp_path / "docbuild.toml").write_text('csl = "apa"\nstyle = "gpfr"\n', encoding="utf-8")
    with pytest.raises(StyleNotFoundError) as err:
        resolve_style(load_settings(tmp_path))
    assert err.value.message == "style 'gpfr' not found"
    assert err.value.location is not None and err.value.location.line == 2
    assert err.value.hint is not None and err.value.hint.startswith(
        "did you mean 'gfpr'? available styles: gfpr, ieee, preprint"
    )


def test_a_paper_s_own_style_folder_wins(tmp_path: Path) -> None:
    own = tmp_path / "styles" / "gfpr"
    own.mkdir(parents=True)
    (own / "style.toml").write_text('title = "House copy"\n', encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\n', encoding="utf-8")
    style = resolve_style(load_settings(tmp_path))
    assert (style.folder, style.title) == (own, "House copy")
