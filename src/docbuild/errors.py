"""The exceptions docbuild raises for problems a user can fix.

    DocbuildError                 every user-facing failure (message, location, hint)
    ├── ConfigError               docbuild.toml or front matter is invalid
    │   └── ConfigErrors          several front-matter problems, reported at once
    ├── InputError                a manuscript, bibliography or resource cannot be used
    │   └── UnsafeResourceError   a resource outside the paper folder or on the network
    ├── StyleNotFoundError        the chosen style or CSL style does not exist
    ├── LockError                 another build of the same paper is running
    ├── OutputError               a file cannot be written (disk full, read-only, a link)
    ├── NetworkError              Crossref cannot be reached or answered badly
    └── ToolError                 an external tool failed
        ├── PandocError
        └── PdfRenderError

The shell (`cli.py`, `tasks.py`) prints these without a traceback; anything else is our bug.
"""

from __future__ import annotations

from pathlib import Path

from docbuild.diagnostics import Location, relative_to


class DocbuildError(Exception):
    """A failure the user can act on: what happened, where, and what to do next."""

    def __init__(
        self, message: str, *, location: Location | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        return self.format()

    def format(self, root: Path | None = None) -> str:
        """`paper.md:12:3: error: message` and its hint; the path relative to `root` (the
        shell's working folder) where it lies inside it, as findings print theirs."""
        location = self.location
        if location is not None and root is not None:
            location = Location(relative_to(location.path, root), location.line, location.column)
        where = f"{location}: " if location else ""
        hint = f"\n  hint: {self.hint}" if self.hint else ""
        return f"{where}error: {self.message}{hint}"


class ConfigError(DocbuildError):
    """docbuild.toml, a style's style.toml or the front matter is invalid."""


class ConfigErrors(ConfigError):
    """Every problem of one front matter, so that one build lists them all."""

    def __init__(self, errors: list[ConfigError]) -> None:
        first = errors[0]
        super().__init__(first.message, location=first.location, hint=first.hint)
        self.errors = tuple(errors)

    def format(self, root: Path | None = None) -> str:
        return "\n".join(e.format(root) for e in self.errors)


class InputError(DocbuildError):
    """A manuscript, bibliography or resource cannot be read or used."""

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        resource: str | None = None,
    ) -> None:
        super().__init__(message, location=location, hint=hint)
        # The image or file the problem is about, as the document names it: the build looks
        # it up in the manuscript to say where it is used.
        self.resource = resource


class UnsafeResourceError(InputError):
    """A document asked for a file outside the paper folder or for a network address."""


class StyleNotFoundError(DocbuildError):
    """The style named in docbuild.toml, or a CSL style, does not exist."""


class LockError(DocbuildError):
    """Another build of the same paper holds the lock."""


class OutputError(DocbuildError):
    """A file cannot be written: the disk is full or read-only, or the path is a link."""


class NetworkError(DocbuildError):
    """A network service (Crossref) could not be reached or gave an unusable answer."""


class ToolError(DocbuildError):
    """An external tool (pandoc, WeasyPrint) failed."""


class PandocError(ToolError):
    """pandoc failed or timed out."""


class PdfRenderError(ToolError):
    """WeasyPrint failed, timed out, or a resource it needed was refused."""
