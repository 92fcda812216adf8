"""limits: nesting refused before pandoc with its line; steps stopped at their time and memory."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from docbuild.errors import InputError, ToolError
from docbuild.limits import (
    MAX_BRACKET_DEPTH,
    DeepNesting,
    check_nesting,
    deep_nesting,
    end_child,
    run_limited,
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("> " * 33 + "x\n", DeepNesting(1, "blockquote", 32)),
        ("> " * 32 + "x\n", None),
        ("".join("  " * i + "- a\n" for i in range(40)), DeepNesting(33, "list", 32)),
        ("".join("  " * i + "1. a\n" for i in range(32)), None),
        ("text\n\n" + "<div>" * 40 + "x" + "</div>" * 40, DeepNesting(3, "div", 32)),
        ("::: {.a}\n" * 33 + "x\n" + ":::\n" * 33, DeepNesting(33, "div", 32)),
        ("::: {.a}\nx\n:::\n" * 100, None),
        ("[" * 6 + "x" + "]" * 6, DeepNesting(1, "bracket", MAX_BRACKET_DEPTH)),
        ("[" * 5 + "x" + "]" * 5 + "\n" + "[" * 5 + "y" + "]" * 5, None),
        ("a\n" + "[" * 20_000 + "x\n", DeepNesting(2, "bracket", 5)),
        ("[[[\n\n[[[\n", None),  # an unclosed `[` ends with its paragraph
        ("```\n" + "[" * 100 + "\n```\n`[[[[[[[[` and \\[\\[\\[\\[\\[\\[", None),
        ("See [@a; @b, p. 3] and [a [link]](u).\n\n- a\n  - b\n\n> q\n", None),
    ],
)
def test_deep_nesting(text: str, found: DeepNesting | None) -> None:
    assert deep_nesting(text) == found


def test_check_nesting_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "02-deep.md"
    path.write_text("# Deep\n\n" + "> " * 5000 + "x\n")
    with pytest.raises(InputError) as info:
        check_nesting([path])
    assert str(info.value) == (
        f"{path}:3: error: blockquotes ('>') nested more than 32 deep\n"
        "  hint: docbuild refuses deeper nesting before pandoc, which would take minutes or run "
        "out of memory on it; flatten the markup at that line (docs/guarantees.md lists the "
        "limits)"
    )


def test_a_5000_deep_blockquote_is_a_message_not_a_recursion_error(tmp_path: Path) -> None:
    """It once ended the pandoc step with a RecursionError traceback (Python's JSON reader)."""
    from bench.generate import generate_paper

    from docbuild.config import load_settings
    from docbuild.jobs.pandoc import run_pandoc

    generate_paper(tmp_path, words=50, references=1, citations=1, figures=0, tables=0)
    (tmp_path / "manuscript" / "02-deep.md").write_text("> " * 5000 + "x\n")
    with pytest.raises(InputError, match=r"02-deep\.md:1: error: blockquotes"):
        run_pandoc(load_settings(tmp_path))


def _sleep(pid_file: Path, done_file: Path) -> None:
    pid_file.write_text(str(os.getpid()))
    time.sleep(30)
    done_file.write_text("finished")  # reached only by a child that was waited for


def _eat() -> bytes:
    return b"x" * (3 << 30)  # 3 GiB


def _fail() -> None:
    raise InputError("refs.bib is wrong", hint="fix it")


def _talk() -> int:
    print("to stdout")
    print("to stderr", file=sys.stderr)
    return 7


def test_a_step_past_its_time_is_stopped(tmp_path: Path) -> None:
    pid_file, done_file = tmp_path / "pid", tmp_path / "done"
    with pytest.raises(ToolError) as info:
        run_limited(_sleep, pid_file, done_file, what="lint", timeout=2)
    assert info.value.message == "lint did not finish within 2 s"
    # The child was killed, not waited for: it is gone (reaped) and never finished its sleep.
    # No clock is read, so a loaded machine cannot fail this.
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)
    assert not done_file.exists()


def _start_and_wait(pids: Path) -> None:
    # A shell whose own child sleeps: two levels under the step, as pandoc under a parse.
    subprocess.run(["sh", "-c", f"sleep 300 & echo $$ $! > {pids}; wait"], check=False)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_step_stopped_at_its_time_leaves_no_process_it_started(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    with pytest.raises(ToolError):
        run_limited(_start_and_wait, pids, what="parse", timeout=1.0)
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2
    deadline = time.monotonic() + 10
    while any(_running(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p for p in started if _running(p)] == []


def _answer_then_linger(sender: Connection) -> None:
    sender.send("done")
    sender.close()
    time.sleep(0.5)  # the exit of a large heap, or a slow machine


def test_a_child_that_answered_exits_by_itself_and_is_not_killed() -> None:
    # A child killed as it exits, under strace -f, made strace abort the whole build.
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_answer_then_linger, args=(sender,), daemon=True)
    child.start()
    sender.close()
    assert receiver.recv() == "done"
    end_child(receiver, child, answered=True)
    assert child.exitcode == 0


def test_a_child_that_did_not_answer_is_killed_at_once() -> None:
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=time.sleep, args=(300,), daemon=True)
    child.start()
    sender.close()
    end_child(receiver, child, answered=False)
    assert child.exitcode == -signal.SIGKILL


def test_a_step_past_its_memory_is_stopped() -> None:
    with pytest.raises(ToolError) as info:
        run_limited(_eat, what="lint", timeout=60, memory_mib=1024)
    assert info.value.message == "lint ran out of its 1024 MiB memory limit"


def test_a_steps_own_error_and_output_come_through(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as info:
        run_limited(_fail, what="lint", timeout=30)
    assert (info.value.message, info.value.hint) == ("refs.bib is wrong", "fix it")
    assert run_limited(_talk, what="lint", timeout=30) == 7
    assert capsys.readouterr() == ("to stdout\n", "to stderr\n")


def _fail_at_once() -> None:
    from docbuild.errors import ConfigError, ConfigErrors

    raise ConfigErrors([ConfigError("first", hint="one"), ConfigError("second")])


def test_several_errors_of_a_step_come_through_together() -> None:
    from docbuild.errors import ConfigErrors

    with pytest.raises(ConfigErrors) as info:
        run_limited(_fail_at_once, what="the parse", timeout=30)
    assert [(e.message, e.hint) for e in info.value.errors] == [("first", "one"), ("second", None)]
    assert (info.value.message, info.value.hint) == ("first", "one")


def test_the_parse_and_html_steps_of_doit_build_are_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Their work is made to hang; the limits made small: each step is stopped at its limit.
    from bench.generate import generate_paper

    import docbuild.jobs.build as build
    import docbuild.jobs.parse as parse
    import docbuild.limits as limits
    from docbuild.config import load_settings

    generate_paper(tmp_path, words=50, references=1, citations=1, figures=0, tables=0)
    settings = load_settings(tmp_path)
    monkeypatch.setattr(limits, "step_time_limit", lambda size: 0.5)
    monkeypatch.setattr(parse, "parse_time_limit", lambda size: 0.25)
    monkeypatch.setattr(parse, "_store_parse", lambda settings, timeout: time.sleep(30))
    monkeypatch.setattr(build, "_write_html", lambda settings: time.sleep(30))
    with pytest.raises(ToolError) as info:
        parse.run_parse(settings)
    assert info.value.message == "the parse did not finish within 1 s"  # 2 x 0.25 + 0.5
    with pytest.raises(ToolError) as info:
        build.run_html_step(settings)
    assert info.value.message == "the HTML edition did not finish within 0.5 s"
