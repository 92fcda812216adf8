"""pandoc at the edge: time limit, translated errors, cross-references, no CSS of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuild.errors import PandocError
from docbuild.render.pandoc import PandocResult, parse_markdown, render_html
from docbuild.render.xref import unknown_crossrefs
from docbuild.style import PACKAGE_STYLES

STYLE = PACKAGE_STYLES / "preprint"


def rendered(tmp_path: Path, text: str) -> PandocResult:
    path = tmp_path / "m.md"
    path.write_text(text, encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    ast["meta"]["docbuild"] = {"t": "MetaMap", "c": {}}  # type: ignore[index]
    return render_html(
        ast,
        root=tmp_path,
        template=STYLE / "template.html",
        csl=STYLE / "apa.csl",
        bibliography=None,
        timeout=20,
    )


def html_of(tmp_path: Path, text: str) -> tuple[str, tuple[str, ...]]:
    result = rendered(tmp_path, text)
    return result.output.decode(), result.warnings


def test_twenty_thousand_nested_brackets_give_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text("[" * 20000 + "\n", encoding="utf-8")
    with pytest.raises(PandocError) as info:
        parse_markdown([path], root=tmp_path, timeout=1.5)
    assert info.value.message == "pandoc did not finish within 1.5 s on m.md"
    assert info.value.hint == (
        "look for runaway markup such as thousands of nested '[' or '*'; pandoc was stopped"
    )


def test_yaml_error_names_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: [unclosed\nfoo: bar\n---\n", encoding="utf-8")
    with pytest.raises(PandocError) as info:
        parse_markdown([tmp_path / "a.md", tmp_path / "b.md"], root=tmp_path, timeout=20)
    assert str(info.value.location) == f"{tmp_path / 'b.md'}:3:3"
    assert info.value.message == (
        "the front matter is not valid YAML: while parsing a flow sequence:"
        " did not find expected ',' or ']'"
    )


def test_cross_references_are_numbered_and_linked(tmp_path: Path) -> None:
    page, warnings = html_of(
        tmp_path,
        "# One {#sec:one}\n\nSee @fig:a, [@tbl:b] and @sec:two.\n\n"
        "![Cap](x.png){#fig:a}\n\n| a |\n|---|\n| 1 |\n\n: T {#tbl:b}\n\n# Two {#sec:two}\n",
    )
    assert warnings == ()
    assert (
        'See <a href="#fig:a" class="cross-ref">Figure\u00a01</a>, '
        '<a href="#tbl:b" class="cross-ref">Table\u00a01</a> and '
        '<a href="#sec:two" class="cross-ref">Section\u00a02</a>.'
    ) in page
    assert '<figcaption><span class="caption-label">Figure\u00a01:</span> Cap</figcaption>' in page
    assert '<h1 data-number="2" id="sec:two">Two</h1>' in page


def test_unknown_cross_reference_is_an_error_at_its_place(tmp_path: Path) -> None:
    result = rendered(tmp_path, "Intro.\n\nAs @fig:nope shows.\n")
    assert result.reports == (
        {"docbuild": "unknown-cross-reference", "id": "fig:nope", "form": "@fig:nope"},
    )
    assert result.warnings == ()  # our filter's report is data, not one of pandoc's warnings
    [error] = unknown_crossrefs(result.reports, [tmp_path / "m.md"])
    assert error.format() == (
        f"{tmp_path / 'm.md'}:3:4: error R004 unknown-cross-reference"
        " cross-reference '@fig:nope' points to no figure of that id"
    )
    assert error.fix == "add {#fig:nope} to the figure, or fix the id"


def test_no_css_from_pandoc_and_raw_html_stays_inert(tmp_path: Path) -> None:
    page, _ = html_of(tmp_path, '---\ntitle: T\n---\n\n<img src="/etc/hostname">\n')
    assert "<style" not in page and "stylesheet" not in page
    assert "data:" not in page  # pandoc embedded nothing
    assert '<img src="/etc/hostname">' in page  # left for the fetcher to refuse


def test_ast_metadata_is_pandocs_own(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text("---\ntitle: A *b*\n---\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path, timeout=20)
    assert json.dumps(ast["meta"]["title"]).startswith('{"t": "MetaInlines"')  # type: ignore[index]


def test_memory_limit_gives_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docbuild.render import pandoc

    monkeypatch.setattr(pandoc, "MEMORY_LIMIT_MIB", 8)
    path = tmp_path / "m.md"
    path.write_text("word " * 200_000, encoding="utf-8")
    with pytest.raises(PandocError) as info:
        parse_markdown([path], root=tmp_path, timeout=20)
    assert info.value.message == "pandoc ran out of its 8 MiB memory limit on m.md"


@pytest.mark.parametrize("name", ["--lua-filter=evil.lua", "-o", "--output=../victim.txt"])
def test_a_file_named_like_an_option_stays_a_file(tmp_path: Path, name: str) -> None:
    """A manuscript entry named `--lua-filter=x.lua` once reached pandoc as an option."""
    ran = tmp_path / "filter-ran"
    (tmp_path / "evil.lua").write_text(f'os.execute("touch {ran}")\n')
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Title\n\nText.\n", encoding="utf-8")
    ast = parse_markdown([path], root=tmp_path / "sub", timeout=20)
    assert ast["blocks"][0]["t"] == "Header"  # type: ignore[index]
    assert not ran.exists()
    assert not (tmp_path / "victim.txt").exists()


def test_a_prepared_copy_is_read_from_the_build_folder_and_nothing_is_left(
    tmp_path: Path, system_temp: Path
) -> None:
    paper = tmp_path / "paper"
    paper.mkdir()
    source = paper / "m.qmd"
    source.write_text("As written.\n", encoding="utf-8")
    ast = parse_markdown(
        [source], root=paper, timeout=20, prepared={0: "As prepared.\n"},
        scratch=paper / "build",
    )  # fmt: skip
    assert "prepared" in json.dumps(ast) and "written" not in json.dumps(ast)
    assert list(system_temp.iterdir()) == []
    assert list((paper / "build").iterdir()) == []


def test_a_manuscript_with_nothing_prepared_makes_no_folder(
    tmp_path: Path, system_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    made: list[str] = []
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *a, **k: made.append("x") or "")
    source = tmp_path / "m.md"
    source.write_text("Plain.\n", encoding="utf-8")
    parse_markdown([source], root=tmp_path, timeout=20, scratch=tmp_path / "build")
    assert made == []


def test_why_texmath_cannot_read_an_expression_is_in_its_own_words(tmp_path: Path) -> None:
    from docbuild.render.pandoc import math_reading_errors

    texes = ["\\S 3", "\\begin{array}{p{2cm}c} a & b \\end{array}", "x +\n\\tiny y"]
    assert math_reading_errors(texes, cwd=tmp_path) == [
        "unexpected control sequence \\S",
        'unexpected "{"',
        "unexpected control sequence \\tiny",
    ]
    # an expression it reads gives no warning: the warnings no longer pair with the TeX
    assert math_reading_errors(["\\S 3", "x^2"], cwd=tmp_path) == ["", ""]
