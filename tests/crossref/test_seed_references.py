"""The seed's own references: every real work is found by the stand-in, none is called
fabricated (no error of an existence rule), and the web pages are "not checkable"."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.crossref.verdict import Verdict, verdict
from docbuild.crossref.verified_file import read_verified
from docbuild.diagnostics import Severity
from docbuild.jobs.bibfile import read_bib
from docbuild.jobs.lint import lint_settings
from docbuild.jobs.verify import run_verify
from registry.records import read_records
from registry.server import RegistryServer

REPO = Path(__file__).parents[2]
SEED = REPO / "tests" / "data" / "seed" / "registry_records.jsonl"
EXISTENCE = {"doi-not-found", "no-record", "record-mismatch", "doi-mismatch"}
WEB = {"craig2015", "javed2022", "kaura2018", "qingyan2021", "sheikh2023", "tanvir2022"}


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    shutil.copy(REPO / "refs.bib", tmp_path / "refs.bib")
    shutil.copytree(REPO / "manuscript", tmp_path / "manuscript")
    return tmp_path


def test_each_real_work_is_found_and_none_is_called_fabricated(paper: Path) -> None:
    with RegistryServer(read_records(SEED)) as server:
        (paper / "docbuild.toml").write_text(
            'style = "gfpr"\n' + server.docbuild_toml(),
            encoding="utf-8",
        )
        with contextlib.redirect_stdout(io.StringIO()) as out:
            run_verify(load_settings(paper), refresh=False)
    lock = read_verified(paper / "refs.verified.json")
    assert lock is not None
    entries = read_bib(paper / "refs.bib").by_key()
    verdicts = {key: verdict(v, entries[key]) for key, v in lock.entries.items()}
    assert {k for k, v in verdicts.items() if v is Verdict.VERIFIED} == set(entries) - WEB
    assert {k for k, v in verdicts.items() if v is Verdict.NOT_CHECKABLE} == WEB
    assert out.getvalue().splitlines()[-4:] == [
        "  verified           8",
        "  mismatched         0",
        "  not found          0",
        "  not checkable      6",
    ]
    findings = lint_settings(load_settings(paper)).findings
    assert [
        d.format() for d in findings if d.name in EXISTENCE and d.severity is Severity.ERROR
    ] == []
