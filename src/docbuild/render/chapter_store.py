"""build/.cache/chapters/: what a chapter-at-a-time render (render/chapters.py) keeps, one
JSON record a file under a hash of everything it read, and in memory for `docbuild preview`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from docbuild.fsutil import write_text_after_page

CACHE_DIR = ".cache/chapters"  # under build/
VERSION = "1"  # bump when a cached record or the split changes

Node = dict[str, object]
Record = dict[str, object]

# What the last render kept, by key: a warm process (`docbuild preview`) reads no file back.
MEMORY: dict[str, Record] = {}


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Store:
    """build/.cache/chapters/: one JSON file a record; those the render did not use go."""

    def __init__(self, build: Path) -> None:
        self.folder = build / CACHE_DIR
        self.used: dict[str, Record] = {}

    def get(self, key: str) -> Record | None:
        record = self.used.get(key) or MEMORY.get(key)
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
        write_text_after_page(self.folder / f"{key}.json", dumps(record))  # MEMORY has it

    def finish(self) -> None:
        """Keep only what this render used, on disk and in memory."""
        MEMORY.clear()
        MEMORY.update(self.used)
        if self.folder.is_dir():
            for old in self.folder.glob("*.json"):
                if old.stem not in self.used:
                    old.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class Setup:
    api: object  # the document's pandoc-api-version
    root: Path
    timeout: float
    store: Store


def clear_cache(cache: Path) -> None:
    """Remove what the chapters' renders kept under `cache` (what `doit clean` does)."""
    import shutil

    MEMORY.clear()
    shutil.rmtree(cache / CACHE_DIR, ignore_errors=True)
