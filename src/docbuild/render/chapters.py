"""A manuscript of several files rendered a file (a chapter) at a time: `citecache.render_html`'s
page, byte for byte, where an edit to one chapter re-runs pandoc on that chapter alone.

On a book every rebuild ran the cross-reference filter and the HTML writer over the whole
text (half a minute of a one-line save on the 100,000-word book, docs/performance.md). Here:

1. each chapter goes through the filter on its own, given the counters (figures, tables,
   equations, listings, sections) where the chapters before it left them and the numbers of
   the whole document, so a reference to a figure of another chapter prints its number; the
   filter says which numbers it looked up, and a chapter is filtered again only when its
   text, its counters at the start or one of those numbers changed;
2. citeproc runs on the citations of all chapters, as `citecache` does (kept while they stay
   the same);
3. each chapter's blocks, its citations as citeproc printed them, become an HTML fragment on
   their own, footnotes numbered on from the chapters before it; the bibliography is a
   fragment of its own; the style's template is filled once around a mark that the fragments
   replace.

Each step's output is kept in build/.cache/chapters/ (and in memory, for `docbuild preview`)
under a hash of everything it read. Where the split could print something else (a note style,
footnotes in the front matter, a template that uses what pandoc learns from the body), it
returns None and the caller renders the whole document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from docbuild import progress
from docbuild.digest import digest as _digest
from docbuild.fsutil import write_text_atomic
from docbuild.render import citecache, pandoc
from docbuild.render.crossref_filter import filter_document

CACHE_DIR = ".cache/chapters"  # under build/
VERSION = "1"  # bump when a cached record or the split changes
CHAPTER_KEY = "docbuild-crossref-chapter"  # crossref.lua's input for a chapter alone
BODY_MARK = "<!-- docbuild:chapters-body -->"
FOOTNOTES_HEAD = (
    '<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">'
    "\n<hr />\n<ol>\n"
)
FOOTNOTES_TAIL = "\n</ol>\n</section>"
# Template variables pandoc fills from what it met in the body (a math script, highlighting
# CSS, the bibliography's CSS, a table of contents): a template with one is filled by the
# whole run, which meets the whole body.
_BODY_VARIABLES = re.compile(
    r"\$(?:if\(|for\()?(?:math|highlighting-css|csl-css|csl-entry-spacing|"
    r"csl-hanging-indent|toc|table-of-contents|quotes|body-)"
)
# The order in which the filter reports over a whole document: its reference pass, then the
# raw TeX pass (each in document order); a chapter alone reports both for itself.
_REPORT_PASS = {"unknown-cross-reference": 0, "raw-tex-left-out": 1}
_START: dict[str, object] = {"counts": {"fig": 0, "tbl": 0, "eq": 0, "lst": 0}, "chapter": "",
                             "section": []}  # fmt: skip

Node = dict[str, object]
Record = dict[str, object]

# What the last render kept, by key: a warm process (`docbuild preview`) reads no file back.
_MEMORY: dict[str, Record] = {}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Store:
    """build/.cache/chapters/: one JSON file a record; those the render did not use go."""

    def __init__(self, build: Path) -> None:
        self.folder = build / CACHE_DIR
        self.used: dict[str, Record] = {}

    def get(self, key: str) -> Record | None:
        record = self.used.get(key) or _MEMORY.get(key)
        if record is None:
            try:
                loaded = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            record = loaded if isinstance(loaded, dict) else None
        if record is not None:
            self.used[key] = record
        return record

    def put(self, key: str, record: Record) -> None:
        self.used[key] = record
        self.folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.folder / f"{key}.json", _dumps(record))

    def finish(self) -> None:
        """Keep only what this render used, on disk and in memory."""
        _MEMORY.clear()
        _MEMORY.update(self.used)
        if self.folder.is_dir():
            for old in self.folder.glob("*.json"):
                if old.stem not in self.used:
                    old.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class _Setup:
    api: object  # the document's pandoc-api-version
    root: Path
    timeout: float
    store: _Store


def split(blocks: Sequence[object], parts: Sequence[int]) -> list[list[object]]:
    """The top-level blocks of each file, from the count of each (jobs/parse.py)."""
    out, at = [], 0
    for count in parts:
        out.append(list(blocks[at : at + count]))
        at += count
    if at != len(blocks):
        raise ValueError(f"the parts count {at} blocks of {len(blocks)}")
    return out


_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {}


def citation_groups(
    ast: Node, parts: Sequence[int] | None, keys: Sequence[str] | None
) -> tuple[tuple[str, ...], ...]:
    """`read_ast(ast).groups` (each citation's keys, in order), a chapter at a time where the
    parse says what each chapter is (`keys`): a warm process reads only the chapters that
    changed."""
    from docbuild.cite.pandoc_ast import read_ast

    blocks = ast.get("blocks")
    if parts is None or keys is None or len(parts) != len(keys) or not isinstance(blocks, list):
        return read_ast(ast).groups
    out: list[tuple[str, ...]] = []
    kept: dict[str, tuple[tuple[str, ...], ...]] = {}
    for key, chapter in zip(keys, split(blocks, parts), strict=True):
        groups = _GROUPS.get(key)
        if groups is None:
            groups = read_ast({"blocks": chapter}).groups
        kept[key] = groups
        out.extend(groups)
    _GROUPS.clear()
    _GROUPS.update(kept)
    return tuple(out)


def render_html(
    ast: Node,
    parts: Sequence[int],
    *,
    root: Path,
    template: Path,
    csl: Path,
    bibliography: Path | None,
    timeout: float,
    cache: Path,
    part_keys: Sequence[str] | None = None,
    images: Sequence[list[object]] | None = None,
) -> pandoc.PandocResult | None:
    """`citecache.render_html(ast, ...)`'s result, a chapter at a time; None where the split
    could print something else (the caller renders the whole document then).

    `part_keys` (each chapter's hash from the parse) and `images` (every image's target in
    `ast`, as the render left them) say what each chapter is without writing it out."""
    style = csl.read_bytes()
    meta = ast.get("meta", {})
    meta_text = _dumps(meta)
    if citecache._NOTE_STYLE.search(style) or '"t":"Note"' in meta_text:
        return None
    if _BODY_VARIABLES.search(template.read_text(encoding="utf-8")):
        return None
    blocks = ast.get("blocks")
    assert isinstance(blocks, list) and isinstance(meta, dict)
    setup = _Setup(ast.get("pandoc-api-version"), root, timeout, _Store(cache))
    progress.say(f"pandoc: cross-references in {len(parts)} chapters")
    chapters = split(blocks, parts)
    if part_keys is not None and images is not None and len(part_keys) == len(parts):
        # the blocks are what the parse made of those files, but for the images' targets
        targets = _dumps(list(images))
        contents = [_digest(key, targets) for key in part_keys]
    else:
        contents = [_digest(_dumps(chapter)) for chapter in chapters]
    done_filter = _filter_chapters(meta, meta_text, chapters, contents, setup)
    if done_filter is None:
        return None
    filtered, filter_keys = done_filter
    divs = [d for f in filtered for d in f["refs"]]  # type: ignore[attr-defined]
    nonempty = [i for i, f in enumerate(filtered) if f["blocks"]]
    last: list[object] = filtered[nonempty[-1]]["blocks"][-1:] if nonempty else []  # type: ignore[index]
    trailing = [b for b in last if isinstance(b, dict) and b.get("t") == "Header" and not divs]
    if len(divs) > 1 or any(next(citecache.citations(d), None) for d in [*divs, *trailing]):
        return None
    cites = [c for f in filtered for c in f["cites"]]  # type: ignore[attr-defined]
    out_meta = filtered[0]["meta"] if filtered else meta
    document = {"pandoc-api-version": setup.api, "meta": out_meta,
                "blocks": [{"t": "Para", "c": [c]} for c in cites] + divs + trailing}  # fmt: skip
    rendered, cited, cited_key = citecache.cached_citeproc(
        document, root=root, csl=csl, style=style, bibliography=bibliography, timeout=timeout,
        cache=cache,
    )  # fmt: skip
    out_blocks = rendered["blocks"]
    assert isinstance(out_blocks, list)
    done = [c for para in out_blocks[: len(cites)] for c in citecache.citations(para)]
    if len(done) != len(cites):
        return None
    added = out_blocks[len(cites) :]
    args = citecache._html_args(template, csl, bibliography)
    # The template's options out: a fragment is the body alone.
    fragment_args = [*args[:4], *args[7:]]
    assert args[4:6] == ["--standalone", "--template"]
    page_meta = rendered["meta"]
    pieces = _pieces(filtered, filter_keys, cited_key, done, added, bool(trailing), bool(divs))
    progress.say("pandoc: writing the HTML")
    written = _fragments(pieces, page_meta, fragment_args, setup)
    if written is None:
        return None
    body, warnings, fragments = written
    head = _template(page_meta, args, setup)
    if head.output.count(BODY_MARK.encode()) != 1:
        return None
    setup.store.finish()
    page = head.output.decode("utf-8").replace(BODY_MARK, body).encode("utf-8")
    reports = sorted(
        (r for f in filtered for r in f["reports"]),  # type: ignore[attr-defined]
        key=lambda r: _REPORT_PASS.get(str(r.get("docbuild")), 2),
    )
    return pandoc.PandocResult(
        page,
        tuple(w for f in filtered for w in f["warnings"])
        + cited.warnings
        + warnings  # type: ignore[attr-defined]
        + head.warnings,
        (*reports, *cited.reports, *head.reports),
        fragments,
    )


# 1. The filter, a chapter at a time ----------------------------------------------------------


def _filter_source() -> bytes:
    here = pandoc.CROSSREF_FILTER.parent
    return b"".join(p.read_bytes() for p in sorted(here.glob("crossref*.lua")))


def _filter_chapters(
    meta: Node,
    meta_text: str,
    chapters: list[list[object]],
    contents: list[str],
    setup: _Setup,
) -> tuple[list[Record], list[str]] | None:
    """Each chapter through crossref.lua, with its counters at the start and the whole
    document's numbers; a chapter run with numbers that turned out different runs again."""
    base = _digest(VERSION, "filter", pandoc.pandoc_path(), _filter_source(), meta_text)
    guess_key = _digest(base, "numbers")
    guess_record = setup.store.get(guess_key)
    guess = guess_record.get("numbers", {}) if guess_record else {}
    start: object = _START
    keys: list[str] = []
    records: list[Record] = []
    for blocks, content in zip(chapters, contents, strict=True):
        key = _digest(base, _dumps(start), content)
        record = setup.store.get(key)
        if record is None:
            record = _filter_one(meta, blocks, start, guess, setup)
            setup.store.put(key, record)
        keys.append(key)
        records.append(record)
        start = record["end"]
    numbers: dict[str, object] = {}
    for record in records:
        numbers.update(record["own"])  # type: ignore[arg-type]  # later ones win, as in one run
    stale = [i for i, r in enumerate(records) if not _same_numbers(r, numbers)]
    if stale:
        starts = [_START, *(r["end"] for r in records[:-1])]
        with ThreadPoolExecutor(max_workers=2) as pool:
            again = list(pool.map(
                lambda i: _filter_one(meta, chapters[i], starts[i], numbers, setup), stale
            ))  # fmt: skip
        for i, record in zip(stale, again, strict=True):
            if not _same_numbers(record, numbers) or record["end"] != records[i]["end"]:
                return None  # the numbering depends on more than this chapter says
            records[i] = record
            setup.store.put(keys[i], record)
    setup.store.put(guess_key, {"numbers": numbers})
    return records, keys


def _same_numbers(record: Record, numbers: dict[str, object]) -> bool:
    looked = record["looked"]
    assert isinstance(looked, dict)
    return all(numbers.get(k) == (v if v is not False else None) for k, v in looked.items())


def _as_dict(value: object) -> dict[str, object]:
    # Lua's empty table is written as [] or {}: both are "nothing".
    return dict(value) if isinstance(value, dict) else {}


def _filter_one(
    meta: Node, blocks: list[object], start: object, numbers: object, setup: _Setup
) -> Record:
    given = {**start, "numbers": numbers} if isinstance(start, dict) else {}  # type: ignore[dict-item]
    doc = {"pandoc-api-version": setup.api,
           "meta": {**meta, CHAPTER_KEY: {"t": "MetaString", "c": _dumps(given)}},
           "blocks": blocks}  # fmt: skip
    # Only the blocks with work go to pandoc (a chapter's prose waits as placeholders); a
    # chapter saved with an edit in its prose hands the filter what it had last, and
    # `filter_document` takes its last output then, without a pandoc run.
    out, result = filter_document(doc, root=setup.root, timeout=setup.timeout)
    state = next(r for r in result.reports if r.get("docbuild") == "crossref-chapter")
    looked = next(r for r in result.reports if r.get("docbuild") == "crossref-looked")
    section = state.get("section")
    out_blocks = out["blocks"]
    return {
        "blocks": out_blocks,
        "meta": out["meta"],
        "end": {
            "counts": _as_dict(state.get("counts")),
            "chapter": state.get("chapter", ""),
            "section": list(section) if isinstance(section, list) else [],
        },
        "own": _as_dict(state.get("numbers")),
        "looked": _as_dict(looked.get("ids")),
        "reports": [r for r in result.reports if r not in (state, looked)],
        "warnings": list(result.warnings),
        "cites": list(citecache.citations(out_blocks)),
        # Every div went to pandoc (a div is work): without "refs" in its output, none is one.
        "refs": citecache.refs_divs(out_blocks) if b'"refs"' in result.output else [],
    }


# 3. The HTML, a piece at a time --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    key: str  # what its blocks are made of
    make: object  # () -> its blocks, called only when its HTML is not kept


def _pieces(
    filtered: list[Record],
    keys: list[str],
    cited_key: str,
    done: list[object],
    added: list[object],
    trailing: bool,
    div: bool,
) -> list[_Piece]:
    """Each chapter with its citations as citeproc printed them, and the bibliography where
    `citecache.splice` puts it: in place of the final heading, of the `#refs` div, or last."""
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
        key = _digest(keys[i], _dumps(record["looked"]), cited_key, str(at), str(drop),
                      added_key if holds_div else "")  # fmt: skip

        def make(record: Record = record, cites: list[object] = cites, drop: bool = drop,
                 holds_div: bool = holds_div) -> list[object]:  # fmt: skip
            blocks = citecache.with_cites(record["blocks"], iter(cites))
            if drop:
                blocks = blocks[:-1]
            if holds_div:
                blocks = citecache._in_place_of_refs(blocks, added)
            return blocks

        pieces.append(_Piece(key, make))
    if not div:
        pieces.append(_Piece(added_key, lambda: added))
    return pieces


def _fragments(
    pieces: list[_Piece], meta: object, args: list[str], setup: _Setup
) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """The body: each piece's HTML, footnotes numbered on, and the footnotes at the end; the
    warnings; the pieces' HTML."""
    base = _digest(VERSION, "html", pandoc.pandoc_path(), _dumps(args), _dumps(meta))
    htmls: list[str] = []
    notes: list[str] = []
    count = 0
    warnings: list[str] = []
    for piece in pieces:
        key = _digest(base, piece.key)
        record = setup.store.get(key)
        if record is None or (record["notes"] and record["offset"] != count):
            record = _fragment(piece.make(), count, meta, args, setup)  # type: ignore[operator]
            if record is None:
                return None
            setup.store.put(key, record)
        if record["html"]:
            htmls.append(str(record["html"]))
        if record["notes"]:
            notes.append(str(record["notes_html"]))
        count += int(record["notes"])  # type: ignore[call-overload]
        warnings.extend(record["warnings"])  # type: ignore[arg-type]
    body = "\n".join(htmls)
    if notes:
        body += "\n" + FOOTNOTES_HEAD + "\n".join(notes) + FOOTNOTES_TAIL
    return body, tuple(warnings), tuple(htmls)


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
    blocks: list[object], offset: int, meta: object, args: list[str], setup: _Setup
) -> Record | None:
    """One piece as pandoc's HTML writer prints it in the whole document: `offset` footnotes
    before it (empty notes in a first paragraph, taken out again). None when the output is
    not of the shape expected."""
    notes = _count_notes(blocks)
    offset = offset if notes else 0
    dummies = [{"t": "Note", "c": []} for _ in range(offset)]
    lead = [{"t": "Para", "c": dummies}] if offset else []
    doc = {"pandoc-api-version": setup.api, "meta": meta, "blocks": lead + blocks}
    result = pandoc.run(
        args, cwd=setup.root, stdin=_dumps(doc).encode("utf-8"), timeout=setup.timeout,
        what="the manuscript",
    )  # fmt: skip
    text = result.output.decode("utf-8").removesuffix("\n")
    listed = ""
    if notes:
        where = text.rfind(FOOTNOTES_HEAD)
        if where < 0 or not text.endswith(FOOTNOTES_TAIL):
            return None
        listed = text[where + len(FOOTNOTES_HEAD) : -len(FOOTNOTES_TAIL)]
        text = text[:where].removesuffix("\n")
        empty = "".join(f'<li id="fn{n}"></li>\n' for n in range(1, offset + 1))
        refs = "".join(
            f'<a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref">'
            f"<sup>{n}</sup></a>"
            for n in range(1, offset + 1)
        )
        lead_html = f"<p>{refs}</p>" if offset else ""
        if not listed.startswith(empty) or not text.startswith(lead_html):
            return None
        listed = listed[len(empty) :]
        text = text[len(lead_html) :].removeprefix("\n") if offset else text
    return {"html": text, "notes_html": listed, "notes": notes, "offset": offset,
            "warnings": list(result.warnings)}  # fmt: skip


def _template(meta: object, args: list[str], setup: _Setup) -> pandoc.PandocResult:
    """The style's template filled with the metadata around a mark for the body."""
    key = _digest(VERSION, "template", pandoc.pandoc_path(), _dumps(args), _dumps(meta))
    record = setup.store.get(key)
    if record is None:
        doc = {"pandoc-api-version": setup.api, "meta": meta,
               "blocks": [{"t": "RawBlock", "c": ["html", BODY_MARK]}]}  # fmt: skip
        result = pandoc.run(
            args, cwd=setup.root, stdin=_dumps(doc).encode("utf-8"), timeout=setup.timeout,
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


def clear_cache(cache: Path) -> None:
    """Remove what the chapters' renders kept under `cache` (what `doit clean` does)."""
    import shutil

    _MEMORY.clear()
    shutil.rmtree(cache / CACHE_DIR, ignore_errors=True)
