"""The reference list under the style's own heading, once.

A journal prints its References heading whether or not the manuscript writes one: JOSS
papers end with `# References`, Quarto's with `# References {.unnumbered}`, many with none
(pandoc then appends the list with no heading). So the heading written directly above the
list is taken out (its id kept, so links to it still land) and the style's is put in its
place, unnumbered. A heading with text between it and the list is the author's own section
and stays; if it bears the style's title, the style adds none (never two). An empty list (no
cited work resolved: a Manubot paper's DOIs before `doit verify-refs`) gets no heading, and
the one written right above it goes too: a heading over nothing.
"""

from __future__ import annotations

import html
import re

REFS = re.compile(r'<div id="refs"[\s>]')
EMPTY_REFS = re.compile(r'<div id="refs"[^>]*>\s*</div>')
# A heading that ends right where the list starts, only white space between.
HEADING_BEFORE = re.compile(r"<h([1-6])\b([^>]*)>(?:(?!<h[1-6]\b).)*?</h\1>\s*\Z", re.S)
ID = re.compile(r'\sid="([^"]*)"')
LAST_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
DEFAULT_ID = "references"


def with_references_heading(page: str, title: str) -> str:
    """`page` with the style's heading `title` right above `<div id="refs">` (none if the
    page has no reference list or `title` is empty)."""
    found = REFS.search(page)
    if found is None or not title:
        return page
    before, after = page[: found.start()], page[found.start() :]
    anchor = DEFAULT_ID
    own = HEADING_BEFORE.search(before)
    if EMPTY_REFS.match(after):
        return before[: own.start()] + after if own is not None else page
    if own is not None:
        written = ID.search(own[2])
        anchor = written[1] if written else anchor
        before = before[: own.start()]
    else:
        last = list(LAST_HEADING.finditer(before))
        if last and _plain(last[-1][2]).casefold() == title.strip().casefold():
            return page  # the author's References section, with its own introduction
    if f'id="{anchor}"' in before or f'id="{anchor}"' in after:
        anchor = ""  # the id is taken elsewhere in the paper: the heading goes without one
    ident = f' id="{anchor}"' if anchor else ""
    heading = f'<h1 class="references-heading unnumbered"{ident}>{_escape(title)}</h1>\n'
    return before + heading + after


def references_empty(page: str) -> bool:
    """Whether `page` has a reference list with nothing in it."""
    found = REFS.search(page)
    return found is not None and EMPTY_REFS.match(page, found.start()) is not None


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
