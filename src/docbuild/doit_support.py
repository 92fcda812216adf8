"""What the task dicts in tasks.py share: the paper's settings, a task's inputs, and the hooks
doit calls (the action wrapper that turns our errors into messages, `uptodate` checks)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from doit.exceptions import TaskFailed

from docbuild.config import Settings, load_settings

if TYPE_CHECKING:
    from docbuild.errors import DocbuildError
    from docbuild.style import Style


def user_errors(action: Callable[..., bool]) -> Callable[..., bool | TaskFailed]:
    """Print a user's mistake as a message, not a traceback, and fail the task quietly.

    Jobs print why they fail; doit's own "Python Task failed: '<function ...>' returned
    False" would only add noise to that.
    """

    @functools.wraps(action)
    def wrapper(*args: object, **kwargs: object) -> bool | TaskFailed:
        from docbuild.errors import DocbuildError

        try:
            ok = action(*args, **kwargs)
        except DocbuildError as exc:
            shown = exc.format(Path.cwd())
            print(shown, file=sys.stderr)
            return TaskFailed(shown, report=False)
        except OSError as exc:
            # A full or read-only disk where a step wrote without fsutil: one message too.
            from docbuild.fsutil import os_error

            error = os_error(exc, Path(exc.filename or "build"))
            print(error, file=sys.stderr)
            return TaskFailed(str(error), report=False)
        return True if ok else TaskFailed("failed (see above)", report=False)

    return wrapper


def paper_settings() -> Settings:
    return load_settings(Path.cwd())


@dataclass(slots=True)
class _TaskCreation:
    """What the task creators of one `doit` run share: each needs the settings and most the
    style, and reading them (links resolved, fonts opened) once instead of nine times is most
    of a no-op build's own work. Kept while docbuild.toml in the same folder is unchanged."""

    key: tuple[object, ...]
    settings: Settings
    style: Style | DocbuildError | None = None
    manuscript: list[Path] | None = None  # the globs expanded, each file confined
    crossref_settings: list[str] | None = None  # crossref_settings_inputs: pandoc, jats, deposit


_CREATION: list[_TaskCreation] = []  # the last one


def _creation_key(root: Path) -> tuple[object, ...]:
    from docbuild.config import CONFIG_NAME

    try:
        info = (root / CONFIG_NAME).stat()
    except OSError:
        return (root, None)
    return (root, info.st_mtime_ns, info.st_size, info.st_ino)


def settings_for_task() -> Settings:
    """Settings for a task creator: a broken docbuild.toml ends doit with its message, since
    no task can be described without it (doit would otherwise print a traceback)."""
    from docbuild.errors import DocbuildError

    root = Path.cwd()
    key = _creation_key(root)
    if _CREATION and _CREATION[0].key == key:
        return _CREATION[0].settings
    try:
        settings = load_settings(root)
    except DocbuildError as exc:
        print(exc.format(root), file=sys.stderr)
        raise SystemExit(1) from None
    _CREATION[:] = [_TaskCreation(key, settings)]
    return settings


def _task_style(s: Settings) -> Style:
    """`resolve_style(s)`, once for the settings `settings_for_task` gave."""
    from docbuild.errors import DocbuildError
    from docbuild.style import resolve_style

    shared = _CREATION[0] if _CREATION and _CREATION[0].settings is s else None
    if shared is None:
        return resolve_style(s)
    if shared.style is None:
        try:
            shared.style = resolve_style(s)
        except DocbuildError as exc:
            shared.style = exc
    if isinstance(shared.style, DocbuildError):
        raise shared.style
    return shared.style


def style_inputs(s: Settings, part: str) -> list[str]:
    """The style's files for `part` ("pandoc", "html", "pdf"); none when the style is missing,
    so that `doit list` still works and the action itself reports the problem."""
    from docbuild.errors import DocbuildError

    try:
        style = _task_style(s)
        files = getattr(style, f"{part}_inputs")()
        if s.csl and part == "pandoc":
            # `csl` in docbuild.toml replaces the style's own CSL as an input.
            from docbuild.csl_styles import resolve_csl

            files = [p for p in files if p != style.csl] + [resolve_csl(s, style)]
    except DocbuildError:
        return []
    return [str(p) for p in files]


def manuscript_files_for_task(s: Settings) -> list[Path]:
    """`s.manuscript_files()`, once for the settings `settings_for_task` gave."""
    shared = _CREATION[0] if _CREATION and _CREATION[0].settings is s else None
    if shared is None:
        return s.manuscript_files()
    if shared.manuscript is None:
        shared.manuscript = s.manuscript_files()
    return list(shared.manuscript)


def manuscript_inputs(s: Settings) -> list[str]:
    files = [str(p) for p in [*manuscript_files_for_task(s), *s.metadata_files()]]
    if s.config_path.exists():
        files.append(str(s.config_path))
    return files


def crossref_settings_inputs(s: Settings) -> list[str]:
    """pandoc-crossref's settings file, a Quarto project's _quarto.yml and Manubot's
    manual-references.json beside the manuscript, and the lock (its DOIs cited Manubot's
    way), where they exist (a stat, no parse: a settings file the front matter names
    elsewhere is read, but not watched)."""
    shared = _CREATION[0] if _CREATION and _CREATION[0].settings is s else None
    if shared is None:
        return _crossref_settings_inputs(s)
    if shared.crossref_settings is None:
        shared.crossref_settings = _crossref_settings_inputs(s)
    return list(shared.crossref_settings)


def _crossref_settings_inputs(s: Settings) -> list[str]:
    from docbuild.crossref.verified_file import verified_path
    from docbuild.jobs.manubot import manual_files
    from docbuild.render.crossref_settings import default_settings_files, quarto_project

    files = manuscript_files_for_task(s)
    lock = [verified_path(s)] if verified_path(s).is_file() else []
    project = quarto_project(files, s.root)
    quarto = [project] if project is not None else []
    return [str(p) for p in [*default_settings_files(files), *quarto, *manual_files(files), *lock]]


def parsed_inputs(s: Settings) -> list[str]:
    """What a task that reads the parsed manuscript depends on: the files (their text gives
    the places) and build/manuscript.json (the `_parse` step's AST)."""
    return [*manuscript_inputs(s), str(s.build_path / "manuscript.json")]


def asked_by_name(task_name: str) -> bool:
    return task_name in sys.argv[1:]


def normalize_uptodate(task: object, values: object) -> bool:
    """Asked for by name, `normalize-refs` always runs: it shows the diff, and `--in-place`
    writes refs.bib itself (as `--apply-dois` does, whose input, refs.verified.json, is not a
    file_dep). As a step of `doit build` it runs only when its inputs changed."""
    options = getattr(task, "options", None) or {}
    return not (
        asked_by_name("normalize-refs")
        or options.get("in_place", False)
        or options.get("apply_dois", False)
    )


class ResourcesUnchanged:
    """doit `uptodate`: the images the manuscript uses (build/resources.json) are unchanged.

    They are not known when task dicts are built (that would mean parsing), so they are
    compared when doit checks the task.
    """

    def __init__(self, settings: Settings, *, suffix: str = "") -> None:
        self.settings = settings
        self.suffix = suffix  # only the files whose names end so (".pdf": the PDF figures)

    def __call__(self, task: object, values: dict[str, object]) -> bool:
        from docbuild.jobs.listed import resource_signature

        def listed() -> list[list[object]]:
            signature = resource_signature(self.settings)
            return [row for row in signature if str(row[0]).lower().endswith(self.suffix)]

        current = listed()

        def saved() -> dict[str, object]:
            # The stamps taken before the run, so an edit during it is seen next time; but the
            # task that writes the listing (pandoc) may have listed other files: then theirs.
            after = listed()
            same = [row[0] for row in after] == [row[0] for row in current]
            return {"_resources": current if same else after}

        task.value_savers.append(saved)  # type: ignore[attr-defined]
        return values.get("_resources") == current


class IncludesUnchanged:
    """doit `uptodate`: the files the manuscript's Quarto includes read are unchanged.

    Which files those are is known only after a parse (build/includes.json), so they are
    hashed when doit checks the task, and again after it ran (the list may have changed).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, task: object, values: dict[str, object]) -> bool:
        from docbuild.jobs.listed import include_signature

        def saved() -> dict[str, object]:
            return {"_includes": [list(pair) for pair in include_signature(self.settings)]}

        task.value_savers.append(saved)  # type: ignore[attr-defined]
        now = [list(pair) for pair in include_signature(self.settings)]
        return values.get("_includes", []) == now


def clean_html() -> None:
    """`doit clean` of the html task: the files copied beside paper.html."""
    from docbuild.jobs import build

    build.clean_html(paper_settings())


def clean_cache() -> None:
    """`doit clean` of the pandoc task: citeproc's cached output (build/.cache/) and the PNGs
    it made from PDF figures."""
    from docbuild.render.citecache import clear_cache
    from docbuild.render.images import clean_made_figures

    build = paper_settings().build_path
    clear_cache(build)
    clean_made_figures(build)
