"""What `doit lint-refs` prints: build/lint-report.json and the render reports, in a format,
through the selection its options make (`--rule`, `--severity`, `--key`, `--uncited`)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from docbuild import __version__
from docbuild.config import Settings
from docbuild.diagnostics import Diagnostic, Location, Severity, relative_to
from docbuild.errors import InputError
from docbuild.lint import report, view
from docbuild.lint.registry import ALL_RULES

REPORT_JSON = "lint-report.json"
FORMATS = ("text", "json", "sarif", "github")


def make_selection(
    rules: Sequence[str] = (),
    severities: Sequence[str] = (),
    keys: Sequence[str] = (),
    *,
    uncited: bool = False,
) -> view.Selection:
    """The selection of lint-refs' options; an unknown rule or severity is an error naming
    the valid ones (a typo must not silently show nothing)."""
    from docbuild.render.findings import RENDER_RULES

    known = {r.id: r.id for r in (*ALL_RULES, *RENDER_RULES)}
    known.update({r.name: r.id for r in (*ALL_RULES, *RENDER_RULES)})
    names = view.split_options(rules)
    unknown = view.unknown_rules(names, known)
    if unknown:
        listed = ", ".join(sorted(f"{r.id} {r.name}" for r in (*ALL_RULES, *RENDER_RULES)))
        raise InputError(
            f"unknown rule{'s' if len(unknown) > 1 else ''} "
            + ", ".join(f"'{n}'" for n in unknown),
            hint=f"--rule takes a rule's id or name: {listed}",
        )
    levels = [s.lower() for s in view.split_options(severities)]
    valid = [s.value for s in Severity]
    wrong = [s for s in levels if s not in valid]
    if wrong:
        raise InputError(
            "unknown severity " + ", ".join(f"'{s}'" for s in wrong),
            hint="--severity takes " + ", ".join(valid),
        )
    return view.Selection(
        rules=view.rule_ids(names, known),
        severities=frozenset(Severity(s) for s in levels),
        keys=frozenset(view.split_options(keys)),
        uncited=uncited,
    )


def read_findings(settings: Settings) -> tuple[Diagnostic, ...]:
    """The findings of build/lint-report.json and the render steps' reports, in place order."""
    path = settings.build_path / REPORT_JSON
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        findings = report.from_json(document, settings.root)
    except FileNotFoundError:
        raise InputError(
            f"no lint report at '{relative_to(path, settings.root).as_posix()}'",
            location=Location(path, 0),
            hint="run 'doit lint-refs' (it runs 'doit lint' first)",
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"cannot read the lint report: {exc}",
            location=Location(path, 0),
            hint="delete it and run 'doit lint-refs' again",
        ) from None
    from docbuild.render.findings import read_reports

    # The render steps' findings (R001-R011) of the last build, in every format.
    rendered = read_reports(settings.build_path, settings.root)
    if rendered:
        findings = tuple(sorted((*findings, *_not_said_twice(rendered, findings)), key=_place))
    return findings


def _not_said_twice(
    rendered: Sequence[Diagnostic], linted: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """The render findings less citeproc's "citation K not found" where lint's M001 is at the
    same citation: the one missing entry, said twice, would count as two problems. That R003
    alone has a key: jobs/pandoc.py puts it, with K, at K's first citation, where M001 is."""
    from docbuild.lint.registry import BY_NAME
    from docbuild.render.findings import PANDOC_WARNING

    m001 = BY_NAME["undefined-citation"].id
    undefined = {d.location for d in linted if d.rule == m001}
    return [
        d
        for d in rendered
        if not (d.rule == PANDOC_WARNING.id and d.key and d.location in undefined)
    ]


def print_lint_report(
    settings: Settings,
    fmt: str = "text",
    *,
    uncited: bool = False,
    selection: view.Selection | None = None,
) -> bool:
    """Print the findings; False while errors remain on what the manuscript cites (whatever
    the selection shows: it is a view, not a waiver). The text and GitHub formats leave out
    findings on uncited entries (one line counts them) unless asked; JSON and SARIF keep them,
    and every format keeps only the selection's rules, severities and keys."""
    if fmt not in FORMATS:
        raise InputError(
            f"unknown lint report format '{fmt}'", hint="use one of " + ", ".join(FORMATS)
        )
    chosen = selection or view.Selection(uncited=uncited)
    findings = read_findings(settings)
    root = settings.root
    kept = [d for d in findings if chosen.shows(d)]
    if fmt == "json":
        sys.stdout.write(report.dumps(report.to_json(kept, root)))
    elif fmt == "sarif":
        sys.stdout.write(report.dumps(report.to_sarif(kept, root, ALL_RULES, __version__)))
    elif fmt == "github":
        sys.stdout.write(report.format_github(view.select(kept, chosen), root))
    else:
        _print_text(kept, view.select(kept, chosen), root, chosen)
    return not any(d.severity is Severity.ERROR for d in report.gating(findings))


def _print_text(
    kept: Sequence[Diagnostic], shown: Sequence[Diagnostic], root: Path, chosen: view.Selection
) -> None:
    sys.stdout.write(view.format_report(shown, root, colour=_colour()))
    line = report.format_uncited(kept)
    if line and chosen.uncited:
        line = line.replace("--uncited lists them", "listed above, they do not count")
    if line:
        print(line)
    files = len({d.location.path for d in shown})
    summary = report.format_summary(kept, files=files)
    if chosen.rules or chosen.severities or chosen.keys:
        summary += " (--rule, --severity and --key choose what is counted and shown)"
    print(summary)


def _place(d: Diagnostic) -> tuple[str, int, int, str]:
    return (str(d.location.path), d.location.line, d.location.column or 0, d.rule)


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


__all__ = ["FORMATS", "REPORT_JSON", "make_selection", "print_lint_report", "read_findings"]
