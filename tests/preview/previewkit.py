"""`docbuild preview --no-open` started on a copy of the sample paper, as a user starts it."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"docbuild preview: (http://127\.0\.0\.1:\d+/)")


def copy_sample(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("docbuild.toml", "refs.bib"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "manuscript", folder / "manuscript")
    return folder


class Preview:
    """The command as a user runs it (the venv's `docbuild` script), in its own session (so
    every process it starts can be found), its stderr collected line by line."""

    def __init__(self, paper: Path, *args: str, interactive: bool = False) -> None:
        self.paper = paper

        def as_on_a_terminal() -> None:
            # A command started in the background by a shell ignores SIGINT; one typed at a
            # terminal does not, and Ctrl-C sends it.
            signal.signal(signal.SIGINT, signal.SIG_DFL)

        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "docbuild"), "preview", "--no-open", *args],
            cwd=paper,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env={**os.environ, "DOCBUILD_PROGRESS": "0"},
            preexec_fn=as_on_a_terminal if interactive else None,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def url(self, limit: float = 60.0) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if found := URL.search(self.output):
                return found[1]
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"the preview printed no address:\n{self.output}")

    def stop(self, signum: int = signal.SIGTERM, limit: float = 60.0) -> int:
        self.proc.send_signal(signum)
        code = self.proc.wait(timeout=limit)
        self._reader.join(timeout=limit)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def state(url: str, until: Callable[[dict[str, object]], bool], limit: float = 120.0) -> None:
    """Wait until the preview's state (`/_preview/state`) satisfies `until`."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url + "_preview/state", timeout=30) as answer:
            if until(json.load(answer)):
                return
        time.sleep(0.02)
    raise AssertionError("the preview never got there")


def in_session(sid: int) -> list[str]:
    """The processes still alive in session `sid` (the preview's and its children's)."""
    alive: list[str] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        fields = rest.split()
        if int(fields[3]) == sid and fields[0] != "Z":  # state, ppid, pgrp, session
            alive.append(f"{stat.parent.name} {name}")
    return alive
