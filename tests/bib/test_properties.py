"""Hypothesis properties of the bibliography core: the reader never raises and never loses or
silently changes anything; normalize is idempotent; parse -> write -> parse keeps entries.

Runs are short by default (the `bib` profile); `HYPOTHESIS_PROFILE=bib-long` runs long.
"""

from __future__ import annotations

import os
from pathlib import Path

from bib_strategies import (
    bib_text,
    entry_parts,
    join_entry,
    mutated_bib_text,
    strict_entries,
    unaccounted,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docbuild.bib.csl import to_csl_json
from docbuild.bib.normalize import normalize
from docbuild.bib.read import parse_bib
from docbuild.bib.write import to_bibtex
from docbuild.lint.engine import lint_problems

settings.register_profile(
    "bib",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("bib-long", max_examples=5000, deadline=None)
PROFILE = settings.get_profile(
    "bib-long" if os.environ.get("HYPOTHESIS_PROFILE") == "bib-long" else "bib"
)
PATH = Path("refs.bib")
Parts = tuple[str, str, list[tuple[str, str]]]


def entries_as_written(text: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    bib = parse_bib(text, PATH)
    return [(e.entry_type, e.key, [(f.name, f.raw) for f in e.fields]) for e in bib.entries]


@PROFILE
@given(bib_text())
def test_well_formed_files_read_exactly(text: str) -> None:
    bib = parse_bib(text, PATH)
    assert [d.format() for d in lint_problems(bib) if d.rule in ("B001", "B016", "B017")] == []
    assert entries_as_written(text) == strict_entries(text)
    assert unaccounted(text, bib) is None


@PROFILE
@given(mutated_bib_text())
def test_no_silent_alteration_of_mutated_files(text: str) -> None:
    """Without a parse error (or an invalid key, kept as written) the reader's entries are
    what a strict parser reads."""
    bib = parse_bib(text, PATH)
    assert unaccounted(text, bib) is None
    if not any(d.rule in ("B001", "B015") for d in lint_problems(bib)):
        assert entries_as_written(text) == strict_entries(text)


@PROFILE
@given(st.text(max_size=400))
def test_reader_never_raises_on_text(text: str) -> None:
    bib = parse_bib(text, PATH)
    assert unaccounted(text, bib) is None
    to_csl_json(bib)
    normalize(bib)


@PROFILE
@given(st.binary(max_size=400))
def test_reader_never_raises_on_bytes(data: bytes) -> None:
    bib = parse_bib(data, PATH)
    assert all(p.line >= 1 for p in bib.problems)


@PROFILE
@given(st.one_of(bib_text(), mutated_bib_text()))
def test_normalize_is_idempotent(text: str) -> None:
    once, _ = normalize(parse_bib(text, PATH))
    assert normalize(once) == (once, ())


@PROFILE
@given(bib_text(), st.booleans())
def test_parse_write_parse_gives_the_same_entries(text: str, keep_layout: bool) -> None:
    bib = parse_bib(text, PATH)
    for version in (bib, normalize(bib)[0]):
        again = parse_bib(to_bibtex(version, keep_layout=keep_layout), PATH)
        assert [d.format() for d in lint_problems(again) if d.rule == "B001"] == []
        assert [
            (e.entry_type, e.key, [(f.name, f.value) for f in e.fields]) for e in again.entries
        ] == [(e.entry_type, e.key, [(f.name, f.value) for f in e.fields]) for e in version.entries]


@PROFILE
@given(bib_text())
def test_every_changed_value_is_in_the_change_list(text: str) -> None:
    bib = parse_bib(text, PATH)
    new, changes = normalize(bib)
    listed = {(c.key, c.field) for c in changes}
    for old, entry in zip(bib.entries, new.entries, strict=True):
        assert old.key == entry.key
        before = {f.name.lower(): f.raw for f in old.fields}
        for f in entry.fields:
            if before.get(f.name) != f.raw or f.name not in [g.name for g in old.fields]:
                assert (entry.key, f.name) in listed


def _parse_errors_for(text: str, key: str) -> list[str]:
    return [
        d.message for d in lint_problems(parse_bib(text, PATH)) if d.rule == "B001" and d.key == key
    ]


@PROFILE
@given(entry_parts(), st.data())
def test_an_extra_brace_after_any_field_is_reported(parts: Parts, data: st.DataObject) -> None:
    entry_type, key, fields = parts
    assume(key != "after")  # the key of the entry that follows, which must stay readable
    i = data.draw(st.integers(0, len(fields) - 2))
    seps = [","] * len(fields)
    seps[i] = "},"
    text = join_entry(entry_type, key, fields, seps) + "@misc{after, title = {x}}\n"
    bib = parse_bib(text, PATH)
    assert _parse_errors_for(text, key)
    assert key not in [e.key for e in bib.entries]
    assert [e.key for e in bib.entries] == ["after"]


@PROFILE
@given(entry_parts(), st.data())
def test_a_missing_comma_after_any_field_is_reported(parts: Parts, data: st.DataObject) -> None:
    entry_type, key, fields = parts
    i = data.draw(st.integers(0, len(fields) - 2))
    seps = [","] * len(fields)
    seps[i] = ""
    text = join_entry(entry_type, key, fields, seps)
    assert _parse_errors_for(text, key) == [
        f"missing comma after field '{fields[i][0]}': field '{fields[i + 1][0]}' "
        "would be read as part of its value"
    ]
    assert parse_bib(text, PATH).entries == ()


@PROFILE
@given(entry_parts(), st.data())
def test_an_at_line_inside_any_value_is_reported(parts: Parts, data: st.DataObject) -> None:
    entry_type, key, fields = parts
    delimited = [i for i, (_, v) in enumerate(fields) if v[:1] in '{"' and v[-1:] in '}"']
    assume(delimited)
    i = data.draw(st.sampled_from(delimited))
    name, value = fields[i]
    fields[i] = (name, value[0] + "text\n@misc{phantom, title = {x}}\nmore" + value[1:])
    text = join_entry(entry_type, key, fields, [","] * len(fields))
    bib = parse_bib(text, PATH)
    assert _parse_errors_for(text, key) == [
        "a line starting with '@misc{' inside a field value would be read as a separate entry"
    ]
    assert [e.key for e in bib.entries] == []
    assert unaccounted(text, bib) is None
