"""build/manuscript.json: the `_parse` step's result (each file's text and pandoc's AST) as
JSON, written a chapter at a time from what the last write kept, and read back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from docbuild.diagnostics import relative_to
from docbuild.jobs.parse import VERSION, ParsedManuscript


def dumps_parsed(parsed: ParsedManuscript, root: Path) -> str:
    files = [
        {"path": PurePosixPath(relative_to(path, root)).as_posix(), "text": text}
        for path, text in parsed.texts
    ]
    data = {"version": VERSION, "files": files, "ast": parsed.ast, "parts": parsed.parts,
            "part_keys": parsed.part_keys}  # fmt: skip
    if parsed.parts is None or parsed.part_keys is None or parsed.images is None:
        return json.dumps(data, ensure_ascii=False)
    # A book's AST is megabytes of JSON: each chapter's text is kept while the chapter (its
    # hash, its images' targets) stays the same; the result is json.dumps's, byte for byte.
    from docbuild.render.chapters import split

    blocks = parsed.ast.get("blocks")
    assert isinstance(blocks, list)
    targets = hashlib.sha256(json.dumps(list(parsed.images)).encode()).hexdigest()
    kept: dict[str, str] = {}
    texts: list[str] = []
    for key, chapter in zip(parsed.part_keys, split(blocks, parsed.parts), strict=True):
        memo = f"{key}:{targets}"
        text = _CHAPTER_TEXTS.get(memo)
        if text is None:
            text = json.dumps(chapter, ensure_ascii=False)[1:-1]
        kept[memo] = text
        if text:
            texts.append(text)
    _CHAPTER_TEXTS.clear()
    _CHAPTER_TEXTS.update(kept)
    ast = _object_text(parsed.ast, {"blocks": "[" + ", ".join(texts) + "]"})
    return _object_text(data, {"ast": ast})


# Each chapter's blocks as JSON text, by its hash and its images' targets (dumps_parsed).
_CHAPTER_TEXTS: dict[str, str] = {}


def _object_text(value: Mapping[str, object], given: Mapping[str, str]) -> str:
    """`json.dumps(value)` with the text of some of its values given."""
    items = (
        f"{json.dumps(k)}: {given[k] if k in given else json.dumps(v, ensure_ascii=False)}"
        for k, v in value.items()
    )
    return "{" + ", ".join(items) + "}"


def parsed_from_json(data: Mapping[str, object], root: Path) -> ParsedManuscript | None:
    """The parse stored in build/manuscript.json; None when it is of another version."""
    files, ast = data.get("files"), data.get("ast")
    if data.get("version") != VERSION or not isinstance(files, list) or not isinstance(ast, dict):
        return None
    texts = tuple((root / str(f["path"]), str(f["text"])) for f in files if isinstance(f, dict))
    parts = data.get("parts")
    counts = tuple(int(n) for n in parts) if isinstance(parts, list) else None
    keys = data.get("part_keys")
    hashes = tuple(str(k) for k in keys) if isinstance(keys, list) else None
    return ParsedManuscript(texts, ast, counts, hashes)
