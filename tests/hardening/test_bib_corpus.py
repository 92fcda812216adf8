"""The bad-bibliography corpus: no crash, no hang, every affected entry reported with its line,
nothing dropped or altered in silence (see bib_oracle.py), and the time each case took."""

from __future__ import annotations

from pathlib import Path

import pytest
from bib_corpus import Case, bib_cases, run_case

# Bugs found by this corpus and not yet fixed, as strict xfails: a fix turns the test red and
# the entry must go. (Fixed since: NUL and control characters had no B017; an entry using a
# macro built on an undefined one was not reported.)
KNOWN_BUGS: dict[str, str] = {}


def _marks(case: Case) -> list[pytest.MarkDecorator]:
    marks = [pytest.mark.slow] if case.slow else []
    if case.name in KNOWN_BUGS:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case.name]))
    return marks


CASES = [pytest.param(c, id=c.name, marks=_marks(c)) for c in bib_cases(include_slow=True)]


@pytest.mark.parametrize("case", CASES)
def test_bad_bibliography_is_read_without_loss(
    case: Case, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    result = run_case(case, tmp_path)
    record_property("seconds", round(result.seconds, 3))
    assert result.ok, result.explain()  # a hang past the case's budget is a crash here
