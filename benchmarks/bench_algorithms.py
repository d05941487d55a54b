"""HiGHS algorithms on the same sizing LP: seconds, iterations, objective and sizing differences.

The LP is the project's own (:func:`solvers.lp.build_model` handed over by
:class:`solvers.highs.HighsDirect`); its ``HighsLp`` is passed to a fresh ``Highs`` for every run,
so each algorithm starts cold. Configurations (:data:`CONFIGS`): dual simplex; interior point with
and without crossover at 1 and 2 threads; HiPO at 1 and 2 threads (when the installed HiGHS has
it); PDLP (first-order, with a time limit). Every run is compared with dual simplex: relative
objective difference and the largest capacity difference [MW or MWh] (how much the sizing moves).
Rounds are interleaved (all configurations, then again) and times are medians; the ratio to
simplex is the median of the per-round ratios.

Run ``python -m benchmarks.bench_algorithms [--quick]``; prints Markdown.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from benchmarks.util import HOURS_PER_YEAR, fmt_s, fmt_x, lp_data, paired_ratio

__all__ = ["CONFIGS", "markdown", "run", "run_config"]

#: (label, HiGHS ``solver``, ``run_crossover``, threads).
CONFIGS: tuple[tuple[str, str, str, int], ...] = (
    ("simplex", "simplex", "on", 1),
    ("ipm + crossover, 1 thread", "ipm", "on", 1),
    ("ipm + crossover, 2 threads", "ipm", "on", 2),
    ("ipm, no crossover, 1 thread", "ipm", "off", 1),
    ("ipm, no crossover, 2 threads", "ipm", "off", 2),
    ("hipo, 1 thread", "hipo", "on", 1),
    ("hipo, 2 threads", "hipo", "on", 2),
    ("pdlp", "pdlp", "on", 1),
)


def _project_lp(data) -> tuple[object, np.ndarray]:
    """Return the project's HighsLp of ``data`` and the columns of ``cap[a, y]`` (4 × years)."""
    from solvers.highs import HighsDirect
    from solvers.lp import ASSETS, build_model

    model = build_model(data)
    direct = HighsDirect(model)
    pos = {id(v): j for j, v in enumerate(direct._columns)}
    cap_cols = np.array(
        [[pos[id(model.cap[a, y])] for y in range(data.years)] for a in ASSETS], dtype=np.int64
    )
    return direct.highs.getLp(), cap_cols


def run_config(lp, cap_cols: np.ndarray, solver: str, crossover: str, threads: int,
               time_limit_s: float) -> dict:
    """Solve ``lp`` once with one configuration in a fresh ``Highs``; return the figures."""
    import highspy

    highspy.Highs.resetGlobalScheduler(True)  # so that ``threads`` takes effect
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if h.setOptionValue("solver", solver) != highspy.HighsStatus.kOk:
        return {"status": "unsupported", "note": f"not in HiGHS {h.version()} as installed"}
    h.setOptionValue("run_crossover", crossover)
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("time_limit", float(time_limit_s))
    h.passModel(lp)
    t0 = time.perf_counter()
    h.run()
    wall = time.perf_counter() - t0
    info = h.getInfo()
    out = {
        "status": h.modelStatusToString(h.getModelStatus()),
        "seconds": float(h.getRunTime()),
        "wall_s": wall,
        "iterations": {
            "simplex": int(info.simplex_iteration_count),
            "ipm": int(info.ipm_iteration_count),
            "crossover": int(info.crossover_iteration_count),
            "pdlp": int(info.pdlp_iteration_count),
        },
    }
    if info.primal_solution_status >= 1 or out["status"] == "Optimal":
        x = np.asarray(h.getSolution().col_value, dtype=float)
        if x.size == lp.num_col_:
            # c·x + offset: also defined for a run stopped by its time limit
            out["objective"] = float(np.dot(np.asarray(lp.col_cost_), x) + lp.offset_)
            out["capacities"] = x[cap_cols].tolist()
    return out


def run(quick: bool = False, tiny: bool = False) -> dict:
    """Run every configuration on the LP of the default park.

    Parameters
    ----------
    quick : bool
        1 year × 12 weeks (2016 h, weighted), two rounds; else 1 year × 8760 h, one round.
    tiny : bool
        1 year × 1 week, one round (smoke test).

    Returns
    -------
    dict
        ``years, hours, rows, columns, nonzeros, rounds``, ``configs``: per label the medians
        and the differences from simplex.
    """
    from solvers.highs import highs_version

    years, hours = (1, 168) if tiny else ((1, 2016) if quick else (1, HOURS_PER_YEAR))
    rounds = 1 if tiny else (2 if quick else 1)
    time_limit = 30.0 if tiny else (60.0 if quick else 120.0)
    data = lp_data(years, hours)
    lp, cap_cols = _project_lp(data)
    runs: dict[str, list[dict]] = {c[0]: [] for c in CONFIGS}
    for _ in range(rounds):
        for label, solver, xover, threads in CONFIGS:
            if runs[label] and runs[label][0]["status"] == "unsupported":
                continue
            runs[label].append(run_config(lp, cap_cols, solver, xover, threads, time_limit))
    ref_runs = runs["simplex"]
    ref_obj = ref_runs[0].get("objective")
    ref_cap = np.asarray(ref_runs[0].get("capacities", np.nan))
    configs = {}
    for label, solver, xover, threads in CONFIGS:
        rs = runs[label]
        first = rs[0]
        entry = {"solver": solver, "crossover": xover, "threads": threads}
        entry["status"] = first["status"]
        if first["status"] == "unsupported":
            entry["note"] = first["note"]
            configs[label] = entry
            continue
        entry["seconds"] = float(np.median([r["seconds"] for r in rs]))
        entry["samples_s"] = [r["seconds"] for r in rs]
        entry["iterations"] = first["iterations"]
        if len(rs) == len(ref_runs):
            entry["over_simplex"] = paired_ratio(
                [r["seconds"] for r in rs], [r["seconds"] for r in ref_runs]
            )
        if "objective" in first and ref_obj is not None:
            entry["objective"] = first["objective"]
            entry["objective_rel_diff"] = (first["objective"] - ref_obj) / abs(ref_obj)
            cap = np.asarray(first["capacities"])
            entry["capacities"] = first["capacities"]
            entry["capacity_max_abs_diff"] = float(np.max(np.abs(cap - ref_cap)))
        configs[label] = entry
    return {
        "years": years,
        "hours": hours,
        "rows": int(lp.num_row_),
        "columns": int(lp.num_col_),
        "nonzeros": int(len(lp.a_matrix_.value_)),
        "rounds": rounds,
        "time_limit_s": time_limit,
        "highs": highs_version(),
        "configs": configs,
    }


def markdown(res: dict) -> str:
    """Format :func:`run`'s result as Markdown."""
    lines = [
        f"ordos-low-carbon, {res['years']} year × {res['hours']} h "
        f"({res['rows']:,} rows, {res['columns']:,} columns), HiGHS {res['highs']}; "
        f"median of {res['rounds']} interleaved round(s); time limit {res['time_limit_s']:.0f} s. "
        "Differences are against dual simplex.",
        "",
        "| algorithm | status | seconds | × simplex | iterations | objective rel. diff "
        "| max capacity diff MW/MWh |",
        "|---|---|---:|---:|---|---:|---:|",
    ]
    for label, r in res["configs"].items():
        if r["status"] == "unsupported":
            lines.append(f"| {label} | unsupported ({r['note']}) | – | – | – | – | – |")
            continue
        it = ", ".join(f"{k} {v:,}" for k, v in r["iterations"].items() if v > 0) or "0"
        od = r.get("objective_rel_diff")
        cd = r.get("capacity_max_abs_diff")
        od = "–" if od is None else f"{od:.1e}"
        cd = "–" if cd is None else f"{cd:.3g}"
        lines.append(
            f"| {label} | {r['status']} | {fmt_s(r['seconds'])} | {fmt_x(r.get('over_simplex'))} "
            f"| {it} | {od} | {cd} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the figures as Markdown."""
    print(markdown(run(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    main()
