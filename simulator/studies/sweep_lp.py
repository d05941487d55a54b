"""LP sweeps: the sizing optimiser (:func:`solvers.size`) over a grid of scenario values.

``parkbalance sweep-size``: every point of a grid of dotted scenario keys (``wind.capex_per_kw``,
``finance.discount_rate`` ...) and of ``targets`` / ``load_scale`` / ``load_growth`` is a scenario
validated again and sized by one LP. The points, in C order, are cut into chunks of
``chunk_points``; a chunk is the unit of work (in this process, in worker processes or as a Dask
task), of warm starts (each point starts HiGHS from the basis of the point before it, the first
one cold) and of resume (``OUT.parts/chunk-000012.npz``). So the result does not depend on where,
in which order or with which interruptions the chunks ran. See ``docs/sweeps.md``.
"""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.core.errors import InputError
from simulator.core.scenario import Scenario
from simulator.core.verdict import failure_lines
from simulator.core.vocabulary import ASSET_NAMES
from simulator.studies import sweep_dask
from simulator.studies.sweep import SweepRun, _as_scenario, _finished, _write_fault
from simulator.studies.sweep_dask import check_dask_options
from simulator.studies.sweep_grid import grid_json, parse_grid_spec, spec_text, units
from simulator.studies.sweep_inputs import InputSnapshot, snapshot_inputs
from simulator.studies.sweep_meta import attrs as sweep_attrs
from simulator.studies.sweep_meta import sweep_key
from simulator.studies.sweep_runner import Progress
from simulator.studies.sweep_store import (
    Parts,
    SweepError,
    check_out,
    describe_kept,
    remove_stale,
    says_how_to_resume,
    write_dataset,
)
from simulator.studies.sweep_vary import LP_SWEEP_VARIABLES, apply_vary, check_vary_shape

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

__all__ = [
    "LP_CHUNK_POINTS",
    "LP_SWEEP_VARIABLES",
    "apply_vary",
    "run_sweep_size",
    "sweep_size",
]


#: Variables of an LP-sweep dataset over (*vary, year) and over (*vary).
_LP_YEARLY = (
    *ASSET_NAMES,
    "target_share",
    "lp_renewable_share",
    "simulated_renewable_share",
    "simulated_meets_target",
)
_LP_SCALAR = ("objective", "build_s", "handoff_s", "solve_s", "total_s")
_LP_TEXT = ("status", "plan_kind", "failed_checks")
#: Boolean variables of an LP-sweep dataset over (*vary).
_LP_BOOL = ("passed",)


def _size(scenario: Scenario, **options: Any):
    """Call the optimiser (a seam: the plumbing tests replace it with a fake)."""
    from solvers.sizing import size

    return size(scenario, **options)


#: LP-sweep points per chunk by default: the unit of work, of resume and of warm starts.
LP_CHUNK_POINTS = 4


def _lp_point(
    scenario: Scenario, point: dict[str, float], options: dict[str, Any], warm: Any = None
) -> tuple[dict[str, np.ndarray], Any]:
    """Solve one LP-sweep point from the basis ``warm``; its arrays and the basis to pass on."""
    years = scenario.years
    nan_years = np.full(years, np.nan)
    out: dict[str, np.ndarray] = {}
    sc = apply_vary(scenario, point)
    try:
        # same LP shape: HiGHS reuses the basis; otherwise it starts cold (docs/tsa.md)
        res = _size(sc, warm_start=warm, **options)
    except InputError as exc:  # e.g. a coal must-run above the scaled load
        out["status"] = np.array("input_error")
        out["plan_kind"] = np.array("none")
        out["passed"] = np.array(False)
        out["failed_checks"] = np.array("")
        out["message"] = np.array(exc.one_line())
        for name in _LP_SCALAR:
            out[name] = np.array(np.nan)
        for name in _LP_YEARLY:
            out[name] = nan_years
        out["target_share"] = np.asarray(sc.target_shares(), dtype=float)
        return out, warm
    out["status"] = np.array(str(res.status))
    checks = getattr(res, "checks", None)
    fails = failure_lines(checks) if checks is not None else []
    # the verdict: every check passed on the simulated hours (status "optimal")
    out["passed"] = np.array(str(res.status) == "optimal" and not fails)
    out["failed_checks"] = np.array(" | ".join(fails))
    out["plan_kind"] = np.array(str(getattr(res, "plan_kind", "")))
    out["message"] = np.array(" | ".join(getattr(res, "messages", []) or []))
    out["objective"] = np.array(np.nan if res.objective is None else float(res.objective))
    timing = dict(res.timing or {})
    for name in ("build_s", "handoff_s", "solve_s", "total_s"):
        out[name] = np.array(float(timing.get(name, np.nan)))
    caps = res.capacities
    for name in ASSET_NAMES:
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
    return out, getattr(res, "warm_start", None)


def _lp_chunk(
    scenario: Scenario, points: list[dict[str, float]], options: dict[str, Any]
) -> list[dict[str, np.ndarray]]:
    """Solve the points of one LP-sweep chunk in order, each warm-started from the one before.

    The first point starts cold, so a chunk gives the same numbers wherever and whenever it runs
    (after a resume, in another process, on Dask).
    """
    warm = None
    out = []
    for point in points:
        arrays, warm = _lp_point(scenario, point, options, warm)
        out.append(arrays)
    return out


def _lp_task(
    scenario: Scenario, points: list[dict[str, float]], options: dict[str, Any]
) -> list[dict[str, np.ndarray]]:
    """Solve an LP-sweep chunk as a process-pool or Dask task."""
    return _lp_chunk(scenario, points, options)


def _pack_lp_chunk(results: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {f"{j}.{name}": a for j, arrays in enumerate(results) for name, a in arrays.items()}


def _unpack_lp_chunk(arrays: dict[str, np.ndarray], n: int) -> list[dict[str, np.ndarray]] | None:
    out: list[dict[str, np.ndarray]] = [{} for _ in range(n)]
    for name, a in arrays.items():
        j, _, var = name.partition(".")
        if not j.isdigit() or int(j) >= n:
            return None
        out[int(j)][var] = a
    need = (*_LP_YEARLY, *_LP_SCALAR, *_LP_TEXT, *_LP_BOOL)
    if not all(all(k in r for k in need) for r in out):
        return None
    return out


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
    chunk_points: int | None = None,
) -> SweepRun:
    """Run an LP sweep; like :func:`sweep_size` but returns a :class:`SweepRun`."""
    t0 = time.perf_counter()
    started_at = datetime.now(UTC)
    scenario = _as_scenario(scenario)
    if not vary:
        raise InputError("vary", None, "give at least one KEY=SPEC")
    values = {key: parse_grid_spec(key, spec, "vary") for key, spec in vary.items()}
    check_vary_shape(scenario, values)
    if workers is not None and workers < 1:
        raise InputError("workers", None, "must be ≥ 1")
    if threads is not None and threads < 1:
        raise InputError("threads", None, "must be ≥ 1")
    if chunk_points is not None and chunk_points < 1:
        raise InputError("chunk_points", None, "must be ≥ 1")
    check_dask_options(dask_scheduler, workers)
    if typical_days is not None and typical_days < 2:
        raise InputError("typical_days", None, "must be ≥ 2")
    options = {"assure": assure, "algorithm": algorithm, "threads": threads,
               "time_limit_s": time_limit_s}
    if typical_days is not None:
        options["typical_days"] = typical_days
    if segments is not None:
        if segments < 1 or typical_days is not None:
            raise InputError("segments", None, "must be ≥ 1 and not given with typical days")
        options["segments"] = segments
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        check_out(out_path)
    with snapshot_inputs(scenario) as snap:
        return _run_sweep_size(snap, vary, values, options, t0, out_path, resume, workers,
                               dask_scheduler, progress, chunk_points or LP_CHUNK_POINTS,
                               started_at)


def _run_sweep_size(
    snap: InputSnapshot,
    vary: Mapping[str, Any],
    values: dict[str, np.ndarray],
    options: dict[str, Any],
    t0: float,
    out_path: Path | None,
    resume: bool,
    workers: int | None,
    dask_scheduler: str | None,
    progress: bool | None,
    chunk_points: int,
    started_at: datetime | None = None,
) -> SweepRun:
    """Run the body of :func:`run_sweep_size` once the input is checked and files are read."""
    scenario = snap.original
    grid = _LPGrid(tuple(values), values, chunk_points)
    specs = {n: spec_text(vary[n], v) for n, v in values.items()}
    key = sweep_key(
        "lp-sweep", snap,
        {
            "vary": grid_json(grid.names, list(values.values())),
            # HiGHS threads change the speed, not the plan: not part of the key
            "options": {k: v for k, v in options.items() if k != "threads"},
            "chunk_points": chunk_points,
        },
    )
    results: dict[int, dict[str, np.ndarray]] = {}
    parts = None
    warned: list[str] = []
    todo = list(range(grid.n_chunks))
    if out_path is not None:
        parts = Parts(out_path, key, grid.n_chunks, "chunk")
        if resume and not parts.dir.exists() and out_path.exists():
            finished = _finished(out_path, key)
            remove_stale(out_path)
            return SweepRun(finished, grid.n_points, 0, time.perf_counter() - t0, 0.0, out_path,
                            [f"{out_path} is already complete"], "points")
        todo, warned = _open_lp_parts(parts, grid, resume, results, {
            "scenario": scenario.name, "vary": specs, "options": options,
            "chunk_points": chunk_points})
    n_todo = sum(len(grid.chunk(c)) for c in todo)
    bar = Progress(n_todo, "LP sweep (points)", progress)

    def on_done(c: int, chunk: list[dict[str, np.ndarray]]) -> None:
        for arrays in chunk:  # name the user's files, not the private copies (same every run)
            arrays["message"] = np.array(snap.restore_names(str(arrays["message"])))
        if parts is not None:
            try:
                parts.save(c, _pack_lp_chunk(chunk))
            except OSError as exc:
                raise _write_fault(parts.path(c), exc, parts) from None
        for p, arrays in zip(grid.chunk(c), chunk, strict=True):
            results[p] = arrays
        bar.advance(len(chunk))

    try:
        try:
            # solved from the input files as read once; a remote cluster reads them itself
            solve_sc = snap.scenario if dask_scheduler in (None, "local") else scenario
            _run_points(solve_sc, todo, grid.chunk_values, options, on_done, workers,
                        dask_scheduler, key)
        finally:
            bar.close()
        ds = _lp_dataset(scenario, grid, results, sweep_attrs(
            "LP sweep", snap, key, specs, started_at, solver_options=json.dumps(options),
            chunk_points=chunk_points))
        if out_path is not None:
            try:
                write_dataset(ds, out_path)
            except OSError as exc:
                raise _write_fault(out_path, exc, parts) from None
            parts.remove()
    except BaseException as exc:
        if parts is not None:
            parts.discard_if_empty()
            if isinstance(exc, SweepError) and not says_how_to_resume(exc.args[0]):
                raise SweepError(exc.args[0] + describe_kept(parts)) from None
        raise
    return SweepRun(ds, grid.n_points, n_todo, time.perf_counter() - t0, 0.0, out_path,
                    unit="points", warnings=warned)


@dataclass(frozen=True)
class _LPGrid:
    """The points of an LP sweep (C order over the vary keys) and their chunks."""

    names: tuple[str, ...]
    values: dict[str, np.ndarray]
    chunk_points: int

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(v.size for v in self.values.values())

    @property
    def n_points(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def n_chunks(self) -> int:
        return -(-self.n_points // self.chunk_points)

    def chunk(self, c: int) -> range:
        """Return the flat points of chunk ``c``."""
        return range(c * self.chunk_points, min(self.n_points, (c + 1) * self.chunk_points))

    def point(self, p: int) -> dict[str, float]:
        """Return the vary values of flat point ``p``."""
        idx = np.unravel_index(p, self.shape)
        return {n: float(self.values[n][i]) for n, i in zip(self.names, idx, strict=True)}

    def chunk_values(self, c: int) -> list[dict[str, float]]:
        """Return the vary values of every point of chunk ``c``."""
        return [self.point(p) for p in self.chunk(c)]


def _open_lp_parts(
    parts: Parts,
    grid: _LPGrid,
    resume: bool,
    results: dict[int, dict[str, np.ndarray]],
    info: dict,
) -> tuple[list[int], list[str]]:
    """Open ``OUT.parts/`` and load its usable chunks into ``results``.

    Returns the chunks still to solve and the warnings of chunk files that cannot be used.
    """
    try:
        parts.open(resume, info)
    except OSError as exc:
        parts.discard_if_empty()
        raise _write_fault(parts.dir, exc, None) from None
    remove_stale(parts.out)
    warned = []
    for c in parts.done():
        got, why = parts.load(c)
        pts = grid.chunk(c)
        unpacked = _unpack_lp_chunk(got, len(pts)) if got is not None else None
        if got is not None and unpacked is None:
            why = "has the wrong content"
        if unpacked is None:
            warned.append(f"{parts.path(c)}: {why}; solving it again")
            continue
        for p, arrays in zip(pts, unpacked, strict=True):
            results[p] = arrays
    todo = [c for c in range(grid.n_chunks) if grid.chunk(c)[0] not in results]
    return todo, warned


def _lp_dataset(
    scenario: Scenario,
    grid: _LPGrid,
    results: dict[int, dict[str, np.ndarray]],
    attrs: dict[str, Any],
) -> xr.Dataset:
    """Build the dataset of an LP sweep from the results of every point."""
    import xarray as xr

    shape, n_points, dims = grid.shape, grid.n_points, list(grid.names)
    data: dict[str, Any] = {}
    for name in _LP_YEARLY:
        arr = np.stack([results[p][name] for p in range(n_points)])
        arr = arr.reshape((*shape, scenario.years))
        data[name] = xr.Variable([*dims, "year"], arr, {"units": units(name)})
    data["simulated_meets_target"].attrs["units"] = "1"
    for name in _LP_SCALAR:
        arr = np.array([float(results[p][name]) for p in range(n_points)]).reshape(shape)
        unit = "s" if name.endswith("_s") else scenario.finance.currency
        data[name] = xr.Variable(dims, arr, {"units": unit})
    for name in _LP_BOOL:
        arr = np.array([bool(results[p][name]) for p in range(n_points)]).reshape(shape)
        data[name] = xr.Variable(dims, arr, {"units": "1"})
    data["passed"].attrs["long_name"] = "every rule passed on the simulated hours"
    for name in (*_LP_TEXT, "message"):
        # variable-length strings: NetCDF-4 strings, Zarr 3 "string" (no fixed-width spec)
        arr = np.array([str(results[p].get(name, "")) for p in range(n_points)], dtype=object)
        data[name] = xr.Variable(dims, arr.reshape(shape))
    coords: dict[str, Any] = {n: xr.Variable(n, v) for n, v in grid.values.items()}
    coords["year"] = xr.Variable("year", np.asarray(scenario.calendar_years, dtype=np.int64))
    return xr.Dataset(data, coords=coords, attrs=attrs)


def _run_points(
    scenario: Scenario,
    todo: list[int],
    chunk_of: Callable[[int], list[dict[str, float]]],
    options: dict[str, Any],
    on_done: Callable[[int, list[dict[str, np.ndarray]]], None],
    workers: int | None,
    dask_scheduler: str | None,
    key: str,
) -> None:
    """Solve the LP-sweep chunks ``todo``: in-process, in a process pool, or on Dask."""
    if not todo:
        return
    if dask_scheduler is not None:
        client, cluster = sweep_dask.dask_client(dask_scheduler, workers)
        try:
            sc_f = client.scatter(scenario, broadcast=True, hash=False)

            def submit(c: int, attempt: int) -> Any:
                return client.submit(_lp_task, sc_f, chunk_of(c), options,
                                     key=f"parkbalance-lp-{key[:16]}-{c}-{attempt}", pure=False)

            sweep_dask.dask_gather(client, submit, todo, on_done, "chunk")
        finally:
            sweep_dask.close_dask(client, cluster)
        return
    n = min(workers or 1, len(todo))
    if n <= 1:
        for c in todo:
            on_done(c, _lp_chunk(scenario, chunk_of(c), options))
        return
    # spawn: the parent may already run OpenMP / numba threads, which do not survive a fork
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        futs = {pool.submit(_lp_task, scenario, chunk_of(c), options): c for c in todo}
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
    chunk_points: int | None = None,
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
        still simulated on every hour. Within a chunk, each point's LP starts from the HiGHS
        basis of the point before it (a warm start; HiGHS starts cold when the LP's shape
        differs); the first point of a chunk starts cold.
    segments : int, optional
        Size each point on this many chronological segments per year instead
        (``docs/segments.md``; not with ``typical_days``); warm-started the same way.
    chunk_points : int, optional
        Points per chunk (default :data:`LP_CHUNK_POINTS`), in C order over the vary keys: the
        unit of work, of warm starts and of resume. The result does not depend on where or in
        which order the chunks run, nor on interruptions, but it does on the chunking (which is
        part of the sweep key).

    Returns
    -------
    xarray.Dataset
        Dimensions: the vary keys (coordinates = the values) and ``year``. Variables: ``status``,
        ``plan_kind``, ``message``, ``objective`` [currency], ``build_s``, ``handoff_s``,
        ``solve_s``, ``total_s`` [s]; per year the capacities ``wind_mw``, ``solar_mw``,
        ``storage_mwh``, ``storage_mw``, the ``target_share``, the LP's and the simulated
        renewable shares and ``simulated_meets_target``; per point the verdict ``passed``
        (every check passed on the simulated hours: ``status == "optimal"``) and
        ``failed_checks`` (the failure lines joined with ``" | "``, empty when passed).
        Attributes include ``provenance`` (JSON) and ``scenario_toml``.
    """
    return run_sweep_size(
        scenario, vary, out=out, resume=resume, workers=workers, dask_scheduler=dask_scheduler,
        assure=assure, algorithm=algorithm, threads=threads, time_limit_s=time_limit_s,
        progress=progress, typical_days=typical_days, segments=segments,
        chunk_points=chunk_points,
    ).dataset
