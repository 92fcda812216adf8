"""The render steps' findings (R001-R016) as Diagnostics, and the report file each step writes.

pandoc, the script remover and WeasyPrint report problems while they work; the `pandoc` and
`pdf` steps print each at once and keep them in `build/<step>-report.json` (the lint report's
JSON format), which `doit lint-refs` adds to the linter's findings in every output format.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.diagnostics import Diagnostic, Location, Severity


@dataclass(frozen=True, slots=True)
class RenderRule:
    id: str  # "R001": stable, like the lint rules' ids
    name: str  # "ignored-front-matter": the contract
    severity: Severity
    summary: str  # one line for docs/architecture.md and docs/lint.md


IGNORED_FRONT_MATTER = RenderRule(
    "R001",
    "ignored-front-matter",
    Severity.WARNING,
    "a front-matter key docbuild sets itself (`bibliography`, `csl`, `references`, ...)",
)
UNSAFE_HTML_REMOVED = RenderRule(
    "R002",
    "unsafe-html-removed",
    Severity.WARNING,
    "raw HTML in the manuscript that the sanitizer removed: a script, event attribute or "
    "script URL, a frame, object, form, `<base>`, `<link>` or body `<style>`",
)
PANDOC_WARNING = RenderRule("R003", "pandoc-warning", Severity.WARNING, "a warning from pandoc")
UNKNOWN_CROSS_REFERENCE = RenderRule(
    "R004",
    "unknown-cross-reference",
    Severity.ERROR,
    "a cross-reference (`@fig:x`, `@fig-x`, `\\autoref{fig:x}`) to no figure, table, section,"
    " equation or listing of that id",
)
WEASYPRINT_WARNING = RenderRule(
    "R005", "weasyprint-warning", Severity.WARNING, "CSS that WeasyPrint ignored"
)
CODE_NOT_RUN = RenderRule(
    "R006",
    "code-not-run",
    Severity.WARNING,
    "executable code chunks (a .qmd's or .Rmd's ```` ```{r} ````) that docbuild does not run",
)
INCOMPLETE_MASTHEAD = RenderRule(
    "R007",
    "incomplete-masthead",
    Severity.WARNING,
    "a front-matter key the style's masthead prints (`article.doi`, ...) is missing",
)
UNUSED_FRONT_MATTER = RenderRule(
    "R008",
    "unused-front-matter",
    Severity.WARNING,
    "a front-matter key docbuild does not use (`keypoints`, an author's `roles`, ...)",
)
READ_AS = RenderRule(
    "R009",
    "read-as",
    Severity.INFO,
    "how an ambiguous, partial or relative front-matter value (a `date`, a `Contact`) was read",
)
RAW_TEX_LEFT_OUT = RenderRule(
    "R010",
    "raw-tex-left-out",
    Severity.WARNING,
    "raw LaTeX that neither edition can show (`\\begin{algorithm}`, an unknown command)",
)
MISSING_ALT_TEXT = RenderRule(
    "R011",
    "missing-alt-text",
    Severity.WARNING,
    "an image with no alternative text (no caption, no `fig-alt`, no `alt`): the tagged PDF "
    "and screen readers have nothing to say for it",
)
INVALID_VALUE_LEFT_OUT = RenderRule(
    "R012",
    "invalid-value-left-out",
    Severity.WARNING,
    "an author's ORCID iD or e-mail address that is known to be wrong (its check digit fails, "
    "it is no address): left out of every edition, never printed wrong",
)
MISSING_INCLUDE = RenderRule(
    "R013",
    "missing-include",
    Severity.WARNING,
    "a Quarto `{{< include file >}}` whose file does not exist: its text is left out",
)
EMPTY_REFERENCE_LIST = RenderRule(
    "R014",
    "empty-reference-list",
    Severity.WARNING,
    "the paper cites works but its reference list is empty: none of them resolved (DOIs "
    "`doit verify-refs` has not looked up, keys with no entry); no heading is printed over it",
)
TYPED_NUMBER_MISSING = RenderRule(
    "R015",
    "typed-number-missing",
    Severity.WARNING,
    "a figure or table number typed by hand (`shown in Figure 3`) that the paper does not "
    "number: only floats with an id get a number",
)
MATH_SHRUNK = RenderRule(
    "R016",
    "math-shrunk",
    Severity.WARNING,
    "math wider than its line or text area, which the PDF prints at under 80% of its size "
    "(LaTeX's overfull box)",
)
RENDER_RULES = (
    IGNORED_FRONT_MATTER,
    UNSAFE_HTML_REMOVED,
    PANDOC_WARNING,
    UNKNOWN_CROSS_REFERENCE,
    WEASYPRINT_WARNING,
    CODE_NOT_RUN,
    INCOMPLETE_MASTHEAD,
    UNUSED_FRONT_MATTER,
    READ_AS,
    RAW_TEX_LEFT_OUT,
    MISSING_ALT_TEXT,
    INVALID_VALUE_LEFT_OUT,
    MISSING_INCLUDE,
    EMPTY_REFERENCE_LIST,
    TYPED_NUMBER_MISSING,
    MATH_SHRUNK,
)
# The report file of each step that has findings, in build/.
REPORTS = ("pandoc-report.json", "pdf-report.json")


def finding(
    rule: RenderRule,
    location: Location,
    message: str,
    *,
    fix: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """A finding of `rule`, at the rule's severity unless `severity` (what is known) says less."""
    return Diagnostic(location, rule.id, rule.name, severity or rule.severity, message, fix=fix)


def write_report(path: Path, findings: Sequence[Diagnostic], root: Path) -> None:
    """One step's findings, in the lint report's format (version 1), written atomically."""
    from docbuild.fsutil import write_text_atomic
    from docbuild.lint import report

    write_text_atomic(path, report.dumps(report.to_json(findings, root)))


def read_reports(build: Path, root: Path) -> tuple[Diagnostic, ...]:
    """The findings of the last render steps; none where a step has not run (or wrote junk,
    which its next run replaces)."""
    from docbuild.lint import report

    out: list[Diagnostic] = []
    for name in REPORTS:
        try:
            document = json.loads((build / name).read_text(encoding="utf-8"))
            out.extend(report.from_json(document, root))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return tuple(out)
