"""The reader: our model filled from bibtexparser, and every problem as a diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from docbuild.bib.model import (
    BibComment,
    BibEntry,
    Bibliography,
    BibPreamble,
    BibString,
    FailedBlock,
    ValueKind,
)
from docbuild.bib.problems import ProblemKind
from docbuild.bib.read import parse_bib
from docbuild.bib.write import to_bibtex
from docbuild.diagnostics import Diagnostic
from docbuild.errors import InputError
from docbuild.jobs.bibfile import read_bib
from docbuild.lint.engine import lint_problems

PATH = Path("refs.bib")


def formatted(text: str | bytes) -> list[str]:
    return [d.format() for d in diagnostics(parse_bib(text, PATH))]


def diagnostics(bib: Bibliography) -> tuple[Diagnostic, ...]:
    """The reader's problems as the linter words them (`lint/rules/`)."""
    return lint_problems(bib)


def test_fields_lines_columns_kinds_and_macros() -> None:
    bib = parse_bib(
        "@string{jcp = {J. Chem. Phys.}}\n"
        "@Article{khan2021,\n"
        "  Author = {Khan, U. and Doe, J.},\n"
        '  title = "A {B} c",\n'
        '  journal = jcp # " x",\n'
        "  month = jan, year = 2021\n"
        "}\n",
        PATH,
    )
    assert bib.problems == ()
    (entry,) = bib.entries
    assert (entry.entry_type, entry.key) == ("article", "khan2021")
    assert (entry.line, entry.end_line) == (2, 7)
    assert [(f.name, f.value, f.line, f.column, f.raw, f.kind) for f in entry.fields] == [
        ("Author", "Khan, U. and Doe, J.", 3, 3, "{Khan, U. and Doe, J.}", ValueKind.BRACED),
        ("title", "A {B} c", 4, 3, '"A {B} c"', ValueKind.QUOTED),
        ("journal", "J. Chem. Phys. x", 5, 3, 'jcp # " x"', ValueKind.CONCAT),
        ("month", "jan", 6, 3, "jan", ValueKind.BARE),
        ("year", "2021", 6, 16, "2021", ValueKind.BARE),
    ]
    assert entry.raw.startswith("@Article{khan2021,") and entry.raw.endswith("2021\n}")


def test_all_block_kinds_are_kept_in_order() -> None:
    bib = parse_bib(
        "% a comment before\n"
        '@preamble{"\\newcommand{\\x}{y}"}\n'
        "@string{ia = {International Affairs}}\n"
        "@comment{explicit}\n"
        "@online{u, url = {https://example.org}, urldate = {2024-01-02}}\n"
        "trailing text\n",
        PATH,
    )
    kinds = [type(b) for b in bib.blocks]
    assert kinds == [BibComment, BibPreamble, BibString, BibComment, BibEntry, BibComment]
    assert bib.blocks[0] == BibComment("% a comment before", 1)
    assert bib.blocks[1] == BibPreamble("\\newcommand{\\x}{y}", 2, '"\\newcommand{\\x}{y}"')
    assert bib.blocks[2] == BibString("ia", "International Affairs", 3, "{International Affairs}")
    assert bib.blocks[3] == BibComment("explicit", 4, explicit=True)
    assert bib.blocks[5] == BibComment("trailing text", 6)


def test_ignore_directive_right_before_an_entry() -> None:
    bib = parse_bib(
        "% docbuild: ignore missing-doi, B010\n@article{a, title = {X}}\n\n"
        "@article{b, title={Y}}\n",
        PATH,
    )
    a, b = bib.entries
    assert a.ignored_rules == frozenset({"missing-doi", "B010"})
    assert b.ignored_rules == frozenset()


def test_duplicate_keys_also_differing_in_case() -> None:
    assert formatted(
        "@misc{khan2021, title={a}}\n\n@misc{khan2021, title={b}}\n@misc{Khan2021, title={c}}\n"
    ) == [
        "refs.bib:3:7: error B002 duplicate-key [khan2021] duplicate key 'khan2021' "
        "(first defined on line 1)",
        "refs.bib:4:7: error B002 duplicate-key [Khan2021] duplicate key 'Khan2021' "
        "(differs only in case from 'khan2021' on line 1)",
    ]


def test_duplicate_field_invalid_keys_undefined_macro() -> None:
    assert formatted(
        "@misc{a,\n  title = {x},\n  Title = {y},\n  journal = jcp,\n  month = mar\n}\n"
        "@misc{my key, title={x}}\n@misc{, title={x}}\n"
    ) == [
        "refs.bib:3:3: warning B014 duplicate-field [a] duplicate field 'Title' (first on line 2)",
        "refs.bib:4:3: error B016 undefined-macro [a] undefined macro 'jcp' in field 'journal'",
        "refs.bib:7:7: error B015 invalid-key [my key] key 'my key' contains whitespace",
        "refs.bib:8:7: error B015 invalid-key entry has an empty key",
    ]


def test_non_utf8_bytes_are_reported_and_kept() -> None:
    data = b"@misc{a,\n  author = {M\xfcller, J.}\n}\n"
    bib = parse_bib(data, PATH)
    assert [d.format() for d in diagnostics(bib)] == [
        "refs.bib:2:14: error B017 encoding-error [a] invalid utf-8 byte 0xfc at byte offset 22, "
        "read as windows-1252 'ü'"
    ]
    assert bib.entries[0].value("author") == "Müller, J."


def test_extra_closing_brace_is_a_parse_error() -> None:
    text = (
        "@article{a,\n  title = {Foo}},\n  year = {2020},\n  journal = {J}\n}\n"
        "@book{b, title={B}}\n"
    )
    bib = parse_bib(text, PATH)
    assert [d.format() for d in diagnostics(bib)] == [
        "refs.bib:2:16: error B001 parse-error [a] an extra '}' on line 2 ends entry 'a' early: "
        "the fields after it, up to line 5, would be lost"
    ]
    assert [e.key for e in bib.entries] == ["b"]
    failed = [b for b in bib.blocks if isinstance(b, FailedBlock)]
    assert [f.raw for f in failed] == [text[: text.index("@book") - 1]]


@pytest.mark.parametrize(
    "text",
    [
        "@article{a,\n  title = {Foo}\n  year = {2020},\n  journal = {J}\n}\n",
        '@article{a,\n  title = "Foo"\n  year = 2020,\n}\n',
        "@article{a,\n  title = Foo\n  year = 2020\n}\n",
    ],
)
def test_missing_comma_is_a_parse_error(text: str) -> None:
    bib = parse_bib(text, PATH)
    (diagnostic,) = diagnostics(bib)
    assert diagnostic.format().startswith("refs.bib:2:")
    assert diagnostic.format().endswith(
        "error B001 parse-error [a] missing comma after field 'title': "
        "field 'year' would be read as part of its value"
    )
    assert bib.entries == ()
    assert [b.raw for b in bib.blocks if isinstance(b, FailedBlock)] == [text.rstrip()]


def test_line_starting_with_at_inside_a_value_is_a_parse_error() -> None:
    text = (
        "@article{a,\n  title = {Foo},\n  abstract = {some text\n"
        "@misc{phantom, title = {x}}\nmore text},\n  year = {2020}\n}\n"
        "@book{b, title = {B}}\n"
    )
    bib = parse_bib(text, PATH)
    assert [d.format() for d in diagnostics(bib)] == [
        "refs.bib:4:1: error B001 parse-error [a] a line starting with '@misc{' inside a field "
        "value would be read as a separate entry"
    ]
    assert [e.key for e in bib.entries] == ["b"]
    assert [b.raw for b in bib.blocks if isinstance(b, FailedBlock)] == [
        text[: text.index("@book") - 1]
    ]


def test_unclosed_entry_does_not_swallow_the_next_one() -> None:
    text = "@article{a,\n  title = {Foo},\n\n@book{b, title = {B}}\n"
    bib = parse_bib(text, PATH)
    assert [d.format() for d in diagnostics(bib)] == [
        "refs.bib:1:1: error B001 parse-error [a] block is not closed before '@book' on line 4"
    ]
    assert [e.key for e in bib.entries] == ["b"]


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        (
            "@article{a,\n  title = {Foo},\n  year = {2020,\n  volume = {3},\n}\n\n@book{b}\n",
            "close the value of 'year' on line 3 with '}'",
        ),
        (
            '@article{a,\n  title = "Foo {"} bar,\n  year = {2020},\n}\n@book{b, x={B}}\n',
            "close the value of 'title' on line 2 with '\"'",
        ),
        (
            "@article{a,\n  title = {Foo {Bar} baz},\n  year = {2020},\n\n@book{b, x={B}}\n",
            "end entry 'a' with '}' before line 5",
        ),
    ],
)
def test_an_unclosed_entry_says_which_brace_to_add(text: str, fix: str) -> None:
    """The message named only the entry's first line; the missing brace was lines further."""
    (diagnostic,) = diagnostics(parse_bib(text, PATH))
    assert diagnostic.message.startswith("block is not closed before '@book' on line ")
    assert diagnostic.fix == fix


def test_an_unclosed_entry_is_written_back_as_it_was() -> None:
    """The blank line after a broken entry once came back doubled in refs.normalized.bib, so
    every build printed a diff while it said '0 changes'."""
    text = "@article{a,\n  year = {2020,\n}\n\n@book{b, title = {B}}\n"
    bib = parse_bib(text, PATH)
    assert [b.raw for b in bib.blocks if isinstance(b, FailedBlock)] == [
        "@article{a,\n  year = {2020,\n}"
    ]
    assert to_bibtex(bib) == text


def test_read_bib_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_bib(tmp_path / "refs.bib")
    assert info.value.message == "bibliography 'refs.bib' not found"


def test_block_types_that_only_start_like_string_comment_preamble() -> None:
    bib = parse_bib('@stringx{a = {b}}\n@Commentary{x}\n@preambles{"x"}\n', PATH)
    assert [d.format() for d in diagnostics(bib)] == [
        "refs.bib:1:1: error B001 parse-error unknown block type '@stringx'",
        "refs.bib:2:1: error B001 parse-error unknown block type '@commentary'",
        "refs.bib:3:1: error B001 parse-error unknown block type '@preambles'",
    ]
    assert [b.raw for b in bib.blocks if isinstance(b, FailedBlock)] == [
        "@stringx{a = {b}}",
        "@Commentary{x}",
        '@preambles{"x"}',
    ]


def test_a_broken_header_does_not_swallow_the_blocks_after_it() -> None:
    bib = parse_bib("@x{@comment{c}\n@article{k,\n title={t}}\n", PATH)
    assert [type(b) for b in bib.blocks] == [FailedBlock, BibComment, BibEntry]
    assert bib.blocks[0] == FailedBlock("@x{", 1, ProblemKind.NO_COMMA_AFTER_KEY)
    assert [e.key for e in bib.entries] == ["k"]


def test_control_characters_and_windows_1252_bytes() -> None:
    assert formatted(b"@misc{a,\n  title = {x\x00y \x92quoted\x92}\n}\n") == [
        "refs.bib:2:13: error B017 encoding-error [a] control character U+0000 is not text; "
        "remove it",
        "refs.bib:2:16: error B017 encoding-error [a] invalid utf-8 byte 0x92 at byte offset 24, "
        "read as windows-1252 '’'",
    ]


def test_a_macro_defined_with_an_undefined_macro_is_reported_where_used() -> None:
    assert formatted(
        '@string{loopa = loopb # " x"}\n@string{loopb = loopa}\n\n'
        "@article{k,\n  journal = loopa\n}\n"
    ) == [
        "refs.bib:1:1: error B016 undefined-macro undefined macro 'loopb' in '@string' 'loopa'",
        "refs.bib:5:3: error B016 undefined-macro [k] macro 'loopa' in field 'journal' is "
        "defined with undefined macro 'loopb'",
    ]


def test_a_broken_header_before_identical_blocks_keeps_them_in_place() -> None:
    bib = parse_bib("@misc{@string{aaa = {}}\n\n@string{aaa = {}}\n\n@string{aa = {}}\n", PATH)
    assert bib.blocks == (
        FailedBlock("@misc{", 1, ProblemKind.NO_COMMA_AFTER_KEY),
        BibString("aaa", "", 1, "{}"),
        BibString("aaa", "", 3, "{}"),
        BibString("aa", "", 5, "{}"),
    )


def test_every_key_field_macro_and_byte_problem_says_what_to_do() -> None:
    """These findings once named the problem with no `fix:` line under it."""
    text = (
        b"@string{j = jn}\n"
        b"@article{a1, title = {M\xfcller}, title = {Other}, journal = jcp}\n"
        b"@article{a1, title = {B}}\n"
        b"@book{my key, title = {C}}\n"
        b"@book{, title = {D}}\n"
    )
    fixes = [(d.rule, d.fix) for d in diagnostics(parse_bib(text, PATH))]
    assert fixes == [
        ("B016", "define 'jn' above this @string, or write its text in braces"),
        ("B017", "retype 'ü' and save refs.bib as UTF-8"),
        ("B014", "keep the right 'title' and delete the other"),
        (
            "B016",
            "define it before this entry (@string{jcp = {...}}), or write the value in braces: "
            "journal = {...}",
        ),
        (
            "B002",
            "delete this copy if it is the same work as line 2; otherwise give it a key of its own "
            "and cite that",
        ),
        ("B015", "write it 'mykey', here and where it is cited ([@mykey])"),
        ("B015", "give it a key after the '{', e.g. khan2019, and cite it as [@khan2019]"),
    ]


def macro_bomb(levels: int) -> str:
    """@string macros that each concatenate the one before twice: 40 lines, 16 TiB expanded."""
    lines = ['@string{m0 = "0123456789abcdef"}']
    lines += [f"@string{{m{i} = m{i - 1} # m{i - 1}}}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_macros_that_double_are_refused_past_the_limit() -> None:
    text = (
        macro_bomb(40)
        + "@article{k,\n  title = m40 # { and more},\n  year = 2020\n}\n"
        + "@preamble{m40}\n"
        + '@string{m40 = "small"}\n@article{ok, title = m40}\n'
    )
    bib = parse_bib(text, PATH)
    found = formatted(text)
    # m20's expansion (16 MiB) brings all the text expanded so far to 32 MiB: m21 is the first
    # refused, each one after it is refused for using the one before.
    assert found[:3] == [
        "refs.bib:22:1: error B001 parse-error '@string' 'm21' is not read: with macro 'm20', the "
        "text this file's macros expand to would pass 32 MiB, the limit",
        "refs.bib:23:1: error B001 parse-error '@string' 'm22' is not read: it uses macro 'm21', "
        "not read on line 22",
        "refs.bib:24:1: error B001 parse-error '@string' 'm23' is not read: it uses macro 'm22', "
        "not read on line 23",
    ]
    assert found[-2:] == [
        "refs.bib:43:3: error B001 parse-error [k] field 'title' is not read: it uses macro "
        "'m40', not read on line 41",
        "refs.bib:46:1: error B001 parse-error the '@preamble' is not read: it uses macro 'm40', "
        "not read on line 41",
    ]
    assert len(found) == 22
    fixes = {d.fix for d in diagnostics(bib)}
    assert fixes == {"write the text itself in braces, not through macro 'm20'", None}
    failed = [b for b in bib.blocks if isinstance(b, FailedBlock)]
    assert [b.problem for b in failed] == [ProblemKind.MACROS_TOO_LARGE] * 22
    assert max(len(s.value) for s in bib.blocks if isinstance(s, BibString)) == 16 << 20
    # Defined again, small, the macro is read as usual.
    (ok,) = [b for b in bib.blocks if isinstance(b, BibEntry)]
    assert ok.get("title").value == "small"  # type: ignore[union-attr]


def test_macros_below_the_limit_are_expanded() -> None:
    bib = parse_bib(macro_bomb(19) + "@article{k, title = m19}\n", PATH)
    assert formatted(macro_bomb(19)) == []
    (entry,) = [b for b in bib.blocks if isinstance(b, BibEntry)]
    assert len(entry.get("title").value) == 16 << 19  # type: ignore[union-attr]
