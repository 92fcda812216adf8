"""render/lastpage.py: the mark for the last page, replaced in the page's text only."""

from __future__ import annotations

from docbuild.render.lastpage import END_ID, fill_last_page, mark_for_pdf

MARK = 900_000_000
PAGE = (
    '<html><body><p class="pages">Pages: 1 – 900000000</p>'
    '<a href="#p900000000" title="900000000">1–900000000</a>'
    "<p>In 1900000000 and 9000000001, no mark.</p></body></html>"
)


def test_the_mark_becomes_a_counter_of_the_end_elements_page() -> None:
    page = mark_for_pdf(PAGE, MARK)
    assert page.count('<span class="docbuild-lpage"></span>') == 2
    assert 'href="#p900000000" title="900000000"' in page  # attributes are left alone
    assert "1900000000 and 9000000001" in page  # only the whole number is the mark
    assert page.endswith(f'<div id="{END_ID}"></div></body></html>')


def test_the_html_edition_gets_the_number() -> None:
    page = fill_last_page(PAGE, MARK, 5)
    assert "Pages: 1 – 5</p>" in page and ">1–5</a>" in page
    assert 'title="900000000"' in page and "1900000000" in page


def test_the_mark_is_whole_beside_any_decimal_digit() -> None:
    """A digit of any script next to it makes it part of another number (as `\\d` did),
    and a mark right after one that is not whole is still found."""
    page = "<p>٣900000000 9000000009000000000 900000000٣ (900000000)</p>"
    assert fill_last_page(page, MARK, 7) == ("<p>٣900000000 9000000009000000000 900000000٣ (7)</p>")
    assert fill_last_page("<p>900000000900000000</p>", MARK, 7) == "<p>900000000900000000</p>"
    assert fill_last_page("900000000<", MARK, 7) == "7<"  # an unclosed "<" is no tag
