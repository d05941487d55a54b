"""``parkbalance report PATH``: (re)write the planner's report of an output directory or a sweep.

Imported by :mod:`simulator.cli` (which owns the typer ``app``), so the command registers there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.cli import app, cli_errors, console
from simulator.errors import InputError

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
        typer.Option("--xlsx/--no-xlsx", help="Also write results.xlsx (output directories)."),
    ] = True,
) -> None:
    """Write report.html (report.zh.html in Chinese) with figures, tables and results.xlsx."""
    from simulator.report import SWEEP_SUFFIXES, load_inputs, write_report, write_workbook

    if lang not in _LANG_CHOICES:
        raise InputError("--lang", None, f"must be one of {', '.join(_LANG_CHOICES)}")
    load_inputs(path)  # bad input fails here, before anything is written
    langs = ("en", "zh") if lang == "both" else (lang,)
    written = [write_report(path, lg) for lg in langs]
    if xlsx and path.suffix not in SWEEP_SUFFIXES:
        written.append(write_workbook(path))
    console.print("wrote " + ", ".join(str(p) for p in written), markup=False, highlight=False)
