"""Hostile paper folders, each built by `docbuild build` under strace: nothing is read or
written outside the folder, nothing connects, nothing of the folder's own runs, no build hangs,
and a refusal names the key, file or line. The cases are in folders.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from folders import CASES, FolderCase, FolderResult, check_trace, run_case
from hostile import STRACE, counting_server

QUICK = [c for c in CASES if c.expect == "refused"]
FULL = [c for c in CASES if c.expect != "refused"]  # these run the whole build: slow


def _run_all(
    cases: list[FolderCase], factory: pytest.TempPathFactory
) -> Iterator[dict[str, FolderResult]]:
    factory.getbasetemp()  # made here: two threads making it at once collide
    with counting_server() as (url, hits), ThreadPoolExecutor(2) as pool:

        def one(case: FolderCase) -> FolderResult:
            return run_case(case, factory.mktemp("folder"), url=url, hits=hits)

        yield {r.name: r for r in pool.map(one, cases)}


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, FolderResult]]:
    yield from _run_all(QUICK, tmp_path_factory)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, FolderResult]]:
    yield from _run_all(FULL, tmp_path_factory)


def test_the_corpus_covers_every_kind_and_the_guarantees_list_it() -> None:
    assert len(CASES) >= 80
    assert len({c.name for c in CASES}) == len(CASES)
    guarantees = (Path(__file__).parents[2] / "docs" / "guarantees.md").read_text()
    assert [c.name for c in CASES if f"`{c.name}`" not in guarantees] == []
    # The counts the page gives: the whole corpus, each test's share, and each kind's list
    # (a case added to folders.py and its kind's list, but not to the kind's count, fails).
    assert f"a corpus of {len(CASES)} hostile folders" in guarantees
    assert f"test_a_hostile_folder_is_refused` ({len(QUICK)} cases)" in guarantees
    assert f"`test_a_hostile_folder_builds_contained` ({len(FULL)} that build;" in guarantees
    section = guarantees.split("## A stranger's paper folder", 1)[1].split("\n## ", 1)[0]
    kinds = re.findall(r"^- ([^(\n]+) \((\d+)\): (.*)$", section, re.M)
    listed = [name for _, _, items in kinds for name in re.findall(r"`([^`]+)`", items)]
    assert {kind: len(re.findall(r"`[^`]+`", items)) for kind, _, items in kinds} == {
        kind: int(count) for kind, count, _ in kinds
    }
    assert sorted(listed) == sorted(c.name for c in CASES)


@pytest.mark.parametrize("case", QUICK, ids=[c.name for c in QUICK])
def test_a_hostile_folder_is_refused(case: FolderCase, quick: dict[str, FolderResult]) -> None:
    result = quick[case.name]
    assert result.problems(case) == [], result.output[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("case", FULL, ids=[c.name for c in FULL])
def test_a_hostile_folder_builds_contained(case: FolderCase, full: dict[str, FolderResult]) -> None:
    result = full[case.name]
    assert result.problems(case) == [], result.output[-2000:]


@pytest.mark.skipif(STRACE is None, reason="strace is not installed")
def test_the_folders_are_traced(quick: dict[str, FolderResult]) -> None:
    assert all(r.traced for r in quick.values())


def test_the_trace_check_can_fail(tmp_path: Path) -> None:
    paper, outside = tmp_path / "paper", tmp_path / "outside"
    trace = tmp_path / "trace.txt"
    trace.write_text(
        f'101 openat(AT_FDCWD, "{outside}/secret.txt", O_RDONLY|O_CLOEXEC) = 3\n'
        f'101 openat(AT_FDCWD, "{paper}/refs.bib", O_RDONLY|O_CLOEXEC) = 3\n'
        '102 openat(AT_FDCWD, "/home/victim.txt", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 4\n'
        f'102 rename("{paper}/build/x", "/srv/x") = 0\n'
        '102 openat(AT_FDCWD, "build/paper.pdf", O_WRONLY|O_CREAT, 0600) = 5\n'
        "103 connect(7, {sa_family=AF_INET, sin_port=htons(80), "
        'sin_addr=inet_addr("127.0.0.1")}, 16) = 0\n'
        '103 connect(8, {sa_family=AF_UNIX, sun_path="/run/x"}, 110) = 0\n'
    )
    reads, writes, connects = check_trace(trace, paper, outside)
    assert reads == [f"{outside}/secret.txt"]
    assert writes == ["/home/victim.txt", "/srv/x"]
    assert len(connects) == 1
