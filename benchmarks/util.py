"""Helpers shared by the benchmark sections: timing, child processes, LP data slices, fits.

Every figure of the suite is a ratio taken in one run; the helpers here make that easy:
:func:`interleaved` times several callables A, B, C in turns (A B C, A B C, ...) so that a burst of
load from other users of the machine hits all of them alike, and :func:`run_child` runs one
measurement in a fresh Python process that reports its own peak memory.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

__all__ = [
    "HOURS_PER_YEAR",
    "REPO_ROOT",
    "fit_exponent",
    "interleaved",
    "lp_data",
    "peak_rss_mb",
    "reset_peak_rss",
    "rss_mb",
    "run_child",
    "time_call",
]

HOURS_PER_YEAR = 8760
HOURS_PER_WEEK = 168
REPO_ROOT = Path(__file__).resolve().parent.parent
_DEFAULT_SCENARIO = "ordos-low-carbon"


def _status_kib(key: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_mb() -> float:
    """Resident memory of this process now [MiB] (``VmRSS`` of ``/proc/self/status``)."""
    kib = _status_kib("VmRSS:")
    return float("nan") if kib is None else kib / 1024.0


def reset_peak_rss() -> bool:
    """Reset the peak resident memory of this process to its current value (Linux ≥ 4.0).

    Afterwards :func:`peak_rss_mb` is the peak since this call. Returns False where the kernel
    does not allow it (then the peak is the process's lifetime peak).
    """
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """Peak resident memory of this process [MiB]: ``VmHWM`` (since :func:`reset_peak_rss`).

    Falls back to ``ru_maxrss`` (the lifetime peak) where ``/proc`` is missing.
    """
    kib = _status_kib("VmHWM:")
    if kib is not None:
        return kib / 1024.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if sys.platform == "darwin" else peak / 1024.0


def time_call(fn: Callable[[], object], min_time_s: float = 0.05) -> float:
    """Seconds per call of ``fn``, calling it often enough to last about ``min_time_s``."""
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_time_s or n >= 1 << 20:
            return dt / n
        n = max(2 * n, int(n * min_time_s / max(dt, 1e-9) * 1.2))


def interleaved(
    fns: dict[str, Callable[[], object]], repeat: int = 7, min_time_s: float = 0.05
) -> dict[str, dict]:
    """Time several callables in turns and return medians and per-round samples.

    Each callable is called once first (warm-up). Then, ``repeat`` times, every callable is timed
    in turn (A B C, A B C, ...): the rounds are paired, so a ratio taken per round and then the
    median of those ratios cancels most of the noise of a shared machine.

    Parameters
    ----------
    fns : dict of str to callable
        Named callables without arguments.
    repeat : int
        Rounds.
    min_time_s : float
        Each timing calls the callable often enough to last about this long.

    Returns
    -------
    dict
        Per name: ``median_s``, ``min_s``, ``samples_s`` (seconds per call, one per round).
    """
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            samples[name].append(time_call(fn, min_time_s))
    return {
        k: {"median_s": float(np.median(v)), "min_s": float(np.min(v)), "samples_s": v}
        for k, v in samples.items()
    }


def paired_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """Median over rounds of ``a[i] / b[i]`` (rounds taken in turns by :func:`interleaved`)."""
    return float(np.median(np.asarray(a, dtype=float) / np.asarray(b, dtype=float)))


def run_child(module: str, args: Sequence[str], timeout_s: float = 600.0) -> dict:
    """Run ``python -m module args...`` in a fresh process; return the JSON of its last line.

    The child prints one JSON object on its last line of stdout (its own figures, including its
    peak memory). A failing child gives ``{"error": "..."}`` instead of raising.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    try:
        res = subprocess.run(
            [sys.executable, "-m", module, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            env=env,
            cwd=REPO_ROOT,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout_s:.0f} s"}
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    if res.returncode != 0 or not lines:
        tail = (res.stderr or res.stdout).strip().splitlines()[-3:]
        return {"error": f"exit {res.returncode}: " + " | ".join(tail)}
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError:
        return {"error": f"no JSON from child: {lines[-1][:200]}"}


def select_hours(hours: int) -> np.ndarray:
    """Return the modelled hours of a year: all 8760, or whole weeks spread over the year.

    ``hours`` below 8760 must be a multiple of 168; ``hours / 168`` weeks are taken at evenly
    spaced starts, so every season is represented.
    """
    if hours >= HOURS_PER_YEAR:
        return np.arange(HOURS_PER_YEAR)
    if hours <= 0 or hours % HOURS_PER_WEEK:
        raise ValueError(f"hours must be 8760 or a positive multiple of 168, not {hours}")
    weeks = hours // HOURS_PER_WEEK
    starts = np.linspace(0, HOURS_PER_YEAR - HOURS_PER_WEEK, weeks).astype(np.int64)
    starts = (starts // 24) * 24  # whole days, so the hour of day stays right
    return (starts[:, None] + np.arange(HOURS_PER_WEEK)[None, :]).ravel()


_BASE_CACHE: dict[str, object] = {}


def base_lp_data(scenario: str = _DEFAULT_SCENARIO):
    """:class:`solvers.lp.LPData` of a built-in scenario, every hour of every year (cached)."""
    if scenario not in _BASE_CACHE:
        from simulator.core.profiles import build_profiles
        from simulator.core.scenario import load_scenario
        from solvers.lp import lp_data_from_scenario

        sc = load_scenario(scenario)
        _BASE_CACHE[scenario] = lp_data_from_scenario(sc, build_profiles(sc))
    return _BASE_CACHE[scenario]


def lp_data(years: int, hours: int = HOURS_PER_YEAR, scenario: str = _DEFAULT_SCENARIO):
    """Return the LP of a built-in park cut to its first ``years`` years, ``hours`` per year.

    With fewer than 8760 hours, whole weeks spread over the year (:func:`select_hours`) are kept
    with weight 8760 / hours each, so the operating cost still stands for a whole year and the
    balance of capital and running cost (hence the sizing) stays that of the full model.
    """
    base = base_lp_data(scenario)
    if years > base.years:
        raise ValueError(f"{scenario} has {base.years} years, asked for {years}")
    idx = select_hours(hours)
    ys = slice(0, years)
    weight = base.weight[ys][:, idx] * (HOURS_PER_YEAR / len(idx))
    return dataclasses.replace(
        base,
        load_mw=base.load_mw[ys][:, idx],
        wind_cf=base.wind_cf[ys][:, idx],
        solar_cf=base.solar_cf[ys][:, idx],
        weight=weight,
        hour_of_day=base.hour_of_day[idx],
        target_share=base.target_share[ys],
        year_labels=base.year_labels[ys],
        min_renewable_utilisation=None
        if base.min_renewable_utilisation is None
        else base.min_renewable_utilisation[ys],
        capacity_min=None if base.capacity_min is None else base.capacity_min[:, ys],
    )


def fit_exponent(sizes: Sequence[float], values: Sequence[float]) -> float:
    """Slope of log(value) against log(size) by least squares (the growth exponent).

    Returns NaN with fewer than two usable points.
    """
    x = np.asarray(sizes, dtype=float)
    y = np.asarray(values, dtype=float)
    ok = (x > 0) & (y > 0) & np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2:
        return float("nan")
    slope = np.polyfit(np.log(x[ok]), np.log(y[ok]), 1)[0]
    return float(slope)


def fmt_s(s: float | None) -> str:
    """Format seconds for a table: 3 significant digits, ``–`` for missing."""
    if s is None or (isinstance(s, float) and not math.isfinite(s)):
        return "–"
    if s >= 100:
        return f"{s:.0f}"
    if s >= 10:
        return f"{s:.1f}"
    if s >= 1:
        return f"{s:.2f}"
    return f"{s:.3f}"


def fmt_x(r: float | None) -> str:
    """Format a ratio for a table (``2.3×``), ``–`` for missing."""
    if r is None or (isinstance(r, float) and not math.isfinite(r)):
        return "–"
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×" if r < 100 else f"{r:.0f}×"
