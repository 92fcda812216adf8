"""Which papers a batch builds, and why: new ones, changed ones, failed ones; the rest are up
to date by the manifest. `decide` is the rule (pure); `plan_papers` reads each folder for it."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docbuild.cluster import inputs, manifest
from docbuild.cluster.manifest import ManifestEntry
from docbuild.cluster.model import Status
from docbuild.cluster.worker import build_folders, build_path
from docbuild.errors import DocbuildError


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


@dataclass(frozen=True, slots=True)
class Planned:
    """One paper and what the batch will do with it."""

    folder: Path  # as the caller named it
    root: Path  # resolved
    reason: Reason | None  # why it is built; None: up to date
    why: str  # the reason in words (`failed before (timed-out: ...)`)
    files: tuple[inputs.InputFile, ...]
    stat: str | None
    digest: str | None
    previous: ManifestEntry | None
    refused: str | None = None  # why it cannot be built at all (not a folder, bad settings)


def plan_papers(
    folders: Sequence[Path],
    entries: Mapping[str, ManifestEntry],
    manifest_path: Path | None,
    *,
    only_failed: bool = False,
) -> Iterator[Planned]:
    """What to do with each folder, decided as it is reached (100,000 folders take a while to
    read; the first ones are building meanwhile). A folder whose files have the sizes and times
    the manifest recorded is not read again."""
    from docbuild.standalone import check_folder

    toolchain = inputs.toolchain()
    env = inputs.build_env()
    for folder in folders:
        root = folder.resolve()
        key = manifest.paper_key(root, manifest_path) if manifest_path else str(root)
        previous = entries.get(key)
        try:
            check_folder(root)
        except DocbuildError as exc:
            refused = "not a folder" if not root.is_dir() else str(exc).splitlines()[0]
            reason = decide(previous, digest=None, toolchain=toolchain, outputs_present=False,
                            only_failed=only_failed)  # fmt: skip
            why = describe(reason, previous) if reason is not None else "up to date"
            yield Planned(folder, root, reason, why, (), None, None, previous, refused)
            continue
        files = tuple(inputs.list_inputs(root, exclude=build_folders(root)))
        stat = inputs.stat_fingerprint(files, env)
        unchanged = (
            previous is not None
            and previous.result is Status.BUILT
            and previous.stat == stat
            and previous.toolchain == toolchain
        )
        digest = previous.input if unchanged and previous else inputs.hash_files(files, env)
        present = previous is not None and _outputs_present(root, previous)
        reason = decide(previous, digest=digest, toolchain=toolchain, outputs_present=present,
                        only_failed=only_failed)  # fmt: skip
        why = describe(reason, previous) if reason is not None else "up to date"
        yield Planned(folder, root, reason, why, files, stat, digest, previous)


def _outputs_present(root: Path, previous: ManifestEntry) -> bool:
    build = build_path(root)
    return all((build / path).is_file() for path, _ in previous.outputs)
