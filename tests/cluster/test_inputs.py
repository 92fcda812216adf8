"""A paper's inputs as a batch sends them: every file but the build and version control, links
only inside the folder, a hash of contents (not times), and the size limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docbuild.cluster import inputs
from docbuild.cluster.model import SentFile
from docbuild.errors import InputError


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "paper"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "01.md").write_text("# One\n")
    (root / "refs.bib").write_text("@book{a, title={A}}\n")
    (root / "build").mkdir()
    (root / "build" / "paper.pdf").write_bytes(b"%PDF-old")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: main\n")
    return root


def test_the_inputs_are_the_folders_files_but_its_build_and_version_control(
    tmp_path: Path,
) -> None:
    root = _folder(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("not the paper's")
    (root / "leak.txt").symlink_to(outside)
    (root / "alias.md").symlink_to(root / "manuscript" / "01.md")
    (root / "linked").symlink_to(root / "manuscript", target_is_directory=True)
    os.mkfifo(root / "pipe")
    files = inputs.list_inputs(root, exclude=[root / "build"])
    assert [f.path for f in files] == ["alias.md", "manuscript/01.md", "refs.bib"]
    assert files[0].source == root / "manuscript" / "01.md"


def test_the_input_hash_follows_content_and_the_build_environment_not_times(
    tmp_path: Path,
) -> None:
    root = _folder(tmp_path)
    files = inputs.list_inputs(root, exclude=[root / "build"])
    digest = inputs.hash_files(files, ())
    stat = inputs.stat_fingerprint(files, ())
    os.utime(root / "refs.bib", ns=(1, 1))
    touched = inputs.list_inputs(root, exclude=[root / "build"])
    assert inputs.hash_files(touched, ()) == digest
    assert inputs.stat_fingerprint(touched, ()) != stat
    assert inputs.hash_files(touched, (("SOURCE_DATE_EPOCH", "0"),)) != digest
    (root / "refs.bib").write_text("@book{a, title={B}}\n")
    assert inputs.hash_files(inputs.list_inputs(root, exclude=[root / "build"]), ()) != digest
    # What is sent hashes as what is on disk.
    sent = inputs.read_sent_files(root, touched)
    assert inputs.hash_sent(sent, ()) == inputs.hash_files(touched, ())


def test_sent_files_keep_their_times_and_stay_in_the_folder(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    os.utime(root / "refs.bib", ns=(10**18, 10**18))
    sent = inputs.read_sent_files(root, inputs.list_inputs(root, exclude=[root / "build"]))
    target = tmp_path / "copy"
    target.mkdir()
    inputs.unpack(sent, target)
    assert (target / "manuscript" / "01.md").read_text() == "# One\n"
    assert (target / "refs.bib").stat().st_mtime_ns == 10**18
    with pytest.raises(InputError) as info:
        inputs.unpack([SentFile("../escape", 0, b"x")], target)
    assert str(info.value) == "error: sent file name '../escape' leaves the paper folder"
    assert not (tmp_path / "escape").exists()


def test_a_file_or_paper_too_large_to_send_is_refused_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _folder(tmp_path)
    (root / "data.bin").write_bytes(b"x" * 3 * 1024 * 1024)
    files = inputs.list_inputs(root, exclude=[root / "build"])
    monkeypatch.setattr(inputs, "MAX_SENT_FILE", 2 * 1024 * 1024)
    with pytest.raises(InputError) as info:
        inputs.read_sent_files(root, files)
    assert str(info.value) == (
        f"error: '{root / 'data.bin'}' is 3 MiB, over the 2 MiB limit on one file a batch "
        "sends to a worker\n  hint: move it out of the paper folder if the paper does not use "
        "it; docbuild refuses an image or font that large anyway"
    )
    monkeypatch.setattr(inputs, "MAX_SENT_PAPER", 1024 * 1024)
    with pytest.raises(InputError) as info:
        inputs.read_sent_files(root, files)
    assert str(info.value).startswith(
        f"error: paper folder '{root}' holds 3 MiB of files, over the 1 MiB a batch sends"
    )


def test_the_toolchain_fingerprint_covers_docbuild_and_what_it_requires() -> None:
    parts = inputs.toolchain_parts()
    assert set(parts) == {"docbuild", "python", "code", "requires"}
    requires = parts["requires"]
    assert isinstance(requires, dict)
    assert {"weasyprint", "pypandoc-binary", "doit", "dask"} <= set(requires)
    assert len(inputs.toolchain()) == 16
