"""The last page, printed before it is known: one layout instead of two.

Where the front matter names no `lpage`, the pandoc step makes the page with a mark for it (a
last page no paper has: `Pages: 1 – 900000000`, and in citeproc's self-citation); the pdf
step puts WeasyPrint's `target-counter()` of an element at the end of the body in its place,
so the one layout prints the PDF's own last page, then writes the number into pandoc's page
and metadata.json for the HTML edition. Where floats end the document after that element,
the count is taken and the pandoc step run again with it (jobs/build.py).
"""

from __future__ import annotations

import re

UNKNOWN_PAGES = 900_000_000  # the count the pandoc step assumes while none is known
END_ID = "docbuild-end"  # the empty element after the body whose page is the last
LAST_PAGE_CSS = f"""
.docbuild-lpage::before {{ content: target-counter(url(#{END_ID}), page); }}
#{END_ID} {{ display: block; height: 0; margin: 0; padding: 0; break-before: avoid; }}
"""
_TAG = re.compile(r"(<[^>]*>)")


def _in_text(page: str, mark: int, replacement: str) -> str:
    """`mark` replaced where it is a whole number in the page's text (never in a tag: after a
    "<" with no ">" between, before a ">"). Each place is looked at, not the whole page: a
    book's page is megabytes, the mark in it once or twice."""
    # str.find, not a regular expression with a look-behind: on a book's page that was a
    # scan of megabytes in Python's regex engine, on each save of `docbuild preview`.
    text = str(mark)
    out: list[str] = []
    done = 0
    at = page.find(text)
    while at >= 0:
        end = at + len(text)
        whole = not (at > 0 and page[at - 1].isdecimal()) and not page[end : end + 1].isdecimal()
        # inside a tag: after a "<" with no ">" between, before a ">"
        tag = page.rfind("<", 0, at) > page.rfind(">", 0, at) and page.find(">", at) >= 0
        if whole and not tag:
            out += [page[done:at], replacement]
            done = end
        at = page.find(text, end if whole else at + 1)
    return "".join(out) + page[done:]


def mark_for_pdf(page: str, mark: int) -> str:
    """The page for WeasyPrint: the mark a counter of the end element's page."""
    marked = _in_text(page, mark, '<span class="docbuild-lpage"></span>')
    end = f'<div id="{END_ID}"></div>'
    at = marked.rfind("</body>")
    return marked[:at] + end + marked[at:] if at >= 0 else marked + end


def fill_last_page(page: str, mark: int, last: int | str) -> str:
    """pandoc's page with the PDF's last page in place of the mark (the HTML edition's)."""
    return _in_text(page, mark, str(last))
