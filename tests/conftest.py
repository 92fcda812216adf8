"""The whole suite: a test that uses something built once per module (a paper built by doit,
the hostile folders) runs on the worker that built it; what is built once per session is built
once for all the workers (`shared_build`), so its users go to whichever worker is free.

pytest-xdist's default scheduling hands a module's tests to both workers, and each worker then
builds the module-scoped fixture again: the same cold builds twice. `--dist loadgroup` (in
pyproject.toml's addopts) keeps one group on one worker; this hook names the groups, so that no
test file has to remember to. The tests marked slow are sent first (`--no-loadscope-reorder`
keeps the order given here), so that no worker starts a long test while the other has nothing
left to do.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

SharedBuild = Callable[[str, Callable[[Path], None]], Path]


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """`shared_build(key, build)`: the folder `build(folder)` filled, once per test run for
    every xdist worker (the first to ask builds it under a lock; the others wait for it, then
    read it). `key` names everything that decides what is built (paper, style, options): one
    run is one tree's code. Read it only: a test that writes copies it first."""
    base = tmp_path_factory.getbasetemp()
    # Each worker's basetemp is a folder of the run's own (pytest-N/popen-gw0): its parent is
    # the run's, shared by the workers and by no other run. Without xdist, the basetemp is.
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared-builds"
    root.mkdir(exist_ok=True)

    def get(key: str, build: Callable[[Path], None]) -> Path:
        folder, done = root / key, root / f"{key}.done"
        with (root / f"{key}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
                folder.mkdir()
                build(folder)  # a failure fails this test; the next user tries again
                done.touch()
        return folder

    return get


def shared_group(item: pytest.Item) -> str | None:
    """The xdist group of a test that needs a shared build, or None for a test on its own."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    params = getattr(getattr(item, "callspec", None), "params", {})
    module_scoped = False
    values = []
    for name in sorted(info.names_closure):
        defs = info.name2fixturedefs.get(name)
        # baseid "" is a plugin's fixture (pytest's own, hypothesis'): none is module-scoped
        # and costly, and grouping on it would pin unrelated modules together.
        if defs and defs[-1].scope == "module" and defs[-1].baseid:
            module_scoped = True
            if name in params:  # built once per value: each value may go to its own worker
                values.append(f"{name}={params[name]}")
    if not module_scoped:
        return None
    # One group per module (and value): a module's fixtures often build on each other. No
    # "]" in the name: xdist reads the group after a test id's last "@" only where no "]"
    # follows it (`_split_scope`, for a parameter holding "@"), so "file.py[style=gfpr]" left
    # each such test a group of its own, and each worker, and each return to the module after
    # another's tests, built the fixture again (test_table_fit: six PDFs for three).
    name = item.nodeid.split("::")[0] + "".join(f"({v})" for v in values)
    return name.replace("]", ")")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the marks into the test ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = shared_group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # The slow tests first (each worker collects the same order, which the scheduler
        # keeps): the fast ones then fill the time until the last slow one ends. A group is
        # sent where its first test is. Without xdist, the files' own order.
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


UNGROUPED = (
    "pytest-xdist does not group tests under this pytest (--dist loadgroup, pytest-xdist#1386): "
    "each worker would build the shared papers again, and tests that build on each other "
    "would be split; run 'bash scripts/setup.sh' to install the versions pyproject.toml allows"
)


def pytest_configure(config: pytest.Config) -> None:
    # xdist 3.8 groups by rewriting a test's id, which pytest 9.2 no longer reads. Said here,
    # in the main process, so that the message is shown (a worker's error is not).
    tx = getattr(config.option, "tx", None)
    if config.getoption("dist", "no") == "loadgroup" and tx and _xdist_cannot_group():
        raise pytest.UsageError(UNGROUPED)


def _xdist_cannot_group() -> bool:
    import xdist
    from packaging.version import Version  # pytest's own dependency

    return Version(pytest.__version__) >= Version("9.2") and Version(xdist.__version__) <= Version(
        "3.8.0"
    )


@pytest.hookimpl(trylast=True)  # after xdist's hook: its groups are in the test ids by now
def pytest_collection_finish(session: pytest.Session) -> None:
    """The same, as seen by a worker: for a pytest and xdist not yet named above."""
    if not getattr(session.config.option, "loadgroup", False):
        return  # not an xdist worker under --dist loadgroup
    lost = [i.nodeid for i in session.items if shared_group(i) and not _grouped(i.nodeid)]
    named = [nodeid for nodeid in lost if "@" in nodeid]  # marked, but not as xdist reads it
    if named:
        raise pytest.UsageError(
            f"xdist reads no group in '{named[0]}': a group's name must hold no ']'"
            " (tests/conftest.py, shared_group)"
        )
    if lost:
        raise pytest.UsageError(f"{UNGROUPED} (first: {lost[0]})")


def _grouped(nodeid: str) -> bool:
    """Whether xdist reads a group in this test id: after its last "@", with no "]" after it
    (xdist/scheduler/loadgroup.py, `_split_scope`)."""
    return nodeid.rfind("@") > nodeid.rfind("]")
