"""CLI commands of the sweeps: ``parkbalance sweep`` (dispatch) and ``parkbalance sweep-size`` (LP).

Imported by :mod:`simulator.cli.app` (which owns the typer ``app``), so the commands register there.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from simulator.cli.app import DEFAULT_SCENARIO, app, console, err_console
from simulator.cli.options import SetOpt, VariantOpt
from simulator.core.errors import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_SOLVER,
    InputError,
    OutputError,
    ParkbalanceError,
)
from simulator.core.vocabulary import ASSET_NAMES

__all__ = ["sweep_cmd", "sweep_size_cmd"]

_GRID_HELP = (
    "NAME=SPEC, repeatable; the order gives the dimensions. SPEC is start:stop:count (inclusive, "
    "evenly spaced) or a comma list. NAME: " + ", ".join(ASSET_NAMES) + " (same "
    "capacity every year; a park with several stores or flexible processes has their "
    "capacities instead: NAME_mwh, NAME_mw, NAME_buffer_mwh, coal_min_load_mw), load_scale, "
    "charge_efficiency, discharge_efficiency (every store), coal_min_load_share, import_max_mw, "
    "export_max_mw."
)
_VARY_HELP = (
    "KEY=SPEC, repeatable: a dotted scenario key (wind.capex_per_kw, storage.capex_per_kwh, "
    "finance.discount_rate, grid.import_max_mw, ...) or targets (scales every year's target), "
    "load_scale (scales every load), load_growth (extra yearly growth)."
)


def _print_error(message: str) -> None:
    """Print ``error: message`` on stderr as it is: no markup, highlighting or emoji codes.

    (``wind_mw=0:100:0`` must not become ``0💯0``.)
    """
    err_console.print(f"error: {message}", markup=False, highlight=False, emoji=False)


#: The flags of the sweep commands by the library argument they give (library errors name the
#: argument; the command line prints the flag).
_FLAGS = {
    "grid": "--grid",
    "vary": "--vary",
    "weather_years": "--weather-years",
    "chunk_points": "--chunk-points",
    "workers": "--workers",
    "threads": "--threads",
    "dask_scheduler": "--dask-scheduler",
    "out": "--out",
    "resume": "--resume",
    "typical_days": "--typical-days",
    "segments": "--segments",
}

#: ``parkbalance sweep`` gives the numba threads of an in-process sweep by ``--workers``.
_SWEEP_FLAGS = {**_FLAGS, "threads": "--workers"}


def _flag_line(exc: ParkbalanceError, flags: dict[str, str]) -> str:
    """Return the one-line message of ``exc`` with the library's arguments named by their flags.

    The source of an :class:`InputError` (``grid``), the first word of other messages
    (``dask_scheduler: ...``) and the arguments a message advises, in backticks
    (```resume=True```, ```out```).
    """
    if isinstance(exc, InputError):
        source = flags.get(exc.source or "", exc.source)
        text = InputError(source, exc.field, exc.message).one_line()
    elif isinstance(exc, OutputError):
        text = exc.one_line()
    else:
        text = str(exc).replace("\n", " ")
        name, sep, rest = text.partition(": ")
        text = f"{flags[name]}: {rest}" if sep and name in flags else text

    def flag(m: re.Match) -> str:
        return flags.get(m.group(1), m.group(0))

    return _ADVISED.sub(flag, text)


#: An argument a library message advises: ```resume=True```, ```out```.
_ADVISED = re.compile(r"`([a-z_]+)(?:=True)?`")


def _kept(out: Path | None) -> str:
    """Return ``"; K finished chunks are kept in OUT.parts: ..."`` for an interrupted sweep."""
    if out is None:
        return ""
    parts = out.with_name(out.name + ".parts")
    n = len(list(parts.glob("chunk-*.npz"))) if parts.is_dir() else 0
    if n == 0:
        return "; nothing was kept"
    return f"; {n} finished chunks are kept in {parts}: run the same command with --resume"


def sweep_errors(
    func: Callable[..., Any] | None = None,
    *,
    hard_exit_on_interrupt: bool = False,
    flags: dict[str, str] | None = None,
) -> Any:
    """Turn the ways a sweep ends early into one stderr line and an exit code, no traceback.

    The codes of ``simulator.core.errors``: bad input 2; results that cannot be written
    (:class:`OutputError`: a folder where a file goes, a read-only folder, a full disk) 6; a
    sweep the Dask cluster failed (:class:`simulator.studies.sweep_store.SweepError`) and other
    parkbalance errors 4; Ctrl-C 130. After 6, 4 and 130 the finished chunks stay in
    ``OUT.parts/`` and the line says so.

    Library errors name the argument (``grid``, ``workers``, ``dask_scheduler`` ...); the line
    names the flag instead (``flags``, default :data:`_FLAGS`).

    With ``hard_exit_on_interrupt`` (LP sweeps) Ctrl-C ends the process with ``os._exit(130)``
    after the line, as ``simulator.cli.app.cli_errors`` does: the worker threads of a cancelled
    HiGHS solve can abort the process at exit. Every chunk file is whole or absent by then.
    """
    if func is None:
        return functools.partial(sweep_errors, hard_exit_on_interrupt=hard_exit_on_interrupt,
                                 flags=flags)
    names = _FLAGS if flags is None else flags

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            _print_error(_flag_line(exc, names))
            raise typer.Exit(EXIT_INPUT) from None
        except OutputError as exc:
            _print_error(_flag_line(exc, names))
            raise typer.Exit(EXIT_OUTPUT) from None
        except ParkbalanceError as exc:
            _print_error(_flag_line(exc, names))
            raise typer.Exit(EXIT_SOLVER) from None
        except KeyboardInterrupt:
            _print_error("interrupted (Ctrl-C)" + _kept(kwargs.get("out")))
            if hard_exit_on_interrupt:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(EXIT_INTERRUPTED)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except OSError as exc:  # a write the sweep did not turn into an OutputError: one line
            where = f"{exc.filename}: " if exc.filename else ""
            kept = _kept(kwargs.get("out"))
            _print_error(f"cannot write results: {where}{exc.strerror or exc}{kept}")
            raise typer.Exit(EXIT_OUTPUT) from None

    return wrapper


def _check_out(out: Path | None, resume: bool) -> None:
    if resume and out is None:
        raise InputError("--resume", None, "needs --out (the finished parts live in OUT.parts/)")


def _print(text: str) -> None:
    console.print(text, markup=False, highlight=False, emoji=False)


def _report(run, what: str) -> None:
    """Print one line: how much was computed, how fast, where it went (stdout)."""
    line = f"{what}: computed {run.computed} of {run.n_chunks} {run.unit} in {run.seconds:.2f} s"
    if run.scenario_hours > 0 and run.seconds > 0:
        line += f" ({run.scenario_hours / run.seconds:.3g} scenario-hours/s overall)"
    _print(line)
    for note in run.notes:
        _print(note)
    for warning in run.warnings:
        err_console.print(f"warning: {warning}", markup=False, highlight=False, emoji=False)
    if run.out is not None:
        _print(f"wrote {run.out}")


@app.command("sweep")
@sweep_errors(flags=_SWEEP_FLAGS)
def sweep_cmd(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML path.")] = (
        DEFAULT_SCENARIO
    ),
    grid: Annotated[list[str] | None, typer.Option("--grid", "-g", help=_GRID_HELP)] = None,
    weather_years: Annotated[
        int | None,
        typer.Option(help="Run every point in N synthesised weather years (adds p_meets_target)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the result: FILE.nc (NetCDF) or FILE.zarr.")
    ] = None,
    resume: Annotated[
        bool, typer.Option(help="Continue an interrupted sweep to the same --out.")
    ] = False,
    dask_scheduler: Annotated[
        str | None,
        typer.Option(help="'local' (a LocalCluster) or the address of a Dask scheduler."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes of the local Dask cluster; in-process: threads."),
    ] = None,
    chunk_points: Annotated[
        int | None, typer.Option(help="Grid points per chunk (unit of work and of resume).")
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
    set_: SetOpt = None,
    variant: VariantOpt = None,
) -> None:
    """Dispatch every point of a grid of capacities and parameters; yearly KPIs per point."""
    from simulator.core.scenario import load_scenario
    from simulator.studies.sweep import parse_name_specs, run_sweep

    _check_out(out, resume)
    if workers is not None and workers < 1:
        raise InputError("--workers", None, "must be ≥ 1")
    specs = parse_name_specs(grid or [], "--grid")
    sc = load_scenario(scenario, overrides=set_, variants=variant)
    threads = workers if dask_scheduler is None else None
    run = run_sweep(
        sc,
        specs,
        weather_years=weather_years,
        out=out,
        resume=resume,
        dask_scheduler=dask_scheduler,
        workers=None if dask_scheduler is None else workers,
        threads=threads,
        chunk_points=chunk_points,
        progress=progress,
    )
    sizes = run.sizes  # without opening the file written (xarray is not needed to report)
    n_points = 1
    for name in specs:
        n_points *= sizes[name]
    plural = "s" if n_points != 1 else ""
    n_years = sizes["year"]
    what = f"sweep of {sc.name}: {n_points:,} point{plural} × {n_years} year"
    what += "s" if n_years != 1 else ""
    if "weather_year" in sizes:
        what += f" × {sizes['weather_year']} weather years"
    _report(run, what)
    if out is None:
        console.print(_summary_table(run.dataset, list(specs)))


def _summary_table(ds, dims: list[str]) -> Table:
    """Per year: the share of designs that meet the target and the spread of the renewable share."""
    import numpy as np

    table = Table(title="designs by year", title_justify="left")
    for col in ("year", "target", "designs meeting it", "RE share min", "median", "max"):
        table.add_column(col, justify="right")
    met = ds["p_meets_target"] if "p_meets_target" in ds else ds["meets_target"]
    share = ds["renewable_share"]
    for k, year in enumerate(ds["year"].values):
        m = np.asarray(met.isel(year=k)).astype(float)
        s = np.asarray(share.isel(year=k))
        met_text = f"{m.mean():.1%}" if "p_meets_target" not in ds else f"{m.mean():.1%} (mean P)"
        table.add_row(
            str(int(year)),
            f"{float(ds['target_share'].values[k]):.1%}",
            met_text,
            f"{s.min():.1%}",
            f"{np.median(s):.1%}",
            f"{s.max():.1%}",
        )
    return table


@app.command("sweep-size")
@sweep_errors(hard_exit_on_interrupt=True)
def sweep_size_cmd(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML path.")] = (
        DEFAULT_SCENARIO
    ),
    vary: Annotated[list[str] | None, typer.Option("--vary", "-v", help=_VARY_HELP)] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the result: FILE.nc (NetCDF) or FILE.zarr.")
    ] = None,
    resume: Annotated[bool, typer.Option(help="Solve only the points still missing.")] = False,
    workers: Annotated[
        int | None, typer.Option(help="Points solved at once (processes or local Dask workers).")
    ] = None,
    dask_scheduler: Annotated[
        str | None,
        typer.Option(help="'local' (a LocalCluster) or the address of a Dask scheduler."),
    ] = None,
    assure: Annotated[
        bool, typer.Option(help="Raise LP targets until the simulated plan meets them.")
    ] = False,
    solver_algorithm: Annotated[str, typer.Option(help="HiGHS algorithm.")] = "choose",
    threads: Annotated[int | None, typer.Option(help="HiGHS threads per solve.")] = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Time limit of each LP solve [s].")
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    ] = None,
    typical_days: Annotated[
        int | None, typer.Option(help="Size on N typical days per year (much faster).")
    ] = None,
    segments: Annotated[
        int | None,
        typer.Option(help="Size on K chronological segments per year (fast; storage-heavy parks)."),
    ] = None,
    chunk_points: Annotated[
        int | None,
        typer.Option(help="Points per chunk: unit of work, warm starts and resume (default 4)."),
    ] = None,
    set_: SetOpt = None,
    variant: VariantOpt = None,
) -> None:
    """Solve the sizing LP for every point of a grid of scenario values (costs, targets, load)."""
    from simulator.core.scenario import load_scenario
    from simulator.studies.sweep import parse_name_specs
    from simulator.studies.sweep_lp import run_sweep_size

    _check_out(out, resume)
    _check_solver_options(solver_algorithm, time_limit)
    specs = parse_name_specs(vary or [], "--vary")
    sc = load_scenario(scenario, overrides=set_, variants=variant)
    run = run_sweep_size(
        sc,
        specs,
        out=out,
        resume=resume,
        workers=workers,
        dask_scheduler=dask_scheduler,
        assure=assure,
        algorithm=solver_algorithm,
        threads=threads,
        time_limit_s=time_limit,
        progress=progress,
        typical_days=typical_days,
        segments=segments,
        chunk_points=chunk_points,
    )
    _report(run, f"LP sweep of {sc.name}: {run.n_chunks} points")
    if out is None:
        ds = run.dataset
        flat = ds[["status", "objective"]].to_dataframe()
        _print(flat.to_string())
    _warn_not_optimal(run.dataset)


def _check_solver_options(solver_algorithm: str, time_limit: float | None) -> None:
    """Check ``--solver-algorithm`` and ``--time-limit`` before the scenario is loaded."""
    from simulator.core.vocabulary import SOLVER_ALGORITHMS

    if solver_algorithm not in SOLVER_ALGORITHMS:
        raise InputError(
            "--solver-algorithm", None,
            "must be " + ", ".join(SOLVER_ALGORITHMS[:-1]) + " or " + SOLVER_ALGORITHMS[-1],
        )
    if time_limit is not None and time_limit <= 0:
        raise InputError("--time-limit", None, "must be > 0 seconds")


def _warn_not_optimal(ds) -> None:
    """Say on stderr how many points of an LP sweep are not optimal."""
    bad = ds["status"].values != "optimal"
    if bad.any():
        err_console.print(
            f"warning: {int(bad.sum())} of {bad.size} points are not optimal (see status)",
            markup=False, emoji=False,
        )
