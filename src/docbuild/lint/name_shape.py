"""What is wrong with a name or a name list, as the name checks say it (`name_shapes`,
`name_slips`, `name_people`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Shape:
    """What is wrong with a name list, and the list as it should be (every name kept)."""

    message: str
    fix: str | None  # the list's (or the name's) new value; None when it cannot be known
    known: bool = True  # False: a likely reading, not a certain one (a warning)
