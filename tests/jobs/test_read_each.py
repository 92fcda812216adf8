"""Several files read in one pandoc run (jobs/read_each.py) give, for each, what pandoc gives
reading it alone: the AST a save of that file, read on its own, fits with."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.jobs.read_each import read_each
from docbuild.render import pandoc

TEXTS = {
    "a.md": "---\ntitle: T\nauthor: [A, B]\n---\n\n# Intro\n\nText $\\R$ [@a] and.[^1]\n\n"
    "[^1]: A note [@b].\n\n# Intro\n",
    "b.md": "# Intro\r\n\r\nLines\r\nwith CRLF [see @c, p. 3].\r\n\r\n- one\r\n- two\r\n",
    "c.md": "\ufeff# With a BOM\n\n\tindented by a tab\n\n(@) An example.",  # no final newline
    "d.md": "Mr. Smith's ``quotes'' -- and\\\nbreaks; ![a figure](f.png){#fig:x}\n",
}


def _files(folder: Path) -> list[Path]:
    (folder / "manuscript").mkdir(parents=True)
    out = []
    for name, text in TEXTS.items():
        path = folder / "manuscript" / name
        path.write_bytes(text.encode("utf-8"))
        out.append(path)
    return out


@pytest.mark.parametrize("macros", [False, True], ids=["alone", "after-macros"])
def test_each_file_is_what_pandoc_reads_alone(tmp_path: Path, macros: bool) -> None:
    files = _files(tmp_path)
    preamble = None
    if macros:
        preamble = tmp_path / "build" / "math-macros.md"
        preamble.parent.mkdir()
        preamble.write_text("\\newcommand{\\R}{\\mathbb{R}}\n", encoding="utf-8")
    # a file with Quarto chunks is read from a prepared copy: here, the last file
    prepared = {3: TEXTS["d.md"].replace("Smith", "Jones")}
    each = read_each(
        files, root=tmp_path, timeout=60, preamble=preamble, prepared=prepared,
        folder=tmp_path / "build" / ".cache" / "parse", scratch=tmp_path / "build",
    )  # fmt: skip
    alone = [
        pandoc.parse_markdown(
            [f],
            root=tmp_path,
            timeout=60,
            preamble=preamble,
            scratch=tmp_path / "build",
            prepared={0: prepared[i]} if i in prepared else None,
        )
        for i, f in enumerate(files)
    ]
    assert each == alone
    assert "Jones" in str(each[3]) and "Smith" not in str(each[3])


def test_a_file_pandoc_cannot_read_leaves_it_to_the_reads_alone(tmp_path: Path) -> None:
    """pandoc's error must name the file, which the run over all of them cannot."""
    files = _files(tmp_path)
    files[1].write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    got = read_each(
        files, root=tmp_path, timeout=60, preamble=None, prepared={},
        folder=tmp_path / "build" / ".cache" / "parse", scratch=tmp_path / "build",
    )  # fmt: skip
    assert got is None
