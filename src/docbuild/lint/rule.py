"""The `@rule` decorator, the `Finding` a rule yields and the `LintContext` every rule sees."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from docbuild.bib.model import BibEntry, Bibliography
from docbuild.bib.problems import ProblemKind
from docbuild.crossref.verified import Verification
from docbuild.diagnostics import Severity

if TYPE_CHECKING:
    from docbuild.cite.keys import Citation
    from docbuild.cite.manuscript import Manuscript
    from docbuild.lint.citations import Resolution


class Scope(enum.Enum):
    """What a rule's check is called with, and so how often."""

    ENTRY = "entry"  # check(entry, ctx), once per entry
    BIBLIOGRAPHY = "bibliography"  # check(ctx), once
    PARAGRAPH = "paragraph"  # check(paragraph, ctx), once per manuscript paragraph
    PROBLEM = "problem"  # check(problem, ctx), once per reader problem of the rule's kinds


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found; the engine adds the rule id, severity, file and (by default) key."""

    message: str  # lower-case, no trailing period, user values in quotes
    fix: str | None = None
    line: int | None = None  # default: the entry's (problem's) line, or the paragraph's first
    column: int | None = None
    key: str | None = None  # default: the entry's (problem's) key; citations give theirs
    path: Path | None = None  # default: the bibliography (entry rules) or the paragraph's file
    severity: Severity | None = None  # a rule's quieter or louder case; config still wins
    # A guess (a likely defect, not a known one): no policy makes it an error (a warning at most).
    guess: bool = False


class StylePrinter(Protocol):
    """How the journal's CSL style prints entries: made by the shell (`cite.engine.CslPrinter`,
    which reads the style file before linting starts), so that a rule stays pure."""

    @property
    def variables(self) -> frozenset[str]:
        """The CSL variables the style can print (`volume`, `page`, ...)."""
        ...

    def print_entries(self, entries: Iterable[BibEntry]) -> Mapping[str, str]:
        """How each entry prints in the style's bibliography, as plain text, by key."""
        ...


@dataclass(frozen=True, slots=True)
class LintContext:
    """Everything the rules may look at; built once per run by `engine.build_context`."""

    bibliography: Bibliography
    manuscript: Manuscript | None = None
    printer: StylePrinter | None = None  # the style's CSL, for rules that show how entries print
    # Entry key -> what Crossref said (refs.verified.json, read by the shell); empty offline.
    verified: Mapping[str, Verification] = field(default_factory=lambda: MappingProxyType({}))
    entries_by_key: Mapping[str, BibEntry] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()
    citations_by_paragraph: Mapping[int, tuple[Citation, ...]] = field(default_factory=dict)
    resolutions: Mapping[Citation, Resolution] = field(default_factory=dict)
    cited_keys: frozenset[str] = frozenset()
    # Lower-cased key -> the key as written (the first of a case): what BibTeX would match.
    keys_by_lower: Mapping[str, str] = field(default_factory=dict)
    # Citations resolved outside refs.bib: Manubot's manual-references.json and the lock's DOIs.
    resolved_elsewhere: frozenset[str] = frozenset()
    # Manubot citations nothing resolves: key -> its identifier ("doi:10.1/x", "isbn:...").
    unresolved_ids: Mapping[str, str] = field(default_factory=dict)
    # The day the paper is built (SOURCE_DATE_EPOCH, else today; given by the shell): what
    # "a date in the future" means. None: unknown, and no rule judges dates against it.
    build_date: date | None = None


Check = Callable[..., Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str  # "B004", stable forever
    name: str  # "malformed-date", the contract
    severity: Severity
    scope: Scope
    summary: str  # the module docstring's first line, after "B004 malformed-date: "
    description: str  # the check's docstring, PASS/FAIL examples removed
    passing: tuple[str, ...]  # PASS examples
    failing: tuple[str, ...]  # FAIL examples
    check: Check
    problems: frozenset[ProblemKind] = frozenset()  # the reader's kinds a PROBLEM rule owns


def rule(
    rule_id: str,
    name: str,
    severity: Severity,
    scope: Scope = Scope.ENTRY,
    *,
    problems: frozenset[ProblemKind] = frozenset(),
) -> Callable[[Check], Check]:
    """Attach rule metadata to a check function; the registry in `lint/rules` lists them.

    A rule given `problems` is a PROBLEM rule: the engine calls it with each problem of
    those kinds that the reader found."""
    if problems:
        scope = Scope.PROBLEM

    def decorate(check: Check) -> Check:
        module = inspect.getmodule(check)
        module_doc = (module.__doc__ if module else "") or ""
        first = module_doc.strip().splitlines()[0] if module_doc.strip() else name
        summary = (first.split(":", 1)[1] if ":" in first else first).strip().rstrip(".")
        description, passing, failing = _split_doc(inspect.getdoc(check) or "")
        check.rule_info = RuleInfo(  # type: ignore[attr-defined]
            id=rule_id,
            name=name,
            severity=severity,
            scope=scope,
            summary=summary,
            description=description,
            passing=passing,
            failing=failing,
            check=check,
            problems=problems,
        )
        return check

    return decorate


def info_of(check: Check) -> RuleInfo:
    info = getattr(check, "rule_info", None)
    if not isinstance(info, RuleInfo):
        raise TypeError(f"{check!r} is not decorated with @rule")
    return info


def _split_doc(doc: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    text: list[str] = []
    passing: list[str] = []
    failing: list[str] = []
    current: list[str] | None = None
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped.startswith("PASS:"):
            current = passing
            current.append(stripped[5:].strip())
        elif stripped.startswith("FAIL:"):
            current = failing
            current.append(stripped[5:].strip())
        elif current is not None and stripped and line.startswith((" ", "\t")):
            current[-1] += "\n" + stripped
        else:
            current = None
            text.append(line)
    return "\n".join(text).strip(), tuple(passing), tuple(failing)
