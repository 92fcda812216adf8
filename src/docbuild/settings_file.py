"""docbuild.toml read into Settings: every key checked, each error naming the key and its
line (`settings_from_dict`), and every path the settings name confined on disk
(`confine_settings`)."""

from __future__ import annotations

import re
from pathlib import Path

from docbuild.config import (
    DEFAULT_PDF_VARIANT,
    FAIL_ON,
    PDF_VARIANTS,
    REGISTRY_DEFAULTS,
    CrossrefSettings,
    LintSettings,
    MathSettings,
    PdfSettings,
    RegistrySettings,
    Settings,
)
from docbuild.diagnostics import Severity
from docbuild.errors import ConfigError
from docbuild.tomlcheck import TomlChecker, not_one_of, shown, strings

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


def confine_settings(settings: Settings) -> Settings:
    """Check on disk every path the settings name (links resolved): each stays inside the
    paper folder, is a regular file under its size limit, and build_dir is a plain subfolder.
    A ConfigError names the key and its line in docbuild.toml."""
    from docbuild.paths import MAX_BASELINE, MAX_BIBLIOGRAPHY, MAX_STYLE_FILE, build_folder, confine

    check = TomlChecker(settings.config_path)
    root = settings.root
    for bib_path in settings.bib_paths:
        confine(
            bib_path,
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
    sources = [*settings.bib_paths, settings.config_path, root / "styles",
               *settings.metadata_files(), *settings.manuscript_files()]  # fmt: skip
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


def toml_error_line(exc: Exception) -> int:
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
            import difflib  # only a mistake needs it (a no-op build imports this module)

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

    bibliography = _bibliography(data, check)
    build_dir = check.text(data, "", "build_dir", "build") or "build"
    for bib in bibliography:
        relative_value(bib, what="bibliography", where=check.where("", "bibliography"), root=root)
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
        bibliography=tuple(bibliography),
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


def _bibliography(data: dict[str, object], check: TomlChecker) -> list[str]:
    """`bibliography`: one file, or a list of them in the order pandoc reads them."""
    value = data.get("bibliography", "refs.bib")
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        names = [str(v) for v in value]
        twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
        if twice is not None:
            raise ConfigError(
                f"'bibliography' names '{twice}' twice",
                location=check.where("", "bibliography"),
                hint="name each file once; pandoc would read its entries twice",
            )
        return names
    if isinstance(value, list):
        raise ConfigError(
            f"'bibliography' must be a file or a list of files, not {shown(value)}",
            location=check.where("", "bibliography"),
            hint='for example: bibliography = ["refs.bib", "software.bib"]',
        )
    return [check.text(data, "", "bibliography", "refs.bib") or "refs.bib"]


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
