"""The bad-bibliography corpus of issue 8, each case with what its author meant and what must
be reported; `run_case` reads one through `docbuild.jobs.bibfile.read_bib` and checks it.

bench/run_all.py imports this module for the figures in docs/guarantees.md.
"""

from __future__ import annotations

import functools
import signal
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bib_oracle import Intended, silent_alterations, unaccounted

from docbuild.bib.model import Bibliography
from docbuild.lint.engine import lint_problems


@dataclass(frozen=True, slots=True)
class Expect:
    """A diagnostic with one of `rules` must lie on lines first..last (and name `key`, if set)."""

    rules: frozenset[str]
    first: int
    last: int
    key: str | None = None

    def met_by(self, bib: Bibliography) -> bool:
        return any(
            d.rule in self.rules
            and self.first <= d.location.line <= self.last
            and (self.key is None or d.key == self.key)
            for d in lint_problems(bib)
        )

    def __str__(self) -> str:
        rules = "/".join(sorted(self.rules))
        key = f" [{self.key}]" if self.key else ""
        return f"{rules} on lines {self.first}-{self.last}{key}"


class _Builder:
    """Concatenates chunks of a `.bib` file and remembers the lines each entry spans."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.line = 1
        self.intended: list[Intended] = []

    def add(self, text: str, key: str | None = None, **fields: str) -> int:
        """Append `text`; when `key` is given, record the entry the author meant. Returns the
        line `text` starts on."""
        start = self.line
        self.chunks.append(text)
        self.line += text.count("\n")
        if key is not None:
            self.intended.append(Intended(key, start, self.line, fields))
        return start

    def good(self, key: str) -> int:
        return self.add(
            f"@article{{{key},\n  author = {{Khan, Uroosa}},\n  title = {{On {key}}},\n"
            f"  journal = {{Asian Survey}},\n  year = {{2021}}\n}}\n\n",
            key,
            author="Khan, Uroosa",
            title=f"On {key}",
            journal="Asian Survey",
            year="2021",
        )

    def text(self) -> str:
        return "".join(self.chunks)


@dataclass(frozen=True, slots=True)
class Made:
    data: bytes
    intended: tuple[Intended, ...]
    expect: tuple[Expect, ...]


@dataclass(frozen=True)
class Case:
    """A named input, built only when a test needs it (the big ones cost seconds to make)."""

    name: str
    build: Callable[[_Builder], list[Expect]]
    slow: bool = False
    # Seconds before the case counts as a hang: far above its cost on a loaded machine (ten
    # times the idle figure or more), so it catches runaway work, not a slow machine; how fast
    # reading is lives in bench/bench_bib.py.
    budget: float = 60.0

    @functools.cached_property
    def made(self) -> Made:
        b = _Builder()
        expect = self.build(b)
        # Lone surrogates in the text stand for raw bytes that are not UTF-8 (the Latin-1 case).
        data = b.text().encode("utf-8", "surrogateescape")
        return Made(data, tuple(b.intended), tuple(expect))


B001 = frozenset({"B001"})


def _unbalanced_open(b: _Builder) -> list[Expect]:
    b.good("before2020")
    line = b.add(
        "@article{open2021,\n  title = {An {open brace},\n  year = {2021}\n}\n\n",
        "open2021",
        title="An open brace",
        year="2021",
    )
    after = b.good("after2022")
    # The reader may only notice at the next `@`, so the report may sit on that line.
    return [Expect(B001, line, after, "open2021")]


def _extra_close(b: _Builder) -> list[Expect]:
    line = b.add(
        "@article{extra2020,\n  title = {Closed twice}},\n  year = {2020},\n"
        "  journal = {Asian Survey}\n}\n\n",
        "extra2020",
        title="Closed twice",
        year="2020",
        journal="Asian Survey",
    )
    b.good("after2021")
    return [Expect(B001, line, line + 4)]


def _missing_comma(b: _Builder) -> list[Expect]:
    line = b.add(
        "@book{comma2019,\n  title = {No comma after me}\n  year = {2019},\n"
        "  publisher = {Routledge}\n}\n\n",
        "comma2019",
        title="No comma after me",
        year="2019",
        publisher="Routledge",
    )
    b.good("after2021")
    return [Expect(B001, line, line + 4)]


def _at_in_value(b: _Builder) -> list[Expect]:
    line = b.add(
        "@article{inside2018,\n  abstract = {The first line of the abstract\n"
        "@misc{phantom,\n  note = {looks like an entry}}\n  and the rest},\n"
        "  year = {2018}\n}\n\n",
        "inside2018",
        abstract="The first line of the abstract @misc{phantom, note = {looks like an entry}} "
        "and the rest",
        year="2018",
    )
    b.good("after2021")
    return [Expect(B001, line, line + 6)]


def _truncated(b: _Builder) -> list[Expect]:
    b.good("whole2020")
    line = b.add(
        "@article{cut2021,\n  author = {Ashfaq, Kashif},\n  title = {Trunc",
        "cut2021",
        author="Ashfaq, Kashif",
        title="Truncated",
    )
    return [Expect(B001, line, line + 2)]


def _duplicate_keys(b: _Builder) -> list[Expect]:
    b.good("twice2020")
    second = b.good("twice2020")
    b.good("Case2021")
    third = b.good("case2021")
    return [
        Expect(frozenset({"B002"}), second, second + 5, "twice2020"),
        Expect(frozenset({"B002"}), third, third + 5, "case2021"),
    ]


def _duplicate_fields(b: _Builder) -> list[Expect]:
    line = b.add(
        "@article{fields2020,\n  title = {First title},\n  year = {2020},\n"
        "  title = {Second title}\n}\n\n",
        "fields2020",
        title="First title",
        year="2020",
    )
    return [Expect(frozenset({"B014"}), line, line + 4, "fields2020")]


def _bad_keys(b: _Builder) -> list[Expect]:
    empty = b.add(
        "@article{,\n  title = {No key at all},\n  year = {2020}\n}\n\n",
        "",
        title="No key at all",
        year="2020",
    )
    spaced = b.add(
        "@article{my key 2021,\n  title = {A key with spaces},\n  year = {2021}\n}\n\n",
        "my key 2021",
        title="A key with spaces",
        year="2021",
    )
    b.good("after2022")
    rules = frozenset({"B015", "B001"})
    return [Expect(rules, empty, empty + 3), Expect(rules, spaced, spaced + 3)]


def _control(b: _Builder) -> list[Expect]:
    line = b.add(
        "@article{nul2020,\n  title = {Null\x00byte and bell\x07 and escape\x1b},\n"
        "  year = {2020}\n}\n\x0c\n",
        "nul2020",
        title="Null\x00byte and bell\x07 and escape\x1b",
        year="2020",
    )
    b.good("after2021")
    return [Expect(frozenset({"B001", "B012", "B017"}), line, line + 3)]


def _latin1(b: _Builder) -> list[Expect]:
    b.good("before2020")
    line = b.add(
        "@article{latin2021,\n  author = {M\udcfcller, J\udcfcrgen},\n  year = {2021}\n}\n\n",
        "latin2021",
        author="M\udcfcller, J\udcfcrgen",
        year="2021",
    )
    b.good("after2022")
    return [Expect(frozenset({"B017"}), line, line + 3)]


def _string_loop(b: _Builder) -> list[Expect]:
    b.add('@string{loopa = loopb # " x"}\n@string{loopb = loopa}\n@string{self = self}\n\n')
    line = b.add(
        "@article{loop2020,\n  journal = loopa,\n  publisher = self,\n  year = {2020}\n}\n\n",
        "loop2020",
        journal="loopa",
        publisher="self",
        year="2020",
    )
    b.good("after2021")
    return [Expect(frozenset({"B016", "B001"}), 1, line + 4)]


def _macro_bomb(b: _Builder) -> list[Expect]:
    # Each macro twice the one before: 40 lines that would expand to 16 TiB.
    b.add('@string{m0 = "0123456789abcdef"}\n')
    for i in range(1, 41):
        b.add(f"@string{{m{i} = m{i - 1} # m{i - 1}}}\n")
    line = b.add("\n@article{bomb2020,\n  title = m40,\n  year = {2020}\n}\n\n", "bomb2020",
                 title="m40", year="2020")  # fmt: skip
    b.good("after2021")
    return [Expect(B001, 22, 41), Expect(B001, line + 1, line + 4, "bomb2020")]


def _undefined_macro(b: _Builder) -> list[Expect]:
    line = b.add(
        "@article{macro2020,\n  journal = nosuchjournal,\n  month = jan,\n  year = {2020}\n}\n\n",
        "macro2020",
        journal="nosuchjournal",
        month="jan",
        year="2020",
    )
    return [Expect(frozenset({"B016"}), line, line + 4, "macro2020")]


def _huge_field(b: _Builder) -> list[Expect]:
    words = "measurement of regional trade " * (10 * 1024 * 1024 // 30)
    b.add(
        "@article{huge2020,\n  abstract = {" + words + "},\n  year = {2020}\n}\n\n",
        "huge2020",
        abstract=words,
        year="2020",
    )
    b.good("after2021")
    return []


def _deep_braces(b: _Builder) -> list[Expect]:
    depth = 100_000
    b.add(
        "@article{deep2020,\n  title = {" + "{" * depth + "x" + "}" * depth + "},\n"
        "  year = {2020}\n}\n\n",
        "deep2020",
        title="{" * depth + "x" + "}" * depth,
        year="2020",
    )
    b.good("after2021")
    return []


def _deep_open(b: _Builder) -> list[Expect]:
    line = b.add(
        "@article{open2020,\n  title = {" + "{" * 100_000 + "x\n}\n\n",
        "open2020",
        title="x",
    )
    b.good("after2021")
    return [Expect(B001, line, line + 3)]


def _many_entries(n: int) -> Callable[[_Builder], list[Expect]]:
    def build(b: _Builder) -> list[Expect]:
        for i in range(n):
            b.good(f"entry{i:05d}")
        return []

    return build


def bib_cases(*, include_slow: bool = True) -> list[Case]:
    """Every case, in a fixed order; the slow ones last."""
    cases = [
        Case("unbalanced braces", _unbalanced_open),
        Case("extra closing brace", _extra_close),
        Case("missing comma", _missing_comma),
        Case("@name{ inside a value", _at_in_value),
        Case("truncated file", _truncated),
        Case("duplicate keys", _duplicate_keys),
        Case("duplicate fields", _duplicate_fields),
        Case("empty key, key with spaces", _bad_keys),
        Case("NUL and control characters", _control),
        Case("@string loops", _string_loop),
        Case("undefined macro", _undefined_macro),
        Case("@string macro bomb", _macro_bomb),
        Case("100,000-deep braces", _deep_braces),
        Case("100,000 unclosed braces", _deep_open),
        Case("10 MB field", _huge_field, slow=True, budget=300.0),
    ]
    cases.append(Case("Latin-1 bytes", _latin1))
    cases.append(Case("5,000 entries", _many_entries(5_000), budget=120.0))
    if include_slow:
        cases.append(Case("50,000 entries", _many_entries(50_000), slow=True, budget=900.0))
    return cases


@dataclass(slots=True)
class CaseResult:
    name: str
    size: int  # bytes
    seconds: float = 0.0
    peak_mib: float = 0.0
    entries: int = 0
    diagnostics: int = 0
    crash: str | None = None  # an exception or a hang
    unaccounted: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    unreported: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.crash or self.unaccounted or self.silent or self.unreported)

    def explain(self) -> str:
        lines = [f"{self.name}:"]
        if self.crash:
            lines.append(f"  crash: {self.crash}")
        lines += [f"  lost: {p}" for p in self.unaccounted]
        lines += [f"  silent: {p}" for p in self.silent]
        lines += [f"  not reported: {p}" for p in self.unreported]
        return "\n".join(lines)


class _Hang(Exception):
    pass


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `_Hang` in this (main) thread after `seconds`; the reader is pure Python."""

    def fire(signum: int, frame: object) -> None:
        raise _Hang(f"no answer after {seconds:g} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def decodings(data: bytes) -> list[str]:
    """The texts a reader may fairly have seen: UTF-8 with bad bytes replaced, kept as
    surrogates or read as Latin-1, or Latin-1 throughout."""
    escaped = data.decode("utf-8", "surrogateescape")
    mixed = "".join(chr(ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in escaped)
    return [data.decode("utf-8", "replace"), escaped, mixed, data.decode("latin-1")]


def run_case(case: Case, folder: Path, *, measure_memory: bool = False) -> CaseResult:
    """Write the case to `folder/refs.bib`, read it, and apply every oracle."""
    from docbuild.jobs.bibfile import read_bib

    path = folder / "refs.bib"
    path.write_bytes(case.made.data)
    made = case.made
    result = CaseResult(case.name, len(made.data))
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        with deadline(case.budget):
            bib = read_bib(path)
    except _Hang as exc:
        result.crash = f"hang: {exc}"
        return result
    except Exception as exc:  # the oracle's job is to count these, not to stop at the first
        result.crash = f"{type(exc).__name__}: {str(exc)[:200]}"
        return result
    finally:
        result.seconds = time.perf_counter() - started
        if measure_memory:
            result.peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    result.entries = len(bib.entries)
    result.diagnostics = len(bib.problems)
    attempts = [unaccounted(text, bib) for text in decodings(made.data)]
    result.unaccounted = min(attempts, key=len)
    result.silent = silent_alterations(bib, list(made.intended))
    result.unreported = [str(e) for e in made.expect if not e.met_by(bib)]
    return result
