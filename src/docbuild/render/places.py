"""Where a text appears in the manuscript files: the place for a render error or finding.

pandoc's AST has no positions, so the render steps find what they report (a front-matter
value, an unknown `@fig:` id, a removed script, a refused image) in the files' text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from docbuild.diagnostics import Location


class Finder:
    """Looks texts up in the manuscript files, each read (or given) once."""

    def __init__(self, files: Sequence[Path], texts: Mapping[Path, str] | None = None) -> None:
        self.files = list(files)
        self._lines = {p: t.splitlines() for p, t in (texts or {}).items()}

    def lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            try:
                self._lines[path] = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._lines[path] = []
        return self._lines[path]

    def find(self, needle: str) -> Location | None:
        """The first place `needle` appears (line and column), or None."""
        for path in self.files:
            for n, line in enumerate(self.lines(path), start=1):
                col = line.find(needle)
                if col >= 0:
                    return Location(path, n, col + 1)
        return None

    def first(self) -> Location | None:
        return Location(self.files[0], 1) if self.files else None

    def locate(self, needle: str) -> Location | None:
        """The line where `needle` first appears (the first file's start if nowhere), for a
        front-matter message. A key (`journal:`) is first looked for at a line's start, the
        front matter's top level: rticles' `output:` map holds a `journal:` of its own; then
        as JSON writes it (`"journal":`, a metadata.json that pandoc reads as YAML)."""
        key = needle.endswith(":")
        found = (
            (self._top_level(needle) if key else None)
            or self.find(needle)
            or (self.find(f'"{needle[:-1]}":') if key else None)
        )
        return Location(found.path, found.line) if found is not None else self.first()

    def _top_level(self, key: str) -> Location | None:
        for path in self.files:
            for n, line in enumerate(self.lines(path), start=1):
                if line.startswith(key):
                    return Location(path, n, 1)
        return None


def find_text(files: Sequence[Path], needle: str) -> Location | None:
    """The first place `needle` appears in `files` (line and column), or None."""
    return Finder(files).find(needle)
