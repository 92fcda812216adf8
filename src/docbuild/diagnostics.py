"""Diagnostics: bad input described as data, with a location, for the shell to report."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used for sorting and for `fail_on` thresholds."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True, order=True)
class Location:
    path: Path
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int | None = None  # 1-based where known

    def __str__(self) -> str:
        if self.line <= 0:
            return str(self.path)
        col = f":{self.column}" if self.column else ""
        return f"{self.path}:{self.line}{col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    location: Location
    rule: str  # "B004"
    name: str  # "malformed-date"
    severity: Severity
    message: str  # lower-case, no trailing period, user values in quotes
    key: str | None = None  # the bib entry, where there is one
    fix: str | None = None  # what to do, or the exact replacement
    # Whether the manuscript cites the entry `key` names: None where there is no manuscript or
    # the finding is about no entry. Only findings that are not `False` count toward the gate.
    cited: bool | None = None

    def format(self, root: Path | None = None) -> str:
        """`refs.bib:73:3: error B004 malformed-date [javed2022] message`."""
        loc = self.location
        if root is not None:
            loc = Location(relative_to(loc.path, root), loc.line, loc.column)
        key = f" [{self.key}]" if self.key else ""
        return f"{loc}: {self.severity.value} {self.rule} {self.name}{key} {self.message}"


def relative_to(path: Path, root: Path) -> Path:
    """`path` relative to `root` when it lies inside it, else unchanged."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path
