"""Step 3 of a chapter-at-a-time render (render/chapters.py): each chapter's blocks, with its
citations as citeproc printed them, become an HTML fragment on their own, footnotes numbered on
from the chapters before it; the bibliography is a piece of its own; the style's template is
filled once around a mark that the fragments replace."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from docbuild.digest import digest as _digest
from docbuild.render import cite_splice, pandoc
from docbuild.render.chapter_store import VERSION, Record, Setup, dumps

BODY_MARK = "<!-- docbuild:chapters-body -->"
FOOTNOTES_HEAD = (
    '<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">'
    "\n<hr />\n<ol>\n"
)
FOOTNOTES_TAIL = "\n</ol>\n</section>"


@dataclass(frozen=True, slots=True)
class _Piece:
    key: str  # what its blocks are made of
    make: object  # () -> its blocks, called only when its HTML is not kept


def pieces_of(
    filtered: list[Record],
    keys: list[str],
    cited_key: str,
    done: list[object],
    added: list[object],
    trailing: bool,
    div: bool,
) -> list[_Piece]:
    """Each chapter with its citations as citeproc printed them, and the bibliography where
    `cite_splice.splice` puts it: in place of the final heading, of the `#refs` div, or last."""
    pieces: list[_Piece] = []
    at = 0
    last = max((i for i, f in enumerate(filtered) if f["blocks"]), default=-1)
    added_key = _digest(cited_key, "bibliography", str(len(done)))  # what citeproc added
    for i, record in enumerate(filtered):
        cites = done[at : at + len(record["cites"])]  # type: ignore[arg-type]
        at += len(record["cites"])  # type: ignore[arg-type]
        drop = trailing and i == last
        holds_div = div and bool(record["refs"])
        # the filter's key and the numbers it looked up say what its blocks are
        # and its citations are citeproc's output (its key) from this place on
        key = _digest(keys[i], dumps(record["looked"]), cited_key, str(at), str(drop),
                      added_key if holds_div else "")  # fmt: skip

        def make(record: Record = record, cites: list[object] = cites, drop: bool = drop,
                 holds_div: bool = holds_div) -> list[object]:  # fmt: skip
            blocks = cite_splice.with_cites(record["blocks"], iter(cites))
            if drop:
                blocks = blocks[:-1]
            if holds_div:
                blocks = cite_splice.in_place_of_refs(blocks, added)
            return blocks

        pieces.append(_Piece(key, make))
    if not div:
        pieces.append(_Piece(added_key, lambda: added))
    return pieces


def html_fragments(
    pieces: list[_Piece], meta: object, args: list[str], setup: Setup
) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """The body: each piece's HTML, footnotes numbered on, and the footnotes at the end; the
    warnings; the pieces' HTML."""
    base = _digest(VERSION, "html", pandoc.pandoc_path(), dumps(args), dumps(meta))
    records: list[Record | None] = []
    keys: list[str] = []
    todo: list[tuple[int, list[object], int]] = []  # a piece to write: its place, blocks, offset
    count = 0
    for piece in pieces:
        key = _digest(base, piece.key)
        record = setup.store.get(key)
        if record is None or (record["notes"] and record["offset"] != count):
            blocks = piece.make()  # type: ignore[operator]
            todo.append((len(records), blocks, count))
            record = None
            count += _count_notes(blocks)
        else:
            count += int(record["notes"])  # type: ignore[call-overload]
        records.append(record)
        keys.append(key)
    # Every piece to write in one pandoc run (a cold build writes them all); a piece at a time
    # where that run's output does not split as expected.
    made = _fragments_together(todo, meta, args, setup) if len(todo) > 1 else None
    if made is None:
        made = []
        for _, blocks, offset in todo:
            alone = _fragment(blocks, offset, meta, args, setup)
            if alone is None:
                return None
            made.append(alone)
    for (at, _, _), record in zip(todo, made, strict=True):
        setup.store.put(keys[at], record)
        records[at] = record
    htmls: list[str] = []
    notes: list[str] = []
    warnings: list[str] = []
    for record in records:
        assert record is not None
        if record["html"]:
            htmls.append(str(record["html"]))
        if record["notes"]:
            notes.append(str(record["notes_html"]))
        warnings.extend(record["warnings"])  # type: ignore[arg-type]
    body = "\n".join(htmls)
    if notes:
        body += "\n" + FOOTNOTES_HEAD + "\n".join(notes) + FOOTNOTES_TAIL
    return body, tuple(warnings), tuple(htmls)


# Between the pieces of a run that writes several: a raw block pandoc copies as it is; the
# nonce keeps an author's own comment from passing for one.
_PIECE_MARK = f"<!-- docbuild:piece {secrets.token_hex(8)} -->"


def _fragments_together(
    todo: list[tuple[int, list[object], int]], meta: object, args: list[str], setup: Setup
) -> list[Record] | None:
    """`_fragment` of each piece in `todo` (its place, blocks, and the footnotes before it),
    from one pandoc run over all of them, a mark before each; None where the output is not
    of the shape expected, or pandoc warned (a warning is each piece's own, kept with it)."""
    if any(_ends_in_raw_newline(piece_blocks) for _, piece_blocks, _ in todo[:-1]):
        return None
    blocks: list[object] = []
    shapes: list[tuple[int, int, int]] = []  # each piece's notes, offset, dummy notes before it
    running = 0  # the notes written before the piece
    for _, piece_blocks, count in todo:
        notes = _count_notes(piece_blocks)
        offset = count if notes else 0
        gap = offset - running if notes else 0
        if gap < 0:
            return None
        blocks.append({"t": "RawBlock", "c": ["html", _PIECE_MARK]})
        if gap:
            blocks.append({"t": "Para", "c": [{"t": "Note", "c": []} for _ in range(gap)]})
        blocks.extend(piece_blocks)
        shapes.append((notes, offset, gap))
        running = offset + notes if notes else running
    result = _write(blocks, meta, args, setup)
    if result.warnings:
        return None
    text = result.output.decode("utf-8").removesuffix("\n")
    listed = ""
    if running:
        split = _split_notes(text)
        if split is None:
            return None
        text, listed = split
        if listed.count('<li id="fn') != running:
            return None  # a note holds what could pass for the start of another
    parts = text.split(_PIECE_MARK)
    if len(parts) != len(todo) + 1 or parts[0]:
        return None
    made: list[Record] = []
    at = 0  # in `listed`
    for i, (part, (notes, offset, gap)) in enumerate(zip(parts[1:], shapes, strict=True)):
        # the newline before the next mark; the last piece's was taken with the output's
        html = part.removeprefix("\n")
        html = html.removesuffix("\n") if i < len(shapes) - 1 else html
        own = ""
        if notes:
            empty, lead = _dummy_notes(offset - gap + 1, offset)
            if not listed.startswith(empty, at) or not html.startswith(lead):
                return None
            html = html[len(lead) :].removeprefix("\n") if gap else html
            at += len(empty)
            end = listed.find(f'\n<li id="fn{offset + notes + 1}"', at)
            end = len(listed) if end < 0 else end
            if not listed.startswith(f'<li id="fn{offset + 1}"', at):
                return None
            own, at = listed[at:end], end + 1
        made.append({"html": html, "notes_html": own, "notes": notes, "offset": offset,
                     "warnings": []})  # fmt: skip
    return made if at >= len(listed) else None


def _ends_in_raw_newline(blocks: list[object]) -> bool:
    """Whether the blocks end in raw text that ends in a newline: pandoc keeps that newline
    and adds its own before the next piece's mark, where the piece alone loses its last."""
    last = blocks[-1] if blocks else None
    while isinstance(last, dict) and last.get("t") == "Plain" and last.get("c"):
        last = last["c"][-1]  # type: ignore[index]
    if not isinstance(last, dict) or last.get("t") not in ("RawBlock", "RawInline"):
        return False
    content = last.get("c")
    return isinstance(content, list) and str(content[-1]).endswith("\n")


def _count_notes(node: object) -> int:
    stack, count = [node], 0
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += item.get("t") == "Note"
            stack.append(item.get("c"))
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _fragment(
    blocks: list[object], offset: int, meta: object, args: list[str], setup: Setup
) -> Record | None:
    """One piece as pandoc's HTML writer prints it in the whole document: `offset` footnotes
    before it (empty notes in a first paragraph, taken out again). None when the output is
    not of the shape expected."""
    notes = _count_notes(blocks)
    offset = offset if notes else 0
    dummies = [{"t": "Note", "c": []} for _ in range(offset)]
    lead = [{"t": "Para", "c": dummies}] if offset else []
    result = _write(lead + blocks, meta, args, setup)
    text = result.output.decode("utf-8").removesuffix("\n")
    listed = ""
    if notes:
        split = _split_notes(text)
        if split is None:
            return None
        text, listed = split
        empty, lead_html = _dummy_notes(1, offset)
        if not listed.startswith(empty) or not text.startswith(lead_html):
            return None
        listed = listed[len(empty) :]
        text = text[len(lead_html) :].removeprefix("\n") if offset else text
    return {"html": text, "notes_html": listed, "notes": notes, "offset": offset,
            "warnings": list(result.warnings)}  # fmt: skip


def _write(
    blocks: list[object], meta: object, args: list[str], setup: Setup
) -> pandoc.PandocResult:
    doc = {"pandoc-api-version": setup.api, "meta": meta, "blocks": blocks}
    return pandoc.run(
        args, cwd=setup.root, stdin=dumps(doc).encode("utf-8"), timeout=setup.timeout,
        what="the manuscript",
    )  # fmt: skip


def _split_notes(text: str) -> tuple[str, str] | None:
    """The HTML before the footnotes' section, and the section's list items; None when the
    output does not end in that section."""
    where = text.rfind(FOOTNOTES_HEAD)
    if where < 0 or not text.endswith(FOOTNOTES_TAIL):
        return None
    return text[:where].removesuffix("\n"), text[where + len(FOOTNOTES_HEAD) : -len(FOOTNOTES_TAIL)]


def _dummy_notes(first: int, last: int) -> tuple[str, str]:
    """What pandoc writes for the empty notes `first`..`last` put before a piece: their list
    items, and the paragraph of their calls ("" when there are none)."""
    numbers = range(first, last + 1)
    empty = "".join(f'<li id="fn{n}"></li>\n' for n in numbers)
    refs = "".join(
        f'<a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref"><sup>{n}</sup></a>'
        for n in numbers
    )
    return empty, f"<p>{refs}</p>" if refs else ""


def template_around(meta: object, args: list[str], setup: Setup) -> pandoc.PandocResult:
    """The style's template filled with the metadata around a mark for the body."""
    key = _digest(VERSION, "template", pandoc.pandoc_path(), dumps(args), dumps(meta))
    record = setup.store.get(key)
    if record is None:
        doc = {"pandoc-api-version": setup.api, "meta": meta,
               "blocks": [{"t": "RawBlock", "c": ["html", BODY_MARK]}]}  # fmt: skip
        result = pandoc.run(
            args, cwd=setup.root, stdin=dumps(doc).encode("utf-8"), timeout=setup.timeout,
            what="the manuscript",
        )  # fmt: skip
        record = {"output": result.output.decode("utf-8"), "warnings": list(result.warnings),
                  "reports": list(result.reports)}  # fmt: skip
        setup.store.put(key, record)
    return pandoc.PandocResult(
        str(record["output"]).encode("utf-8"),
        tuple(record["warnings"]),  # type: ignore[arg-type]
        tuple(record["reports"]),  # type: ignore[arg-type]
    )
