"""Building the sizing LP and handing it to HiGHS: parkbalance against its peers and the floor.

Five paths (:data:`benchmarks.lp_paths.PATHS`) build the same LP of the default park at 1, 2 and
3 years (every hour) and hand it to HiGHS without solving. Each measurement runs in its own
process (``python -m benchmarks.lp_paths``), which reports seconds and its own peak memory; the
paths are interleaved (project, pyomo, lpfile, linopy, floor; then again), and every ratio to the
floor is the median of the per-round ratios. linopy is optional (``pip install -e ".[bench]"``);
without it its row says "not installed". The objective check solves all five on a small slice
(1 year × 4 weeks with weights) and compares the optima (rtol 1e-6).

Run ``python -m benchmarks.bench_lp [--quick]``; prints Markdown.
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np

from benchmarks.lp_paths import PATH_LABELS, PATHS
from benchmarks.util import fmt_s, fmt_x, paired_ratio, run_child

__all__ = ["available_paths", "markdown", "objective_check", "run"]


def available_paths() -> list[str]:
    """Return the paths whose packages are installed (linopy is optional: ``[bench]``)."""
    return [p for p in PATHS if p != "linopy" or importlib.util.find_spec("linopy") is not None]

#: The slice on which every path is solved for the objective check: (years, hours per year).
CHECK_SLICE = (1, 672)
RTOL = 1e-6


def objective_check(
    years: int = CHECK_SLICE[0], hours: int = CHECK_SLICE[1], runs: dict | None = None
) -> dict:
    """Solve the LP by every path on a small slice; compare the optima with the floor's.

    ``runs`` (path → the child's figures, solved) reuses solves already made.

    Returns
    -------
    dict
        ``years, hours, rtol``, per path ``objective``, ``rel_diff`` (to the floor), ``status``;
        ``all_equal`` (every path optimal within ``rtol``).
    """
    res: dict = {"years": years, "hours": hours, "rtol": RTOL, "paths": {}}
    for path in available_paths():
        if runs is not None and path in runs:
            res["paths"][path] = dict(runs[path])
        else:
            res["paths"][path] = run_child("benchmarks.lp_paths", [path, years, hours, "--solve"])
    ref = res["paths"]["floor"].get("objective")
    ok = ref is not None
    for r in res["paths"].values():
        obj = r.get("objective")
        if obj is None or ref is None:
            r["rel_diff"] = None
            ok = False
            continue
        r["rel_diff"] = abs(obj - ref) / max(1.0, abs(ref))
        ok = ok and r["rel_diff"] <= RTOL and r.get("model_status") == "Optimal"
    res["all_equal"] = bool(ok)
    return res


def run(quick: bool = False, tiny: bool = False) -> dict:
    """Measure build and hand-off of every path at 1, 2 and 3 years.

    Parameters
    ----------
    quick : bool
        One round instead of three.
    tiny : bool
        One year × one week, one round (smoke test; figures meaningless).

    Returns
    -------
    dict
        ``cases`` (one per years): per path the medians of ``build_s, handoff_s, total_s,
        peak_rss_mb, peak_above_start_mb`` and the ratios ``total_over_floor`` and
        ``memory_over_floor``; ``rounds``; ``check`` (:func:`objective_check`).
    """
    if tiny:
        cases, rounds = [(1, 168)], 1
    else:
        cases, rounds = [(1, 8760), (2, 8760), (3, 8760)], (1 if quick else 3)
    paths = available_paths()
    samples: dict = {c: {p: [] for p in paths} for c in cases}
    extra = ["--solve"] if tiny else []  # tiny: the same runs give the objective check
    for _ in range(rounds):
        for case in cases:
            for path in paths:
                samples[case][path].append(
                    run_child("benchmarks.lp_paths", [path, case[0], case[1], *extra])
                )
    out_cases = []
    for (years, hours), per_path in samples.items():
        floor_ok = [r for r in per_path["floor"] if "error" not in r]
        entry: dict = {"years": years, "hours": hours, "paths": {}}
        for path, runs in per_path.items():
            good = [r for r in runs if "error" not in r]
            if not good:
                entry["paths"][path] = {"error": runs[0].get("error", "failed")}
                continue
            agg = {
                k: float(np.median([r[k] for r in good]))
                for k in ("build_s", "handoff_s", "total_s", "peak_rss_mb", "peak_above_start_mb")
            }
            agg.update({k: good[0][k] for k in ("rows", "columns", "nonzeros")})
            agg["samples_total_s"] = [r["total_s"] for r in good]
            if len(good) == len(runs) and len(floor_ok) == len(runs):
                agg["total_over_floor"] = paired_ratio(
                    [r["total_s"] for r in good], [r["total_s"] for r in floor_ok]
                )
                agg["memory_over_floor"] = paired_ratio(
                    [max(r["peak_above_start_mb"], 1.0) for r in good],
                    [max(r["peak_above_start_mb"], 1.0) for r in floor_ok],
                )
            entry["paths"][path] = agg
        out_cases.append(entry)
    if tiny:
        check = objective_check(1, 168, {p: samples[cases[0]][p][0] for p in paths})
    else:
        check = objective_check()
    return {"rounds": rounds, "cases": out_cases, "check": check, "labels": PATH_LABELS,
            "paths": paths}


def markdown(res: dict) -> str:
    """Format :func:`run`'s result as Markdown."""
    cases = res["cases"]
    big = cases[-1]
    lines = [
        f"The default park (ordos-low-carbon), {big['hours']} h per year; build + hand-off to "
        "HiGHS, no solve. "
        f"Medians of {res['rounds']} interleaved round(s), each path in its own process. "
        f"Largest case: {big['years']} × {big['hours']} h, "
        f"{big['paths']['floor'].get('rows', 0):,} rows, "
        f"{big['paths']['floor'].get('columns', 0):,} columns, "
        f"{big['paths']['floor'].get('nonzeros', 0):,} non-zeros.",
        "",
        "| path | " + " | ".join(f"{c['years']} y total s (× floor)" for c in cases)
        + f" | build s ({big['years']} y) | hand-off s ({big['years']} y) "
        f"| peak MiB above start ({big['years']} y, × floor) |",
        "|---|" + "---:|" * (len(cases) + 3),
    ]
    for path in PATHS:
        if path not in big["paths"]:
            lines.append(f"| {res['labels'][path]} | not installed |" + " |" * (len(cases) + 2))
            continue
        cells = []
        for c in cases:
            r = c["paths"][path]
            if "error" in r:
                cells.append("failed")
            else:
                cells.append(f"{fmt_s(r['total_s'])} ({fmt_x(r.get('total_over_floor'))})")
        r = big["paths"][path]
        if "error" in r:
            tail = ["–", "–", "–"]
        else:
            tail = [
                fmt_s(r["build_s"]),
                fmt_s(r["handoff_s"]),
                f"{r['peak_above_start_mb']:.0f} ({fmt_x(r.get('memory_over_floor'))})",
            ]
        lines.append(f"| {res['labels'][path]} | " + " | ".join(cells + tail) + " |")
    chk = res["check"]
    lines += [
        "",
        f"Objective check ({chk['years']} year × {chk['hours']} h, weights {8760 // chk['hours']}"
        f"× per hour, each path solved by HiGHS): "
        + ("**all paths reach the same optimum**" if chk["all_equal"] else "**MISMATCH**")
        + f" (rtol {chk['rtol']:g}; largest relative difference "
        + f"{max((r.get('rel_diff') or 0.0) for r in chk['paths'].values()):.1e}).",
    ]
    errors = [f"{p}: {r['error']}" for p, r in chk["paths"].items() if "error" in r]
    if errors:
        lines += ["", "Errors: " + "; ".join(errors)]
    return "\n".join(lines)


def main() -> None:
    """Print the figures as Markdown."""
    print(markdown(run(quick="--quick" in sys.argv)))


if __name__ == "__main__":
    main()
