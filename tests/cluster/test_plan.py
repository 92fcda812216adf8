"""Which papers a batch builds: new, failed before, docbuild changed, inputs changed, outputs
missing; and `--only-failed`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from docbuild.cluster.manifest import ManifestEntry
from docbuild.cluster.model import Status
from docbuild.cluster.plan import Reason, decide, describe

BUILT = ManifestEntry(
    paper="a", result=Status.BUILT, input="sha256:1", stat="s", toolchain="t", seconds=1.0,
    cpu=1.0, outputs=(("paper.pdf", "x"),), error=None, worker="w", attempts=1,
    finished="2026-01-01T00:00:00+00:00",
)  # fmt: skip
TIMED_OUT = replace(BUILT, result=Status.TIMED_OUT, error="timed out after 20 s")


@pytest.mark.parametrize(
    ("previous", "digest", "toolchain", "present", "only_failed", "expected"),
    [
        (None, "sha256:1", "t", False, False, Reason.NEW),
        (None, "sha256:1", "t", False, True, None),
        (BUILT, "sha256:1", "t", True, False, None),
        (BUILT, "sha256:2", "t", True, False, Reason.CHANGED),
        (BUILT, "sha256:2", "u", True, False, Reason.DOCBUILD),
        (BUILT, "sha256:1", "t", False, False, Reason.MISSING),
        (BUILT, "sha256:2", "t", True, True, None),
        (TIMED_OUT, "sha256:1", "t", True, False, Reason.FAILED),
        (TIMED_OUT, "sha256:2", "u", False, True, Reason.FAILED),
    ],
)
def test_decide(
    previous: ManifestEntry | None,
    digest: str,
    toolchain: str,
    present: bool,
    only_failed: bool,
    expected: Reason | None,
) -> None:
    assert (
        decide(
            previous,
            digest=digest,
            toolchain=toolchain,
            outputs_present=present,
            only_failed=only_failed,
        )
        is expected
    )


def test_a_failed_paper_says_how_it_failed() -> None:
    assert describe(Reason.FAILED, TIMED_OUT) == "failed before (timed-out: timed out after 20 s)"
    assert describe(Reason.CHANGED, BUILT) == "inputs changed"
    assert describe(Reason.NEW, None) == "new"
