"""The cross-reference filter skips its walks over every list of inlines where a cheap look
finds no work (render/crossref.lua, docs/performance.md): each case here is work that only
one place holds, where such a look could miss it. pandoc runs for real with the filter."""

from __future__ import annotations

import re
import subprocess

from docbuild.render.pandoc import CROSSREF_FILTER, pandoc_path


def html(markdown: str) -> str:
    args = ["-f", "markdown", "-t", "html5", "--wrap=none", "--lua-filter", str(CROSSREF_FILTER)]
    done = subprocess.run([pandoc_path(), *args], input=markdown.encode(), capture_output=True,
                          check=True)  # fmt: skip
    return done.stdout.decode()


def refs(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="#([^"]+)" class="cross-ref">([^<]*)</a>', page)


def test_a_shortcode_only_in_a_footnote_is_left_out() -> None:
    """stringify, the look for "{{<", leaves notes out: they are looked at on their own."""
    page = html("Text.^[See {{< words-sum body >}} here.]\n")
    assert "words-sum" not in page
    assert '<span class="footnote-inline">See' in page


def test_a_footnote_read_from_raw_latex_gets_its_inline_copy() -> None:
    """No note in the Markdown: the one pandoc reads from `\\footnote{..}` is still copied."""
    page = html("Text `\\footnote{A raw note.}`{=latex} there.\n")
    assert '<span class="footnote-inline">A raw note.</span>' in page


def test_display_math_only_in_a_listing_caption_is_numbered() -> None:
    """The caption is read from an attribute while numbering: the look must count listings."""
    page = html('```{#lst:a caption="Code for $$a=b$$ {#eq:one}"}\nx = 1\n```\n\nSee @eq:one.\n')
    assert '<span class="eq-number">(1)</span>' in page
    assert refs(page) == [("eq:one", "(1)")]


def test_math_in_a_block_without_references_is_still_rewritten() -> None:
    """The reference pass also rewrites math (\\mathbf upright): a block with math and no
    reference is not skipped."""
    page = html("A vector $\\mathbf{x}$ alone.\n\nAnd [@smith2020] elsewhere.\n")
    assert "\U0001d431" in page  # MATHEMATICAL BOLD SMALL X


def test_an_ordinary_citation_beside_a_reference_in_one_block() -> None:
    page = html("![One](a.png){#fig:a}\n\nAs [@smith2020] and @fig:a show.\n")
    assert refs(page) == [("fig:a", "Figure\u00a01")]
    assert 'data-cites="smith2020"' in page
