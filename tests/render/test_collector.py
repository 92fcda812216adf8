"""The PDF step renders with Python's automatic collection paused, one collection per layout
(render/pdf.py's `_render`, docbuild/collector.py): the PDF is the same bytes as with the
collector left on, each layout is preceded by one collection, and the collector is left as
it was found.

The sample paper in preprint (the float pass moves its floats, the line numbers are on) is
rendered twice from the same job in this process, as the PDF step's child renders it (and
likewise in gfpr and ieee).
"""

from __future__ import annotations

import dataclasses
import gc
import importlib.util
from pathlib import Path
from typing import Any

import pytest

from docbuild.collector import collector_paused

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1688169600"


def sample_job(tmp_path: Path, style: str) -> Any:
    """The sample paper's PDF job in `style` after `doit pandoc`, its math typeset."""
    from docbuild.config import load_settings
    from docbuild.jobs.build import pdf_job
    from docbuild.render.pdf import typeset_math

    conftest = REPO / "tests" / "styles" / "conftest.py"
    spec = importlib.util.spec_from_file_location("styles_conftest", conftest)
    assert spec is not None and spec.loader is not None
    styles = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(styles)
    paper = styles.copy_sample_paper(tmp_path / style, style)
    proc = styles.doit(paper, "pandoc")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    job = pdf_job(load_settings(paper))
    return dataclasses.replace(job, html=typeset_math(job, timeout=600))


@pytest.mark.slow
@pytest.mark.parametrize("style", ["gfpr", "ieee", "preprint"])
def test_the_pdf_is_the_same_with_the_collector_paused(
    style: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docbuild.render.pdf import _render

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # The last page's range is the build's business (test_relayout says why).
    monkeypatch.setattr("docbuild.render.pdf.last_page_differs", lambda *_: False)
    job = sample_job(tmp_path, style)
    layouts: list[bool] = []
    collections: list[bool] = []
    real_collect = gc.collect

    def counted(*args: Any) -> int:
        collections.append(gc.isenabled())
        return real_collect(*args)

    import weasyprint  # type: ignore[import-untyped]

    render = weasyprint.HTML.render

    def layout(self: Any, *args: Any, **kwargs: Any) -> Any:
        layouts.append(gc.isenabled())
        return render(self, *args, **kwargs)

    monkeypatch.setattr(gc, "collect", counted)
    monkeypatch.setattr(weasyprint.HTML, "render", layout)
    assert gc.isenabled()
    paused, _, _, _ = _render(job)
    assert gc.isenabled()  # put back
    # Every layout ran paused. One collection before every COLLECT_EVERY-th of the float
    # pass's layouts and one after the pass (preprint's line numbers have a small layout of
    # their own, the last).
    from docbuild.render.pdf import COLLECT_EVERY

    floats = len(layouts) - (style == "preprint")
    assert layouts and not any(layouts)
    assert floats >= COLLECT_EVERY  # the sample's float pass makes two layouts or more
    assert len(collections) == floats // COLLECT_EVERY + 1
    assert not any(collections)

    layouts.clear()
    on, _, _, _ = _render.__wrapped__(job)  # type: ignore[attr-defined]  # the collector left on
    assert layouts and all(layouts)
    assert paused
    assert paused == on


def test_the_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a nested pause keeps the outer one
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
