"""Several manuscript files read in one pandoc run, each as pandoc reads it alone
(render/read_each.lua): a cold build of a manuscript parsed apart (jobs/parse_apart.py) reads
every file, and a process a file cost pandoc's start each time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from docbuild.errors import PandocError
from docbuild.fsutil import write_text_atomic
from docbuild.render import pandoc

READER = Path(__file__).resolve().parent.parent / "render" / "read_each.lua"
EACH = "docbuild-each"  # the reader's div around each file's blocks, and its metadata list


def read_each(
    files: Sequence[Path],
    *,
    root: Path,
    timeout: float,
    preamble: Path | None,
    prepared: Mapping[int, str],
    folder: Path,
    scratch: Path,
) -> list[dict[str, object]] | None:
    """`pandoc.parse_markdown([files[i]], preamble=preamble, ...)` of each file (`prepared`:
    the text read in place of `files[i]`'s), from one run; None where that run fails or its
    output is not of the shape expected (the caller reads each file alone, and a file's
    error then names it). The reader's plan is kept in `folder`, prepared copies in
    `scratch`."""
    # The reader's first input: how many inputs before each file are read with it.
    plan = folder / f"each-{int(preamble is not None)}.md"
    if not plan.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(plan, f"{int(preamble is not None)}\n")
    first = [plan, *([preamble] if preamble is not None else [])]
    try:
        out = pandoc.parse_markdown(
            [*first, *files], root=root, timeout=timeout, scratch=scratch,
            prepared={len(first) + i: text for i, text in prepared.items()},
            reader=pandoc.option_path(READER),
        )  # fmt: skip
    except PandocError:
        return None
    blocks, meta = out.get("blocks"), out.get("meta")
    metas = meta.get(EACH) if isinstance(meta, dict) else None
    if not isinstance(blocks, list) or not isinstance(metas, dict) or len(blocks) != len(files):
        return None
    listed = metas.get("c")
    if not isinstance(listed, list) or len(listed) != len(files):
        return None
    asts: list[dict[str, object]] = []
    for block, file_meta in zip(blocks, listed, strict=True):
        if not isinstance(block, dict) or block.get("t") != "Div":
            return None
        attr, content = block["c"]  # type: ignore[misc]
        if attr != ["", [EACH], []] or not isinstance(file_meta, dict):
            return None
        asts.append({"pandoc-api-version": out["pandoc-api-version"], "meta": file_meta["c"],
                     "blocks": content})  # fmt: skip
    return asts
