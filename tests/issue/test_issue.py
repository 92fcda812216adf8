"""`docbuild issue`: six papers (the sample and five generated ones) built into one issue
with continuous pages, checked from the PDFs; a rebuild redoes only what changed."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from issuekit import copy_sample, make_paper, write_body, write_issue
from lxml import etree
from PIL import Image
from schemakit import CR, crossref_errors, jats_dtd_errors

CORPUS = Path(__file__).parents[1] / "realworld" / "manuscripts"
EPOCH = "1688083200"
# Paragraph counts: papers of different lengths (about nine paragraphs fill a page).
LENGTHS = [4, 14, 24, 8, 30]
PAPERS = ["sample", *(f"paper{n}" for n in range(2, 7))]


def docbuild_issue(issue: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docbuild.cli", "issue", str(issue)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def _printed_numbers(pdf: Path) -> list[list[str]]:
    """Each page's last number-only token in reading order: the folio (gfpr prints it last)."""
    out = []
    for page in pypdf.PdfReader(pdf).pages:
        tokens = re.findall(r"(?<![\w.,–-])\d{1,3}(?![\w.,–-])", page.extract_text() or "")
        out.append(tokens)
    return out


Issue = tuple[Path, subprocess.CompletedProcess[str], dict[str, str]]


@pytest.mark.slow  # 73 s at load 5 (bench/RESULTS.md, the test suite): the quick loop's longest
def test_an_issue_of_six_papers(tmp_path: Path) -> None:
    """One issue built once, then checked in turn (this build is among the slowest things in
    the suite)."""
    issue = _build(tmp_path)
    check_six_papers_get_continuous_pages(issue)
    check_each_paper_pdf_prints_its_own_page_numbers(issue)
    check_the_issue_pdf_has_contents_bookmarks_and_page_labels(issue)
    check_the_issue_deposit_is_valid_and_has_every_article(issue)
    check_each_paper_s_jats_carries_its_issue_pages(issue)
    check_no_paper_s_files_are_written(issue)
    check_a_rebuild_redoes_only_what_changed_and_renumbers_what_follows(issue)


def _build(root: Path) -> Issue:
    copy_sample(root / "sample")
    for n, paragraphs in zip(range(2, 7), LENGTHS, strict=True):
        make_paper(root / f"paper{n}", n, paragraphs)
    before = {p: _tree_digest(root / p) for p in PAPERS}
    done = docbuild_issue(write_issue(root, PAPERS, first_page=11))
    return root, done, before


def _manifest(root: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))


def check_six_papers_get_continuous_pages(issue: Issue) -> None:
    root, done, _ = issue
    assert done.returncode == 0, done.stderr
    papers = _manifest(root)["papers"]
    assert [p["status"] for p in papers] == ["ok"] * 6
    assert papers[0]["fpage"] == 11
    for before, after in itertools.pairwise(papers):
        assert after["fpage"] == before["lpage"] + 1
    assert len({p["pages"] for p in papers}) >= 3  # the lengths differ


def check_each_paper_pdf_prints_its_own_page_numbers(issue: Issue) -> None:
    root, _, _ = issue
    for paper in _manifest(root)["papers"]:
        pdf = root / "build" / paper["pdf"]
        pages = _printed_numbers(pdf)
        assert len(pages) == paper["pages"]
        for offset, tokens in enumerate(pages):
            assert str(paper["fpage"] + offset) in tokens, (paper["title"], offset, tokens)
        text = pypdf.PdfReader(pdf).pages[0].extract_text() or ""
        printed = (
            f"{paper['fpage']} – {paper['lpage']}" if paper["pages"] > 1 else str(paper["fpage"])
        )
        assert printed in " ".join(text.split()), text[:400]


def check_the_issue_pdf_has_contents_bookmarks_and_page_labels(issue: Issue) -> None:
    root, _, _ = issue
    papers = _manifest(root)["papers"]
    reader = pypdf.PdfReader(root / "build" / "issue.pdf")
    toc_pages = len(pypdf.PdfReader(root / "build" / "toc.pdf").pages)
    assert len(reader.pages) == toc_pages + sum(p["pages"] for p in papers)
    expected = [str(n) for n in range(11, papers[-1]["lpage"] + 1)]
    assert reader.page_labels[toc_pages:] == expected
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == ["Contents", *(p["title"] for p in papers)]
    contents = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Between Two Capitals" in contents and "Generated Paper Number 6" in contents
    longer = next(p for p in papers[1:] if p["pages"] > 1)
    assert f"{longer['fpage']}–{longer['lpage']}" in contents
    html = (root / "build" / "toc.html").read_text(encoding="utf-8")
    assert 'href="papers/01-sample/paper.pdf"' in html


def check_the_issue_deposit_is_valid_and_has_every_article(issue: Issue) -> None:
    root, _, _ = issue
    deposit = root / "build" / "crossref.xml"
    assert crossref_errors(deposit) == []
    doc = etree.parse(str(deposit)).getroot()
    articles = doc.findall(f"{CR}body/{CR}journal/{CR}journal_article")
    assert len(articles) == 6
    firsts = [a.findtext(f"{CR}pages/{CR}first_page") for a in articles]
    assert firsts == [str(p["fpage"]) for p in _manifest(root)["papers"]]
    assert doc.findtext(f"{CR}body/{CR}journal/{CR}journal_issue/{CR}issue") == "III"


def check_each_paper_s_jats_carries_its_issue_pages(issue: Issue) -> None:
    root, _, _ = issue
    paper = _manifest(root)["papers"][2]
    jats = root / "build" / Path(paper["pdf"]).parent / "paper.jats.xml"
    assert jats_dtd_errors(jats) == []
    meta = etree.parse(str(jats)).getroot().find("front/article-meta")
    assert meta is not None
    assert (meta.findtext("volume"), meta.findtext("fpage"), meta.findtext("lpage")) == (
        "VI",
        str(paper["fpage"]),
        str(paper["lpage"]),
    )


def check_no_paper_s_files_are_written(issue: Issue) -> None:
    root, _, before = issue
    assert {p: _tree_digest(root / p) for p in PAPERS} == before
    assert not any((root / p / "build").exists() for p in PAPERS)


def check_a_rebuild_redoes_only_what_changed_and_renumbers_what_follows(issue: Issue) -> None:
    root, _, _ = issue
    issue_file = root / "ISSUE.toml"
    old = _manifest(root)["papers"]
    again = docbuild_issue(issue_file)
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("(up to date)") == 6
    assert _manifest(root)["papers"] == old
    write_body(root / "paper3", LENGTHS[1] + 12)  # paper 3 grows by more than a page
    third = docbuild_issue(issue_file)
    assert third.returncode == 0, third.stderr
    lines = {line.split(":")[0]: line for line in third.stderr.splitlines() if "pages " in line}
    assert "(up to date)" in lines["sample"] and "(up to date)" in lines["paper2"]
    for name in ("paper3", "paper4", "paper5", "paper6"):
        assert "(built)" in lines[name], third.stderr
    new = _manifest(root)["papers"]
    assert new[2]["pages"] > old[2]["pages"]
    shift = new[2]["pages"] - old[2]["pages"]
    assert [p["fpage"] for p in new[3:]] == [p["fpage"] + shift for p in old[3:]]
    for before, after in itertools.pairwise(new):
        assert after["fpage"] == before["lpage"] + 1


def test_a_failing_paper_is_reported_and_the_others_are_built(tmp_path: Path) -> None:
    """And a paper with a PDF figure (joss-iondiff's `figure.pdf`) is built outside its folder:
    before, its PNG, made in the issue's build/, stopped it with a traceback."""
    good = make_paper(tmp_path / "good", 1, 3)
    shutil.copy(CORPUS / "joss-iondiff" / "paper" / "figure.pdf", good / "manuscript")
    write_body(good, 3)
    body = good / "manuscript" / "01-body.md"
    text = body.read_text(encoding="utf-8")
    figure = "![Diffusion paths.](manuscript/figure.pdf){width=60%}\n\n"
    body.write_text(text.replace("# References", figure + "# References"), encoding="utf-8")
    bad = make_paper(tmp_path / "bad", 2, 3)
    front = bad / "manuscript" / "00-front.md"
    front.write_text(
        front.read_text(encoding="utf-8").replace("  pissn: 2708-3586", "  pissn: 2708-3587"),
        encoding="utf-8",
    )
    make_paper(tmp_path / "after", 3, 3)
    sent = tmp_path / "sent" / "paper"  # a JOSS paper as its authors sent it: not set up
    sent.mkdir(parents=True)
    (sent / "paper.md").write_text("---\ntitle: Sent\n---\n\nText.\n", encoding="utf-8")
    listed = ["good", "bad", "after", "missing", "sent"]
    done = docbuild_issue(write_issue(tmp_path, listed))
    assert done.returncode == 1
    assert "'journal.pissn' is '2708-3587', which is not a valid ISSN" in done.stderr
    assert "is not a paper folder" in done.stderr
    assert f"is set up with 'docbuild init --dir {tmp_path / 'sent'}'" in done.stderr
    papers = _manifest(tmp_path)["papers"]
    assert [p["status"] for p in papers] == ["ok", "failed", "ok", "failed", "failed"]
    assert papers[1]["reason"] == "'journal.pissn' is '2708-3587', which is not a valid ISSN"
    assert papers[2]["fpage"] == papers[0]["lpage"] + 1
    assert "2 of 5 papers" in done.stderr
    slot = tmp_path / "build" / "papers" / "01-good"
    [png] = (slot / "figures").glob("figure-*.png")
    assert f'<img src="figures/{png.name}"' in (slot / "pandoc.html").read_text(encoding="utf-8")
    pictures = [i for p in pypdf.PdfReader(slot / "paper.pdf").pages for i in p.images]
    assert any(i.image.size == Image.open(png).size for i in pictures)
    assert not (good / "build").exists()  # nothing written in the paper's own folder
