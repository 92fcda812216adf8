"""The batch's side of Dask: an embedded `LocalCluster` sized to this machine, or a client of a
cluster someone started (`--scheduler tcp://host:8786`); its dashboard; its workers' docbuild.

Only this module and `worker` import Dask, and only when a batch runs.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from docbuild.cluster import inputs
from docbuild.cluster.worker import EVENT_TOPIC
from docbuild.errors import InputError

CONNECT_TIMEOUT = "10s"  # to reach a scheduler someone else started


@dataclass(slots=True)
class Cluster:
    client: object  # distributed.Client (not imported at module level: it is heavy)
    address: str
    embedded: bool
    attempts: dict[str, list[str]] = field(default_factory=dict)  # task key -> workers tried
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def threads(self) -> int:
        """The worker threads connected now: how many papers build at once."""
        return sum(self.client.nthreads().values())  # type: ignore[attr-defined]

    def workers_tried(self, key: str) -> list[str]:
        with self._guard:
            return list(self.attempts.get(key, ()))

    def _on_attempt(self, event: tuple[float, dict[str, object]]) -> None:
        _, message = event
        with self._guard:
            self.attempts.setdefault(str(message.get("key")), []).append(
                str(message.get("worker", ""))
            )


def machine_size() -> int:
    """The cores this process may use (a container's or taskset's limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@contextlib.contextmanager
def open_cluster(address: str | None, jobs: int | None) -> Iterator[Cluster]:
    """The cluster a batch runs on, closed (an embedded one stopped) at the end."""
    from distributed import Client, LocalCluster

    # Dask's own warnings (a worker restarted, a slow event loop) would interleave with the
    # batch's lines; the batch reports what matters to the user itself.
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    local: LocalCluster | None = None
    try:
        if address is None:
            local = LocalCluster(
                n_workers=jobs or machine_size(),
                threads_per_worker=1,  # a worker builds one paper at a time, in a child
                processes=True,
                dashboard_address="127.0.0.1:0",  # a free port: other batches may run
                host="127.0.0.1",
                silence_logs=logging.ERROR,
            )
            client = Client(local)
        else:
            try:
                client = Client(address, timeout=CONNECT_TIMEOUT)
            except (OSError, ValueError, TypeError) as exc:
                raise InputError(
                    f"cannot reach the Dask scheduler at '{address}': {exc}",
                    hint="start it with 'dask scheduler' on that machine and give its address "
                    "(tcp://host:8786); or leave out --scheduler to build on this machine",
                ) from None
        cluster = Cluster(client, str(client.scheduler.address), local is not None)
        client.subscribe_topic(EVENT_TOPIC, cluster._on_attempt)
        try:
            yield cluster
        finally:
            client.close()
    finally:
        if local is not None:
            local.close()
        logger.setLevel(level)


def dashboard_line(cluster: Cluster) -> str:
    """Where the Dask dashboard is, or why there is none (it needs bokeh on the scheduler)."""
    client = cluster.client
    services = client.scheduler_info().get("services", {})  # type: ignore[attr-defined]
    if cluster.embedded:
        has_bokeh = importlib.util.find_spec("bokeh") is not None
    else:
        versions = client.get_versions(packages=["bokeh"])  # type: ignore[attr-defined]
        has_bokeh = bool(versions["scheduler"]["packages"].get("bokeh"))
    where = "this machine" if cluster.embedded else f"the scheduler at {cluster.address}"
    if "dashboard" not in services:
        return f"dashboard: none ({where} serves no dashboard)"
    if not has_bokeh:
        return (
            f"dashboard: none (bokeh is not installed on {where}; "
            "pip install 'bokeh>=3.1' there to watch the workers)"
        )
    return f"dashboard: {client.dashboard_link}"  # type: ignore[attr-defined]


def check_workers(cluster: Cluster) -> None:
    """Every connected worker runs the same docbuild as this machine, or an InputError naming
    the ones that differ (a worker that joins later refuses its papers instead)."""

    found: dict[str, object] = cluster.client.run(  # type: ignore[attr-defined]
        inputs.toolchain, on_error="return"
    )
    broken = sorted(w for w, fp in found.items() if isinstance(fp, BaseException))
    if broken:
        raise InputError(
            f"worker {', '.join(broken)} cannot run docbuild: {found[broken[0]]}",
            hint="install docbuild (the same version as here) on every worker's machine",
        )
    mine = inputs.toolchain()
    other = sorted(w for w, fp in found.items() if fp != mine)
    if other:
        raise InputError(
            f"worker {', '.join(other)} runs another docbuild than this machine "
            f"(fingerprint {found[other[0]]}, here {mine})",
            hint="install the same docbuild (and the same pandoc, WeasyPrint...) on every "
            "worker; 'docbuild --version' and 'pip freeze' show what each has",
        )
