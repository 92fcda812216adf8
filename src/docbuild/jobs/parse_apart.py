"""The manuscript's files parsed one at a time, each parse kept in build/.cache/parse/ under a
hash of what pandoc read, so that a save re-reads the file saved and not the book.

The result is the AST pandoc gives for all the files read at once (`pandoc a.md b.md`), which
is what a build renders. Reading them together differs from reading them apart in what one
file's text does to another's; each is handled here, or the files are read together:

- heading ids: pandoc makes an automatic id unique against the headings before it, in every
  file. A file whose headings take an id an earlier file has is read again after empty
  headings with those ids (`# {#intro}`), which pandoc counts and which are taken out again;
- the front matter: the one file with a YAML block gets the metadata files (`--metadata-file`)
  and gives the metadata; two files with YAML blocks are read together;
- math macros (docbuild.toml's `[math] macros`) are read before each file, their blocks kept
  once;
- read together: a link reference, footnote or heading used in a file that does not define
  it (`[text][ref]`, `[^1]`, `[Heading]`), a label defined twice, example lists (`(@)`, which
  number across files), LaTeX macro definitions in the text (they apply to later files), and
  a file whose end could run into the next one's start (an open fence or comment, a list
  continued, an indented start, a caption).
"""

from __future__ import annotations

import contextvars
import copy
import json
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from docbuild.digest import digest as _digest
from docbuild.fsutil import write_text_after_page, write_text_atomic
from docbuild.jobs.read_together import read_together, runs_on
from docbuild.render import pandoc

CACHE_DIR = ".cache/parse"  # under build/
VERSION = "1"  # bump when a cached record changes

Node = dict[str, object]

_YAML_START = re.compile(r"^(?:---|\.\.\.)[ \t]*\n(?![ \t]*\n)", re.M)


# A warm process (`docbuild preview`) keeps each file's parse, as JSON text: the AST handed
# out is changed by the render, so each use reads its own copy.
_MEMORY: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Apart:
    ast: Node  # what pandoc gives for the files read together
    parts: tuple[int, ...]  # the number of top-level blocks of each file, in order
    keys: tuple[str, ...]  # each file's part: a hash of what made it
    images: list[list[object]]  # each image's target ([url, title]) in `ast`, in order


def parse_apart(
    files: Sequence[Path],
    texts: Sequence[str],
    *,
    root: Path,
    timeout: float,
    preamble: Path | None,
    prepared: Mapping[Path, str],
    cache: Path,
    metadata: Sequence[Path],
) -> Apart | None:
    """pandoc's AST of `files` read together, from one parse a file (kept in `cache`); None
    where reading them apart could give another AST (the caller reads them together)."""
    if len(files) < 2:
        return None
    sources = [prepared.get(path, text) for path, text in zip(files, texts, strict=True)]
    if read_together(sources):
        return None
    with_yaml = [i for i, text in enumerate(sources) if _YAML_START.search(text)]
    if len(with_yaml) > 1:
        return None
    meta_at = with_yaml[0] if with_yaml else 0
    folder = cache / CACHE_DIR
    preamble_text = preamble.read_text(encoding="utf-8") if preamble is not None else ""
    meta_bytes = b"".join(m.read_bytes() for m in metadata)
    base = _digest(VERSION, pandoc.pandoc_path(), preamble_text)
    used: set[str] = set()
    keys: dict[int, str] = {}

    def key_of(i: int, stubs: Sequence[str] = ()) -> str:
        # The path within the paper, not on this machine: a copied folder gives the same keys,
        # which build/manuscript.json holds.
        rel = files[i].relative_to(root).as_posix() if files[i].is_relative_to(root) else ""
        return _digest(base, rel or str(files[i]), sources[i], json.dumps(list(stubs)),
                       meta_bytes if i == meta_at else b"")  # fmt: skip

    def parse(i: int, stubs: Sequence[str] = ()) -> str:
        """The file's record: its AST and what it adds to pandoc's note counter, as text."""
        key = key_of(i, stubs)
        used.add(key)
        keys[i] = key
        text = _MEMORY.get(key)
        if text is None:
            try:
                text = (folder / f"{key}.json").read_text(encoding="utf-8")
            except OSError:
                text = None
        if text is None or "\n" not in text:
            ast = _parse_one(i, stubs)
            blocks = ast.get("blocks")
            info = {
                # The note counter is not seen where a note holds no citation: counted here.
                "increments": _note_counter(blocks),
                "headings": _heading_ids(blocks),
                "images": _image_paths(blocks),
            }
            text = json.dumps(info) + "\n" + json.dumps(ast, ensure_ascii=False)
            folder.mkdir(parents=True, exist_ok=True)
            write_text_after_page(folder / f"{key}.json", text)  # _MEMORY has it meanwhile
        _MEMORY[key] = text
        return text

    def _parse_one(i: int, stubs: Sequence[str]) -> Node:
        first: list[Path] = []
        if stubs:
            stub = folder / f"stubs-{_digest(*stubs)[:16]}.md"
            folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(stub, "".join(f"# {{#{s}}}\n\n" for s in stubs))
            first.append(stub)
        return pandoc.parse_markdown(
            [*first, files[i]], root=root, timeout=timeout, preamble=preamble,
            prepared={len(first): prepared[files[i]]} if files[i] in prepared else None,
            scratch=cache, metadata=metadata if i == meta_at else (),
        )  # fmt: skip

    # pandoc reads the files a warm process has not parsed yet two at a time; one alone (a
    # save) is read in this thread: starting and ending threads cost a save more than that.
    new = [i for i in range(len(files)) if key_of(i) not in _MEMORY]
    read: dict[int, str] = {}
    if len(new) > 1:
        with ThreadPoolExecutor(max_workers=2) as pool:
            # Each in a copy of this thread's context: the preview's way of writing
            # (fsutil.preview_writes, deferred_writes) holds in the pool's threads too.
            runs = {i: pool.submit(contextvars.copy_context().run, parse, i) for i in new}
            read = {i: run.result() for i, run in runs.items()}
    alone = [read[i] if i in read else parse(i) for i in range(len(files))]
    skip = preamble_blocks(preamble, root=root, timeout=timeout) if preamble else 0
    chapters: list[list[object]] = []
    chapter_keys: list[str] = []
    images: list[list[object]] = []
    earlier: list[str] = []
    offset = 0
    meta: object = None
    for i, text in enumerate(alone):
        stubs: list[str] = []
        ast, info = _load_kept(keys[i], text, offset)
        if not set(earlier).isdisjoint(info["headings"]):  # type: ignore[arg-type]
            stubs = list(earlier)
            text = parse(i, stubs)
            ast, info = _load_kept(keys[i], text, offset)
        ids = list(info["headings"])  # type: ignore[call-overload]
        raw = ast["blocks"]
        assert isinstance(raw, list)
        if stubs:
            # The empty headings come after the macros' blocks and before the file's own.
            made = raw[skip : skip + len(stubs)]
            if ids[: len(stubs)] != stubs or any(b.get("t") != "Header" for b in made):
                return None
            ids = ids[len(stubs) :]
        # raw: the macros' blocks, the empty headings, the file's blocks; the first file keeps
        # the macros' blocks, as pandoc reads them once, first
        drop = (0 if i == 0 else skip) + len(stubs)
        kept = raw[:skip] + raw[skip + len(stubs) :] if i == 0 else raw[drop:]
        for path in info["images"]:  # type: ignore[attr-defined]
            images.append(_follow(kept, [path[0] - len(stubs) - (skip if i else 0), *path[1:]]))
        if i == meta_at:
            meta = ast.get("meta")
        chapters.append(kept)
        chapter_keys.append(_digest(keys[i], str(offset)))
        earlier.extend(ids)
        offset += int(info["increments"])  # type: ignore[call-overload]
    for i in range(len(files) - 1):
        if runs_on(sources[i], chapters[i], chapters[i + 1]):
            return None
    for key in [k for k in _MEMORY if k not in used]:
        del _MEMORY[key]
    for kept_key in [k for k in _LOADED if k[0] not in used]:
        del _LOADED[kept_key]
    if folder.is_dir():
        for old in folder.glob("*.json"):
            if old.stem not in used:
                old.unlink(missing_ok=True)
    # The render changes the metadata and the images' targets; the rest is only read.
    joined: Node = {**ast, "meta": copy.deepcopy(meta), "blocks": [b for c in chapters for b in c]}
    return Apart(joined, tuple(len(c) for c in chapters), tuple(chapter_keys), images)


# pandoc numbers citations for note styles with one counter over all files (a citation out of
# a note, or a note, adds one): a file read alone counts from 1, so its numbers are moved on by
# what the files before it added. The key is never inside a string of the JSON: a quote
# there is escaped.
_NOTE_NUM = re.compile(r'"citationNoteNum": (\d+)')


def _load(text: str, offset: int) -> tuple[Node, dict[str, object]]:
    """A record's AST, its citations' note numbers moved on by `offset`, and its facts."""
    head, _, body = text.partition("\n")
    if offset:
        body = _NOTE_NUM.sub(lambda m: f'"citationNoteNum": {int(m[1]) + offset}', body)
    return json.loads(body), json.loads(head)


# Each file's AST as last handed out, by its record and note offset, with its images' targets
# as read: a warm process hands the same nodes out again, each target put back as it was (the
# render resolves and converts them in place; nothing else in the blocks is changed).
_LOADED: dict[tuple[str, int], tuple[Node, dict[str, object], list[list[object]]]] = {}


def _load_kept(key: str, text: str, offset: int) -> tuple[Node, dict[str, object]]:
    kept = _LOADED.get((key, offset))
    if kept is None:
        ast, info = _load(text, offset)
        blocks = ast["blocks"]
        assert isinstance(blocks, list)
        originals = [list(_follow(blocks, path)) for path in info["images"]]  # type: ignore[attr-defined]
        _LOADED[(key, offset)] = (ast, info, originals)
        return ast, info
    ast, info, originals = kept
    blocks = ast["blocks"]
    assert isinstance(blocks, list)
    for path, original in zip(info["images"], originals, strict=True):  # type: ignore[call-overload]
        _follow(blocks, path[:-1])[path[-1]] = list(original)
    return ast, info


def _follow(blocks: list[object], path: list[object]) -> list[object]:
    node: object = blocks
    for step in path:
        node = node[step]  # type: ignore[index]
    assert isinstance(node, list)
    return node


def _image_paths(blocks: object) -> list[list[object]]:
    """Where each Image's target ([url, title]) is, from the blocks, in document order."""
    out: list[list[object]] = []
    stack: list[tuple[object, list[object]]] = [(blocks, [])]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            content = item.get("c")
            if item.get("t") == "Image" and isinstance(content, list) and len(content) == 3:
                target = content[2]
                if isinstance(target, list) and target and isinstance(target[0], str):
                    out.append([*path, "c", 2])
            if isinstance(content, list | dict):
                stack.append((content, [*path, "c"]))
        elif isinstance(item, list):
            stack.extend((v, [*path, n]) for n, v in reversed(list(enumerate(item))))
    return out


def _note_counter(blocks: object) -> int:
    """What a file adds to pandoc's note counter: each note, and each citation not in one."""
    count = 0
    stack: list[tuple[object, bool]] = [(blocks, False)]
    while stack:
        item, in_note = stack.pop()
        if isinstance(item, dict):
            kind = item.get("t")
            if kind == "Note":
                count += 1
                stack.append((item.get("c"), True))
                continue
            if kind == "Cite":
                count += not in_note
                continue  # a citation's prefix and suffix: no citation of their own
            if isinstance(item.get("c"), list | dict):
                stack.append((item["c"], in_note))
        elif isinstance(item, list):
            stack.extend((v, in_note) for v in item)
    return count


def _heading_ids(blocks: list[object]) -> list[str]:
    """The ids of the headings, in document order, nested ones too (pandoc's reader makes each
    unique against all of them)."""
    out: list[str] = []
    stack: list[object] = list(reversed(blocks))
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") == "Header":
                out.append(str(item["c"][1][0]))  # type: ignore[index]
            elif isinstance(item.get("c"), list):
                stack.append(item["c"])
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return out


_PREAMBLE_BLOCKS: dict[str, int] = {}


def preamble_blocks(preamble: Path, *, root: Path, timeout: float) -> int:
    """How many blocks the math macros give on their own (pandoc keeps each as raw TeX)."""
    text = preamble.read_text(encoding="utf-8")
    if text not in _PREAMBLE_BLOCKS:
        ast = pandoc.parse_markdown([preamble], root=root, timeout=timeout)
        blocks = ast["blocks"]
        assert isinstance(blocks, list)
        _PREAMBLE_BLOCKS.clear()
        _PREAMBLE_BLOCKS[text] = len(blocks)
    return _PREAMBLE_BLOCKS[text]
