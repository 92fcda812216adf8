"""pandoc-crossref's settings file, as the author's build reads it, for our Lua filter.

pandoc-crossref reads `crossrefYaml` (a path in the front matter or given with `-M`),
`pandoc-crossref.yaml` by default; ReScience papers keep theirs as `crossref.yaml` and name it
on the command line. docbuild takes the one the front matter names, else the first of
SETTINGS_NAMES beside the first manuscript file, and hands its keys to the filter as
`docbuild-crossref` (the front matter's own keys win over the file's, as in pandoc-crossref).
A Quarto project's `_quarto.yml` `crossref:` map comes under both, as Quarto merges it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import InputError

SETTINGS_NAMES = ("pandoc-crossref.yaml", "crossref.yaml")
META_KEY = "docbuild-crossref"


def default_settings_files(files: Sequence[Path]) -> list[Path]:
    """The settings files docbuild looks for without being told (for doit's file_dep)."""
    if not files:
        return []
    return [files[0].parent / name for name in SETTINGS_NAMES if (files[0].parent / name).is_file()]


QUARTO_PROJECT = "_quarto.yml"


def quarto_project(files: Sequence[Path], root: Path) -> Path | None:
    """The `_quarto.yml` of the first manuscript file's Quarto project: the nearest one in its
    folder or above, up to the paper folder (a stat each, no parse)."""
    if not files:
        return None
    folder, top = files[0].parent, root
    while True:
        if (folder / QUARTO_PROJECT).is_file():
            return folder / QUARTO_PROJECT
        if folder == top or folder == folder.parent or not folder.is_relative_to(top):
            return None
        folder = folder.parent


def quarto_crossref(path: Path, root: Path) -> dict[str, object]:
    """The `crossref:` map of a `_quarto.yml` (Quarto's names: `fig-prefix`, `tbl-title`...),
    which Quarto applies to every document of the project."""
    from docbuild.paths import MAX_STYLE_FILE, confine

    real = confine(path, [root], what="Quarto project file", where=Location(path, 0),
                   limit=MAX_STYLE_FILE)  # fmt: skip
    value = read_settings(real).get("crossref")
    return dict(value) if isinstance(value, Mapping) else {}


def settings_file(named: str | None, files: Sequence[Path], root: Path) -> Path | None:
    """The settings file: the front matter's `crossrefYaml`, else a default one, else None."""
    from docbuild.paths import MAX_STYLE_FILE, confine

    if named:
        base = files[0].parent if files else root
        where = Location(files[0], 0) if files else None
        path = confine(base / named, [root], what="crossrefYaml", where=where,
                       limit=MAX_STYLE_FILE, must_exist=True)  # fmt: skip
        return path
    found = default_settings_files(files)
    return found[0] if found else None


def read_settings(path: Path) -> dict[str, object]:
    """The file's keys; an error naming the file and line when it is not a YAML map."""
    import yaml

    from docbuild.paths import MAX_STYLE_FILE, read_input

    data = read_input(path, what="cross-reference settings", limit=MAX_STYLE_FILE)
    try:
        value = yaml.safe_load(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cross-reference settings '{path.name}' are not UTF-8: "
            f"{exc.reason} at byte {exc.start}",
            location=Location(path, 0),
            hint="save the file as UTF-8",
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"cross-reference settings '{path.name}' are not valid YAML: "
            f"{getattr(exc, 'problem', None) or exc}",
            location=Location(path, mark.line + 1 if mark else 0),
            hint="fix the YAML, or remove the file if pandoc-crossref is not used",
        ) from exc
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(
            f"cross-reference settings '{path.name}' are not a map of settings",
            location=Location(path, 1),
            hint="write one 'name: value' a line, as pandoc-crossref reads them",
        )
    return {str(k): _plain(v) for k, v in value.items()}


def _plain(value: object) -> object:
    """YAML's values as to_meta_value takes them: text, booleans, lists, maps."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return "" if value is None else str(value)
