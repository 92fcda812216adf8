"""Quarto's conditional content, per edition: `.content-visible` and `.content-hidden` divs
and spans with `when-format` / `unless-format`. Pure.

One pandoc page serves both the HTML and the PDF edition, so `mark_editions` keeps what only
one of them shows, marked with a class, and `for_edition` cuts the other's out of the page
before that edition is made. JATS and DOCX are written from the AST, which `select_format`
trims for the one format. `when-meta` / `unless-meta` are left as written (shown): their
values often live in a `_quarto.yml` format block docbuild does not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# The two editions of the one page, and the class that marks what only one of them shows.
PAGE_EDITIONS = ("html", "pdf")
ONLY = {"html": "docbuild-html-only", "pdf": "docbuild-pdf-only"}
# What each docbuild output is to Quarto's format names and aliases: `html` is any HTML
# format; `pdf` and `latex` both mean Quarto's PDF (made through LaTeX there).
MATCHES = {
    "html": frozenset({"html", "html4", "html5"}),
    "pdf": frozenset({"pdf", "latex"}),
    "jats": frozenset({"jats", "jats_archiving", "jats_publishing", "jats_articleauthoring"}),
    "docx": frozenset({"docx"}),
}
CLASSES = ("content-visible", "content-hidden")

Node = dict[str, object]


def has_conditions(texts: Iterable[str]) -> bool:
    """Whether any text may hold conditional content (cheap: most papers have none)."""
    return any("content-visible" in t or "content-hidden" in t for t in texts)


def shown_in(classes: list[str], attrs: dict[str, str], output: str) -> bool | None:
    """Whether the element is shown in `output`; None when it is no conditional element of
    ours (no format condition)."""
    kind = next((c for c in classes if c in CLASSES), None)
    when, unless = attrs.get("when-format"), attrs.get("unless-format")
    if kind is None or (when is None and unless is None):
        return None
    names = MATCHES.get(output, frozenset({output}))
    condition = True
    if when is not None:
        condition = condition and _any_match(when, names)
    if unless is not None:
        condition = condition and not _any_match(unless, names)
    return condition if kind == "content-visible" else not condition


def _any_match(written: str, names: frozenset[str]) -> bool:
    return any(w.strip().lower() in names for w in re.split(r"[,\s]+", written) if w.strip())


def select_format(ast: Node, output: str) -> None:
    """Keep, for one output (`jats`, `docx`), what it shows: a conditional element becomes
    its content or nothing. In place."""
    _rewrite(ast, lambda classes, attrs: _single(shown_in(classes, attrs, output)))


def mark_editions(ast: Node) -> None:
    """The page for both editions: what both show becomes its content, what neither shows
    goes, what one shows is kept with its class (`for_edition` removes it from the other).
    In place."""

    def decide(classes: list[str], attrs: dict[str, str]) -> str | None:
        shown = [e for e in PAGE_EDITIONS if shown_in(classes, attrs, e)]
        if shown_in(classes, attrs, "html") is None:
            return None
        if len(shown) == len(PAGE_EDITIONS):
            return "unwrap"
        if not shown:
            return "drop"
        classes.append(ONLY[shown[0]])
        return None

    _rewrite(ast, decide)


def _single(shown: bool | None) -> str | None:
    if shown is None:
        return None
    return "unwrap" if shown else "drop"


# (classes, attributes) -> "unwrap", "drop" or None (keep; `classes` may have been added to)
Decide = Callable[[list[str], dict[str, str]], str | None]


def _rewrite(node: object, decide: Decide) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _rewrite(value, decide)
        return
    if not isinstance(node, list):
        return
    out: list[object] = []
    changed = False
    for item in node:
        _rewrite(item, decide)
        what = _decision(item, decide)
        if what is None:
            out.append(item)
            continue
        changed = True
        if what == "unwrap":
            assert isinstance(item, dict)
            content = item["c"][1]  # type: ignore[index]
            out.extend(content)
    if changed:
        node[:] = out


def _decision(item: object, decide: Decide) -> str | None:
    if not isinstance(item, dict) or item.get("t") not in ("Div", "Span"):
        return None
    c = item.get("c")
    if not isinstance(c, list) or len(c) != 2 or not isinstance(c[0], list) or len(c[0]) != 3:
        return None
    _id, classes, pairs = c[0]
    if not isinstance(classes, list) or not any(k in CLASSES for k in classes):
        return None
    attrs = {str(p[0]): str(p[1]) for p in pairs if isinstance(p, list) and len(p) == 2}
    if _id and decide(list(classes), attrs) == "unwrap":
        return None  # an id may be linked to: the element stays, shown
    return decide(classes, attrs)


def for_edition(page: str, edition: str) -> str:
    """pandoc's page without what only the other edition shows."""
    for other, mark in ONLY.items():
        if other != edition and mark in page:
            page = _cut(page, mark)
    return page


# pandoc writes a div that opens with a heading as a <section> (--section-divs).
_OPEN = re.compile(r"<(div|span|section)\b[^>]*\bclass=\"[^\"]*\b{mark}\b[^\"]*\"[^>]*>")


def _cut(page: str, mark: str) -> str:
    opening = re.compile(_OPEN.pattern.replace("{mark}", re.escape(mark)))
    parts: list[str] = []
    pos = 0
    while (m := opening.search(page, pos)) is not None:
        tag = m[1]
        tokens = re.compile(rf"<{tag}\b|</{tag}>")
        depth, at = 1, m.end()
        while depth and (t := tokens.search(page, at)) is not None:
            depth += -1 if t[0].startswith("</") else 1
            at = t.end()
        parts.append(page[pos : m.start()])
        pos = at
    parts.append(page[pos:])
    return "".join(parts)
