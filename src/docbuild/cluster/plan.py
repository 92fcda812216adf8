"""Which papers a batch builds, and why: new ones, changed ones, failed ones; the rest are up
to date by the manifest."""

from __future__ import annotations

import enum

from docbuild.cluster.manifest import ManifestEntry
from docbuild.cluster.model import Status


class Reason(enum.Enum):
    """Why a paper is built; the value is what `--dry-run` prints."""

    NEW = "new"
    FAILED = "failed before"
    DOCBUILD = "docbuild changed"
    CHANGED = "inputs changed"
    MISSING = "outputs missing"


def decide(
    previous: ManifestEntry | None,
    *,
    digest: str | None,
    toolchain: str,
    outputs_present: bool,
    only_failed: bool,
) -> Reason | None:
    """Why the paper must be built, or None when the manifest says it is up to date (or
    `only_failed` leaves it out)."""
    if previous is None:
        return None if only_failed else Reason.NEW
    if previous.result is not Status.BUILT:
        return Reason.FAILED
    if only_failed:
        return None
    if previous.toolchain != toolchain:
        return Reason.DOCBUILD
    if previous.input != digest:
        return Reason.CHANGED
    if not outputs_present:
        return Reason.MISSING
    return None


def describe(reason: Reason, previous: ManifestEntry | None) -> str:
    """`failed before (timed-out: timed out after 20 s ...)`, or the reason's own words."""
    if reason is Reason.FAILED and previous is not None:
        return f"{reason.value} ({previous.result.value}: {previous.error})"
    return reason.value
