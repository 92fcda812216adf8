"""The doit task dicts: what each task depends on."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild import tasks


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
