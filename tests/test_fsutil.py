"""fsutil: atomic writes never go through a link, and their leftovers are removed next time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from docbuild.errors import OutputError
from docbuild.fsutil import (
    TEMP_SUFFIX,
    remove_stale_temporaries,
    temp_name,
    write_bytes_atomic,
    write_text_atomic,
)


def test_a_planted_link_at_the_target_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    build = tmp_path / "build"
    build.mkdir()
    (build / "paper.pdf").symlink_to(victim)
    with pytest.raises(OutputError) as info:
        write_bytes_atomic(build / "paper.pdf", b"%PDF")
    assert info.value.message == (
        f"'{build / 'paper.pdf'}' is a symbolic link; docbuild does not write through links"
    )
    assert victim.read_text() == "keep me"
    assert list(build.glob(f"*{TEMP_SUFFIX}")) == []


def test_a_planted_link_on_the_way_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    build = tmp_path / "build"
    build.mkdir()
    (build / "figures").symlink_to(outside)
    with pytest.raises(OutputError) as info:
        write_bytes_atomic(build / "figures" / "x.svg", b"<svg/>")
    assert info.value.message == (
        f"'{build / 'figures'}' is a symbolic link; docbuild does not write through links"
    )
    assert list(outside.iterdir()) == []


def test_a_write_keeps_the_mode_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old")
    target.chmod(0o640)
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]


def test_temporary_names_say_whose_they_are(tmp_path: Path) -> None:
    name = temp_name(tmp_path / "refs.bib")
    assert name.startswith(f".refs.bib.{os.getpid()}-")
    assert name.endswith(".docbuild.tmp")


def test_a_killed_write_leaves_a_file_the_next_run_removes(tmp_path: Path) -> None:
    """A writer killed between creating its temporary file and renaming it."""
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import docbuild.fsutil as f\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "f.write_bytes_atomic(Path(sys.argv[1]), b'x' * 100_000)\n"
    )
    target = tmp_path / "refs.bib"
    proc = subprocess.run([sys.executable, "-c", code, str(target)], check=False)
    assert proc.returncode == -signal.SIGKILL
    left = list(tmp_path.glob(f".refs.bib.*{TEMP_SUFFIX}"))
    assert len(left) == 1 and left[0].stat().st_size == 100_000
    # Not ours, and an unrelated file with a similar name, are kept.
    (tmp_path / ".notes.tmp").write_text("mine")
    assert remove_stale_temporaries(tmp_path, recursive=False) == left
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.tmp"]


def test_a_live_writers_temporary_file_is_kept(tmp_path: Path) -> None:
    mine = tmp_path / temp_name(tmp_path / "paper.pdf")
    mine.write_bytes(b"in progress")
    assert remove_stale_temporaries(tmp_path, recursive=True) == []
    assert mine.exists()


def test_unsynced_writes_skip_the_fsync_in_their_thread_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's writes: renamed into place as always, without waiting for the disk; a
    write in another thread (the PDF's) or after the block is synced as before."""
    import threading

    from docbuild.fsutil import unsynced_writes

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    target = tmp_path / "paper.html"
    with unsynced_writes():
        write_bytes_atomic(target, b"new page")
        assert synced == []
        other = threading.Thread(target=write_bytes_atomic, args=(tmp_path / "paper.pdf", b"%"))
        other.start()
        other.join()
        assert len(synced) == 1
    assert target.read_bytes() == b"new page"
    assert list(tmp_path.glob(f"*{TEMP_SUFFIX}")) == []
    write_bytes_atomic(target, b"again")
    assert len(synced) == 2


def test_the_previews_writes_skip_a_file_it_left_as_it_was(tmp_path: Path) -> None:
    """Same bytes as this process's last write, and the file not replaced since: no write
    (the inode stays). Other bytes, or a file someone else wrote, are written."""
    from docbuild.fsutil import preview_writes

    target = tmp_path / "metadata.json"
    with preview_writes():
        write_bytes_atomic(target, b"front matter")
        first = os.stat(target).st_ino
        write_bytes_atomic(target, b"front matter")
        assert os.stat(target).st_ino == first
        write_bytes_atomic(target, b"new front matter")
        second = os.stat(target).st_ino
        assert second != first and target.read_bytes() == b"new front matter"
    write_bytes_atomic(target, b"new front matter")  # a build's write, outside the preview
    third = os.stat(target).st_ino
    with preview_writes():
        write_bytes_atomic(target, b"new front matter")
        assert os.stat(target).st_ino != third
    target.unlink()
    with preview_writes():
        write_bytes_atomic(target, b"new front matter")
    assert target.read_bytes() == b"new front matter"


def test_deferred_writes_wait_for_a_flush_or_the_end_even_of_an_error(tmp_path: Path) -> None:
    from docbuild.fsutil import deferred_writes, flush_deferred, write_text_after_page

    cache, report = tmp_path / "cache.json", tmp_path / "report.json"
    write_text_after_page(cache, "at once")  # outside the block: an ordinary write
    assert cache.read_text(encoding="utf-8") == "at once"
    with deferred_writes():
        write_text_after_page(cache, "later")
        write_text_atomic(report, "now")
        assert (cache.read_text(encoding="utf-8"), report.exists()) == ("at once", True)
        flush_deferred()
        assert cache.read_text(encoding="utf-8") == "later"
        write_text_after_page(cache, "at the end")
        assert cache.read_text(encoding="utf-8") == "later"
    assert cache.read_text(encoding="utf-8") == "at the end"
    with pytest.raises(RuntimeError, match="the render broke"), deferred_writes():
        write_text_after_page(cache, "before the error")
        raise RuntimeError("the render broke")
    assert cache.read_text(encoding="utf-8") == "before the error"
