"""refs.verified.json: deterministic, versioned, and a clear error when damaged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docbuild.config import Settings
from docbuild.crossref.verified import Status, Verification, VerifiedRefs, verified_to_json
from docbuild.crossref.verified_file import read_verified, verified_path, write_verified
from docbuild.crossref.work import Author, Update, Work
from docbuild.errors import InputError

WORK = Work(
    doi="10.5555/retracted.2017.001",
    title="Energy Corridors and the Pakistan-Russia Gas Pipeline",
    authors=(Author("Rahman", "A."),),
    container="Journal of Energy Diplomacy",
    issued="2017-04-03",
    type="journal-article",
    updates=(Update("updated-by", "retraction", "10.5555/retraction.2020.002", "2020-03-02"),),
)
LOCK = VerifiedRefs(
    entries={
        "rahman2017": Verification(
            Status.CONFIRMED,
            1.0,
            "title 100% similar",
            "2026-11-28T10:00:00Z",
            doi="10.5555/retracted.2017.001",
            record=WORK,
        ),
        "yousaf2014": Verification(
            Status.NO_MATCH, 0.37, "no confident match", "2026-11-28T10:00:01Z"
        ),
    },
    api="http://127.0.0.1:1",
)


def test_round_trip(tmp_path: Path):
    path = tmp_path / "refs.verified.json"
    write_verified(path, LOCK)
    assert read_verified(path) == LOCK


def test_json_is_sorted_and_stable():
    text = verified_to_json(LOCK)
    assert text == verified_to_json(
        VerifiedRefs(entries=dict(reversed(LOCK.entries.items())), api=LOCK.api)
    )
    data = json.loads(text)
    assert list(data) == ["api", "entries", "version"]
    assert data["version"] == 1
    assert data["entries"]["yousaf2014"] == {
        "candidate": None,
        "candidate_score": 0.0,
        "checked": [],
        "doi": "",
        "fetched_at": "2026-11-28T10:00:01Z",
        "query": "",
        "reason": "no confident match",
        "record": None,
        "score": 0.37,
        "status": "no-match",
        "suggestion": None,
        "suggestion_score": 0.0,
    }
    assert text.endswith("}\n")


def test_no_lock_yet(tmp_path: Path):
    assert read_verified(tmp_path / "refs.verified.json") is None


def test_the_lock_sits_next_to_the_bibliography(tmp_path: Path):
    assert verified_path(Settings(root=tmp_path)) == tmp_path / "refs.verified.json"
    assert verified_path(Settings(root=tmp_path, bibliography=("bib/paper.bib",))) == (
        tmp_path / "bib" / "paper.verified.json"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{",
            "refs.verified.json is not valid JSON: Expecting property name enclosed in "
            "double quotes: line 1 column 2 (char 1)",
        ),
        ('{"version": 1}', "refs.verified.json has no 'entries' table"),
        (
            '{"version": 9, "entries": {}}',
            "refs.verified.json has format version 9; this docbuild reads 1",
        ),
        (
            '{"version": 1, "entries": {"k": {"status": "odd"}}}',
            "refs.verified.json: entry 'k' is damaged (ValueError: 'odd' is not a valid Status)",
        ),
    ],
)
def test_a_damaged_lock_says_what_to_do(tmp_path: Path, text: str, message: str):
    path = tmp_path / "refs.verified.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_verified(path)
    assert info.value.message == message
    assert info.value.hint is not None and info.value.hint.endswith(
        "delete it and run `doit verify-refs` again"
    )
