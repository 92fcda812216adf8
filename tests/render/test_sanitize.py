"""Scripts never reach the HTML edition or the PDF: exact edits, exact reports."""

from __future__ import annotations

from docbuild.render.sanitize import is_script_url, sanitize_html


def test_script_urls_are_recognised_as_a_browser_reads_them() -> None:
    assert is_script_url("javascript:alert(1)")
    assert is_script_url(" JaVa\tScRiPt:alert(1)")
    assert is_script_url("data:text/html,<script>alert(1)</script>")
    assert not is_script_url("https://doi.org/10.1000/x")
    assert not is_script_url("#ref-khan2021")
    assert not is_script_url("data:image/png;base64,AAAA")


def test_script_links_lose_their_href_and_nothing_else_changes() -> None:
    page = (
        '<p><a href="javascript:alert(document.cookie)">click</a> and '
        '<a href="&#106;avascript:alert(1)" class="x">raw</a> and '
        '<a href="https://doi.org/10.1/x">doi</a></p>\n'
    )
    out, removals = sanitize_html(page)
    assert out == (
        '<p><a>click</a> and <a class="x">raw</a> and '
        '<a href="https://doi.org/10.1/x">doi</a></p>\n'
    )
    assert [r.what for r in removals] == [
        "script URL 'javascript:alert(document.cookie)'",
        "script URL 'javascript:alert(1)'",
    ]


def test_script_elements_and_event_attributes_are_removed() -> None:
    page = (
        "<p>a</p>\n<script>alert(1)</script>\n"
        '<img src="x.png" onerror="alert(2)" alt="x" />\n'
        '<iframe srcdoc="<script>alert(3)</script>"></iframe>\n'
    )
    out, removals = sanitize_html(page)
    assert out == '<p>a</p>\n\n<img src="x.png" alt="x" />\n<iframe></iframe>\n'
    assert [r.what for r in removals] == [
        "script element",
        "attribute 'onerror'",
        "attribute 'srcdoc'",
    ]


def test_clean_page_is_untouched() -> None:
    page = '<html><body><p class="a">x &amp; y</p><br/></body></html>'
    assert sanitize_html(page) == (page, [])
