"""Command line of parkbalance (``parkbalance --help``).

Every command turns bad input into one line on stderr (file and field) and exit code 2, with no
traceback and nothing written to ``--out``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from simulator.cli.options import SetOpt, VariantOpt
from simulator.core.errors import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_RULE_FAILED,
    EXIT_SOLVER,
    InputError,
    OutputError,
    ParkbalanceError,
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="parkbalance: hourly balance, sizing and sensitivity studies for low-carbon and "
    "zero-carbon industrial parks.",
    pretty_exceptions_enable=False,
)
console = Console(width=None if sys.stdout.isatty() else 150)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

__all__ = [
    "EXIT_INFEASIBLE",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OUTPUT",
    "EXIT_RULE_FAILED",
    "EXIT_SOLVER",
    "app",
    "cli_errors",
    "flag_names",
    "main",
]

DEFAULT_SCENARIO = "ordos-low-carbon"

#: Largest capacity accepted on the command line [MW or MWh] (the scenario schema's bound).
MAX_CAPACITY = 1e8


def _fail(message: str, code: int) -> None:
    err_console.print(f"error: {message}", markup=False)
    raise typer.Exit(code)


def cli_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn errors into one stderr line and an exit code (no traceback).

    InputError → 2, OutputError and other OSErrors → 6, other ParkbalanceErrors → 4, Ctrl-C →
    130 (``simulator.core.errors``).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            _fail(exc.one_line(), EXIT_INPUT)
        except OutputError as exc:
            _fail(exc.one_line(), EXIT_OUTPUT)
        except ParkbalanceError as exc:
            _fail(str(exc).replace("\n", " "), EXIT_SOLVER)
        except KeyboardInterrupt:
            # every output is staged and removed by its own cleanup before this point; end
            # without running C++ destructors (HiGHS worker threads of a cancelled solve can
            # abort the process at exit)
            err_console.print(
                "error: interrupted (Ctrl-C); nothing half-written was left", markup=False
            )
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"cannot write results: {where}{exc.strerror or exc}", EXIT_OUTPUT)

    return wrapper


@contextlib.contextmanager
def flag_names(**flags: str) -> Iterator[None]:
    """Name the command's flags in library errors that name a function argument.

    Library functions name their arguments (``InputError("lang", ...)``); inside this block such
    an error is raised again naming the flag instead, e.g. ``flag_names(lang="--lang")``.

    Parameters
    ----------
    **flags : str
        Argument name -> flag of this command.
    """
    try:
        yield
    except InputError as exc:
        if exc.source in flags:
            raise InputError(flags[exc.source], exc.field, exc.message) from exc
        raise


def parse_capacity(option: str, text: str | None) -> list[float] | None:
    """Parse ``"500"`` or ``"500,600,700"`` into floats; None stays None."""
    if text is None:
        return None
    try:
        values = [float(x) for x in text.split(",")]
    except ValueError:
        raise InputError(option, None, f"not a number or comma list of numbers: {text!r}") from None
    bad = [v for v in values if not (0.0 <= v <= MAX_CAPACITY)]
    if bad:
        raise InputError(option, None, f"{bad[0]:g} is outside [0, {MAX_CAPACITY:g}]")
    return values


def _scenario_arg(
    name_or_path: str | None, sets: list[str] | None = None, variants: list[str] | None = None
):
    from simulator.core.scenario import load_scenario

    return load_scenario(name_or_path or DEFAULT_SCENARIO, overrides=sets, variants=variants)


def kpi_table_rich(kpis, title: str) -> Table:
    """Build a readable yearly table of the main KPIs."""
    table = Table(title=title, title_justify="left")
    table.add_column("year", justify="right")
    cols = [
        ("load GWh", "load_mwh", 1e-3, "{:,.0f}"),
        ("RE to load GWh", "renewable_to_load_mwh", 1e-3, "{:,.0f}"),
        ("curtailed GWh", "curtailed_mwh", 1e-3, "{:,.0f}"),
        ("import GWh", "import_mwh", 1e-3, "{:,.0f}"),
        ("coal GWh", "coal_mwh", 1e-3, "{:,.0f}"),
        ("unserved GWh", "unserved_mwh", 1e-3, "{:,.1f}"),
        ("RE share", "renewable_share", 100, "{:.1f}%"),
        ("target", "target_share", 100, "{:.1f}%"),
        ("utilisation", "renewable_utilisation", 100, "{:.1f}%"),
    ]
    for head, *_ in cols:
        table.add_column(head, justify="right")
    table.add_column("met", justify="center")
    for year, row in kpis.iterrows():
        cells = [str(year)] + [fmt.format(row[key] * scale) for _, key, scale, fmt in cols]
        cells.append("yes" if row["meets_target"] else "NO")
        table.add_row(*cells)
    return table


@app.command("scenarios")
@cli_errors
def scenarios_cmd() -> None:
    """List the built-in scenarios, one line each."""
    from simulator.core.scenario import builtin_scenarios, load_scenario

    for name, path in builtin_scenarios().items():
        sc = load_scenario(path)
        targets = "→".join(f"{t:.0%}" for t in sc.target_shares())
        desc = sc.description or sc.park_type
        print(
            f"{name:24s} {sc.park_type:11s} {sc.start_year}-{sc.calendar_years[-1]}  "
            f"targets {targets:15s} {desc}"
        )


@app.command("simulate")
@cli_errors
def simulate_cmd(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML path.")],
    wind_mw: Annotated[
        str | None, typer.Option(help="Wind MW: one number or a comma list per year.")
    ] = None,
    solar_mw: Annotated[str | None, typer.Option(help="Solar MW: number or list per year.")] = None,
    storage_mwh: Annotated[
        str | None, typer.Option(help="Storage MWh: number or list per year.")
    ] = None,
    storage_mw: Annotated[
        str | None, typer.Option(help="Storage MW: number or list per year.")
    ] = None,
    capacity: Annotated[
        list[str] | None,
        typer.Option(
            "--capacity",
            help="Any other capacity of the park, NAME=number or NAME=list per year "
            "(a store's NAME_mwh/NAME_mw, a process's NAME_mw/NAME_buffer_mwh, "
            "coal_min_load_mw); repeatable.",
        ),
    ] = None,
    weather_year: Annotated[int, typer.Option(help="Synthesised weather realisation.")] = 0,
    out: Annotated[
        Path | None, typer.Option(help="Write kpis.json and hourly.parquet here.")
    ] = None,
    set_: SetOpt = None,
    variant: VariantOpt = None,
) -> None:
    """Run the rule-based hourly dispatch for given capacities (default: the existing ones).

    Prints the yearly balance and the verdict of every rule; exits with 5 when a rule fails.
    """
    from datetime import UTC, datetime

    started_at = datetime.now(UTC)
    sc = _scenario_arg(scenario, set_, variant)
    caps = {
        "wind_mw": parse_capacity("--wind-mw", wind_mw),
        "solar_mw": parse_capacity("--solar-mw", solar_mw),
        "storage_mwh": parse_capacity("--storage-mwh", storage_mwh),
        "storage_mw": parse_capacity("--storage-mw", storage_mw),
    }
    flags = {name: "--" + name.replace("_", "-") for name in caps}
    for item in capacity or []:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError("--capacity", None, f"give NAME=VALUE, not {item!r}")
        if caps.get(name) is not None:
            raise InputError("--capacity", name, "is given twice")
        caps[name] = parse_capacity(f"--capacity {name}", text)
        flags[name] = f"--capacity {name}"
    from simulator.core.simulate import simulate
    from simulator.core.verdict import failure_lines, plan_checks

    with flag_names(**flags):
        result = simulate(sc, weather_year=weather_year, **caps)
    checks = plan_checks(sc, result.capacities, result.kpis, result.hourly)
    _print_capacities(result.capacities)
    console.print(kpi_table_rich(result.kpis, f"{sc.name}: simulated yearly balance"))
    _print_components(result.kpis, result.scenario)
    fails = failure_lines(checks)
    console.print(
        "verdict: the simulated operation meets every rule"
        if not fails
        else f"verdict: the simulated operation FAILS {len(fails)} rule check(s)",
        markup=False,
    )
    if out is not None:
        from simulator.core.io import OutputDir

        outputs = OutputDir(out)
        with outputs as staging:
            write_simulation(result, staging, checks=checks, started_at=started_at)
            written = outputs.commit()
        console.print("wrote " + " and ".join(str(p) for p in written), markup=False)
    if fails:
        for line in fails:
            err_console.print(line, markup=False)
        raise typer.Exit(EXIT_RULE_FAILED)


def _unit_header(name: str) -> str:
    """Return a column header with its unit: ``storage_mwh`` → ``storage MWh``."""
    for suffix, unit in (("_mwh", " MWh"), ("_mw", " MW")):
        if name.endswith(suffix):
            return name.removesuffix(suffix).replace("_", " ") + unit
    return name.replace("_", " ")


def _print_capacities(caps) -> None:
    names = [c for c in caps.columns if c != "year"]
    table = Table(title="capacities", title_justify="left")
    for col in ("year", *(_unit_header(n) for n in names)):
        table.add_column(col, justify="right")
    for _, r in caps.iterrows():
        table.add_row(str(int(r["year"])), *(f"{r[k]:,.0f}" for k in names))
    console.print(table)


def _print_components(kpis, scenario) -> None:
    """Flexible processes, curtailable loads and stores: the columns of those the park has."""
    if "process_mwh" not in kpis.columns:
        return
    cols = [
        ("demand GWh", "load_mwh", 1e-3, "{:,.0f}"),
        ("fixed load GWh", "fixed_load_mwh", 1e-3, "{:,.0f}"),
    ]
    if scenario.processes:
        cols += [
            ("process GWh", "process_mwh", 1e-3, "{:,.0f}"),
            ("from surplus GWh", "process_surplus_mwh", 1e-3, "{:,.0f}"),
            ("process RE share", "process_renewable_share", 100, "{:.1f}%"),
            ("product shortfall GWh", "product_shortfall_mwh", 1e-3, "{:,.1f}"),
        ]
    if scenario.curtailable_loads:
        cols.append(("curtailed load GWh", "load_curtailed_mwh", 1e-3, "{:,.1f}"))
    if len(scenario.stores) > 1:
        cols += [
            (f"{st.name} out GWh", f"{st.name}_discharge_mwh", 1e-3, "{:,.0f}")
            for st in scenario.stores
        ]
    table = Table(title="processes, curtailable loads and stores", title_justify="left")
    table.add_column("year", justify="right")
    for head, *_ in cols:
        table.add_column(head, justify="right")
    for year, row in kpis.iterrows():
        table.add_row(str(year), *(fmt.format(row[k] * sc) for _, k, sc, fmt in cols))
    console.print(table)


def write_simulation(result, out: Path, checks=None, started_at=None) -> None:
    """Write kpis.json and hourly.parquet of a simulation (atomic writes).

    kpis.json holds the yearly KPIs, the checks of every rule and the verdict
    (:mod:`simulator.core.verdict`) and the provenance record (:mod:`simulator.core.provenance`).
    """
    from simulator.core.io import write_json, write_parquet
    from simulator.core.provenance import provenance
    from simulator.core.verdict import check_records, plan_checks, verdict_record

    if checks is None:
        checks = plan_checks(result.scenario, result.capacities, result.kpis, result.hourly)
    write_parquet(out / "hourly.parquet", result.hourly)
    verdict = verdict_record("simulated", checks)
    write_json(
        out / "kpis.json",
        {
            "scenario": result.scenario.name,
            "status": "simulated" if verdict["passed"] else "rule_failed",
            "verdict": verdict,
            "capacities": result.capacities.to_dict(orient="records"),
            "years": result.kpi_records(),
            "checks": check_records(checks),
            "provenance": provenance(result.scenario, started_at=started_at),
        },
    )


def _register_subcommands() -> None:
    """Import the modules that add their commands to ``app`` (sweeps, sizing, reports, bench)."""
    import importlib

    for mod in (
        "simulator.cli.sweep",
        "simulator.cli.size",
        "simulator.cli.report",
        "simulator.cli.profiles",
        "simulator.cli.rules",
        "simulator.cli.bench",
        "simulator.cli.compare",
    ):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


_register_subcommands()


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
