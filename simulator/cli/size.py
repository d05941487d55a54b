"""CLI commands of the optimiser: ``parkbalance size`` and the main job ``parkbalance run``.

Imported by :mod:`simulator.cli.app` (which owns the typer ``app``), so the commands register there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.app import DEFAULT_SCENARIO, app, cli_errors, console, err_console, flag_names
from simulator.cli.options import SetOpt, VariantOpt
from simulator.core.errors import InputError, OutputError
from simulator.core.vocabulary import SOLVER_ALGORITHMS

__all__ = ["run_cmd", "size_cmd"]

_ALGORITHMS = SOLVER_ALGORITHMS


#: Library arguments and the flags that set them: the library's InputErrors name the argument,
#: the command line's error line names the flag.
_FLAG_OF = {
    "algorithm": "--solver-algorithm",
    "threads": "--threads",
    "time_limit_s": "--time-limit",
}


def _solve_and_write(
    scenario_name: str,
    out: Path | None,
    assure: bool,
    algorithm: str,
    threads: int | None,
    time_limit: float | None,
    handoff: str,
    weather_year: int,
    report: bool,
    typical_days: int | None = None,
    weather_years: int | None = None,
    quantile: float = 0.9,
    segments: int | None = None,
    sets: list[str] | None = None,
    variants: list[str] | None = None,
):
    """Check the options, size, print the summary, write the outputs as one set, exit.

    Exit codes (``simulator.core.errors``): 0 the plan meets every rule on the simulated hours,
    3 unreachable targets, 4 solver failure, 5 the simulated plan fails a rule.
    """
    from datetime import UTC, datetime

    from simulator.core.scenario import load_scenario

    started_at = datetime.now(UTC)
    _check_options(
        algorithm, threads, time_limit, handoff, typical_days, segments, weather_years, quantile
    )
    sc = load_scenario(scenario_name, overrides=sets, variants=variants)
    if out is not None and out.exists() and not out.is_dir():
        raise OutputError(out, "is a file, not a folder")

    from simulator.core.io import OutputDir
    from simulator.core.profiles import build_profiles
    from solvers.progress import reporting
    from solvers.sizing import size, summary_text, write_plan

    if sc.policy.voll_per_mwh == 0 and (sc.grid.import_max_mw > 0 or sc.coal is not None):
        err_console.print(
            "warning: policy.voll_per_mwh is 0, so the optimiser may leave load unserved rather "
            "than pay for import or fuel; set a value of lost load in the scenario",
            markup=False,
        )
    profiles = build_profiles(sc, weather_year=weather_year)
    with reporting(sys.stderr), flag_names(**_FLAG_OF):
        result = size(
            sc,
            profiles=profiles,
            assure=assure,
            algorithm=algorithm,
            threads=threads,
            time_limit_s=time_limit,
            handoff=handoff,
            typical_days=typical_days,
            weather_years=weather_years,
            quantile=quantile,
            weather_year=weather_year,
            segments=segments,
        )
    result.started_at = started_at
    console.print(summary_text(result), markup=False, highlight=False)
    if out is not None:
        outputs = OutputDir(out)
        with outputs as staging:
            write_plan(result, staging)
            if report and result.capacities is not None:
                _write_report(staging)
            written = outputs.commit()
        console.print("wrote " + ", ".join(str(p) for p in written), markup=False)
    _exit_on_failure(result)
    return result


def _check_options(
    algorithm: str,
    threads: int | None,
    time_limit: float | None,
    handoff: str,
    typical_days: int | None,
    segments: int | None,
    weather_years: int | None,
    quantile: float,
) -> None:
    """Refuse a bad option with one line naming the flag."""
    if algorithm not in _ALGORITHMS:
        raise InputError("--solver-algorithm", None, f"must be one of {', '.join(_ALGORITHMS)}")
    if threads is not None and threads < 1:
        raise InputError("--threads", None, "must be ≥ 1")
    if time_limit is not None and time_limit <= 0:
        raise InputError("--time-limit", None, "must be > 0 seconds")
    if handoff not in ("direct", "pyomo"):
        raise InputError("--handoff", None, "must be 'direct' or 'pyomo'")
    if typical_days is not None and typical_days < 1:
        raise InputError("--typical-days", None, "must be ≥ 1")
    if segments is not None and segments < 1:
        raise InputError("--segments", None, "must be ≥ 1")
    if segments is not None and typical_days is not None:
        raise InputError("--segments", None, "cannot be combined with --typical-days")
    if weather_years is not None and weather_years < 1:
        raise InputError("--weather-years", None, "must be ≥ 1")
    if not 0 < quantile <= 1:
        raise InputError("--quantile", None, "must be in (0, 1]")


def _exit_on_failure(result) -> None:
    """Print the failure lines of a plan that is not ``optimal`` and exit with its code."""
    if result.exit_code == 0:
        return
    lines = result.messages or [f"status {result.status}"]
    if result.status == "rule_failed":
        from simulator.core.verdict import failure_lines

        lines = failure_lines(result.checks)
    for line in lines:
        err_console.print(line, markup=False)
    raise typer.Exit(result.exit_code)


def _write_report(out: Path) -> list[Path]:
    """Write the reports and workbooks of a plan folder, in English and Chinese."""
    from simulator.report.build import write_report, write_workbook

    return [
        write_report(out, "en"),
        write_report(out, "zh"),
        write_workbook(out, "en"),
        write_workbook(out, "zh"),
    ]


AlgorithmOpt = Annotated[
    str,
    typer.Option("--solver-algorithm", help="HiGHS algorithm: " + "|".join(SOLVER_ALGORITHMS)),
]
ThreadsOpt = Annotated[int | None, typer.Option("--threads", help="HiGHS threads.")]
TimeLimitOpt = Annotated[
    float | None, typer.Option("--time-limit", help="HiGHS time limit per solve [s].")
]
HandoffOpt = Annotated[
    str,
    typer.Option(
        "--handoff", help="direct: standard form to highspy (fast); pyomo: generic interface."
    ),
]
WeatherOpt = Annotated[int, typer.Option(help="Synthesised weather realisation.")]
TypicalDaysOpt = Annotated[
    int | None,
    typer.Option(
        "--typical-days",
        help="Solve the LP on N representative days per year (tsam; storage linked across "
        "days); the plan is still simulated on every hour.",
    ),
]
SegmentsOpt = Annotated[
    int | None,
    typer.Option(
        "--segments",
        help="Solve the LP on K chronological runs of similar hours per year (storage stays "
        "chronological; 1400 is within 1% and 20× faster on the built-in parks); the plan is "
        "still simulated on every hour.",
    ),
]
WeatherYearsOpt = Annotated[
    int | None,
    typer.Option(
        "--weather-years",
        help="Robust sizing: check the plan on N synthesised weather years (from --weather-year) "
        "and raise the LP targets until P(target met) ≥ --quantile in every year.",
    ),
]
QuantileOpt = Annotated[
    float, typer.Option("--quantile", help="Wanted P(target met) with --weather-years.")
]


@app.command("size")
@cli_errors
def size_cmd(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML path.")],
    out: Annotated[Path | None, typer.Option(help="Write plan.json and hourly files here.")] = None,
    assure: Annotated[
        bool, typer.Option(help="Raise LP targets until the rule-based dispatch meets them.")
    ] = False,
    solver_algorithm: AlgorithmOpt = "choose",
    threads: ThreadsOpt = None,
    time_limit: TimeLimitOpt = None,
    handoff: HandoffOpt = "direct",
    weather_year: WeatherOpt = 0,
    typical_days: TypicalDaysOpt = None,
    weather_years: WeatherYearsOpt = None,
    quantile: QuantileOpt = 0.9,
    segments: SegmentsOpt = None,
    set_: SetOpt = None,
    variant: VariantOpt = None,
) -> None:
    """Size wind, solar and storage year by year at least cost (Pyomo + HiGHS), then simulate."""
    _solve_and_write(
        scenario,
        out,
        assure,
        solver_algorithm,
        threads,
        time_limit,
        handoff,
        weather_year,
        False,
        typical_days,
        weather_years,
        quantile,
        segments,
        set_,
        variant,
    )


@app.command("run")
@cli_errors
def run_cmd(
    scenario: Annotated[
        str | None, typer.Argument(help=f"Scenario (default {DEFAULT_SCENARIO}).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Output directory.")] = Path("out"),
    solver_algorithm: AlgorithmOpt = "choose",
    threads: ThreadsOpt = None,
    time_limit: TimeLimitOpt = None,
    weather_year: WeatherOpt = 0,
    typical_days: TypicalDaysOpt = None,
    weather_years: WeatherYearsOpt = None,
    quantile: QuantileOpt = 0.9,
    segments: SegmentsOpt = None,
    set_: SetOpt = None,
    variant: VariantOpt = None,
) -> None:
    """Run the main job: size with --assure, verify by simulation, write plan, data, report."""
    _solve_and_write(
        scenario or DEFAULT_SCENARIO,
        out,
        True,
        solver_algorithm,
        threads,
        time_limit,
        "direct",
        weather_year,
        True,
        typical_days,
        weather_years,
        quantile,
        segments,
        set_,
        variant,
    )
