"""A manuscript of several files rendered a file at a time (jobs/parse_apart.py,
render/chapters.py) gives the page of the whole run, byte for byte, after any edit.

Each edit is made in one copy of a small four-chapter paper that was built before it (the
rebuild uses what the first build kept, in memory and then from build/.cache/ alone) and
compared with a cold build of the edited paper, and with pandoc's run over the whole
manuscript (`citecache.render_html` on the files read together). The paper has what crosses
files: references to a figure, a table, an equation and a section of another chapter,
footnotes in two chapters, the same heading in three chapters, citations in text and notes.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.generate import generate_paper

from docbuild.config import load_settings
from docbuild.jobs import parse_apart, read_together
from docbuild.jobs.build import run_html
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.jobs.parse import store_parse
from docbuild.render import (
    chapter_filter,
    chapter_html,
    chapter_store,
    chapters,
    citecache,
    crossref_filter,
    pandoc,
    sanitize,
)

EXTRA = {
    "02-chapter.md": """
## Introduction

See @fig:f3 and @tbl:t1, and @sec:ch4 later; also @eq:energy.[^a] A note.[^b]

$$ E = mc^2 $$ {#eq:energy}

[^a]: A note of chapter two, citing [@{key}].
[^b]: Another note.
""",
    "03-chapter.md": """
## Introduction

Back to @fig:f1, @eq:energy and @eq:later.[^c] As bookdown says it, Section
\\@ref(last-words).

$$ F = ma $$ {#eq:later}

[^c]: A note of chapter three.
""",
    "04-chapter.md": """
## Introduction

The last introduction; see @sec:ch2.

## Last words {#last-words}

A heading with an id and no kind (bookdown's `\\@ref(last-words)` in chapter three).
""",
}


def _paper(folder: Path) -> Path:
    paper = generate_paper(
        folder, chapters=4, words=1600, references=40, citations=40, figures=4, tables=2, seed=5
    )
    key = _keys(folder)[0]
    for name, text in EXTRA.items():
        path = folder / "manuscript" / name
        path.write_text(path.read_text(encoding="utf-8") + text.replace("{key}", key), "utf-8")
    return paper.folder


def _forget() -> None:
    """What a warm process keeps: a rebuild in a new process has only build/.cache/."""
    chapter_store.MEMORY.clear()
    chapters._GROUPS.clear()
    parse_apart._MEMORY.clear()
    parse_apart._LOADED.clear()
    citecache._LAST.clear()
    crossref_filter._LAST.clear()
    sanitize._FRAGMENT_SURVEYS.clear()


def _build(folder: Path) -> tuple[bytes, bytes]:
    settings = load_settings(folder)
    run_normalize(settings, in_place=False, verbose=False)
    run_pandoc(settings, parse=store_parse(settings))
    run_html(settings)
    build = settings.build_path
    return (build / "pandoc.html").read_bytes(), (build / "paper.html").read_bytes()


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / "manuscript" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _prose(folder: Path) -> None:
    path = folder / "manuscript" / "03-chapter.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if len(line) > 60)
    lines[at] = lines[at].replace(" ", " edited ", 1)
    path.write_text("".join(lines), encoding="utf-8")


def _keys(folder: Path) -> list[str]:
    bib = (folder / "refs.bib").read_text(encoding="utf-8")
    return re.findall(r"^@(?!string|preamble|comment)\w+\{([^,\s]+),", bib, re.M)


def _new_citation(folder: Path) -> None:
    keys = _keys(folder)
    _edit("04-chapter.md", "The last introduction;", f"The last introduction [@{keys[-1]}];")(
        folder
    )


EDITS = {
    "one line of prose": _prose,
    # a figure before the others: every later figure's number, and references to them in
    # other chapters, change
    "a figure in chapter one": _edit(
        "01-chapter.md",
        "# Chapter 1 {#sec:ch1}\n",
        "# Chapter 1 {#sec:ch1}\n\n![A new one](figures/fig1.svg){#fig:new}\n",
    ),
    # a footnote in chapter one: the notes of chapters two and three are numbered on
    "a footnote in chapter one": _edit(
        "01-chapter.md",
        "# Chapter 1 {#sec:ch1}\n",
        "# Chapter 1 {#sec:ch1}\n\nA start.[^new]\n\n[^new]: New.\n",
    ),
    "a citation added": _new_citation,
    "a heading removed": _edit("04-chapter.md", "## Introduction\n", ""),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The paper, built once (its build/ is copied for each edit)."""
    folder = _paper(tmp_path_factory.mktemp("chapters") / "paper")
    _build(folder)
    return folder


def test_a_second_save_in_a_chapter_s_prose_runs_no_filter(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chapter's blocks with no work wait as placeholders, so a save in its prose hands
    the filter what the last save did: its output is taken again, no pandoc run, and the
    page is a cold build's."""
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    shutil.copytree(built, warm)
    _prose(warm)
    _forget()
    _build(warm)  # the edited chapter through the filter, once
    runs: list[list[str]] = []
    real = pandoc.run

    def counted(args: list[str], **kwargs: object) -> pandoc.PandocResult:
        runs.append(list(args))
        return real(args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pandoc, "run", counted)
    _prose(warm)
    rebuilt = _build(warm)
    monkeypatch.undo()
    assert [args for args in runs if "--lua-filter" in args] == []
    assert runs[0][:2] == ["-f", "markdown"]  # the chapter was read again: a real rebuild
    shutil.copytree(built, cold, ignore=shutil.ignore_patterns("build"))
    _prose(cold)
    _prose(cold)
    _forget()
    assert rebuilt == _build(cold)


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_edit_then_rebuild_is_a_cold_build(
    built: Path, tmp_path: Path, edit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    shutil.copytree(built, warm)
    EDITS[edit](warm)
    _forget()
    rebuilt = _build(warm)
    again = _build(warm)  # from what the rebuild kept in memory
    assert (warm / "build" / chapter_store.CACHE_DIR).is_dir()  # the chapters' path was taken
    shutil.copytree(built, cold, ignore=shutil.ignore_patterns("build"))
    EDITS[edit](cold)
    _forget()
    fresh = _build(cold)
    assert rebuilt == fresh
    assert again == fresh
    # the files read together and rendered whole: what the chapters' path must reproduce
    monkeypatch.setattr(parse_apart, "parse_apart", lambda *args, **kwargs: None)
    shutil.rmtree(cold / "build" / chapter_store.CACHE_DIR)
    whole = _build(cold)
    assert not (cold / "build" / chapter_store.CACHE_DIR).exists()
    assert whole == fresh


def test_the_cross_chapter_numbers_are_in_the_page(built: Path) -> None:
    """What the byte comparison stands on: the references across chapters print numbers."""
    page = (built / "build" / "pandoc.html").read_text(encoding="utf-8")
    assert 'href="#eq:energy"' in page
    assert 'href="#fig:f3"' in page
    assert '<li id="fn3"><p>A note of chapter three.' in page  # numbered on from chapter two
    assert 'id="introduction-2"' in page  # the third "Introduction", made unique
    assert 'Section <a href="#last-words" class="cross-ref">' in page  # chapter four's


# Reading the files apart, against pandoc reading them together ------------------------------


def _files(folder: Path, texts: dict[str, str]) -> list[Path]:
    (folder / "manuscript").mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in texts.items():
        path = folder / "manuscript" / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


@pytest.mark.parametrize(
    "texts",
    [
        # the same heading in every file, an explicit id taken by an earlier automatic one
        {
            "a.md": "# Intro\n\n# Intro\n",
            "b.md": "# Intro\n\n# Other {#intro-1}\n",
            "c.md": "# Intro\n",
        },
        # citations and notes: pandoc's note numbers run over all files
        {"a.md": "Text [@a] and.[^1] Also @b.\n\n[^1]: A note [@c].\n", "b.md": "More [@d; @e].\n"},
        # the front matter in the second file
        {"a.md": "# One\n", "b.md": "---\ntitle: T\n---\n\n# Two\n"},
    ],
    ids=["headings", "note-numbers", "front-matter-later"],
)
def test_parse_apart_is_the_parse_together(tmp_path: Path, texts: dict[str, str]) -> None:
    files = _files(tmp_path, texts)
    meta = tmp_path / "metadata.yaml"
    meta.write_text("title: From the file\nlang: de\n", encoding="utf-8")
    macros = tmp_path / "macros.md"
    macros.write_text("\\newcommand{\\R}{\\mathbb{R}}\n", encoding="utf-8")
    together = pandoc.parse_markdown(
        files, root=tmp_path, timeout=60, preamble=macros, metadata=[meta]
    )
    for _ in range(2):  # the second time from what the first kept
        apart = parse_apart.parse_apart(
            files, list(texts.values()), root=tmp_path, timeout=60, preamble=macros,
            prepared={}, cache=tmp_path / "build", metadata=[meta],
        )  # fmt: skip
        assert apart is not None
        assert apart.ast == together
        assert sum(apart.parts) == len(together["blocks"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("texts", "together"),
    [
        (["A [link][ref].\n", "[ref]: https://example.org\n"], True),
        (["A note.[^1]\n\n[^1]: One.\n", "Another.[^1]\n\n[^1]: Two.\n"], True),
        (["# Methods\n", "As in [Methods].\n"], True),
        (["(@) First example.\n", "(@) Second.\n"], True),
        (["\\newcommand{\\x}{y}\n", "$\\x$\n"], True),
        (["<!-- open\n", "text -->\n"], True),
        (["- a\n", "    continued\n"], True),
        (["| a |\n|---|\n| 1 |\n", ": caption\n"], True),
        (["# One\n\nText [@a].[^1]\n\n[^1]: Note.\n", "# Two\n\nText [see @b, p. 3].\n"], False),
    ],
    ids=[
        "link",
        "note-label-twice",
        "heading-reference",
        "examples",
        "tex-macro",
        "comment",
        "indented-start",
        "caption",
        "independent",
    ],
)
def test_read_together_when_one_file_reaches_into_another(texts: list[str], together: bool) -> None:
    assert read_together.read_together(texts) is together


def test_files_read_together_when_a_fence_runs_on(tmp_path: Path) -> None:
    files = _files(tmp_path, {"a.md": "Text.\n\n```\nopen code\n", "b.md": "more\n```\n"})
    apart = parse_apart.parse_apart(
        files, [f.read_text() for f in files], root=tmp_path, timeout=60, preamble=None,
        prepared={}, cache=tmp_path / "build", metadata=[],
    )  # fmt: skip
    assert apart is None


def _writers(runs: list[list[str]]) -> int:
    return sum(args[:4] == ["-f", "json", "-t", "html5"] and "--standalone" not in args
               for args in runs)  # fmt: skip


def test_the_pieces_to_write_go_through_one_writer_run(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A footnote in chapter one moves the notes of chapters two and three on: those pieces
    and chapter one are written again, in one run with dummy notes between them, and the page
    is what a piece at a time gives (chapter_html's `_fragment` each)."""
    warm = tmp_path / "warm"
    shutil.copytree(built, warm)
    EDITS["a footnote in chapter one"](warm)
    _forget()
    runs: list[list[str]] = []
    real = pandoc.run

    def counted(args: list[str], **kwargs: object) -> pandoc.PandocResult:
        runs.append(list(args))
        return real(args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pandoc, "run", counted)
    together = _build(warm)
    assert _writers(runs) == 1
    one_by_one = tmp_path / "one-by-one"
    shutil.copytree(built, one_by_one)
    EDITS["a footnote in chapter one"](one_by_one)
    _forget()
    monkeypatch.setattr(chapter_html, "_fragments_together", lambda *args: None)
    runs.clear()
    assert _build(one_by_one) == together
    assert _writers(runs) > 1


def test_one_run_over_every_chapter_keeps_what_a_run_a_chapter_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build filters every chapter in one run (chapter_filter's `_filter_all`): each
    chapter's record, and the page, are what a run a chapter with the whole document's
    numbers gives, so a later save that filters one chapter again fits with the others."""
    runs: list[list[str]] = []
    real = pandoc.run

    def counted(args: list[str], **kwargs: object) -> pandoc.PandocResult:
        runs.append(list(args))
        return real(args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pandoc, "run", counted)
    built: dict[str, tuple[tuple[bytes, bytes], dict[str, object]]] = {}
    for name in ("together", "apart"):
        if name == "apart":
            monkeypatch.setattr(chapter_filter, "_filter_all", lambda *args: None)
        folder = _paper(tmp_path / name)
        _forget()
        runs.clear()
        page = _build(folder)
        kept = folder / "build" / chapter_store.CACHE_DIR
        # the filter's records (the HTML's are keyed by paths in the paper's folder)
        records = {p.name: json.loads(p.read_bytes()) for p in kept.iterdir()}
        built[name] = page, {k: r for k, r in records.items() if "looked" in r or "numbers" in r}
        assert len(built[name][1]) == 4 + 1  # a record a chapter, and the numbers
        filters = sum("--lua-filter" in args for args in runs)
        # chapters two and three refer forward (`@sec:ch4`, `\\@ref(last-words)`)
        assert filters == (1 if name == "together" else 4 + 2)
    assert built["together"][0] == built["apart"][0]
    assert built["together"][1] == built["apart"][1]


def test_a_piece_pandoc_warns_on_is_written_alone_with_its_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writers' one run cannot say which piece a warning is of, so the pieces are written
    one by one then: the page and the findings are the whole document's."""
    folder = _paper(tmp_path / "paper")
    for name in ("02-chapter.md", "03-chapter.md"):
        _edit(name, "## Introduction\n", "## Introduction\n\nBroken math $x^$ here.\n")(folder)
    runs: list[list[str]] = []
    real = pandoc.run

    def counted(args: list[str], **kwargs: object) -> pandoc.PandocResult:
        runs.append(list(args))
        return real(args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pandoc, "run", counted)
    _forget()
    by_chapter = _build(folder)
    report = (folder / "build" / "pandoc-report.json").read_text(encoding="utf-8")
    assert report.count("Could not convert TeX math x^") == 2
    assert _writers(runs) == 1 + 5  # the one run, then each of the five pieces
    monkeypatch.setattr(parse_apart, "parse_apart", lambda *args, **kwargs: None)
    shutil.rmtree(folder / "build")
    _forget()
    assert _build(folder) == by_chapter
    assert not (folder / "build" / chapter_store.CACHE_DIR).exists()  # the whole document's
    assert (folder / "build" / "pandoc-report.json").read_text(encoding="utf-8") == report


def _para(*inlines: object) -> dict[str, object]:
    return {"t": "Para", "c": list(inlines)}


def _note(text: str) -> dict[str, object]:
    return {"t": "Note", "c": [_para({"t": "Str", "c": text})]}


STR = {"t": "Str", "c": "text"}
# Pieces ending and starting as a chapter can: raw HTML and TeX, a tight list's Plain, notes
# after pieces without them and between kept ones (the offsets jump), an empty piece.
PIECES: list[tuple[list[object], int]] = [
    ([_para(STR, _note("one"))], 0),
    ([{"t": "RawBlock", "c": ["tex", "\\newpage"]}], 0),
    ([], 0),
    ([{"t": "RawBlock", "c": ["html", "\n<div>"]}, _para(STR, _note("two"), _note("three"))], 1),
    ([_para(STR), {"t": "RawBlock", "c": ["html", "<!-- end -->"]}], 0),
    ([{"t": "BulletList", "c": [[{"t": "Plain", "c": [STR, {"t": "LineBreak"}]}]]}], 0),
    ([_para(_note("four"))], 7),
    ([{"t": "RawBlock", "c": ["html", "<div>\n"]}], 0),
]


@pytest.mark.parametrize("raw_end", [False, True], ids=["split", "raw-newline-between"])
def test_the_writers_one_run_gives_what_each_piece_alone_gives(
    tmp_path: Path, raw_end: bool
) -> None:
    """chapter_html's `_fragments_together` against `_fragment` a piece at a time; a piece
    ending in raw text with its own newline before another is not split (None)."""
    pieces = PIECES if raw_end else PIECES[:-1]
    if raw_end:
        pieces = [*pieces, ([_para(STR)], 0)]
    setup = chapter_store.Setup([1, 23, 1], tmp_path, 60.0, chapter_store.Store(tmp_path / "build"))
    args = ["-f", "json", "-t", "html5", "--mathml", "--wrap=none"]
    todo = [(i, blocks, offset) for i, (blocks, offset) in enumerate(pieces)]
    together = chapter_html._fragments_together(todo, {}, args, setup)
    if raw_end:
        assert together is None
        return
    alone = [chapter_html._fragment(blocks, offset, {}, args, setup) for _, blocks, offset in todo]
    assert together == alone
    assert [r["notes"] for r in together] == [1, 0, 0, 2, 0, 0, 1]  # type: ignore[union-attr]
