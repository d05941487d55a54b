"""Dask for the sweeps: connecting to a cluster and gathering chunk results that may be lost.

:func:`dask_gather` runs the chunks of a sweep as Dask tasks and hands each result over as it
arrives; a task that errs or is cancelled (its worker was killed) is submitted again, up to
:data:`DASK_TRIES` tries, and a chunk that keeps failing ends the sweep with one line
(:class:`simulator.studies.sweep_store.SweepError`) once the other chunks are done, so their results
are kept for a resume.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from simulator.core.errors import InputError
from simulator.studies.sweep_store import SweepError

__all__ = [
    "DASK_CONNECT_TIMEOUT_S",
    "DASK_NO_WORKER_S",
    "DASK_TRIES",
    "check_dask_options",
    "close_dask",
    "dask_client",
    "dask_gather",
]

#: Seconds to wait for a Dask scheduler given by address.
DASK_CONNECT_TIMEOUT_S = 20.0

#: Tries of a chunk on a Dask cluster before the sweep stops (a lost worker, a cancelled task).
DASK_TRIES = 3

#: Seconds a Dask cluster may have no worker at all before the sweep stops.
DASK_NO_WORKER_S = 60.0

#: Seconds between checks of the cluster's workers while no result arrives.
_WATCH_S = 2.0


def check_dask_options(dask_scheduler: str | None, workers: int | None) -> None:
    """Check the Dask options before anything is created or computed.

    Raises
    ------
    InputError
        A scheduler that is neither ``"local"`` nor an address, or ``workers`` with an address
        (that cluster has its own workers).
    """
    if dask_scheduler is None:
        return
    if dask_scheduler != "local" and "://" not in dask_scheduler:
        raise InputError(
            "dask_scheduler", None,
            f"{dask_scheduler!r}: give 'local' or an address tcp://host:port",
        )
    if dask_scheduler != "local" and workers is not None:
        raise InputError(
            "workers", None, f"sets the size of a local cluster; the cluster at "
            f"{dask_scheduler} has its own workers",
        )


def dask_client(scheduler: str, workers: int | None, threads_per_worker: int = 1) -> tuple:
    """Connect a Client to a LocalCluster on loopback (``"local"``) or to an existing scheduler.

    Returns
    -------
    tuple
        ``(client, cluster)``; ``cluster`` is None for an existing scheduler.

    Raises
    ------
    InputError
        Bad options, or the scheduler cannot be reached within :data:`DASK_CONNECT_TIMEOUT_S`.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a dependency
        raise InputError("dask_scheduler", None, "needs dask[distributed] installed") from None
    check_dask_options(scheduler, workers)
    if scheduler == "local":
        n = workers or max(1, (os.cpu_count() or 1))
        with warnings.catch_warnings():
            # the scheduler's internal HTTP server moves off a busy port 8787 (loopback only)
            warnings.filterwarnings("ignore", message="Port 8787 is already in use")
            cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=threads_per_worker,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=f"{DASK_CONNECT_TIMEOUT_S:g}s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        text = str(exc).replace("\n", " ")[:200]
        raise InputError(
            "dask_scheduler", None, f"cannot connect to {scheduler}: {text}"
        ) from None


def close_dask(client: Any, cluster: Any) -> None:
    """Close the client and, if this process started it, the local cluster."""
    client.close()
    if cluster is not None:
        cluster.close()


def _future_failure(fut: Any) -> str:
    """Why a Dask future did not finish, in a few words on one line."""
    if fut.status == "cancelled":
        return "cancelled by the cluster (workers lost?)"
    try:
        exc = fut.exception(timeout=5)
    except BaseException as err:  # noqa: BLE001 - whatever the client says, as text
        exc = err
    text = f"{type(exc).__name__}: {exc}" if exc is not None else fut.status
    return text.replace("\n", " ")[:200]


class _Watch:
    """Ends a sweep whose scheduler is lost or whose cluster has had no worker for too long."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.no_worker_since: float | None = None
        self.last_check = time.monotonic()

    def check(self) -> None:
        """Look at the cluster's workers (every :data:`_WATCH_S` seconds at most)."""
        if time.monotonic() - self.last_check < _WATCH_S:
            return
        self.last_check = time.monotonic()
        try:
            n_workers = len(self.client.nthreads())
        except Exception as exc:  # noqa: BLE001 - the scheduler is gone
            raise SweepError(
                f"dask_scheduler: lost the scheduler ({type(exc).__name__})"
            ) from None
        if n_workers:
            self.no_worker_since = None
        elif self.no_worker_since is None:
            self.no_worker_since = time.monotonic()
        elif time.monotonic() - self.no_worker_since > DASK_NO_WORKER_S:
            raise SweepError(
                f"dask_scheduler: the cluster has had no worker for {DASK_NO_WORKER_S:g} s"
            )


#: What :func:`_result_of` returns for a task that did not finish.
_FAILED = object()


def _result_of(fut: Any) -> Any:
    """Return the result of a finished future, or :data:`_FAILED`."""
    if fut.status != "finished":
        return _FAILED
    try:
        return fut.result()
    except Exception:  # noqa: BLE001 - lost between done and result
        return _FAILED


def dask_gather(
    client: Any,
    submit: Callable[[int, int], Any],
    items: Sequence[int],
    on_done: Callable[[int, Any], None],
    what: str,
) -> None:
    """Run ``items`` as Dask tasks and hand each result to ``on_done`` as it arrives.

    ``submit(item, attempt)`` submits one task. A task that errs or is cancelled (its worker
    died, the cluster lost it) is submitted again, up to :data:`DASK_TRIES` tries. When an item
    fails that often, the others still run to the end; then the sweep stops with a
    :class:`SweepError` (the results handed to ``on_done`` are kept by the caller). It stops at
    once when the cluster has had no worker for :data:`DASK_NO_WORKER_S` seconds or the
    scheduler is lost. Messages start with ``dask_scheduler:``, the argument.
    """
    from distributed import as_completed

    def try_submit(c: int, attempt: int) -> Any:
        try:
            return submit(c, attempt)
        except Exception as exc:  # the client is closed or lost its scheduler
            raise SweepError(
                f"dask_scheduler: cannot submit {what} {c}: {type(exc).__name__}: "
                f"{str(exc)[:200]}".replace("\n", " ")
            ) from None

    pending: dict[Any, tuple[int, int]] = {}
    failed: list[tuple[int, str]] = []
    try:
        for c in items:
            pending[try_submit(c, 0)] = (c, 0)
        # yields every future once it is no longer pending: finished, erred or cancelled
        arrived = as_completed(list(pending))
        watch = _Watch(client)
        while pending:
            done = arrived.next_batch(block=False)
            if not done:
                time.sleep(0.02)
                watch.check()
                continue
            for fut in done:
                c, attempt = pending.pop(fut)
                result = _result_of(fut)
                if result is not _FAILED:
                    on_done(c, result)
                elif attempt + 1 >= DASK_TRIES:
                    failed.append((c, _future_failure(fut)))  # the others still run
                else:
                    again = try_submit(c, attempt + 1)
                    pending[again] = (c, attempt + 1)
                    arrived.add(again)
        if failed:
            c, reason = min(failed)
            which = f"{what} {c}" if len(failed) == 1 else f"{len(failed)} {what}s (first {c})"
            raise SweepError(
                f"dask_scheduler: {which} failed {DASK_TRIES} times on the cluster ({reason})"
            )
    finally:
        for fut in pending:
            try:
                fut.cancel()
            except Exception:  # noqa: BLE001, S110 - the client is closing anyway
                pass
