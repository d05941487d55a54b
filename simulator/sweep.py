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

An *LP sweep* (:func:`sweep_size`) solves the sizing LP of :func:`solvers.size` for every point of
a grid of scenario parameters (``wind.capex_per_kw``, ``finance.discount_rate``, ...), in
parallel processes or on Dask, resumable per point. See ``docs/sweeps.md``.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator import _callable_module
from simulator.dispatch import SUMS, dispatch_yearly_sums_batch
from simulator.errors import InputError
from simulator.io import atomic_write, write_json
from simulator.kpis import KPI_NAMES, kpis_from_sums
from simulator.profiles import build_profiles
from simulator.scenario import HOURS_PER_YEAR, Scenario, load_scenario, scenario_from_dict
from simulator.simulate import check_coal_must_run

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

__all__ = [
    "GRID_NAMES",
    "KERNEL_CHUNK",
    "LP_SWEEP_VARIABLES",
    "SweepRun",
    "apply_vary",
    "open_sweep",
    "parse_grid",
    "parse_grid_spec",
    "parse_name_specs",
    "run_sweep",
    "run_sweep_size",
    "sweep",
    "sweep_size",
]

#: Names a dispatch sweep can vary, in the order of the kernel's per-scenario arguments.
GRID_NAMES = (
    "wind_mw",
    "solar_mw",
    "storage_mwh",
    "storage_mw",
    "load_scale",
    "charge_efficiency",
    "discharge_efficiency",
    "coal_min_load_share",
    "import_max_mw",
    "export_max_mw",
)
_CAPACITIES = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")

#: Scenarios per parallel chunk inside the kernel (the working set of 64 scenarios fits in L1).
KERNEL_CHUNK = 64

#: Quantiles of the renewable share over weather years stored with ``weather_years``.
SHARE_QUANTILES = (0.05, 0.5, 0.95)

#: Format of the chunk files and manifest; part of the sweep key.
_PARTS_FORMAT = 1

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
            if name in _CAPACITIES:
                if name in swept:
                    arr = np.broadcast_to(swept[name], (self.years, m))
                else:
                    arr = np.broadcast_to(self.existing[name][:, None], (self.years, m))
            else:
                arr = swept[name] if name in swept else np.full(m, self.defaults[name])
            out[name] = np.ascontiguousarray(arr, dtype=float)
        return out


def _make_plan(
    scenario: Scenario,
    grid: dict[str, np.ndarray],
    weather_years: int | None,
    chunk_points: int | None,
) -> _Plan:
    st = scenario.storage
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


def _weather(scenario: Scenario, weather_year: int) -> _Weather:
    p = build_profiles(scenario, weather_year=weather_year)
    return _Weather(
        np.ascontiguousarray(p.load_mw, dtype=float),
        np.ascontiguousarray(p.wind_cf, dtype=float),
        np.ascontiguousarray(p.solar_cf, dtype=float),
    )


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


def _chunk_sums(plan: _Plan, weather: _Weather, c: int, threads: int | None = None) -> np.ndarray:
    """Yearly sums of chunk ``c``, shape ``(years, len(SUMS), m)``."""
    _, lo, hi = plan.chunk_range(c)
    a = plan.point_arrays(lo, hi)
    with _numba_threads(threads):
        return dispatch_yearly_sums_batch(
            weather.load_mw,
            weather.wind_cf,
            weather.solar_cf,
            a["wind_mw"],
            a["solar_mw"],
            a["storage_mwh"],
            a["storage_mw"],
            a["load_scale"],
            a["charge_efficiency"],
            a["discharge_efficiency"],
            a["coal_min_load_share"],
            a["import_max_mw"],
            a["export_max_mw"],
            HOURS_PER_YEAR,
            plan.min_soc,
            plan.initial_soc,
            plan.self_discharge_per_hour,
            plan.coal_mw,
            KERNEL_CHUNK,
        )


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


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _scenario_files(scenario: Scenario) -> dict[str, str]:
    """Digest of every file the scenario reads (profile and load CSVs)."""
    return {f: _file_digest(path) for f, path in scenario.input_files()}


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of the scenario's TOML text (or of its validated content when it has no file)."""
    if scenario.source_path is not None and scenario.source_path.is_file():
        return _file_digest(scenario.source_path)
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()


def _code_version() -> str:
    """Digest of the code that decides the numbers: rules, kernels, KPIs, profiles, this module."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("dispatch.py", "kpis.py", "profiles.py", "sweep.py", "scenario.py"):
        h.update(name.encode())
        h.update((here / name).read_bytes())
    return h.hexdigest()


def _grid_json(names: Sequence[str], values: Sequence[np.ndarray]) -> dict[str, list[str]]:
    # float.hex: exact, so 0.1 and 0.1000000000000001 are different grids
    return {n: [float(x).hex() for x in v] for n, v in zip(names, values, strict=True)}


def _sweep_key(kind: str, scenario: Scenario, content: dict) -> str:
    data = {
        "kind": kind,
        "format": _PARTS_FORMAT,
        "scenario": scenario.model_dump(mode="json"),
        "files": _scenario_files(scenario),
        "code": _code_version(),
        **content,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class _Parts:
    """The ``OUT.parts/`` folder: manifest.json plus one file per finished chunk or point."""

    def __init__(self, out: Path, key: str, n_items: int, stem: str) -> None:
        self.out = out
        self.dir = out.with_name(out.name + ".parts")
        self.manifest = self.dir / "manifest.json"
        self.key = key
        self.n_items = n_items
        self.stem = stem

    def path(self, c: int) -> Path:
        return self.dir / f"{self.stem}-{c:06d}.npz"

    def open(self, resume: bool, info: dict) -> None:
        """Create the folder and manifest, or check an existing one (resume only)."""
        if self.dir.exists():
            if not resume:
                raise InputError(
                    self.dir, None,
                    "holds the finished parts of an unfinished sweep: add --resume to continue "
                    "it, or delete the folder to start over",
                )
            try:
                old = json.loads(self.manifest.read_text(encoding="utf-8"))
            except FileNotFoundError:
                old = None  # killed between creating the folder and writing the manifest
            except (OSError, ValueError):
                raise InputError(self.manifest, None, "cannot be read; delete the folder") from None
            if old is not None and old.get("key") != self.key:
                raise InputError(
                    self.manifest, None,
                    "belongs to a different sweep (scenario, grid, weather years, chunking or "
                    "code version differ); cannot resume it: delete the folder or use another "
                    "--out",
                )
            if old is not None:
                return
        self.dir.mkdir(parents=True, exist_ok=True)
        write_json(self.manifest, {"key": self.key, "n_items": self.n_items, **info})

    def done(self) -> list[int]:
        """Return the indices of the items with a file (each written atomically, so complete)."""
        out = []
        for p in self.dir.glob(f"{self.stem}-*.npz"):
            try:
                c = int(p.stem.split("-")[-1])
            except ValueError:
                continue
            if 0 <= c < self.n_items:
                out.append(c)
        return sorted(out)

    def save(self, c: int, arrays: dict[str, np.ndarray]) -> None:
        def write(tmp: Path) -> None:
            with open(tmp, "wb") as f:
                np.savez(f, **arrays)

        atomic_write(self.path(c), write)

    def load(self, c: int) -> dict[str, np.ndarray] | None:
        """Return the arrays of item ``c``, or None when its file cannot be read."""
        try:
            with np.load(self.path(c), allow_pickle=False) as z:
                return {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError, EOFError):
            return None

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _out_format(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix == ".nc":
        return "netcdf"
    if suffix == ".zarr":
        return "zarr"
    raise InputError("--out", None, f"{out}: the file name must end in .nc (NetCDF) or .zarr")


def write_dataset(ds: xr.Dataset, out: str | Path) -> Path:
    """Write a sweep result atomically: NetCDF (``.nc``) or Zarr (``.zarr``) by the suffix.

    A NetCDF file is written to a temporary file that replaces ``out``; a Zarr store (a folder) is
    written to a temporary folder that is renamed to ``out`` (an older ``out`` is moved aside
    first and removed after).
    """
    out = Path(out)
    fmt = _out_format(out)
    umask = os.umask(0)
    os.umask(umask)
    if fmt == "netcdf":

        def write(p: Path) -> None:
            ds.to_netcdf(p, engine="netcdf4")
            os.chmod(p, 0o666 & ~umask)  # the temporary file was private (0600)

        return atomic_write(out, write)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o777 & ~umask)
        with warnings.catch_warnings():
            # zarr 3 calls consolidated metadata an extension; xarray reads it fastest
            warnings.filterwarnings("ignore", message="Consolidated metadata", module="zarr")
            ds.to_zarr(tmp, mode="w", consolidated=True)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def open_sweep(path: str | Path) -> xr.Dataset:
    """Read a sweep result written by :func:`sweep` (NetCDF or Zarr), fully loaded into memory."""
    import xarray as xr

    path = Path(path)
    if _out_format(path) == "netcdf":
        with xr.open_dataset(path, engine="netcdf4") as ds:
            return ds.load()
    with xr.open_zarr(path) as ds:
        return ds.load()


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


def _dask_client(scheduler: str, workers: int | None, threads_per_worker: int = 1):
    """Connect a Client to a LocalCluster on loopback (``"local"``) or to an existing scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a dependency
        raise InputError("--dask-scheduler", None, "needs dask[distributed] installed") from None
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
    if workers is not None:
        raise InputError(
            "--workers", None, f"sets the size of a local cluster; the cluster at {scheduler} "
            "has its own workers",
        )
    try:
        return Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            "--dask-scheduler", None, f"cannot connect to {scheduler}: {exc}"
        ) from None


def _close_dask(client, cluster) -> None:
    client.close()
    if cluster is not None:
        cluster.close()


def _chunk_task(plan: _Plan, weather: _Weather, c: int, threads: int | None) -> np.ndarray:
    """Compute a chunk as a Dask task (module level, so workers can import it)."""
    return _chunk_sums(plan, weather, c, threads)


def _run_chunks(
    scenario: Scenario,
    plan: _Plan,
    todo: list[int],
    on_done: Callable[[int, np.ndarray], None],
    *,
    dask_scheduler: str | None,
    workers: int | None,
    threads: int | None,
    key: str,
    known: Mapping[int, _Weather] | None = None,
) -> None:
    """Compute the chunks ``todo`` and hand each result to ``on_done`` as it finishes.

    ``known`` holds the profiles of weather years already built (by weather-year index).
    """
    known = dict(known or {})
    if not todo:
        return
    if dask_scheduler is None:
        for c in todo:
            w = plan.chunk_range(c)[0]
            if w not in known:
                known.clear()  # weather years run in order; keep one at a time
                known[w] = _weather(scenario, w)
            on_done(c, _chunk_sums(plan, known[w], c, threads))
        return

    from distributed import as_completed

    client, cluster = _dask_client(dask_scheduler, workers)
    try:
        if threads is None and cluster is not None:
            # share this machine's cores between the local workers
            threads = max(1, (os.cpu_count() or 1) // len(cluster.workers))
        plan_f = client.scatter(plan, broadcast=True, hash=False)
        weather_f: dict[int, Any] = {}
        futures = []
        chunk_of: dict[str, int] = {}
        for c in todo:
            w = plan.chunk_range(c)[0]
            if w not in weather_f:
                wy = known[w] if w in known else _weather(scenario, w)
                weather_f[w] = client.scatter(wy, broadcast=True, hash=False)
            fut = client.submit(
                _chunk_task, plan_f, weather_f[w], c, threads,
                key=f"parkbalance-sweep-{key[:16]}-{c}", pure=False, retries=1,
            )
            futures.append(fut)
            chunk_of[fut.key] = c
        for fut, sums in as_completed(futures, with_results=True):
            on_done(chunk_of[fut.key], sums)
    finally:
        _close_dask(client, cluster)


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


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("parkbalance")
    except Exception:  # pragma: no cover - not installed
        import simulator

        return simulator.__version__


def _attrs(kind: str, scenario: Scenario, key: str, specs: dict[str, str], **more: Any) -> dict:
    return {
        "title": f"parkbalance {kind} of {scenario.name}",
        "scenario": scenario.name,
        "scenario_sha256": scenario_digest(scenario),
        "parkbalance_version": _version(),
        "grid": json.dumps(specs, ensure_ascii=False),
        "sweep_key": key,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
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
    """

    dataset: Any
    n_chunks: int
    computed: int
    seconds: float
    scenario_hours: float = 0.0
    out: Path | None = None
    notes: list[str] = field(default_factory=list)
    unit: str = "chunks"


def _as_scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


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
    scenario = _as_scenario(scenario)
    values = parse_grid(scenario, grid)
    specs = {n: _spec_text(grid[n], v) for n, v in values.items()}
    if weather_years is not None:
        if int(weather_years) != weather_years or weather_years < 1:
            raise InputError("--weather-years", None, "must be a whole number ≥ 1")
        weather_years = int(weather_years)
        measured = [k for k in ("wind_cf", "solar_cf") if getattr(scenario.profiles, k)]
        if measured and weather_years > 1:
            raise InputError(
                "--weather-years", None,
                f"scenario {scenario.name!r} uses measured profiles "
                f"({', '.join('profiles.' + k for k in measured)}), which are the same in every "
                "weather year; weather years need synthesised profiles",
            )
    if chunk_points is not None and chunk_points < 1:
        raise InputError("--chunk-points", None, "must be ≥ 1")
    if threads is not None and threads < 1:
        raise InputError("--threads", None, "must be ≥ 1")
    if workers is not None and workers < 1:
        raise InputError("--workers", None, "must be ≥ 1")
    if dask_scheduler is not None and dask_scheduler != "local" and "://" not in dask_scheduler:
        raise InputError(
            "--dask-scheduler", None, f"{dask_scheduler!r}: give 'local' or an address tcp://host:port"
        )
    plan = _make_plan(scenario, values, weather_years, chunk_points)
    known = {0: _weather(scenario, 0)}
    _check_must_run(scenario, plan, known[0].load_mw)
    if scenario.coal is not None and any(ld.archetype == "data-centre" for ld in scenario.loads):
        # a data centre's cooling load follows the temperature of the weather year
        for w in range(1, plan.n_weather):
            wy = _weather(scenario, w)
            try:
                _check_must_run(scenario, plan, wy.load_mw)
            except InputError as exc:
                msg = f"weather year {w}: {exc.message}"
                raise InputError(exc.source, exc.field, msg) from None
            if w < 16:
                known[w] = wy

    key = _sweep_key(
        "dispatch-sweep",
        scenario,
        {
            "grid": _grid_json(plan.names, plan.values),
            "weather_years": weather_years,
            "chunk_points": plan.chunk_points,
        },
    )
    attrs = _attrs(
        "dispatch sweep", scenario, key, specs,
        weather_years=weather_years if weather_years is not None else 0,
        kernel="simulator.dispatch.dispatch_yearly_sums_batch",
    )
    out_path = Path(out) if out is not None else None
    parts = None
    sums = np.empty((plan.years, len(SUMS), plan.n_weather, plan.n_points))
    todo = list(range(plan.n_chunks))
    if out_path is not None:
        _out_format(out_path)
        parts = _Parts(out_path, key, plan.n_chunks, "chunk")
        if resume and not parts.dir.exists() and out_path.exists():
            finished = _finished(out_path, key)
            return SweepRun(finished, plan.n_chunks, 0, time.perf_counter() - t0, 0.0, out_path,
                            [f"{out_path} is already complete"])
        parts.open(resume, {"scenario": scenario.name, "grid": specs,
                            "weather_years": weather_years, "chunk_points": plan.chunk_points})
        finished_chunks = set()
        for c in parts.done():
            got = parts.load(c)
            w, lo, hi = plan.chunk_range(c)
            if got is None or got.get("sums") is None or got["sums"].shape != (
                plan.years, len(SUMS), hi - lo
            ):
                continue  # unreadable: compute it again
            sums[:, :, w, lo:hi] = got["sums"]
            finished_chunks.add(c)
        todo = [c for c in todo if c not in finished_chunks]

    hours_per_point = plan.years * HOURS_PER_YEAR
    todo_points = sum(plan.chunk_range(c)[2] - plan.chunk_range(c)[1] for c in todo)
    bar = _Progress(todo_points, "sweep (grid points)", progress)

    def on_done(c: int, chunk_sums: np.ndarray) -> None:
        w, lo, hi = plan.chunk_range(c)
        if parts is not None:
            parts.save(c, {"sums": chunk_sums})
        sums[:, :, w, lo:hi] = chunk_sums
        bar.advance(hi - lo)

    try:
        _run_chunks(
            scenario, plan, todo, on_done,
            dask_scheduler=dask_scheduler, workers=workers, threads=threads, key=key,
            known=known,
        )
    finally:
        bar.close()
    ds = _assemble(scenario, plan, sums, attrs)
    if out_path is not None:
        write_dataset(ds, out_path)
        parts.remove()
    return SweepRun(
        ds, plan.n_chunks, len(todo), time.perf_counter() - t0,
        float(todo_points) * hours_per_point, out_path,
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
        a bad ``out`` suffix, or a resume of a different sweep.
    """
    return run_sweep(
        scenario, grid, weather_years=weather_years, out=out, resume=resume,
        dask_scheduler=dask_scheduler, workers=workers, threads=threads,
        chunk_points=chunk_points, progress=progress,
    ).dataset


# =============================================================================================
# LP sweeps: the sizing optimiser over a grid of scenario parameters
# =============================================================================================

#: Keys of an LP sweep besides the dotted scenario keys (``wind.capex_per_kw`` ...).
LP_SWEEP_VARIABLES = {
    "targets": "multiplies the target share of every year (result clipped to 1) [1]",
    "load_scale": "multiplies the yearly energy of every load [1]",
    "load_growth": "extra yearly load growth g: year k's energy × (1 + g)^k [1/yr]",
}

#: Variables of an LP-sweep dataset over (*vary, year) and over (*vary).
_LP_YEARLY = (
    "wind_mw",
    "solar_mw",
    "storage_mwh",
    "storage_mw",
    "target_share",
    "lp_renewable_share",
    "simulated_renewable_share",
    "simulated_meets_target",
)
_LP_SCALAR = ("objective", "build_s", "handoff_s", "solve_s", "total_s")
_LP_TEXT = ("status", "plan_kind")


def _yearly_energy(load: dict, years: int) -> list[float]:
    v = load.get("annual_mwh")
    if isinstance(v, list):
        return [float(x) for x in v] * (years if len(v) == 1 else 1)
    return [float(v)] * years


def apply_vary(scenario: Scenario, values: Mapping[str, float]) -> Scenario:
    """Return a copy of ``scenario`` with the values of an LP-sweep point, validated again.

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    values : mapping of str to float
        Dotted scenario keys (``"wind.capex_per_kw"``, ``"finance.discount_rate"``,
        ``"loads.0.annual_mwh"``) or a key of :data:`LP_SWEEP_VARIABLES` to a value.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        An unknown key, a key of an absent section, a load given as CSV for ``load_scale`` /
        ``load_growth``, or a value the scenario does not accept (source ``--vary``, field the
        key).
    """
    data = scenario.model_dump(mode="json")
    years = scenario.years
    for key, value in values.items():
        value = float(value)
        if key == "targets":
            data["targets"] = [min(1.0, t * value) for t in scenario.target_shares()]
        elif key in ("load_scale", "load_growth"):
            for i, load in enumerate(data["loads"]):
                if load.get("annual_mwh") is None:
                    raise InputError(
                        "--vary", key, f"loads[{i}] ({load['name']}) is read from a CSV file; "
                        "only loads given by annual_mwh can be scaled",
                    )
                energy = _yearly_energy(load, years)
                if key == "load_scale":
                    load["annual_mwh"] = [e * value for e in energy]
                else:
                    load["annual_mwh"] = [e * (1.0 + value) ** k for k, e in enumerate(energy)]
        else:
            node: Any = data
            parts = key.split(".")
            for depth, part in enumerate(parts):
                where = ".".join(parts[: depth + 1])
                last = depth == len(parts) - 1
                if isinstance(node, list):
                    try:
                        idx = int(part)
                        node[idx]  # noqa: B018 - raises IndexError
                    except (ValueError, IndexError):
                        raise InputError("--vary", key, f"{where}: no such list item") from None
                    if last:
                        node[idx] = value
                    else:
                        node = node[idx]
                    continue
                if not isinstance(node, dict) or part not in node:
                    special = ", ".join(LP_SWEEP_VARIABLES)
                    raise InputError(
                        "--vary", key,
                        f"unknown scenario key (use a dotted key such as wind.capex_per_kw, "
                        f"or one of {special})",
                    )
                if last:
                    if isinstance(node[part], dict | list):
                        raise InputError("--vary", key, "is a section, not a number")
                    node[part] = value
                elif node[part] is None:
                    raise InputError(
                        "--vary", key, f"scenario {scenario.name!r} has no [{where}] section"
                    )
                else:
                    node = node[part]
    try:
        return scenario_from_dict(data, scenario.source_path)
    except InputError as exc:
        keys = ", ".join(f"{k} = {v:g}" for k, v in values.items())
        raise InputError("--vary", exc.field, f"{keys}: {exc.message}") from None


def _size(scenario: Scenario, **options: Any):
    """Call the optimiser (a seam: the plumbing tests replace it with a fake)."""
    from solvers.sizing import size

    return size(scenario, **options)


#: HiGHS basis of the last LP-sweep point solved in this process (for warm starts).
_LAST_BASIS: dict[str, Any] = {}


def _lp_point(
    scenario: Scenario, point: dict[str, float], options: dict[str, Any]
) -> dict[str, np.ndarray]:
    """Solve one LP-sweep point; the arrays of its part file."""
    years = scenario.years
    nan_years = np.full(years, np.nan)
    out: dict[str, np.ndarray] = {}
    sc = apply_vary(scenario, point)
    try:
        # warm start from the previous point solved in this process (same LP shape: HiGHS reuses
        # the basis; otherwise it starts cold), docs/tsa.md § Warm starts
        res = _size(sc, warm_start=_LAST_BASIS.get("basis"), **options)
        _LAST_BASIS["basis"] = getattr(res, "warm_start", None)
    except InputError as exc:  # e.g. a coal must-run above the scaled load
        out["status"] = np.array("input_error")
        out["plan_kind"] = np.array("none")
        out["message"] = np.array(exc.one_line())
        for name in _LP_SCALAR:
            out[name] = np.array(np.nan)
        for name in _LP_YEARLY:
            out[name] = nan_years
        out["target_share"] = np.asarray(sc.target_shares(), dtype=float)
        return out
    out["status"] = np.array(str(res.status))
    out["plan_kind"] = np.array(str(getattr(res, "plan_kind", "")))
    out["message"] = np.array(" | ".join(getattr(res, "messages", []) or []))
    out["objective"] = np.array(np.nan if res.objective is None else float(res.objective))
    timing = dict(res.timing or {})
    for name in ("build_s", "handoff_s", "solve_s", "total_s"):
        out[name] = np.array(float(timing.get(name, np.nan)))
    caps = res.capacities
    for name in _CAPACITIES:
        out[name] = caps[name].to_numpy(float) if caps is not None else nan_years
    out["target_share"] = np.asarray(sc.target_shares(), dtype=float)
    lp = res.lp_kpis
    out["lp_renewable_share"] = (
        lp["renewable_share"].to_numpy(float) if lp is not None else nan_years
    )
    sim = res.simulated.kpis if res.simulated is not None else None
    out["simulated_renewable_share"] = (
        sim["renewable_share"].to_numpy(float) if sim is not None else nan_years
    )
    out["simulated_meets_target"] = (
        sim["meets_target"].to_numpy(float) if sim is not None else nan_years
    )
    return out


def _lp_task(
    scenario: Scenario, point: dict[str, float], options: dict[str, Any]
) -> dict[str, np.ndarray]:
    """Solve an LP-sweep point as a process-pool or Dask task."""
    return _lp_point(scenario, point, options)


def run_sweep_size(
    scenario: Scenario | str | Path,
    vary: Mapping[str, str | float | Sequence[float] | np.ndarray],
    *,
    out: str | Path | None = None,
    resume: bool = False,
    workers: int | None = None,
    dask_scheduler: str | None = None,
    assure: bool = False,
    algorithm: str = "choose",
    threads: int | None = None,
    time_limit_s: float | None = None,
    progress: bool | None = None,
    typical_days: int | None = None,
    segments: int | None = None,
) -> SweepRun:
    """Run an LP sweep; like :func:`sweep_size` but returns a :class:`SweepRun`."""
    import xarray as xr

    t0 = time.perf_counter()
    scenario = _as_scenario(scenario)
    if not vary:
        raise InputError("--vary", None, "give at least one KEY=SPEC")
    values = {key: parse_grid_spec(key, spec, "--vary") for key, spec in vary.items()}
    for key, vals in values.items():
        for v in vals:
            apply_vary(scenario, {key: v})  # check every value once, before any solve
    if workers is not None and workers < 1:
        raise InputError("--workers", None, "must be ≥ 1")
    if threads is not None and threads < 1:
        raise InputError("--threads", None, "must be ≥ 1")
    if dask_scheduler is not None and dask_scheduler != "local" and "://" not in dask_scheduler:
        raise InputError(
            "--dask-scheduler", None, f"{dask_scheduler!r}: give 'local' or an address tcp://host:port"
        )
    names = tuple(values)
    shape = tuple(v.size for v in values.values())
    n_points = int(np.prod(shape, dtype=np.int64))
    if typical_days is not None and typical_days < 2:
        raise InputError("--typical-days", None, "must be ≥ 2")
    options = {"assure": assure, "algorithm": algorithm, "threads": threads,
               "time_limit_s": time_limit_s}
    if typical_days is not None:
        options["typical_days"] = typical_days
    if segments is not None:
        if segments < 1 or typical_days is not None:
            raise InputError("--segments", None, "must be ≥ 1 and not with --typical-days")
        options["segments"] = segments
    specs = {n: _spec_text(vary[n], v) for n, v in values.items()}
    key = _sweep_key(
        "lp-sweep", scenario,
        {
            "vary": _grid_json(names, list(values.values())),
            # HiGHS threads change the speed, not the plan: not part of the key
            "options": {k: v for k, v in options.items() if k != "threads"},
        },
    )

    def point(p: int) -> dict[str, float]:
        idx = np.unravel_index(p, shape)
        return {n: float(values[n][i]) for n, i in zip(names, idx, strict=True)}

    results: dict[int, dict[str, np.ndarray]] = {}
    out_path = Path(out) if out is not None else None
    parts = None
    todo = list(range(n_points))
    if out_path is not None:
        _out_format(out_path)
        parts = _Parts(out_path, key, n_points, "point")
        if resume and not parts.dir.exists() and out_path.exists():
            finished = _finished(out_path, key)
            return SweepRun(finished, n_points, 0, time.perf_counter() - t0, 0.0, out_path,
                            [f"{out_path} is already complete"], "points")
        parts.open(resume, {"scenario": scenario.name, "vary": specs, "options": options})
        for p in parts.done():
            got = parts.load(p)
            if got is not None and all(k in got for k in (*_LP_YEARLY, *_LP_SCALAR, *_LP_TEXT)):
                results[p] = got
        todo = [p for p in todo if p not in results]

    bar = _Progress(len(todo), "LP sweep (points)", progress)

    def on_done(p: int, arrays: dict[str, np.ndarray]) -> None:
        if parts is not None:
            parts.save(p, arrays)
        results[p] = arrays
        bar.advance(1)

    try:
        _run_points(scenario, todo, point, options, on_done, workers, dask_scheduler, key)
    finally:
        bar.close()

    years = scenario.years
    data: dict[str, Any] = {}
    dims = list(names)
    for name in _LP_YEARLY:
        arr = np.stack([results[p][name] for p in range(n_points)]).reshape((*shape, years))
        data[name] = xr.Variable([*dims, "year"], arr, {"units": _units(name)})
    data["simulated_meets_target"].attrs["units"] = "1"
    for name in _LP_SCALAR:
        arr = np.array([float(results[p][name]) for p in range(n_points)]).reshape(shape)
        unit = "s" if name.endswith("_s") else scenario.finance.currency
        data[name] = xr.Variable(dims, arr, {"units": unit})
    for name in (*_LP_TEXT, "message"):
        # variable-length strings: NetCDF-4 strings, Zarr 3 "string" (fixed width has no spec)
        arr = np.array([str(results[p].get(name, "")) for p in range(n_points)], dtype=object)
        data[name] = xr.Variable(dims, arr.reshape(shape))
    coords: dict[str, Any] = {n: xr.Variable(n, v) for n, v in values.items()}
    coords["year"] = xr.Variable("year", np.asarray(scenario.calendar_years, dtype=np.int64))
    attrs = _attrs("LP sweep", scenario, key, specs, solver_options=json.dumps(options))
    ds = xr.Dataset(data, coords=coords, attrs=attrs)
    if out_path is not None:
        write_dataset(ds, out_path)
        parts.remove()
    return SweepRun(ds, n_points, len(todo), time.perf_counter() - t0, 0.0, out_path, unit="points")


def _run_points(
    scenario: Scenario,
    todo: list[int],
    point: Callable[[int], dict[str, float]],
    options: dict[str, Any],
    on_done: Callable[[int, dict[str, np.ndarray]], None],
    workers: int | None,
    dask_scheduler: str | None,
    key: str,
) -> None:
    """Solve the LP-sweep points ``todo``: in-process, in a process pool, or on Dask."""
    if not todo:
        return
    if dask_scheduler is not None:
        from distributed import as_completed

        client, cluster = _dask_client(dask_scheduler, workers)
        try:
            sc_f = client.scatter(scenario, broadcast=True, hash=False)
            futures = []
            point_of: dict[str, int] = {}
            for p in todo:
                fut = client.submit(_lp_task, sc_f, point(p), options,
                                    key=f"parkbalance-lp-{key[:16]}-{p}", pure=False)
                futures.append(fut)
                point_of[fut.key] = p
            for fut, arrays in as_completed(futures, with_results=True):
                on_done(point_of[fut.key], arrays)
        finally:
            _close_dask(client, cluster)
        return
    n = min(workers or 1, len(todo))
    if n <= 1:
        for p in todo:
            on_done(p, _lp_point(scenario, point(p), options))
        return
    # spawn: the parent may already run OpenMP / numba threads, which do not survive a fork
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        futs = {pool.submit(_lp_task, scenario, point(p), options): p for p in todo}
        try:
            for fut in concurrent.futures.as_completed(futs):
                on_done(futs[fut], fut.result())
        except BaseException:
            for fut in futs:
                fut.cancel()
            raise


def sweep_size(
    scenario: Scenario | str | Path,
    vary: Mapping[str, str | float | Sequence[float] | np.ndarray],
    *,
    out: str | Path | None = None,
    resume: bool = False,
    workers: int | None = None,
    dask_scheduler: str | None = None,
    assure: bool = False,
    algorithm: str = "choose",
    threads: int | None = None,
    time_limit_s: float | None = None,
    progress: bool | None = None,
    typical_days: int | None = None,
    segments: int | None = None,
) -> xr.Dataset:
    """Solve the sizing LP (:func:`solvers.size`) for every point of a grid of scenario values.

    Parameters
    ----------
    scenario : Scenario or str or Path
        The base park.
    vary : mapping of str to spec
        Dotted scenario keys (``"wind.capex_per_kw"``, ``"storage.capex_per_kwh"``,
        ``"finance.discount_rate"``, ``"loads.0.annual_mwh"`` ...) or keys of
        :data:`LP_SWEEP_VARIABLES` (``targets``, ``load_scale``, ``load_growth``) to specs as in
        :func:`sweep`; the order gives the dimensions.
    out : str or Path, optional
        ``.nc`` or ``.zarr``; each solved point is kept in ``OUT.parts/`` until the file is written.
    resume : bool
        Solve only the points missing from ``OUT.parts/``.
    workers : int, optional
        Points solved at once in separate processes (default 1: in this process), or the size of
        a local Dask cluster.
    dask_scheduler : str, optional
        ``"local"`` or a scheduler address: solve the points as Dask tasks.
    assure, algorithm, threads, time_limit_s : optional
        Options of :func:`solvers.size` (``threads`` are HiGHS threads per solve).
    progress : bool, optional
        Progress bar (default: on a terminal).
    typical_days : int, optional
        Size each point on this many typical days per year (:func:`solvers.size`); each plan is
        still simulated on every hour. Within one process, each point's LP starts from the HiGHS
        basis of the previous point (a warm start; HiGHS starts cold when the LP's shape differs).
    segments : int, optional
        Size each point on this many chronological segments per year instead
        (``docs/segments.md``; not with ``typical_days``); warm-started the same way.

    Returns
    -------
    xarray.Dataset
        Dimensions: the vary keys (coordinates = the values) and ``year``. Variables: ``status``,
        ``plan_kind``, ``message``, ``objective`` [currency], ``build_s``, ``handoff_s``,
        ``solve_s``, ``total_s`` [s]; per year the capacities ``wind_mw``, ``solar_mw``,
        ``storage_mwh``, ``storage_mw``, the ``target_share``, the LP's and the simulated
        renewable shares and ``simulated_meets_target``.
    """
    return run_sweep_size(
        scenario, vary, out=out, resume=resume, workers=workers, dask_scheduler=dask_scheduler,
        assure=assure, algorithm=algorithm, threads=threads, time_limit_s=time_limit_s,
        progress=progress, typical_days=typical_days, segments=segments,
    ).dataset


# ``simulator.sweep`` names both this module and its function: keep it callable.
_callable_module(__name__)
