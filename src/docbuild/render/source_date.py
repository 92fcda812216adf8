"""The day `date: today` and `date: last-modified` mean, chosen so that a build is reproducible.

The same sources give the same PDF: `SOURCE_DATE_EPOCH` when it is set (the reproducible-builds
convention), else the date of the last git commit that changed a manuscript file (a clean
checkout of a commit always gives the same; never asked of a stranger's folder, whose git
configuration could run a command), else the newest modification time of the files.
Never the day the build runs.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from docbuild.trust import building_a_strangers_folder

GIT_TIMEOUT = 10.0  # seconds: git log on one file is instant; this catches a hung repository


def source_date(files: Sequence[Path]) -> tuple[dt.date, str]:
    """The source date and where it came from (said in an info finding)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _day(int(epoch)), "SOURCE_DATE_EPOCH"
    committed = _git_date(files)
    if committed is not None:
        return _day(committed), "the last git commit of the manuscript"
    times = [int(f.stat().st_mtime) for f in files if f.is_file()]
    return _day(max(times, default=0)), "the manuscript files' modification time"


def _day(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()


def _git_date(files: Sequence[Path]) -> int | None:
    git = shutil.which("git")
    if git is None or not files or building_a_strangers_folder():
        return None
    folder = files[0].parent
    try:
        # Only a committed, unchanged file has a commit date that describes it.
        dirty = subprocess.run(
            [git, "status", "--porcelain", "--", *map(str, files)],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
        if dirty.returncode != 0 or dirty.stdout.strip():
            return None
        log = subprocess.run(
            [git, "log", "-1", "--format=%ct", "--", *map(str, files)],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = log.stdout.strip()
    return int(out) if log.returncode == 0 and out.isdigit() else None
