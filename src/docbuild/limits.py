"""Limits that keep a hostile manuscript from hanging a step or eating the machine's memory.

Nesting: pandoc's time grows steeply with depth (nested `[` ... `]` cost 0.2 s at 4 levels,
1.3 s at 6, 15 s at 8: it doubles per level; a list 500 deep takes 43 s), and its JSON for a
blockquote 500 deep is too deep for Python's parser (RecursionError). `deep_nesting` finds the
first place that nests deeper than a limit below all of that, in one pass over the text, so the
build refuses it with the file and line before pandoc runs.

Steps: `run_limited` runs a step in a forked child under a time and an address-space limit
(pandoc has its own, WeasyPrint's child its time limit); a child stopped at its limit is
killed with every process it started.
"""

from __future__ import annotations

import contextlib
import functools
import io
import multiprocessing
import os
import re
import resource
import signal
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TypeVar

from docbuild.diagnostics import Location
from docbuild.errors import DocbuildError, InputError, ToolError

# The deepest nesting a manuscript may use, by kind. Real papers use 2 or 3 of each.
MAX_LIST_DEPTH = 32
MAX_QUOTE_DEPTH = 32
MAX_DIV_DEPTH = 32  # fenced divs (`:::`) and raw HTML <div>, <section>, <span>...
MAX_BRACKET_DEPTH = 5  # `[` inside `[`: links, spans, citations, footnotes `^[...]`
MEMORY_LIMIT_MIB = 4096  # as pandoc's: a 50,000-entry bibliography lints in ~600 MiB
INTERRUPT_GRACE = 2.0  # seconds an interrupted step's child has to stop by itself
EXIT_GRACE = 5.0  # seconds a child that has answered has to exit before it is killed


@dataclass(frozen=True, slots=True)
class DeepNesting:
    line: int  # 1-based
    what: str  # "list", "blockquote", "div", "bracket"
    limit: int


_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_QUOTES = re.compile(r"(?: {0,3}>)+")
_LIST_ITEM = re.compile(r"( *)(?:[-+*]|\d{1,9}[.)]|#\.)(?: |\t|$)")
_DIV_OPEN = re.compile(r" {0,3}:{3,}\s*[^\s:]")
_DIV_CLOSE = re.compile(r" {0,3}:{3,}\s*$")
_HTML_TAG = re.compile(
    r"<(/?)(div|section|span|article|aside|blockquote|ul|ol|li|table|tr|td|details)\b[^>]*?(/?)>",
    re.IGNORECASE,
)
_BRACKET_TOKEN = re.compile(r"\\.|`+|[\[\]]")


# By text: the parse and the lint scan every manuscript file on each save of `docbuild
# preview`, and a book's thirty chapters are a tenth of a save's own work; one changed.
@functools.lru_cache(maxsize=256)
def deep_nesting(text: str) -> DeepNesting | None:
    """The first line of `text` (pandoc Markdown) that nests deeper than a limit, or None.

    A scan, not a parse: fenced code is skipped, inline code and `\\[` too; list depth comes
    from the indentation of list markers; brackets are counted within a paragraph (an unclosed
    `[` ends at the blank line, as in pandoc).
    """
    fence: str | None = None
    indents: list[int] = []  # indentation of the open list items
    divs = html = brackets = 0
    for number, line in enumerate(text.splitlines(), start=1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened[1]
            continue
        if not line.strip():
            brackets = 0
            continue
        quotes = _QUOTES.match(line)
        if quotes and quotes[0].count(">") > MAX_QUOTE_DEPTH:
            return DeepNesting(number, "blockquote", MAX_QUOTE_DEPTH)
        body = line[quotes.end() :] if quotes else line
        item = _LIST_ITEM.match(body)
        indent = len(body) - len(body.lstrip(" "))
        if item:
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            if len(indents) > MAX_LIST_DEPTH:
                return DeepNesting(number, "list", MAX_LIST_DEPTH)
        elif indent == 0:
            indents.clear()
        if _DIV_OPEN.match(body):
            divs += 1
        elif _DIV_CLOSE.match(body):
            divs = max(0, divs - 1)
        for tag in _HTML_TAG.finditer(body):
            if tag[3]:
                continue  # <div/>
            html = max(0, html - 1) if tag[1] else html + 1
            if html > MAX_DIV_DEPTH:
                return DeepNesting(number, "div", MAX_DIV_DEPTH)
        if divs > MAX_DIV_DEPTH:
            return DeepNesting(number, "div", MAX_DIV_DEPTH)
        in_code: str | None = None
        for token in _BRACKET_TOKEN.finditer(body):
            mark = token[0]
            if mark[0] == "`":
                in_code = None if in_code == mark else (in_code or mark)
            elif in_code is None and mark == "[":
                brackets += 1
                if brackets > MAX_BRACKET_DEPTH:
                    return DeepNesting(number, "bracket", MAX_BRACKET_DEPTH)
            elif in_code is None and mark == "]":
                brackets = max(0, brackets - 1)
    return None


_NAMES = {
    "list": "lists nested",
    "blockquote": "blockquotes ('>') nested",
    "div": "divs nested",
    "bracket": "'[' nested",
}


def check_nesting(files: Iterable[Path]) -> None:
    """InputError at the first manuscript line that nests deeper than its limit."""
    from docbuild.paths import MAX_MANUSCRIPT_FILE, read_input

    for path in files:
        try:
            text = read_input(path, what="manuscript file", limit=MAX_MANUSCRIPT_FILE)
        except FileNotFoundError:
            continue  # the step that reads it says so
        found = deep_nesting(text.decode("utf-8", "replace"))
        if found is not None:
            raise InputError(
                f"{_NAMES[found.what]} more than {found.limit} deep",
                location=Location(path, found.line),
                hint="docbuild refuses deeper nesting before pandoc, which would take minutes "
                "or run out of memory on it; flatten the markup at that line "
                "(docs/guarantees.md lists the limits)",
            )


T = TypeVar("T")


def step_time_limit(input_bytes: int) -> float:
    """Seconds a reading step (normalize, lint) may take: 50,000 entries (16 MiB) lint in
    about 40 s on a busy two-core machine, a 31 MiB single field in 40 s; five times that."""
    return 60.0 + input_bytes / 100_000


def limit_memory(mib: int = MEMORY_LIMIT_MIB) -> None:
    """Cap this process's address space at `mib` (a MemoryError past it, not a swapping
    machine); a lower limit already set is kept."""
    limit = mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def run_limited(
    step: Callable[..., T],
    *args: object,
    what: str,
    timeout: float,
    memory_mib: int = MEMORY_LIMIT_MIB,
) -> T:
    """`step(*args)` in a forked child with `timeout` seconds and `memory_mib` of address space.

    What the child prints is printed here, in order, once it ends; a DocbuildError in the child
    is raised here as it was; running out of time or memory is a ToolError naming `what`.
    """
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(step, args, memory_mib, sender), daemon=True)
    child.start()
    sender.close()
    answered = False
    try:
        kind, payload = child_answer(
            receiver,
            child,
            timeout,
            ToolError,
            what=what,
            stalled="look for a runaway input (a huge field, thousands of entries in one line);"
            " the step was stopped",
            report_with="the input",
        )
        answered = True
    finally:
        end_child(receiver, child, answered=answered)
    out, err, payload = payload
    sys.stdout.write(out)
    sys.stderr.write(err)
    if kind == "ok":
        return payload  # type: ignore[no-any-return]
    if kind == "memory":
        raise ToolError(
            f"{what} ran out of its {memory_mib} MiB memory limit",
            hint="look for a runaway input (a huge field or file); the step was stopped",
        )
    if kind == "docbuild":
        # Rebuilt as it was, without calling its __init__: ConfigErrors takes a list, and an
        # InputError's `resource` would be lost.
        cls, args, state = payload
        error = cls.__new__(cls, *args)
        error.args = args
        error.__dict__.update(state)
        raise error
    raise payload  # our own bug, with its type and message


def child_answer(
    receiver: Connection,
    child: BaseProcess,
    timeout: float,
    error: type[ToolError],
    *,
    what: str,
    stalled: str,
    report_with: str,
) -> tuple[str, object]:
    """The forked child's next `(kind, payload)` within `timeout` seconds; `error` naming
    `what` when it stalls (with the hint `stalled`) or dies without a word."""
    try:
        ready = receiver.poll(timeout)
    except KeyboardInterrupt:
        # Ctrl-C reached the child too (one process group): it removes its temporary files
        # as it stops; a moment for that before it is killed.
        child.join(INTERRUPT_GRACE)
        raise
    if not ready:
        raise error(f"{what} did not finish within {timeout:g} s", hint=stalled)
    try:
        kind, payload = receiver.recv()
    except EOFError:
        raise error(
            f"{what} stopped unexpectedly (exit code {child.exitcode})",
            hint=f"run the build again; if it keeps failing, report it with {report_with}",
        ) from None
    return kind, payload


def end_child(receiver: Connection, child: BaseProcess, *, answered: bool) -> None:
    """Close the pipe and make sure the child is gone: killed if it still runs, with every
    process it started.

    A child that `answered` is on its way out and gets EXIT_GRACE seconds to exit: killing it
    at once raced its own exit, and a tracer watching the build (strace in the hardening
    tests) saw a process stopped and killed under it and gave up on the whole build."""
    receiver.close()
    if answered:
        child.join(EXIT_GRACE)
    if child.is_alive():
        _kill_tree(child.pid)
    child.join()


def _kill_tree(pid: int | None) -> None:
    """SIGKILL `pid` and every process under it: a step stopped while pandoc runs must not
    leave pandoc running on, with nobody left to enforce its time limit."""
    if pid is None:
        return
    found, todo = [], [pid]
    while todo:  # Linux lists each thread's children; stopped first, so none start meanwhile
        current = todo.pop()
        try:
            os.kill(current, signal.SIGSTOP)
        except ProcessLookupError:
            continue
        found.append(current)
        for listing in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in listing.read_text().split()]
    for victim in found:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)


def _child(step: Callable[..., object], args: tuple[object, ...], mib: int, sender: object) -> None:
    limit_memory(mib)
    # Kept and sent back: the parent's stdout may be a capture the child's writes would miss.
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        result: tuple[str, object] = ("ok", step(*args))
    except MemoryError:
        result = ("memory", None)
    except DocbuildError as exc:
        result = ("docbuild", (type(exc), exc.args, exc.__dict__))
    except Exception as exc:
        result = ("bug", RuntimeError(f"{type(exc).__name__}: {exc}"))
    out, err = sys.stdout.getvalue(), sys.stderr.getvalue()  # type: ignore[attr-defined]
    result = (result[0], (out, err, result[1]))
    sender.send(result)  # type: ignore[attr-defined]
    sender.close()  # type: ignore[attr-defined]
