"""Connecting to Dask: a local cluster of worker processes, or an existing cluster by address."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

INSTALL_HINT = "pip install 'medcite[distributed]' (dask[distributed])"


class ClusterError(RuntimeError):
    """Dask is missing or the scheduler cannot be reached; the message says what to do."""


def distributed_module() -> Any:
    """``distributed``, imported on first use (an optional extra; its API is untyped)."""
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise ClusterError(f"distributed ingest needs Dask: {INSTALL_HINT}") from exc


@contextmanager
def dask_client(
    scheduler: str | None = None, *, workers: int = 2, threads_per_worker: int = 1
) -> Iterator[Any]:
    """A ``distributed.Client``: to `scheduler` (``tcp://host:8786``), else a local cluster.

    The local cluster runs `workers` processes (parsing is pure Python: threads would share one
    GIL) with `threads_per_worker` threads each, its HTTP endpoints on a free loopback port, and
    quiet logs.
    """
    dask = distributed_module()
    Client, LocalCluster = dask.Client, dask.LocalCluster
    # Dask logs every worker start and stop at INFO; show that only with `medcite -v`.
    verbose = logging.getLogger().getEffectiveLevel() <= logging.INFO
    logging.getLogger("distributed").setLevel(logging.INFO if verbose else logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker SCHEDULER_ADDRESS`, or drop "
                "--scheduler to run a local cluster"
            ) from exc
        with client:
            yield client
        return
    if workers < 1:
        raise ClusterError(f"--workers must be at least 1, got {workers}")
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=threads_per_worker,
            processes=True,
            # The scheduler always starts an HTTP server (health, metrics); None would mean
            # port 8787 and a warning when another cluster holds it. Any free loopback port.
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
