"""Manubot's citations (`@doi:10.x`, `[@key]: doi:10.x` tags, manual-references.json) through
the real steps: `doit verify-refs` fetches the DOIs from the local Crossref server into the
lock, the linter reports what nothing resolves (M001, once a key), and the page cites them.

The manuscript is cut from tests/realworld/manuscripts/manubot-governance (tags) and
manubot-contributorship (`@doi:` and `@url:` keys, manual-references.json).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuild.cite.manubot import citation_tags, resolve_citations, standard_id, without_tags
from docbuild.config import load_settings
from docbuild.crossref.verified import Status
from docbuild.crossref.verified_file import read_verified
from docbuild.jobs.lint import lint_settings
from docbuild.jobs.normalize import run_normalize
from docbuild.jobs.pandoc import run_pandoc
from docbuild.jobs.verify import run_verify

TEXT = """---
title: Governance
author: A. Author
---

[@carberry2008]: doi:10.5555/12345678
[@cetina2009]: isbn:0674258940

Governance matters [@carberry2008; @doi:10.5555/12345678] and again [@carberry2008].
Roles follow CRediT [@url:https://casrai.org/credit], see also [@cetina2009; @doi:10.5555/nowhere].
"""
MANUAL = [{"id": "url:https://casrai.org/credit", "type": "webpage", "title": "CRediT"}]


def make_paper(root: Path, api: str) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "02.main-text.md").write_text(TEXT, encoding="utf-8")
    (root / "content" / "manual-references.json").write_text(json.dumps(MANUAL), encoding="utf-8")
    (root / "refs.bib").write_text("", encoding="utf-8")
    (root / "docbuild.toml").write_text(
        'style = "preprint"\nmanuscript = ["content/*.md"]\n'
        f'[crossref]\napi = "{api}"\nrate = 500.0\ntimeout = 2.0\n'
        "[registries]\ndatacite = false\nopenalex = false\narxiv = false\n",
        encoding="utf-8",
    )
    return root


def built_page(root: Path) -> str:
    """build/pandoc.html, after normalize-refs and the pandoc step."""
    settings = load_settings(root)
    (root / "build").mkdir(exist_ok=True)
    assert run_normalize(settings, in_place=False)
    assert run_pandoc(settings)
    return (root / "build" / "pandoc.html").read_text(encoding="utf-8")


def m001(root: Path) -> list[str]:
    result = lint_settings(load_settings(root))
    return [d.format(root) for d in result.findings if d.rule == "M001"]


def test_identifiers_and_tags_are_standardised() -> None:
    tags = citation_tags([(Path("a.md"), TEXT)])
    assert tags == {"carberry2008": "doi:10.5555/12345678", "cetina2009": "isbn:0674258940"}
    assert standard_id("carberry2008", tags) == "doi:10.5555/12345678"
    assert standard_id("doi:10.1097/ACM.0000000000001261", {}) == "doi:10.1097/acm.0000000000001261"
    assert standard_id("https://example.org/x", {}) == "url:https://example.org/x"
    assert standard_id("khan2019", tags) is None  # an ordinary .bib key
    found = resolve_citations(
        ["url:https://casrai.org/credit", "cetina2009", "khan2019"], tags, MANUAL, {}
    )
    assert found.items == ({**MANUAL[0], "id": "url:https://casrai.org/credit"},)
    assert found.missing == (("cetina2009", "isbn:0674258940"),)
    assert found.renamed == ()


def test_keys_of_one_standard_id_resolve_to_one_item() -> None:
    """A tag and the identifier it stands for (any spelling Manubot standardises alike) are
    one item, under the key cited first; nothing resolved, each key is missing on its own."""
    tags = citation_tags([(Path("a.md"), TEXT)])
    credit = "https://casrai.org/credit"
    keys = ["carberry2008", "doi:10.5555/12345678", "url:" + credit, credit, "doi:10.5555/X"]
    found = resolve_citations(keys, tags, MANUAL, {})
    assert found.items == ({**MANUAL[0], "id": "url:" + credit},)
    assert found.renamed == ((credit, "url:" + credit),)
    assert found.missing == (
        ("carberry2008", "doi:10.5555/12345678"),
        ("doi:10.5555/12345678", "doi:10.5555/12345678"),
        ("doi:10.5555/X", "doi:10.5555/x"),
    )
    assert found.resolved == {"url:" + credit, credit}


def test_verify_refs_fetches_the_dois_and_the_page_cites_them(tmp_path: Path, crossref_server):
    root = make_paper(tmp_path / "paper", crossref_server.url)
    before = m001(root)
    assert before == [
        "content/02.main-text.md:9:21: error M001 undefined-citation citation '@carberry2008'"
        " is the DOI 10.5555/12345678, which docbuild has not looked up yet",
        "content/02.main-text.md:9:36: error M001 undefined-citation citation"
        " '@doi:10.5555/12345678' is the DOI 10.5555/12345678, which docbuild has not looked up"
        " yet",
        "content/02.main-text.md:10:65: error M001 undefined-citation citation '@cetina2009'"
        " is isbn:0674258940, which docbuild does not look up (isbn)",
        "content/02.main-text.md:10:78: error M001 undefined-citation citation"
        " '@doi:10.5555/nowhere' is the DOI 10.5555/nowhere, which docbuild has not looked up yet",
    ]
    settings = load_settings(root)
    assert run_verify(settings, refresh=False)
    lock = read_verified(root / "refs.verified.json")
    assert lock is not None
    assert lock.entries["doi:10.5555/12345678"].status is Status.CONFIRMED
    assert lock.entries["doi:10.5555/nowhere"].status is Status.UNKNOWN_DOI
    assert m001(root) == [
        "content/02.main-text.md:10:65: error M001 undefined-citation citation '@cetina2009'"
        " is isbn:0674258940, which docbuild does not look up (isbn)",
        "content/02.main-text.md:10:78: error M001 undefined-citation citation"
        " '@doi:10.5555/nowhere' is the DOI 10.5555/nowhere, of which Crossref has no record",
    ]
    page = built_page(root)
    # The tag and the DOI it stands for are one work: one reference, cited as one.
    assert page.count("Toward a Unified Theory of High-Energy Metaphysics") == 1
    assert page.count('id="ref-carberry2008"') == 1
    assert "2008a" not in page and "2008b" not in page
    assert 'id="ref-doi:10.5555/12345678"' not in page
    assert "CRediT" in page
    assert "carberry2008?" not in page and "(carberry2008" not in page
    # The tag lines define keys: not printed (as citations followed by their targets).
    assert ": isbn:0674258940" not in page and ": doi:10.5555/12345678" not in page


def test_tag_lines_are_blanked_only_as_a_block_of_their_own() -> None:
    text = "[@a]: doi:10.1/x\n[@b]: https://e.org/\n\nText [@a].\nSee\n[@b]: not a tag here\n"
    blanked = without_tags(text)
    assert blanked == "\n\n\nText [@a].\nSee\n[@b]: not a tag here\n"
    assert blanked.count("\n") == text.count("\n")  # pandoc's line numbers stay the file's
    assert without_tags("no tags [@a]: here\n") == "no tags [@a]: here\n"


def test_an_arxiv_citation_is_fetched_from_arxiv(tmp_path: Path, registry_server) -> None:
    """`@arxiv:2203.01234` (Manubot's spelling) against the registry stand-in's arXiv."""
    from registry.sample import RECORDS

    registry_server.load(RECORDS)
    root = tmp_path / "paper"
    (root / "content").mkdir(parents=True)
    text = (
        "---\ntitle: T\nauthor: A. Author\n---\n\nSparse [@arxiv:2203.01234; @arxiv:2999.99999].\n"
    )
    (root / "content" / "main.md").write_text(text, encoding="utf-8")
    (root / "refs.bib").write_text("", encoding="utf-8")
    (root / "docbuild.toml").write_text(
        'style = "preprint"\nmanuscript = ["content/*.md"]\n'
        f'[crossref]\napi = "{registry_server.crossref}"\ntimeout = 5.0\n'
        f"[registries]\ndatacite = false\nopenalex = false\n"
        f'arxiv = {{api = "{registry_server.arxiv}", rate = 50}}\n',
        encoding="utf-8",
    )
    assert m001(root) == [
        "content/main.md:6:9: error M001 undefined-citation citation '@arxiv:2203.01234' is the"
        " arXiv preprint 2203.01234, which docbuild has not looked up yet",
        "content/main.md:6:28: error M001 undefined-citation citation '@arxiv:2999.99999' is the"
        " arXiv preprint 2999.99999, which docbuild has not looked up yet",
    ]
    settings = load_settings(root)
    assert run_verify(settings, refresh=False)
    assert m001(root) == [
        "content/main.md:6:28: error M001 undefined-citation citation '@arxiv:2999.99999' is the"
        " arXiv preprint 2999.99999, of which arXiv has no record",
    ]
    assert "Sparse Attention for Tangled Sequences" in built_page(root)


def test_one_work_cited_two_ways_in_two_files_is_one_reference(
    tmp_path: Path, crossref_server
) -> None:
    """The chapters rendered a file at a time (render/chapters.py): the key of the tag in one
    file and the DOI in another are still one reference, and an edit to the tag (the DOI's
    key now cited first elsewhere) is not served from what was kept for the chapter."""
    root = make_paper(tmp_path / "paper", crossref_server.url)
    more = root / "content" / "03.more.md"
    more.write_text("# More\n\nAgain [@doi:10.5555/12345678].\n", encoding="utf-8")
    assert run_verify(load_settings(root), refresh=False)
    page = built_page(root)
    assert page.count("Toward a Unified Theory of High-Energy Metaphysics") == 1
    assert page.count('href="#ref-carberry2008"') == 4  # three in 02, one in 03
    main = root / "content" / "02.main-text.md"
    main.write_text(main.read_text(encoding="utf-8").replace("carberry2008", "carb"), "utf-8")
    page = built_page(root)
    assert page.count("Toward a Unified Theory of High-Energy Metaphysics") == 1
    assert page.count('href="#ref-carb"') == 4 and "carberry2008" not in page


def test_the_abstract_s_citation_of_the_work_is_the_same_reference(
    tmp_path: Path, crossref_server
) -> None:
    """An opening `## Abstract` goes into the masthead (render/abstract.py): its citations
    are renamed with the body's, so the work is one reference cited under one key."""
    root = make_paper(tmp_path / "paper", crossref_server.url)
    main = root / "content" / "02.main-text.md"
    text = main.read_text(encoding="utf-8").replace(
        "---\n\n[@carberry2008]",
        "---\n\n## Abstract\n\nWe revisit [@doi:10.5555/12345678], as [@carberry2008] did.\n\n"
        "## Main\n\n[@carberry2008]",
    )
    main.write_text(
        text.replace("[@carberry2008; @doi:10.5555/12345678]", "[@carberry2008]"), "utf-8"
    )
    assert run_verify(load_settings(root), refresh=False)
    page = built_page(root)
    assert page.count("Toward a Unified Theory of High-Energy Metaphysics") == 1
    # The key cited first (the abstract's, in the masthead) names the work everywhere.
    masthead = page.split("We revisit", 1)[1].split("</p>", 1)[0]
    assert 'href="#ref-doi:10.5555/12345678"' in masthead
    assert page.count('id="ref-doi:10.5555/12345678"') == 1
    assert "#ref-carberry2008" not in page and "carberry2008?" not in page


def _journal(meta: dict[str, object]) -> None:
    """What a journal adds for its Crossref deposit (as `docbuild issue` does)."""

    def value(v: object) -> dict[str, object]:
        if isinstance(v, dict):
            return {"t": "MetaMap", "c": {k: value(x) for k, x in v.items()}}
        return {"t": "MetaString", "c": str(v)}

    meta["journal"] = value(
        {
            "title": "Global Foreign Policies Review",
            "pissn": "2708-3586",
            "publisher-name": "Humanity Only",
            "depositor": {"name": "GFPR Production Desk", "email": "production@example.org"},
        }
    )
    meta["article"] = value({"doi": "10.31703/gfpr.test", "url": "https://example.org/a"})
    meta["date"] = value("2023-06-01")


def test_every_edition_prints_the_works_the_lock_gives(
    tmp_path: Path, crossref_server, capsys: pytest.CaptureFixture[str]
) -> None:
    """JATS, DOCX, the Crossref deposit and check-citations read the references the page
    prints (jobs/references.py): the lock's work once, under one key, and
    manual-references.json's."""
    import zipfile

    from docbuild.jobs.check_citations import run_check_citations
    from docbuild.jobs.crossref_xml import run_crossref_xml
    from docbuild.jobs.docx import run_docx
    from docbuild.jobs.jats import run_jats

    root = make_paper(tmp_path / "paper", crossref_server.url)
    settings = load_settings(root)
    assert run_verify(settings, refresh=False)
    page = built_page(root)
    assert run_jats(settings) and run_docx(settings)
    assert run_crossref_xml(settings, edit_meta=_journal)
    build = root / "build"
    jats = (build / "paper.jats.xml").read_text(encoding="utf-8")
    deposit = (build / "crossref.xml").read_text(encoding="utf-8")
    with zipfile.ZipFile(build / "paper.docx") as z:
        docx = z.read("word/document.xml").decode("utf-8")
    title = "Toward a Unified Theory of High-Energy Metaphysics"
    for edition in (page, jats, docx):
        assert edition.count(title) == 1
        assert "CRediT" in edition
        assert "carberry2008?" not in edition and "url:https://casrai.org/credit?" not in edition
    assert jats.count('<ref id="ref-') == page.count('<div id="ref-') == 2
    assert docx.count('<w:pStyle w:val="Bibliography" />') == 2
    assert deposit.count("<citation key=") == 2
    # A work with a DOI is deposited by its DOI alone; one without, by its printed text.
    assert '<citation key="carberry2008"><doi>10.5555/12345678</doi>' in deposit
    assert "<unstructured_citation>CRediT. (n.d.).</unstructured_citation>" in deposit
    capsys.readouterr()
    assert run_check_citations(settings)
    said = capsys.readouterr()  # the count: on stderr where citeproc-py differs
    assert "4 citations, 2 references (apa.csl)" in said.out + said.err


CONTEXT_REVIEW = Path(__file__).parents[1] / "realworld" / "excerpts" / "context-review"


def test_a_plain_key_is_answered_by_its_manual_item_as_manubot_reads_it(tmp_path: Path) -> None:
    """AdaptInfer/context-review (tests/realworld/excerpts/context-review) cites
    `[@vapnik1991principles]`, whose CSL item is in manual-references.json with that id:
    Manubot reads the key as `raw:vapnik1991principles`. docbuild said "citation
    vapnik1991principles not found" for all sixteen such keys. A key refs.bib has keeps its
    .bib entry; one neither has is still M001."""
    root = tmp_path / "paper"
    (root / "content").mkdir(parents=True)
    for name in ("10.invariant.md", "manual-references.json"):
        (root / "content" / name).write_bytes((CONTEXT_REVIEW / name).read_bytes())
    extra = "\nAs in [@raw:higgins2017betavae; @Fisher1949Design; @khan2019; @nowhere2020].\n"
    with (root / "content" / "10.invariant.md").open("a", encoding="utf-8") as f:
        f.write(extra)
    (root / "refs.bib").write_text(
        "@book{Fisher1949Design, author = {Nobody, Else}, title = {The Bib's Own Design},"
        " publisher = {P}, year = {1949}}\n"
        "@book{khan2019, author = {Khan, B.}, title = {A Book}, publisher = {P}, year = {2019}}\n",
        encoding="utf-8",
    )
    (root / "content" / "metadata.yaml").write_text(
        "title: Context-Adaptive Inference\nauthors:\n  - name: Ben Lengerich\n", "utf-8"
    )
    (root / "docbuild.toml").write_text(
        'style = "preprint"\nmanuscript = ["content/*.md"]\nmetadata = ["content/metadata.yaml"]\n',
        encoding="utf-8",
    )
    page = built_page(root)
    assert "Principles of risk minimization for learning theory" in page
    assert "beta-VAE" in page  # `@raw:higgins2017betavae`, the id written with its source
    assert "The Bib\u2019s Own Design" in page and "The Design of Experiments" not in page
    assert 'href="#ref-vapnik1991principles"' in page
    assert m001(root) == [
        "content/10.invariant.md:6:63: error M001 undefined-citation citation '@nowhere2020'"
        " has no entry in refs.bib"
    ]
