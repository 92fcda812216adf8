"""A one-body paper built to its PDF in a style: the fixture paper's front matter, a body of the
test's own, the steps `doit build` runs."""

from __future__ import annotations

import shutil
from pathlib import Path

from docbuild.config import load_settings
from docbuild.jobs.build import run_html, run_pdf
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.jobs.parse import run_parse

FIXTURE = Path(__file__).parents[1] / "integration" / "fixtures" / "paper"


def build_body(tmp: Path, style: str, body: str, *, html: bool = False) -> Path:
    """The paper's build folder: `body` after the fixture's front matter, in `style`; the
    HTML edition too where `html`."""
    root = tmp / "paper"
    shutil.copytree(FIXTURE, root)
    front = (root / "manuscript" / "01-front.md").read_text(encoding="utf-8")
    end = front.index("\n---\n", 4) + 5  # the front matter only: the body cites its own keys
    (root / "manuscript" / "01-front.md").write_text(front[:end], encoding="utf-8")
    (root / "manuscript" / "02-body.md").write_text(body, encoding="utf-8")
    config = root / "docbuild.toml"
    config.write_text(config.read_text().replace('"preprint"', f'"{style}"'), encoding="utf-8")
    return build_folder(root, html=html)


def build_folder(root: Path, *, html: bool = False) -> Path:
    """The paper folder `root` (its docbuild.toml written) built to its PDF, and its HTML
    edition where `html`: its build folder. The steps in this process, so that the tree's own
    docbuild runs (`docbuild build` starts Python with -I, which ignores PYTHONPATH)."""
    (root / "build").mkdir(exist_ok=True)
    settings = load_settings(root)
    assert run_normalize(settings, in_place=False)
    assert run_parse(settings)
    assert run_pandoc(settings)
    assert run_pdf(settings)
    if html:
        assert run_html(settings)
    return root / "build"
