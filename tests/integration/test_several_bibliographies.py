"""A thesis with several bibliographies (`bibliography = [a.bib, b.bib]`), built end to end
with real pandoc and WeasyPrint: the excerpt of jaantollander/masters-thesis
(tests/realworld/excerpts/README.md), its text citing works of two of its .bib files.

doit runs in a subprocess, as a user would run it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

EXCERPT = Path(__file__).parents[1] / "realworld" / "excerpts" / "masters-thesis"
BIBS = ("content/bibliography/article.bib", "content/bibliography/inproceedings.bib")
TOML = (
    'style = "preprint"\n'
    'bibliography = ["content/bibliography/article.bib",\n'
    '                "content/bibliography/inproceedings.bib"]\n'
    'manuscript = ["content/10_introduction.md"]\n'
    'metadata = ["metadata/html.yaml"]\n'
)


def doit(root: Path, *args: str, ok: bool = True) -> tuple[set[str], str]:
    """Run doit; the names of the tasks it executed (not the up-to-date ones) and its output."""
    proc = subprocess.run(
        [sys.executable, "-m", "doit", *args],
        cwd=root,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (proc.returncode == 0) is ok, proc.stdout + proc.stderr
    ran = {line[2:].strip() for line in proc.stderr.splitlines() if line.startswith(". ")}
    return ran, proc.stdout + proc.stderr


def _thesis(root: Path) -> Path:
    (root / "content" / "bibliography").mkdir(parents=True)
    (root / "metadata").mkdir()
    shutil.copy(EXCERPT / "10_introduction.md", root / "content")
    shutil.copy(EXCERPT / "html.yaml", root / "metadata")
    for name in BIBS:
        shutil.copy(EXCERPT / Path(name).name, root / name)
    (root / "docbuild.toml").write_text(TOML, encoding="utf-8")
    shutil.copy(Path(__file__).parents[2] / "dodo.py", root / "dodo.py")
    return root


COLD: dict[Path, tuple[set[str], str]] = {}


@pytest.fixture(scope="module")
def thesis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _thesis(tmp_path_factory.mktemp("bibs") / "thesis")
    COLD[root] = doit(root, "build")
    return root


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_works_of_both_files_are_cited_and_listed(thesis: Path) -> None:
    _, out = COLD[thesis]
    assert "R001" not in out and "M001" not in out, out
    text = _pdf_text(thesis / "build" / "paper.pdf")
    # article.bib's and inproceedings.bib's works, in the text and the list
    assert "Dongarra" in text and "Performance of various computers" in text
    assert "Lofstead" in text and "DAOS and friends" in text
    assert "?" not in text  # no `(key?)` of an unresolved citation
    assert "DRAFT" not in text
    items = json.loads((thesis / "build" / "refs.json").read_text())
    assert {i["id"] for i in items} >= {"performance_linear_algebra", "daos_and_friends"}


def test_a_finding_names_the_second_file_and_its_line(thesis: Path) -> None:
    report = json.loads((thesis / "build" / "lint-report.json").read_text())
    found = [(d["file"], d["line"], d["rule"], d["key"]) for d in report["findings"]]
    assert found == [
        ("content/bibliography/article.bib", 1, "B005", "io_500_benchmark"),
        # the excerpt's inproceedings.bib has a work the text does not cite, on its line 12
        (
            "content/bibliography/inproceedings.bib",
            12,
            "M002",
            "year-in-life-of-parallel-file-system",
        ),
    ]


def test_an_edit_of_the_second_file_rebuilds(thesis: Path) -> None:
    assert doit(thesis, "build")[0] == set()
    second = thesis / BIBS[1]
    text = second.read_text(encoding="utf-8")
    second.write_text(text.replace("DAOS and friends", "DAOS and Friends"), encoding="utf-8")
    ran, out = doit(thesis, "build")
    assert {"normalize-refs", "lint", "pandoc", "pdf"} <= ran, out
    assert "DAOS and Friends" in _pdf_text(thesis / "build" / "paper.pdf")
    assert doit(thesis, "build")[0] == set()


def test_every_missing_file_is_named_at_once(tmp_path: Path) -> None:
    root = _thesis(tmp_path / "thesis")
    for name in BIBS:
        (root / name).unlink()
    _, out = doit(root, "build", ok=False)
    assert (
        "content/bibliography/article.bib: error: bibliographies 'article.bib' and "
        "'inproceedings.bib' not found"
    ) in out, out
