"""The references a build prints, one home for every edition (HTML, PDF, JATS, DOCX, Crossref
XML): build/refs.json, and, when the text cites Manubot's way (`@doi:10.x`, citation tags,
manual-references.json), the items those citations resolve to (build/refs.manubot.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.config import Settings
from docbuild.fsutil import write_text_atomic
from docbuild.jobs.build import REFS_JSON


@dataclass(frozen=True, slots=True)
class PrintedReferences:
    # The file citeproc reads: build/refs.json, or build/refs.manubot.json (refs.json's items,
    # then the Manubot citations'); None without either
    path: Path | None
    # (key, the item's id) of each other key citing one work (cite/manubot.ManubotCitations):
    # the citations are renamed before citeproc, which then prints the work once
    renamed: tuple[tuple[str, str], ...] = ()

    def items(self) -> list[dict[str, object]]:
        """The CSL items of `path` (read when asked: the pandoc step gives citeproc the file
        alone, and a large refs.json takes a while to parse); [] without one."""
        return read_items(self.path) if self.path is not None else []


def printed_references(
    settings: Settings,
    texts: Sequence[tuple[Path, str]],
    groups: Sequence[Sequence[str]],
) -> PrintedReferences:
    """build/refs.json's items, and the items manual-references.json and the lock give the
    text's Manubot citations among `groups` (each citation's keys); those written with
    refs.json's into build/refs.manubot.json, which citeproc then reads."""
    from docbuild.jobs.manubot import ITEMS_JSON, manubot_citations

    refs = settings.build_path / REFS_JSON
    manubot = manubot_citations(settings, texts, [k for group in groups for k in group])
    if not manubot.items:
        return PrintedReferences(refs if refs.is_file() else None)
    merged = settings.build_path / ITEMS_JSON
    bib = read_items(refs)
    # A plain key both refs.bib and manual-references.json answer prints the .bib entry: one
    # item per id, or citeproc would pick one of the two
    in_bib = {str(item.get("id")) for item in bib}
    items = [*bib, *(item for item in manubot.items if str(item["id"]) not in in_bib)]
    write_text_atomic(merged, json.dumps(items, ensure_ascii=False, indent=1))
    return PrintedReferences(merged, manubot.renamed)


def rename_citations(ast: dict[str, object], renamed: Sequence[tuple[str, str]]) -> None:
    """Each citation in `ast` (its blocks and metadata: `nocite`, an abstract) of a key in
    `renamed` cites the work's one key instead (the nodes changed are copies)."""
    if not renamed:
        return
    from docbuild.cite.pandoc_ast import renamed_citations

    names = dict(renamed)
    ast["blocks"] = renamed_citations(ast.get("blocks", []), names)
    meta = ast.get("meta", {})
    assert isinstance(meta, dict)
    for name, value in meta.items():
        meta[name] = renamed_citations(value, names)


def read_items(path: Path) -> list[dict[str, object]]:
    """The CSL items of a CSL-JSON file (build/refs.json, normalize-refs writes it); [] without
    one."""
    if not path.is_file():
        return []
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return [item for item in loaded if isinstance(item, dict)] if isinstance(loaded, list) else []
