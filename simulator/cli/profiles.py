"""``parkbalance profiles SCENARIO --out DIR``: the hourly profiles the model will use, to check.

Imported by :mod:`simulator.cli.app` (which owns the typer ``app``), so the command registers there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.app import app, cli_errors, console
from simulator.cli.options import SetOpt, VariantOpt
from simulator.core.errors import InputError

__all__ = ["profiles_cmd"]


@app.command("profiles")
@cli_errors
def profiles_cmd(
    scenario: Annotated[str, typer.Argument(help="Built-in scenario name or TOML path.")],
    out: Annotated[
        Path | None,
        typer.Option(help="Write profiles.parquet, profiles.csv, summary.json, profiles.png."),
    ] = None,
    weather_year: Annotated[
        int, typer.Option(help="Weather year: synthesised realisation or measured year k.")
    ] = 0,
    set_: SetOpt = None,
    variant: VariantOpt = None,
) -> None:
    """Build and summarise the hourly profiles (check measured data before sizing)."""
    from simulator.core.profiles import build_profiles
    from simulator.core.scenario import load_scenario
    from simulator.report.profiles import profile_summary, summary_text, write_profiles_report

    if weather_year < 0:
        raise InputError("--weather-year", None, "must be 0 or more")
    sc = load_scenario(scenario, overrides=set_, variants=variant)
    if out is None:
        summary = profile_summary(sc, build_profiles(sc, weather_year=weather_year), weather_year)
        written = []
    else:
        summary, written = write_profiles_report(sc, out, weather_year)
    print(summary_text(summary))
    if written:
        console.print("wrote " + ", ".join(str(p) for p in written), markup=False, highlight=False)
