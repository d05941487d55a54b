"""Benchmark of the dispatch sweeps: kernel throughput and a 200,000-point CLI sweep end to end.

Run ``python -m benchmarks.bench_sweep [--quick]``; prints Markdown. :func:`run` returns the numbers
as a dict for the benchmark suite (``python -m benchmarks``).

Throughput is counted in *scenario-hours per second*: scenarios × years × 8760 hours dispatched,
divided by the wall time of the kernel call (best of several repeats, after a warm-up call that
compiles or loads the numba cache). The machine may be shared, so take the best of repeats.
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

__all__ = ["CLI_GRID", "cli_sweep", "kernel_throughput", "main", "markdown", "run"]

#: The 200,000-point grid of the end-to-end sweep (100 × 100 × 20 points).
CLI_GRID = ("wind_mw=0:2000:100", "solar_mw=0:3000:100", "storage_mwh=0:4000:20")


def _inputs(n: int, years: int, seed: int = 0):
    from simulator.profiles import build_profiles
    from simulator.scenario import HOURS_PER_YEAR, load_scenario

    sc = load_scenario("ordos-low-carbon")
    if years > sc.years:
        raise ValueError(f"ordos-low-carbon has {sc.years} years")
    pr = build_profiles(sc)
    h = years * HOURS_PER_YEAR
    rng = np.random.default_rng(seed)
    caps = [rng.uniform(0, hi, (years, n)) for hi in (2000.0, 3000.0, 4000.0, 1000.0)]
    ones = np.ones(n)
    return (
        np.ascontiguousarray(pr.load_mw[:h]),
        np.ascontiguousarray(pr.wind_cf[:h]),
        np.ascontiguousarray(pr.solar_cf[:h]),
        *caps,
        ones,
        ones * 0.938,
        ones * 0.938,
        ones * 0.0,
        ones * 400.0,
        ones * 0.0,
        HOURS_PER_YEAR,
        0.05,
        0.5,
        0.0,
        0.0,
    )


def kernel_throughput(
    n: int, years: int, threads: int, repeats: int = 3, kernel: str = "sweep", chunk: int = 64
) -> dict:
    """Time one batched dispatch kernel call.

    Parameters
    ----------
    n : int
        Scenarios.
    years : int
        Years of the ordos-low-carbon profiles (1-3).
    threads : int
        Numba threads.
    repeats : int
        Timed calls; the best counts.
    kernel : {"sweep"}
        ``dispatch_yearly_sums_batch`` (the sweeps' kernel).
    chunk : int
        Scenarios per parallel chunk.

    Returns
    -------
    dict
        ``kernel, scenarios, years, threads, chunk, best_s, median_s, scenario_hours_per_s``.
    """
    import numba

    from simulator import dispatch

    kernels = {
        "sweep": dispatch.dispatch_yearly_sums_batch,
    }
    fn = kernels[kernel]
    args = _inputs(n, years)
    before = numba.get_num_threads()
    numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
    try:
        # warm-up: compile or load the numba cache (same types and layouts, few scenarios)
        small = (np.ascontiguousarray(a[..., :64]) if isinstance(a, np.ndarray) else a
                 for a in args[3:])
        fn(*args[:3], *small, chunk)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn(*args, chunk)
            times.append(time.perf_counter() - t0)
    finally:
        numba.set_num_threads(before)
    best = min(times)
    return {
        "kernel": kernel,
        "scenarios": n,
        "years": years,
        "threads": threads,
        "chunk": chunk,
        "best_s": best,
        "median_s": float(np.median(times)),
        "scenario_hours_per_s": n * years * 8760 / best,
    }


def cli_sweep(grid: tuple[str, ...] = CLI_GRID, repeats: int = 1) -> dict:
    """Run ``parkbalance sweep ordos-low-carbon --grid ... --out FILE.nc`` in a subprocess.

    Returns
    -------
    dict
        ``command``, ``points``, ``best_wall_s`` (the whole process: start-up, profiles, kernel,
        KPIs, chunk files and the NetCDF file) and ``sweep_s`` / ``scenario_hours_per_s`` as
        reported by the command for the sweep itself (best run).
    """
    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    out = tmp / "sweep.nc"
    cmd = [sys.executable, "-c", "from simulator.cli import main; main()", "sweep",
           "ordos-low-carbon"]
    for g in grid:
        cmd += ["--grid", g]
    cmd += ["--out", str(out), "--no-progress"]
    points = 1
    for g in grid:
        points *= int(g.split(":")[-1]) if ":" in g else len(g.split("=")[1].split(","))
    walls, reported = [], []
    try:
        for _ in range(repeats):
            out.unlink(missing_ok=True)
            t0 = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, text=True, check=True)
            walls.append(time.perf_counter() - t0)
            m = re.search(r"in ([\d.]+) s \(([\d.e+]+) scenario-hours/s", res.stdout)
            if m:
                reported.append((float(m.group(1)), float(m.group(2))))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    shown = ["parkbalance", *cmd[3:]]
    shown[shown.index("--out") + 1] = "/tmp/sweep.nc"
    best = min(reported) if reported else (float("nan"), float("nan"))
    return {
        "command": shlex.join(shown),
        "points": points,
        "years": 3,
        "best_wall_s": min(walls),
        "walls_s": walls,
        "sweep_s": best[0],
        "scenario_hours_per_s": best[1],
    }


def run(quick: bool = False) -> dict:
    """Run the sweep benchmarks; ``quick`` keeps it to about half a minute.

    Returns
    -------
    dict
        ``kernel``: a list of :func:`kernel_throughput` results; ``cli``: :func:`cli_sweep`;
        ``cpus``: cores seen by numba.
    """
    import numba

    cpus = numba.config.NUMBA_NUM_THREADS
    threads = sorted({1, cpus})
    kernel = []
    cases = [(20_000, 1)] if quick else [(20_000, 1), (200_000, 3)]
    for n, years in cases:
        for th in threads:
            kernel.append(kernel_throughput(n, years, th, repeats=3 if quick else 5))
    return {"cpus": cpus, "kernel": kernel, "cli": cli_sweep(repeats=1 if quick else 3)}


def markdown(result: dict) -> str:
    """Format :func:`run`'s result as Markdown."""
    lines = [
        f"### Dispatch sweeps ({result['cpus']} cores seen by numba)",
        "",
        "| kernel | scenarios × years | threads | best s | scenario-hours/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for k in result["kernel"]:
        lines.append(
            f"| {k['kernel']} (chunk {k['chunk']}) | {k['scenarios']:,} × {k['years']} | "
            f"{k['threads']} | {k['best_s']:.3f} | {k['scenario_hours_per_s']:.3g} |"
        )
    c = result["cli"]
    lines += [
        "",
        f"CLI, {c['points']:,} points × {c['years']} years, end to end (process start to NetCDF "
        f"written): best {c['best_wall_s']:.2f} s of {len(c['walls_s'])}; the sweep itself "
        f"{c['sweep_s']:.2f} s ({c['scenario_hours_per_s']:.3g} scenario-hours/s).",
        "",
        f"    {c['command']}",
        "",
        "Kernel numbers: `python -m benchmarks.bench_sweep` (best of repeats after a warm-up).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and repeats")
    args = parser.parse_args(argv)
    result = run(quick=args.quick)
    print(markdown(result))
    return result


if __name__ == "__main__":
    main()
