"""Figure and table numbers typed by hand ("shown in Figure 3") that the paper does not have:
the page numbers only the floats with an id, so a typed number can point at nothing."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from docbuild.diagnostics import Diagnostic, Location
from docbuild.render.findings import TYPED_NUMBER_MISSING, finding
from docbuild.render.places import find_text

# A typed reference in English, the words of pandoc-crossref's and Quarto's defaults; a
# chapter-numbered "Figure 2.1" and a subfigure's "Figure 1b" are left alone.
_TYPED = re.compile(r"\b(?P<word>Figure|Fig\.|Table)\s+(?P<n>\d+)(?![\w.]\d|[a-z])")
_KIND = {"Figure": "figure", "Fig.": "figure", "Table": "table"}
# What is not the author's running text: links (the cross-references docbuild printed among
# them), captions, code, the reference list, and tags.
_NOT_TEXT = re.compile(
    r"(?s)<(a|figcaption|caption|pre|code|script|style)\b.*?</\1>|<div id=\"refs\".*"
)
_TAG = re.compile(r"<[^>]+>")
_NUMBERED = {"figure": re.compile(r"<figcaption><span class=\"caption-label\">"),
             "table": re.compile(r"<caption><span class=\"caption-label\">")}  # fmt: skip
_CAPTIONED = {"figure": re.compile(r"<figcaption\b"), "table": re.compile(r"<caption\b")}


def typed_numbers_missing(page: str, files: Sequence[Path]) -> list[Diagnostic]:
    """One warning for each typed "Figure N" / "Table N" where the page numbers no float of
    that kind but has captioned ones (so the author typed the numbers their own tool gave),
    located at its first place in the manuscript files. Where the page numbers some, a typed
    number past them is most often another work's ("Figure 5 of the original article", in
    the ReScience replications of the corpus): not reported."""
    body = page.split("<body", 1)[-1]
    text = html.unescape(_TAG.sub(" ", _NOT_TEXT.sub(" ", body))).replace("\u00a0", " ")
    # Per kind, its captioned floats where the page numbers none of them (else 0: not asked).
    unnumbered = {
        kind: 0 if _NUMBERED[kind].search(body) else len(_CAPTIONED[kind].findall(body))
        for kind in _CAPTIONED
    }
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for m in _TYPED.finditer(text):
        typed = f"{m['word']} {m['n']}"
        kind = _KIND[m["word"]]
        captioned = unnumbered[kind]
        if typed in seen or not captioned:
            continue
        seen.add(typed)
        where = find_text(files, typed) or Location(files[0] if files else Path("."), 0)
        label = "#fig:x" if kind == "figure" else "#tbl:x"
        its = f"its {kind}" if captioned == 1 else f"its {captioned} {kind}s"
        out.append(
            finding(
                TYPED_NUMBER_MISSING,
                where,
                f"the text says '{typed}', typed by hand, but the paper numbers no {kind}s:"
                f" {its} {'has' if captioned == 1 else 'have'} a caption but no id",
                fix=f"give the {kind} an id ({{{label}}}) and write @{label[1:]}, which prints"
                " its number",
            )
        )
    return out
