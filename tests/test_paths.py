"""paths: every path a paper folder names stays inside it, is a regular file, under its limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docbuild.config import load_settings
from docbuild.diagnostics import Location
from docbuild.errors import ConfigError, InputError
from docbuild.paths import (
    MAX_MANUSCRIPT_FILE,
    build_folder,
    check_partials,
    confine,
    read_input,
    relative_value,
)

HERE = Location(Path("docbuild.toml"), 3)


def paper(tmp_path: Path, toml: str = "") -> Path:
    root = tmp_path / "paper"
    (root / "manuscript").mkdir(parents=True)
    (root / "manuscript" / "01.md").write_text("# One\n")
    (root / "refs.bib").write_text("")
    (root / "docbuild.toml").write_text(toml)
    return root


def error_of(root: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_settings(root)
    return str(info.value).replace(str(root) + "/", "")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("/etc/passwd", "is an absolute path"),
        ("~/refs.bib", "is an absolute path"),
        ("../other/refs.bib", "leaves the paper folder"),
        ("a/../../refs.bib", "leaves the paper folder"),
    ],
)
def test_a_configured_path_may_not_leave_the_folder(value: str, problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        relative_value(value, what="bibliography", where=HERE)
    assert info.value.message == f"bibliography '{value}' {problem}"
    assert info.value.location == HERE


def test_a_path_inside_is_kept() -> None:
    assert relative_value("a/../refs.bib", what="bibliography", where=HERE) == "a/../refs.bib"


def test_bibliography_outside_names_the_key_and_line(tmp_path: Path) -> None:
    root = paper(tmp_path, 'style = "gfpr"\nbibliography = "/etc/passwd"\n')
    assert error_of(root).startswith(
        "docbuild.toml:2: error: bibliography '/etc/passwd' is an absolute path\n"
    )


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    root = paper(tmp_path)
    (root / "refs.bib").unlink()
    (root / "refs.bib").symlink_to("/etc/passwd")
    assert error_of(root).splitlines()[0] == (
        "docbuild.toml: error: bibliography 'refs.bib' (a link to '/etc/passwd') is outside "
        "the paper folder"
    )


def test_a_link_that_stays_inside_is_followed(tmp_path: Path) -> None:
    root = paper(tmp_path, 'bibliography = "library.bib"\n')
    (root / "library.bib").symlink_to("refs.bib")
    assert load_settings(root).bib_path == root / "library.bib"


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_only_regular_files_are_inputs(tmp_path: Path, kind: str) -> None:
    root = paper(tmp_path)
    bib = root / "refs.bib"
    bib.unlink()
    if kind == "fifo":
        os.mkfifo(bib)
        expected = "is a FIFO (named pipe), not a regular file"
    elif kind == "device":
        # A link to /dev/zero leaves the folder; a device node inside is refused as a device.
        os.mknod(bib, 0o600 | 0o020000, os.makedev(1, 5))
        expected = "is a device, not a regular file"
    else:
        bib.mkdir()
        expected = "is a folder, not a regular file"
    assert error_of(root).startswith(f"docbuild.toml: error: bibliography 'refs.bib' {expected}")


def test_a_glob_may_not_climb_out(tmp_path: Path) -> None:
    root = paper(tmp_path, 'manuscript = ["../**/*.md"]\n')
    assert error_of(root).startswith(
        "docbuild.toml:1: error: manuscript entry '../**/*.md' leaves the paper folder"
    )


def test_a_glob_through_a_linked_folder_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "secret.md").write_text("secret")
    root = paper(tmp_path, 'manuscript = ["manuscript/*/*.md"]\n')
    (root / "manuscript" / "more").symlink_to(other)
    assert "manuscript file 'manuscript/more/secret.md' (a link to" in error_of(root)


def test_a_manuscript_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    root = paper(tmp_path)
    with (root / "manuscript" / "02.md").open("wb") as fh:
        fh.truncate(MAX_MANUSCRIPT_FILE + 1)  # sparse: no disk used
    assert error_of(root).startswith(
        "docbuild.toml: error: manuscript file 'manuscript/02.md' is 16.0 MiB, over the limit "
        "of 16 MiB\n"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".", "build_dir '.' is the paper folder itself"),
        ("a/..", "build_dir 'a/..' is the paper folder itself"),
        ("../build", "build_dir '../build' leaves the paper folder"),
        ("/tmp/build", "build_dir '/tmp/build' is an absolute path"),
        ("manuscript", "build_dir 'manuscript' holds the source file 'manuscript/01.md'"),
    ],
)
def test_build_dir_is_a_fresh_subfolder(tmp_path: Path, value: str, message: str) -> None:
    root = paper(tmp_path, f'build_dir = "{value}"\n')
    assert error_of(root).startswith(f"docbuild.toml:1: error: {message}\n")


def test_build_dir_may_not_be_a_link(tmp_path: Path) -> None:
    root = paper(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "build").symlink_to(outside)
    with pytest.raises(ConfigError) as info:
        build_folder(root, "build", where=HERE)
    assert info.value.message == "build_dir 'build' is reached through the symbolic link 'build'"


def test_read_input_never_blocks_on_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "refs.bib"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        read_input(fifo, what="bibliography", limit=100)
    assert (
        info.value.message == "bibliography 'refs.bib' is a FIFO (named pipe), not a regular file"
    )


def test_read_input_refuses_a_file_over_its_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.bib"
    big.write_bytes(b"x" * 2_000_000)
    with pytest.raises(InputError) as info:
        read_input(big, what="bibliography", limit=1_048_576)
    assert info.value.message == "bibliography 'big.bib' is 1.9 MiB, over the limit of 1 MiB"


def test_confine_allows_the_installed_styles(tmp_path: Path) -> None:
    from docbuild.style import PACKAGE_STYLES

    css = PACKAGE_STYLES / "gfpr" / "print.css"
    assert confine(css, (tmp_path, PACKAGE_STYLES), what="css", where=None) == css.resolve()


def test_a_template_partial_outside_the_style_is_refused(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "evil"
    style.mkdir(parents=True)
    (style / "ok.html").write_text("fine")
    (style / "template.html").write_text("<html>\n${ ok() }\n${ ../../../etc/passwd() }\n")
    with pytest.raises(ConfigError) as info:
        check_partials(style / "template.html", (tmp_path,))
    assert str(info.value).startswith(
        f"{style / 'template.html'}:3: error: template partial '../../../etc/passwd' is outside "
        "the style folder"
    )


def test_a_template_partial_linked_outside_is_refused(tmp_path: Path) -> None:
    style = tmp_path / "paper" / "styles" / "evil"
    style.mkdir(parents=True)
    (tmp_path / "secret.html").write_text("secret")
    (style / "part.html").symlink_to(tmp_path / "secret.html")
    (style / "template.html").write_text("$part()$\n")
    with pytest.raises(ConfigError) as info:
        check_partials(style / "template.html", (tmp_path / "paper",))
    assert "template partial 'styles/evil/part.html' (a link to" in info.value.message


def test_the_trusted_variable_lets_the_runner_allow_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "library.bib").write_text("")
    root = paper(tmp_path, f'bibliography = "{shared / "library.bib"}"\n')
    with pytest.raises(ConfigError):
        load_settings(root)
    monkeypatch.setenv("DOCBUILD_TRUSTED", str(shared))
    assert load_settings(root).bib_path == shared / "library.bib"
