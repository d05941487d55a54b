"""The chunk plan of a dispatch sweep: what every flat index means, and what a chunk needs.

The grid is cut into *chunks* of contiguous flat indices (C order over the grid dimensions,
weather years outermost). :class:`ChunkPlan` is everything a chunk needs to compute its yearly
sums (picklable: sent to Dask workers); :func:`check_resources` refuses, before anything runs, a
sweep whose results cannot fit in memory (no output file) or on the disk (an output file: the
result is streamed there chunk by chunk).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.core.dispatch import SUMS, Params, Series
from simulator.core.dispatch_pack import params, product_demand_mwh
from simulator.core.errors import InputError
from simulator.core.kpis import KPI_NAMES
from simulator.core.profiles import build_profiles
from simulator.core.scenario import Scenario
from simulator.core.simulate import check_coal_must_run, existing_capacities
from simulator.studies.sweep_grid import PARAMETER_NAMES

__all__ = [
    "KERNEL_CHUNK",
    "ChunkPlan",
    "Weather",
    "check_must_run",
    "check_resources",
    "make_plan",
    "weather",
]

#: Scenarios per parallel chunk inside the kernel (the working set of 64 scenarios fits in L1).
KERNEL_CHUNK = 64


@dataclass(frozen=True)
class ChunkPlan:
    """Everything a chunk needs to compute its sums (picklable: sent to Dask workers)."""

    names: tuple[str, ...]
    values: tuple[np.ndarray, ...]
    weather_years: int | None
    chunk_points: int
    years: int
    # per-year capacities of the scenario [MW, MWh], shape (years,), and scalar parameters
    existing: dict[str, np.ndarray]
    defaults: dict[str, float]
    coal_mw: float
    # the scenario's capacities (names, in the order of its asset terms), each store's and each
    # process's pair of names, whether the coal must-run is the capacity ``coal_min_load_mw``
    assets: tuple[str, ...]
    stores: tuple[tuple[str, str], ...]
    processes: tuple[tuple[str, str], ...]
    retrofit: bool
    # the rules' parameters of the scenario (one column,
    # :func:`simulator.core.dispatch_pack.params`)
    base: Params

    @property
    def shape(self) -> tuple[int, ...]:
        """Sizes of the grid dimensions."""
        return tuple(v.size for v in self.values)

    @property
    def n_points(self) -> int:
        """Points of the grid."""
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def n_weather(self) -> int:
        """Weather years (1 without ``weather_years``)."""
        return self.weather_years or 1

    @property
    def chunks_per_weather(self) -> int:
        """Chunks of one weather year."""
        return -(-self.n_points // self.chunk_points)

    @property
    def n_chunks(self) -> int:
        """Chunks of the sweep."""
        return self.n_weather * self.chunks_per_weather

    def chunk_range(self, c: int) -> tuple[int, int, int]:
        """(weather year, first flat index, end flat index) of chunk ``c``."""
        w, k = divmod(c, self.chunks_per_weather)
        lo = k * self.chunk_points
        return w, lo, min(self.n_points, lo + self.chunk_points)

    def point_arrays(self, lo: int, hi: int) -> dict[str, np.ndarray]:
        """Kernel inputs of flat points ``lo:hi``: capacities ``(years, m)``, the rest ``(m,)``."""
        m = hi - lo
        idx = np.unravel_index(np.arange(lo, hi, dtype=np.int64), self.shape) if self.names else ()
        swept = {name: vals[i] for name, vals, i in zip(self.names, self.values, idx, strict=True)}
        out: dict[str, np.ndarray] = {}
        for name in (*self.assets, *PARAMETER_NAMES):
            if name in self.assets:
                if name in swept:
                    arr = np.broadcast_to(swept[name], (self.years, m))
                else:
                    arr = np.broadcast_to(self.existing[name][:, None], (self.years, m))
            elif name in swept:
                arr = swept[name]
            else:
                arr = np.full(m, self.defaults[name])
            # always a writable C-contiguous float64 copy: one kernel specialisation for every
            # grid (a broadcast view can be read-only, and numba types read-only apart)
            out[name] = np.array(arr, dtype=np.float64, order="C", copy=True)
        return out


def make_plan(
    scenario: Scenario,
    grid: dict[str, np.ndarray],
    weather_years: int | None,
    chunk_points: int | None,
) -> ChunkPlan:
    """Return the plan of a sweep of ``grid`` (checked values) over ``scenario``.

    ``chunk_points`` defaults to about 2**16 scenario-years per chunk, a multiple of
    :data:`KERNEL_CHUNK`.

    """
    st = scenario.store
    years = scenario.years
    existing = {
        name: np.full(years, float(v)) for name, v in existing_capacities(scenario).items()
    }
    defaults = {
        "load_scale": 1.0,
        "charge_efficiency": float(st.charge_efficiency),
        "discharge_efficiency": float(st.discharge_efficiency),
        "coal_min_load_share": float(scenario.coal.min_load_share) if scenario.coal else 0.0,
        "import_max_mw": float(scenario.grid.import_max_mw),
        "export_max_mw": float(scenario.grid.export_max_mw),
    }
    if chunk_points is None:
        # about 2**16 scenario-years (≈ 0.5 s at 1e9 scenario-hours/s) per chunk
        chunk_points = max(KERNEL_CHUNK, (2**16 // years) // KERNEL_CHUNK * KERNEL_CHUNK)
    return ChunkPlan(
        names=tuple(grid),
        values=tuple(grid.values()),
        weather_years=weather_years,
        chunk_points=int(chunk_points),
        years=years,
        existing=existing,
        defaults=defaults,
        coal_mw=float(scenario.coal.capacity_mw) if scenario.coal else 0.0,
        assets=scenario.asset_names(),
        stores=scenario.store_pairs(),
        processes=scenario.process_pairs(),
        retrofit=scenario.has_retrofit,
        base=params(scenario),
    )


@dataclass(frozen=True)
class Weather:
    """Hourly inputs of one weather year (contiguous float64 arrays)."""

    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray
    product_demand_mwh: np.ndarray

    @property
    def series(self) -> Series:
        """The kernel's hourly pack."""
        return Series(self.load_mw, self.wind_cf, self.solar_cf, self.product_demand_mwh)


def weather(scenario: Scenario, weather_year: int) -> Weather:
    """Return the hourly profiles of weather year ``weather_year`` as the kernel takes them."""
    p = build_profiles(scenario, weather_year=weather_year)
    def arr(a: np.ndarray) -> np.ndarray:  # writable C float64: the one kernel specialisation
        return np.array(a, dtype=np.float64, order="C", copy=True)

    demand = product_demand_mwh(scenario, weather_year)
    return Weather(arr(p.load_mw), arr(p.wind_cf), arr(p.solar_cf), arr(demand))


def check_must_run(scenario: Scenario, plan: ChunkPlan, load_mw: np.ndarray) -> None:
    """Check the coal must-run against the load, for every swept load scale and must-run share."""
    if scenario.coal is None:
        return
    scales = dict(zip(plan.names, plan.values, strict=True)).get("load_scale", np.array([1.0]))
    shares = dict(zip(plan.names, plan.values, strict=True)).get(
        "coal_min_load_share", np.array([scenario.coal.min_load_share])
    )
    lmin = float(load_mw.min())
    for share in np.sort(shares)[::-1]:
        # load_mw * s is monotone in load_mw for s > 0, so the lowest hour decides
        for s in np.sort(scales):
            if lmin * s < share * scenario.coal.capacity_mw - 1e-9:
                coal = scenario.coal.model_copy(update={"min_load_share": float(share)})
                sc = scenario.model_copy(update={"coal": coal})
                try:
                    check_coal_must_run(sc, load_mw * s)
                except InputError as exc:
                    where = []
                    if "load_scale" in plan.names:
                        where.append(f"load_scale = {s:g}")
                    if "coal_min_load_share" in plan.names:
                        where.append(f"coal_min_load_share = {share:g}")
                    prefix = (", ".join(where) + ": ") if where else ""
                    raise InputError("grid" if where else exc.source, exc.field,
                                     prefix + exc.message) from None
            else:
                break

def check_resources(plan: ChunkPlan, out: Path | None, kept_bytes: float = 0.0) -> None:
    """Refuse, before anything runs, a sweep whose results cannot be held.

    Without ``out`` the whole result is built in memory: the yearly sums, the KPIs and the
    dataset's copies of them must fit in the memory available. With ``out`` it is streamed to
    the file chunk by chunk (memory: a few chunks), and the chunk files of ``OUT.parts/`` and the
    result must fit on the disk of ``out`` (``kept_bytes``: what ``OUT.parts/`` holds already).

    Raises
    ------
    InputError
        Source ``grid``: the grid is too large; the message says how much is needed.
    """
    cells = plan.n_points * plan.n_weather * plan.years
    weather = f" × {plan.n_weather} weather years" if plan.weather_years else ""
    size = f"{plan.n_points:,} points{weather} × {plan.years} years"
    if out is None:
        # the yearly sums, the KPIs and the dataset's copies of them (float64)
        need = cells * 8.0 * (len(SUMS) + 2 * len(KPI_NAMES))
        avail = _available_memory()
        what = "of memory for the results"
        advice = "sweep a smaller grid, split it or write it to a file"
    else:
        # the chunk files (yearly sums) and the result (the KPIs), float64
        need = cells * 8.0 * (len(SUMS) + len(KPI_NAMES)) - kept_bytes
        avail = _free_disk(out)
        what, advice = f"of disk space at {out.parent}", "sweep a smaller grid or split it"
    if need > avail:
        raise InputError(
            "grid", None,
            f"{size} need about {_gib(need)} GiB {what}; {_gib(avail)} GiB are available: "
            f"{advice}",
        )


def _gib(n_bytes: float) -> str:
    gib = n_bytes / 2**30
    return f"{gib:,.0f}" if gib >= 100 else f"{gib:.3g}"


def _free_disk(out: Path) -> float:
    """Bytes free on the file system of ``out`` (its first existing folder)."""
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    try:
        return float(shutil.disk_usage(parent).free)
    except OSError:  # check_out says why it cannot be written
        return float("inf")


def _available_memory() -> float:
    """Bytes of memory available to this process now (a seam for the tests)."""
    try:
        import psutil  # a dependency of dask.distributed
    except ImportError:  # pragma: no cover
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    return float(psutil.virtual_memory().available)
