"""Writing back what a worker built in a private folder: into the paper's build folder, each
file atomically, under its build lock; the SARIF report given the paper's own folder."""

from __future__ import annotations

import json
from pathlib import Path

from docbuild.cluster.model import BuildOutcome
from docbuild.cluster.worker import LOG_NAME
from docbuild.errors import InputError


def write_outputs(root: Path, outcome: BuildOutcome) -> tuple[tuple[str, str], ...]:
    """Write what a worker built in a private folder into the paper's build folder, each file
    atomically, under the paper's build lock; the (path, sha256) of each as written here."""
    import hashlib

    from docbuild.config import load_settings
    from docbuild.fsutil import write_bytes_atomic
    from docbuild.jobs.lint import REPORT_SARIF
    from docbuild.lock import build_lock

    settings = load_settings(root)
    build = settings.build_path
    written: list[tuple[str, str]] = []
    with build_lock(settings):
        for output in outcome.outputs:
            parts = output.path.split("/")
            if output.path.startswith("/") or any(p in ("", ".", "..") for p in parts):
                raise InputError(f"a worker sent back the file name '{output.path}'")
            data = output.data or b""
            if output.path == REPORT_SARIF:
                data = rebase_sarif(data, root)
            write_bytes_atomic(build.joinpath(*parts), data)
            written.append((output.path, hashlib.sha256(data).hexdigest()))
        if outcome.log is not None:
            write_bytes_atomic(build / LOG_NAME, outcome.log)
    return tuple(written)


def rebase_sarif(data: bytes, root: Path) -> bytes:
    """The SARIF report names the folder it was built in as the base of its file names; one
    built in a worker's private folder is given this paper folder's instead, so that it is
    the report an in-place build writes."""
    from docbuild.lint import report

    try:
        log = json.loads(data)
        for run in log["runs"]:
            run["originalUriBaseIds"]["PAPER"]["uri"] = root.resolve().as_uri() + "/"
    except (ValueError, KeyError, TypeError):
        return data  # not a report of ours: written as it came
    return report.dumps(log).encode("utf-8")
