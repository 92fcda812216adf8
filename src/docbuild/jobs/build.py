"""What the `html` and `pdf` tasks do (and what the build steps share): read inputs, render,
write targets atomically. The `pandoc` step is in jobs/pandoc.py."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from docbuild import progress
from docbuild.config import Settings
from docbuild.diagnostics import Diagnostic, Location
from docbuild.errors import InputError, UnsafeResourceError
from docbuild.jobs.listed import RESOURCES_JSON
from docbuild.lock import build_lock
from docbuild.style import Style, resolve_style

if TYPE_CHECKING:
    from docbuild.render.pdf import PdfJob

PANDOC_HTML = "pandoc.html"
METADATA_JSON = "metadata.json"
PANDOC_REPORT = "pandoc-report.json"  # the findings of the pandoc step (render/findings.py)
PDF_REPORT = "pdf-report.json"
PAPER_HTML = "paper.html"
PAPER_PDF = "paper.pdf"
MATH_CACHE = "math-cache.json"
LINT_REPORT = "lint-report.json"
REFS_JSON = "refs.json"
# What a citation of each entry refs.bib's reader could not read is told (normalize-refs
# writes it beside refs.json, so that the pandoc step reads refs.bib no second time).
UNREADABLE_JSON = "refs.unreadable.json"


# WeasyPrint needs about 1 s per 10 pages; the limit catches stalls, not slow machines.
def pdf_time_limit(html_chars: int) -> float:
    return 120.0 + html_chars / 5_000


def report(settings: Settings, name: str, findings: list[Diagnostic], *, echo: bool = True) -> None:
    """Print a step's findings as they happen and keep them for `doit lint-refs`."""
    from docbuild.render.findings import write_report

    for d in findings if echo else ():
        print(d.format(settings.root), file=sys.stderr)
    write_report(settings.build_path / name, findings, settings.root)


def run_html(settings: Settings) -> bool:
    """build/pandoc.html + screen CSS + fonts -> build/paper.html with its files beside it."""
    with build_lock(settings):
        _write_html(settings)
    return True


def run_html_step(settings: Settings) -> bool:
    """`run_html` as a step of `doit build`: in a child under a time and a memory limit
    (docbuild.limits), as every step; the sanitizer reads a page a stranger's manuscript made.
    (`docbuild preview` calls run_html in its own process: it rebuilds on every save.)"""
    from docbuild.limits import run_limited, step_time_limit

    page = settings.build_path / PANDOC_HTML
    size = page.stat().st_size if page.is_file() else 0
    with build_lock(settings):  # held here: the child's work is the lock holder's
        run_limited(_write_html, settings, what="the HTML edition", timeout=step_time_limit(size))
    return True


def _write_html(settings: Settings) -> None:
    from docbuild.render.html import write_html_edition

    style = resolve_style(settings)
    build = settings.build_path
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


def clean_math(settings: Settings) -> None:
    """`doit clean`: the math layouts kept between builds, and the macros given to pandoc."""
    from docbuild.jobs.parse import MATH_MACROS

    for name in (MATH_CACHE, MATH_MACROS):
        (settings.build_path / name).unlink(missing_ok=True)


def run_pdf(
    settings: Settings,
    *,
    timeout: float | None = None,
    edit_meta: Callable[[dict[str, object]], None] | None = None,
) -> bool:
    """build/pandoc.html + print CSS + fonts -> build/paper.pdf (WeasyPrint, restricted)."""
    with build_lock(settings):
        # A report from an earlier run must not outlive a run the lint gate stops.
        (settings.build_path / PDF_REPORT).unlink(missing_ok=True)
        write_pdf(settings, pdf_job(settings), timeout=timeout, edit_meta=edit_meta)
    return True


def pdf_job(settings: Settings) -> PdfJob:
    """What WeasyPrint is given, read from build/ now: `docbuild preview` takes it while no
    rebuild is writing, then renders while the next one runs."""
    from docbuild.render.pdf import PdfJob

    style = resolve_style(settings)
    build = settings.build_path
    return PdfJob(
        html=pdf_page(build),
        root=settings.root,
        stylesheets=style.css_print,
        allowed=(settings.root, style.folder),
        metadata=_read_json(build / METADATA_JSON),
        lint_errors=lint_gate(settings),
        epoch=source_date_epoch(settings, style),
        fonts=style.fonts,
        line_numbers=style.line_numbers,
        source=build / PANDOC_HTML,
        math_font=style.math_font,
        # the metadata files after them: a character only the title has (in _quarto.yml)
        manuscript=(*settings.manuscript_files(), *settings.metadata_files()),
        math_cache=build / MATH_CACHE,
        variant=settings.pdf.variant,
        build=build,
    )


def pdf_page(build: Path) -> str:
    """build/pandoc.html as the PDF edition shows it (without what only the HTML shows)."""
    from docbuild.render.editions import for_edition

    return for_edition((build / PANDOC_HTML).read_text(encoding="utf-8"), "pdf")


def write_pdf(
    settings: Settings,
    job: PdfJob,
    *,
    timeout: float | None = None,
    edit_meta: Callable[[dict[str, object]], None] | None = None,
) -> None:
    """Render `job` to build/paper.pdf, with its findings in build/pdf-report.json.

    The last page printed on page 1, in the self-citation and in the HTML's meta tags is the
    PDF's: where the front matter names none and the count differs from the one pandoc's page
    was made with, the pandoc step runs again with the count (`edit_meta` as it had) and the
    PDF is rendered again; a declared `article.lpage` that disagrees is an error."""
    from docbuild.fsutil import write_bytes_atomic
    from docbuild.render.pdf import render_pdf

    style = resolve_style(settings)
    build = settings.build_path
    with build_lock(settings):
        (build / PDF_REPORT).unlink(missing_ok=True)
        counts: list[int] = []
        while True:
            try:
                result = render_pdf(job, timeout=timeout or pdf_time_limit(len(job.html)))
                progress.done()
            except UnsafeResourceError as exc:
                raise in_manuscript(exc, settings.manuscript_files()) from None
            counts.append(result.pages)
            if result.data and job.metadata.get("lpage_mark"):
                fill_last_page(settings, job.metadata, result.pages)  # for the HTML edition
                break
            if not pages_differ(settings, job.metadata, result.pages, counts):
                break
            from docbuild.jobs.pandoc import run_pandoc

            run_pandoc(settings, edit_meta=edit_meta, pages=result.pages, echo=False)
            job = dataclasses.replace(
                job,
                html=pdf_page(build),
                metadata=_read_json(build / METADATA_JSON),
            )
        from docbuild.render.mathshrunk import shrunk_findings

        findings = _weasyprint_findings(result.warnings, style)
        findings += shrunk_findings(result.shrunk, settings.manuscript_files())
        report(settings, PDF_REPORT, findings)
        write_bytes_atomic(build / PAPER_PDF, result.data)
    if job.lint_errors:
        print(
            f"{PAPER_PDF}: marked DRAFT: {job.lint_errors} reference problem"
            f"{'' if job.lint_errors == 1 else 's'} ('doit lint-refs' lists them)",
            file=sys.stderr,
        )


MAX_PAGE_PASSES = 3  # a page count that changes with the number printed settles in two


def fill_last_page(settings: Settings, metadata: dict[str, object], pages: int) -> None:
    """The PDF printed its last page where pandoc's page has a mark (render/lastpage.py);
    pandoc.html and metadata.json get the number, for the HTML edition."""
    from docbuild.fsutil import write_text_atomic
    from docbuild.jobs.pandoc import metadata_text
    from docbuild.render import lastpage

    mark, fpage = metadata["lpage"], metadata["fpage"]
    assert isinstance(mark, int) and isinstance(fpage, int)
    last = fpage + pages - 1
    page = (settings.build_path / PANDOC_HTML).read_text(encoding="utf-8")
    write_text_atomic(settings.build_path / PANDOC_HTML, lastpage.fill_last_page(page, mark, last))
    data = {k: v for k, v in metadata.items() if k not in ("lpage_mark", "lpage_guess")}
    write_text_atomic(settings.build_path / METADATA_JSON, metadata_text({**data, "lpage": last}))


def pages_differ(
    settings: Settings, metadata: dict[str, object], pages: int, counts: list[int]
) -> bool:
    """Whether the page was made with another last page than the PDF's `pages` give; an
    InputError where the front matter declared it, or where the count does not settle."""
    from docbuild.render.pdf import last_page_differs

    if not last_page_differs(metadata, pages):
        return False  # the range printed is the PDF's, or none is printed
    fpage, lpage = metadata.get("fpage"), metadata.get("lpage")
    assert isinstance(fpage, int)
    last = fpage + pages - 1
    if metadata.get("lpage_declared"):
        from docbuild.render.places import Finder

        raise InputError(
            f"'article.lpage' is {lpage}, but the PDF's pages are {fpage}-{last}"
            f" ({pages} page{'' if pages == 1 else 's'})",
            location=Finder(settings.manuscript_files()).locate("lpage:"),
            hint=f"write lpage: {last}, or remove 'lpage' and docbuild prints the PDF's own",
        )
    if len(counts) >= MAX_PAGE_PASSES:
        raise InputError(
            "the page count does not settle: "
            + ", ".join(str(c) for c in counts)
            + " pages in turn as the last page printed on page 1 changes",
            location=Location(settings.build_path / PANDOC_HTML, 0),
            hint="set 'article.lpage' in the front matter to the count you want",
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
    from docbuild.render.places import find_text

    url = exc.resource
    if url is None:
        return exc
    location = find_text(files, url) or find_text(files, url.rsplit("/", 1)[-1])
    if location is None:
        return exc
    return type(exc)(exc.message, location=location, hint=exc.hint, resource=url)


def lint_summary(report: Path) -> dict[str, int]:
    """The lint report's counts of the findings that count toward the gate (`gate`: none on
    entries the manuscript does not cite; `summary` in a report older than that); empty when
    there is no report yet."""
    if not report.is_file():
        return {}
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        counted = data.get("gate", data.get("summary", {}))
        return {str(k): int(v) for k, v in counted.items()}
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
        *settings.bib_paths,
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
