"""Settings files (docbuild.toml, ISSUE.toml) checked key by key: each error names the key and
the line it is on, with an example of what would be right."""

from __future__ import annotations

import json
from pathlib import Path

from docbuild.diagnostics import Location
from docbuild.errors import ConfigError
from docbuild.tomlkeys import key_line


def not_one_of(
    key: str, value: str, choices: tuple[str, ...], where: Location, why: str = ""
) -> ConfigError:
    """A setting outside its closed set: the closest choice, then every one."""
    import difflib  # only a mistake needs it (a no-op build imports this module)

    close = difflib.get_close_matches(value.lower(), choices, n=1)
    return ConfigError(
        f"'{key}' is '{value}'{why}",
        location=where,
        hint=(f"did you mean '{close[0]}'? " if close else "")
        + "use one of "
        + ", ".join(f"'{v}'" for v in choices),
    )


def strings(
    data: dict[str, object], key: str, default: list[str], what: str, check: TomlChecker
) -> list[str]:
    """A list of paths (a single string is accepted too)."""
    value = data.get(key, default)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        example = default or ["content/metadata.yaml"]
        raise ConfigError(
            f"'{key}' must be a list of {what}",
            location=check.where("", key),
            hint=f"for example: {key} = {json.dumps(example)}",
        )
    return value


class TomlChecker:
    """Type checks whose errors name the line of the offending key in docbuild.toml."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._text: str | None = None

    def where(self, table: str, key: str) -> Location:
        return Location(self.path, self._line_of(table, key))

    def _line_of(self, table: str, key: str) -> int:
        # Only read again when there is an error to report: the happy path stays one read.
        if self._text is None:
            try:
                self._text = self.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._text = ""
        return key_line(self._text, table, key)

    def unknown(self, data: dict[str, object], known: set[str], prefix: str) -> None:
        unknown = sorted(set(data) - known)
        if unknown:
            import difflib  # only a mistake needs it (a no-op build imports this module)

            close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            guess = f"did you mean '{prefix}{close[0]}'? " if close else ""
            raise ConfigError(
                f"unknown setting '{prefix}{unknown[0]}' in {self.path.name}",
                location=self.where(prefix.rstrip("."), unknown[0]),
                hint=guess + "known settings: " + ", ".join(sorted(prefix + k for k in known)),
            )

    def table(self, data: dict[str, object], table: str, name: str) -> dict[str, object]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            full = f"{table}.{name}" if table else name
            raise ConfigError(
                f"'{full}' must be a table, not {shown(value)}",
                location=self.where(table, name),
                hint=f"write it as a [{full}] section; see docs/configuration.md",
            )
        return value

    def text(
        self,
        data: dict[str, object],
        table: str,
        key: str,
        example: str,
        *,
        optional: bool = False,
        empty: bool = False,
    ) -> str | None:
        """A string setting (None when absent); a number, list or empty text is an error."""
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, str) and (value or empty):
            return value
        if optional and value == "":
            return None
        full = f"{table}.{key}" if table else key
        problem = "is empty" if value == "" else f"must be text in quotes, not {shown(value)}"
        raise ConfigError(
            f"'{full}' {problem}",
            location=self.where(table, key),
            hint=f'for example: {key} = "{example}"',
        )

    def number(self, data: dict[str, object], table: str, key: str, default: float) -> float:
        value = data.get(key, default)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value)
        raise ConfigError(
            f"'{table}.{key}' must be a number above 0, not {shown(value)}",
            location=self.where(table, key),
            hint=f"for example: {key} = {default}",
        )


def shown(value: object) -> str:
    """A value as the user typed it (near enough: TOML and JSON agree on these)."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except TypeError:
        return str(value)  # dates and times, which TOML has and JSON does not
