"""The doit task dicts: what each task depends on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docbuild import tasks

ROOT = Path(__file__).resolve().parents[1]


def test_a_csl_named_in_docbuild_toml_is_an_input_of_pandoc_and_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "house.csl").write_text("<style/>", encoding="utf-8")
    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\ncsl = "house.csl"\n')
    monkeypatch.chdir(tmp_path)
    pandoc_deps = tasks.task_pandoc()["file_dep"]
    lint_deps = tasks.task_lint()["file_dep"]
    assert isinstance(pandoc_deps, list) and isinstance(lint_deps, list)
    house = str(tmp_path / "house.csl")
    assert house in pandoc_deps and house in lint_deps
    assert not any(p.endswith("apa.csl") for p in pandoc_deps)


def test_without_a_csl_setting_the_style_s_own_csl_is_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\n')
    monkeypatch.chdir(tmp_path)
    deps = tasks.task_pandoc()["file_dep"]
    assert isinstance(deps, list)
    assert any(p.endswith("gfpr/apa.csl") for p in deps)


def test_every_task_creator_is_in_the_one_list() -> None:
    """`tasks.__all__` is what a paper's dodo.py imports: a task left out would never run."""
    defined = {name for name in vars(tasks) if name.startswith("task_")}
    assert sorted(n for n in tasks.__all__ if n.startswith("task_")) == sorted(defined)
    assert "DOIT_CONFIG" in tasks.__all__


def test_dodo_py_takes_the_one_list_whole() -> None:
    namespace: dict[str, object] = {}
    exec(compile((ROOT / "dodo.py").read_text(encoding="utf-8"), "dodo.py", "exec"), namespace)
    assert sorted(n for n in namespace if not n.startswith("__")) == sorted(tasks.__all__)


def test_doit_list_writes_nothing(tmp_path: Path) -> None:
    """Importing dodo.py and listing the tasks creates neither build/ nor doit's state file."""
    shutil.copy(ROOT / "dodo.py", tmp_path / "dodo.py")
    done = subprocess.run(
        [sys.executable, "-m", "doit", "list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dodo.py"]


def test_a_command_that_runs_tasks_uses_the_state_file() -> None:
    from docbuild.state import needs_state

    assert not needs_state(["list"])
    assert not needs_state(["help", "build"])
    assert needs_state(["list", "--status"])
    assert needs_state(["list", "-s"])
    assert needs_state([])
    assert needs_state(["build"])
    assert needs_state(["clean"])
    assert needs_state(["info", "pdf"])


def test_the_up_to_date_checks_import_no_step(tmp_path: Path) -> None:
    """Every `doit` call, a no-op included, runs the images' and the includes' checks: they
    read what the last build listed (jobs/listed.py) and import no step (jobs/parse.py's
    imports were a third of a no-op's CPU)."""
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "includes.json").write_text('["part.md"]\n', encoding="utf-8")
    (tmp_path / "part.md").write_text("Included.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from types import SimpleNamespace\n"
        "from docbuild.config import load_settings\n"
        "from docbuild.doit_support import IncludesUnchanged, ResourcesUnchanged\n"
        "s = load_settings(__import__('pathlib').Path.cwd())\n"
        "task = SimpleNamespace(value_savers=[])\n"
        "print(IncludesUnchanged(s)(task, {}), ResourcesUnchanged(s)(task, {'_resources': []}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('docbuild.jobs.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False True", "['docbuild.jobs.listed']"]


def test_the_crossref_settings_files_are_inputs_of_every_edition_read_from_the_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pandoc, jats, crossref-xml and docx share one look-up of these files in a doit run (it
    is done once, doit_support.crossref_settings_inputs); each still gets them: Manubot's
    manual-references.json and the lock give every edition references (jobs/references.py)."""
    from docbuild import tasks_production

    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\n', encoding="utf-8")
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "paper.md").write_text("# Paper\n", encoding="utf-8")
    manual = tmp_path / "manuscript" / "manual-references.json"
    manual.write_text("[]", encoding="utf-8")
    lock = tmp_path / "refs.verified.json"
    lock.write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    creators = (
        tasks.task_pandoc,
        tasks_production.task_jats,
        tasks_production.task_crossref_xml,
        tasks_production.task_docx,
    )
    deps = [creator()["file_dep"] for creator in creators]
    for dep in deps:
        assert isinstance(dep, list) and str(manual) in dep and str(lock) in dep


def test_the_jats_follows_the_style_s_print_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SVG figure's TIFF is drawn in the style's print fonts and their @font-face rules
    (render/svgfigure.py): a changed font or print CSS writes the JATS package again."""
    from docbuild import tasks_production
    from docbuild.style import PACKAGE_STYLES

    (tmp_path / "docbuild.toml").write_text('style = "gfpr"\n', encoding="utf-8")
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "paper.md").write_text("# Paper\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    dep = tasks_production.task_jats()["file_dep"]
    assert isinstance(dep, list)
    style = (PACKAGE_STYLES / "gfpr").resolve()
    assert str(style / "print.css") in dep
    assert str(style / "fonts" / "CharisSIL-Bold.ttf") in dep
