"""What a batch shows: a bar on a terminal, a progress line now and then otherwise, a line per
paper, and the summary with the slowest and failed papers."""

from __future__ import annotations

import io
from pathlib import Path

from docbuild.cluster.model import PaperResult, Status
from docbuild.cluster.progress import Progress, clock_time, format_result, format_summary


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _ok(name: str, seconds: float) -> PaperResult:
    return PaperResult(Path(name), Status.BUILT, seconds, f"{name}/build/paper.pdf")


def test_a_terminal_gets_a_bar_with_counts_rate_and_time_left() -> None:
    clock, out, err = Clock(), io.StringIO(), io.StringIO()
    progress = Progress(4, out=out, err=err, tty=True, clock=clock)
    progress.skip()
    clock.now += 30
    progress.finish(_ok("a", 2.0))
    assert out.getvalue() == "ok      a  2.0 s  a/build/paper.pdf\n"
    # 1 built in 30 s is 2 a minute; 2 papers left take a minute.
    assert err.getvalue().endswith(
        "\r\x1b[K[############............] 2/4 papers · 0 failed · 1 up to date · "
        "2.0 papers/min · 1:00 left"
    )
    progress.close()
    assert err.getvalue().endswith("\r\x1b[K")


def test_without_a_terminal_progress_lines_come_now_and_then() -> None:
    clock, out, err = Clock(), io.StringIO(), io.StringIO()
    progress = Progress(3, out=out, err=err, tty=False, clock=clock)
    clock.now += 5
    progress.finish(_ok("a", 1.0))
    clock.now += 1
    progress.finish(PaperResult(Path("b"), Status.FAILED, 1.0, "refs.bib:3: error: broken"))
    clock.now += 20
    progress.finish(_ok("c", 1.0))
    assert err.getvalue().splitlines() == [
        "progress: 1/3 papers · 0 failed · 12.0 papers/min · 0:10 left",
        "progress: 3/3 papers · 1 failed · 6.9 papers/min",
    ]
    assert "\x1b" not in err.getvalue()
    assert out.getvalue().splitlines()[1] == "FAILED  b  1.0 s  refs.bib:3: error: broken"


def test_a_paper_retried_after_its_worker_died_says_so() -> None:
    result = PaperResult(Path("a"), Status.BUILT, 2.0, "a/build/paper.pdf", attempts=2,
                         lost_workers=("tcp://10.0.0.5:4000",))  # fmt: skip
    assert format_result(result) == (
        "ok      a  2.0 s  a/build/paper.pdf (retried: worker tcp://10.0.0.5:4000 died while "
        "building it)"
    )


def test_the_summary_names_the_slowest_and_every_failed_paper() -> None:
    results = [
        _ok("a", 2.0),
        _ok("b", 9.5),
        PaperResult(Path("c"), Status.TIMED_OUT, 20.0, "timed out after 20 s"),
        PaperResult(Path("d"), Status.FAILED, 0.0, "not a folder"),
        PaperResult(Path("e"), Status.BUILT, 3.0, "e/build/paper.pdf", attempts=2,
                    lost_workers=("tcp://w:1",)),
    ]  # fmt: skip
    assert format_summary(results, skipped=7, seconds=60.0, workers=4) == [
        "batch: 5 papers, 3 built, 2 failed in 60.0 s (5.0 papers/min, 4 workers); "
        "7 up to date, not built",
        "slowest: c 20.0 s, b 9.5 s, e 3.0 s, a 2.0 s",
        "retried after a worker died: e",
        "failed (2):",
        "  c  timed-out: timed out after 20 s",
        "  d  failed: not a folder",
    ]
    assert format_summary([], skipped=3, seconds=0.5, workers=0) == [
        "batch: nothing to build: 3 papers are up to date"
    ]


def test_clock_time() -> None:
    assert [clock_time(s) for s in (0, 20.4, 725, 10930)] == ["0:00", "0:20", "12:05", "3:02:10"]
