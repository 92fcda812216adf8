"""Quarto's `{{< include >}}` spliced in before pandoc reads the text: pieces in reading order,
every line keeping its number in its own file, and every include that may not be read
reported at once with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.cite.includes import (
    Include,
    expand_includes,
    find_includes,
    include_path,
    merge_pieces,
    without_includes,
)
from docbuild.diagnostics import Location
from docbuild.errors import ConfigError, ConfigErrors

MAIN = Path("/p/main.qmd")
PART = Path("/p/text/part.md")


def test_an_include_is_a_line_of_its_own_outside_code() -> None:
    text = (
        "Intro {{< include inline.md >}}.\n"  # 1: inside a paragraph: not Quarto's include
        "{{< include text/part.md >}}\n"  # 2
        "  {{< include 'quoted name.md' >}}\n"  # 3
        "{{{< include escaped.md >}}}\n"  # 4: Quarto prints the escaped form as written
        "```\n{{< include in-code.md >}}\n```\n"  # 5-7
        '{{< include "x.qmd" >}}\r\n'  # 8
    )
    assert find_includes(text) == [
        Include(2, "text/part.md"),
        Include(3, "quoted name.md"),
        Include(8, "x.qmd"),
    ]
    assert without_includes("a\n{{< include x.md >}}\nb\n") == "a\n\nb\n"


def test_pieces_keep_every_line_number_in_its_own_file() -> None:
    main = "---\ntitle: T\n---\n\nBefore.\n\n{{< include text/part.md >}}\n\nAfter @k.\n"
    part = "## Part\n\nInside.\n"
    pieces, missing = expand_includes([(MAIN, main)], lambda p, w: part if p == PART else None)
    assert missing == []
    assert [p for p, _ in pieces] == [MAIN, PART, MAIN]
    first, inside, after = (t.split("\n") for _, t in pieces)
    assert first[4] == "Before." and first[6] == ""  # the shortcode's line (7) is blank
    assert inside[2] == "Inside."
    assert after.index("After @k.") == 8  # line 9 of main.qmd, as in the file
    assert "".join(after[:8]) == ""
    merged = merge_pieces(pieces)
    assert merged[MAIN].split("\n") == main.replace("{{< include text/part.md >}}", "").split("\n")
    assert merged[PART] == part


def test_includes_nest_relative_to_the_file_that_includes() -> None:
    files = {
        PART: "Part.\n\n{{< include ../more/deep.md >}}\n",
        Path("/p/more/deep.md"): "Deep.\n",
    }
    pieces, _ = expand_includes(
        [(MAIN, "{{< include text/part.md >}}\n")], lambda p, w: files.get(p)
    )
    assert [(p.name, t.strip()) for p, t in pieces if t.strip()] == [
        ("part.md", "Part."),
        ("deep.md", "Deep."),
    ]


def test_a_path_from_the_root_is_read_from_the_quarto_project() -> None:
    # Quarto reads `/x` from the project's folder: a Spanish template (Kijusa94/
    # quarto-manuscript-fup-template, MIT) writes `{{< include /tables/_data_table.qmd >}}` in
    # sections/_3_results.qmd; the corpus paper quarto-fup-plantilla builds it.
    section = Path("/p/sections/_3_results.qmd")
    files = {section: "Tabla:\n\n{{< include /tables/_data_table.qmd >}}\n"}
    files[Path("/p/tables/_data_table.qmd")] = "| Nombre |\n|---|\n| María |\n"
    pieces, missing = expand_includes(
        [(MAIN, "{{< include sections/_3_results.qmd >}}\n")],
        lambda p, w: files.get(p),
        project=Path("/p"),
    )
    assert [(p.name, t.strip()) for p, t in pieces if t.strip()] == [
        ("_3_results.qmd", "Tabla:"),
        ("_data_table.qmd", "| Nombre |\n|---|\n| María |"),
    ]
    assert missing == []
    # `..` after the root still climbs out lexically, and the reader refuses that path.
    assert include_path(section, "/../outside.md", Path("/p")) == Path("/outside.md")
    # A path absolute on every machine stays refused, project or not.
    assert include_path(section, "~/notes.md", Path("/p")) is None
    assert include_path(section, "//server/x.md", Path("/p")) is None
    assert include_path(section, "/tables/t.qmd", None) is None


def test_a_missing_file_is_left_in_the_text_and_returned() -> None:
    text = "A.\n\n{{< include _extensions/x/banner.html >}}\n"
    pieces, missing = expand_includes([(MAIN, text)], lambda p, w: None)
    assert pieces == [(MAIN, text)]
    assert [(m.location, m.target) for m in missing] == [
        (Location(MAIN, 3), "_extensions/x/banner.html")
    ]


def test_every_include_that_may_not_be_read_is_an_error_at_once() -> None:
    def read(path: Path, where: Location) -> str | None:
        if path.name == "secret.md":
            raise ConfigError(
                "included file '/secret.md' is outside the paper folder", location=where
            )
        return "{{< include ../main.qmd >}}\n" if path == PART else None

    text = (
        "{{< include /etc/passwd >}}\n"
        "{{< include ../../secret.md >}}\n"
        "{{< include text/part.md >}}\n"
        "{{< include main.qmd >}}\n"
    )
    with pytest.raises(ConfigErrors) as info:
        expand_includes([(MAIN, text)], read)
    assert [(str(e.location), e.message) for e in info.value.errors] == [
        ("/p/main.qmd:1", "'{{< include /etc/passwd >}}' names an absolute path"),
        ("/p/main.qmd:2", "included file '/secret.md' is outside the paper folder"),
        ("/p/text/part.md:1", "'{{< include ../main.qmd >}}' includes a file that includes it"),
        ("/p/main.qmd:4", "'{{< include main.qmd >}}' includes a file that includes it"),
    ]


def test_a_missing_include_is_one_warning_and_not_a_shortcode_quarto_must_run() -> None:
    from docbuild.render.xref import code_not_run, missing_includes

    text = "A.\n\n{{< include _extensions/x/banner.html >}}\n\n{{< words-sum body >}}\n"
    found = missing_includes({MAIN: text}, Path("/p"), Path("/p"))
    assert [(str(f.location), f.rule, f.severity.value, f.message, f.fix) for f in found] == [
        (
            "/p/main.qmd:3",
            "R013",
            "warning",
            "'{{< include _extensions/x/banner.html >}}': the file '_extensions/x/banner.html'"
            " does not exist, so its text is left out",
            "add the file (a Quarto extension's: install the extension), or remove the shortcode",
        )
    ]
    # Quarto's other shortcodes are still named as Quarto's to run; the include is not.
    assert [f.message for f in code_not_run([(MAIN, text)], Path("/p"))] == [
        "shortcodes (words-sum) not run (Quarto): docbuild does not execute code, so their"
        " output is left out"
    ]


def test_includes_that_fan_out_are_stopped_at_the_count_limit() -> None:
    # Each file includes the next twice: no cycle and 16 deep, but 65,534 includes and
    # 2**15 copies of the last file.
    files = {Path(f"/p/f{i}.md"): f"F{i}.\n\n{{{{< include f{i + 1}.md >}}}}\n" * 2
             for i in range(15)}  # fmt: skip
    files[Path("/p/f15.md")] = "Last.\n"
    reads: list[Path] = []

    def read(path: Path, where: Location) -> str | None:
        reads.append(path)
        return files.get(path)

    with pytest.raises(ConfigErrors) as info:
        expand_includes([(MAIN, "{{< include f0.md >}}\n")], read)
    ((where, message, hint),) = [(str(e.location), e.message, e.hint) for e in info.value.errors]
    assert message == "the manuscript with its includes passes 10,000 includes here (the limit)"
    assert hint == "include each file once: a file included from several places is copied each time"
    assert where == "/p/f12.md:6"  # the 10,001st include, depth first: a second one of f13
    assert sorted(set(reads)) == sorted(reads)  # each file read once


def test_includes_past_the_text_limit_are_stopped() -> None:
    # One file of 1 MiB included 100 times: 100 MiB for pandoc.
    big = Path("/p/big.md")
    text = "".join("{{< include big.md >}}\n" for _ in range(100))
    with pytest.raises(ConfigErrors) as info:
        expand_includes([(MAIN, text)], lambda p, w: "x" * (1 << 20) + "\n" if p == big else None)
    assert [(str(e.location), e.message) for e in info.value.errors] == [
        (
            "/p/main.qmd:64",
            "the manuscript with its includes passes 64 MiB of text here (the limit)",
        )
    ]


def test_a_file_included_often_below_the_limits_is_spliced_each_time() -> None:
    text = "".join("{{< include part.md >}}\n" for _ in range(50))
    pieces, _ = expand_includes(
        [(MAIN, text)], lambda p, w: "Part.\n" if p.name == "part.md" else None
    )
    assert sum(t.strip() == "Part." for _, t in pieces) == 50
