"""Benchmark of the dispatch sweeps: kernel throughput and a 200,000-point CLI sweep end to end.

Run ``python -m benchmarks.bench_sweep [--quick]``; prints Markdown. :func:`run` returns the numbers
as a dict for the benchmark suite (``python -m benchmarks``).

Throughput is counted in *scenario-hours per second*: scenarios × years × 8760 hours dispatched,
divided by the wall time of the kernel call (best of several repeats, after a warm-up call that
compiles or loads the numba cache). The machine may be shared, so take the best of repeats.

End to end (issue 18): the 200,000-point × 3-year CLI sweep of :data:`E2E_GRID` on two parks, the
built-in ``ordos-low-carbon`` (synthesised profiles) and the same park given by CSV files
(:func:`csv_park`), timed in turns with a plain scalar C loop of the same rules on one core
(``benchmarks.bench_dispatch.C_SOURCE``); a driver process reports where the time goes
(:func:`breakdown`); :func:`roofline` compares the kernel with the machine's limit; and
:func:`start_up` times ``simulate`` and ``sweep`` from a cold and from a filled numba cache.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

__all__ = [
    "CLI_GRID",
    "E2E_GRID",
    "OPS",
    "breakdown",
    "cli_sweep",
    "csv_park",
    "end_to_end",
    "kernel_throughput",
    "main",
    "markdown",
    "roofline",
    "run",
    "start_up",
]

#: The 200,000-point grid of the end-to-end sweep (100 × 100 × 20 points).
CLI_GRID = ("wind_mw=0:2000:100", "solar_mw=0:3000:100", "storage_mwh=0:4000:20")

#: The 200,000-point grid of issue 18 (40 × 50 × 25 × 4 points, storage power swept too).
E2E_GRID = (
    "wind_mw=0:2000:40",
    "solar_mw=0:3000:50",
    "storage_mwh=0:4000:25",
    "storage_mw=0,100,200,300",
)

#: Work of one scenario-hour of ``dispatch_yearly_sums_batch`` per scenario lane, counted from
#: ``_dispatch_hour`` and ``_accumulate`` (common subexpressions counted once): floating-point
#: operations (adds, multiplies, min/max, the compare of the unserved-hour count; 2 of them
#: divisions), loads (11 per-scenario parameters and the state of charge, 13 accumulators) and
#: stores (state of charge, 13 accumulators). The hour's load and capacity factors are shared by
#: all scenarios (not counted).
OPS = {"flops": 50, "divisions": 2, "loads": 24, "stores": 14}


def _inputs(n: int, years: int, seed: int = 0):
    from simulator.core.profiles import build_profiles
    from simulator.core.scenario import HOURS_PER_YEAR, load_scenario

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

    from benchmarks.kernel_args import batch_positional

    kernels = {
        "sweep": batch_positional,
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
    cmd = [sys.executable, "-c", "from simulator.cli.app import main; main()", "sweep",
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


def csv_park(folder: Path, name: str = "ordos-low-carbon") -> Path:
    """Write a built-in park's profiles to CSV files and a scenario reading them; its TOML path.

    ``load_mw.csv`` (one load, archetype ``csv``), ``wind_cf.csv`` and ``solar_cf.csv`` hold all
    ``years × 8760`` hours with 6 decimals; everything else is the built-in scenario's.
    """
    import tomllib

    import tomli_w

    from simulator.core.profiles import build_profiles
    from simulator.core.scenario import builtin_scenarios, load_scenario

    folder.mkdir(parents=True, exist_ok=True)
    p = build_profiles(load_scenario(name))
    for col, arr in (("load_mw", p.load_mw), ("wind_cf", p.wind_cf), ("solar_cf", p.solar_cf)):
        np.savetxt(folder / f"{col}.csv", arr, fmt="%.6f", header=col, comments="")
    data = tomllib.loads(Path(builtin_scenarios()[name]).read_text(encoding="utf-8"))
    data["name"] = f"{name}-csv"
    data["loads"] = [{"name": "park", "archetype": "csv", "csv": "load_mw.csv"}]
    data.setdefault("profiles", {}).update({"wind_cf": "wind_cf.csv", "solar_cf": "solar_cf.csv"})
    toml = folder / "park.toml"
    toml.write_text(tomli_w.dumps(data), encoding="utf-8")
    return toml


def _cli(scenario: str, grid: tuple[str, ...], out: Path, env: dict | None = None) -> dict:
    """One ``parkbalance sweep`` process: its wall time and the figures it prints."""
    cmd = [sys.executable, "-c", "from simulator.cli.entry import main; main()", "sweep", scenario]
    for g in grid:
        cmd += ["--grid", g]
    cmd += ["--out", str(out), "--no-progress"]
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    wall = time.perf_counter() - t0
    m = re.search(r"in ([\d.]+) s \(([\d.e+]+) scenario-hours/s", res.stdout)
    return {"wall_s": wall, "sweep_s": float(m.group(1)) if m else float("nan"),
            "size_mb": out.stat().st_size / 1e6, "cmd": cmd}


def _c_floor(repeats: int = 3) -> dict | None:
    """Time the scalar C loop of the rules (bench_dispatch) on one year: scenario-hours/s."""
    from benchmarks.bench_dispatch import HOURS, PARAMS, PLAN, _profiles, compile_c

    dll, cc = compile_c()
    if dll is None:
        return None
    load, wind, solar = _profiles()
    W, S, E, P = (np.array([v]) for v in PLAN)
    flows = np.empty((9, HOURS))
    sums = np.empty(13)
    p = PARAMS

    def call() -> None:
        dll.dispatch_hourly(
            load, wind, solar, W, S, E, P, 1, HOURS, p["eta_c"], p["eta_d"], p["min_soc"],
            p["initial_soc"], p["sd"], p["coal_mw"], p["coal_share"], p["imax"], p["emax"],
            flows, sums,
        )

    call()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(20):
            call()
        times.append((time.perf_counter() - t0) / 20)
    return {"compiler": cc, "s_per_year": float(np.median(times)),
            "scenario_hours_per_s": HOURS / float(np.median(times))}


def end_to_end(repeats: int = 3, grid: tuple[str, ...] = E2E_GRID) -> dict:
    """Time the 200,000-point CLI sweep on a CSV-profile park and on the built-in park, in turns.

    Each round runs: the C loop (one core), the CLI sweep of the CSV park, the CLI sweep of the
    built-in park. Scenario-hours per second are points × 3 years × 8760 h over the wall time of
    the whole process (start-up, imports, input files, kernel, chunk files, the NetCDF file).

    Returns
    -------
    dict
        ``points``, ``cores``, ``command`` (as a user types it), per park (``csv``,
        ``synthesised``) the rounds' ``wall_s`` and ``sweep_s`` and their medians, the
        medians' scenario-hours/s end to end, the C loop's rounds and the ratio per core of the
        end-to-end sweep to the C loop (median of the per-round ratios).
    """
    cores = os.cpu_count() or 1
    points = 1
    for g in grid:
        spec = g.split("=", 1)[1]
        points *= int(spec.split(":")[-1]) if ":" in spec else len(spec.split(","))
    work = points * 3 * 8760
    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-e2e-"))
    try:
        toml = csv_park(tmp / "park")
        parks = {"csv": str(toml), "synthesised": "ordos-low-carbon"}
        for sc in parks.values():  # warm the caches (numba, the OS's file cache)
            _cli(sc, ("wind_mw=0,1",), tmp / "warm.nc")
        rounds: dict[str, list[dict]] = {k: [] for k in parks}
        c_rounds: list[float] = []
        for _ in range(repeats):
            c = _c_floor()
            c_rounds.append(c["scenario_hours_per_s"] if c else float("nan"))
            for label, sc in parks.items():
                rounds[label].append(_cli(sc, grid, tmp / f"{label}.nc"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out: dict = {"points": points, "years": 3, "cores": cores, "grid": list(grid),
                 "command": shlex.join(["parkbalance", "sweep", "PARK.toml",
                                        *[x for g in grid for x in ("--grid", g)],
                                        "--out", "/tmp/sweep.nc"]),
                 "c_loop_scenario_hours_per_s": c_rounds}
    for label, rs in rounds.items():
        walls = [r["wall_s"] for r in rs]
        ratio = [work / w / cores / c for w, c in zip(walls, c_rounds, strict=True)]
        out[label] = {
            "wall_s": walls,
            "sweep_s": [r["sweep_s"] for r in rs],
            "median_wall_s": float(np.median(walls)),
            "median_sweep_s": float(np.median([r["sweep_s"] for r in rs])),
            "scenario_hours_per_s": work / float(np.median(walls)),
            "sweep_scenario_hours_per_s": work / float(np.median([r["sweep_s"] for r in rs])),
            "per_core_vs_c_loop": float(np.median(ratio)),
            "size_mb": rs[-1]["size_mb"],
        }
    return out


_DRIVER = r"""
import json, sys, time
t0 = time.perf_counter()
from simulator.studies.sweep import run_sweep
t1 = time.perf_counter()
grid = dict(g.split("=", 1) for g in sys.argv[3:])
run = run_sweep(sys.argv[1], grid, out=sys.argv[2], progress=False)
t2 = time.perf_counter()
import resource
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"imports_s": t1 - t0, "sweep_s": run.seconds, "total_s": t2 - t0,
                  "timing": run.timing, "peak_rss_mb": rss}))
"""


def breakdown(repeats: int = 2, grid: tuple[str, ...] = E2E_GRID) -> dict:
    """Where the time of the end-to-end sweep goes, per stage, on the CSV park (median of rounds).

    A driver process runs :func:`simulator.studies.sweep.run_sweep` as the CLI does and reports
    :attr:`simulator.studies.sweep.SweepRun.timing`; ``python_start_s`` is the process's wall time
    less what it measured itself (interpreter start), ``imports_s`` the import of the sweep module.
    """
    tmp = Path(tempfile.mkdtemp(prefix="bench-sweep-stages-"))
    rows = []
    try:
        toml = csv_park(tmp / "park")
        for _ in range(repeats):
            t0 = time.perf_counter()
            res = subprocess.run([sys.executable, "-c", _DRIVER, str(toml), str(tmp / "s.nc"),
                                  *grid], capture_output=True, text=True, check=True)
            wall = time.perf_counter() - t0
            r = json.loads(res.stdout.strip().splitlines()[-1])
            stages = {"python_start_s": wall - r["total_s"], "imports_s": r["imports_s"],
                      **r["timing"]}
            stages["other_s"] = r["sweep_s"] - sum(r["timing"].values())
            stages["wall_s"] = wall
            stages["peak_rss_mb"] = r["peak_rss_mb"]
            rows.append(stages)
            (tmp / "s.nc").unlink(missing_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {k: float(np.median([r.get(k, 0.0) for r in rows])) for k in rows[0]}


def _cpu() -> dict:
    """SIMD width for float64 and the clock as the OS reports it (``/proc/cpuinfo``)."""
    flags, mhz = set(), float("nan")
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags") and not flags:
                    flags = set(line.split(":", 1)[1].split())
                elif line.startswith("cpu MHz") and mhz != mhz:
                    mhz = float(line.split(":", 1)[1])
    except OSError:
        pass
    lanes = 8 if "avx512f" in flags else 4 if "avx2" in flags else 2
    return {"lanes": lanes, "ghz": mhz / 1e3, "simd": {8: "AVX-512", 4: "AVX2", 2: "SSE2"}[lanes]}


def roofline(kernel_scenario_hours_per_s: float, cores: int) -> dict:
    """Compare the kernel with the machine's limit for the rules' work (:data:`OPS`).

    Assumed machine: per core and cycle, 2 vector floating-point instructions and 1 vector store
    of ``lanes`` float64 (AVX-512: 8), at the clock ``/proc/cpuinfo`` reports (no boost). The
    limit is the tighter of the floating-point bound (``flops`` / (2 × lanes) cycles per
    scenario-hour) and the store bound (``stores`` / lanes cycles per scenario-hour).

    Returns
    -------
    dict
        ``lanes``, ``simd``, ``ghz``, ``cores``, ``flop_bound``, ``store_bound`` and ``limit``
        [scenario-hours/s], and ``fraction`` = measured / limit.
    """
    c = _cpu()
    hz = c["ghz"] * 1e9 * cores
    flop = hz / (OPS["flops"] / (2 * c["lanes"]))
    store = hz / (OPS["stores"] / c["lanes"])
    limit = min(flop, store)
    return {**c, "cores": cores, "flop_bound": flop, "store_bound": store, "limit": limit,
            "fraction": kernel_scenario_hours_per_s / limit}


def start_up() -> dict:
    """Wall time of ``parkbalance simulate`` and ``parkbalance sweep`` (one small case each).

    From an empty numba cache (``cold``: every kernel compiled on the user's path), then after
    ``python -m simulator.studies.sweep_warm`` filled it (``warm``, what ``make install`` leaves).
    """
    env = dict(os.environ)
    tmp = Path(tempfile.mkdtemp(prefix="bench-start-"))
    env["NUMBA_CACHE_DIR"] = str(tmp / "numba")
    base = [sys.executable, "-c", "from simulator.cli.entry import main; main()"]
    cmds = {
        "simulate": [*base, "simulate", "ordos-low-carbon", "--wind-mw", "800",
                     "--out", str(tmp / "sim")],
        "sweep": [*base, "sweep", "ordos-low-carbon", "--grid", "wind_mw=0,500",
                  "--no-progress"],
    }
    out: dict = {}
    try:
        for label in ("cold", "warm"):
            if label == "warm":
                t0 = time.perf_counter()
                warm = [sys.executable, "-m", "simulator.studies.sweep_warm"]
                subprocess.run(warm, env=env, check=True, capture_output=True)
                out["warm_up_s"] = time.perf_counter() - t0
            for name, cmd in cmds.items():
                if label == "cold":
                    shutil.rmtree(tmp / "numba", ignore_errors=True)
                t0 = time.perf_counter()
                subprocess.run(cmd, env=env, check=True, capture_output=True)
                out[f"{name}_{label}_s"] = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


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
    e2e = end_to_end(repeats=3)
    stages = breakdown(repeats=2)
    best_kernel = max(k["scenario_hours_per_s"] for k in kernel if k["threads"] == cpus)
    e2e_kernel = e2e["points"] * 3 * 8760 / stages["kernel_s"] if stages.get("kernel_s") else 0.0
    return {
        "cpus": cpus,
        "kernel": kernel,
        "cli": cli_sweep(repeats=1 if quick else 3),
        "e2e": e2e,
        "breakdown": stages,
        "roofline": roofline(best_kernel, cpus),
        "roofline_in_sweep": roofline(e2e_kernel, cpus),
        "start_up": start_up(),
    }


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
    if "e2e" in result:
        lines += _markdown_e2e(result)
    return "\n".join(lines)


def _markdown_e2e(result: dict) -> list[str]:
    e, b, r, ri, st = (result[k] for k in ("e2e", "breakdown", "roofline", "roofline_in_sweep",
                                           "start_up"))
    work = e["points"] * e["years"] * 8760
    c = [x for x in e["c_loop_scenario_hours_per_s"] if x == x]
    lines = [
        "",
        f"#### End to end: {e['points']:,} points × {e['years']} years "
        f"({work:.3g} scenario-hours), the CLI from process start to the NetCDF file",
        "",
        "| park | median wall s | scenario-hours/s end to end | sweep s (reported) | "
        "per core vs the scalar C loop | file MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, text in (("csv", "ordos-low-carbon as CSV files"),
                        ("synthesised", "ordos-low-carbon (synthesised)")):
        x = e[label]
        lines.append(
            f"| {text} | {x['median_wall_s']:.2f} ({', '.join(f'{w:.1f}' for w in x['wall_s'])}) "
            f"| {x['scenario_hours_per_s']:.3g} | {x['median_sweep_s']:.2f} | "
            f"{x['per_core_vs_c_loop']:.2f}× | {x['size_mb']:.0f} |"
        )
    lines += [
        "",
        f"Scalar C loop of the same rules (one core, 9 hourly flows + 13 sums, the floor of "
        f"section 1), timed before each round: median {np.median(c):.3g} scenario-hours/s. "
        f"`per core` = end-to-end scenario-hours/s ÷ {e['cores']} cores ÷ the C loop's, median "
        "of the per-round ratios (goal ≥ 4×).",
        "",
        f"    {e['command']}",
        "",
        "Where the time goes (CSV park, median of 2 driver runs, `SweepRun.timing`):",
        "",
        "| stage | s | share |",
        "|---|---:|---:|",
    ]
    names = {
        "python_start_s": "interpreter start and exit",
        "imports_s": "imports (numpy, numba, xarray, …)",
        "inputs_s": "checks, input files read once", "profiles_s": "profiles (CSV parsing)",
        "setup_s": "per-point kernel arrays", "kernel_s": "**kernel**",
        "chunk_files_s": "chunk files (`OUT.parts`: waiting for the background writes with fsync; "
        "sums beyond 128 MiB read back)",
        "assemble_s": "KPIs (block by block)",
        "write_s": "NetCDF file (laid out, then written block by block)", "other_s": "other",
    }
    for k, text in names.items():
        if k in b:
            lines.append(f"| {text} | {b[k]:.2f} | {b[k] / b['wall_s']:.0%} |")
    lines.append(f"| total (process wall) | {b['wall_s']:.2f} | 100% |")
    lines += ["", f"Peak resident memory of that process: {b['peak_rss_mb']:.0f} MB (the result is "
              "streamed into the file chunk by chunk from the run's sums, held up to 128 MiB)."]
    lines += [
        "",
        f"Limit of the rules' work on this machine ({r['cores']} cores, {r['simd']}: {r['lanes']} "
        f"float64 lanes, {r['ghz']:.2f} GHz as reported): {OPS['flops']} floating-point "
        f"operations ({OPS['divisions']} divisions), {OPS['loads']} loads and {OPS['stores']} "
        f"stores per scenario-hour; at 2 vector FP instructions and 1 vector store per cycle the "
        f"FP bound is {r['flop_bound']:.3g} and the store bound {r['store_bound']:.3g} "
        f"scenario-hours/s. The kernel (best call above) reaches **{r['fraction']:.0%}** of "
        f"{r['limit']:.3g}; inside the end-to-end sweep {ri['fraction']:.0%}.",
        "",
        "Start-up of one small case (fresh process): `simulate` "
        f"{st['simulate_cold_s']:.1f} s with an empty numba cache, {st['simulate_warm_s']:.1f} s "
        f"after `python -m simulator.studies.sweep_warm` ({st['warm_up_s']:.1f} s, run once at "
        "installation); "
        f"`sweep` {st['sweep_cold_s']:.1f} s cold, {st['sweep_warm_s']:.1f} s warm.",
    ]
    return lines


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and repeats")
    args = parser.parse_args(argv)
    result = run(quick=args.quick)
    print(markdown(result))
    return result


if __name__ == "__main__":
    main()
