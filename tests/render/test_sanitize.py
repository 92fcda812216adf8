"""The HTML edition through an allow-list (nh3) with a Content-Security-Policy: exact edits,
exact reports, and everything pandoc writes for a paper kept."""

from __future__ import annotations

import subprocess

import pytest

from docbuild.render.pandoc import pandoc_path
from docbuild.render.sanitize import CSP_META, NO_SCRIPTS, is_script_url, sanitize_html


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
    assert [(r.what, r.why) for r in removals] == [
        ("script URL 'javascript:alert(document.cookie)'", NO_SCRIPTS),
        ("script URL 'javascript:alert(1)'", NO_SCRIPTS),
    ]


def test_script_elements_event_attributes_and_frames_are_removed() -> None:
    page = (
        "<p>a</p>\n<script>alert(1)</script>\n"
        '<img src="x.png" onerror="alert(2)" alt="x" />\n'
        '<iframe srcdoc="<script>alert(3)</script>"></iframe>\n'
    )
    out, removals = sanitize_html(page)
    assert out == '<p>a</p>\n\n<img src="x.png" alt="x">\n\n'
    assert [r.what for r in removals] == [
        "script element",
        "attribute 'onerror'",
        "element '<iframe>'",
    ]


PAGE = """<!DOCTYPE html>
<html lang="en" onload="x()">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=https://example.org/">
<link rel="prefetch" href="https://example.org/x">
<link rel="icon" href="https://example.org/i.png">
<base href="file:///etc/">
<title>A &amp; B</title>
</head>
<body onload="y()">
<p>text</p>
BODY
</body>
</html>
"""


def page_with(body: str) -> tuple[str, list[str]]:
    out, removals = sanitize_html(PAGE.replace("BODY", body))
    return out, [r.what for r in removals]


def test_the_head_keeps_only_charset_names_and_title_and_gains_the_policy() -> None:
    out, removed = page_with("")
    assert out == (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        f"{CSP_META}\n"
        '<meta charset="utf-8">\n<meta content="0;url=https://example.org/">\n\n\n\n'
        "<title>A &amp; B</title>\n</head>\n<body>\n<p>text</p>\n</body>\n</html>\n"
    )
    assert removed == [
        "attribute 'http-equiv' of <meta>",
        "element '<link>'",
        "element '<link>'",
        "element '<base>'",
    ]
    assert CSP_META == (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self'; "
        "base-uri 'none'; form-action 'none'\">"
    )


@pytest.mark.parametrize(
    ("body", "kept", "removed"),
    [
        (
            '<svg><animate attributeName="href" to="javascript:alert(1)"/>'
            '<set attributeName="href" to="javascript:alert(1)"/><circle r="1"/></svg>',
            '<svg><circle r="1"></circle></svg>',
            ["element '<animate>'", "element '<set>'"],
        ),
        (
            "<svg><foreignObject><p>x</p></foreignObject></svg>",
            "<svg></svg>",
            ["element '<foreignObject>'".lower()],
        ),
        (
            '<svg><use href="https://example.org/s.svg#a"/><use href="#a"/></svg>',
            '<svg><use></use><use href="#a"></use></svg>',
            ["address 'https://example.org/s.svg#a' in <use href>"],
        ),
        (
            '<object data="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"></object>'
            '<embed src="data:image/svg+xml,x"><iframe src="data:image/svg+xml,x"></iframe>',
            "",
            ["element '<object>'", "element '<embed>'", "element '<iframe>'"],
        ),
        (
            '<form action="https://example.org/"><input name="q"><button>go</button></form>',
            "<input>go",
            ["element '<form>'", "attribute 'name' of <input>", "element '<button>'"],
        ),
        (
            '<img src="data:image/svg+xml,x"><img src="data:image/png;base64,AAAA">',
            '<img><img src="data:image/png;base64,AAAA">',
            ["address 'data:image/svg+xml,x' in <img src>"],
        ),
        ("<style>@import url(https://example.org/a.css);</style>", "", ["element '<style>'"]),
    ],
)
def test_the_body_keeps_only_what_a_paper_needs(body: str, kept: str, removed: list[str]) -> None:
    out, what = page_with(body)
    assert out.split("<p>text</p>", 1)[1].split("</body>", 1)[0].strip() == kept
    assert what[4:] == removed  # after the four of the head


FEATURES = r"""# Head {#h .cls}

Text[^1] with $x^2 + \frac{1}{2}$, $$\int_0^1 f(x)\,dx = \sqrt{\alpha}$$ and
$\begin{matrix}a&b\\c&d\end{matrix}$, $\hat{x}\underbrace{y}_{n}$.

[^1]: A note.

| a | b |
|:--|--:|
| 1 | 2 |

: A table {#tbl:t}

- [ ] todo
- [x] done

Term
: Definition

```python
print("x")
```

[span]{.smallcaps} ~~del~~ H~2~O ^sup^ <abbr title="t">T</abbr>

> quote

::: {#d .c lang="fr" dir="rtl"}
div
:::

![A caption](figures/a.png){#fig:a width=50%}

<svg viewBox="0 0 10 10" width="10"><path d="M0 0L10 10" stroke="black"/></svg>
"""


def test_what_pandoc_writes_for_a_paper_is_kept() -> None:
    """MathML, footnotes, tables, figures, task lists, code, attributes: no removal, and the
    body's markup is what pandoc wrote (up to the serialisation of empty elements)."""
    html = subprocess.run(
        [pandoc_path(), "--mathml", "-t", "html5", "--wrap=none"],
        input=FEATURES.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    out, removals = sanitize_html(html)
    assert removals == []
    for fragment in (
        '<math display="block" xmlns="http://www.w3.org/1998/Math/MathML"><semantics>',
        "<mfrac><mn>1</mn><mn>2</mn></mfrac>",
        "<msqrt><mi>α</mi></msqrt>",
        "<mtable><mtr><mtd",
        '<annotation encoding="application/x-tex">',
        '<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>',
        '<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">',
        '<th style="text-align: left;">a</th>',
        '<input type="checkbox" checked="">done',
        '<figure id="fig:a">\n<img src="figures/a.png" style="width:50.0%" alt="A caption">\n'
        '<figcaption aria-hidden="true">A caption</figcaption>',
        '<span class="smallcaps">span</span>',
        '<div id="d" class="c" lang="fr" dir="rtl">',
        '<svg viewBox="0 0 10 10" width="10">\n<path d="M0 0L10 10" stroke="black"></path>',
    ):
        assert fragment in out, fragment
    assert sanitize_html(out) == (out, [])  # a second pass changes nothing


def test_a_whole_clean_page_is_stable() -> None:
    once, _ = page_with("")
    assert sanitize_html(once) == (once, [])


def _surveyed_whole(body: str) -> list[tuple[str, str]]:
    from docbuild.render.sanitize import _Survey

    survey = _Survey()
    survey.feed(body)
    survey.close()
    return [(r.what, r.value) for r in survey.removals]


PANDOC_MATH = (
    '<math display="inline" xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow>'
    '<mi>x</mi><mo stretchy="false" form="prefix">(</mo><mn>2</mn></mrow>'
    '<annotation encoding="application/x-tex">x(2 &lt; 3)</annotation></semantics></math>'
)


@pytest.mark.parametrize(
    ("body", "removed"),
    [
        (f"<p>Text {PANDOC_MATH} and {PANDOC_MATH}.</p>", []),
        ('<p><math><mi onclick="steal()">x</mi></math></p>', ["attribute 'onclick'"]),
        ('<p><math><mi href="javascript:x()">x</mi></math></p>', ["script URL 'javascript:x()'"]),
        ("<p><math><script>x()</script></math></p>", ["script element"]),
        ('<p><math><mi fontfamily="x">x</mi></math></p>', ["attribute 'fontfamily' of <mi>"]),
        ("<p><math><mglyph/></math></p>", ["element '<mglyph>'"]),
        (
            '<p><img alt="<math>" onerror="x()"> <math><mi>y</mi></math></p>',
            ["attribute 'onerror'"],
        ),
        ("<p><!-- <math> --> <iframe></iframe> </math></p>", ["element '<iframe>'"]),
        (f'<p><math><math onload="x()"></math>{PANDOC_MATH}</p>', ["attribute 'onload'"]),
        (f"<p><MATH><mi ONCLICK='x()'>x</mi></MATH>{PANDOC_MATH}</p>", ["attribute 'onclick'"]),
    ],
)
def test_math_the_survey_passes_over_is_math_it_would_find_nothing_in(
    body: str, removed: list[str]
) -> None:
    """The survey leaves out `<math>` elements of allowed MathML alone (sanitize.
    _without_plain_math): what it finds is what a survey of the whole body finds."""
    from docbuild.render.sanitize import _survey_body, _without_plain_math

    found = [(r.what, r.value) for r in _survey_body(body, ())]
    assert found == _surveyed_whole(body)
    assert [what for what, _ in found] == removed
    if body.startswith(f"<p>Text {PANDOC_MATH}"):
        assert _without_plain_math(body) == "<p>Text <math></math> and <math></math>.</p>"


def test_a_word_in_angle_brackets_is_text_read_as_a_tag() -> None:
    """maehr/diskriminierungsfreie-metadaten's handbook (@ bcf1ee7, CC BY-SA 4.0), line 951: a
    GND heading's qualifier in a table, `Androgynie <Psychologie>`. pandoc reads it as raw
    HTML; the sanitizer drops it, so the word was gone from both editions with the advice to
    remove raw HTML."""
    row = (
        "| Begriff | GND |\n| --- | --- |\n"
        "| Androgynie                          | Androgynie <Psychologie>                     |\n"
    )
    html = subprocess.run(
        [pandoc_path(), "-t", "html5", "--wrap=none"], input=row.encode(),
        capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    out, removals = sanitize_html(html)
    assert "Psychologie" not in out
    assert [(r.what, r.why, r.fix) for r in removals] == [
        ("'<Psychologie>', read as an HTML tag,", "the word is missing from both editions",
         "write \\<Psychologie\\> to print it in angle brackets"),
    ]  # fmt: skip
    _, others = sanitize_html("<p><form>x</form></p>")
    assert [(r.what, r.fix) for r in others] == [
        ("element '<form>'", "remove it from the manuscript's raw HTML"),
    ]
