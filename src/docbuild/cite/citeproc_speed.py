"""citeproc-py 0.11 (pinned) asked each XPath of a style's tree once, its output left as it was.

citeproc-py finds a style's parts by XPath as it renders (the macro a name calls, the layout
above an element, a date's parts): 11,042 evaluations of 83 expressions for the 40 previews
`incomplete-entry` renders of tests/realworld/bib/bibdesk-cdl-master with APA, each compiled
anew by lxml, half the previews' cost. The answer to one expression on one element depends
only on the tree, and rendering changes the tree in one place only: a `cs:names` without a
`cs:name` gets one (`Names.render`), which none of the expressions can see (they ask for
ancestors, following siblings, and children other than `cs:name`). So each answer is kept by
element and expression. The elements kept stay the same Python objects (lxml keeps one proxy
per node while it is referenced), so the attributes citeproc-py sets on them (a layout's
`repressed`, a citation's `cites`) are where it looks for them, as before.

tests/cite/test_citeproc_speed.py renders entries with and without it; the previews of every
file of tests/realworld/bib/ in five styles were compared before it went in (bench/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The version whose code the reasoning above was checked against; another gets no memo.
_FOR_VERSION = "0.11.1"
# citeproc-py's own lookup, while the memo stands in for it.
_ASK: list[Callable[[Any, str], list[Any]]] = []
# (element, expression) -> its answer. The styles live as long as the process
# (`load_csl_style` keeps them), so their answers may too.
_ANSWERS: dict[tuple[object, str], list[Any]] = {}


def remember_xpath() -> None:
    """Install the memo (once per process); a no-op for a citeproc-py it was not checked on."""
    import citeproc
    from citeproc import model

    if _ASK or citeproc.__version__ != _FOR_VERSION:
        return
    ask = model.CitationStylesElement.xpath_search
    _ASK.append(ask)

    def xpath_search(self: Any, expression: str) -> list[Any]:
        key = (self, expression)
        answer = _ANSWERS.get(key)
        if answer is None:
            answer = _ANSWERS[key] = ask(self, expression)
        return answer

    model.CitationStylesElement.xpath_search = xpath_search


def forget_xpath() -> None:
    """Put citeproc-py's own lookup back, its answers dropped (for the test comparing both)."""
    from citeproc import model

    if _ASK:
        model.CitationStylesElement.xpath_search = _ASK.pop()
    _ANSWERS.clear()
