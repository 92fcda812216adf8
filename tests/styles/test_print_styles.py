"""`docbuild styles`: every style a paper can name, the paper's own marked with its folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docbuild.cli import main
from docbuild.style import PACKAGE_STYLES, print_styles


def test_the_package_styles_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert print_styles(tmp_path) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines]
    assert names == sorted(names)
    assert {"gfpr", "ieee"} <= set(names)
    gfpr = next(line for line in lines if line.startswith("gfpr "))
    assert gfpr.split(None, 1)[1].startswith("Global Foreign Policies Review: A4, two columns")


def test_a_paper_style_is_listed_with_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PACKAGE_STYLES / "ieee", tmp_path / "styles" / "mylab")
    monkeypatch.chdir(tmp_path)
    assert main(["styles"]) == 0
    lines = capsys.readouterr().out.splitlines()
    mylab = next(line for line in lines if line.startswith("mylab "))
    assert mylab.endswith(" [styles/mylab]")
