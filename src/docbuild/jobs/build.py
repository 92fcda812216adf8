"""What the `pandoc`, `html` and `pdf` tasks do: read inputs, render, write targets atomically."""

from __future__ import annotations

import importlib
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docbuild.config import Settings
from docbuild.diagnostics import Diagnostic, Location, Severity
from docbuild.errors import InputError, UnsafeResourceError
from docbuild.fsutil import write_text_atomic
from docbuild.lock import build_lock
from docbuild.render import pandoc
from docbuild.style import Style, resolve_style

PANDOC_HTML = "pandoc.html"
METADATA_JSON = "metadata.json"
RESOURCES_JSON = "resources.json"
PANDOC_REPORT = "pandoc-report.json"  # the findings of the pandoc step (render/findings.py)
PDF_REPORT = "pdf-report.json"
PAPER_HTML = "paper.html"
PAPER_PDF = "paper.pdf"
LINT_REPORT = "lint-report.json"
REFS_JSON = "refs.json"
SELF_CITATION_MARK = "<!-- docbuild:self-citation -->"


# Time limits. They catch stalls, not slow machines, so they grow with the work: pandoc's
# citeproc on a 100,000-word book with 3,000 citations and 2,000 references needs 30-45 s of
# CPU; WeasyPrint about 1 s per 10 pages. (The parse's is in jobs/parse.py.)
def render_time_limit(citations: int) -> float:
    return 60.0 + 0.1 * citations


def pdf_time_limit(html_chars: int) -> float:
    return 120.0 + html_chars / 5_000


def count_citations(ast: object) -> int:
    """Citation groups in pandoc's AST (a Cite node each), without walking into strings."""
    count = 0
    stack = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                count += 1
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    return count


def _style(settings: Settings) -> tuple[Style, Path]:
    from docbuild.csl_styles import resolve_csl

    style = resolve_style(settings)
    return style, resolve_csl(settings, style)


def run_pandoc(settings: Settings, *, timeout: float | None = None) -> bool:
    """manuscript + refs.json + template + CSL -> build/pandoc.html and build/metadata.json."""
    from docbuild.jobs.parse import manuscript_files, read_parsed
    from docbuild.render.frontmatter import read_front_matter
    from docbuild.render.metadata import template_vars, to_csl_item, to_json, to_meta_value

    style, csl = _style(settings)
    files = manuscript_files(settings)
    refs = settings.build_path / REFS_JSON
    # The pdf task needs WeasyPrint (0.3-1 s to import); import it while pandoc runs.
    preload = threading.Thread(target=importlib.import_module, args=("weasyprint",), daemon=True)
    preload.start()
    with build_lock(settings):
        # A report from an earlier run must not outlive a run that stops half-way.
        (settings.build_path / PANDOC_REPORT).unlink(missing_ok=True)
        # The `_parse` step's AST (build/manuscript.json): the Markdown is not parsed again.
        ast = read_parsed(settings, timeout=timeout).ast
        render_limit = timeout or render_time_limit(count_citations(ast))
        meta = ast.get("meta", {})
        assert isinstance(meta, dict)
        fm, findings = read_front_matter(meta, files=files, required=style.required_front_matter)
        for key in pandoc.DROPPED_META:
            meta.pop(key, None)
        # The self-citation is a separate small pandoc run; it runs beside the main one and
        # fills a placeholder, so it adds no time to the build.
        wants_self = bool(fm.title and fm.authors)
        meta["docbuild"] = to_meta_value(
            template_vars(fm, self_citation=SELF_CITATION_MARK if wants_self else None)
        )
        with ThreadPoolExecutor(max_workers=1) as pool:
            self_citation = (
                pool.submit(
                    pandoc.render_reference,
                    to_csl_item(fm),
                    csl=csl,
                    root=settings.root,
                    timeout=render_limit,
                )
                if wants_self
                else None
            )
            result = pandoc.render_html(
                ast,
                root=settings.root,
                template=style.template,
                csl=csl,
                bibliography=refs if refs.is_file() else None,
                timeout=render_limit,
            )
            citation = self_citation.result() if self_citation is not None else ""
        page = result.output.decode("utf-8").replace(SELF_CITATION_MARK, citation)
        page, removals = _without_scripts(page, files)
        findings += [*_pandoc_findings(result, files), *removals]
        _report(settings, PANDOC_REPORT, findings)
        _stop_on_errors(findings)
        write_text_atomic(
            settings.build_path / METADATA_JSON,
            json.dumps(to_json(fm), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        )
        write_text_atomic(
            settings.build_path / RESOURCES_JSON,
            json.dumps(local_resources(page), indent=1) + "\n",
        )
        write_text_atomic(settings.build_path / PANDOC_HTML, page)
    preload.join()
    return True


def local_resources(page: str) -> list[str]:
    """The paper's own files the page loads (images, objects), for the html and pdf tasks."""
    from docbuild.render.html import local_path, resource_urls

    paths = (local_path(url) for url in resource_urls(page))
    return sorted({p for p in paths if p and "://" not in p and not p.startswith("/")})


def resource_signature(settings: Settings) -> list[list[object]]:
    """(path, size, mtime) of each file in build/resources.json: what doit compares."""
    listing = settings.build_path / RESOURCES_JSON
    if not listing.is_file():
        return []
    out: list[list[object]] = []
    for rel in json.loads(listing.read_text(encoding="utf-8")):
        path = settings.root / rel
        try:
            info = path.stat()
            out.append([rel, info.st_size, info.st_mtime_ns])
        except OSError:
            out.append([rel, -1, -1])
    return out


def _pandoc_findings(result: pandoc.PandocResult, files: list[Path]) -> list[Diagnostic]:
    """pandoc's warnings (R003) and the cross-references our filter could not resolve (R004)."""
    from docbuild.render.findings import PANDOC_WARNING, finding
    from docbuild.render.xref import unknown_crossrefs

    where = Location(_manuscript_place(files), 0)
    return [
        *unknown_crossrefs(result.reports, files),
        *(finding(PANDOC_WARNING, where, warning) for warning in result.warnings),
    ]


def _manuscript_place(files: list[Path]) -> Path:
    """Where a finding about the whole manuscript is: its one file, or the folder of them."""
    if len(files) == 1:
        return files[0]
    return files[0].parent if files else Path("manuscript")


def _without_scripts(page: str, files: list[Path]) -> tuple[str, list[Diagnostic]]:
    """The page with scripts removed; each removal is a finding (R002) at its place."""
    from docbuild.render.findings import SCRIPT_REMOVED, finding
    from docbuild.render.sanitize import sanitize_html
    from docbuild.render.xref import find_text

    page, removals = sanitize_html(page)
    return page, [
        finding(
            SCRIPT_REMOVED,
            find_text(files, removal.value) or Location(_manuscript_place(files), 0),
            f"{removal.what} removed; a manuscript may not run scripts",
            fix="remove it from the manuscript's raw HTML",
        )
        for removal in removals
    ]


def _report(settings: Settings, name: str, findings: list[Diagnostic]) -> None:
    """Print a step's findings as they happen and keep them for `doit lint-refs`."""
    from docbuild.render.findings import write_report

    for d in findings:
        print(d.format(settings.root), file=sys.stderr)
    write_report(settings.build_path / name, findings, settings.root)


def _stop_on_errors(findings: list[Diagnostic]) -> None:
    """An error among the render findings (an unknown cross-reference) stops the build."""
    for d in findings:
        if d.severity is Severity.ERROR:
            raise InputError(d.message, location=d.location, hint=d.fix)


def run_html(settings: Settings) -> bool:
    """build/pandoc.html + screen CSS + fonts -> build/paper.html with its files beside it."""
    from docbuild.render.html import write_html_edition

    style = resolve_style(settings)
    build = settings.build_path
    with build_lock(settings):
        try:
            write_html_edition(
                pandoc_html=build / PANDOC_HTML,
                metadata=_read_json(build / METADATA_JSON),
                style=style,
                root=settings.root,
                target=build / PAPER_HTML,
                lint_errors=lint_gate(settings),
            )
        except InputError as exc:
            raise in_manuscript(exc, settings.manuscript_files()) from None
    return True


def clean_html(settings: Settings) -> None:
    """`doit clean`: the files copied beside paper.html (style files and images)."""
    import shutil

    from docbuild.render.html import STYLE_DIR

    build = settings.build_path
    shutil.rmtree(build / STYLE_DIR, ignore_errors=True)
    listing = build / RESOURCES_JSON
    if listing.is_file():
        for rel in json.loads(listing.read_text(encoding="utf-8")):
            copy = (build / rel).resolve()
            if copy.is_relative_to(build.resolve()) and copy.is_file():
                copy.unlink()
                for parent in copy.parents:
                    if parent == build.resolve() or any(parent.iterdir()):
                        break
                    parent.rmdir()


def run_pdf(settings: Settings, *, timeout: float | None = None) -> bool:
    """build/pandoc.html + print CSS + fonts -> build/paper.pdf (WeasyPrint, restricted)."""
    from docbuild.fsutil import write_bytes_atomic
    from docbuild.render.pdf import PdfJob, render_pdf

    style = resolve_style(settings)
    build = settings.build_path
    with build_lock(settings):
        (build / PDF_REPORT).unlink(missing_ok=True)
        job = PdfJob(
            html=(build / PANDOC_HTML).read_text(encoding="utf-8"),
            root=settings.root,
            stylesheets=style.css_print,
            allowed=(settings.root, style.folder),
            metadata=_read_json(build / METADATA_JSON),
            lint_errors=lint_gate(settings),
            epoch=source_date_epoch(settings, style),
            fonts=style.fonts,
            line_numbers=style.line_numbers,
            source=build / PANDOC_HTML,
        )
        try:
            result = render_pdf(job, timeout=timeout or pdf_time_limit(len(job.html)))
        except UnsafeResourceError as exc:
            raise in_manuscript(exc, settings.manuscript_files()) from None
        _report(settings, PDF_REPORT, _weasyprint_findings(result.warnings, style))
        write_bytes_atomic(build / PAPER_PDF, result.data)
    if job.lint_errors:
        print(
            f"{PAPER_PDF}: marked DRAFT: {job.lint_errors} reference problem"
            f"{'' if job.lint_errors == 1 else 's'} ('doit lint-refs' lists them)",
            file=sys.stderr,
        )
    return True


def _weasyprint_findings(warnings: tuple[str, ...], style: Style) -> list[Diagnostic]:
    """WeasyPrint's warnings (R005): they are about the style's print CSS, whose file they
    do not name."""
    from docbuild.render.findings import WEASYPRINT_WARNING, finding

    sheets = style.css_print
    where = Location(sheets[0] if len(sheets) == 1 else style.folder, 0)
    return [
        finding(WEASYPRINT_WARNING, where, w, fix="fix or remove that rule in the style's CSS")
        for w in warnings
    ]


def in_manuscript(exc: InputError, files: list[Path]) -> InputError:
    """The same error, located where the manuscript names its resource (not pandoc.html)."""
    from docbuild.render.xref import find_text

    url = exc.resource
    if url is None:
        return exc
    location = find_text(files, url) or find_text(files, url.rsplit("/", 1)[-1])
    if location is None:
        return exc
    return type(exc)(exc.message, location=location, hint=exc.hint, resource=url)


def lint_summary(report: Path) -> dict[str, int]:
    """The lint report's `summary` counts; empty when there is no report yet."""
    if not report.is_file():
        return {}
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in data.get("summary", {}).items()}
    except (ValueError, AttributeError, TypeError):
        raise InputError(
            f"cannot read the lint report '{report.name}'",
            hint="delete build/ and build again",
        ) from None


def lint_gate(settings: Settings) -> int:
    """The number of lint errors (the DRAFT mark); stops the build where `fail_on` says so."""
    summary = lint_summary(settings.build_path / LINT_REPORT)
    errors, warnings = summary.get("error", 0), summary.get("warning", 0)
    stop = {"error": errors, "warning": errors + warnings}.get(settings.lint.fail_on, 0)
    if stop:
        raise InputError(
            f"{stop} reference problem{' stops' if stop == 1 else 's stop'} the build"
            f" (lint.fail_on = '{settings.lint.fail_on}')",
            location=Location(settings.config_path, 0),
            hint="run 'doit lint-refs' to see them, or set lint.fail_on = 'none' for a draft",
        )
    return errors


def source_date_epoch(settings: Settings, style: Style) -> int:
    """SOURCE_DATE_EPOCH if the user set it, else the newest input's modification time."""
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.strip().isdigit():
        return int(value)
    inputs = [
        *settings.manuscript_files(),
        settings.bib_path,
        settings.config_path,
        *style.pandoc_inputs(),
        *style.pdf_inputs(),
    ]
    times = [int(p.stat().st_mtime) for p in inputs if p.is_file()]
    return max(times, default=0)


def _read_json(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"cannot read '{path.name}': {exc}",
            location=Location(path, 0),
            hint="it is made by the pandoc step; delete it and run 'doit build' again",
        ) from None
    return data if isinstance(data, dict) else {}
