"""doit task creators of the production editions (JATS, the Crossref deposit, DOCX): each is
written from the parse and the references the build prints (jobs/references.py).
`docbuild.tasks.__all__` lists them with the rest."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from doit.tools import config_changed

from docbuild.doit_support import (
    ResourcesUnchanged,
    crossref_settings_inputs,
    paper_settings,
    parsed_inputs,
    settings_for_task,
    style_inputs,
    user_errors,
)

if TYPE_CHECKING:
    from docbuild.config import Settings


def task_jats() -> dict[str, object]:
    """Write JATS 1.3 (Journal Publishing) XML: build/paper.jats.xml."""
    s = settings_for_task()
    # An SVG figure's TIFF is drawn in the style's print fonts (render/svgfigure.py).
    task = _production_task(
        s, "jats", "paper.jats.xml", "docbuild.jobs.jats", "run_jats",
        file_dep=style_inputs(s, "pdf"), dated=False,
    )  # fmt: skip
    # Its figures are copied beside it, and a PDF or SVG one named by its TIFF's hash.
    task["uptodate"] = [*task["uptodate"], ResourcesUnchanged(s)]  # type: ignore[misc]
    return task


def task_crossref_xml() -> dict[str, object]:
    """Write the Crossref deposit (schema 5.3.1) with its citation list: build/crossref.xml."""
    s = settings_for_task()
    return _production_task(
        s,
        "crossref-xml",
        "crossref.xml",
        "docbuild.jobs.crossref_xml",
        "run_crossref_xml",
        dated=True,
    )


def task_docx() -> dict[str, object]:
    """Write a Word edition with the style's reference document: build/paper.docx."""
    s = settings_for_task()
    reference = [str(Path(p).parent / "reference.docx") for p in style_inputs(s, "pandoc")[:1]]
    task = _production_task(
        s, "docx", "paper.docx", "docbuild.jobs.docx", "run_docx",
        file_dep=[p for p in reference if Path(p).is_file()], dated=True,
    )  # fmt: skip
    task["uptodate"] = [*task["uptodate"], ResourcesUnchanged(s)]  # type: ignore[misc]
    return task


def _production_task(
    s: Settings,
    basename: str,
    target: str,
    module: str,
    job: str,
    *,
    dated: bool,
    file_dep: Sequence[str] = (),
) -> dict[str, object]:
    """A production edition written from the parse and the references the build prints by
    `module.job` (imported when the task runs, so that `doit list` stays fast): build/refs.json,
    and manual-references.json and the lock for Manubot's citations (jobs/references.py), as
    the pandoc step reads them. A `dated` edition prints SOURCE_DATE_EPOCH, so a new one
    rebuilds it."""

    @user_errors
    def run() -> bool:
        import importlib

        run_job = getattr(importlib.import_module(module), job)
        return bool(run_job(paper_settings()))

    config = {**s.as_dict(), "epoch": os.environ.get("SOURCE_DATE_EPOCH")} if dated else s.as_dict()
    return {
        "basename": basename,
        "actions": [run],
        "file_dep": [
            *parsed_inputs(s),
            str(s.build_path / "refs.json"),
            *style_inputs(s, "pandoc"),
            *crossref_settings_inputs(s),
            *file_dep,
        ],
        "task_dep": ["normalize-refs", "_parse"],
        "targets": [str(s.build_path / target)],
        "uptodate": [config_changed(config)],
        "clean": True,
    }
