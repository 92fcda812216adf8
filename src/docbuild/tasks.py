"""doit task creators for a paper folder; they only build dicts (no parsing, no rendering).

The actions import `docbuild.jobs.*` lazily so that `doit list` stays fast. `__all__` at the
end is the one list of tasks: a paper's dodo.py imports it whole, so a new task reaches every
paper folder without editing its dodo.py.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from doit.reporter import ConsoleReporter
from doit.task import clean_targets
from doit.tools import config_changed

from docbuild.clock import build_date
from docbuild.doit_support import (
    IncludesUnchanged,
    ResourcesUnchanged,
    asked_by_name,
    clean_cache,
    clean_html,
    crossref_settings_inputs,
    manuscript_files_for_task,
    manuscript_inputs,
    normalize_uptodate,
    paper_settings,
    parsed_inputs,
    settings_for_task,
    style_inputs,
    user_errors,
)
from docbuild.state import StateFile
from docbuild.tasks_production import task_crossref_xml, task_docx, task_jats
from docbuild.tasks_references import task_check_citations, task_lint_refs, task_verify_refs

if TYPE_CHECKING:
    pass


class StderrReporter(ConsoleReporter):
    """doit's progress lines on stderr, so `doit lint-refs --format json > report.json` keeps
    stdout for the report alone."""

    def __init__(self, outstream: object, options: dict[str, object]) -> None:
        super().__init__(sys.stderr, options)


DOIT_CONFIG = {
    "default_tasks": ["build"],
    "verbosity": 2,
    # build/.doit.db, prepared when doit opens it (`doit list` uses none: it writes nothing).
    "dep_file": StateFile(),
    # SQLite, not JSON: doit rewrites a JSON state file in place, so a kill mid-write cut it.
    "backend": "sqlite3",
    "reporter": StderrReporter,
}


# The actions and option lists live beside the task creators, not inside them: doit reads
# (tokenizes) each creator's source on every run, `doit build` included, to order the tasks by
# line, so a short creator is a faster no-op build (docs/performance.md).


@user_errors
def _run_normalize(in_place: bool, apply_dois: bool) -> bool:
    from docbuild.jobs.normalize import run_normalize

    # Asked for by name, it shows the whole diff; as a step of `doit build` a count will do.
    verbose = asked_by_name("normalize-refs")
    return run_normalize(
        paper_settings(), in_place=in_place, apply_dois=apply_dois, verbose=verbose
    )


_NORMALIZE_PARAMS = [
    {
        "name": "in_place",
        "long": "in-place",
        "type": bool,
        "default": False,
        "help": "rewrite refs.bib itself (atomically, keeping refs.bib.bak)",
    },
    {
        "name": "apply_dois",
        "long": "apply-dois",
        "type": bool,
        "default": False,
        "help": "add the DOIs doit verify-refs matched confidently (refs.verified.json)",
    },
]


def task_normalize_refs() -> dict[str, object]:
    """Write build/refs.normalized.bib and refs.json; --in-place rewrites refs.bib (keeps .bak)."""
    from docbuild.jobs.build import UNREADABLE_JSON

    s = settings_for_task()
    deps = [str(p) for p in s.bib_paths] + ([str(s.config_path)] if s.config_path.exists() else [])
    return {
        "basename": "normalize-refs",
        "actions": [_run_normalize],
        "file_dep": deps,
        "targets": [
            str(s.build_path / "refs.normalized.bib"),
            str(s.build_path / "refs.json"),
            str(s.build_path / UNREADABLE_JSON),
        ],
        "uptodate": [normalize_uptodate],
        "params": _NORMALIZE_PARAMS,
        "clean": True,
        "verbosity": 2,
    }


@user_errors
def _run_parse() -> bool:
    from docbuild.jobs.parse import run_parse

    return run_parse(paper_settings())


def task_parse() -> dict[str, object]:
    """Parse the manuscript once, with pandoc, for lint and render: build/manuscript.json."""
    s = settings_for_task()
    return {
        # Private (a leading `_`): `doit list` shows what users run; lint and pandoc run it.
        "basename": "_parse",
        "actions": [_run_parse],
        "file_dep": manuscript_inputs(s),
        "targets": [str(s.build_path / "manuscript.json"), str(s.build_path / "includes.json")],
        "uptodate": [config_changed(s.as_dict()), IncludesUnchanged(s)],
        "clean": True,
    }


@user_errors
def _run_lint() -> bool:
    from docbuild.jobs.lint import run_lint_report

    return run_lint_report(paper_settings())


def task_lint() -> dict[str, object]:
    """Lint references and manuscript into build/lint-report.json (the build's gate)."""
    s = settings_for_task()
    from docbuild.crossref.verified_file import verified_path

    # A bibliography alone (Settings.bibliography_alone, from the shared glob) has no parse.
    alone = not manuscript_files_for_task(s)
    deps = [*(str(p) for p in s.bib_paths), *([] if alone else parsed_inputs(s))]
    extras = [verified_path(s), *([s.root / s.lint.baseline] if s.lint.baseline else [])]
    deps.extend(str(p) for p in extras if p.exists())
    # style.toml holds the journal's lint policy; its CSL decides what incomplete-entry asks for.
    deps.extend(style_inputs(s, "pandoc"))
    return {
        "basename": "lint",
        "actions": [_run_lint],
        "file_dep": deps,
        "task_dep": [] if alone else ["_parse"],
        "targets": [
            str(s.build_path / "lint-report.json"),
            str(s.build_path / "lint-report.sarif"),
        ],
        # future-date judges years against the build's: a new year lints again.
        "uptodate": [config_changed({**s.as_dict(), "year": build_date().year})],
        "clean": True,
        "verbosity": 2,
    }


@user_errors
def _run_pandoc() -> bool:
    from docbuild.jobs.pandoc import run_pandoc

    return run_pandoc(paper_settings())


def task_pandoc() -> dict[str, object]:
    """Run pandoc with citeproc on the manuscript: build/pandoc.html."""
    from docbuild.jobs.build import UNREADABLE_JSON

    s = settings_for_task()
    return {
        "basename": "pandoc",
        "actions": [_run_pandoc],
        "file_dep": [
            *parsed_inputs(s),
            str(s.build_path / "refs.json"),
            str(s.build_path / UNREADABLE_JSON),
            *style_inputs(s, "pandoc"),
            *crossref_settings_inputs(s),
        ],
        "task_dep": ["normalize-refs", "_parse"],
        "targets": [
            str(s.build_path / "pandoc.html"),
            str(s.build_path / "metadata.json"),
            str(s.build_path / "resources.json"),
            str(s.build_path / "pandoc-report.json"),
        ],
        # A PDF figure is made a PNG by this step: a redrawn one is made again.
        "uptodate": [config_changed(s.as_dict()), ResourcesUnchanged(s, suffix=".pdf")],
        "clean": [clean_targets, clean_cache],
    }


@user_errors
def _run_html() -> bool:
    from docbuild.jobs.build import run_html_step

    return run_html_step(paper_settings())


def task_html() -> dict[str, object]:
    """Write the HTML edition: build/paper.html with its CSS and images."""
    s = settings_for_task()
    return {
        "basename": "html",
        "actions": [_run_html],
        "file_dep": [
            str(s.build_path / "pandoc.html"),
            str(s.build_path / "metadata.json"),
            str(s.build_path / "lint-report.json"),
            *style_inputs(s, "html"),
        ],
        # The pdf step counts the pages the meta tags name (and may redo the pandoc step).
        "task_dep": ["pandoc", "lint", "pdf"],
        "targets": [str(s.build_path / "paper.html")],
        "uptodate": [config_changed(s.as_dict()), ResourcesUnchanged(s)],
        "clean": [clean_targets, clean_html],
    }


def _clean_math() -> None:
    from docbuild.jobs.build import clean_math

    clean_math(paper_settings())


@user_errors
def _run_pdf() -> bool:
    from docbuild.jobs.build import run_pdf

    return run_pdf(paper_settings())


def task_pdf() -> dict[str, object]:
    """Write the camera-ready PDF: build/paper.pdf."""
    s = settings_for_task()
    return {
        "basename": "pdf",
        "actions": [_run_pdf],
        "file_dep": [
            str(s.build_path / "pandoc.html"),
            str(s.build_path / "metadata.json"),
            str(s.build_path / "lint-report.json"),
            *style_inputs(s, "pdf"),
        ],
        "task_dep": ["pandoc", "lint"],
        "targets": [str(s.build_path / "paper.pdf"), str(s.build_path / "pdf-report.json")],
        "uptodate": [
            config_changed({**s.as_dict(), "epoch": os.environ.get("SOURCE_DATE_EPOCH")}),
            ResourcesUnchanged(s),
        ],
        "clean": [clean_targets, _clean_math],
    }


def task_build() -> dict[str, object]:
    """Build the PDF and the HTML edition (lint first, as a gate)."""
    return {"basename": "build", "actions": None, "task_dep": ["lint", "html", "pdf"]}


# The one list of tasks (and doit's configuration): dodo.py takes it with `import *`.
__all__ = [
    "DOIT_CONFIG",
    "task_build",
    "task_check_citations",
    "task_crossref_xml",
    "task_docx",
    "task_html",
    "task_jats",
    "task_lint",
    "task_lint_refs",
    "task_normalize_refs",
    "task_pandoc",
    "task_parse",
    "task_pdf",
    "task_verify_refs",
]
