"""Running the chunks of a dispatch sweep: in this process (numba threads) or on a Dask cluster.

:func:`run_chunks` hands every finished chunk to a callback as it arrives, whatever runs it;
:class:`Progress` is the progress bar of the dispatch and LP sweeps.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from simulator.studies import sweep_dask, sweep_kernel
from simulator.studies.sweep_plan import ChunkPlan, Weather

__all__ = ["Progress", "run_chunks"]


class Progress:
    """A rich progress bar on stderr, shown only on a terminal and once a sweep runs > 1 s."""

    def __init__(self, total: float, label: str, enabled: bool | None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.total = total
        self.label = label
        self.done = 0.0
        self._lock = threading.Lock()
        self._bar: Any = None
        self._task: Any = None
        self._closed = False
        self._timer = threading.Timer(1.0, self._start) if enabled and total > 0 else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with self._lock:
            if self._closed or self.done >= self.total:
                return
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, completed=self.done)

    def advance(self, amount: float) -> None:
        """Count ``amount`` more done."""
        with self._lock:
            self.done += amount
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        """Stop the bar (and its timer)."""
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
                self._bar = None


def _chunk_task(plan: ChunkPlan, weather: Weather, c: int, threads: int | None) -> np.ndarray:
    """Compute a chunk as a Dask task (module level, so workers can import it)."""
    return sweep_kernel.chunk_sums(plan, weather, c, threads)


def run_chunks(
    weather_of: Callable[[int], Weather],
    plan: ChunkPlan,
    todo: list[int],
    on_done: Callable[[int, np.ndarray], None],
    *,
    dask_scheduler: str | None,
    workers: int | None,
    threads: int | None,
    key: str,
    known: Mapping[int, Weather] | None = None,
    timing: dict[str, float] | None = None,
) -> None:
    """Compute the chunks ``todo`` and hand each result to ``on_done`` as it finishes.

    ``weather_of(w)`` builds the profiles of weather year ``w`` (from the inputs read once);
    ``known`` holds those already built (by weather-year index). In-process, ``timing`` gets
    the seconds of each stage added (``profiles_s``, ``setup_s``, ``kernel_s``).
    """
    known = dict(known or {})
    if not todo:
        return
    if dask_scheduler is None:
        for c in todo:
            w = plan.chunk_range(c)[0]
            if w not in known:
                known.clear()  # weather years run in order; keep one at a time
                t0 = time.perf_counter()
                known[w] = weather_of(w)
                if timing is not None:
                    timing["profiles_s"] = timing.get("profiles_s", 0.0) + (
                        time.perf_counter() - t0
                    )
            on_done(c, sweep_kernel.chunk_sums(plan, known[w], c, threads))
        return

    client, cluster = sweep_dask.dask_client(dask_scheduler, workers)
    try:
        if threads is None and cluster is not None:
            # share this machine's cores between the local workers
            threads = max(1, (os.cpu_count() or 1) // len(cluster.workers))
        plan_f = client.scatter(plan, broadcast=True, hash=False)
        weather_f: dict[int, Any] = {}
        for c in todo:
            w = plan.chunk_range(c)[0]
            if w not in weather_f:
                wy = known[w] if w in known else weather_of(w)
                weather_f[w] = client.scatter(wy, broadcast=True, hash=False)

        def submit(c: int, attempt: int) -> Any:
            return client.submit(
                _chunk_task, plan_f, weather_f[plan.chunk_range(c)[0]], c, threads,
                key=f"parkbalance-sweep-{key[:16]}-{c}-{attempt}", pure=False,
            )

        sweep_dask.dask_gather(client, submit, todo, on_done, "chunk")
    finally:
        sweep_dask.close_dask(client, cluster)
