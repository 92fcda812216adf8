"""The README and docs/ stay true to the code: commands, tasks, settings and their defaults."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from docbuild import config, settings_file
from docbuild.config import (
    CrossrefSettings,
    LintSettings,
    MathSettings,
    PdfSettings,
    Settings,
)
from docbuild.settings_file import settings_from_dict

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
CONFIGURATION = (DOCS / "configuration.md").read_text(encoding="utf-8")
INDEX = (DOCS / "index.md").read_text(encoding="utf-8")
INTERNAL_TASKS = {"lint", "pandoc", "parse"}  # run by other tasks; not listed for users
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_readme_keeps_the_two_commands_ci_and_newcomers_rely_on() -> None:
    setup = "bash scripts/setup.sh && .venv/bin/doit build"
    assert f"```sh\n{setup}\n```" in README
    test = ".venv/bin/python -m pytest -q -n auto"
    assert f"```sh\n{test}\n```" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == test  # CI ends with exactly the README's test command
    # and sets up as a newcomer does (with packages only the tests need as arguments)
    assert any(line.split()[:2] == ["bash", "scripts/setup.sh"] for line in ci)


def _dodo_tasks() -> set[str]:
    from docbuild import tasks

    return {
        n.removeprefix("task_").replace("_", "-") for n in tasks.__all__ if n.startswith("task_")
    }


def test_readme_describes_every_task_a_user_runs() -> None:
    tasks = _dodo_tasks()
    assert "build" in tasks
    missing = sorted(t for t in tasks - INTERNAL_TASKS if f"`doit {t}" not in README)
    assert missing == []


def test_readme_names_every_task_option() -> None:
    """`--apply-dois` and `--write-baseline` were once only in pages a newcomer never finds."""
    tasks = (ROOT / "src" / "docbuild" / "tasks.py").read_text(encoding="utf-8")
    options = re.findall(r'"long": "([\w-]+)"', tasks)
    assert "in-place" in options
    assert sorted(o for o in options if f"`--{o}" not in README) == []


def test_readme_describes_the_paper_folder_that_docbuild_new_creates(tmp_path: Path) -> None:
    from docbuild.new import create_paper

    create_paper(str(tmp_path / "p"), style="gfpr")
    layout = README.split("## A paper folder", 1)[1].split("\n## ", 1)[0]
    for item in sorted((tmp_path / "p").iterdir()):
        if item.name.startswith("."):
            continue
        shown = item.name + ("/" if item.is_dir() else "")
        assert shown in layout, shown


def test_readme_says_what_docbuild_new_does_and_what_to_run_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README once said `docbuild new` builds the paper; it prints the command that does."""
    from docbuild.config import load_settings
    from docbuild.new import create_paper

    monkeypatch.chdir(tmp_path)
    create_paper("my-paper", style="gfpr")
    section = README.split("## Start a new paper", 1)[1].split("\n## ", 1)[0]
    next_line = capsys.readouterr().out.splitlines()[-1]
    assert next_line.startswith("next: cd my-paper && doit build ")
    assert "cd my-paper && doit build\n" in section
    assert "builds at once" not in section
    fail_on = load_settings(tmp_path / "my-paper").lint.fail_on
    assert f'`[lint] fail_on = "{fail_on}"`' in " ".join(section.split())


def test_readme_has_a_github_actions_example_that_uploads_the_sarif_report() -> None:
    assert "uses: github/codeql-action/upload-sarif@" in README
    assert "sarif_file: build/lint-report.sarif" in README
    assert "security-events: write" in README


def test_readme_shows_page_one_of_the_sample_paper() -> None:
    assert "](docs/img/page1-gfpr.png)" in README


def _default_text(value: object, name: str) -> str:
    if value is None:
        return "none"
    if name in ("severity", "macros"):  # tables
        return "`{}`"
    if name == "bibliography" and isinstance(value, tuple) and len(value) == 1:
        return f'`"{value[0]}"`'  # one file is written as a string, several as a list
    if isinstance(value, tuple):
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value}`"


def _documented_keys() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for cls in (Settings, LintSettings, CrossrefSettings, MathSettings, PdfSettings):
        defaults = cls(root=ROOT) if cls is Settings else cls()
        for f in fields(cls):
            if f.name in {"root", "lint", "crossref", "registries", "math", "pdf"}:
                continue
            out.append((f.name, _default_text(getattr(defaults, f.name), f.name)))
    return out


def test_every_setting_is_one_the_loader_accepts() -> None:
    known = (
        settings_file._TOP_KEYS
        | settings_file._LINT_KEYS
        | settings_file._CROSSREF_KEYS
        | settings_file._MATH_KEYS
        | settings_file._PDF_KEYS
    )
    assert {name for name, _ in _documented_keys()} <= known
    assert len(_documented_keys()) == len(known - {"lint", "crossref", "registries", "math", "pdf"})


@pytest.mark.parametrize("registry", config.REGISTRY_DEFAULTS, ids=lambda r: r.name)
def test_configuration_documents_every_registry_with_its_address(
    registry: config.RegistrySettings,
) -> None:
    assert f'| `{registry.name}` | `true` (`"{registry.api}"`' in CONFIGURATION


@pytest.mark.parametrize(("name", "default"), _documented_keys())
def test_configuration_documents_every_key_with_its_default(name: str, default: str) -> None:
    assert f"| `{name}` | {default} |" in CONFIGURATION


def test_the_complete_example_in_configuration_md_is_every_default() -> None:
    block = CONFIGURATION.split("```toml\n", 1)[1].split("```", 1)[0]
    data = tomllib.loads(block)
    written = settings_from_dict(data, root=ROOT, path=ROOT / "docbuild.toml")
    assert written == Settings(root=ROOT)


def test_every_docs_page_is_listed_in_the_index() -> None:
    linked = set(LINK.findall(INDEX))
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    assert sorted(pages - linked) == []
    assert "](docs/index.md)" in README


def test_every_page_the_index_links_to_exists() -> None:
    targets = sorted(set(LINK.findall(INDEX)))
    missing = [t for t in targets if not (DOCS / t).exists()]
    if missing:
        pytest.skip("pages still being written: " + ", ".join(missing))
    assert missing == []
