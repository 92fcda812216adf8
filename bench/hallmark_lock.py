"""A lock for HALLMARK's split recorded as a user records one: `doit verify-refs`'s job
(`jobs.verify.run_verify`) against the registry stand-in of tests/registry, started on
127.0.0.1 with the real works of tests/data/hallmark (never the fabrications' answers)."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from docbuild.config import load_settings  # noqa: E402
from docbuild.jobs.verify import run_verify  # noqa: E402
from registry.plugin import HALLMARK_POOL_RECORDS, HALLMARK_RECORDS  # noqa: E402
from registry.records import read_records  # noqa: E402
from registry.server import RegistryServer  # noqa: E402


@contextlib.contextmanager
def stand_in(pools: bool = True) -> Iterator[RegistryServer]:
    """The stand-in knowing the split's real works (and, with `pools`, 522 more of the same
    venues and years: near neighbours, as a real registry has)."""
    records = read_records(HALLMARK_RECORDS)
    if pools:
        records += read_records(HALLMARK_POOL_RECORDS)
    with RegistryServer(records) as server:
        yield server


def registry_settings(server: RegistryServer) -> str:
    """docbuild.toml's [crossref] and [registries] for the stand-in."""
    return server.docbuild_toml(timeout=10)


def record_lock(folder: Path, server: RegistryServer) -> tuple[str, int]:
    """Run verify-refs in `folder` (docbuild.toml already points at `server`); its printed
    report and the requests the stand-in answered."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        run_verify(load_settings(folder), refresh=False)
    return out.getvalue(), len(server.log)
