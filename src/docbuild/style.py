"""Journal styles: a folder `styles/<name>/` with `style.toml`, template, CSS, CSL and fonts.

A paper's own `styles/<name>/` wins over the styles shipped in the package.
"""

from __future__ import annotations

import contextlib
import contextvars
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docbuild.styles
from docbuild.config import Settings
from docbuild.diagnostics import Location
from docbuild.errors import ConfigError, StyleNotFoundError
from docbuild.tomlkeys import read_key_line

# The repository's top-level styles/, installed as the package `docbuild.styles`.
PACKAGE_STYLES = Path(docbuild.styles.__file__).parent
STYLE_FILE = "style.toml"


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    folder: Path
    title: str
    description: str
    template: Path  # pandoc HTML template
    css_screen: tuple[Path, ...]  # linked from the HTML edition
    css_print: tuple[Path, ...]  # given to WeasyPrint
    csl: Path  # the CSL citation style
    fonts: tuple[Path, ...]  # font files shipped in the style
    required_front_matter: tuple[str, ...] = ()  # a build stops without these
    masthead_front_matter: tuple[str, ...] = ()  # printed where given, else a warning (R007)
    lint_severity: tuple[tuple[str, str], ...] = ()  # the journal's lint policy
    lint_disable: tuple[str, ...] = ()
    line_numbers: bool = False  # the PDF numbers the body's lines in the margin (review copies)
    math_font: Path | None = None  # an OpenType font with a MATH table, one of `fonts`
    references_title: str = "References"  # the heading the style prints above the list
    # [crossref]: how the journal labels and numbers figures, tables, sections, equations:
    # (kind, key, value), e.g. ("fig", "caption", "Fig. {n}."); crossref.lua reads them.
    crossref: tuple[tuple[str, str, str], ...] = ()

    def crossref_settings(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for kind, key, value in self.crossref:
            out.setdefault(kind, {})[key] = value
        return out

    def pandoc_inputs(self) -> list[Path]:
        return [self.folder / STYLE_FILE, self.template, self.csl]

    def html_inputs(self) -> list[Path]:
        return [*self.css_screen, *self.fonts]

    def pdf_inputs(self) -> list[Path]:
        # style.toml too: its line_numbers flag changes the PDF, not pandoc's HTML.
        return [self.folder / STYLE_FILE, *self.css_print, *self.fonts]


def style_folders(root: Path) -> dict[str, Path]:
    """Every available style by name: the package's, then the paper's own (which win)."""
    found: dict[str, Path] = {}
    for base in (PACKAGE_STYLES, root / "styles"):
        if base.is_dir():
            for d in sorted(base.iterdir()):
                if (d / STYLE_FILE).is_file():
                    found[d.name] = d
    return found


# The styles a caller keeps between calls (`styles_kept`), by folder.
_KEPT: contextvars.ContextVar[dict[Path, Style] | None] = contextvars.ContextVar(
    "docbuild_styles_kept", default=None
)


@contextlib.contextmanager
def styles_kept(kept: dict[Path, Style]) -> Iterator[None]:
    """Inside, `resolve_style` takes a style from `kept`, and puts there those it resolves.

    For `docbuild preview`, which watches every file of the style and empties `kept` when one
    changes: resolving a style (each of its files confined, links resolved) was a tenth of a
    save's own work, twice a save. In this thread (and its context) alone."""
    token = _KEPT.set(kept)
    try:
        yield
    finally:
        _KEPT.reset(token)


def resolve_style(settings: Settings) -> Style:
    """The style named in docbuild.toml, or a StyleNotFoundError listing the available ones."""
    folders = style_folders(settings.root)
    folder = folders.get(settings.style)
    kept = _KEPT.get()
    if kept is None or folder is None:
        return _resolve_style(settings, folders, folder)
    # By folder: a paper's own styles/<name>/ made while previewing wins at the next save.
    if folder not in kept:
        kept[folder] = _resolve_style(settings, folders, folder)
    return kept[folder]


def _resolve_style(settings: Settings, folders: dict[str, Path], folder: Path | None) -> Style:
    if folder is None:
        import difflib  # only a mistake needs it (a no-op build imports this module)

        close = difflib.get_close_matches(settings.style, sorted(folders), n=1)
        raise StyleNotFoundError(
            f"style '{settings.style}' not found",
            location=Location(
                settings.config_path, read_key_line(settings.config_path, "", "style")
            ),
            hint=(f"did you mean '{close[0]}'? " if close else "")
            + "available styles: "
            + ", ".join(sorted(folders))
            + " (docbuild styles)",
        )
    return load_style(folder)


def load_style(folder: Path) -> Style:
    """The style in `folder`; every file it names must stay inside the folder's paper (or the
    installed styles), links resolved (paths.confine), or a ConfigError names the key."""
    from docbuild.paths import MAX_RESOURCE, MAX_STYLE_FILE, confine, read_input

    path = folder / STYLE_FILE
    bases = (folder.parent.parent if folder.parent.name == "styles" else folder, PACKAGE_STYLES)
    folder = confine(folder, bases, what="style folder", where=Location(path, 0), folder=True)
    path = folder / STYLE_FILE
    try:
        confine(path, bases, what="style file", where=Location(path, 0), limit=MAX_STYLE_FILE)
        raw = read_input(path, what="style file", limit=MAX_STYLE_FILE)
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read style file: {exc}", location=Location(path, 0)) from exc

    def named(key: str, value: object, *, limit: int = MAX_STYLE_FILE) -> Path:
        return confine(folder / str(value), bases, what=f"style {key}",
                       where=Location(path, read_key_line(path, "", key)), limit=limit)  # fmt: skip

    fonts_where = Location(path, read_key_line(path, "", "fonts"))
    fonts_dir = folder / str(data.get("fonts", "fonts"))
    fonts: tuple[Path, ...] = ()
    if fonts_dir.is_dir():
        fonts_dir = confine(fonts_dir, bases, what="style fonts", where=fonts_where, folder=True)
        fonts = tuple(
            sorted(
                confine(p, bases, what="style font", where=fonts_where, limit=MAX_RESOURCE)
                for p in fonts_dir.glob("*")
                if p.suffix.lower() in {".ttf", ".otf", ".woff", ".woff2"}
            )
        )
    lint = data.get("lint", {})
    line_numbers = data.get("line_numbers", False)
    if not isinstance(line_numbers, bool):
        raise ConfigError(
            f"line_numbers must be true or false, not {line_numbers!r}",
            location=Location(path, read_key_line(path, "", "line_numbers")),
            hint="write line_numbers = true to number the body's lines in the PDF's margin",
        )
    return Style(
        math_font=_math_font(folder, data, fonts),
        name=folder.name,
        folder=folder,
        title=str(data.get("title", folder.name)),
        description=str(data.get("description", "")),
        template=_template(named("template", data.get("template", "template.html")), bases),
        css_screen=tuple(named("css_screen", c) for c in data.get("css_screen", ["screen.css"])),
        css_print=tuple(named("css_print", c) for c in data.get("css_print", ["print.css"])),
        csl=named("csl", data.get("csl", "style.csl")),
        fonts=fonts,
        required_front_matter=tuple(data.get("front_matter", {}).get("required", [])),
        masthead_front_matter=tuple(data.get("front_matter", {}).get("masthead", [])),
        lint_severity=tuple((str(k), str(v)) for k, v in lint.get("severity", {}).items()),
        lint_disable=tuple(str(d) for d in lint.get("disable", [])),
        line_numbers=line_numbers,
        references_title=str(data.get("references_title", "References")),
        crossref=_crossref(path, data.get("crossref", {})),
    )


CROSSREF_KINDS = ("fig", "tbl", "sec", "eq")
CROSSREF_KEYS = {
    "label": None,
    "plural": None,
    "caption": None,
    "numbering": ("arabic", "upper-roman", "title"),
}


def _crossref(path: Path, table: object) -> tuple[tuple[str, str, str], ...]:
    """style.toml's [crossref], checked: kinds, keys and numberings crossref.lua knows."""
    out: list[tuple[str, str, str]] = []
    for kind, settings in table.items() if isinstance(table, dict) else []:
        for key, value in settings.items() if isinstance(settings, dict) else [(None, None)]:
            allowed = CROSSREF_KEYS.get(str(key), ())
            if (
                kind not in CROSSREF_KINDS
                or key not in CROSSREF_KEYS
                or (allowed and value not in allowed)
            ):
                raise ConfigError(
                    f"[crossref] {kind}.{key} = {value!r} is not a setting docbuild knows",
                    location=Location(path, read_key_line(path, "crossref", str(kind))),
                    hint="kinds: fig, tbl, sec, eq; keys: label, plural, caption ('Fig. {n}.'), "
                    "numbering ('arabic', 'upper-roman', or 'title' for sections)",
                )
            out.append((str(kind), str(key), str(value)))
    return tuple(out)


def _template(template: Path, bases: tuple[Path, ...]) -> Path:
    """The template, once its partials are checked: pandoc reads a partial
    (`${ name() }`) from any path, --sandbox or not."""
    from docbuild.paths import check_partials

    check_partials(template, bases)
    return template


def format_styles(styles: list[Style], *, root: Path) -> str:
    """One line per style: name, title, description, and where a paper's own style lives."""
    if not styles:
        return "no styles found"
    width = max(len(s.name) for s in styles)
    lines = []
    for s in styles:
        text = s.title + (f": {s.description}" if s.description else "")
        own = "" if s.folder.is_relative_to(PACKAGE_STYLES) else f" [{s.folder.relative_to(root)}]"
        lines.append(f"{s.name:<{width}}  {text}{own}")
    return "\n".join(lines)


def print_styles(root: Path | None = None) -> int:
    """`docbuild styles`: the styles a paper in `root` (default: here) can name in docbuild.toml."""
    root = (root or Path.cwd()).resolve()
    styles = [load_style(folder) for folder in style_folders(root).values()]
    print(format_styles(sorted(styles, key=lambda s: s.name), root=root))
    return 0


def _math_font(folder: Path, data: dict[str, object], fonts: tuple[Path, ...]) -> Path | None:
    """style.toml's `math_font`, checked; without one, the first shipped font with a MATH table."""
    from docbuild.render.fonttables import has_math_table

    path = folder / STYLE_FILE
    named = data.get("math_font")
    if named is None:
        return next((f for f in fonts if has_math_table(f)), None)
    font = folder / str(named)
    if font not in fonts or not has_math_table(font):
        why = "has no MATH table" if font in fonts else "is not a font in the style's fonts folder"
        raise ConfigError(
            f"math_font '{named}' {why}",
            location=Location(path, read_key_line(path, "", "math_font")),
            hint="name an OpenType math font shipped in the style, e.g. "
            'math_font = "fonts/STIXTwoMath-Regular.ttf"',
        )
    return font
