"""Solve paths of the full-hour sizing LP, per built-in park, side by side (issue 13).

The joint LP, the exact decomposition by year and each HiGHS algorithm.

For each park and number of years (the first 1 or 3 years of the park, every hour) the LP is
built once; then, in each round and in turns, it is handed to a fresh :class:`HighsDirect` and
solved by

* ``joint/choose`` — the default before issue 13: the whole multi-year LP in one HiGHS run (dual
  simplex from HiGHS's own start);
* ``years_cold/choose`` — one block per year side by side, joined exactly (``docs/model.md`` §5,
  falling back to the joint LP from the blocks' basis when the yearly capacities decrease), each
  block from HiGHS's own start (the default of the first issue-13 step);
* ``years/choose`` — the default: the same decomposition, each block started from the basis of
  its run LPs (``solvers.highs_coarse``);
* ``years/<algorithm>`` for each further algorithm asked for (simplex, ipm, hipo, pdlp), each
  with a time limit.

Per run: wall seconds of ``solve()`` (HiGHS and the joining; model build and hand-off excluded,
they are the same for every path), iterations, status, the objective's relative difference from
``joint/choose`` of the same round and the largest relative capacity difference. The speed-up is
the median over rounds of the per-round ratio joint / path. With one year there is nothing to
decompose: ``joint`` and ``years_cold`` run the same code, so their ratio shows the machine's
noise, and ``years`` differs from them only by the start from the run LPs.

A scaling series (``--scaling``) times the three paths over hours per year × years (whole weeks
spread over the year, weighted to stand for it; ``benchmarks.util.lp_data``) and draws seconds
against hours × years on log-log axes.

Run ``python -m benchmarks.bench_solve [--parks a,b] [--years 1,3] [--algorithms ipm,hipo]
[--rounds N] [--time-limit S] [--scaling] [--out DIR]``; prints Markdown and writes
``solve_paths.json`` (and ``solve_scaling.png``) to ``--out``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.util import HOURS_PER_YEAR, fit_exponent, fmt_s, fmt_x, lp_data, select_hours

__all__ = [
    "case_data",
    "figure",
    "main",
    "markdown",
    "measure",
    "run",
    "run_cases",
    "run_scaling",
]

#: Built-in parks in the order of the tables (the default park first).
PARKS = ("ordos-low-carbon", "baotou-zero-carbon", "ordos-green-hydrogen", "wuhai-captive-coal")

#: Paths of the scaling series.
SCALING_PATHS = ("joint", "years_cold", "years")


_BASES: dict[tuple[str, str | None], object] = {}


def case_data(park: str, years: int, hours: int = HOURS_PER_YEAR, variant: str | None = None):
    """Return the LP of a built-in park (or its variant): its first ``years`` years, ``hours`` each.

    As :func:`benchmarks.util.lp_data`, and also for parks with flexible processes (their
    product demand is cut like the load) and for a ``[variants.NAME]`` of the park's file.
    """
    if variant is None and park not in _BASES:
        try:
            return lp_data(years, hours, scenario=park)
        except ValueError:  # a park with processes: cut here below
            pass
    if (park, variant) not in _BASES:
        from simulator.core.profiles import build_profiles
        from simulator.core.scenario import load_scenario
        from solvers.lp import lp_data_from_scenario

        sc = load_scenario(park, variants=[variant] if variant else None)
        _BASES[park, variant] = lp_data_from_scenario(sc, build_profiles(sc))
    base = _BASES[park, variant]
    if years > base.years:
        raise ValueError(f"{park} has {base.years} years, asked for {years}")
    idx, ys = select_hours(hours), slice(0, years)
    extra = {}
    if base.process_demand_mwh is not None:
        extra["process_demand_mwh"] = np.asarray(base.process_demand_mwh)[:, ys][:, :, idx]
    return dataclasses.replace(
        base,
        load_mw=base.load_mw[ys][:, idx],
        wind_cf=base.wind_cf[ys][:, idx],
        solar_cf=base.solar_cf[ys][:, idx],
        weight=base.weight[ys][:, idx] * (HOURS_PER_YEAR / len(idx)),
        hour_of_day=base.hour_of_day[idx],
        target_share=base.target_share[ys],
        year_labels=base.year_labels[ys],
        min_renewable_utilisation=None
        if base.min_renewable_utilisation is None
        else base.min_renewable_utilisation[ys],
        capacity_min=None if base.capacity_min is None else base.capacity_min[:, ys],
        **extra,
    )


def measure(data, path: str, algorithm: str = "choose", time_limit_s: float | None = None):
    """Solve ``data``'s cost LP once on one path with one algorithm; return the figures.

    Returns
    -------
    dict
        ``path, algorithm, seconds`` (wall time of the solve) ``, status, objective, cap``
        (nested list, 4 × years) ``, iterations, blocks, linking_rows_violated,
        joint_from_blocks``.
    """
    from solvers.highs import HighsDirect
    from solvers.lp import build_model

    direct = HighsDirect(
        build_model(data), algorithm=algorithm, time_limit_s=time_limit_s, lp_path=path
    )
    t0, c0 = time.perf_counter(), time.process_time()
    sol = direct.solve()
    seconds, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    s = sol.solver
    return {
        "path": path,
        "algorithm": algorithm,
        "seconds": seconds,
        "cpu_s": cpu_s,
        "status": sol.status,
        "objective": sol.objective,
        "cap": sol.values["cap"].tolist() if sol.has_solution else None,
        "iterations": s["iterations"],
        "blocks": s.get("blocks"),
        "linking_rows_violated": s.get("linking_rows_violated"),
        "joint_from_blocks": s.get("joint_from_blocks"),
        "run_start": s.get("run_start"),
    }


def _rel_diffs(ref: dict, run: dict) -> tuple[float | None, float | None]:
    """(objective, largest capacity) relative difference of ``run`` from ``ref``."""
    if ref.get("objective") is None or run.get("objective") is None:
        return None, None
    obj = abs(run["objective"] - ref["objective"]) / max(1.0, abs(ref["objective"]))
    a, b = np.asarray(ref["cap"]), np.asarray(run["cap"])
    cap = float(np.max(np.abs(a - b) / np.maximum(1.0, np.abs(a))))
    return float(obj), cap


def run(quick: bool = False, tiny: bool = False) -> dict:
    """Run the suite's section (``python -m benchmarks --only paths``).

    ``tiny``: wuhai-captive-coal, 1 and 2 years of one week. ``quick``: ordos-low-carbon, 1 and 3
    years of 6 weeks each, and a small scaling series. Full: every built-in park, 1 and 3 years of
    every hour, the other algorithms on the one-year LPs (120 s limit each), and the scaling
    series up to 13 weeks per year.
    """
    res: dict = {"load_before": _load()}
    if tiny:
        res.update(run_cases(["wuhai-captive-coal"], [1, 2], [], hours=168))
    elif quick:
        res.update(run_cases(["ordos-low-carbon"], [1, 3], [], hours=1008))
        res["scaling"] = run_scaling("ordos-low-carbon", [168, 336, 1008], [1, 2, 3])
    else:
        res.update(run_cases(list(PARKS), [1, 3], ["ipm", "hipo", "pdlp"], 1, 120.0, 8760, [1]))
        res["scaling"] = run_scaling("ordos-low-carbon", [336, 1008, 2184], [1, 2, 3])
    res["load_after"] = _load()
    return res


def run_cases(
    parks: list[str],
    years_list: list[int],
    algorithms: list[str],
    rounds: int = 1,
    time_limit_s: float = 600.0,
    hours: int = 8760,
    algorithm_years: list[int] | None = None,
    on_case=None,
    variant: str | None = None,
) -> dict:
    """Time the joint and the decomposed path and each algorithm, interleaved, per park."""
    cases = []
    for park in parks:
        for years in years_list:
            data = case_data(park, years, hours, variant)
            runs: dict[str, list[dict]] = {}
            algs = algorithms if algorithm_years is None or years in algorithm_years else []
            paths = [("joint", "choose"), ("years_cold", "choose"), ("years", "choose")]
            order = paths + [("years", a) for a in algs]
            for r in range(rounds):
                # rotate which path goes first, so a trend in the machine's load cancels
                k = r % len(paths)
                seq = paths[k:] + paths[:k] + order[len(paths) :]
                for path, alg in seq:
                    limit = None if alg == "choose" else time_limit_s
                    res = measure(data, path, alg, limit)
                    runs.setdefault(f"{path}/{alg}", []).append(res)
                    print(
                        f"  {park} {years}y {path}/{alg}: {res['seconds']:.1f} s {res['status']}",
                        file=sys.stderr,
                        flush=True,
                    )
            name = park if variant is None else f"{park} ({variant})"
            cases.append({**_summarise(name, years, runs), "hours": hours})
            if on_case is not None:
                on_case({"cases": cases})
    return {"cases": cases}


def _summarise(park: str, years: int, runs: dict[str, list[dict]]) -> dict:
    ref = runs["joint/choose"]
    rows = []
    for key, rs in runs.items():
        ratios = [a["seconds"] / b["seconds"] for a, b in zip(ref, rs, strict=True)]
        diffs = [_rel_diffs(a, b) for a, b in zip(ref, rs, strict=True)]
        objs = [d[0] for d in diffs if d[0] is not None]
        caps = [d[1] for d in diffs if d[1] is not None]
        rows.append(
            {
                "run": key,
                "seconds": statistics.median(x["seconds"] for x in rs),
                "samples_s": [x["seconds"] for x in rs],
                "cpu_s": statistics.median(x["cpu_s"] for x in rs),
                "cpu_ratio_vs_joint": statistics.median(
                    a["cpu_s"] / b["cpu_s"] for a, b in zip(ref, rs, strict=True)
                ),
                "speedup_vs_joint": statistics.median(ratios),
                "status": rs[-1]["status"],
                "iterations": rs[-1]["iterations"],
                "objective": rs[-1]["objective"],
                "objective_rel_diff": max(objs) if objs else None,
                "capacity_rel_diff": max(caps) if caps else None,
                "linking_rows_violated": rs[-1]["linking_rows_violated"],
                "joint_from_blocks": rs[-1]["joint_from_blocks"],
                "run_start": rs[-1].get("run_start"),
            }
        )
    return {"park": park, "years": years, "rows": rows}


def run_scaling(
    park: str, hours_list: list[int], years_list: list[int], skip: set | None = None
) -> dict:
    """Time the three paths over hours per year × years (one round; the order rotates)."""
    points = []
    for years in years_list:
        for hours in hours_list:
            if skip and (hours, years) in skip:
                continue
            data = lp_data(years, hours, scenario=park)
            k = len(points) // len(SCALING_PATHS) % len(SCALING_PATHS)  # rotate the first path
            for path in SCALING_PATHS[k:] + SCALING_PATHS[:k]:
                res = measure(data, path)
                points.append(
                    {
                        "hours": hours,
                        "years": years,
                        "path": path,
                        "seconds": res["seconds"],
                        "status": res["status"],
                        "objective": res["objective"],
                        "simplex_iterations": res["iterations"]["simplex"],
                    }
                )
                print(
                    f"  scaling {hours}h × {years}y {path}: {res['seconds']:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
    exps = {}
    for path in SCALING_PATHS:
        pts = [p for p in points if p["path"] == path and p["status"] == "optimal"]
        exps[path] = fit_exponent(
            [p["hours"] * p["years"] for p in pts], [p["seconds"] for p in pts]
        )
    return {"park": park, "points": points, "exponents": exps}


def figure(scaling: dict, path: str | Path) -> Path | None:
    """Log-log plot of solve seconds against hours × years for both paths (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(6, 4.2))
    for p_name, marker in zip(SCALING_PATHS, ("o", "^", "s"), strict=True):
        for years, colour in ((1, "C0"), (2, "C1"), (3, "C2")):
            pts = [p for p in scaling["points"] if p["path"] == p_name and p["years"] == years]
            if not pts:
                continue
            ax.loglog(
                [p["hours"] * years for p in pts],
                [p["seconds"] for p in pts],
                marker=marker,
                color=colour,
                linestyle={"joint": "-", "years_cold": ":"}.get(p_name, "--"),
                label=f"{p_name}, {years} yr",
            )
    ax.set_xlabel("modelled hours × years")
    ax.set_ylabel("solve wall time [s]")
    ax.set_title(f"Sizing LP solve time, {scaling['park']} (solve paths)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def _fmt_rel(v: float | None) -> str:
    return "–" if v is None else f"{v:.1e}"


def markdown(res: dict, figure_name: str | None = None) -> str:
    """Write the report: one table per park and number of years, then the scaling series."""
    out = ["## LP solve paths: joint vs by year, and the HiGHS algorithms", ""]
    if "command" in res:
        out.append(f"Command: `{res['command']}`  ")
        out.append(f"Machine: {res['machine']}.  ")
    out.append(
        f"Load average {res.get('load_before', '?')} before, {res.get('load_after', '?')} after "
        "(a shared machine: single times are noisy; compare the same-run ratios)."
    )
    out.append("")
    for case in res.get("cases", []):
        hrs = case.get("hours", 8760)
        every = "every hour" if hrs >= 8760 else f"{hrs} h per year (whole weeks)"
        out.append(f"### {case['park']}, {case['years']} year(s), {every}")
        out.append("")
        out.append(
            "| run | seconds (median) | speed-up vs joint | CPU s | CPU ratio | status | "
            "simplex / IPM / crossover / PDLP iterations | objective rel. diff | "
            "capacity rel. diff | linking rows violated |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for r in case["rows"]:
            it = r["iterations"]
            out.append(
                f"| {r['run']} | {fmt_s(r['seconds'])} | {fmt_x(r['speedup_vs_joint'])} | "
                f"{fmt_s(r['cpu_s'])} | {fmt_x(r['cpu_ratio_vs_joint'])} | {r['status']} | "
                f"{it['simplex']} / {it['ipm']} / {it['crossover']} / {it['pdlp']} | "
                f"{_fmt_rel(r['objective_rel_diff'])} | "
                f"{_fmt_rel(r['capacity_rel_diff'])} | "
                f"{'–' if r['linking_rows_violated'] is None else r['linking_rows_violated']} |"
            )
        out.append("")
    sc = res.get("scaling")
    if sc:
        out.append(f"### Scaling with hours × years ({sc['park']})")
        out.append("")
        out.extend(_scaling_table(sc))
        if figure_name:
            out.append("")
            out.append(f"![solve time against hours × years]({figure_name})")
        out.append("")
    return "\n".join(out)


def _scaling_table(sc: dict) -> list[str]:
    """Rows of the scaling table and the growth exponents."""
    out = ["| hours/yr | years | joint [s] | by year, cold [s] | by year [s] | joint / by year |"]
    out.append("|---|---|---|---|---|---|")
    by = {(p["hours"], p["years"], p["path"]): p for p in sc["points"]}
    for h, y in dict.fromkeys((p["hours"], p["years"]) for p in sc["points"]):
        got = [by.get((h, y, path)) for path in SCALING_PATHS]
        secs = [g["seconds"] if g else None for g in got]
        ratio = secs[0] / secs[2] if secs[0] and secs[2] else None
        cells = " | ".join(fmt_s(v) for v in secs)
        out.append(f"| {h} | {y} | {cells} | {fmt_x(ratio)} |")
    e = sc["exponents"]
    out.append("")
    out.append(
        "Growth exponent of seconds in hours × years (log-log fit): "
        + ", ".join(f"{k} {e[k]:.2f}" for k in SCALING_PATHS if k in e)
        + "."
    )
    return out


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def _write(res: dict, out: Path) -> str:
    """Write ``solve_paths.json``, ``solve_paths.md`` (and the figure) atomically; return the md."""
    out.mkdir(parents=True, exist_ok=True)
    fig = figure(res["scaling"], out / "solve_scaling.png") if res.get("scaling") else None
    md = markdown(res, fig.name if fig else None)
    for name, text in (("solve_paths.json", json.dumps(res, indent=1)), ("solve_paths.md", md)):
        tmp = out / (name + ".tmp")
        tmp.write_text(text + "\n")
        tmp.replace(out / name)
    return md


def main(argv: list[str] | None = None) -> dict:
    """Command line: run, print Markdown, write JSON (and the figure) to ``--out``.

    The files are rewritten after every case, so a run cut short keeps what it measured.
    """
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_solve")
    p.add_argument("--parks", default=",".join(PARKS))
    p.add_argument("--years", default="1,3")
    p.add_argument("--algorithms", default="", help="further algorithms on the by-year path")
    p.add_argument("--algorithm-years", default="", help="years at which to run --algorithms")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--hours", type=int, default=8760, help="hours per year (whole weeks)")
    p.add_argument("--time-limit", type=float, default=600.0, help="per non-default solve [s]")
    p.add_argument("--scaling", default="", help="hours per year for the scaling series")
    p.add_argument("--scaling-years", default="1,2,3")
    p.add_argument("--variant", default=None, help="a [variants.NAME] of each park's file")
    p.add_argument("--no-cases", action="store_true")
    p.add_argument("--out", default="bench-out")
    a = p.parse_args(argv)
    import highspy

    out = Path(a.out)
    res: dict = {
        "command": "python -m benchmarks.bench_solve " + " ".join(argv or sys.argv[1:]),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"HiGHS {highspy.Highs().version()}",
        "load_before": _load(),
    }

    def partial(got: dict) -> None:
        _write({**res, **got, "load_after": _load()}, out)

    if not a.no_cases:
        res.update(
            run_cases(
                [x for x in a.parks.split(",") if x],
                [int(x) for x in a.years.split(",") if x],
                [x for x in a.algorithms.split(",") if x],
                a.rounds,
                a.time_limit,
                a.hours,
                [int(x) for x in a.algorithm_years.split(",") if x] or None,
                on_case=partial,
                variant=a.variant,
            )
        )
    if a.scaling:
        res["scaling"] = run_scaling(
            a.parks.split(",")[0],
            [int(x) for x in a.scaling.split(",")],
            [int(x) for x in a.scaling_years.split(",")],
        )
    res["load_after"] = _load()
    print(_write(res, out))
    return res


if __name__ == "__main__":
    main()
