"""Which inputs of a paper changed since the last look: os.stat polling, nothing installed.

A save is seen by its (size, mtime_ns, inode): editors that write a new file and rename it
change the inode, those that write in place change the size or mtime.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docbuild.config import Settings
from docbuild.fsutil import Stamp, stamp


class Part(enum.Enum):
    """What a changed file feeds, which decides the steps that run again."""

    CONFIG = "config"  # docbuild.toml: everything
    STYLE = "style"  # the style's files: everything but the bibliography
    BIBLIOGRAPHY = "bibliography"  # refs.bib, refs.verified.json, the baseline
    MANUSCRIPT = "manuscript"  # the text and the files it names


@dataclass(frozen=True, slots=True)
class Snapshot:
    stamps: Mapping[Path, tuple[Part, Stamp | None]]  # None: the file is missing

    def changed(self, newer: Snapshot) -> frozenset[Part]:
        """The parts whose files differ between this snapshot and `newer`."""
        return frozenset(
            (newer.stamps.get(path) or self.stamps[path])[0] for path in self.paths_changed(newer)
        )

    def paths_changed(self, newer: Snapshot) -> frozenset[Path]:
        """The files listed in one of the two snapshots only, or with another stamp."""
        paths = set()
        for path in self.stamps.keys() | newer.stamps.keys():
            old, new = self.stamps.get(path), newer.stamps.get(path)
            if old is None or new is None or old[1] != new[1]:
                paths.add(path)
        return frozenset(paths)


def watched_files(settings: Settings) -> dict[Path, Part]:
    """Every file the build reads from the paper folder and its style, by part.

    The manuscript's globs are expanded again on each look, so a new chapter is seen; a style
    or manuscript that cannot be resolved leaves its files out (the build says why)."""
    from docbuild.crossref.verified_file import verified_path
    from docbuild.errors import DocbuildError

    files: dict[Path, Part] = {settings.config_path: Part.CONFIG}
    files.update(dict.fromkeys(settings.bib_paths, Part.BIBLIOGRAPHY))
    files[verified_path(settings)] = Part.BIBLIOGRAPHY
    if settings.lint.baseline:
        files[settings.root / settings.lint.baseline] = Part.BIBLIOGRAPHY
    with contextlib.suppress(DocbuildError):
        files.update(dict.fromkeys(settings.manuscript_files(), Part.MANUSCRIPT))
    files.update(dict.fromkeys(_resources(settings), Part.MANUSCRIPT))
    files.update(dict.fromkeys(_included(settings), Part.MANUSCRIPT))
    try:
        from docbuild.style import resolve_style

        style = resolve_style(settings)
        styled = [*style.pandoc_inputs(), *style.html_inputs(), *style.pdf_inputs()]
        files.update(dict.fromkeys(styled, Part.STYLE))
    except DocbuildError:
        pass
    return files


def _resources(settings: Settings) -> Iterable[Path]:
    """The images the last build used (build/resources.json), so a redrawn figure is seen."""
    import json

    from docbuild.jobs.listed import RESOURCES_JSON

    try:
        listed = json.loads((settings.build_path / RESOURCES_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    paths = [settings.root / str(rel) for rel in listed if isinstance(rel, str)]
    # What the build made itself (a PDF figure's PNG in build/figures/) is no input: watched,
    # a build that writes it would start the next.
    return [p for p in paths if not p.is_relative_to(settings.build_path)]


def _included(settings: Settings) -> Iterable[Path]:
    """The files the last parse spliced in for Quarto includes (build/includes.json)."""
    from docbuild.jobs.listed import included_files

    return [settings.root / rel for rel in included_files(settings)]


def snapshot(files: Mapping[Path, Part]) -> Snapshot:
    return Snapshot({path: (part, stamp(path)) for path, part in files.items()})
