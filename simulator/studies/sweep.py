"""Batch sensitivity sweeps: many designs × weather years through the SIMD dispatch kernel.

A *dispatch sweep* runs the rule-based dispatch of ``simulator.core.dispatch`` for every point of a
grid of capacities and parameters (``wind_mw = 0:2000:101`` × ``storage_mwh = 0,500,1000`` ...) and
returns the yearly KPIs of every point as an :class:`xarray.Dataset` with one dimension per grid
name. The grid is cut into *chunks* of contiguous flat indices
(:mod:`simulator.studies.sweep_plan`); each chunk is one call of the batched kernel
(:mod:`simulator.studies.sweep_kernel`), which returns yearly sums only (no hourly arrays).

With an output file the finished chunks are kept in ``OUT.parts/`` as they complete (atomic
writes) next to a manifest that identifies the sweep; ``resume=True`` computes only the missing
chunks. Once every chunk is done, the result is streamed into the NetCDF file or Zarr store block
by block from those chunk files (:mod:`simulator.studies.sweep_stream`), so memory stays at a few
chunks whatever the size of the grid; without an output file it is built in memory. Chunks can run
in-process (numba threads) or as tasks on a Dask cluster (:mod:`simulator.studies.sweep_runner`);
the numbers are the same either way, and the same as :func:`simulator.core.simulate.simulate` at
every point.

The other modules: the grid (:mod:`simulator.studies.sweep_grid`), the sweep key and attributes
(:mod:`simulator.studies.sweep_meta`), the dataset's variables
(:mod:`simulator.studies.sweep_dataset`), the files (:mod:`simulator.studies.sweep_store`), the
input files read once (:mod:`simulator.studies.sweep_inputs`), Dask
(:mod:`simulator.studies.sweep_dask`). *LP sweeps* (``sweep_size``, ``run_sweep_size``,
``apply_vary``) live in :mod:`simulator.studies.sweep_lp`. See ``docs/sweeps.md`` and
``docs/reliability.md``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.core.dispatch import SUMS
from simulator.core.errors import InputError, OutputError
from simulator.core.profiles import check_weather_years
from simulator.core.scenario import HOURS_PER_YEAR, Scenario, load_scenario
from simulator.studies import sweep_runner, sweep_stream
from simulator.studies.sweep_dask import check_dask_options
from simulator.studies.sweep_dataset import Layout, MemorySink, block_values, layout
from simulator.studies.sweep_grid import (
    GRID_NAMES,
    grid_json,
    parse_grid,
    parse_grid_spec,
    parse_name_specs,
    spec_text,
)
from simulator.studies.sweep_inputs import InputSnapshot, snapshot_inputs
from simulator.studies.sweep_kernel import TIMING
from simulator.studies.sweep_meta import attrs as sweep_attrs
from simulator.studies.sweep_meta import scenario_digest, sweep_key
from simulator.studies.sweep_plan import (
    KERNEL_CHUNK,
    ChunkPlan,
    Weather,
    check_must_run,
    check_resources,
    make_plan,
    weather,
)
from simulator.studies.sweep_store import (
    BackgroundSaver,
    Parts,
    SaveFailed,
    SweepError,
    check_out,
    describe_kept,
    io_message,
    open_sweep,
    remove_stale,
    says_how_to_resume,
    write_dataset,
)

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
    "scenario_digest",
    "sweep",
    "write_dataset",
]


@dataclass
class SweepRun:
    """A finished sweep and how it went.

    Attributes
    ----------
    dataset : xarray.Dataset
        The result (see :func:`sweep`); with an output file, that file opened on first use.
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
        (waiting for the ``OUT.parts`` writes, and reading back the sums no longer held in memory
        for the result file), ``assemble_s`` (KPIs and the dataset), ``write_s`` (the NetCDF or
        Zarr file, less the KPIs).
    sizes : dict of str to int
        Size of each dimension of the result (grid names, ``year``, ``weather_year``, …).
    """

    result: Any  # the dataset, or a callable that opens it (see ``dataset``)
    n_chunks: int
    computed: int
    seconds: float
    scenario_hours: float = 0.0
    out: Path | None = None
    notes: list[str] = field(default_factory=list)
    unit: str = "chunks"
    warnings: list[str] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    @property
    def dataset(self) -> Any:
        """The result as an :class:`xarray.Dataset` (the output file opened on first use)."""
        if callable(self.result):
            self.result = self.result()
        return self.result


#: Sums of finished chunks kept in memory for building the result (beyond it they are read back
#: from ``OUT.parts/``) [bytes]: the 200,000-point 3-year sweep of the benchmarks fits.
HELD_BYTES = 128 * 2**20


def _as_scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def _write_fault(path: Path, exc: OSError, parts: Parts | None) -> OutputError:
    """Return the one-line error of a write that failed, saying what is kept for a resume."""
    return OutputError(path, f"{io_message(exc)}{describe_kept(parts)}")


def _check_options(
    weather_years: int | None,
    chunk_points: int | None,
    threads: int | None,
    workers: int | None,
    dask_scheduler: str | None,
) -> int | None:
    """Check the numeric options of :func:`run_sweep`; return ``weather_years`` as an int."""
    if weather_years is not None:
        if int(weather_years) != weather_years or weather_years < 1:
            raise InputError("weather_years", None, "must be a whole number ≥ 1")
        weather_years = int(weather_years)
    for name, value in (("chunk_points", chunk_points), ("threads", threads),
                        ("workers", workers)):
        if value is not None and value < 1:
            raise InputError(name, None, "must be ≥ 1")
    check_dask_options(dask_scheduler, workers)
    return weather_years


def _kept_bytes(out: Path) -> float:
    """Bytes of the chunk files in ``OUT.parts/`` (a resume needs no disk space for them)."""
    folder = out.with_name(out.name + ".parts")
    if not folder.is_dir():
        return 0.0
    return float(sum(p.stat().st_size for p in folder.glob("*.npz")))


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
    specs = {n: spec_text(grid[n], v) for n, v in values.items()}
    weather_years = _check_options(weather_years, chunk_points, threads, workers, dask_scheduler)
    plan = make_plan(scenario, values, weather_years, chunk_points)
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        check_out(out_path)
    check_resources(plan, out_path, _kept_bytes(out_path) if out_path and resume else 0.0)
    options = _Options(out_path, resume, dask_scheduler, workers, threads, progress)
    with snapshot_inputs(scenario) as snap:
        return _run_sweep(snap, plan, specs, t0, options, started_at)


@dataclass(frozen=True)
class _Options:
    """Where a dispatch sweep writes and how its chunks run (the options of :func:`run_sweep`)."""

    out: Path | None
    resume: bool
    dask_scheduler: str | None
    workers: int | None
    threads: int | None
    progress: bool | None


def _run_sweep(
    snap: InputSnapshot,
    plan: ChunkPlan,
    specs: dict[str, str],
    t0: float,
    opt: _Options,
    started_at: datetime | None = None,
) -> SweepRun:
    """Run the body of :func:`run_sweep` once the input is checked and the files are read."""
    scenario = snap.original
    timing: dict[str, float] = {"inputs_s": time.perf_counter() - t0}
    weather_of, known = _weather_years(snap, plan, timing)
    key = sweep_key("dispatch-sweep", snap, {
        "grid": grid_json(plan.names, plan.values),
        "weather_years": plan.weather_years,
        "chunk_points": plan.chunk_points,
    })
    lay = layout(scenario, plan, sweep_attrs(
        "dispatch sweep", snap, key, specs, started_at,
        weather_years=plan.weather_years if plan.weather_years is not None else 0,
        kernel="simulator.core.dispatch.dispatch_yearly_sums_batch",
    ))
    parts, todo, warned = None, list(range(plan.n_chunks)), []
    if opt.out is not None:
        parts = Parts(opt.out, key, plan.n_chunks, "chunk")
        if opt.resume and not parts.dir.exists() and opt.out.exists():
            finished = _finished(opt.out, key)
            remove_stale(opt.out)
            return SweepRun(finished, plan.n_chunks, 0, time.perf_counter() - t0, 0.0, opt.out,
                            [f"{opt.out} is already complete"], sizes=dict(lay.sizes))
        todo, warned = _open_parts(parts, plan, opt.resume, {
            "scenario": scenario.name, "grid": specs, "weather_years": plan.weather_years,
            "chunk_points": plan.chunk_points})
    held: dict[int, np.ndarray] = {}
    try:
        _compute(weather_of, known, plan, todo, parts, held, key, opt, timing)
        ds = _result(scenario, plan, lay, parts, held, opt.out, timing)
    except BaseException as exc:
        if parts is not None:
            parts.discard_if_empty()
            if isinstance(exc, SweepError) and not says_how_to_resume(exc.args[0]):
                raise SweepError(exc.args[0] + describe_kept(parts)) from None
        raise
    todo_points = sum(plan.chunk_range(c)[2] - plan.chunk_range(c)[1] for c in todo)
    return SweepRun(
        ds, plan.n_chunks, len(todo), time.perf_counter() - t0,
        float(todo_points) * plan.years * HOURS_PER_YEAR, opt.out, [], warnings=warned,
        timing=timing, sizes=dict(lay.sizes),
    )


def _weather_years(
    snap: InputSnapshot, plan: ChunkPlan, timing: dict[str, float]
) -> tuple[Callable[[int], Weather], dict[int, Weather]]:
    """Check the weather years and the coal must-run; return ``weather_of`` and those built.

    ``weather_of(w)`` builds the hourly profiles of weather year ``w`` from the input files as
    read once; errors name the user's files.
    """
    scenario = snap.original
    if plan.weather_years is not None:
        # measured weather years give as many as they have; other measured profiles one
        try:
            check_weather_years(snap.scenario, plan.weather_years)
        except InputError as exc:
            raise snap.message_source(exc) from None

    def weather_of(w: int) -> Weather:
        try:
            return weather(snap.scenario, w)
        except InputError as exc:
            raise snap.message_source(exc) from None

    t_prof = time.perf_counter()
    known = {0: weather_of(0)}
    timing["profiles_s"] = time.perf_counter() - t_prof
    check_must_run(scenario, plan, known[0].load_mw)
    if scenario.coal is not None and any(ld.archetype == "data-centre" for ld in scenario.loads):
        # a data centre's cooling load follows the temperature of the weather year
        for w in range(1, plan.n_weather):
            wy = weather_of(w)
            try:
                check_must_run(scenario, plan, wy.load_mw)
            except InputError as exc:
                msg = f"weather year {w}: {exc.message}"
                raise InputError(exc.source, exc.field, msg) from None
            if w < 16:
                known[w] = wy
    return weather_of, known


def _open_parts(
    parts: Parts, plan: ChunkPlan, resume: bool, info: dict
) -> tuple[list[int], list[str]]:
    """Open ``OUT.parts/`` (checking a resumed one); return the chunks to compute and warnings.

    A chunk file that cannot be used (unreadable, another sweep's, the wrong shape) is computed
    again, with a warning.
    """
    try:
        parts.open(resume, info)
    except OSError as exc:
        parts.discard_if_empty()
        raise _write_fault(parts.dir, exc, None) from None
    remove_stale(parts.out)
    finished: set[int] = set()
    warned: list[str] = []
    for c in parts.done():
        got, why = _load_chunk(parts, plan, c)
        if got is None:
            warned.append(f"{parts.path(c)}: {why}; computing it again")
        else:
            finished.add(c)
    return [c for c in range(plan.n_chunks) if c not in finished], warned


def _load_chunk(parts: Parts, plan: ChunkPlan, c: int) -> tuple[np.ndarray | None, str]:
    """Return the yearly sums of chunk ``c`` from its file, or None and why it cannot be used."""
    got, why = parts.load(c)
    if got is None:
        return None, why
    _, lo, hi = plan.chunk_range(c)
    sums = got.get("sums")
    if sums is None or sums.shape != (plan.years, len(SUMS), hi - lo):
        return None, "has the wrong shape"
    return sums, ""


def _compute(
    weather_of: Callable[[int], Weather],
    known: dict[int, Weather],
    plan: ChunkPlan,
    todo: list[int],
    parts: Parts | None,
    held: dict[int, np.ndarray],
    key: str,
    opt: _Options,
    timing: dict[str, float],
) -> None:
    """Compute the chunks ``todo``: each is saved in ``OUT.parts/``, or held in ``held``.

    With ``OUT.parts/`` the files are written on a background thread while the next chunks are
    computed, and the sums stay in ``held`` as well up to :data:`HELD_BYTES`, so that the result
    is built without reading them back.
    """
    todo_points = sum(plan.chunk_range(c)[2] - plan.chunk_range(c)[1] for c in todo)
    bar = sweep_runner.Progress(todo_points, "sweep (grid points)", opt.progress)
    saver = BackgroundSaver(parts) if parts is not None else None
    held_bytes = 0

    def on_done(c: int, chunk_sums: np.ndarray) -> None:
        nonlocal held_bytes
        _, lo, hi = plan.chunk_range(c)
        if saver is None or held_bytes + chunk_sums.nbytes <= HELD_BYTES:
            held[c] = chunk_sums
            held_bytes += chunk_sums.nbytes
        if saver is not None:
            t_save = time.perf_counter()
            _saved(saver.submit, parts, c, {"sums": chunk_sums})
            _add(timing, "chunk_files_s", time.perf_counter() - t_save)
        bar.advance(hi - lo)

    token = TIMING.set(timing)
    try:
        sweep_runner.run_chunks(
            weather_of, plan, todo, on_done,
            dask_scheduler=opt.dask_scheduler, workers=opt.workers, threads=opt.threads, key=key,
            known=known, timing=timing,
        )
    finally:
        TIMING.reset(token)
        bar.close()
        if saver is not None:
            t_save = time.perf_counter()
            _saved(saver.close, parts)
            _add(timing, "chunk_files_s", time.perf_counter() - t_save)


def _saved(call: Callable[..., None], parts: Parts, *args: Any) -> None:
    """Call ``saver.submit``/``close``; a failed save is the output fault of its chunk file."""
    try:
        call(*args)
    except SaveFailed as failed:
        if not isinstance(failed.error, OSError):
            raise failed.error from None
        raise _write_fault(parts.path(failed.item), failed.error, parts) from None


def _add(timing: dict[str, float], stage: str, seconds: float) -> None:
    timing[stage] = timing.get(stage, 0.0) + seconds


def _result(
    scenario: Scenario,
    plan: ChunkPlan,
    lay: Layout,
    parts: Parts | None,
    held: dict[int, np.ndarray],
    out: Path | None,
    timing: dict[str, float],
) -> xr.Dataset | Callable[[], xr.Dataset]:
    """Build the result from the chunks' sums: in memory, or streamed into ``out``.

    With ``out`` the sums are read back from ``OUT.parts/`` one block at a time and the file is
    written block by block; what is returned then opens the file lazily. ``assemble_s`` is
    the time of the KPIs and the dataset, ``write_s`` that of the file less the KPIs.
    """
    t0 = time.perf_counter()
    if out is None or parts is None:
        sink = MemorySink(lay)
        for lo, hi, values in _blocks(scenario, plan, held.pop, timing):
            sink.write(lo, hi, values)
        ds = sink.dataset()
        timing["assemble_s"] = time.perf_counter() - t0
        return ds

    def sums_of(c: int) -> np.ndarray:
        if c in held:  # computed in this run and still in memory: no need to read it back
            return held.pop(c)
        t_read = time.perf_counter()
        sums, why = _load_chunk(parts, plan, c)
        _add(timing, "chunk_files_s", time.perf_counter() - t_read)
        if sums is None:  # it was whole when it was written or checked
            raise OutputError(parts.path(c), f"{why} since it was written: run again with "
                              "resume to compute it again")
        return sums

    before = timing.get("assemble_s", 0.0) + timing.get("chunk_files_s", 0.0)
    try:
        sweep_stream.write_streamed(
            lay, out, lambda: _blocks(scenario, plan, sums_of, timing), plan.chunk_points
        )
    except OutputError:
        raise
    except OSError as exc:
        raise _write_fault(out, exc, parts) from None
    parts.remove()
    after = timing.get("assemble_s", 0.0) + timing.get("chunk_files_s", 0.0)
    timing["write_s"] = time.perf_counter() - t0 - (after - before)
    return lambda: open_sweep(out, lazy=True)


def _blocks(
    scenario: Scenario,
    plan: ChunkPlan,
    sums_of: Callable[[int], np.ndarray],
    timing: dict[str, float],
) -> Iterator[sweep_stream.Block]:
    """Yield ``(lo, hi, values)`` per block of points: chunk ``k`` of every weather year."""
    for k in range(plan.chunks_per_weather):
        _, lo, hi = plan.chunk_range(k)
        sums = np.empty((plan.years, len(SUMS), plan.n_weather, hi - lo))
        for w in range(plan.n_weather):
            sums[:, :, w, :] = sums_of(w * plan.chunks_per_weather + k)
        t0 = time.perf_counter()
        values = block_values(scenario, plan, sums, lo, hi)
        _add(timing, "assemble_s", time.perf_counter() - t0)
        yield lo, hi, values


def _finished(out: Path, key: str) -> xr.Dataset:
    """Return the dataset at ``out`` (opened lazily), the finished result of the sweep ``key``.

    Raises
    ------
    InputError
        ``out`` cannot be read or is the result of another sweep.
    """
    try:
        ds = open_sweep(out, lazy=True)
    except Exception:
        raise InputError(
            out, None, "exists but is not a readable sweep result; nothing to resume"
        ) from None
    if ds.attrs.get("sweep_key") != key:
        ds.close()
        raise InputError(
            out, None,
            "is the finished result of a different sweep (scenario, grid, weather years, "
            "chunking or code version differ); cannot resume it: drop `resume=True` to "
            "overwrite it",
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
        ``OUT.parts/`` until the file is written, and the file is written from them block by
        block (memory stays at a few chunks, whatever the size of the grid).
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
        With ``out``, the file opened lazily (values are read when used); else in memory.
        Dimensions: the grid names (coordinates = the values), ``[weather_year]``, ``year``
        (calendar years). One variable per yearly KPI of :data:`simulator.core.kpis.KPI_NAMES`
        (``target_share`` over ``year`` only); attributes name the scenario, its SHA-256, the
        parkbalance version, the grid specs and the time of creation.

    Raises
    ------
    InputError
        Bad grid, a coal must-run above the (scaled) load, weather years with measured profiles,
        a bad ``out`` suffix, results that would not fit in memory (no ``out``) or on the disk of
        ``out``, or a resume of a different sweep. The source is the argument (``grid``,
        ``weather_years``, ``workers`` ...) or the file.
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

