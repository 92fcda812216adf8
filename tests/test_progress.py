"""Progress on stderr: the step and how far along, only on a terminal or when asked."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.generate import generate_paper

from docbuild import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_asked_for_each_step_is_a_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(progress.ENV, "1")
    out = io.StringIO()
    progress.say("pandoc: writing the HTML", out)
    assert out.getvalue() == "docbuild: pandoc: writing the HTML\n"


def test_on_a_terminal_the_line_is_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(progress.ENV, raising=False)
    out = Terminal()
    progress.say("pdf: laying out page 1", out)
    progress.say("pdf: laying out page 2", out)
    progress.done(out)
    assert out.getvalue() == (
        "\r\x1b[Kdocbuild: pdf: laying out page 1\r\x1b[Kdocbuild: pdf: laying out page 2\r\x1b[K"
    )


def test_silent_in_a_log_and_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(progress.ENV, raising=False)
    out = io.StringIO()  # not a terminal
    progress.say("pandoc: writing the HTML", out)
    monkeypatch.setenv(progress.ENV, "0")
    progress.say("pandoc: writing the HTML", Terminal())
    assert out.getvalue() == ""


def test_weasyprints_steps_become_pages_laid_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(progress.ENV, "1")
    steps = progress.WeasyPrintSteps()
    layout = "Step 5 - Creating layout - "
    for message in ("Step 1 - Fetching and parsing HTML - x", f"{layout}Page 1", f"{layout}Page 2",
                    f"{layout}Repagination #1", "Step 6 - Creating PDF"):  # fmt: skip
        steps.emit(logging.LogRecord("weasyprint.progress", logging.INFO, "", 0, message, (), None))
    assert capsys.readouterr().err.splitlines() == [
        "docbuild: pdf: reading the HTML and CSS",
        "docbuild: pdf: laying out page 1",
        "docbuild: pdf: laying out page 2",
        "docbuild: pdf: laying out again (pass 2) for page references",
        "docbuild: pdf: writing 2 pages",
    ]


def _build(folder: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "doit", "build"], cwd=folder, capture_output=True, text=True,
        env={**os.environ, **env},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def test_doit_build_reports_its_steps_when_asked(tmp_path: Path) -> None:
    generate_paper(tmp_path, words=1500, references=10, citations=12, figures=0, tables=0)
    lines = [ln for ln in _build(tmp_path, DOCBUILD_PROGRESS="1").splitlines()
             if ln.startswith("docbuild: ")]  # fmt: skip
    assert lines[:3] == [
        "docbuild: pandoc: reading 1 manuscript file",
        "docbuild: pandoc: citeproc on 10 citations",  # 12 keys in 10 groups
        "docbuild: pandoc: writing the HTML",
    ]
    assert "docbuild: pdf: laying out page 1" in lines
    assert lines[-1].startswith("docbuild: pdf: writing ")
    (tmp_path / "manuscript" / "01-chapter.md").write_text(
        (tmp_path / "manuscript" / "01-chapter.md").read_text(encoding="utf-8") + "\nMore.\n",
        encoding="utf-8",
    )
    again = _build(tmp_path, DOCBUILD_PROGRESS="1")
    assert "docbuild: pandoc: citations as in the last build (10)" in again.splitlines()
    quiet = _build(tmp_path / ".." / tmp_path.name, DOCBUILD_PROGRESS="")
    assert "docbuild: " not in quiet
