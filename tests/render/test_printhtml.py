"""The page marked for print (render/printhtml.py): blocks numbered, wide floats, tables."""

from __future__ import annotations

import re

from docbuild.render.printhtml import UNIT, index_units, is_movable, mark_for_print

BODY = """<html><body><header><p>front</p></header>
<main id="content">
<h1 id="sec:a">A</h1>
<p>one <em>two</em><br>three</p>
<figure id="fig:x"><img src="x.png" class="wide" alt="x"><figcaption>X</figcaption></figure>
<div class="column-page"><figure id="fig:q"><img src="q.png"></figure></div>
<div class="note"><p>a note</p><figure><img src="n.png"></figure></div>
<hr>
<table id="tbl:t" class="wide"><tbody><tr><td>517</td><td>a word</td></tr></tbody></table>
<div id="refs"><div class="csl-entry">Ref</div></div>
</main>
<p>after</p>
</body></html>"""


def rows(n: int, caption: str = "<caption>Lengths</caption>") -> str:
    cells = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(n))
    head = "<thead><tr><th>N</th></tr></thead>"
    return f'<main><table id="tbl:l">{caption}{head}<tbody>{cells}</tbody></table></main>'


def test_the_body_blocks_in_order_with_their_kinds() -> None:
    units = index_units(BODY)
    assert [(u.tag, u.kind) for u in units] == [
        ("h1", "heading"),
        ("p", "text"),
        ("figure", "wide"),  # {.wide} puts the class on the image
        ("div", "wide"),  # Quarto's column: page
        ("div", "text"),  # a div with text in it stays where it is
        ("hr", "text"),
        ("table", "wide"),
        ("div", "text"),  # the reference list
    ]
    assert BODY[units[1].start : units[1].end] == "<p>one <em>two</em><br>three</p>"
    assert BODY[units[5].start : units[5].end] == "<hr>"


def test_markup_that_does_not_nest_leaves_the_page_alone() -> None:
    broken = "<main><p>one <em>two</p><p>three</p></main>"
    assert index_units(broken) == []
    assert mark_for_print(broken) == broken
    assert index_units("<p>no body</p>") == []


def test_marking_only_adds_attributes_and_classes() -> None:
    marked = mark_for_print(BODY)
    assert re.findall(rf'<(\w+) {UNIT}="(\d+)"', marked)[:3] == [
        ("h1", "0"),
        ("p", "1"),
        ("figure", "2"),
    ]
    assert '<figure data-docbuild-unit="2" class="wide" id="fig:x">' in marked
    assert '<div data-docbuild-unit="3" class="column-page wide">' in marked
    # A table's column-span is its wrapper box's: a block around it spans the columns.
    assert '<div data-docbuild-unit="6" class="wide"><table id="tbl:t" class="wide' in marked
    assert '<td class="docbuild-number">517</td><td>a word</td>' in marked
    unmarked = re.sub(rf' {UNIT}="\d+"', "", marked)
    for added, before in [
        (' class="docbuild-number"', ""),
        (" docbuild-keep", ""),
        ('<figure class="wide"', "<figure"),
        ("column-page wide", "column-page"),
        ('<div class="wide"><table', "<table"),
        ("</table></div>", "</table>"),
    ]:
        unmarked = unmarked.replace(added, before)
    assert unmarked == BODY


def test_a_short_table_is_kept_whole() -> None:
    marked = mark_for_print(rows(8))
    assert '<table data-docbuild-unit="0" class="docbuild-keep" id="tbl:l">' in marked
    assert marked.count("<tbody") == 1


def test_a_short_table_without_a_caption_stays_in_the_flow_and_may_break() -> None:
    """An uncaptioned table is part of the text (humanities-bibcrit's list of tools): the
    float pass never moves it, and it breaks as a long table does, its rows grouped."""
    (captioned,) = index_units(rows(8))
    (bare,) = index_units(rows(8, caption=""))
    assert (captioned.kind, is_movable(captioned)) == ("float", True)
    assert (bare.kind, is_movable(bare)) == ("float", False)
    marked = mark_for_print(rows(8, caption=""))
    assert '<table data-docbuild-unit="0" id="tbl:l">' in marked
    assert marked.count('<tbody class="docbuild-keep">') == 2


def test_a_long_table_keeps_its_first_and_last_two_rows_together() -> None:
    marked = mark_for_print(rows(9))
    bodies = re.findall(r"<tbody([^>]*)>(.*?)</tbody>", marked)
    assert [(attrs, len(re.findall("<tr>", body))) for attrs, body in bodies] == [
        (' class="docbuild-keep"', 2),
        ("", 5),
        (' class="docbuild-keep"', 2),
    ]
    assert re.sub(r"</tbody><tbody[^>]*>", "", marked).count("<tr>") == 10


def test_numbers_are_cells_of_digits_and_their_signs() -> None:
    cells = ["12.5%", "1 234", "(0.03)", "2014–2019", "0.5 ± 0.1", "−3", "<b>7</b>", "$1,200"]
    words = ["Q1", "n/a", "3 km", "", "A", "2 apples"]
    page = "<main><table><tbody><tr>" + "".join(f"<td>{c}</td>" for c in cells + words)
    marked = mark_for_print(page + "</tr></tbody></table></main>")
    assert marked.count("docbuild-number") == len(cells)


def test_a_paragraph_s_last_two_words_are_tied() -> None:
    from docbuild.render.printhtml import tie_last_words

    assert tie_last_words("<p>one two three</p>") == "<p>one two\u00a0three</p>"
    cited = '<p>as argued <a href="#ref-j">(Javed, 2022)</a>.</p>'
    assert tie_last_words(cited) == '<p>as argued <a href="#ref-j">(Javed,\u00a02022)</a>.</p>'
    assert tie_last_words("<p>a <em>b</em></p>") == "<p>a\u00a0<em>b</em></p>"
    for alone in ("<p>word</p>", "<p>a internationalisation</p>", '<p>x <img alt="a b"></p>'):
        assert tie_last_words(alone) == alone
    assert "one two\u00a0three" in mark_for_print("<main><p>one two three</p></main>")


def test_a_long_word_may_break_where_pango_would_not() -> None:
    from docbuild.render.printhtml import BREAK, break_long_words

    def marked(block: str) -> str:  # the breaks shown as |
        return break_long_words(block).replace(BREAK, "|")

    code = "<p><code>amce$funded_primarily_by_government_grants$nice_ci_pd</code> a</p>"
    assert marked(code) == (
        "<p><code>amce$|funded_|primarily_|by_|government_|grants$|nice_|ci_pd</code> a</p>"
    )
    url = '<p><a href="https://x.org/a_b">https://x.org/Jan%20Plenary%20Results.pdf?a=1&amp;b=2</a></p>'
    assert marked(url) == (
        '<p><a href="https://x.org/a_b">https://x.org/Jan|%20Plenary|%20Results|.pdf|?a=|1&amp;b=2</a></p>'
    )
    # Before a dot and a letter, never in a number or a DOI's prefix, nor in the host name, nor
    # between a DOI's prefix and suffix (whole where it fits); not within a part of a path
    # shorter than a long word (`x#frag`, which the slash before it lets break).
    assert marked("<p>10.1371/journal.pcbi.1005510</p>") == "<p>10.1371/journal|.pcbi.1005510</p>"
    doi = "<p>10.1016/j.worlddev.2016.02.001</p>"
    assert marked(doi) == doi  # not `10.1016/j|.worlddev`: one letter alone
    assert marked("<p>https://example.org/2020/05/a_long_page_name#results</p>") == (
        "<p>https://example.org/2020/05/a_|long_|page_|name|#results</p>"
    )
    assert marked("<p>https://example.org/a/2020/05/x#frag</p>") == (
        "<p>https://example.org/a/2020/05/x#frag</p>"
    )
    # Short words, a slash (Pango's own break), the attributes, and a break that would leave
    # one or two letters alone (`README.|md`, `b=|2`, `ci_|pd` above) are left alone.
    for kept in (
        "<p>__init__ a_b x=1</p>",
        "<p>https://doi.org/10.1038/s41586-020-2649-2</p>",
        "<p>https://github.com/foo-bar/baz_qux/blob/main/README.md</p>",
    ):
        assert break_long_words(kept) == kept
    assert marked("<p>the_longest_module_name.md</p>") == "<p>the_|longest_|module_|name.md</p>"
    # A file's extension alone on a line only after a hash (gfpr manubot-governance's list).
    assert marked("<p>Fairness_In_Precision_Medicine_Feb2018.pdf</p>") == (
        "<p>Fairness_|In_|Precision_|Medicine_|Feb2018.pdf</p>"
    )
    assert marked("<p>20121203_RL33528_ebc4cd402342b9bbf91bebdb37bbe6bdc06e57ae.pdf</p>") == (
        "<p>20121203_|RL33528_|ebc4cd402342b9bbf91bebdb37bbe6bdc06e57ae|.pdf</p>"
    )
    once = break_long_words(url)
    assert break_long_words(once) == once


def test_long_words_break_in_running_text_and_the_reference_list() -> None:
    from docbuild.render.printhtml import BREAK

    page = (
        "<main><p>a_very_long_identifier_in_text</p><pre>a_very_long_identifier_in_code</pre>"
        "<table><tr><td>a_very_long_identifier_in_a_cell</td></tr></table>"
        '<div class="csl-bib-body"><div class="csl-entry">a_very_long_identifier_cited</div></div>'
        "</main>"
    )
    marked = mark_for_print(page).replace(BREAK, "|")
    assert "a_|very_|long_|identifier_|in_|text" in marked
    assert "a_|very_|long_|identifier_|cited" in marked
    assert marked.count("|") == 9


def test_a_header_of_short_words_keeps_them_whole() -> None:
    head = "<thead><tr><th>Table</th><th>Valu&shy;e</th><th>Description</th></tr></thead>"
    body = "<tbody><tr><th>row</th><td>1</td></tr></tbody>"
    page = f'<main><table id="tbl:p">{head}{body}</table></main>'
    marked = mark_for_print(page)
    assert marked.count('<th class="docbuild-words">') == 3  # the header row, not the row's
    wide = "".join(f"<th>Column{i}header</th>" for i in range(4))  # 4 x 13 > HEAD_WORDS
    assert "docbuild-words" not in mark_for_print(
        f"<main><table><thead><tr>{wide}</tr></thead><tbody><tr><td>1</td></tr></tbody></table></main>"
    )
