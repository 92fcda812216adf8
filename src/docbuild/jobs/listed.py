"""The files a step listed in build/ for doit's up-to-date checks (the images the render used,
the files Quarto includes pulled in), read without importing the step: every `doit` call,
a no-op included, checks them, and importing jobs/parse.py for them was a third of a no-op."""

from __future__ import annotations

import hashlib
import json

from docbuild.config import Settings

RESOURCES_JSON = "resources.json"  # the images the render used, written by jobs/pandoc.py
INCLUDES_JSON = "includes.json"  # the files Quarto includes pull in, written by jobs/parse.py


def resource_signature(settings: Settings) -> list[list[object]]:
    """(path, size, mtime) of each file in build/resources.json: what doit compares."""
    listing = settings.build_path / RESOURCES_JSON
    if not listing.is_file():
        return []
    out: list[list[object]] = []
    for rel in json.loads(listing.read_text(encoding="utf-8")):
        path = settings.root / rel
        try:
            info = path.stat()
            out.append([rel, info.st_size, info.st_mtime_ns])
        except OSError:
            out.append([rel, -1, -1])
    return out


def included_files(settings: Settings) -> list[str]:
    """The files the last parse spliced in for Quarto includes, and the LaTeX files whose
    macros it read (include-in-header), relative to the folder."""
    try:
        listed = json.loads((settings.build_path / INCLUDES_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(rel) for rel in listed] if isinstance(listed, list) else []


def include_signature(settings: Settings) -> list[tuple[str, str | None]]:
    """The files the last parse included, each with its content's hash (None: gone)."""
    out: list[tuple[str, str | None]] = []
    for rel in included_files(settings):
        try:
            digest: str | None = hashlib.sha256((settings.root / str(rel)).read_bytes()).hexdigest()
        except OSError:
            digest = None
        out.append((str(rel), digest))
    return out
