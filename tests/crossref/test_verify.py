"""`run_verify` on the sample paper's refs.bib (plus four entries with DOI problems) against
the local Crossref server: the lock, the report, resuming, --refresh, and offline."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.crossref.verified import Status, Verification, VerifiedRefs
from docbuild.crossref.verified_file import read_verified
from docbuild.errors import NetworkError
from docbuild.jobs.verify import Progress, run_verify, summarize

DATA = Path(__file__).parent / "data"
SAMPLE_KEYS = 14  # data/sample-refs.bib: a copy of the sample paper's refs.bib
# one request per entry, and a search for the right DOI of petrov2020 (whose DOI is wrong)
REQUESTS = SAMPLE_KEYS + 4 + 1


def make_paper(root: Path, api: str) -> Path:
    sample = (DATA / "sample-refs.bib").read_text(encoding="utf-8")
    extra = (DATA / "extra.bib").read_text(encoding="utf-8")
    (root / "refs.bib").write_text(sample + extra, encoding="utf-8")
    (root / "docbuild.toml").write_text(
        f'[crossref]\napi = "{api}"\nmailto = "editor@example.org"\nrate = 500.0\ntimeout = 2.0\n'
        "[registries]\ndatacite = false\nopenalex = false\narxiv = false\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def paper(tmp_path, crossref_server) -> Path:
    return make_paper(tmp_path, crossref_server.url)


def test_the_lock_records_every_entry(paper, crossref_server, capsys):
    assert run_verify(load_settings(paper), refresh=False)
    lock = read_verified(paper / "refs.verified.json")
    assert lock is not None
    statuses = {key: e.status for key, e in lock.entries.items()}
    assert len(statuses) == SAMPLE_KEYS + 4
    assert {k: s for k, s in statuses.items() if s is not Status.NO_MATCH} == {
        "chaliha2021": Status.FOUND,
        "hussain2012": Status.FOUND,
        "ivanova2016": Status.CONFIRMED,
        "khalid2021": Status.CONFIRMED,
        "khan2019": Status.CONFIRMED,
        "petrov2020": Status.MISMATCH,
        "petrova2020": Status.CONFIRMED,
        "rahman2017": Status.CONFIRMED,
    }
    found = lock.entries["hussain2012"]
    assert found.record is not None and found.record.doi == "10.5555/jps.2012.19.1.79"
    assert found.query == (
        "Hussain Pak-Russia relations: lost opportunities and future options "
        "Journal of Political Studies 2012"
    )
    assert lock.entries["yousaf2014"].reason == (
        "no confident match; best candidate 10.5555/sa.2015.3.1.55 scored 0.37 "
        "(title 42% similar, first author 'Yusuf' not 'Yousaf', year 2015 within one of 2014)"
    )
    assert crossref_server.recorded.count() == REQUESTS
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "refs.verified.json: 18 entries checked against Crossref "
        "(19 requests, the rest from build/.crossref-cache)",
        "  5 DOIs confirmed, 2 DOIs found, 1 DOI of another work, 10 without a confident match",
        "  chaliha2021: found 10.5555/cibg.2021.27.02.120 (score 0.99: title 98% similar, "
        "first author matches, year matches, container matches)",
        "  hussain2012: found 10.5555/jps.2012.19.1.79 (score 1.00: title 100% similar, "
        "first author matches, year matches, container matches)",
        "  ivanova2016: expression of concern, see 10.5555/concern-notice.2019.004",
        "  petrov2020: 10.5555/12345678 is 'Toward a Unified Theory of High-Energy Metaphysics: "
        "Silly String Theory' (title 24% similar, first author 'Carberry' not 'Petrov', "
        "year 2008 not 2020, container 'Journal of Psychoceramics' differs)",
        "  petrov2020: the cited work is 10.5555/aa.2020.51.3.412 (score 1.00)",
        "  rahman2017: retracted, see 10.5555/retraction.2020.002",
        "the evidence, with links: build/refs.verified.html",
        "does each reference exist?",
        "  verified           7",
        "  mismatched         1",
        "  not found          0",
        "  not checkable     10",
    ]


def test_a_second_run_is_served_from_the_cache_and_changes_nothing(paper, crossref_server):
    settings = load_settings(paper)
    run_verify(settings, refresh=False)
    first = (paper / "refs.verified.json").read_bytes()
    run_verify(settings, refresh=False)
    assert crossref_server.recorded.count() == REQUESTS
    assert (paper / "refs.verified.json").read_bytes() == first


def test_an_interrupted_run_resumes_where_it_stopped(paper, crossref_server):
    crossref_server.recorded.faults["/works/10.5555/retracted"] = ["400"]
    settings = load_settings(paper)
    with pytest.raises(NetworkError) as info:
        run_verify(settings, refresh=False)
    assert info.value.message == (
        f"Crossref answered 400 Bad Request for {crossref_server.url}"
        "/works/10.5555/retracted.2017.001"
    )
    assert not (paper / "refs.verified.json").exists()
    before = crossref_server.recorded.count()
    assert before == SAMPLE_KEYS + 3  # the sample, petrov2020 (two), then the failure
    assert run_verify(settings, refresh=False)
    assert crossref_server.recorded.count() - before == 3  # only what was not answered yet


def test_refresh_fetches_again_and_prints_what_changed(paper, crossref_server, capsys):
    settings = load_settings(paper)
    run_verify(settings, refresh=False)
    work = json.loads((DATA / "work-online-first.json").read_text(encoding="utf-8"))
    work["message"]["updated-by"] = [
        {
            "updated": {"date-parts": [[2026, 5, 4]]},
            "DOI": "10.5555/retraction.2026.010",
            "type": "retraction",
            "source": "retraction-watch",
            "label": "Retraction",
        }
    ]
    crossref_server.recorded.works["10.5555/onlinefirst.2020.004"] = json.dumps(work).encode()
    capsys.readouterr()
    run_verify(settings, refresh=True)
    assert crossref_server.recorded.count() == 2 * REQUESTS
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        "changes since the last verification:",
        "  petrova2020: notice none → retracted (10.5555/retraction.2026.010)",
    ]


def test_refresh_without_changes_says_so(paper, capsys):
    settings = load_settings(paper)
    run_verify(settings, refresh=False)
    run_verify(settings, refresh=True)
    assert capsys.readouterr().out.splitlines()[-1] == "nothing changed"


def test_offline_is_a_network_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    paper = make_paper(tmp_path, f"http://127.0.0.1:{port}")
    with pytest.raises(NetworkError) as info:
        run_verify(load_settings(paper), refresh=False)
    assert info.value.message == (
        f"cannot reach Crossref at http://127.0.0.1:{port}: [Errno 111] Connection refused"
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_rewrites_one_line():
    term = Terminal()
    progress = Progress(12, term)
    progress.show(0, "craig2015")
    progress.show(1, "khan2019")
    progress.clear()
    assert term.getvalue() == (
        "\rverifying 1/12 craig2015\rverifying 2/12 khan2019 \r                        \r"
    )


def test_no_progress_when_not_on_a_terminal():
    stream = io.StringIO()
    progress = Progress(12, stream)
    progress.show(0, "craig2015")
    progress.clear()
    assert stream.getvalue() == ""


def test_the_summary_names_a_doi_crossref_does_not_know():
    lock = VerifiedRefs(
        entries={"x2020": Verification(Status.UNKNOWN_DOI, 0.0, "", "", doi="10.48550/arxiv.1")}
    )
    assert summarize(lock, "refs.verified.json", 1).splitlines() == [
        "refs.verified.json: 1 entry checked against Crossref "
        "(1 request, the rest from build/.crossref-cache)",
        "  1 DOI unknown to Crossref",
        "  x2020: Crossref has no record of 10.48550/arxiv.1 (another agency's DOI?)",
    ]


def test_the_summary_of_an_empty_bibliography_has_no_blank_line():
    assert summarize(VerifiedRefs(entries={}), "refs.verified.json", 0).splitlines() == [
        "refs.verified.json: 0 entries checked against Crossref "
        "(0 requests, the rest from build/.crossref-cache)",
    ]
