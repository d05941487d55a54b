"""``parkbalance report PATH``: (re)write the planner's report of an output directory or a sweep.

Imported by :mod:`simulator.cli.app` (which owns the typer ``app``), so the command registers there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.app import app, cli_errors, console, flag_names
from simulator.core.errors import InputError

__all__ = ["report_cmd"]

_LANG_CHOICES = ("en", "zh", "both")


@app.command("report")
@cli_errors
def report_cmd(
    path: Annotated[
        Path,
        typer.Argument(
            help="Output directory of run/size/simulate (plan.json or kpis.json), or a sweep "
            "file (.nc, .zarr)."
        ),
    ],
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the page: en, zh or both.")
    ] = "en",
    xlsx: Annotated[
        bool,
        typer.Option(
            "--xlsx/--no-xlsx",
            help="Also write the workbook (output directories): results.xlsx in English, "
            "results.zh.xlsx in Chinese, following --lang.",
        ),
    ] = True,
    xlsx_hourly: Annotated[
        bool,
        typer.Option(
            "--xlsx-hourly",
            help="Put the hourly dispatch into the workbook (local timestamps); sheets of more "
            "than 100,000 rows stay in the Parquet files.",
        ),
    ] = False,
    axes: Annotated[
        str | None,
        typer.Option(
            "--axes",
            help="Sweeps: the two swept parameters of the contour figures, e.g. "
            "wind_mw,solar_mw (default: the first two).",
        ),
    ] = None,
    fix: Annotated[
        list[str] | None,
        typer.Option(
            "--fix",
            help="Sweeps: hold another swept parameter at a value, e.g. storage_mwh=1000 "
            "(repeatable); parameters not fixed are optimised (cheapest that meets the target).",
        ),
    ] = None,
) -> None:
    """Write report.html (report.zh.html in Chinese) with figures, tables and results.xlsx."""
    from simulator.report.build import SWEEP_SUFFIXES, load_inputs, write_report, write_workbook

    if lang not in _LANG_CHOICES:
        raise InputError("--lang", None, f"must be one of {', '.join(_LANG_CHOICES)}")
    axes_list = [a.strip() for a in axes.split(",") if a.strip()] if axes else None
    fixed: dict[str, float] = {}
    for item in fix or []:
        name, sep, value = item.partition("=")
        try:
            fixed[name.strip()] = float(value)
        except ValueError:
            raise InputError("--fix", name.strip() or None, f"{item!r}: use NAME=VALUE") from None
        if not sep:
            raise InputError("--fix", None, f"{item!r}: use NAME=VALUE")
    inputs = load_inputs(path)  # bad input fails here, before anything is written
    with flag_names(lang="--lang", axes="--axes", fixed="--fix"):
        if inputs.kind == "sweep" and (axes_list or fixed):
            from simulator.report.sweep import choose_axes

            choose_axes(inputs.sweep, axes_list, fixed)  # a bad --axes / --fix fails here too
        langs = ("en", "zh") if lang == "both" else (lang,)
        written = [write_report(path, lg, axes=axes_list, fixed=fixed or None) for lg in langs]
        if xlsx and path.suffix not in SWEEP_SUFFIXES:
            written += [write_workbook(path, lg, hourly=xlsx_hourly) for lg in langs]
    console.print("wrote " + ", ".join(str(p) for p in written), markup=False, highlight=False)
