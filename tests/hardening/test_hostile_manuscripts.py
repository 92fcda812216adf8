"""Hostile manuscripts: the build fails with a message naming the resource, or succeeds
without it; no file outside the paper is opened, no request is made, no partial PDF is left."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile import (
    CASES,
    STRACE,
    Hostile,
    HostileResult,
    counting_server,
    run_hostile,
    run_pandoc_stall,
    run_weasyprint_stall,
)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, HostileResult]]:
    """Every case built once, two at a time (the machine has two cores)."""
    tmp_path_factory.getbasetemp()  # made here: two threads making it at once collide
    with counting_server() as (url, hits), ThreadPoolExecutor(2) as pool:

        def one(case: Hostile) -> HostileResult:
            return run_hostile(case, tmp_path_factory.mktemp("hostile"), url=url, hits=hits)

        yield {r.name: r for r in pool.map(one, CASES)}


# Bugs found here in the build pipeline, reported to its owner; strict, so a fix turns them red.
KNOWN_BUGS: dict[str, str] = {}
PARAMS = [
    pytest.param(
        c,
        id=c.name,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[c.name])]
        if c.name in KNOWN_BUGS
        else [],
    )
    for c in CASES
]


@pytest.mark.slow  # the fixture builds 16 papers under strace: ~60 s
@pytest.mark.parametrize("case", PARAMS)
def test_hostile_manuscript_is_contained(
    case: Hostile, results: dict[str, HostileResult], record_property: pytest.RecordProperty
) -> None:
    result = results[case.name]
    record_property("outcome", result.outcome)
    record_property("seconds", round(result.seconds, 2))
    assert result.ok, result.explain()


@pytest.mark.slow
@pytest.mark.skipif(STRACE is None, reason="strace is not installed")
def test_reads_are_traced(results: dict[str, HostileResult]) -> None:
    """The read check above is only worth something when strace saw the build's opens."""
    assert all(r.opens_traced for r in results.values())


def test_the_canary_check_can_fail(tmp_path: Path) -> None:
    from hostile import CANARY, _canary

    (tmp_path / "paper.html").write_text(f"<p>{CANARY}</p>")
    assert _canary(tmp_path) == ["paper.html"]


def test_a_manuscript_that_stalls_pandoc_is_stopped(tmp_path: Path) -> None:
    result = run_pandoc_stall(tmp_path, timeout=4)
    assert result.error == (
        # The files are read apart (jobs/parse_apart.py): the one that stalls is named.
        "error: pandoc did not finish within 4 s on manuscript/02-deep.md\n"
        "  hint: look for runaway markup such as thousands of nested '[' or '*'; "
        "pandoc was stopped"
    )
    assert result.leftovers == []  # stopped, with nothing of it left running


def test_a_manuscript_that_stalls_weasyprint_is_stopped(tmp_path: Path) -> None:
    result = run_weasyprint_stall(tmp_path, timeout=4)
    assert result.error == (
        "error: WeasyPrint did not finish within 4 s\n"
        "  hint: look for very large tables or images, or deeply nested markup; "
        "the renderer was stopped"
    )
    assert result.leftovers == []  # stopped, with nothing of it left running
