"""The sample paper at the top of the repository: refs.bib keeps its printed defects, the
manuscript cites every entry, has its figure, table and cross-references, and is our own text."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import bibtexparser
import pypandoc
import pytest

from docbuild.bib.problems import UNREADABLE
from docbuild.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
REFS = ROOT / "refs.bib"
MANUSCRIPT = ROOT / "manuscript"
SEED = ROOT.parent / "shared" / "seed" / "article.txt"

EXPECTED_KEYS = [
    "craig2015",
    "hussain2015",
    "hussain2012",
    "javed2022",
    "kaura2018",
    "khalid2021",
    "khan2021",
    "khan2019",
    "kurita2019",
    "qingyan2021",
    "sheikh2023",
    "tanvir2022",
    "chaliha2021",
    "yousaf2014",
]
CROSSREF_PREFIXES = ("fig:", "tbl:", "sec:", "eq:")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# A pandoc citation key after `@` (see docbuild.cite.keys for the full grammar).
PANDOC_KEY = re.compile(r"(?<![\w.@/\\:])-?@(\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*)")


def _body_files() -> list[Path]:
    return sorted(MANUSCRIPT.glob("*.md"))


def _body_text() -> str:
    """The manuscript without its YAML front matter."""
    return "\n\n".join(FRONT_MATTER.sub("", p.read_text(encoding="utf-8")) for p in _body_files())


def _pandoc_ast() -> dict[str, object]:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in _body_files())
    return json.loads(pypandoc.convert_text(text, "json", format="markdown"))


def _walk(node: object) -> list[dict[str, object]]:
    """Every pandoc AST element below `node`, depth first."""
    found: list[dict[str, object]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "t" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _ids(ast: dict[str, object], element: str) -> set[str]:
    # Header, Table and Figure all carry their attributes first: [id, classes, pairs].
    out = set()
    for el in _walk(ast["blocks"]):
        if el["t"] == element:
            content = el["c"]
            attr = content[1] if element == "Header" else content[0]
            out.add(attr[0])
    return out


# --- refs.bib ---------------------------------------------------------------------------


def test_refs_bib_parses_with_bibtexparser_and_has_the_expected_keys() -> None:
    library = bibtexparser.parse_file(str(REFS))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == EXPECTED_KEYS


def test_refs_bib_parses_with_our_reader() -> None:
    read = pytest.importorskip("docbuild.bib.read", reason="docbuild.bib.read is being written")
    bibliography = read.parse_bib(REFS.read_text(encoding="utf-8"), REFS)
    assert [p for p in bibliography.problems if p.kind in UNREADABLE] == []
    assert [e.key for e in bibliography.entries] == EXPECTED_KEYS


@pytest.mark.parametrize(
    "written",
    [
        "date         = {2022, 2 23}",
        "doi         = {https://doi.org/10.48561/375h-qav7}",
        "author       = {Kaura , V.}",
        "month        = {september}",
        "author  = {Hussain, N and Fatima, Q.}",
        "title   = {PAK-RUSSIAN RELATIONS: HISTORICAL LEGACIES AND NEW BEGINNING}",
        "journal = {Journal of Area Study Center(Russia, China & Central Asia)}",
        "date         = {2023-02-01}",
        "url          = {https://thediplomat.com/2023/01/do-pakistan-russia-ties-have-a-future/}",
        "title   = {Russia- Pakistan Strategic Relations: An Emerging Entente Cordiale}",
        "title   = {Russia'Interest In Pakistan And Its Implications On India}",
        "url     = {https://www.questia.com/library/",
        "pages   = {89-104}",
    ],
)
def test_refs_bib_keeps_the_printed_defects(written: str) -> None:
    assert written in REFS.read_text(encoding="utf-8")


def test_entries_without_doi_in_print_have_none_in_refs_bib() -> None:
    library = bibtexparser.parse_file(str(REFS))
    with_doi = sorted(e.key for e in library.entries if "doi" in e.fields_dict)
    assert with_doi == ["khalid2021", "khan2019"]


def test_entries_printed_without_container_have_none() -> None:
    library = bibtexparser.parse_file(str(REFS))
    containers = ("journal", "journaltitle", "organization", "institution", "publisher")
    bare = sorted(e.key for e in library.entries if not any(c in e.fields_dict for c in containers))
    assert bare == ["tanvir2022", "yousaf2014"]


# --- the manuscript ---------------------------------------------------------------------


def test_the_manuscript_is_split_into_front_matter_and_body_files() -> None:
    names = [p.name for p in _body_files()]
    assert names[0] == "00-front.md"
    assert 3 <= len(names) <= 5
    settings = load_settings(ROOT)
    assert settings.manuscript_files() == _body_files()
    assert settings.style == "gfpr"


def test_every_entry_is_cited_and_every_citation_has_an_entry() -> None:
    keys = {m[1] for m in PANDOC_KEY.finditer(_body_text())}
    cited = {k for k in keys if not k.startswith(CROSSREF_PREFIXES)}
    assert cited == set(EXPECTED_KEYS)


def test_word_count_is_about_two_thousand() -> None:
    text = _body_text()
    text = re.sub(r"\{[#.][^}]*\}", " ", text)  # attributes
    text = re.sub(r"\[-?@[^\]]*\]", " ", text)  # bracketed citations
    text = re.sub(r"^\|.*\|$", " ", text, flags=re.M)  # table rows
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link and image targets
    words = re.findall(r"[A-Za-z0-9][\w'’.-]*", text)
    assert 1800 <= len(words) <= 2400, len(words)


def test_front_matter_uses_the_jats_vocabulary() -> None:
    meta = _pandoc_ast()["meta"]
    assert set(meta) >= {
        "title",
        "author",
        "affiliation",
        "journal",
        "article",
        "date",
        "keywords",
        "abstract",
    }
    journal = meta["journal"]["c"]
    assert _plain(journal["title"]) == "Global Foreign Policies Review"
    article = meta["article"]["c"]
    assert {k: _plain(v) for k, v in article.items()} == {
        "volume": "VI",
        "issue": "III",
        "fpage": "1",
        "doi": "10.31703/gfpr.2023(VI-III).01",
        "url": "https://www.gfprjournal.com/article/between-two-capitals",
    }
    authors = meta["author"]["c"]
    assert [set(a["c"]) >= {"name", "affiliation", "email"} for a in authors] == [True, True]
    assert "cor-id" in authors[0]["c"]
    assert _plain(meta["date"]) == "Summer 2023"


def _plain(value: dict[str, object]) -> str:
    """The text of a pandoc MetaInlines/MetaString value."""
    if value["t"] == "MetaString":
        return str(value["c"])
    out = []
    for el in value["c"]:
        if el["t"] == "Str":
            out.append(el["c"])
        elif el["t"] == "Space":
            out.append(" ")
    return "".join(out)


def test_figure_and_table_exist_and_are_cross_referenced() -> None:
    ast = _pandoc_ast()
    assert "fig:timeline" in _ids(ast, "Figure")
    assert "tbl:contacts" in _ids(ast, "Table")
    sections = _ids(ast, "Header")
    body = _body_text()
    assert (MANUSCRIPT / "figures" / "timeline.svg").is_file()
    assert "![" in body and "](manuscript/figures/timeline.svg){#fig:timeline}" in body
    for ref in ("@fig:timeline", "@tbl:contacts"):
        assert ref in body
    referenced_sections = {m[1] for m in PANDOC_KEY.finditer(body) if m[1].startswith("sec:")}
    assert referenced_sections
    assert referenced_sections <= sections


def test_there_is_a_footnote() -> None:
    ast = _pandoc_ast()
    assert any(el["t"] == "Note" for el in _walk(ast["blocks"]))


def test_the_text_defects_the_linter_is_for_are_present_once() -> None:
    body = _body_text()
    assert body.count("$300 in aid") == 1
    # The hand-typed citation of a converted Word file, its year a link to nowhere.
    assert body.count("(Kurita, [2019](#))") == 1
    assert body.count("Khan (2020) [@khan2021]") == 1
    assert body.count("](#)") == 1
    # Only one hand-typed author-year citation: every other citation is pandoc's.
    typed = re.findall(r"\([A-Z][a-z]+(?: & [A-Z][a-z]+)?, (?:\d{4}|\[\d{4}\]\(#\))\)", body)
    assert typed == ["(Kurita, [2019](#))"]


def test_the_dollar_figure_is_text_not_math() -> None:
    ast = _pandoc_ast()
    maths = [el["c"][1] for el in _walk(ast["blocks"]) if el["t"] == "Math"]
    assert not any("300" in tex for tex in maths)  # the one equation (@eq:share) is math
    assert any("s_t" in tex for tex in maths)


def test_the_manuscript_shares_no_eight_word_run_with_the_seed_article() -> None:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not here ({SEED})")
    seed = _shingles(SEED.read_text(encoding="utf-8"), 8)
    ours = _shingles(_body_text(), 8)
    assert sorted(" ".join(s) for s in seed & ours) == []


def _shingles(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


# --- the figure -------------------------------------------------------------------------


def _make_figure() -> ModuleType:
    path = ROOT / "scripts" / "make_figure.py"
    spec = importlib.util.spec_from_file_location("make_figure", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is being created.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_committed_figure_is_what_the_script_draws() -> None:
    """Regenerate with: python scripts/make_figure.py"""
    module = _make_figure()
    committed = (MANUSCRIPT / "figures" / "timeline.svg").read_text(encoding="utf-8")
    assert committed == module.render_timeline()


def test_the_figure_script_check_mode_reports_staleness(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = _make_figure()
    stale = tmp_path / "timeline.svg"
    stale.write_text("<svg/>\n", encoding="utf-8")
    module.OUTPUT = stale
    assert module.main(["--check"]) == 1
    assert capsys.readouterr().err == (
        f"{stale} is out of date: run python scripts/make_figure.py\n"
    )
    assert module.main([]) == 0
    assert module.main(["--check"]) == 0


def test_the_figure_labels_do_not_overlap() -> None:
    module = _make_figure()
    baselines = sorted(module.place_labels(module.EVENTS))
    gaps = [b - a for a, b in itertools.pairwise(baselines)]
    assert min(gaps) >= module.LINE_GAP


def test_the_figure_names_a_font_every_shipped_style_declares() -> None:
    """The PDF may use no font of the machine's; WeasyPrint 70 reads an SVG font list only
    when it is unquoted."""
    from docbuild.style import PACKAGE_STYLES

    svg = (MANUSCRIPT / "figures" / "timeline.svg").read_text(encoding="utf-8")
    m = re.search(r'font-family="([^"]*)"', svg)
    assert m is not None
    assert "'" not in m[1]
    families = {f.strip() for f in m[1].split(",")}
    for css in sorted(PACKAGE_STYLES.glob("*/print.css")):
        declared = set(re.findall(r'@font-face\s*{[^}]*font-family:\s*"([^"]+)"', css.read_text()))
        assert families & declared, css.parent.name
