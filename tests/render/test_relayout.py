"""The float pass's later layouts from the first page a move changes (render/relayout.py), by
the real pandoc and WeasyPrint: the PDF is the same bytes as when every page is laid out again,
for the sample paper in each style and for real manuscripts whose floats move; and the
WeasyPrint internals it hooks still have the shape it was written for.

The sample paper is built up to pandoc's page, its PDF made in this process with the partial
layouts off (relayout.ENV = "0") and again with them on (render/pdf.py's `_render`, as the
PDF step's child runs it), and the two are compared byte for byte with SOURCE_DATE_EPOCH
fixed. The sample's whole layouts are made once a run for every worker (`sample_page`): the
same job, so the same bytes, and the tests that lay gfpr out partially in other ways compare
with that one PDF. A corpus paper's partial layouts are the PDF step's own: the build that
tests/styles/test_column_gaps.py measures (made once a run, `corpus_build`) keeps the job of
its last render and the pages each layout kept, and that job is laid out whole here.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from docbuild.render import relayout

if TYPE_CHECKING:
    from docbuild.render.pdf import PdfJob

REPO = Path(__file__).resolve().parents[2]
EPOCH = "1688169600"


def _module(path: Path, name: str) -> Any:
    """The module at `path`, once, as `name` in sys.modules. The sample paper's copy and the
    corpus papers' build have one home each, in test folders that are not packages.

    A module run from its file without entering sys.modules breaks its dataclasses (they look
    their module up there: "'NoneType' object has no attribute '__dict__'" when tests/render
    runs alone); in the whole suite tests/styles had imported `corpusbuild`, which hid that,
    and this was a second copy of it."""
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    if name in sys.modules:
        return sys.modules[name]
    if name == path.stem:  # importable by its name: the copy tests/styles imports too
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


@contextmanager
def kept_pages() -> Iterator[list[list[int]]]:
    """The pages each layout kept, per `resume_layouts` block, while in the block."""
    calls: list[list[int]] = []
    original = relayout.resume_layouts

    @contextmanager
    def counted(**kwargs: Any) -> Iterator[list[int]]:
        with original(**kwargs) as kept:
            calls.append(kept)
            yield kept

    relayout.resume_layouts = counted  # type: ignore[assignment]
    try:
        yield calls
    finally:
        relayout.resume_layouts = original  # type: ignore[assignment]


def pdf_job_of(paper: Path, monkeypatch: pytest.MonkeyPatch) -> PdfJob:
    """The job the PDF step's child renders for a paper built up to pandoc's page."""
    from docbuild.config import load_settings
    from docbuild.jobs.build import pdf_job
    from docbuild.render.pdf import typeset_math

    # The same job for every render: the build's own PDF was made from pandoc's page before the
    # last page's number was filled in (render/lastpage.py), and is other bytes.
    job = pdf_job(load_settings(paper))
    # A page whose metadata.json names another page range than its PDF's makes no PDF in
    # `_render` (the build makes the page again): that check is the build's, not the layout's.
    monkeypatch.setattr("docbuild.render.pdf.last_page_differs", lambda *_: False)
    return dataclasses.replace(job, html=typeset_math(job, timeout=600))


def whole_pdf(job: PdfJob, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """`job`'s PDF with every page of every layout laid out (relayout.ENV = "0")."""
    from docbuild.render.pdf import _render

    monkeypatch.setenv(relayout.ENV, "0")
    full, _, _, _ = _render(job)
    monkeypatch.delenv(relayout.ENV)
    assert full
    return full


def partial_pdf(job: PdfJob) -> tuple[bytes, list[int]]:
    """`job`'s PDF with the partial layouts, and the pages each of its layouts kept."""
    from docbuild.render.pdf import _render

    with kept_pages() as calls:
        partial, _, _, _ = _render(job)
    assert len(calls) == 1
    return partial, calls[0]


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def pandoc_step(paper: Path) -> None:
    """`doit pandoc` in `paper`: the page the PDF step gets on a cold build, where the front
    matter declares no last page (its number a mark the PDF fills in, render/lastpage.py)."""
    styles = _module(REPO / "tests" / "styles" / "conftest.py", "styles_conftest")
    proc = styles.doit(paper, "pandoc")
    assert proc.returncode == 0, proc.stdout + proc.stderr


SharedBuild = Callable[[str, Callable[[Path], None]], Path]  # tests/conftest.py's shared_build
WHOLE = "whole.pdf"  # in a sample_page folder: the page's PDF with every page laid out


@pytest.fixture(scope="session")
def sample_page(shared_build: SharedBuild) -> Callable[[str], Path]:
    """`sample_page(style)`: a folder with the sample paper in `style` built up to pandoc's
    page (`paper/`) and that page's PDF with every page laid out (`whole.pdf`), made once a
    run for every worker: three tests compare their own partial layouts of gfpr's with it.
    Read it only (copy `paper/`: making a PDF writes its math cache)."""

    def build(folder: Path, style: str) -> None:
        styles = _module(REPO / "tests" / "styles" / "conftest.py", "styles_conftest")
        paper = styles.copy_sample_paper(folder / "paper", style)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            pandoc_step(paper)
            work = folder / "work"  # the render's math cache, outside the page's folder
            shutil.copytree(paper, work)
            (folder / WHOLE).write_bytes(whole_pdf(pdf_job_of(work, patch), patch))
            shutil.rmtree(work)

    return lambda style: shared_build(f"relayout-sample-{style}", lambda f: build(f, style))


def page_copy(sample: Path, tmp_path: Path) -> Path:
    """A copy of a `sample_page` folder's paper, to render in (the whole PDF stays shared)."""
    return shutil.copytree(sample / "paper", tmp_path / "paper")


@pytest.mark.slow
@pytest.mark.parametrize("style", ["gfpr", "ieee", "preprint"])
def test_the_sample_paper_is_the_same_pdf(
    style: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_page: Callable[[str], Path],
) -> None:
    sample = sample_page(style)
    full = (sample / WHOLE).read_bytes()
    partial, kept = partial_pdf(pdf_job_of(page_copy(sample, tmp_path), monkeypatch))
    # The sample's floats move in every style: the later layouts keep pages (else this
    # test would compare two whole layouts).
    assert len(kept) >= 2 and any(kept[1:])
    assert partial == full


# Real manuscripts whose floats move, in the styles where a layout kept pages when this was
# written (manubot-governance's tables push each other on for all 8 layouts).
CORPUS = [
    ("manubot-governance", "gfpr"),
    ("manubot-governance", "ieee"),
    ("manubot-governance", "preprint"),
    ("crossref-henriques-2017", "preprint"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("slug", "style"), CORPUS)
def test_a_real_manuscript_is_the_same_pdf(
    slug: str,
    style: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shared_build: SharedBuild,
) -> None:
    """The PDF the build made with the partial layouts (its PDF step's child, as `doit build`
    runs it) against the same job laid out whole here. Until session 16 this test made its
    own page and both PDFs in this process; the build's partial layouts are the same
    `_render` of the same job, and tests/styles/test_column_gaps.py builds that paper in that
    style anyway (`corpus_build`), so one partial layout of 17 pages a case is saved."""
    styles = _module(REPO / "tests" / "styles" / "conftest.py", "styles_conftest")
    folder = styles.corpus_build(shared_build, style, slug)
    assert not (folder / styles.SKIPPED).exists(), (folder / styles.SKIPPED).read_text()
    built = (folder / (folder / styles.BUILT).read_text(encoding="utf-8")).read_bytes()
    job, kept = styles.last_render(folder)
    # The later layouts kept pages (else this would compare two whole layouts).
    assert any(kept[1:]), kept
    cache = tmp_path / "math-cache.json"  # the render writes it: a copy, the build's read only
    if job.math_cache is not None and job.math_cache.exists():
        shutil.copy2(job.math_cache, cache)
    job = dataclasses.replace(job, math_cache=cache)
    from docbuild.render.pdf import typeset_math

    job = dataclasses.replace(job, html=typeset_math(job, timeout=600))
    assert whole_pdf(job, monkeypatch) == built


@pytest.mark.slow
def test_a_page_kept_that_a_move_changed_shows_in_the_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_page: Callable[[str], Path]
) -> None:
    # The comparison above can fail: keep one page more than the first difference allows
    # and the PDF is another. (The whole layouts keep no page: `_kept_pages` is not called in
    # them, so the shared whole PDF is the one they would make here.)
    sample = sample_page("gfpr")
    job = pdf_job_of(page_copy(sample, tmp_path), monkeypatch)
    safe = relayout._kept_pages

    def one_more(old: Any, new: Any, context: Any) -> int:
        kept = safe(old, new, context)
        return min(kept + 1, len(old.pages) - 1)

    monkeypatch.setattr(relayout, "_kept_pages", one_more)
    partial, kept = partial_pdf(job)
    assert any(kept[1:])
    assert partial != (sample / WHOLE).read_bytes()


def test_off_in_the_environment_every_layout_is_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.document  # type: ignore[import-untyped]

    before = weasyprint.document.layout_document
    monkeypatch.setenv(relayout.ENV, "0")
    with relayout.resume_layouts():
        assert weasyprint.document.layout_document is before
    monkeypatch.delenv(relayout.ENV)
    with relayout.resume_layouts():
        assert weasyprint.document.layout_document is not before
    assert weasyprint.document.layout_document is before


def test_the_installed_weasyprint_is_one_the_hooks_were_written_for() -> None:
    # A new major release fails here: read the functions below in it, then add it to
    # relayout.WEASYPRINT_MAJORS (until then every layout is whole, and correct).
    assert relayout.supported()


# The parameters each hooked or called function starts with in WeasyPrint 70, as the wrappers
# pass or read them.
SIGNATURES = {
    ("weasyprint.document", "layout_document"): ["html", "root_box", "context", "max_loops"],
    ("weasyprint.layout", "initialize_page_maker"): ["context", "root_box"],
    ("weasyprint.layout", "make_all_pages"): ["context", "root_box", "html", "pages"],
    ("weasyprint.layout.page", "remake_page"): ["index", "context", "root_box", "html"],
    ("weasyprint.layout.page", "set_page_type_computed_styles"): ["page_type", "html", "style_for"],
    ("weasyprint.layout.block", "_in_flow_layout"): ["context", "box", "index", "child"],
    ("weasyprint.layout.block", "_linebox_layout"): ["context", "box", "index", "child"],
    ("weasyprint.layout.block", "_out_of_flow_layout"): ["context", "box", "index", "child"],
    ("weasyprint.layout.block", "block_level_layout"): ["context", "box"],
    ("weasyprint.layout.block", "block_level_page_break"): ["sibling_before", "sibling_after"],
    ("weasyprint.layout.block", "block_level_page_name"): ["sibling_before", "sibling_after"],
}


def _function(module: str, name: str) -> Callable[..., Any]:
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def test_every_internal_it_names_is_checked_here() -> None:
    named = {*relayout.HOOKS, *relayout.CALLED}
    named |= {("weasyprint.layout.block", name) for name in relayout.REACHED}
    assert named == set(SIGNATURES)


@pytest.mark.parametrize(("module", "name"), sorted(SIGNATURES))
def test_a_weasyprint_internal_has_the_parameters_it_expects(module: str, name: str) -> None:
    parameters = list(inspect.signature(_function(module, name)).parameters)
    expected = SIGNATURES[(module, name)]
    assert parameters[: len(expected)] == expected


# Each wrapper sees the calls only if its caller looks the function up by this module's name
# when it runs (a caller that imported it under its own name would bypass the wrapper).
CALLERS = [
    ("weasyprint.document", "Document._render", "layout_document"),
    ("weasyprint.layout", "layout_document", "initialize_page_maker"),
    ("weasyprint.layout", "layout_document", "make_all_pages"),
    ("weasyprint.layout.page", "make_all_pages", "remake_page"),
    ("weasyprint.layout.page", "remake_page", "set_page_type_computed_styles"),
    *(
        ("weasyprint.layout.block", "block_container_layout", name)
        for name in ("_in_flow_layout", "_linebox_layout", "_out_of_flow_layout")
    ),
    ("weasyprint.layout.block", "_in_flow_layout", "block_level_layout"),
    ("weasyprint.layout.block", "_in_flow_layout", "block_level_page_break"),
    ("weasyprint.layout.block", "block_container_layout", "block_level_page_name"),
]


@pytest.mark.parametrize(("module", "caller", "name"), CALLERS)
def test_a_hooked_internal_is_called_by_its_module_name(
    module: str, caller: str, name: str
) -> None:
    owner: Any = importlib.import_module(module)
    for part in caller.split("."):
        owner = getattr(owner, part)
    assert name in owner.__code__.co_names
    assert inspect.getmodule(_function(module, name)) is not None


def test_a_page_maker_entry_has_the_shape_it_expects() -> None:
    # (resume_at, next_page, right_page, page_state, remake_state): the seed of a layout
    # that resumes is built from the entries of the one before.
    from weasyprint import HTML  # type: ignore[import-untyped]

    seen: list[list[Any]] = []
    layout = importlib.import_module("weasyprint.layout")
    original = layout.make_all_pages

    def spy(context: Any, *args: Any) -> Any:
        yield from original(context, *args)
        seen.append(list(context.page_maker))

    layout.make_all_pages = spy
    try:
        HTML(string="<p>one</p><p style='break-before: page'>two</p>").render()
    finally:
        layout.make_all_pages = original
    entries = seen[0]
    assert len(entries) == 3  # the state before each page, and after the last
    for resume_at, next_page, right_page, page_state, remake in entries:
        assert resume_at is None or isinstance(resume_at, dict)
        assert set(next_page) == {"break", "page"}
        assert isinstance(right_page, bool)
        assert isinstance(page_state, tuple) and len(page_state) == 4
        assert "pages" in page_state[1]
        assert set(remake) == {"content_changed", "pages_wanted", "anchors", "content_lookups"}


def test_a_page_based_reference_has_the_shape_it_expects() -> None:
    # The last page's mark is the one page-based reference kept pages may hold: read from
    # each CounterLookupItem's targets, and found on a page by its boxes' `missing_link`.
    from weasyprint import HTML

    from docbuild.render.lastpage import END_ID, LAST_PAGE_CSS

    seen: list[Any] = []
    layout = importlib.import_module("weasyprint.layout")
    original = layout.make_all_pages

    def spy(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Any:
        for page in original(context, root_box, html, pages):
            seen.append(page)
            yield page
        seen.append(context.target_collector.counter_lookup_items)

    page = (
        f"<style>{LAST_PAGE_CSS}</style><p>pages 1-<span class='docbuild-lpage'></span></p>"
        f"<p style='break-before: page'>two</p><div id='{END_ID}'></div>"
    )
    layout.make_all_pages = spy
    try:
        HTML(string=page).render()
    finally:
        layout.make_all_pages = original
    items = seen[-1]
    assert [set(item.missing_target_counters) for item in items.values()] == [{END_ID}]
    assert any(box.missing_link for box in seen[0].descendants())


@pytest.mark.slow
def test_kept_pages_printing_the_last_page_are_made_again_when_the_count_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_page: Callable[[str], Path]
) -> None:
    # The sample's page count does not change between its layouts: each layout is told the
    # one before had a page more, so the kept pages printing the count are made again in a
    # second pass, and the PDF is still the one a full layout makes (the shared one: a whole
    # layout keeps no page, so it neither counts nor remakes any).
    sample = sample_page("gfpr")
    job = pdf_job_of(page_copy(sample, tmp_path), monkeypatch)

    class Miscounted(relayout._Record):
        @property  # type: ignore[override]
        def previous_count(self) -> int:
            return self.__dict__.get("count", 0)

        @previous_count.setter
        def previous_count(self, value: int) -> None:
            self.__dict__["count"] = value + 1 if value else 0

    remade: list[int] = []
    page_module = importlib.import_module("weasyprint.layout.page")
    original = page_module.remake_page

    def counted(index: int, *args: Any) -> Any:
        if os.environ.get(relayout.ENV) is None:  # the partial layouts only
            remade.append(index)
        return original(index, *args)

    monkeypatch.setattr(page_module, "remake_page", counted)
    partial_pdf(job)
    first_pages = remade.count(0)  # the first layout's passes only: later ones keep page 1
    remade.clear()
    monkeypatch.setattr(relayout, "_Record", Miscounted)
    partial, kept = partial_pdf(job)
    assert any(kept[1:])
    assert remade.count(0) > first_pages
    assert partial == (sample / WHOLE).read_bytes()
