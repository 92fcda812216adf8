"""Quarto's `.content-visible` / `.content-hidden` with `when-format` / `unless-format`, per
edition: the shared page keeps what one edition shows, marked, and each edition cuts the
other's; JATS and DOCX keep what their format shows."""

from __future__ import annotations

import copy

import pytest

from docbuild.render.editions import for_edition, mark_editions, select_format, shown_in


def div(cls: str, attrs: dict[str, str], text: str, ident: str = "") -> dict[str, object]:
    para = {"t": "Para", "c": [{"t": "Str", "c": text}]}
    return {"t": "Div", "c": [[ident, [cls], [[k, v] for k, v in attrs.items()]], [para]]}


@pytest.mark.parametrize(
    ("cls", "attrs", "html", "pdf", "jats"),
    [
        ("content-visible", {"when-format": "html"}, True, False, False),
        ("content-visible", {"when-format": "pdf"}, False, True, False),
        ("content-visible", {"when-format": "latex"}, False, True, False),
        ("content-visible", {"unless-format": "pdf"}, True, False, True),
        ("content-hidden", {"when-format": "html"}, False, True, True),
        ("content-hidden", {"unless-format": "html"}, True, False, False),
        ("content-visible", {"when-format": "jats"}, False, False, True),
        ("content-visible", {"when-format": "html, pdf"}, True, True, False),
    ],
)
def test_quartos_conditions(
    cls: str, attrs: dict[str, str], html: bool, pdf: bool, jats: bool
) -> None:
    assert [shown_in([cls], attrs, e) for e in ("html", "pdf", "jats")] == [html, pdf, jats]


def test_what_is_no_format_condition_is_left_alone() -> None:
    assert shown_in(["content-visible"], {"when-meta": "banner"}, "html") is None
    assert shown_in(["note"], {"when-format": "html"}, "html") is None


def test_the_page_marks_what_one_edition_shows_and_each_edition_cuts_the_other() -> None:
    ast: dict[str, object] = {
        "blocks": [
            div("content-visible", {"when-format": "html"}, "Web"),
            div("content-visible", {"when-format": "pdf"}, "Print"),
            div("content-visible", {"when-format": "html, pdf"}, "Both"),
            div("content-visible", {"when-format": "docx"}, "Word"),
        ]
    }
    jats = copy.deepcopy(ast)
    mark_editions(ast)
    blocks = ast["blocks"]
    assert isinstance(blocks, list)
    assert [b["t"] for b in blocks] == ["Div", "Div", "Para"]  # "Both" unwrapped, "Word" gone
    assert [b["c"][0][1] for b in blocks[:2]] == [
        ["content-visible", "docbuild-html-only"],
        ["content-visible", "docbuild-pdf-only"],
    ]
    select_format(jats, "jats")
    assert jats["blocks"] == []


def test_an_edition_cuts_the_others_elements_nested_ones_too() -> None:
    page = (
        '<p>A</p><section id="s" class="content-visible docbuild-html-only"><h1>Web</h1>'
        "<div><div>inner</div></div></section>"
        '<div class="content-visible docbuild-pdf-only"><p>Print</p></div>'
        '<p>B <span class="docbuild-html-only">web</span> C</p>'
    )
    assert for_edition(page, "pdf") == (
        '<p>A</p><div class="content-visible docbuild-pdf-only"><p>Print</p></div><p>B  C</p>'
    )
    assert for_edition(page, "html") == (
        '<p>A</p><section id="s" class="content-visible docbuild-html-only"><h1>Web</h1>'
        '<div><div>inner</div></div></section><p>B <span class="docbuild-html-only">web</span>'
        " C</p>"
    )
