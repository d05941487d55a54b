"""``parkbalance compare DIR DIR ... --out DIR`` and ``parkbalance study study.toml --out DIR``.

Imported by :mod:`simulator.cli.app` (which owns the typer ``app``), so the commands register there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.app import app, cli_errors, console, err_console, flag_names

__all__ = ["compare_cmd", "study_cmd"]

LangOpt = Annotated[
    str, typer.Option("--lang", help="Language of the page and the workbook: en, zh or both.")
]


@app.command("compare")
@cli_errors
def compare_cmd(
    dirs: Annotated[
        list[Path],
        typer.Argument(help="Plan folders (with plan.json); the first is the reference."),
    ],
    out: Annotated[Path, typer.Option(help="Write compare.html, results.xlsx here.")],
    lang: LangOpt = "both",
    title: Annotated[str | None, typer.Option(help="Heading of the page.")] = None,
) -> None:
    """Put several plans side by side: capacities, costs, shares, every rule, CO2, assumptions.

    Reads only each folder's plan.json (and the scenario embedded in it); writes compare.html
    (English), compare.zh.html (Chinese) and results.xlsx / results.zh.xlsx.
    """
    from simulator.report.compare_report import write_compare

    with flag_names(lang="--lang"):
        written = write_compare(dirs, out, lang=lang, title=title)
    console.print("wrote " + ", ".join(str(p) for p in written), markup=False, highlight=False)


@app.command("study")
@cli_errors
def study_cmd(
    study: Annotated[Path, typer.Argument(help="Study file (study.toml).")],
    out: Annotated[Path, typer.Option(help="Write OUT/CASE/plan.json and the comparison here.")],
    lang: LangOpt = "both",
) -> None:
    """Size every case of a study file into OUT/CASE/, then compare them in OUT.

    Exit code: 0 when every case's plan passes every rule, else the first failing case's code
    (3 unreachable targets, 4 solver failure, 5 a rule fails); the comparison is written anyway.
    """
    from simulator.report.compare_report import langs_of
    from simulator.studies.study import load_study, run_study

    with flag_names(lang="--lang"):
        langs_of(lang)
    st = load_study(study)
    err_console.print(
        f"study {study}: {len(st.cases)} case(s): {', '.join(st.cases)}", markup=False
    )
    results, written = run_study(
        st, out, lang=lang, progress=lambda line: err_console.print(line, markup=False)
    )
    for r in results:
        console.print(
            f"{r.name:24s} {r.status:12s} "
            + (f"{r.objective / 1e6:14,.1f} million" if r.objective else ""),
            markup=False,
            highlight=False,
        )
    console.print("wrote " + ", ".join(str(p) for p in written), markup=False, highlight=False)
    failed = [r for r in results if r.exit_code != 0]
    if failed:
        for r in failed:
            err_console.print(
                f"case {r.name}: status {r.status} (see {r.folder / 'plan.json'})", markup=False
            )
        sys.stdout.flush()
        raise typer.Exit(failed[0].exit_code)
