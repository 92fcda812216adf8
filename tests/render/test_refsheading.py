"""Every style prints its own References heading above the list, once (render/refsheading.py)."""

from __future__ import annotations

from docbuild.render.refsheading import references_empty, with_references_heading

REFS = '<div id="refs" class="references" role="list">\n<div id="ref-a">A</div>\n</div>'
STYLES = '<h1 class="references-heading unnumbered"'


def test_the_manuscript_s_heading_gives_way_to_the_style_s_and_keeps_its_id() -> None:
    page = f'<main><p>text</p>\n<h1 data-number="5" id="sec:refs">Bibliography</h1>\n{REFS}</main>'
    assert with_references_heading(page, "References") == (
        f'<main><p>text</p>\n{STYLES} id="sec:refs">References</h1>\n{REFS}</main>'
    )


def test_a_list_without_a_heading_gets_one() -> None:
    page = f"<main><h1>Conclusion</h1>\n<p>text</p>\n{REFS}</main>"
    out = with_references_heading(page, "References")
    assert out == page.replace(REFS, f'{STYLES} id="references">References</h1>\n{REFS}')


def test_the_author_s_references_section_with_an_introduction_is_not_doubled() -> None:
    note = "<p>Sources in Russian are transliterated.</p>"
    page = f"<main><h1>References</h1>\n{note}\n{REFS}</main>"
    assert with_references_heading(page, "References") == page
    # another heading above text is the author's section: the style's heading is added
    other = page.replace("<h1>References</h1>", "<h1>Methods</h1>")
    assert with_references_heading(other, "References").count(STYLES) == 1


def test_no_list_no_title_no_change_and_a_taken_id_is_not_reused() -> None:
    assert with_references_heading("<main><p>no citations</p></main>", "References") == (
        "<main><p>no citations</p></main>"
    )
    assert with_references_heading(f"<main>{REFS}</main>", "") == f"<main>{REFS}</main>"
    taken = f'<main><h2 id="references">Related work</h2><p>x</p>{REFS}</main>'
    assert f"{STYLES}>Références &amp; notes</h1>" in with_references_heading(
        taken, "Références & notes"
    )


def test_an_empty_list_gets_no_heading_and_loses_the_one_over_it() -> None:
    empty = '<div id="refs" role="list">\n\n</div>'
    page = f'<main><p>text</p>\n<h2 id="references">References</h2>\n{empty}</main>'
    assert with_references_heading(page, "References") == f"<main><p>text</p>\n{empty}</main>"
    assert references_empty(page)
    bare = f"<main><p>text</p>\n{empty}</main>"
    assert with_references_heading(bare, "References") == bare
    assert not references_empty(f"<main>{REFS}</main>")
    assert not references_empty("<main><p>no citations</p></main>")
