"""The CSS docbuild adds around a style's print CSS (render/pdf.py puts them in order)."""

from __future__ import annotations

from pathlib import Path

# Math arrives as SVG (render/math.py); these rules place it. They come before the style's
# print CSS, which may change them (the spacing around display math, say).
MATH_CSS = """
img.docbuild-math { overflow: visible; }
.docbuild-math-display { display: block; text-align: center; margin: 0.5em 0; }
.equation { display: block; position: relative; margin: 0.5em 0; }
.equation .docbuild-math-display { margin: 0; }
/* The number stands in the padding, so an equation shrunk to the column's width stops short
   of it (2.5 em: a two-digit number and some space); as wide on both sides, an equation that
   fits is centred where it was. WeasyPrint's flex layout, which could move a wide equation
   left first as TeX does, does not keep its items' minimum widths. */
.equation { padding: 0 2.5em; }
.equation .eq-number {
  position: absolute; right: 0; top: 50%; transform: translateY(-50%); text-indent: 0;
}
"""
# pyphen reads a bare `en` as British English ("Americ-an", "capit-als"); TeX's `english`
# and docbuild's default are American, so a paper that says only `en` is hyphenated so too.
# The PDF's /Lang stays what the paper says. Before the style's CSS, which may say otherwise.
LANG_CSS = """
[lang="en"] { -weasy-lang: "en-US" !important; }  /* above the attribute's own */
"""
# After the style's CSS: a hyphen inside code would change what a reader copies.
CODE_CSS = """
code, pre, kbd, samp, code *, pre * { hyphens: none !important; }
"""
HIGHLIGHT_CSS = Path(__file__).with_name("highlight.css")  # pandoc's token colours, both editions
DRAFT_CSS = """
@page {{
  @left-middle {{
    content: "DRAFT \\2014  {count} reference problem{s}";
    font-size: 6.5pt; font-style: normal; font-weight: normal; color: #b00;
    text-align: center; vertical-align: middle; hyphens: manual;
  }}
}}
"""


def extra_css(metadata: dict[str, object], lint_errors: int) -> str:
    """What docbuild adds after the style's print CSS: first page number and DRAFT mark."""
    css = ""
    fpage = metadata.get("fpage")
    if isinstance(fpage, int) and fpage > 1:
        # WeasyPrint resets the page counter after counting the page it is on.
        css += f"@page :first {{ counter-reset: page {fpage}; }}\n"
    if lint_errors > 0:
        css += DRAFT_CSS.format(count=lint_errors, s="" if lint_errors == 1 else "s")
    return css
