"""What a batch shows while it runs and when it ends: a progress bar on a terminal (plain
progress lines otherwise), a line per paper, and a summary with the slowest and failed papers."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TextIO

from docbuild.cluster.model import PaperResult

BAR_WIDTH = 24
PLAIN_EVERY = 10.0  # seconds between progress lines when stderr is not a terminal
REDRAW_EVERY = 0.2  # seconds between redraws of the bar
SLOWEST = 5  # papers named in the summary


class Progress:
    """Counts papers as they finish; draws on `err`, prints result lines on `out`."""

    def __init__(
        self,
        total: int,
        *,
        out: TextIO,
        err: TextIO,
        tty: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.out = out
        self.err = err
        self.tty = tty
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.failed = 0
        self.skipped = 0
        self._drawn = False
        self._last_draw = float("-inf")

    def skip(self, count: int = 1) -> None:
        self.skipped += count
        self._draw()

    def finish(self, result: PaperResult) -> None:
        self.done += 1
        self.failed += not result.ok
        self.line(format_result(result))  # on a terminal, the bar is drawn again under it
        if not self.tty:
            self._draw(force=self.done + self.skipped == self.total)

    def line(self, text: str) -> None:
        """A line on `out`, under the bar when both are the terminal."""
        self._clear()
        print(text, file=self.out, flush=True)
        if self.tty:
            self._draw(force=True)

    def line_err(self, text: str) -> None:
        """A note on `err` (the dashboard's address), under the bar on a terminal."""
        self._clear()
        print(text, file=self.err, flush=True)
        if self.tty:
            self._draw(force=True)

    def close(self) -> None:
        self._clear()

    def status(self) -> str:
        """`12/20 papers · 1 failed · 24.5 papers/min · 0:20 left`"""
        finished = self.done + self.skipped
        elapsed = self.clock() - self.started
        rate = self.done / elapsed * 60 if elapsed > 0 else 0.0
        parts = [f"{finished}/{self.total} papers", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} up to date")
        parts.append(f"{rate:.1f} papers/min")
        left = self.total - finished
        if self.done and left:
            parts.append(f"{clock_time(left / (rate / 60))} left")
        return " · ".join(parts)

    def _draw(self, *, force: bool = False) -> None:
        now = self.clock()
        every = REDRAW_EVERY if self.tty else PLAIN_EVERY
        if not force and now - self._last_draw < every:
            return
        self._last_draw = now
        if self.tty:
            finished = self.done + self.skipped
            filled = BAR_WIDTH * finished // self.total if self.total else BAR_WIDTH
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.err.write(f"\r\x1b[K[{bar}] {self.status()}")
            self.err.flush()
            self._drawn = True
        elif self.done:  # plain: a line now and then, none before the first paper ends
            print(f"progress: {self.status()}", file=self.err, flush=True)

    def _clear(self) -> None:
        if self._drawn:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._drawn = False


def clock_time(seconds: float) -> str:
    """`0:20`, `12:05`, `3:02:10`."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_result(r: PaperResult) -> str:
    """`ok      papers/a  7.3 s  papers/a/build/paper.pdf` or `FAILED  papers/b  1.2 s  why`;
    a paper whose worker died says so at the end."""
    status = "ok" if r.ok else "FAILED"
    line = f"{status:<7} {r.folder}  {r.seconds:.1f} s  {r.detail}"
    if r.lost_workers:
        lost = ", ".join(r.lost_workers)
        line += f" (retried: worker {lost} died while building it)"
    return line


def format_summary(
    results: Sequence[PaperResult], *, skipped: int, seconds: float, workers: int
) -> list[str]:
    """The closing lines: the counts and rate, the slowest papers, every failed one."""
    if not results:
        papers = "paper is" if skipped == 1 else "papers are"
        return [f"batch: nothing to build: {skipped} {papers} up to date"]
    built = sum(r.ok for r in results)
    failed = [r for r in results if not r.ok]
    rate = len(results) / seconds * 60 if seconds > 0 else 0.0
    papers = "paper" if len(results) == 1 else "papers"
    lines = [
        f"batch: {len(results)} {papers}, {built} built, {len(failed)} failed in {seconds:.1f} s "
        f"({rate:.1f} papers/min, {workers} {'worker' if workers == 1 else 'workers'})"
        + (f"; {skipped} up to date, not built" if skipped else "")
    ]
    timed = sorted((r for r in results if r.seconds > 0), key=lambda r: -r.seconds)[:SLOWEST]
    if len(timed) > 1:
        lines.append("slowest: " + ", ".join(f"{r.folder} {r.seconds:.1f} s" for r in timed))
    retried = [r for r in results if r.lost_workers]
    if retried:
        lines.append(f"retried after a worker died: {', '.join(str(r.folder) for r in retried)}")
    if failed:
        lines.append(f"failed ({len(failed)}):")
        lines.extend(f"  {r.folder}  {r.status.value}: {r.detail}" for r in failed)
    return lines
