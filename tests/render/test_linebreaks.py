"""WeasyPrint's line breaking remembered within one PDF (render/linebreaks.py), by the real
WeasyPrint: the PDF is the same bytes as without it, and lines are broken once.

The pages are real prose, justified and hyphenated in two columns, so that Pango's breaks are
not trivial; the styles that must not share a line set the same text at the same width.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from docbuild.render.floats import settle_floats
from docbuild.render.linebreaks import CALLERS, remember_line_breaks
from docbuild.render.printhtml import PRINT_CSS, mark_for_print

PROSE = (
    "The committee's deliberations, recorded in minutes that survive only in part, show "
    "how contested the interpretation of the treaty's provisions remained throughout the "
    "negotiations; representatives disagreed about verification, about the schedule of "
    "reductions and about the institutional arrangements for monitoring compliance. "
)
STYLE = (
    "@page { size: A4; margin: 20mm } body { margin: 0 }"
    "main { column-count: 2; column-gap: 10mm }"
    "p { margin: 0 0 4pt; font: 10pt/12pt serif; text-align: justify; hyphens: auto }"
    "figure { margin: 0; break-inside: avoid }" + PRINT_CSS
)


def page(body: str, style: str = STYLE) -> str:
    return (
        f'<html lang="en"><head><style>{style}</style></head>'
        f"<body><main>\n{body}</main></body></html>"
    )


def paragraphs(count: int) -> str:
    return "".join(f"<p>{i}. {PROSE * (1 + i % 3)}</p>\n" for i in range(count))


def figure(height: int) -> str:
    img = f'<div style="height: {height}pt; background: #ccc"></div>'
    return f"<figure>{img}<figcaption>A figure</figcaption></figure>\n"


def render(html: str) -> Any:
    from weasyprint import HTML

    return HTML(string=html).render()


def pdf(html: str, *, remember: bool) -> bytes:
    """The page through the float pass, as render/pdf.py lays it out, and drawn."""
    page = mark_for_print(html)
    if not remember:
        return settle_floats(page, render).write_pdf()
    with remember_line_breaks():
        return settle_floats(page, render).write_pdf()


@pytest.fixture
def breaks() -> Iterator[list[int]]:
    """How many times WeasyPrint really broke a line (under the memory, if it is in)."""
    modules = [importlib.import_module(name) for name in CALLERS]
    original: Callable[..., Any] = modules[0].split_first_line
    calls = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    for module in modules:
        module.split_first_line = counted
    try:
        yield calls
    finally:
        for module in modules:
            module.split_first_line = original


def test_the_float_pass_prints_the_same_pdf_and_breaks_each_line_once(
    breaks: list[int],
) -> None:
    # The figure after 16 paragraphs does not fit at the foot of the first column and jumps:
    # the page is laid out again with it moved, so every paragraph is set twice or more.
    html = page(paragraphs(16) + figure(300) + paragraphs(20))
    plain = pdf(html, remember=False)
    every_time = breaks[0]
    breaks[0] = 0
    assert pdf(html, remember=True) == plain
    assert 0 < breaks[0] < every_time / 2


@pytest.mark.parametrize(
    "differs",
    [
        "hyphens: none",
        "letter-spacing: 0.4pt",
        "word-spacing: 2pt",
        "font-weight: bold",
        "font-style: italic",
        "font-size: 10.5pt",
        "font-family: sans-serif",
        "font-variant-caps: small-caps",
        "font-feature-settings: 'liga' 0",
        "white-space: nowrap",
        "overflow-wrap: anywhere",
        "word-break: break-all",
        "hyphenate-character: '~'",
        "text-align: left",
    ],
)
def test_a_style_that_breaks_otherwise_never_shares_a_line(differs: str) -> None:
    # The same text in the same column width, once as the page sets it and once with one
    # property changed: with the memory, each is still broken for its own style.
    text = f'<p>{PROSE * 2}</p>\n<p style="{differs}">{PROSE * 2}</p>\n'
    html = page(text * 3)
    assert pdf(html, remember=True) == pdf(html, remember=False)


def test_a_language_breaks_its_own_lines() -> None:
    text = f'<p>{PROSE * 2}</p>\n<p lang="de">{PROSE * 2}</p>\n'
    html = page(text * 3)
    assert pdf(html, remember=True) == pdf(html, remember=False)


def test_a_weasyprint_hooked_by_someone_else_is_left_alone() -> None:
    modules = [importlib.import_module(name) for name in CALLERS]
    original = modules[0].split_first_line
    other = modules[1]

    def elsewhere(*args: Any, **kwargs: Any) -> Any:
        return original(*args, **kwargs)

    other.split_first_line = elsewhere
    try:
        with remember_line_breaks() as kept:
            assert [m.split_first_line for m in modules] == [original, elsewhere, original]
            render(page(paragraphs(2)))
        assert kept == {}
    finally:
        other.split_first_line = original


def test_after_the_block_weasyprint_breaks_lines_itself_again() -> None:
    modules = [importlib.import_module(name) for name in CALLERS]
    before = [m.split_first_line for m in modules]
    with remember_line_breaks() as kept:
        render(page(paragraphs(2)))
        assert kept
        assert all(m.split_first_line is not b for m, b in zip(modules, before, strict=True))
    assert [m.split_first_line for m in modules] == before
