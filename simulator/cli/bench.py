"""``parkbalance bench``: run the benchmark suite of ``benchmarks/`` and write its results.

Imported by :mod:`simulator.cli.app` (which owns the typer ``app``), so the command registers there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.app import app, cli_errors, console
from simulator.core.errors import InputError

__all__ = ["bench_cmd"]


@app.command("bench")
@cli_errors
def bench_cmd(
    quick: Annotated[
        bool, typer.Option("--quick", help="The few-minutes configuration (smaller models).")
    ] = False,
    out: Annotated[
        Path, typer.Option("--out", help="Directory for results.md, results.json, scaling.png.")
    ] = Path("bench-out"),
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="Comma-separated sections: dispatch, lp, algorithms, tsa, scaling, sweep.",
        ),
    ] = None,
) -> None:
    """Benchmark the dispatch kernels, the LP hand-off and HiGHS against floors and peers."""
    try:
        from benchmarks.suite import SECTIONS, run_suite
    except ImportError:
        raise InputError(
            "bench", None, "the benchmarks package is not installed (use a source checkout)"
        ) from None
    names = [s.strip() for s in only.split(",") if s.strip()] if only else None
    bad = [n for n in names or [] if n not in SECTIONS]
    if bad:
        raise InputError("--only", None, f"unknown section(s) {', '.join(bad)}; "
                         f"choose from {', '.join(SECTIONS)}")
    parts = ["parkbalance", "bench"] + (["--quick"] if quick else []) + ["--out", str(out)]
    if names:
        parts += ["--only", ",".join(names)]
    res = run_suite(quick, out, names, command=" ".join(parts),
                    progress=lambda line: console.print(line, markup=False, highlight=False))
    failed = [n for n, s in res["sections"].items() if s["error"]]
    console.print(f"wrote {out / 'results.md'} and {out / 'results.json'}", markup=False,
                  highlight=False)
    if failed:
        raise typer.Exit(1)
