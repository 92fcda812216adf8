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

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docbuild.fsutil import write_text_atomic
from docbuild.render import pandoc

CACHE_DIR = ".cache/parse"  # under build/
VERSION = "1"  # bump when a cached record changes

Node = dict[str, object]

_YAML_START = re.compile(r"^(?:---|\.\.\.)[ \t]*\n(?![ \t]*\n)", re.M)
_LINK_LABEL = re.compile(r"^ {0,3}\[([^\]\^][^\]]*)\]:", re.M)
_NOTE_LABEL = re.compile(r"^ {0,3}\[\^([^\]]+)\]:", re.M)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*(?:\{[^}]*\})?[ \t]*$", re.M)
_SETEXT_HEADING = re.compile(r"^([^\n]*\S[^\n]*)\n[ \t]*(?:=+|-+)[ \t]*$", re.M)
_EXAMPLE = re.compile(r"\(@[\w-]*\)")
_TEX_DEFINITION = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|def|let|DeclareMathOperator|newenvironment|"
    r"renewenvironment)\b"
)
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[ \t]*$")
_DIV_END = re.compile(r"^:{3,}[ \t]*$")
_LISTS = frozenset({"BulletList", "OrderedList", "DefinitionList"})

# A warm process (`docbuild preview`) keeps each file's parse, as JSON text: the AST handed
# out is changed by the render, so each use reads its own copy.
_MEMORY: dict[str, str] = {}


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _key(label: str) -> str:
    return " ".join(label.lower().split())


def read_together(sources: Sequence[str]) -> bool:
    """Whether a file's text could change how another is read (the module docstring's list),
    from the texts alone."""
    lowered = [_key(s) for s in sources]
    for kind, pattern, mark in (("link", _LINK_LABEL, "[{}]"), ("note", _NOTE_LABEL, "[^{}]")):
        owner: dict[str, int] = {}
        for i, text in enumerate(sources):
            for label in {_key(m) for m in pattern.findall(text)}:
                if label in owner:
                    return True  # defined twice
                owner[label] = i
        for label, i in owner.items():
            needle = mark.format(label)
            if any(needle in low for j, low in enumerate(lowered) if j != i):
                return True
        del kind
    headings = [
        {_key(h) for h in _ATX_HEADING.findall(text) + _SETEXT_HEADING.findall(text)}
        for text in sources
    ]
    for i, names in enumerate(headings):
        for name in names:
            if any(f"[{name}]" in low for j, low in enumerate(lowered) if j != i):
                return True
    if sum(1 for text in sources if _EXAMPLE.search(text)) > 1:
        return True
    if any(_TEX_DEFINITION.search(text) for text in sources[:-1]):
        return True
    for text in sources:
        if text.count("<!--") != text.count("-->"):
            return True
    for text in sources[1:]:
        first = next((line for line in text.splitlines() if line.strip()), "")
        if first[:1] in (" ", "\t", ":") or first.startswith(("Table:", "table:")):
            return True
    return False


def _runs_on(text: str, blocks: list[object], following: list[object]) -> bool:
    """Whether the end of a file's parse could take in the start of the next file's."""
    last = blocks[-1] if blocks else None
    kind = last.get("t") if isinstance(last, dict) else None
    lines = [line for line in text.splitlines() if line.strip()]
    end = lines[-1] if lines else ""
    if kind == "CodeBlock" and not _FENCE.match(end) and not end.startswith(("    ", "\t")):
        return True
    if kind == "Div" and not (_DIV_END.match(end) or end.strip().lower() == "</div>"):
        return True
    head = following[0] if following else None
    return kind in _LISTS and isinstance(head, dict) and head.get("t") in _LISTS


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
) -> tuple[Node, tuple[int, ...]] | None:
    """pandoc's AST of `files` read together, and the number of top-level blocks each file
    gives, from one parse a file (kept in `cache`); None where reading them apart could give
    another AST (the caller reads them together)."""
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

    def parse(i: int, stubs: Sequence[str] = ()) -> str:
        """The file's record: its AST and what it adds to pandoc's note counter, as text."""
        rel = files[i].relative_to(root).as_posix() if files[i].is_relative_to(root) else ""
        key = _digest(base, rel, str(files[i]), sources[i], json.dumps(list(stubs)),
                      meta_bytes if i == meta_at else b"")  # fmt: skip
        used.add(key)
        text = _MEMORY.get(key)
        if text is None:
            try:
                text = (folder / f"{key}.json").read_text(encoding="utf-8")
            except OSError:
                text = None
        if text is None or not _RECORD.match(text):
            ast = _parse_one(i, stubs)
            # The counter is not seen where a note holds no citation: counted here.
            text = f'{{"increments": {_note_counter(ast.get("blocks"))}, "ast": '
            text += json.dumps(ast, ensure_ascii=False) + "}"
            folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(folder / f"{key}.json", text)
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
            prepared={files[i]: prepared[files[i]]} if files[i] in prepared else None,
            scratch=cache, metadata=metadata if i == meta_at else (),
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=2) as pool:
        alone = list(pool.map(parse, range(len(files))))
    skip = preamble_blocks(preamble, root=root, timeout=timeout) if preamble else 0
    chapters: list[list[object]] = []
    earlier: list[str] = []
    offset = 0
    first_meta: object = None
    for i, text in enumerate(alone):
        ast, increments = _load(text, offset)
        blocks = ast["blocks"]
        assert isinstance(blocks, list)
        ids = _heading_ids(blocks[skip:])
        taken = set(earlier)
        if any(h in taken for h in ids):
            ast, _ = _load(parse(i, earlier), offset)
            blocks = ast["blocks"]
            assert isinstance(blocks, list)
            stubs = blocks[skip : skip + len(earlier)]
            if len(stubs) != len(earlier) or _heading_ids(stubs) != earlier:
                return None
            blocks = blocks[:skip] + blocks[skip + len(earlier) :]
            ids = _heading_ids(blocks[skip:])
        if i == meta_at:
            first_meta = ast
        chapters.append(blocks if i == 0 else blocks[skip:])
        earlier.extend(ids)
        offset += increments
    for i in range(len(files) - 1):
        if _runs_on(sources[i], chapters[i], chapters[i + 1]):
            return None
    for key in [k for k in _MEMORY if k not in used]:
        del _MEMORY[key]
    if folder.is_dir():
        for old in folder.glob("*.json"):
            if old.stem not in used:
                old.unlink(missing_ok=True)
    assert isinstance(first_meta, dict)
    joined: Node = {**first_meta, "blocks": [b for c in chapters for b in c]}
    return joined, tuple(len(c) for c in chapters)


_RECORD = re.compile(r'\{"increments": (\d+), "ast": ')
# pandoc numbers citations for note styles with one counter over all files (a citation out of
# a note, or a note, adds one): a file read alone counts from 1, so its numbers are moved on by
# what the files before it added. The key is never inside a string of the JSON: a quote
# there is escaped.
_NOTE_NUM = re.compile(r'"citationNoteNum": (\d+)')


def _load(text: str, offset: int) -> tuple[Node, int]:
    found = _RECORD.match(text)
    assert found is not None
    if offset:
        text = _NOTE_NUM.sub(lambda m: f'"citationNoteNum": {int(m[1]) + offset}', text)
    record = json.loads(text)
    return record["ast"], int(found[1])


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
