"""Disk full, read-only, file-size limit: one message naming the file and what to free, at
whatever step it happens; no traceback, refs.bib intact, no temporary file left behind.

A real full disk is a small tmpfs (mounting needs root, as in CI; skipped elsewhere); the
file-size limit (RLIMIT_FSIZE) works anywhere.
"""

from __future__ import annotations

import errno
import re
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bench.generate import generate_paper

from docbuild.fsutil import TEMP_SUFFIX, os_error

BUILD = [sys.executable, "-m", "docbuild.cli", "build", "."]


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _paper(folder: Path) -> bytes:
    generate_paper(folder, words=150, references=3, citations=3, figures=0, tables=0)
    return (folder / "refs.bib").read_bytes()


def _check(folder: Path, refs: bytes, output: str, code: int, reason: str) -> str:
    assert code != 0, output
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if "error:" in line]
    assert len(errors) == 1, output
    assert re.fullmatch(rf"\S+: error: cannot write '{re.escape(str(folder))}/\S+': {reason}",
                        errors[0]), output  # fmt: skip
    assert re.search(r"  hint: (free|raise) .*, then build again", output), output
    assert (folder / "refs.bib").read_bytes() == refs
    assert list(folder.rglob(f"*{TEMP_SUFFIX}")) == []
    return errors[0]


@pytest.mark.slow
@pytest.mark.parametrize("size", ["64k", "112k", "160k", "1200k"])
def test_a_full_disk_is_one_message_at_any_step(tmp_path: Path, size: str) -> None:
    """Each size runs out at another step (lint report, doit's state, the style's fonts...)."""
    with tmpfs(tmp_path / "disk", size) as disk:
        folder = disk / "paper"
        refs = _paper(folder)
        proc = subprocess.run(BUILD, cwd=folder, capture_output=True, text=True, timeout=300)
        _check(
            folder, refs, proc.stdout + proc.stderr, proc.returncode, "no space left on the disk"
        )


def test_a_read_only_disk_is_one_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        folder = disk / "paper"
        refs = _paper(folder)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        proc = subprocess.run(BUILD, cwd=folder, capture_output=True, text=True, timeout=300)
        out = proc.stdout + proc.stderr
        assert proc.returncode != 0 and "Traceback" not in out, out
        errors = [line for line in out.splitlines() if "error:" in line]
        # The first write is doit's state file; its step says it in its own words.
        assert len(errors) == 1 and re.search(r"[Rr]ead-only", errors[0]), out
        assert str(folder / "build") in errors[0]
        assert "  hint: " in out
        assert (folder / "refs.bib").read_bytes() == refs


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_file_size_limit_is_one_message(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    refs = _paper(folder)
    proc = subprocess.run(
        BUILD, cwd=folder, capture_output=True, text=True, timeout=300,
        preexec_fn=_limit_file_size,
    )  # fmt: skip
    line = _check(folder, refs, proc.stdout + proc.stderr, proc.returncode,
                  "file too large for the file system or the process's limit")  # fmt: skip
    assert "lint-report.sarif" in line  # the first target over 20 kB


@pytest.mark.parametrize(
    ("code", "message", "hint"),
    [
        (errno.ENOSPC, "no space left on the disk",
         "free at least 98 kB on the disk that holds /p/build, then build again"),
        (errno.EDQUOT, "disk quota exceeded",
         "free at least 98 kB in your quota on /p/build, then build again"),
        (errno.EROFS, "the file system is read-only",
         "build the paper in a folder you can write to, then build again"),
        (errno.EACCES, "permission denied",
         "make /p/build writable for you, or build elsewhere, then build again"),
    ],
)  # fmt: skip
def test_each_failure_says_what_to_do(code: int, message: str, hint: str) -> None:
    error = os_error(OSError(code, "x"), Path("/p/build/paper.pdf"), size=100_000)
    assert (error.message, error.hint) == (f"cannot write '/p/build/paper.pdf': {message}", hint)
