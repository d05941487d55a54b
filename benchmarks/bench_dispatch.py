"""Dispatch kernel per scenario-hour: Python loop, numba single kernel, batched kernel, C floor.

Every figure is taken in the same process on the same profiles; the C loop of the same rules is
compiled at benchmark time when a C compiler is present and is the floor the numba kernel is
compared with. Cold start (first call, compile or cache load) is measured in a fresh subprocess.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HOURS = 8760

C_SOURCE = r"""
#include <stddef.h>
static inline double mn(double a, double b) { return a < b ? a : b; }
static inline double mx(double a, double b) { return a > b ? a : b; }
/* The dispatch rules of docs/model.md, one year, one park; yearly sums only. */
void dispatch(const double *L, const double *w, const double *s, size_t n,
              double W, double S, double E, double P, double eta_c, double eta_d,
              double min_soc, double soc0, double keep, double gmin, double C,
              double imax, double emax, double *sums)
{
    double soc = soc0, sd = 0, sq = 0, sk = 0, si = 0, su = 0, sg = 0, se = 0, sc = 0;
    for (size_t t = 0; t < n; ++t) {
        double A = W * w[t] + S * s[t];
        double g0 = mn(gmin, L[t]);
        double R = L[t] - g0;
        double d = mn(A, R), X = A - d, D = R - d;
        double s1 = soc * keep;
        double c = mn(mn(X, P), mx(0.0, (E - s1) / eta_c));
        double e = mn(X - c, emax);
        double k = X - c - e;
        double q = mn(mn(D, P), mx(0.0, (s1 - min_soc * E) * eta_d));
        double gu = mn(D - q, C - gmin);
        double i = mn(D - q - gu, imax);
        double u = D - q - gu - i;
        soc = s1 + c * eta_c - q / eta_d;
        sd += d; sq += q; sk += k; si += i; su += u; sg += g0 + gu; se += e; sc += c;
    }
    sums[0] = sd; sums[1] = sq; sums[2] = sk; sums[3] = si; sums[4] = su; sums[5] = sg;
    sums[6] = se; sums[7] = sc;
}
"""


def _profiles(hours: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.arange(hours)
    load = 200 + 20 * rng.standard_normal(hours)
    solar = np.clip(np.sin((t % 24 - 6) / 12 * np.pi), 0, None) * rng.uniform(0.3, 1, hours)
    wind = np.clip(0.35 + 0.25 * np.sin(t / 37.0) + 0.1 * rng.standard_normal(hours), 0, 1)
    return load, wind, solar


PARAMS = dict(
    W=300.0,
    S=300.0,
    E=400.0,
    P=100.0,
    eta_c=0.94,
    eta_d=0.94,
    min_soc=0.05,
    initial_soc=0.5,
    sd=0.0,
    coal_mw=0.0,
    coal_share=0.0,
    imax=250.0,
    emax=0.0,
)


def python_loop(load, wind, solar, p=PARAMS) -> float:
    """Run the rules in plain Python (the slow reference speed); return Σ (d + q) [MWh]."""
    soc = p["initial_soc"] * p["E"]
    total = 0.0
    for t in range(len(load)):
        a = p["W"] * wind[t] + p["S"] * solar[t]
        r = load[t]
        d = min(a, r)
        x, dd = a - d, r - d
        s1 = soc
        c = min(x, p["P"], max(0.0, (p["E"] - s1) / p["eta_c"]))
        q = min(dd, p["P"], max(0.0, (s1 - p["min_soc"] * p["E"]) * p["eta_d"]))
        soc = s1 + c * p["eta_c"] - q / p["eta_d"]
        total += d + q
    return total


def _time(fn, min_time_s: float = 0.3, repeat: int = 5) -> float:
    """Median seconds per call over ``repeat`` batches of calls lasting ``min_time_s`` each."""
    fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_time_s / 5 or n > 1e6:
            break
        n *= 2
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        times.append((time.perf_counter() - t0) / n)
    return float(np.median(times))


def _compile_c() -> ctypes.CDLL | None:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None
    d = Path(tempfile.mkdtemp(prefix="pb-bench-c-"))
    (d / "dispatch.c").write_text(C_SOURCE)
    lib = d / "dispatch.so"
    subprocess.run(
        [cc, "-O3", "-march=native", "-shared", "-fPIC", str(d / "dispatch.c"), "-o", str(lib)],
        check=True,
    )
    dll = ctypes.CDLL(str(lib))
    dbl = ctypes.c_double
    ptr = np.ctypeslib.ndpointer(dtype=np.float64, flags="C_CONTIGUOUS")
    dll.dispatch.argtypes = [ptr, ptr, ptr, ctypes.c_size_t] + [dbl] * 13 + [ptr]
    dll.dispatch.restype = None
    return dll


def _cold_start_s() -> dict:
    """Seconds to import and run the kernel once in a fresh process (compile or cache load)."""
    code = (
        "import time, numpy as np; t=time.perf_counter();"
        "from simulator.dispatch import dispatch_hourly;"
        "a=np.ones(8760); c=np.ones(1);"
        "dispatch_hourly(a,a*.3,a*.2,c,c,c,c,8760,.9,.9,.05,.5,0.,0.,0.,1.,0.);"
        "print(time.perf_counter()-t)"
    )
    env = dict(os.environ)
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        env["NUMBA_CACHE_DIR"] = cache
        for label in ("cold_compile_s", "cached_start_s"):
            r = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
            )
            out[label] = float(r.stdout.strip().splitlines()[-1])
    return out


def run(quick: bool = False) -> dict:
    """Measure the dispatch kernels; returns figures in ns per scenario-hour and ratios."""
    import numba

    from simulator.dispatch import dispatch_hourly, dispatch_yearly_sums_batch

    years = 1
    load, wind, solar = _profiles(HOURS * years)
    p = PARAMS
    caps = [np.array([p[k]]) for k in ("W", "S", "E", "P")]
    res: dict = {"hours": HOURS * years}

    t_py = _time(lambda: python_loop(load, wind, solar), min_time_s=0.5, repeat=3)
    res["python_ns_per_hour"] = t_py / (HOURS * years) * 1e9

    def single():
        dispatch_hourly(
            load,
            wind,
            solar,
            *caps,
            HOURS,
            p["eta_c"],
            p["eta_d"],
            p["min_soc"],
            p["initial_soc"],
            p["sd"],
            p["coal_mw"],
            p["coal_share"],
            p["imax"],
            p["emax"],
        )

    res["numba_single_ns_per_hour"] = _time(single) / (HOURS * years) * 1e9

    dll = _compile_c()
    if dll is not None:
        sums = np.zeros(8)

        def c_loop():
            dll.dispatch(
                load,
                wind,
                solar,
                HOURS,
                p["W"],
                p["S"],
                p["E"],
                p["P"],
                p["eta_c"],
                p["eta_d"],
                p["min_soc"],
                p["initial_soc"] * p["E"],
                1 - p["sd"],
                0.0,
                0.0,
                p["imax"],
                p["emax"],
                sums,
            )

        res["c_loop_ns_per_hour"] = _time(c_loop) / HOURS * 1e9
        res["numba_single_over_c"] = res["numba_single_ns_per_hour"] / res["c_loop_ns_per_hour"]

    n = 4096 if quick else 32768
    rng = np.random.default_rng(0)
    shape = (years, n)
    W, S = rng.uniform(0, 600, shape), rng.uniform(0, 600, shape)
    E, P = rng.uniform(0, 800, shape), rng.uniform(0, 200, shape)
    ones = np.ones(n)

    def batch():
        dispatch_yearly_sums_batch(
            load,
            wind,
            solar,
            W,
            S,
            E,
            P,
            ones,
            ones * 0.94,
            ones * 0.94,
            ones * 0.0,
            ones * 250.0,
            ones * 0.0,
            HOURS,
            0.05,
            0.5,
            0.0,
            0.0,
            1024,
        )

    threads_all = numba.config.NUMBA_NUM_THREADS
    for label, threads in (("1", 1), ("all", threads_all)):
        numba.set_num_threads(threads)
        t = _time(batch, min_time_s=0.5, repeat=3)
        res[f"batch_{label}_threads_scenario_hours_per_s"] = n * HOURS * years / t
    numba.set_num_threads(threads_all)
    res["threads_all"] = threads_all
    res["batch_scenarios"] = n
    res.update(_cold_start_s())
    return res


def markdown(res: dict) -> str:
    """Format :func:`run` figures as a Markdown table."""
    rows = [
        ("plain Python loop", f"{res['python_ns_per_hour']:.0f} ns / hour", ""),
        (
            "numba single-scenario kernel",
            f"{res['numba_single_ns_per_hour']:.2f} ns / hour",
            f"{res.get('numba_single_over_c', float('nan')):.2f}× the C loop",
        ),
    ]
    if "c_loop_ns_per_hour" in res:
        rows.append(
            (
                "C loop, -O3 -march=native (floor)",
                f"{res['c_loop_ns_per_hour']:.2f} ns / hour",
                "1.00×",
            )
        )
    rows += [
        (
            "batched kernel, 1 thread",
            f"{res['batch_1_threads_scenario_hours_per_s']:.3g} scenario-hours/s",
            "",
        ),
        (
            f"batched kernel, {res['threads_all']} threads",
            f"{res['batch_all_threads_scenario_hours_per_s']:.3g} scenario-hours/s",
            "goal ≥ 1e9",
        ),
        ("cold start (compile, fresh cache)", f"{res['cold_compile_s']:.2f} s", ""),
        ("cached start (numba cache)", f"{res['cached_start_s']:.2f} s", ""),
    ]
    lines = ["| path | figure | note |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main() -> None:
    """Print the figures as Markdown."""
    res = run(quick="--quick" in sys.argv)
    print(markdown(res))


if __name__ == "__main__":
    main()
