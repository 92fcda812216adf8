"""Resolving the style named in docbuild.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.errors import ConfigError, StyleNotFoundError
from docbuild.style import resolve_style, styles_kept


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


def test_the_crossref_conventions_are_read_and_checked(tmp_path: Path) -> None:
    from docbuild.style import PACKAGE_STYLES, load_style

    ieee = load_style(PACKAGE_STYLES / "ieee").crossref_settings()
    assert ieee["fig"] == {"label": "Fig.", "plural": "Figs.", "caption": "Fig. {n}."}
    assert ieee["tbl"]["numbering"] == ieee["sec"]["numbering"] == "upper-roman"
    assert load_style(PACKAGE_STYLES / "preprint").crossref == ()
    folder = tmp_path / "mine"
    shutil.copytree(PACKAGE_STYLES / "preprint", folder)
    toml = folder / "style.toml"
    with toml.open("a", encoding="utf-8") as out:
        out.write('\n[crossref]\nfig = { label = "Fig." }\ntbl = { numbering = "roman" }\n')
    with pytest.raises(ConfigError) as info:
        load_style(folder)
    line = toml.read_text(encoding="utf-8").splitlines().index('tbl = { numbering = "roman" }')
    assert str(info.value) == (
        f"{toml}:{line + 1}: error: [crossref] tbl.numbering = 'roman' is not a setting "
        "docbuild knows\n  hint: kinds: fig, tbl, sec, eq; keys: label, plural, caption "
        "('Fig. {n}.'), numbering ('arabic', 'upper-roman', or 'title' for sections)"
    )


def test_a_kept_style_is_resolved_once_per_folder(tmp_path: Path) -> None:
    """Inside `styles_kept` (the preview's saves) the style's files are confined once; a
    paper's own styles/<name>/ made meanwhile is a new folder, resolved at the next call;
    outside, every call reads the style again."""
    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    kept: dict[Path, object] = {}
    with styles_kept(kept):  # type: ignore[arg-type]
        first = resolve_style(settings)
        assert resolve_style(settings) is first
        own = tmp_path / "styles" / "gfpr"
        own.mkdir(parents=True)
        (own / "style.toml").write_text('title = "House copy"\n', encoding="utf-8")
        assert resolve_style(settings).title == "House copy"
    assert list(kept) == [first.folder, own]
    assert resolve_style(settings) is not resolve_style(settings)
