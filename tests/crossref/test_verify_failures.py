"""`doit verify-refs` when a registry misbehaves, against the local stand-in (tests/registry):
a 404, a 429 with Retry-After, a 5xx, a stall and a malformed answer from Crossref, and a
malformed answer from DataCite, OpenAlex and arXiv. Each run ends either with a complete lock
or with one clear message (no traceback), and the next run resumes: what was answered is
served from build/.crossref-cache, only the rest is asked again.

The client-level behaviour of each fault (how often, how long it waits) is in test_client.py
and test_sources.py; here it is the whole job, as a user meets it.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.crossref.client import CrossrefClient
from docbuild.crossref.verified import Answer, Status
from docbuild.crossref.verified_file import read_verified
from docbuild.doit_support import user_errors
from docbuild.jobs import verify
from docbuild.jobs.verify import run_verify
from registry.sample import BIB_OF_REAL_WORKS, RECORDS
from registry.server import Fault, RegistryServer

REPO = Path(__file__).parents[2]
# The three real works and a preprint (arXiv is asked about it when OpenAlex has nothing).
BIB = (
    BIB_OF_REAL_WORKS
    + """
@misc{haddad2022p,
  author = {Haddad, Rami and Okafor, Adaeze},
  title = {Sparse Attention for Tangled Sequences},
  year = {2022},
  eprint = {2203.01234},
  archiveprefix = {arXiv}
}
"""
)
# Every entry's first request: the DOI's record, or the bibliographic search.
ARTICLE = "/crossref/works/10.5555/jio.2021.0042"
SEARCH = "/crossref/works?query.bibliographic=Lindqvist"
ALL_VERIFIED = [
    "does each reference exist?",
    "  verified           4",
    "  mismatched         0",
    "  not found          0",
    "  not checkable      0",
]


@pytest.fixture
def server(registry_server: RegistryServer) -> RegistryServer:
    registry_server.load(RECORDS)
    return registry_server


@pytest.fixture
def paper(tmp_path: Path, server: RegistryServer) -> Path:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "dodo.py").write_text((REPO / "dodo.py").read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "docbuild.toml").write_text(
        'style = "preprint"\n' + server.docbuild_toml(timeout=0.5),
        encoding="utf-8",
    )
    return tmp_path


def doit_verify(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "doit", "verify-refs"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def statuses(paper: Path) -> dict[str, Status]:
    lock = read_verified(paper / "refs.verified.json")
    assert lock is not None
    return {key: v.status for key, v in lock.entries.items()}


VERIFIED = {
    "okafor2021": Status.CONFIRMED,
    "iip2020": Status.CONFIRMED,
    "lindqvist2023": Status.FOUND,
    "haddad2022p": Status.FOUND,
}


@pytest.mark.parametrize(
    ("prefix", "fault"),
    [
        (ARTICLE, Fault.RATE_LIMITED),  # with Retry-After: 1
        (ARTICLE, Fault.SERVER_ERROR),
        (SEARCH, Fault.STALL),  # longer than [crossref] timeout = 0.5
    ],
)
def test_a_passing_crossref_fault_is_retried_and_the_lock_is_complete(
    paper: Path,
    server: RegistryServer,
    capsys: pytest.CaptureFixture[str],
    prefix: str,
    fault: Fault,
) -> None:
    server.inject(prefix, fault)
    assert run_verify(load_settings(paper), refresh=False)
    assert capsys.readouterr().out.splitlines()[-5:] == ALL_VERIFIED
    assert statuses(paper) == VERIFIED
    if fault is not Fault.STALL:  # a stalled request is logged only when it has answered
        assert [r.status for r in server.log if r.path.startswith(prefix)] == [
            int(fault.value),
            200,
        ]


def test_a_crossref_404_is_an_answer_not_an_invention(
    paper: Path, server: RegistryServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # Crossref's /works/{doi} answers 404 for a DOI its agency look-up says is Crossref's: the
    # DOI exists, its record could not be read; "not checkable", never doi-not-found.
    server.inject(ARTICLE, Fault.NOT_FOUND)
    assert run_verify(load_settings(paper), refresh=False)
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "  not found          0",
        "  not checkable      1",
    ]
    lock = read_verified(paper / "refs.verified.json")
    assert lock is not None
    okafor = lock.entries["okafor2021"]
    assert (okafor.status, okafor.reason) == (
        Status.UNKNOWN_DOI,
        "registered with crossref, which serves no record of it",
    )


def test_a_malformed_crossref_answer_stops_with_one_message_and_the_next_run_resumes(
    paper: Path, server: RegistryServer
) -> None:
    server.inject(SEARCH, Fault.MALFORMED)
    failed = doit_verify(paper)
    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    url = f"{server.url}{SEARCH}+Tangled+Manifolds+in+Practice+NeurIPS+2023&rows=5"
    assert (
        f"error: Crossref's answer for {url} is not JSON: Unterminated string starting at: "
        "line 1 column 37 (char 36)\n"
        "  hint: check the '[crossref] api' setting in docbuild.toml\n"
    ) in failed.stderr
    assert not (paper / "refs.verified.json").exists()
    before = server.count()
    resumed = doit_verify(paper)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.splitlines()[-5:] == ALL_VERIFIED
    # okafor2021 and iip2020 (four requests) came from the cache: asked again, only the
    # failed search and what follows it
    assert [r.path.split("?")[0] for r in server.log[before:]] == [
        "/crossref/works",
        "/openalex/works",
        "/crossref/works",
        "/openalex/works",
    ]


def test_a_crossref_stall_that_persists_stops_with_one_message_and_the_next_run_resumes(
    paper: Path,
    server: RegistryServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Two tries without waiting between them, instead of five over fifteen seconds.
    monkeypatch.setattr(
        verify, "CrossrefClient", functools.partial(CrossrefClient, backoff=0.0, max_retries=1)
    )
    server.inject(ARTICLE, Fault.STALL, times=2, stall=1.0)
    run = user_errors(run_verify)  # what `doit verify-refs` runs: a message, no traceback
    assert run(load_settings(paper), refresh=False) is not True
    err = capsys.readouterr().err
    assert err.endswith(
        f"error: no answer from Crossref within 0.5 s for {server.url}{ARTICLE} after 2 tries\n"
        "  hint: try again later; answers received so far are cached, so the next run "
        "resumes where this one stopped\n"
    )
    assert not (paper / "refs.verified.json").exists()
    assert run(load_settings(paper), refresh=False) is True
    assert statuses(paper) == VERIFIED


@pytest.mark.parametrize(
    ("prefix", "key", "source"),
    [
        ("/datacite/dois/10.48561", "iip2020", "datacite"),
        ("/openalex/works?search=Tangled", "lindqvist2023", "openalex"),
        ("/arxiv/api/query", "haddad2022p", "arxiv"),
    ],
)
def test_a_malformed_answer_of_another_registry_leaves_the_entry_not_checkable_until_the_next_run(
    paper: Path,
    server: RegistryServer,
    capsys: pytest.CaptureFixture[str],
    prefix: str,
    key: str,
    source: str,
) -> None:
    if source == "arxiv":
        # arXiv is asked for a preprint no other registry has
        server.inject("/openalex/works?search=Sparse", Fault.NOT_FOUND)
    server.inject(prefix, Fault.MALFORMED)
    settings = load_settings(paper)
    assert run_verify(settings, refresh=False)
    assert capsys.readouterr().out.splitlines()[-1] == "  not checkable      1"
    lock = read_verified(paper / "refs.verified.json")
    assert lock is not None
    (check,) = [c for c in lock.entries[key].checked if c.source == source]
    assert check.answer is Answer.FAILED
    assert "answer for" in check.detail and "is not" in check.detail  # not JSON, not Atom
    # A failure is not cached: the next run asks that registry again, and only it.
    before = server.count()
    assert run_verify(settings, refresh=False)
    assert capsys.readouterr().out.splitlines()[-5:] == ALL_VERIFIED
    assert [r.registry for r in server.log[before:]] == [source]


def test_a_bad_lint_setting_does_not_stop_the_verification(
    paper: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The evidence page lints with the paper's policy; an unknown rule in [lint] is
    # `doit lint-refs`'s error to report, not a reason to lose the registries' answers.
    toml = paper / "docbuild.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '[lint]\ndisable = ["no-such-rule"]\n', "utf-8"
    )
    assert run_verify(load_settings(paper), refresh=False)
    assert capsys.readouterr().out.splitlines()[-5:] == ALL_VERIFIED
    assert (paper / "build" / "refs.verified.html").is_file()
