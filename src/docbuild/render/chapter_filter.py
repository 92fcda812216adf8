"""Step 1 of a chapter-at-a-time render (render/chapters.py): each chapter through the
cross-reference filter on its own, with its counters where the chapters before it left them and
the numbers of the whole document; a chapter is filtered again only when its text, its counters
at the start or a number it looked up changed."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor

from docbuild.cite.pandoc_ast import THEOREM_KINDS
from docbuild.digest import digest as _digest
from docbuild.render import cite_splice, pandoc
from docbuild.render.chapter_store import VERSION, Node, Record, Setup, dumps
from docbuild.render.crossref_filter import filter_document

CHAPTER_KEY = "docbuild-crossref-chapter"  # crossref.lua's input for a chapter alone
CHAPTERS_KEY = "docbuild-crossref-chapters"  # and for every chapter in one run
_NONCE = secrets.token_hex(8)  # in the mark between chapters: an author's div is none
_START: dict[str, object] = {
    "counts": dict.fromkeys(("fig", "tbl", "eq", "lst", *THEOREM_KINDS), 0),
    "chapter": "",
    "section": [],
}


def _filter_source() -> bytes:
    here = pandoc.CROSSREF_FILTER.parent
    return b"".join(p.read_bytes() for p in sorted(here.glob("crossref*.lua")))


def filter_chapters(
    meta: Node,
    meta_text: str,
    chapters: list[list[object]],
    contents: list[str],
    setup: Setup,
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
    # Nothing kept from a render with this filter and metadata (a cold build): every chapter
    # goes through one run, which numbers them one after the other and then resolves each
    # with the numbers of all; a run a chapter where that run's output does not split.
    together = _filter_all(meta, chapters, setup) if guess_record is None else None
    for record, content in zip(together, contents, strict=True) if together else ():
        keys.append(_digest(base, dumps(start), content))
        records.append(record)
        setup.store.put(keys[-1], record)
        start = record["end"]
    # The numbers a chapter is first given: the last build's, with those of the chapters
    # before it as this run made them, so that on a cold build only a chapter that refers
    # forward runs again (each chapter's own numbers crossref.lua takes itself).
    known: dict[str, object] = dict(guess) if isinstance(guess, dict) else {}
    for blocks, content in zip(chapters[len(records) :], contents[len(records) :], strict=True):
        key = _digest(base, dumps(start), content)
        record = setup.store.get(key)
        if record is None:
            record = _filter_one(meta, blocks, start, dict(known), setup)
            setup.store.put(key, record)
        keys.append(key)
        records.append(record)
        start = record["end"]
        known.update(record["own"])  # type: ignore[arg-type]
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


def _filter_all(meta: Node, chapters: list[list[object]], setup: Setup) -> list[Record] | None:
    """Each chapter's record as `_filter_one` makes it given the whole document's numbers,
    from one run over all of them (crossref.lua's `all_chapters`); None where its output is
    not of the shape expected, or pandoc warned (a warning is one chapter's, kept with it)."""
    if len(chapters) < 2:
        return None
    mark = f"docbuild-chapter-{_NONCE}"
    given = {**_START, "sizes": [len(c) for c in chapters], "mark": mark}
    doc = {"pandoc-api-version": setup.api,
           "meta": {**meta, CHAPTERS_KEY: {"t": "MetaString", "c": dumps(given)}},
           "blocks": [b for c in chapters for b in c]}  # fmt: skip
    out, result = filter_document(doc, root=setup.root, timeout=setup.timeout)
    if result.warnings:
        return None
    parts: list[list[object]] = []
    for block in out["blocks"]:  # type: ignore[attr-defined]
        if block == {"t": "Div", "c": [["", [mark], []], []]}:
            parts.append([])
        elif not parts:
            return None
        else:
            parts[-1].append(block)
    states: list[dict[str, object]] = []
    looked: list[dict[str, object]] = []
    reports: list[list[dict[str, object]]] = [[] for _ in chapters]
    for report in result.reports:
        kind = report.get("docbuild")
        if kind == "crossref-chapter":
            states.append(report)
        elif kind == "crossref-looked":
            looked.append(report)
        else:  # a chapter's numbering reports, then (all numbered) its resolving ones
            at = len(states) if len(states) < len(chapters) else len(looked)
            if at >= len(chapters):
                return None
            reports[at].append(report)
    if not len(parts) == len(states) == len(looked) == len(chapters):
        return None
    refs = b'"refs"' in result.output
    return [
        _record(blocks, out["meta"], state, seen, own, (), refs)
        for blocks, state, seen, own in zip(parts, states, looked, reports, strict=True)
    ]


def _filter_one(
    meta: Node, blocks: list[object], start: object, numbers: object, setup: Setup
) -> Record:
    given = {**start, "numbers": numbers} if isinstance(start, dict) else {}  # type: ignore[dict-item]
    doc = {"pandoc-api-version": setup.api,
           "meta": {**meta, CHAPTER_KEY: {"t": "MetaString", "c": dumps(given)}},
           "blocks": blocks}  # fmt: skip
    # Only the blocks with work go to pandoc (a chapter's prose waits as placeholders); a
    # chapter saved with an edit in its prose hands the filter what it had last, and
    # `filter_document` takes its last output then, without a pandoc run.
    out, result = filter_document(doc, root=setup.root, timeout=setup.timeout)
    state = next(r for r in result.reports if r.get("docbuild") == "crossref-chapter")
    looked = next(r for r in result.reports if r.get("docbuild") == "crossref-looked")
    others = [r for r in result.reports if r not in (state, looked)]
    out_blocks = out["blocks"]
    assert isinstance(out_blocks, list)
    return _record(out_blocks, out["meta"], state, looked, others, result.warnings,
                   b'"refs"' in result.output)  # fmt: skip


def _record(
    out_blocks: list[object],
    out_meta: object,
    state: dict[str, object],
    looked: dict[str, object],
    reports: list[dict[str, object]],
    warnings: tuple[str, ...],
    refs: bool,
) -> Record:
    """A chapter's record from what the filter gave for it."""
    section = state.get("section")
    return {
        "blocks": out_blocks,
        "meta": out_meta,
        "end": {
            "counts": _as_dict(state.get("counts")),
            "chapter": state.get("chapter", ""),
            "section": list(section) if isinstance(section, list) else [],
        },
        "own": _as_dict(state.get("numbers")),
        "looked": _as_dict(looked.get("ids")),
        "reports": reports,
        "warnings": list(warnings),
        "cites": list(cite_splice.citations(out_blocks)),
        # Every div went to pandoc (a div is work): without "refs" in its output, none is one.
        "refs": cite_splice.refs_divs(out_blocks) if refs else [],
    }
