"""Scaling: time and memory of dispatch sweeps and LP solves against problem size.

Four series; the dispatch series each in one process, every LP point in a process of its own
(Python keeps the memory of freed objects). Before each point the process's peak memory is reset
(``/proc/self/clear_refs``), so the peak after it is that point's own:

``dispatch-scenarios``
    The batched dispatch kernel (all numba threads) over 1 year of ordos-low-carbon against the
    number of scenarios.
``dispatch-hours``
    The same kernel, 10,000 scenarios, against the hours dispatched (part of a year up to 3 years).
``lp-hours``
    The project's LP (build, hand-off, HiGHS's default solve) of 1 year against the modelled hours
    (whole weeks spread over the year, weighted to stand for the year;
    :func:`benchmarks.util.lp_data`).
``lp-years``
    The same against the number of years.

The growth exponent of each series is the slope of a least-squares line through log(time) and
log(size) (1 = linear). :func:`figure` draws the log-log plot.

Run ``python -m benchmarks.bench_scaling [--quick]`` for Markdown, or
``python -m benchmarks.bench_scaling --series NAME SIZES`` for one series as JSON (the child).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.util import (
    HOURS_PER_YEAR,
    base_lp_data,
    fit_exponent,
    fmt_s,
    lp_data,
    peak_rss_mb,
    reset_peak_rss,
    rss_mb,
    run_child,
)

__all__ = ["SERIES", "figure", "markdown", "run", "run_series"]

SERIES = ("dispatch-scenarios", "dispatch-hours", "lp-hours", "lp-years")

#: Sizes of each series: (quick, full).
SIZES = {
    "dispatch-scenarios": ([1_000, 3_000, 10_000, 30_000, 100_000],
                           [1_000, 3_000, 10_000, 30_000, 100_000, 300_000]),
    "dispatch-hours": ([1095, 2190, 4380, 8760, 17520, 26280],
                       [1095, 2190, 4380, 8760, 17520, 26280]),
    "lp-hours": ([168, 336, 672, 1344, 2688, 5376], [168, 336, 672, 1344, 2688, 5376, 8760]),
    "lp-years": ([1, 2, 3], [1, 2, 3]),
}
#: Fixed sizes: scenarios of dispatch-hours, hours per year of lp-years (quick, full).
DISPATCH_HOURS_SCENARIOS = 10_000
LP_YEARS_HOURS = (672, 8760)


def _dispatch_point(n: int, hours: int, repeats: int) -> dict:
    from benchmarks.kernel_args import batch_positional

    base = base_lp_data()  # ordos-low-carbon, 3 × 8760 h
    years = max(1, hours // HOURS_PER_YEAR)
    hpy = hours // years
    prof = [
        np.ascontiguousarray(a.ravel()[: years * hpy])
        for a in (base.load_mw, base.wind_cf, base.solar_cf)
    ]
    rng = np.random.default_rng(0)
    caps = [np.ascontiguousarray(np.broadcast_to(rng.uniform(0, hi, n), (years, n)))
            for hi in (2000.0, 3000.0, 4000.0, 1000.0)]
    ones = np.ones(n)
    args = (*prof, *caps, ones, ones * 0.938, ones * 0.938, ones * 0.0, ones * 400.0, ones * 0.0,
            hpy, 0.05, 0.5, 0.0, 0.0, 64)
    batch_positional(*args)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        batch_positional(*args)
        times.append(time.perf_counter() - t0)
    # best of the repeats: a parallel call is as slow as its slowest thread, so one busy core of a
    # shared machine slows every call it overlaps; the fastest call is the kernel's own cost
    s = float(np.min(times))
    return {"seconds": s, "median_s": float(np.median(times)),
            "scenario_hours_per_s": n * years * hpy / s}


def _lp_point(years: int, hours: int) -> dict:
    from solvers.highs import HighsDirect
    from solvers.lp import build_model

    data = lp_data(years, hours)
    t0 = time.perf_counter()
    model = build_model(data)
    t1 = time.perf_counter()
    direct = HighsDirect(model, lp_path="joint")  # as in earlier snapshots; by year: bench_solve
    t2 = time.perf_counter()
    sol = direct.solve()
    h = direct.highs
    return {
        "build_s": t1 - t0,
        "handoff_s": t2 - t1,
        "solve_s": sol.timing["solve_s"],
        "seconds": (t2 - t0) + sol.timing["solve_s"],
        "status": sol.status,
        "rows": int(h.getNumRow()),
        "columns": int(h.getNumCol()),
        "simplex_iterations": sol.solver["iterations"]["simplex"],
    }


def run_series(series: str, sizes: list[int], quick: bool = True) -> dict:
    """Run one series in this process (sizes ascending); call it in a fresh process."""
    import highspy  # noqa: F401

    import simulator.core.dispatch  # noqa: F401
    import solvers.highs  # noqa: F401

    lp_data(1, 168)  # profiles and imports before the memory baseline
    if series.startswith("dispatch"):
        _dispatch_point(64, HOURS_PER_YEAR, 1)  # numba cache and thread pool
    points = []
    for size in sorted(sizes):
        gc.collect()
        start = rss_mb()
        reset_peak_rss()
        if series == "dispatch-scenarios":
            p = _dispatch_point(size, HOURS_PER_YEAR, 5)
        elif series == "dispatch-hours":
            p = _dispatch_point(DISPATCH_HOURS_SCENARIOS, size, 5)
        elif series == "lp-hours":
            p = _lp_point(1, size)
        elif series == "lp-years":
            p = _lp_point(size, LP_YEARS_HOURS[0 if quick else 1])
        else:
            raise ValueError(f"series must be one of {', '.join(SERIES)}")
        p["size"] = size
        p["peak_above_start_mb"] = peak_rss_mb() - start
        points.append(p)
    return {"series": series, "points": points}


def run(quick: bool = False, tiny: bool = False) -> dict:
    """Run the four series, each in its own process; fit the growth exponents.

    Parameters
    ----------
    quick : bool
        Smaller LPs (up to 32 weeks; 3 years × 4 weeks).
    tiny : bool
        Two small points per series (smoke test).

    Returns
    -------
    dict
        Per series: ``points`` (size, seconds, memory, ...), ``time_exponent`` (all points),
        ``time_exponent_large`` (the three largest), ``memory_exponent``; for the LP series also
        ``solve_exponent`` and ``build_handoff_exponent``.
    """
    out = {}
    for series in SERIES:
        if tiny:
            sizes = {"dispatch-scenarios": [300, 1000], "dispatch-hours": [1095, 2190],
                     "lp-hours": [168, 336], "lp-years": [1, 2]}[series]
        else:
            sizes = SIZES[series][0 if quick else 1]
        full = [] if quick or tiny else ["--full"]
        # dispatch: one process for the series (numpy gives its large arrays back to the system);
        # LP: one process per point (Python keeps the memory of the objects it freed)
        groups = [sizes] if series.startswith("dispatch") else [[s] for s in sizes]
        pts, error = [], None
        for group in groups:
            args = ["--series", series, "--sizes", ",".join(map(str, group)), *full]
            r = run_child("benchmarks.bench_scaling", args, timeout_s=1800)
            if "error" in r:
                error = r["error"]
                break
            pts += r["points"]
        if error:
            out[series] = {"error": error, "points": pts}
            continue
        sz = [p["size"] for p in pts]
        secs = [p["seconds"] for p in pts]
        out[series] = {
            "points": pts,
            "time_exponent": fit_exponent(sz, secs),
            # the three largest sizes only: fixed overheads weigh less there
            "time_exponent_large": fit_exponent(sz[-3:], secs[-3:]) if len(sz) > 3 else None,
            "memory_exponent": fit_exponent(sz, [p["peak_above_start_mb"] for p in pts]),
        }
        if series.startswith("lp"):
            out[series]["solve_exponent"] = fit_exponent(sz, [p["solve_s"] for p in pts])
            out[series]["build_handoff_exponent"] = fit_exponent(
                sz, [p["build_s"] + p["handoff_s"] for p in pts]
            )
    out["lp_years_hours"] = LP_YEARS_HOURS[0 if quick or tiny else 1]
    out["dispatch_hours_scenarios"] = DISPATCH_HOURS_SCENARIOS
    return out


def _e(v: float | None) -> str:
    """Format an exponent (``–`` when it could not be fitted)."""
    return "–" if v is None or not np.isfinite(v) else f"{v:.2f}"


_LABELS = {
    "dispatch-scenarios": "dispatch sweep: scenarios (1 year)",
    "dispatch-hours": "dispatch sweep: hours (10,000 scenarios)",
    "lp-hours": "LP build + hand-off + solve: hours (1 year)",
    "lp-years": "LP build + hand-off + solve: years",
}


def figure(res: dict, path: str | Path) -> Path | None:
    """Draw the log-log figure of time and memory against size; None when nothing to draw."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from simulator.core.io import atomic_write

    fig, axes = plt.subplots(1, 4, figsize=(15, 3.6))
    drawn = False
    for ax, series in zip(axes, SERIES, strict=True):
        r = res.get(series, {})
        pts = r.get("points") or []
        ax.set_title(_LABELS[series], fontsize=9)
        if not pts:
            continue
        drawn = True
        x = np.array([p["size"] for p in pts], dtype=float)
        t = np.array([p["seconds"] for p in pts])
        ax.loglog(x, t, "o-", label=f"time (slope {_e(r.get('time_exponent'))})")
        if series.startswith("lp"):
            ax.loglog(x, [p["solve_s"] for p in pts], "s--", ms=3,
                      label=f"HiGHS solve (slope {_e(r.get('solve_exponent'))})")
            ax.loglog(x, [p["build_s"] + p["handoff_s"] for p in pts], "^--", ms=3,
                      label=f"build + hand-off ({_e(r.get('build_handoff_exponent'))})")
        ax.set_ylabel("seconds")
        unit = {"dispatch-scenarios": "scenarios", "lp-years": "years"}.get(series, "hours")
        ax.set_xlabel(unit)
        ax.set_xticks(x, [f"{v:,.0f}" for v in x], fontsize=7, rotation=45)
        ax.minorticks_off()
        mem = np.array([p["peak_above_start_mb"] for p in pts])
        handles, labels = ax.get_legend_handles_labels()
        if mem.max() >= 5.0:  # below that it is allocator noise
            ax2 = ax.twinx()
            ax2.set_yscale("log")
            ax2.plot(x, np.maximum(mem, 0.1), "x:", color="grey", label="peak memory (right)")
            ax2.set_ylabel("MiB above start", color="grey", fontsize=8)
            h2, l2 = ax2.get_legend_handles_labels()
            handles, labels = handles + h2, labels + l2
        else:
            labels[0] += "; memory < 5 MiB"
        ax.legend(handles, labels, fontsize=7, loc="upper left")
        ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    if not drawn:
        plt.close(fig)
        return None
    out = atomic_write(path, lambda p: fig.savefig(p, format="png", dpi=90))
    plt.close(fig)
    return out


def markdown(res: dict, figure_name: str | None = None) -> str:
    """Format :func:`run`'s result as Markdown (with the figure when one was written)."""
    lines = [
        "Growth exponent = slope of log(time) against log(size) (1 = linear); memory is the "
        "peak resident memory of the point above what the process held before it (profiles "
        "and imports loaded).",
        "",
        "| series | sizes | seconds (smallest → largest) | time exponent: all points "
        "(3 largest) | memory MiB (smallest → largest) | memory exponent |",
        "|---|---|---|---:|---|---:|",
    ]
    for series in SERIES:
        r = res.get(series, {})
        pts = r.get("points") or []
        if not pts:
            lines.append(f"| {_LABELS[series]} | failed: {r.get('error', '?')} | | | | |")
            continue
        sizes = f"{pts[0]['size']:,} … {pts[-1]['size']:,}"
        secs = f"{fmt_s(pts[0]['seconds'])} → {fmt_s(pts[-1]['seconds'])}"
        mem = f"{pts[0]['peak_above_start_mb']:.0f} → {pts[-1]['peak_above_start_mb']:.0f}"
        extra = ""
        if series.startswith("lp"):
            extra = (f" (solve {_e(r.get('solve_exponent'))}, build + hand-off "
                     f"{_e(r.get('build_handoff_exponent'))})")
        lines.append(
            f"| {_LABELS[series]} | {sizes} | {secs} | {_e(r.get('time_exponent'))} "
            f"({_e(r.get('time_exponent_large'))}){extra} "
            f"| {mem} | "
            f"{_e(r.get('memory_exponent'))} |"
        )
    sc = res.get("dispatch-scenarios", {}).get("points") or []
    if sc:
        lines += [
            "",
            "Dispatch throughput against scenarios: "
            + ", ".join(f"{p['size']:,}: {p['scenario_hours_per_s']:.3g}/s" for p in sc)
            + " (scenario-hours per second).",
        ]
    lh = res.get("lp-years", {}).get("points") or []
    if lh:
        lines += ["", f"lp-years at {res['lp_years_hours']} h per year."]
    if figure_name:
        lines += ["", f"![scaling, log-log]({figure_name})"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller LPs")
    parser.add_argument("--series", choices=SERIES, help="run one series in this process (JSON)")
    parser.add_argument("--sizes", help="comma-separated sizes of --series")
    parser.add_argument("--full", action="store_true", help="--series: full-mode fixed sizes")
    args = parser.parse_args(argv)
    if args.series:
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else SIZES[args.series][0]
        res = run_series(args.series, sizes, quick=not args.full)
        print(json.dumps(res))
        return res
    res = run(quick=args.quick)
    print(markdown(res))
    return res


if __name__ == "__main__":
    sys.exit(0 if main() is not None else 1)
