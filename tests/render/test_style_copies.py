"""The style's screen CSS and fonts beside build/paper.html: copied when they differ, and
not read again by a warm process while neither copy nor source changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docbuild.render.html import STYLE_DIR, copy_style_files
from docbuild.style import PACKAGE_STYLES, load_style


def test_a_warm_copy_reads_nothing_until_a_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    folder = tmp_path / "gfpr"
    shutil.copytree(PACKAGE_STYLES / "gfpr", folder)
    style = load_style(folder)
    build = tmp_path / "build"
    first = copy_style_files(style, build)
    reads: list[Path] = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: (reads.append(p), real_read(p))[1])
    assert copy_style_files(style, build) == first
    assert reads == []
    css = style.css_screen[0]
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    os.utime(css, ns=(1, 1))
    copy = build / STYLE_DIR / css.relative_to(folder)
    copy_style_files(style, build)
    assert copy.read_bytes() == real_read(css)
    assert reads.count(css) == 1
    copy.write_text("tampered", encoding="utf-8")  # the copy changed: copied again
    copy_style_files(style, build)
    assert copy.read_bytes() == real_read(css)
