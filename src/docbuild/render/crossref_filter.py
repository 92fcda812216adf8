"""The cross-reference filter's own pandoc run (crossref.lua, JSON to JSON), given only the
top-level blocks it can have work in: the others wait here, as placeholders, and are put back.

pandoc hands a Lua filter every element of what it reads and reads back what the filter
returns, so the run costs what it is given (docs/performance.md): on a paper, most paragraphs
are prose and bibliography citations, which the filter leaves as they are. A block goes to
the filter when it holds anything the filter looks at (see `_WORK`); the filter's numbering
state changes only at such elements, so its output is the same as for the whole document.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
from pathlib import Path

from docbuild.render import pandoc

Node = dict[str, object]

# What the filter works on or changes, as json.dumps (default separators) writes it; a block
# holding none of these reaches the filter's walks only to be handed back unchanged. Any Div
# and any Image go (Quarto's `::: {#fig-x}`, a `\label` in an image's caption); `{{<` is a
# Quarto shortcode, in whatever text it stands, `@ref(` bookdown's reference. Math
# (_MATH_MARK) goes unless the filter would hand it back as it was (`_math_unchanged`).
_WORK = (
    *(f'"t": "{tag}"' for tag in ("Header", "Figure", "Table", "CodeBlock", "RawBlock",
                                  "RawInline", "Note", "Div", "Image")),
    "{{<",
    "@ref(",  # bookdown's `\@ref(fig:x)`, a Str to pandoc
    "(ref:",  # bookdown's text reference `(ref:name)`, and the paragraph naming its text
)  # fmt: skip
_MATH_MARK = '"t": "Math"'
# A Math element as json.dumps writes it: its kind, and its TeX as a JSON string.
_MATH = re.compile(r'\{"t": "Math", "c": \[\{"t": "(\w+)"\}, "((?:[^"\\]|\\.)*)"\]\}')
# What crossref_equations.lua's math_text rewrites in an expression's TeX (upright_bold:
# \mathbf; texmath_compatible: \hbox, \mathrlap, \mathllap, \rlap, \llap, an array's
# columns, the row break closing an array, a matrix or cases, `\displaystyle` where it
# changes the style; font_switches: `{\rm x}`), found
# more widely: inline math with none of these comes back from the filter as it went, and
# display math may be numbered. (A math paper's paragraphs are mostly prose and inline math:
# sending them all cost 0.5 s of pandoc's CPU on 600 expressions.)
_REWRITTEN = ("mathbf", "hbox", "lap", "array", "matrix", "cases", "displaystyle")
# `{\rm x}`, or `\bf A` at the head of the math, as the TeX stands in the JSON string (its
# backslash escaped)
_FONT_SWITCH = re.compile(r"(?:\{|^)\s*\\\\(?:rm|bf|it|sf|tt|cal)(?![A-Za-z])")
_CITATION_ID = re.compile(r'"citationId": "((?:[^"\\]|\\.)*)"')
# A citation the filter may take for a cross-reference: crossref.lua's `kind_of` prefixes
# (LaTeX's, any case, before ':'; Quarto's before '-'), matched a little more widely.
_MAYBE_KIND = re.compile(
    r"(?:fig|tab|tbl|sec|eqn?|lst|chap|app)[:\-]|(?:thm|lem|cor|prp|cnj|def|exm|exr)-",
    re.IGNORECASE,
)
_KEPT = "docbuild-kept"  # the placeholder's class and attribute


def has_work(block_json: str) -> bool:
    """Whether the filter can change this block (its JSON, as json.dumps writes it)."""
    if any(mark in block_json for mark in _WORK):
        return True
    if _MATH_MARK in block_json and not _math_unchanged(block_json):
        return True
    for found in _CITATION_ID.finditer(block_json):
        if _MAYBE_KIND.match(json.loads(f'"{found[1]}"')):
            return True
    return False


def _math_unchanged(block_json: str) -> bool:
    """Whether every Math in the block is inline math the filter hands back as it was."""
    found = _MATH.findall(block_json)
    if len(found) != block_json.count(_MATH_MARK):
        return False  # a Math not written as _MATH reads it: the filter decides
    kept = (
        kind == "InlineMath"
        and not any(w in tex for w in _REWRITTEN)
        and not _FONT_SWITCH.search(tex)
        for kind, tex in found
    )
    return all(kept)


def filter_document(doc: Node, *, root: Path, timeout: float) -> tuple[Node, pandoc.PandocResult]:
    """`doc` through crossref.lua, as `pandoc -f json -t json --lua-filter crossref.lua` gives
    it, with the filter's warnings and reports. The blocks that did not go to pandoc are
    `doc`'s own objects in the result, not copies.

    A process that filters again what it filtered before (`docbuild preview`, after an edit in
    a paragraph with no work for the filter: the same blocks go, the same placeholders stand
    between them) takes that output instead of running pandoc: the filter reads nothing
    but its input and its own files, which are part of the comparison."""
    blocks = doc["blocks"]
    assert isinstance(blocks, list)
    kept: dict[str, object] = {}
    sent: list[str] = []
    for i, block in enumerate(blocks):
        text = json.dumps(block)
        if has_work(text):
            sent.append(text)
            continue
        key = f"{_NONCE}:{i}"
        kept[key] = block
        sent.append(json.dumps({"t": "Div", "c": [["", [_KEPT], [[_KEPT, key]]], []]}))
    rest = json.dumps({k: v for k, v in doc.items() if k != "blocks"})
    stdin = rest[:-1] + (', "blocks": [' if rest != "{}" else '"blocks": [')
    stdin += ", ".join(sent) + "]}"
    given = (str(root).encode(), _filter_sources(), stdin.encode("utf-8"))
    digest = hashlib.sha256(b"".join(hashlib.sha256(part).digest() for part in given)).digest()
    last = _LAST.get(digest)
    if last is not None:
        output, warnings, reports = last
        result = pandoc.PandocResult(output, warnings, tuple(json.loads(reports)))
    else:
        result = pandoc.run(
            ["-f", "json", "-t", "json", "--lua-filter",
             pandoc.option_path(pandoc.CROSSREF_FILTER)],
            cwd=root, stdin=given[2], timeout=timeout, what="the manuscript",
        )  # fmt: skip
        with _LAST_LOCK:  # the chapters' render filters two chapters at a time
            _LAST[digest] = (result.output, result.warnings, json.dumps(result.reports))
            while len(_LAST) > KEEP_RUNS:
                del _LAST[next(iter(_LAST))]
    out: Node = json.loads(result.output)
    filtered = out["blocks"]
    assert isinstance(filtered, list)
    out["blocks"] = [kept.pop(_placeholder_key(b), b) for b in filtered]
    if kept:
        raise AssertionError(f"the cross-reference filter lost {len(kept)} blocks")
    return out, result


_NONCE = secrets.token_hex(8)  # in each placeholder: an author's own div cannot pass for one
# The last runs of this process, oldest first: by a hash of what each was given (folder, the
# filter's files, the JSON), what it gave (the JSON, the warnings, the reports as JSON text,
# so none is shared). Several: a book's chapters go through the filter one by one, and a
# save in any chapter's prose must find that chapter's run (one, the last, served only
# saves in the chapter filtered last).
_LAST: dict[bytes, tuple[bytes, tuple[str, ...], str]] = {}
_LAST_LOCK = threading.Lock()
KEEP_RUNS = 64  # more chapters than a book has; each run is its blocks with work alone


def _filter_sources() -> bytes:
    """The filter's own files (crossref.lua and the modules it loads beside it)."""
    folder = pandoc.CROSSREF_FILTER.parent
    return b"".join(p.read_bytes() for p in sorted(folder.glob("crossref*.lua")))


def _placeholder_key(block: object) -> str:
    """The key of a placeholder as the filter hands it back; "" for any other block."""
    if not isinstance(block, dict) or block.get("t") != "Div":
        return ""
    attr, content = block["c"]
    if content or attr[1] != [_KEPT] or len(attr[2]) != 1 or attr[2][0][0] != _KEPT:
        return ""
    return str(attr[2][0][1])
