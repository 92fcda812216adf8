"""`doit crossref-xml`: a Crossref deposit (5.3.1) valid against Crossref's schema, with the
citation list, the same bytes for the same inputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from schemakit import CR, crossref_errors
from test_jats import STYLES, _paper

from docbuild.errors import ConfigError
from docbuild.render.crossref_deposit import (
    Citation,
    DepositArticle,
    Depositor,
    batch_id,
    deposit_xml,
    timestamp,
    unstructured,
)
from docbuild.render.frontmatter import FrontMatter

EPOCH = "1688083200"  # 2023-06-30 00:00 UTC


def doit(paper: Path, *tasks: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "doit", *tasks],
        cwd=paper,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module", params=STYLES)
def deposit(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    paper = _paper(tmp_path_factory.mktemp(f"crossref-{request.param}"), request.param)
    doit(paper, "crossref-xml")
    return paper / "build" / "crossref.xml"


def test_the_sample_deposit_is_valid_against_crossref_5_3_1(deposit: Path) -> None:
    assert crossref_errors(deposit) == []


def test_the_deposit_carries_the_article_and_its_citations(deposit: Path) -> None:
    root = etree.parse(str(deposit)).getroot()
    assert root.findtext(f"{CR}head/{CR}timestamp") == "20230630000000"
    assert root.findtext(f"{CR}head/{CR}depositor/{CR}depositor_name") == "GFPR Production Desk"
    article = root.find(f"{CR}body/{CR}journal/{CR}journal_article")
    assert article is not None
    assert article.findtext(f"{CR}doi_data/{CR}doi") == "10.31703/gfpr.2023(VI-III).01"
    assert article.findtext(f"{CR}pages/{CR}first_page") == "1"
    citations = article.findall(f"{CR}citation_list/{CR}citation")
    assert len(citations) == 14
    by_key = {c.get("key"): c for c in citations}
    assert by_key["khan2019"].findtext(f"{CR}doi") == "10.53532/ss.039.03.00107"
    text = by_key["craig2015"].findtext(f"{CR}unstructured_citation") or ""
    assert "Craig" in text and "Pakistan looks to Russia" in text and not text.startswith("[")


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    paper = _paper(tmp_path, "gfpr")
    doit(paper, "crossref-xml")
    first = (paper / "build" / "crossref.xml").read_bytes()
    (paper / "build" / "crossref.xml").unlink()
    doit(paper, "crossref-xml")
    assert (paper / "build" / "crossref.xml").read_bytes() == first


def test_the_schema_rejects_a_broken_deposit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<doi_batch xmlns="http://www.crossref.org/schema/5.3.1" version="5.3.1"><head>'
        "<doi_batch_id>x</doi_batch_id></head><body/></doi_batch>",
        encoding="utf-8",
    )
    errors = crossref_errors(bad)
    assert any("timestamp" in e for e in errors)


def test_a_deposit_without_a_landing_page_names_the_field() -> None:
    front = FrontMatter(title="T", journal_title="J", doi="10.1234/x", year=2023)
    with pytest.raises(ConfigError) as info:
        deposit_xml([DepositArticle(front)], Depositor("D", "d@example.org", "P"), epoch=0)
    assert info.value.message == (
        "the Crossref deposit needs 'article.url', which the front matter does not give"
    )


def test_batch_id_and_timestamp_follow_the_epoch() -> None:
    assert timestamp(1688083200) == "20230630000000"
    assert batch_id(["10.1/a"], 1) == batch_id(["10.1/a"], 1) != batch_id(["10.1/a"], 2)
    assert unstructured("[12]  A. Author,\n  Title.") == "A. Author, Title."
    assert Citation("k", None, "t").doi is None
