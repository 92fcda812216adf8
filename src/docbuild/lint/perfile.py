"""What a rule works out once per bibliography file, though it is called once per entry: kept
for the last Bibliography asked about (one home for the rules' per-file caches)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from docbuild.bib.model import Bibliography

T = TypeVar("T")


class PerFile(Generic[T]):
    """`compute(bibliography)`, worked out again only for another Bibliography than the last.
    A lint run asks about one file, entry after entry; the file is told by identity (equality
    would hash every entry). The pair is replaced whole, so a run on another thread at worst
    computes its own."""

    __slots__ = ("_compute", "_last")

    def __init__(self, compute: Callable[[Bibliography], T]) -> None:
        self._compute = compute
        self._last: tuple[Bibliography, T] | None = None

    def __call__(self, bibliography: Bibliography) -> T:
        last = self._last
        if last is not None and last[0] is bibliography:
            return last[1]
        value = self._compute(bibliography)
        self._last = (bibliography, value)
        return value


def per_file(compute: Callable[[Bibliography], T]) -> PerFile[T]:
    """`compute` worked out once per file (a decorator)."""
    return PerFile(compute)
