"""What `doit lint` and `doit lint-refs` do: read the inputs, lint, write and print reports."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from docbuild import __version__
from docbuild.clock import build_date
from docbuild.config import Settings, load_settings
from docbuild.crossref.verified import Verification
from docbuild.diagnostics import Location, relative_to
from docbuild.errors import DocbuildError, InputError
from docbuild.fsutil import write_text_atomic
from docbuild.jobs.bibfile import collector_paused, read_bibs
from docbuild.jobs.lint_print import REPORT_JSON, print_lint_report
from docbuild.jobs.parse import read_parsed
from docbuild.lint import report
from docbuild.lint.baseline import baseline_keys
from docbuild.lint.engine import Elsewhere, LintResult, lint_all
from docbuild.lint.policy import LintPolicy, make_policy
from docbuild.lint.registry import ALL_RULES
from docbuild.lock import build_lock

REPORT_SARIF = "lint-report.sarif"
T = TypeVar("T")


def lint_settings(settings: Settings, *, use_baseline: bool = True) -> LintResult:
    """Lint the paper folder's bibliography and manuscript with its configuration, in a child
    process under a time and a memory limit (docbuild.limits)."""
    return _limited(settings, _lint_settings, use_baseline)


def _limited(settings: Settings, work: Callable[[Settings, bool], T], use_baseline: bool) -> T:
    from docbuild.limits import check_nesting, run_limited, step_time_limit

    files = settings.manuscript_files()
    check_nesting(files)
    size = sum(p.stat().st_size for p in [*settings.bib_paths, *files] if p.is_file())
    return run_limited(work, settings, use_baseline, what="lint", timeout=step_time_limit(size))


def _lint_and_write(settings: Settings, use_baseline: bool) -> tuple[str, str | None]:
    """Lint and write the reports in the child; only the summary lines come back, since
    pickling 17,000 findings to the parent cost more than a tenth of the whole step."""
    # One pause for all of it: the bibliography, the findings and the reports' documents are
    # trees, and a pause that ended between the lint and the reports let the first collection
    # after it walk the million objects of the read once more (a twentieth of the child).
    with collector_paused():
        result = _lint_inputs(settings, use_baseline)
        write_reports(settings, result)
        files = len({d.location.path for d in result.findings})
        summary = report.format_summary(
            result.findings, waived=result.waived, baselined=result.baselined, files=files
        )
        uncited = report.format_uncited(result.findings)
        # This runs in the forked child, which ends once the summary is sent: what it built is
        # set apart from the collector (freeze is a list splice), so the collector that comes
        # back on for sending the answer walks none of it.
        gc.freeze()
    return summary, uncited


def _lint_settings(settings: Settings, use_baseline: bool) -> LintResult:
    # The findings, like the bibliography, hold no cycles: no collector pass walks them.
    with collector_paused():
        return _lint_inputs(settings, use_baseline)


def _lint_inputs(settings: Settings, use_baseline: bool) -> LintResult:
    from docbuild.cite.engine import CslPrinter

    policy, csl = lint_policy(settings)
    bibliography = read_bibs(settings.bib_paths)
    baseline = read_baseline(settings) if use_baseline else []
    manuscript = None  # a bibliography alone: every entry counts as cited
    elsewhere: Elsewhere = (frozenset(), {})
    if not settings.bibliography_alone():
        from docbuild.jobs.manubot import manubot_citations

        parsed = read_parsed(settings)  # the `_parse` step's: what the build renders
        manuscript = parsed.manuscript()
        keys = [k for group in manuscript.groups for k in group]
        found = manubot_citations(settings, parsed.texts, keys)
        elsewhere = (found.resolved, dict(found.missing))
    # The core reads no file: the style's CSL and refs.verified.json are read here.
    return lint_all(
        bibliography,
        manuscript,
        policy=policy,
        printer=CslPrinter(csl),
        verified=verifications(settings),
        baseline=baseline,
        elsewhere=elsewhere,
        build_date=build_date(),
    )


def lint_policy(settings: Settings) -> tuple[LintPolicy, Path | None]:
    """The paper's lint policy (the style's, then docbuild.toml's) and the style's CSL file."""
    style_disable: tuple[str, ...] = ()
    style_severity: tuple[tuple[str, str], ...] = ()
    csl: Path | None = None
    try:
        from docbuild.csl_styles import resolve_csl
        from docbuild.style import resolve_style

        style = resolve_style(settings)
        style_disable, style_severity = style.lint_disable, style.lint_severity
        csl = resolve_csl(settings, style)
    except DocbuildError:
        pass  # a missing style is the build's to report; the linter falls back to APA
    policy = make_policy(
        style_disable=style_disable,
        style_severity=style_severity,
        disable=settings.lint.disable,
        severity=settings.lint.severity,
        where=Location(settings.config_path, 0),
    )
    return policy, csl


def verifications(settings: Settings) -> Mapping[str, Verification]:
    """refs.verified.json (written by `doit verify-refs`), or nothing when there is none."""
    from docbuild.crossref.verified_file import read_verified, verified_path

    refs = read_verified(verified_path(settings))
    return refs.entries if refs is not None else {}


def read_baseline(settings: Settings) -> list[tuple[str, str | None, str]]:
    """The (rule, key, message) of each finding in the baseline file, if one is configured."""
    if not settings.lint.baseline:
        return []
    path = settings.root / settings.lint.baseline
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        # Not written yet: every finding is new, which hides nothing (the summary says so).
        return []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"cannot read lint baseline '{settings.lint.baseline}': {exc}",
            location=Location(path, 0),
            hint="write it again with 'doit lint-refs --write-baseline'",
        ) from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        raise InputError(
            f"lint baseline '{settings.lint.baseline}' has no 'findings' list",
            location=Location(path, 0),
            hint="a baseline is a copy of build/lint-report.json (version 1)",
        )
    return baseline_keys([f for f in findings if isinstance(f, dict)])


def run_lint_report(settings: Settings) -> bool:
    """Write build/lint-report.json and .sarif and print the summary (on stderr, so that
    `doit lint-refs --format json` keeps stdout for the report). It never fails: the build
    applies `fail_on` itself, and `lint-refs` must still be able to list the findings."""
    with build_lock(settings):  # another build of this paper must not write meanwhile
        summary, line = _limited(settings, _lint_and_write, True)
    if settings.bibliography_alone():
        print(
            f"lint: no manuscript ({', '.join(settings.manuscript)} matches no file): "
            f"{settings.bib_names()} linted alone, every entry as cited",
            file=sys.stderr,
        )
    print(summary.replace("lint-refs:", "lint:", 1), file=sys.stderr)
    if line:
        print(f"lint: {line.replace('--uncited', 'lint-refs --uncited')}", file=sys.stderr)
    baseline = settings.lint.baseline
    if baseline and not (settings.root / baseline).exists():
        print(
            f"lint: no baseline '{baseline}' yet; write it with 'doit lint-refs --write-baseline'",
            file=sys.stderr,
        )
    return True


def write_reports(settings: Settings, result: LintResult) -> None:
    root = settings.root
    build = settings.build_path
    write_text_atomic(build / REPORT_JSON, report.dumps(report.to_json(result.findings, root)))
    sarif = report.to_sarif(result.findings, root, ALL_RULES, __version__)
    write_text_atomic(build / REPORT_SARIF, report.dumps(sarif))


def write_baseline(settings: Settings) -> Path:
    """Write every current finding to the baseline file (docbuild.toml `[lint] baseline`)."""
    name = settings.lint.baseline or "lint-baseline.json"
    path = settings.root / name
    with build_lock(settings):
        result = lint_settings(settings, use_baseline=False)
        write_text_atomic(path, report.dumps(report.to_json(result.unfiltered, settings.root)))
    return path


def run_write_baseline(settings: Settings) -> bool:
    """`doit lint-refs --write-baseline`: write the baseline and say what to do next."""
    path = write_baseline(settings)
    count = len(json.loads(path.read_text(encoding="utf-8"))["findings"])
    print(f"wrote {relative_to(path, settings.root)} ({count} findings)")
    if not settings.lint.baseline:
        print(f'add to docbuild.toml:  [lint] baseline = "{path.name}"')
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m docbuild.jobs.lint --write-baseline [folder]`: accept today's findings
    (the same as `doit lint-refs --write-baseline`, without doit)."""
    parser = argparse.ArgumentParser(prog="python -m docbuild.jobs.lint", description=main.__doc__)
    parser.add_argument("--write-baseline", action="store_true", required=True)
    parser.add_argument("folder", nargs="?", default=".")
    args = parser.parse_args(argv)
    try:
        run_write_baseline(load_settings(Path(args.folder)))
    except DocbuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["lint_policy", "print_lint_report", "run_lint_report", "write_baseline"]
