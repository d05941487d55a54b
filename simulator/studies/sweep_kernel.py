"""The kernel of a dispatch sweep: one chunk of grid points through the batched SIMD kernel.

:func:`chunk_sums` builds a chunk's per-point arrays and calls
:func:`simulator.core.dispatch.dispatch_yearly_sums_batch` in :func:`_kernel`, the one place that
calls it. The seconds of both stages go to the timings of the sweep running in this context
(:data:`TIMING`, ``SweepRun.timing``).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from simulator.core.dispatch import SUMS, dispatch_yearly_sums_batch
from simulator.core.dispatch_pack import stack_capacities, widen
from simulator.core.scenario import HOURS_PER_YEAR
from simulator.studies.sweep_plan import KERNEL_CHUNK, ChunkPlan, Weather

__all__ = ["TIMING", "chunk_sums", "numba_threads"]


@contextmanager
def numba_threads(threads: int | None) -> Iterator[None]:
    """Run with ``threads`` numba threads (None: leave as is), restoring the previous number."""
    if threads is None:
        yield
        return
    import numba

    before = numba.get_num_threads()
    numba.set_num_threads(max(1, min(int(threads), numba.config.NUMBA_NUM_THREADS)))
    try:
        yield
    finally:
        numba.set_num_threads(before)


#: Stage timings of the sweep running in this context (``SweepRun.timing``), or None.
TIMING: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "parkbalance_sweep_timing", default=None
)


def chunk_sums(plan: ChunkPlan, weather: Weather, c: int, threads: int | None = None) -> np.ndarray:
    """Yearly sums of chunk ``c``, shape ``(years, len(SUMS), m)``.

    The seconds spent building the per-point arrays (``setup_s``) and in the kernel
    (``kernel_s``) are added to the timings of the sweep running in this context, if any.
    """
    timing = TIMING.get()
    _, lo, hi = plan.chunk_range(c)
    t0 = time.perf_counter()
    a = plan.point_arrays(lo, hi)
    t1 = time.perf_counter()
    try:
        return _kernel(plan, weather, a, threads)
    finally:
        if timing is not None:
            timing["setup_s"] = timing.get("setup_s", 0.0) + (t1 - t0)
            timing["kernel_s"] = timing.get("kernel_s", 0.0) + (time.perf_counter() - t1)


def _kernel(
    plan: ChunkPlan, weather: Weather, a: dict[str, np.ndarray], threads: int | None
) -> np.ndarray:
    """Call the batched kernel on the per-point arrays ``a`` of a chunk."""
    m = a["load_scale"].shape[0]
    years = a["wind_mw"].shape[0]
    swept = {k: a[k] for k in ("charge_efficiency", "discharge_efficiency") if k in plan.names}
    par = widen(
        plan.base, m, load_scale=a["load_scale"], import_max_mw=a["import_max_mw"],
        export_max_mw=a["export_max_mw"], **swept,
    )  # fmt: skip
    if plan.retrofit:
        gmin = a["coal_min_load_mw"]
    else:
        gmin = np.array(
            np.broadcast_to(a["coal_min_load_share"] * plan.coal_mw, (years, m)), order="C"
        )

    cap = stack_capacities(a, plan.stores, plan.processes, gmin)
    with numba_threads(threads):
        sums = dispatch_yearly_sums_batch(weather.series, par, cap, HOURS_PER_YEAR, KERNEL_CHUNK)
    return sums[:, : len(SUMS), :]
