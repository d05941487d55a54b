"""Batch sensitivity sweeps: many designs × weather years through the SIMD dispatch kernel.

A *dispatch sweep* runs the rule-based dispatch of ``simulator.dispatch`` for every point of a
grid of capacities and parameters (``wind_mw = 0:2000:101`` × ``storage_mwh = 0,500,1000`` ...) and
returns the yearly KPIs of every point as an :class:`xarray.Dataset` with one dimension per grid
name. The grid is cut into *chunks* of contiguous flat indices (C order over the grid dimensions,
weather years outermost); each chunk is one call of
:func:`simulator.dispatch.dispatch_yearly_sums_batch`, which returns yearly sums only (no hourly
arrays), so memory stays bounded by the chunk size plus the KPIs.

With an output file the finished chunks are kept in ``OUT.parts/`` as they complete (atomic
writes) next to a manifest that identifies the sweep; ``resume=True`` computes only the missing
chunks. Chunks can run in-process (numba threads) or as tasks on a Dask cluster; the numbers are
the same either way, and the same as :func:`simulator.simulate.simulate` at every point.

The files (``OUT.parts/``, the final NetCDF or Zarr write) are in :mod:`simulator.sweep_store`,
the input files read once in :mod:`simulator.sweep_inputs`, Dask in :mod:`simulator.sweep_dask`.
*LP sweeps* (``sweep_size``, ``run_sweep_size``, ``apply_vary``) live in :mod:`simulator.sweep_lp`
and can still be imported from here. See ``docs/sweeps.md`` and ``docs/reliability.md``.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator import _callable_module, sweep_dask
from simulator.dispatch import SUMS, Capacities, Params, Series, dispatch_yearly_sums_batch
from simulator.errors import InputError, OutputError
from simulator.kpis import KPI_NAMES, kpis_from_sums
from simulator.profiles import build_profiles, check_weather_years
from simulator.rules import rule_checks
from simulator.scenario import HOURS_PER_YEAR, Scenario, load_scenario
from simulator.simulate import check_coal_must_run
from simulator.sweep_dask import check_dask_options
from simulator.sweep_inputs import InputSnapshot, snapshot_inputs
from simulator.sweep_store import (
    PARTS_FORMAT,
    Parts,
    SweepError,
    check_out,
    describe_kept,
    io_message,
    open_sweep,
    remove_stale,
    write_dataset,
)
from simulator.verdict import HOURLY_RULES, checks_from_sums
from simulator.vocabulary import ASSET_NAMES

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

__all__ = [
    "GRID_NAMES",
    "KERNEL_CHUNK",
    "SweepError",
    "SweepRun",
    "open_sweep",
    "parse_grid",
    "parse_grid_spec",
    "parse_name_specs",
    "run_sweep",
    "sweep",
    "write_dataset",
]

#: Names a dispatch sweep can vary, in the order of the kernel's per-scenario arguments: the
#: capacities (:data:`simulator.vocabulary.ASSET_NAMES`), then the parameters.
GRID_NAMES = (
    *ASSET_NAMES,
    "load_scale",
    "charge_efficiency",
    "discharge_efficiency",
    "coal_min_load_share",
    "import_max_mw",
    "export_max_mw",
)

#: Scenarios per parallel chunk inside the kernel (the working set of 64 scenarios fits in L1).
KERNEL_CHUNK = 64

#: Quantiles of the renewable share over weather years stored with ``weather_years``.
SHARE_QUANTILES = (0.05, 0.5, 0.95)

#: Units of the KPI variables (attribute ``units`` of each data variable).
_UNITS = {
    "renewable_share": "1",
    "renewable_utilisation": "1",
    "target_share": "1",
    "target_gap_share": "1",
    "meets_target": "1",
    "co2_t": "t",
    "peak_import_mw": "MW",
    "unserved_hours": "h",
}


def _units(name: str) -> str:
    if name in _UNITS:
        return _UNITS[name]
    if name.endswith("_mwh"):
        return "MWh"
    if name.endswith("_mw"):
        return "MW"
    return "1"


# =============================================================================================
# grid specs
# =============================================================================================


def parse_grid_spec(
    name: str, spec: str | float | Sequence[float] | np.ndarray, option: str = "--grid"
) -> np.ndarray:
    """Turn one grid spec into its values.

    Parameters
    ----------
    name : str
        The grid name (for messages), e.g. ``"wind_mw"``.
    spec : str or float or sequence of float
        ``"start:stop:count"`` (``count`` evenly spaced values, both ends included), a comma list
        ``"0,500,1000"``, one number, or the values themselves.
    option : str
        The CLI option, the source of error messages.

    Returns
    -------
    numpy.ndarray
        The values, float64, at least one.

    Raises
    ------
    InputError
        A spec that cannot be read, non-finite or repeated values; source ``option``, field
        ``name``.
    """

    def bad(msg: str) -> InputError:
        return InputError(option, name, msg)

    if isinstance(spec, str):
        text = spec.strip()
        if not text:
            raise bad("empty spec; give start:stop:count or a comma list")
        if ":" in text:
            parts = text.split(":")
            if len(parts) != 3:
                raise bad(f"{text!r} is not start:stop:count")
            try:
                start, stop = float(parts[0]), float(parts[1])
            except ValueError:
                raise bad(f"{text!r}: start and stop must be numbers") from None
            try:
                count = int(parts[2])
            except ValueError:
                raise bad(f"{text!r}: count must be a whole number") from None
            if count < 1:
                raise bad(f"{text!r}: count must be ≥ 1")
            if count == 1 and start != stop:
                raise bad(f"{text!r}: one value needs start = stop")
            values = np.linspace(start, stop, count)
        else:
            try:
                values = np.array([float(x) for x in text.split(",")])
            except ValueError:
                raise bad(f"{text!r} is not a comma list of numbers") from None
    else:
        try:
            values = np.atleast_1d(np.asarray(spec, dtype=float)).ravel()
        except (TypeError, ValueError):
            raise bad("values must be numbers") from None
    if values.size == 0:
        raise bad("no values")
    if not np.all(np.isfinite(values)):
        raise bad("values must be finite")
    if np.unique(values).size != values.size:
        raise bad("values must not repeat")
    return values.astype(float)


def parse_name_specs(options: Sequence[str], option: str) -> dict[str, str]:
    """Split CLI options ``NAME=SPEC`` into an ordered dict (``option`` names them in messages)."""
    out: dict[str, str] = {}
    for text in options:
        name, sep, spec = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(option, None, f"{text!r} is not NAME=SPEC")
        if name in out:
            raise InputError(option, name, "given twice")
        out[name] = spec
    return out


def parse_grid(
    scenario: Scenario, grid: Mapping[str, str | float | Sequence[float] | np.ndarray]
) -> dict[str, np.ndarray]:
    """Validate a dispatch-sweep grid against a scenario.

    Parameters
    ----------
    scenario : Scenario
        The park; ``coal_min_load_share`` needs its coal plant.
    grid : mapping of str to spec
        Grid names of :data:`GRID_NAMES` to specs (see :func:`parse_grid_spec`), in the order of
        the dataset's dimensions.

    Returns
    -------
    dict of str to numpy.ndarray
        The values of each grid name, in the given order.

    Raises
    ------
    InputError
        An unknown name, a bad spec or a value out of range (naming the name and the value).
    """
    out: dict[str, np.ndarray] = {}
    for name, spec in grid.items():
        if name not in GRID_NAMES:
            raise InputError(
                "--grid", name, "unknown grid name; use one of " + ", ".join(GRID_NAMES)
            )
        values = parse_grid_spec(name, spec)
        if name in ("charge_efficiency", "discharge_efficiency"):
            ok, rule = (values > 0) & (values <= 1), "in (0, 1]"
        elif name == "coal_min_load_share":
            if scenario.coal is None:
                raise InputError(
                    "--grid", name, f"scenario {scenario.name!r} has no coal plant ([coal] section)"
                )
            ok, rule = (values >= 0) & (values <= 1), "in [0, 1]"
        elif name == "load_scale":
            ok, rule = values > 0, "> 0"
        else:
            ok, rule = values >= 0, "≥ 0"
        if not np.all(ok):
            raise InputError("--grid", name, f"value {values[~ok][0]:g} is not {rule}")
        out[name] = values
    return out


# =============================================================================================
# the plan of a sweep: what every flat index means
# =============================================================================================


@dataclass(frozen=True)
class _Plan:
    """Everything a chunk needs to compute its sums (picklable: sent to Dask workers)."""

    names: tuple[str, ...]
    values: tuple[np.ndarray, ...]
    weather_years: int | None
    chunk_points: int
    years: int
    # per-year capacities of the scenario [MW, MWh], shape (years,), and scalar parameters
    existing: dict[str, np.ndarray]
    defaults: dict[str, float]
    min_soc: float
    initial_soc: float
    self_discharge_per_hour: float
    coal_mw: float

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(v.size for v in self.values)

    @property
    def n_points(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def n_weather(self) -> int:
        return self.weather_years or 1

    @property
    def chunks_per_weather(self) -> int:
        return -(-self.n_points // self.chunk_points)

    @property
    def n_chunks(self) -> int:
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
        for name in GRID_NAMES:
            if name in ASSET_NAMES:
                if name in swept:
                    arr = np.broadcast_to(swept[name], (self.years, m))
                else:
                    arr = np.broadcast_to(self.existing[name][:, None], (self.years, m))
            else:
                arr = swept[name] if name in swept else np.full(m, self.defaults[name])
            # always a writable C-contiguous float64 copy: one kernel specialisation for every
            # grid (a broadcast view can be read-only, and numba types read-only apart)
            out[name] = np.array(arr, dtype=np.float64, order="C", copy=True)
        return out


def _make_plan(
    scenario: Scenario,
    grid: dict[str, np.ndarray],
    weather_years: int | None,
    chunk_points: int | None,
) -> _Plan:
    if len(scenario.stores) > 1 or scenario.processes or scenario.curtailable_loads:
        raise InputError(
            scenario.label,
            "processes" if scenario.processes else (
                "storage" if len(scenario.stores) > 1 else "loads"),
            "dispatch sweeps take parks with one store and without flexible processes or "
            "curtailable loads (not yet supported); use simulate or sweep-size",
        )
    if scenario.has_retrofit:
        raise InputError(scenario.label, "coal.retrofit_min_load_share",
                         "dispatch sweeps do not take a coal retrofit option yet; sweep "
                         "coal_min_load_share instead")
    st = scenario.store
    years = scenario.years
    existing = {
        "wind_mw": np.full(years, float(scenario.wind.existing_mw)),
        "solar_mw": np.full(years, float(scenario.solar.existing_mw)),
        "storage_mwh": np.full(years, float(st.existing_mwh)),
        "storage_mw": np.full(years, float(st.existing_mw)),
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
    return _Plan(
        names=tuple(grid),
        values=tuple(grid.values()),
        weather_years=weather_years,
        chunk_points=int(chunk_points),
        years=years,
        existing=existing,
        defaults=defaults,
        min_soc=float(st.min_soc),
        initial_soc=float(st.initial_soc),
        self_discharge_per_hour=float(st.self_discharge_per_hour),
        coal_mw=float(scenario.coal.capacity_mw) if scenario.coal else 0.0,
    )


@dataclass(frozen=True)
class _Weather:
    """Hourly inputs of one weather year (contiguous float64 arrays)."""

    load_mw: np.ndarray
    wind_cf: np.ndarray
    solar_cf: np.ndarray

    @property
    def series(self) -> Series:
        """The kernel's hourly pack (no flexible processes in dispatch sweeps)."""
        return Series(self.load_mw, self.wind_cf, self.solar_cf, np.zeros((0, self.load_mw.size)))


def _weather(scenario: Scenario, weather_year: int) -> _Weather:
    p = build_profiles(scenario, weather_year=weather_year)
    def arr(a: np.ndarray) -> np.ndarray:  # writable C float64: the one kernel specialisation
        return np.array(a, dtype=np.float64, order="C", copy=True)

    return _Weather(arr(p.load_mw), arr(p.wind_cf), arr(p.solar_cf))


@contextmanager
def _numba_threads(threads: int | None) -> Iterator[None]:
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
_TIMING: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "parkbalance_sweep_timing", default=None
)


def _chunk_sums(plan: _Plan, weather: _Weather, c: int, threads: int | None = None) -> np.ndarray:
    """Yearly sums of chunk ``c``, shape ``(years, len(SUMS), m)``.

    The seconds spent building the per-point arrays (``setup_s``) and in the kernel
    (``kernel_s``) are added to the timings of the sweep running in this context, if any.
    """
    timing = _TIMING.get()
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
    plan: _Plan, weather: _Weather, a: dict[str, np.ndarray], threads: int | None
) -> np.ndarray:
    """Call the batched kernel on the per-point arrays ``a`` of a chunk."""
    m = a["load_scale"].shape[0]
    years = a["wind_mw"].shape[0]

    def rows(v: np.ndarray | float) -> np.ndarray:
        return np.array(np.broadcast_to(v, (1, m)), dtype=np.float64, order="C")

    none = np.zeros((0, m))
    par = Params(
        load_scale=a["load_scale"],
        coal_mw=np.full(m, plan.coal_mw),
        import_max_mw=a["import_max_mw"],
        export_max_mw=a["export_max_mw"],
        charge_efficiency=rows(a["charge_efficiency"]),
        discharge_efficiency=rows(a["discharge_efficiency"]),
        min_soc=rows(plan.min_soc),
        initial_soc=rows(plan.initial_soc),
        keep=rows(1.0 - plan.self_discharge_per_hour),
        process_min_load_share=none,
        buffer_initial_share=none,
        curtailable_mw=none,
        curtail_budget_mwh=none,
    )
    cap = Capacities(
        wind_mw=a["wind_mw"],
        solar_mw=a["solar_mw"],
        coal_min_mw=np.ascontiguousarray(
            np.broadcast_to(a["coal_min_load_share"] * plan.coal_mw, (years, m))
        ),
        storage_mwh=a["storage_mwh"][None],
        storage_mw=a["storage_mw"][None],
        process_mw=np.zeros((0, years, m)),
        buffer_mwh=np.zeros((0, years, m)),
    )
    with _numba_threads(threads):
        sums = dispatch_yearly_sums_batch(weather.series, par, cap, HOURS_PER_YEAR, KERNEL_CHUNK)
    return sums[:, : len(SUMS), :]


def _check_must_run(scenario: Scenario, plan: _Plan, load_mw: np.ndarray) -> None:
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
                    raise InputError("--grid" if where else exc.source, exc.field,
                                     prefix + exc.message) from None
            else:
                break


# =============================================================================================
# the sweep key, the manifest and the chunk files
# =============================================================================================


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of the scenario's TOML text (or of its validated content when it has no file).

    A sweep records the digest taken once, up front
    (:func:`simulator.sweep_inputs.snapshot_inputs`).
    """
    from simulator.sweep_inputs import snapshot_inputs

    with snapshot_inputs(scenario) as snap:
        return snap.scenario_sha256


def _code_version() -> str:
    """Digest of the code that decides the numbers: rules, kernels, KPIs, profiles, this module."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("dispatch.py", "kpis.py", "profiles.py", "sweep.py", "sweep_lp.py", "scenario.py"):
        h.update(name.encode())
        h.update((here / name).read_bytes())
    return h.hexdigest()


def _grid_json(names: Sequence[str], values: Sequence[np.ndarray]) -> dict[str, list[str]]:
    # float.hex: exact, so 0.1 and 0.1000000000000001 are different grids
    return {n: [float(x).hex() for x in v] for n, v in zip(names, values, strict=True)}


def _sweep_key(kind: str, snap: InputSnapshot, content: dict) -> str:
    """Return the sweep key: SHA-256 of everything that decides the numbers.

    That is the scenario, the bytes of its input files (as read once by ``snap``), the code, the
    format of the parts and ``content``.
    """
    data = {
        "kind": kind,
        "format": PARTS_FORMAT,
        "scenario": snap.original.model_dump(mode="json"),
        "files": snap.files,
        "code": _code_version(),
        **content,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# =============================================================================================
# running the chunks: in-process or on Dask
# =============================================================================================


class _Progress:
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
        with self._lock:
            self.done += amount
            if self._bar is not None:
                self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
                self._bar = None


def _chunk_task(plan: _Plan, weather: _Weather, c: int, threads: int | None) -> np.ndarray:
    """Compute a chunk as a Dask task (module level, so workers can import it)."""
    return _chunk_sums(plan, weather, c, threads)


def _run_chunks(
    weather_of: Callable[[int], _Weather],
    plan: _Plan,
    todo: list[int],
    on_done: Callable[[int, np.ndarray], None],
    *,
    dask_scheduler: str | None,
    workers: int | None,
    threads: int | None,
    key: str,
    known: Mapping[int, _Weather] | None = None,
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
            on_done(c, _chunk_sums(plan, known[w], c, threads))
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


# =============================================================================================
# assembling the dataset
# =============================================================================================


def _assemble(
    scenario: Scenario,
    plan: _Plan,
    sums: np.ndarray,
    attrs: dict[str, Any],
) -> xr.Dataset:
    """Build the result Dataset from all sums, shape ``(years, len(SUMS), n_weather, n_points)``."""
    import xarray as xr

    targets = np.asarray(scenario.target_shares(), dtype=float)
    k = kpis_from_sums(
        sums,
        targets,
        scenario.coal.co2_t_per_mwh if scenario.coal else 0.0,
        scenario.grid.co2_t_per_mwh,
    )
    dims = list(plan.names)
    nd = len(dims)
    with_weather = plan.weather_years is not None
    if with_weather:
        dims.append("weather_year")
    dims.append("year")

    def shaped(a: np.ndarray) -> np.ndarray:
        # (years, W, P) → (*grid, [W], years)
        a = a.reshape((plan.years, plan.n_weather, *plan.shape))
        a = np.moveaxis(a, (0, 1), (nd + 1, nd))
        if not with_weather:
            a = a[..., 0, :]
        return np.ascontiguousarray(a)

    coords: dict[str, Any] = {
        name: xr.Variable(name, vals, {"units": _units(name)})
        for name, vals in zip(plan.names, plan.values, strict=True)
    }
    coords["year"] = xr.Variable("year", np.asarray(scenario.calendar_years, dtype=np.int64))
    if with_weather:
        coords["weather_year"] = xr.Variable(
            "weather_year", np.arange(plan.n_weather, dtype=np.int64),
            {"long_name": "index of the synthesised weather realisation"},
        )
    data: dict[str, Any] = {}
    for name in KPI_NAMES:
        if name == "target_share":
            continue
        data[name] = xr.Variable(dims, shaped(k[name]), {"units": _units(name)})
    data["target_share"] = xr.Variable("year", targets, {"units": "1"})
    passed, rules = _passes_every_rule(scenario, plan, k)
    data["passes_every_rule"] = xr.Variable(
        dims, shaped(passed),
        {"units": "1", "long_name": "every rule decided by the yearly sums passed",
         "rules": " ".join(rules), "not_checked": " ".join(HOURLY_RULES)},
    )
    if with_weather:
        met = shaped(k["meets_target"])
        data["p_meets_target"] = xr.Variable(
            [*plan.names, "year"], met.mean(axis=nd),
            {"units": "1", "long_name": "share of weather years meeting the target of the year"},
        )
        data["p_meets_all_targets"] = xr.Variable(
            list(plan.names), met.all(axis=-1).mean(axis=nd),
            {"units": "1", "long_name": "share of weather years in which all years meet targets"},
        )
        share = shaped(k["renewable_share"])
        q = np.quantile(share, SHARE_QUANTILES, axis=nd)  # (Q, *grid, years)
        coords["quantile"] = xr.Variable("quantile", np.asarray(SHARE_QUANTILES))
        data["renewable_share_quantile"] = xr.Variable(
            [*plan.names, "quantile", "year"], np.moveaxis(q, 0, nd),
            {"units": "1", "long_name": "quantiles of the renewable share over weather years"},
        )
    return xr.Dataset(data, coords=coords, attrs=attrs)


def _passes_every_rule(
    scenario: Scenario, plan: _Plan, kpis: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Return whether every rule decided by yearly sums passed, shape ``(years, W, P)``.

    The rules of :data:`simulator.verdict.SUM_RULES` the scenario has, with each point's
    capacities and import cap (:func:`simulator.verdict.checks_from_sums`). The rules of
    :data:`simulator.verdict.HOURLY_RULES` (peak export, coal output within capacity and
    must-run) need the hourly flows; the dispatch rules keep them by construction. The rules
    of the scenario's rule sets (:func:`simulator.rules.rule_checks`) are decided by the sums too.
    """
    a = plan.point_arrays(0, plan.n_points)
    caps = {name: a[name][:, None, :] for name in ASSET_NAMES}  # (years, 1, P)
    checks = checks_from_sums(scenario, kpis, caps, a["import_max_mw"][None, None, :])
    for rule_id, rule in rule_checks(scenario, kpis).items():  # the rule sets' rules
        checks[rule_id] = rule["passed"]
    passed = np.ones(kpis["renewable_share"].shape, dtype=bool)
    for ok in checks.values():
        passed &= ok
    return passed, tuple(checks)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("parkbalance")
    except Exception:  # pragma: no cover - not installed
        import simulator

        return simulator.__version__


def _attrs(
    kind: str,
    snap: InputSnapshot,
    key: str,
    specs: dict[str, str],
    started_at: datetime | None = None,
    **more: Any,
) -> dict:
    """Attributes of a sweep dataset, with the provenance record of what it was computed from.

    ``provenance`` (JSON, :func:`simulator.provenance.provenance`) records the resolved scenario,
    the variants and ``--set`` overrides applied, versions, the command and ``started_at``; its
    ``input_files`` are ``input_sha256``: the digests of the bytes the sweep read once.
    ``scenario_toml`` is the resolved scenario as TOML (the report reads it).
    """
    from simulator.provenance import provenance, scenario_toml

    scenario = snap.original
    record = provenance(scenario, started_at=started_at, files=snap.files)
    return {
        "title": f"parkbalance {kind} of {scenario.name}",
        "scenario": scenario.name,
        "scenario_sha256": snap.scenario_sha256,
        "input_sha256": json.dumps(snap.files, ensure_ascii=False, sort_keys=True),
        "parkbalance_version": _version(),
        "grid": json.dumps(specs, ensure_ascii=False),
        "sweep_key": key,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario_toml": scenario_toml(scenario),
        "provenance": json.dumps(record, ensure_ascii=False, sort_keys=True),
        **more,
    }


def _spec_text(spec: Any, values: np.ndarray) -> str:
    return spec if isinstance(spec, str) else ",".join(f"{x:g}" for x in values)


# =============================================================================================
# the public entry points of dispatch sweeps
# =============================================================================================


@dataclass
class SweepRun:
    """A finished sweep and how it went.

    Attributes
    ----------
    dataset : xarray.Dataset
        The result (see :func:`sweep`).
    n_chunks : int
        Chunks (dispatch sweeps) or points (LP sweeps) in the whole sweep.
    computed : int
        How many of them this call computed (the rest came from ``OUT.parts`` or a finished file).
    seconds : float
        Wall time of this call [s].
    scenario_hours : float
        Scenario-hours dispatched by this call (points × weather years × hours).
    out : Path or None
        The file written.
    notes : list of str
        Lines for the user.
    unit : str
        What ``n_chunks`` counts: ``"chunks"`` or ``"points"``.
    warnings : list of str
        Lines for stderr: finished chunks found unusable (unreadable, checksum mismatch, another
        sweep's or another chunk's) and computed again.
    timing : dict of str to float
        Seconds per stage of a dispatch sweep [s]: ``inputs_s`` (checks, input files read once),
        ``profiles_s`` (hourly profiles of the weather years), ``setup_s`` (per-point kernel
        arrays), ``kernel_s`` (the batched kernel; in-process runs only), ``chunk_files_s``
        (``OUT.parts`` writes), ``assemble_s`` (KPIs and the dataset), ``write_s`` (the NetCDF or
        Zarr file).
    """

    dataset: Any
    n_chunks: int
    computed: int
    seconds: float
    scenario_hours: float = 0.0
    out: Path | None = None
    notes: list[str] = field(default_factory=list)
    unit: str = "chunks"
    warnings: list[str] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)


def _as_scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def _check_memory(plan: _Plan) -> None:
    """Refuse, before anything runs, a sweep whose results cannot fit in memory."""
    cells = plan.n_points * plan.n_weather * plan.years
    # the yearly sums, the KPIs and the dataset's copies of them (float64)
    need = cells * 8.0 * (len(SUMS) + 2 * len(KPI_NAMES))
    avail = _available_memory()
    if need > avail:
        weather = f" × {plan.n_weather} weather years" if plan.weather_years else ""
        raise InputError(
            "--grid", None,
            f"{plan.n_points:,} points{weather} × {plan.years} years need about "
            f"{_gib(need)} GiB of memory for the results; {_gib(avail)} GiB are available: "
            "sweep a smaller grid or split it",
        )


def _gib(n_bytes: float) -> str:
    gib = n_bytes / 2**30
    return f"{gib:,.0f}" if gib >= 100 else f"{gib:.3g}"


def _available_memory() -> float:
    """Bytes of memory available to this process now (a seam for the tests)."""
    try:
        import psutil  # a dependency of dask.distributed
    except ImportError:  # pragma: no cover
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    return float(psutil.virtual_memory().available)


def _write_fault(path: Path, exc: OSError, parts: Parts | None) -> OutputError:
    """Return the one-line error of a write that failed, saying what is kept for a resume."""
    return OutputError(path, f"{io_message(exc)}{describe_kept(parts)}")


def run_sweep(
    scenario: Scenario | str | Path,
    grid: Mapping[str, str | float | Sequence[float] | np.ndarray],
    *,
    weather_years: int | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    dask_scheduler: str | None = None,
    workers: int | None = None,
    threads: int | None = None,
    chunk_points: int | None = None,
    progress: bool | None = None,
) -> SweepRun:
    """Run a dispatch sweep; like :func:`sweep` but returns a :class:`SweepRun` with statistics."""
    t0 = time.perf_counter()
    started_at = datetime.now(UTC)
    scenario = _as_scenario(scenario)
    values = parse_grid(scenario, grid)
    specs = {n: _spec_text(grid[n], v) for n, v in values.items()}
    if weather_years is not None:
        if int(weather_years) != weather_years or weather_years < 1:
            raise InputError("--weather-years", None, "must be a whole number ≥ 1")
        weather_years = int(weather_years)
    if chunk_points is not None and chunk_points < 1:
        raise InputError("--chunk-points", None, "must be ≥ 1")
    if threads is not None and threads < 1:
        raise InputError("--threads", None, "must be ≥ 1")
    if workers is not None and workers < 1:
        raise InputError("--workers", None, "must be ≥ 1")
    check_dask_options(dask_scheduler, workers)
    plan = _make_plan(scenario, values, weather_years, chunk_points)
    _check_memory(plan)
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        check_out(out_path)
    with snapshot_inputs(scenario) as snap:
        return _run_sweep(snap, plan, specs, t0, out_path, resume, dask_scheduler, workers,
                          threads, progress, started_at)


def _run_sweep(
    snap: InputSnapshot,
    plan: _Plan,
    specs: dict[str, str],
    t0: float,
    out_path: Path | None,
    resume: bool,
    dask_scheduler: str | None,
    workers: int | None,
    threads: int | None,
    progress: bool | None,
    started_at: datetime | None = None,
) -> SweepRun:
    """Run the body of :func:`run_sweep` once the input is checked and the files are read."""
    scenario = snap.original
    if plan.weather_years is not None:
        # measured weather years give as many as they have; other measured profiles one
        try:
            check_weather_years(snap.scenario, plan.weather_years)
        except InputError as exc:
            raise snap.message_source(exc) from None

    def weather_of(w: int) -> _Weather:
        try:
            return _weather(snap.scenario, w)
        except InputError as exc:
            raise snap.message_source(exc) from None

    timing: dict[str, float] = {"inputs_s": time.perf_counter() - t0}
    t_prof = time.perf_counter()
    known = {0: weather_of(0)}
    timing["profiles_s"] = time.perf_counter() - t_prof
    _check_must_run(scenario, plan, known[0].load_mw)
    if scenario.coal is not None and any(ld.archetype == "data-centre" for ld in scenario.loads):
        # a data centre's cooling load follows the temperature of the weather year
        for w in range(1, plan.n_weather):
            wy = weather_of(w)
            try:
                _check_must_run(scenario, plan, wy.load_mw)
            except InputError as exc:
                msg = f"weather year {w}: {exc.message}"
                raise InputError(exc.source, exc.field, msg) from None
            if w < 16:
                known[w] = wy

    weather_years = plan.weather_years
    key = _sweep_key(
        "dispatch-sweep",
        snap,
        {
            "grid": _grid_json(plan.names, plan.values),
            "weather_years": weather_years,
            "chunk_points": plan.chunk_points,
        },
    )
    attrs = _attrs(
        "dispatch sweep", snap, key, specs, started_at,
        weather_years=weather_years if weather_years is not None else 0,
        kernel="simulator.dispatch.dispatch_yearly_sums_batch",
    )
    parts = None
    notes: list[str] = []
    warned: list[str] = []
    sums = np.empty((plan.years, len(SUMS), plan.n_weather, plan.n_points))
    todo = list(range(plan.n_chunks))
    if out_path is not None:
        parts = Parts(out_path, key, plan.n_chunks, "chunk")
        if resume and not parts.dir.exists() and out_path.exists():
            finished = _finished(out_path, key)
            remove_stale(out_path)
            return SweepRun(finished, plan.n_chunks, 0, time.perf_counter() - t0, 0.0, out_path,
                            [f"{out_path} is already complete"])
        try:
            parts.open(resume, {"scenario": scenario.name, "grid": specs,
                                "weather_years": weather_years, "chunk_points": plan.chunk_points})
        except OSError as exc:
            parts.discard_if_empty()
            raise _write_fault(parts.dir, exc, None) from None
        remove_stale(out_path)
        finished_chunks = set()
        for c in parts.done():
            got, why = parts.load(c)
            w, lo, hi = plan.chunk_range(c)
            if got is not None and (
                got.get("sums") is None or got["sums"].shape != (plan.years, len(SUMS), hi - lo)
            ):
                got, why = None, "has the wrong shape"
            if got is None:
                warned.append(f"{parts.path(c)}: {why}; computing it again")
                continue
            sums[:, :, w, lo:hi] = got["sums"]
            finished_chunks.add(c)
        todo = [c for c in todo if c not in finished_chunks]

    hours_per_point = plan.years * HOURS_PER_YEAR
    todo_points = sum(plan.chunk_range(c)[2] - plan.chunk_range(c)[1] for c in todo)
    bar = _Progress(todo_points, "sweep (grid points)", progress)

    def on_done(c: int, chunk_sums: np.ndarray) -> None:
        w, lo, hi = plan.chunk_range(c)
        if parts is not None:
            t_save = time.perf_counter()
            try:
                parts.save(c, {"sums": chunk_sums})
            except OSError as exc:
                raise _write_fault(parts.path(c), exc, parts) from None
            timing["chunk_files_s"] = timing.get("chunk_files_s", 0.0) + (
                time.perf_counter() - t_save
            )
        sums[:, :, w, lo:hi] = chunk_sums
        bar.advance(hi - lo)

    try:
        token = _TIMING.set(timing)
        try:
            _run_chunks(
                weather_of, plan, todo, on_done,
                dask_scheduler=dask_scheduler, workers=workers, threads=threads, key=key,
                known=known, timing=timing,
            )
        finally:
            _TIMING.reset(token)
            bar.close()
        t_kpi = time.perf_counter()
        ds = _assemble(scenario, plan, sums, attrs)
        timing["assemble_s"] = time.perf_counter() - t_kpi
        if out_path is not None:
            t_write = time.perf_counter()
            try:
                write_dataset(ds, out_path)
            except OSError as exc:
                raise _write_fault(out_path, exc, parts) from None
            parts.remove()
            timing["write_s"] = time.perf_counter() - t_write
    except BaseException as exc:
        if parts is not None:
            parts.discard_if_empty()
            if isinstance(exc, SweepError) and not exc.args[0].endswith("--resume"):
                msg = exc.args[0] + describe_kept(parts)
                raise SweepError(msg) from None
        raise
    return SweepRun(
        ds, plan.n_chunks, len(todo), time.perf_counter() - t0,
        float(todo_points) * hours_per_point, out_path, notes, warnings=warned, timing=timing,
    )


def _finished(out: Path, key: str) -> xr.Dataset:
    """Return the dataset at ``out``, the finished result of the sweep ``key`` (resume).

    Raises
    ------
    InputError
        ``out`` cannot be read or is the result of another sweep.
    """
    try:
        ds = open_sweep(out)
    except Exception:
        raise InputError(
            out, None, "exists but is not a readable sweep result; nothing to resume"
        ) from None
    if ds.attrs.get("sweep_key") != key:
        raise InputError(
            out, None,
            "is the finished result of a different sweep (scenario, grid, weather years, "
            "chunking or code version differ); cannot resume it: drop --resume to overwrite it",
        )
    return ds


def sweep(
    scenario: Scenario | str | Path,
    grid: Mapping[str, str | float | Sequence[float] | np.ndarray],
    *,
    weather_years: int | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    dask_scheduler: str | None = None,
    workers: int | None = None,
    threads: int | None = None,
    chunk_points: int | None = None,
    progress: bool | None = None,
) -> xr.Dataset:
    """Dispatch every point of a grid of capacities and parameters; yearly KPIs per point.

    Parameters
    ----------
    scenario : Scenario or str or Path
        The park (a built-in name or a TOML path is loaded). Parameters not in the grid come from
        it; capacities not in the grid are its existing ones.
    grid : mapping of str to spec
        ``{name: spec}`` with names of :data:`GRID_NAMES`, in the order of the dimensions; a spec
        is ``"start:stop:count"`` (inclusive), ``"a,b,c"`` or a sequence of numbers. A swept
        capacity [MW, MWh] applies to every year; ``load_scale`` multiplies the hourly load [1].
    weather_years : int, optional
        Run every point in ``N`` synthesised weather realisations (``build_profiles(...,
        weather_year=k)``, k = 0..N-1): adds the dimension ``weather_year`` and the variables
        ``p_meets_target`` (share of weather years meeting the target), ``p_meets_all_targets``
        and ``renewable_share_quantile``.
    out : str or Path, optional
        Write the result here: ``.nc`` (NetCDF) or ``.zarr``; finished chunks are kept in
        ``OUT.parts/`` until the file is written.
    resume : bool
        Continue an interrupted sweep with the same ``out``: compute only the missing chunks.
    dask_scheduler : str, optional
        ``"local"`` (a LocalCluster on 127.0.0.1) or the address of an existing scheduler
        (``"tcp://host:8786"``); default in-process.
    workers : int, optional
        Worker processes of the local Dask cluster.
    threads : int, optional
        Numba threads per chunk (in-process: default all cores).
    chunk_points : int, optional
        Grid points per chunk (default about 65,536 scenario-years).
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal; it appears after one second).

    Returns
    -------
    xarray.Dataset
        Dimensions: the grid names (coordinates = the values), ``[weather_year]``, ``year``
        (calendar years). One variable per yearly KPI of :data:`simulator.kpis.KPI_NAMES`
        (``target_share`` over ``year`` only); attributes name the scenario, its SHA-256, the
        parkbalance version, the grid specs and the time of creation.

    Raises
    ------
    InputError
        Bad grid, a coal must-run above the (scaled) load, weather years with measured profiles,
        a bad ``out`` suffix, results that would not fit in memory, or a resume of a different
        sweep.
    OutputError
        ``out`` cannot be written (checked before anything runs: a folder where a file goes, a
        read-only folder), or writing failed (a full disk); one line, and the finished chunks
        stay in ``OUT.parts/`` for ``resume``.
    SweepError
        The Dask cluster lost a chunk too often; one line, finished chunks kept.
    """
    return run_sweep(
        scenario, grid, weather_years=weather_years, out=out, resume=resume,
        dask_scheduler=dask_scheduler, workers=workers, threads=threads,
        chunk_points=chunk_points, progress=progress,
    ).dataset


# ``simulator.sweep`` names both this module and its function: keep it callable.
_callable_module(__name__)
