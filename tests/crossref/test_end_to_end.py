"""`doit verify-refs` then `doit lint-refs` in a paper folder, as a user runs them.

The sample paper's refs.bib (a copy, data/sample-refs.bib) plus four entries with DOI problems
(data/extra.bib), verified against the local Crossref server; then linted with no network.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from docbuild.crossref.verified import Status
from docbuild.crossref.verified_file import read_verified

REPO = Path(__file__).parents[2]
DATA = Path(__file__).parent / "data"
SAMPLE = ["craig2015", "hussain2015", "hussain2012", "javed2022", "kaura2018", "khalid2021"]
SAMPLE += ["khan2021", "khan2019", "kurita2019", "qingyan2021", "sheikh2023", "tanvir2022"]
SAMPLE += ["chaliha2021", "yousaf2014"]
KEYS = [*SAMPLE, "petrov2020", "rahman2017", "petrova2020", "ivanova2016"]


def make_paper(root: Path, api: str) -> Path:
    bib = (DATA / "sample-refs.bib").read_text(encoding="utf-8")
    bib += (DATA / "extra.bib").read_text(encoding="utf-8")
    (root / "refs.bib").write_text(bib, encoding="utf-8")
    (root / "dodo.py").write_text((REPO / "dodo.py").read_text(encoding="utf-8"), "utf-8")
    (root / "docbuild.toml").write_text(
        f'[crossref]\napi = "{api}"\nmailto = "editor@example.org"\ntimeout = 5.0\n'
        "[registries]\ndatacite = false\nopenalex = false\narxiv = false\n",
        encoding="utf-8",
    )
    (root / "manuscript").mkdir()
    cites = "; ".join(f"@{k}" for k in KEYS)
    (root / "manuscript" / "paper.md").write_text(
        f"---\ntitle: Verification\n---\n\nEverything is cited [{cites}].\n", encoding="utf-8"
    )
    return root


def doit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "doit", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_verify_then_lint_offline(tmp_path, crossref_server):
    paper = make_paper(tmp_path, crossref_server.url)
    verify = doit(paper, "verify-refs")
    assert verify.returncode == 0, verify.stderr
    assert "refs.verified.json: 18 entries checked against Crossref (19 requests" in verify.stdout
    lock = read_verified(paper / "refs.verified.json")
    assert lock is not None and set(lock.entries) == set(KEYS)
    assert lock.entries["hussain2012"].status is Status.FOUND

    sent = crossref_server.recorded.count()
    lint = doit(paper, "lint-refs")
    assert crossref_server.recorded.count() == sent  # lint-refs never asks Crossref
    assert lint.returncode == 1  # the sample paper has errors
    lines = lint.stdout.splitlines()
    added = [
        "refs.bib:35:1: error B005 missing-doi [hussain2012] article has no doi",
        "    fix: doi = {10.5555/jps.2012.19.1.79}  (Crossref match, score 1.00)",
        "refs.bib:121:1: error B005 missing-doi [chaliha2021] article has no doi",
        "    fix: doi = {10.5555/cibg.2021.27.02.120}  (Crossref match, score 0.99)",
        "refs.bib:139:3: error C001 doi-mismatch [petrov2020] doi '10.5555/12345678' is "
        "'Toward a Unified Theory of High-Energy Metaphysics: Silly String Theory' "
        "(Carberry, 2008): title, first author and year differ",
        "    fix: doi = {10.5555/aa.2020.51.3.412}  (Crossref match, score 1.00)",
        "refs.bib:147:3: error C002 retracted [rahman2017] the work was retracted on 2020-03-02 "
        "(notice 10.5555/retraction.2020.002)",
        "refs.bib:154:3: info B007 date-mismatch [petrova2020] year 2020 is the print date; "
        "Crossref's record was issued 2019-11-05",
        "refs.bib:163:3: warning C002 retracted [ivanova2016] the work has an expression of "
        "concern since 2019-07-01 (notice 10.5555/concern-notice.2019.004)",
    ]
    for line in added:
        assert line in lines, line
    # An entry without a confident match keeps the generic advice, which the entries without
    # one share: it is said once, after the findings.
    assert "refs.bib:71:1: warning B005 missing-doi [khan2021] article has no doi" in lines
    advice = "look the DOI up (doit verify-refs, or the publisher's page) and add doi = {10.…}"
    assert f"    fix: {advice}" not in lines
    (shared,) = [line for line in lines if line.endswith(f"(B005 missing-doi): {advice}")]
    assert re.fullmatch(r"  \d+ entries \(B005 missing-doi\): .*", shared)


def test_lint_refs_without_a_lock_adds_nothing(tmp_path, crossref_server):
    paper = make_paper(tmp_path, crossref_server.url)
    lint = doit(paper, "lint-refs")
    assert crossref_server.recorded.count() == 0
    assert " C001 " not in lint.stdout and " C002 " not in lint.stdout
    assert "Crossref match" not in lint.stdout


def test_verify_refs_offline_prints_one_clear_error(tmp_path):
    paper = make_paper(tmp_path, "http://127.0.0.1:9")  # the discard port: nothing listens
    verify = doit(paper, "verify-refs")
    assert verify.returncode != 0
    assert "Traceback" not in verify.stderr + verify.stdout
    assert (
        "error: cannot reach Crossref at http://127.0.0.1:9: [Errno 111] Connection refused\n"
        "  hint: check the network connection and the '[crossref] api' setting in "
        "docbuild.toml; `doit lint-refs` and `doit build` keep working offline with the "
        "existing refs.verified.json\n"
    ) in verify.stderr
    assert not (paper / "refs.verified.json").exists()


def test_apply_dois_writes_the_confident_ones_into_refs_bib(tmp_path, crossref_server):
    paper = make_paper(tmp_path, crossref_server.url)
    assert doit(paper, "verify-refs").returncode == 0
    normalize = doit(paper, "normalize-refs", "--in-place", "--apply-dois")
    assert normalize.returncode == 0, normalize.stderr
    out = normalize.stdout.splitlines()
    assert "chaliha2021: doi = {10.5555/cibg.2021.27.02.120} (from refs.verified.json)" in out
    assert "2 dois from refs.verified.json" in out
    bib = (paper / "refs.bib").read_text(encoding="utf-8")
    assert "  doi     = {10.5555/jps.2012.19.1.79},\n" in bib
    # No guesses: not the best poor candidate, nor the suggestion for a DOI that is wrong.
    assert "10.5555/sa.2015" not in bib and "10.5555/aa.2020" not in bib
    lint = doit(paper, "lint-refs")
    assert "missing-doi [hussain2012]" not in lint.stdout
    assert "missing-doi [chaliha2021]" not in lint.stdout
    assert "missing-doi [khan2021]" in lint.stdout


def test_apply_dois_without_a_lock_says_what_to_do(tmp_path, crossref_server):
    paper = make_paper(tmp_path, crossref_server.url)
    normalize = doit(paper, "normalize-refs", "--apply-dois")
    assert normalize.returncode != 0
    expected = (
        "\nrefs.verified.json: error: no refs.verified.json to take DOIs from\n"
        "  hint: run 'doit verify-refs' first (the only task that uses the network)\n"
    )
    assert expected in normalize.stderr
