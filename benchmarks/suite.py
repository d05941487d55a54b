"""The benchmark suite of parkbalance: run the sections, describe the machine, write the results.

``python -m benchmarks [--quick] [--out DIR] [--only dispatch,lp,...]`` or ``parkbalance bench``
runs the sections of :data:`SECTIONS` one after the other in this process (each measurement that
needs a clean memory figure runs in a child process of its own) and writes ``results.json``,
``results.md`` and ``scaling.png`` to ``DIR`` (atomic writes). Every figure is a ratio taken in
this one run on this one machine; the machine, the versions and the load average before and after
are recorded next to them. See ``docs/benchmarks.md``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import os
import platform
import shlex
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from benchmarks.util import fmt_s, fmt_x

__all__ = ["DEFAULT_OUT", "SECTIONS", "headline", "machine", "markdown", "run_suite"]

#: Section name → (module, title). Order of the run and of the report.
SECTIONS: dict[str, tuple[str, str]] = {
    "dispatch": ("benchmarks.bench_dispatch", "1. Dispatch kernel, per scenario-hour"),
    "lp": ("benchmarks.bench_lp", "2. Building the LP and handing it to HiGHS"),
    "algorithms": ("benchmarks.bench_algorithms", "3. HiGHS algorithms on the same LP"),
    "tsa": ("benchmarks.bench_tsa", "4. Time-series aggregation: typical days, segments"),
    "scaling": ("benchmarks.bench_scaling", "5. Scaling with problem size"),
    "sweep": ("benchmarks.bench_sweep", "6. Dispatch sweeps end to end"),
    "paths": ("benchmarks.bench_solve", "7. LP solve paths: joint vs by year, HiGHS algorithms"),
}
DEFAULT_OUT = Path("bench-out")
FIGURE = "scaling.png"
_PACKAGES = ("numpy", "scipy", "pandas", "numba", "pyomo", "highspy", "linopy", "xarray",
             "matplotlib")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_total_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return None


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine() -> dict:
    """Describe the machine and the pinned versions the figures were taken with."""
    versions = {}
    for pkg in _PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    try:
        versions["parkbalance"] = metadata.version("parkbalance")
    except metadata.PackageNotFoundError:
        versions["parkbalance"] = None
    try:
        from solvers.highs import highs_version

        versions["HiGHS"] = highs_version()
    except Exception:  # noqa: BLE001 - a description never fails the run
        versions["HiGHS"] = None
    numba_info = {}
    try:
        import numba

        numba_info = {"threads": numba.config.NUMBA_NUM_THREADS}
    except ImportError:
        pass
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    return {
        "date_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "cpu": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "cpus_available": affinity,
        "memory_gib": _mem_total_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "numba": numba_info,
        "loadavg_start": _loadavg(),
    }


def _clean(o):
    """JSON-safe copy: NaN and infinities become None, tuples lists, numpy scalars floats."""
    if isinstance(o, dict):
        return {str(k): _clean(v) for k, v in o.items()}
    if isinstance(o, list | tuple):
        return [_clean(v) for v in o]
    if hasattr(o, "item") and not isinstance(o, str | bytes):
        try:
            o = o.item()
        except (TypeError, ValueError):
            return str(o)
    if isinstance(o, float) and not math.isfinite(o):
        return None
    return o


def _run_section(name: str, quick: bool, tiny: bool) -> dict:
    module = importlib.import_module(SECTIONS[name][0])
    kwargs = {"quick": quick}
    if tiny:
        kwargs["tiny"] = True
    t0 = time.perf_counter()
    try:
        result = module.run(**kwargs)
        error = None
    except Exception as exc:  # noqa: BLE001 - one failing section must not lose the others
        result, error = None, f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    return {"seconds": time.perf_counter() - t0, "result": result, "error": error}


def headline(sections: dict) -> list[str]:
    """One line per floor or peer: where parkbalance stands (Markdown bullet points)."""
    out = []
    d = (sections.get("dispatch") or {}).get("result")
    if d:
        if "numba_single_over_c" in d:
            out.append(
                f"Dispatch, one scenario: numba kernel **{d['numba_single_over_c']:.2f}× the C "
                f"loop** (goal ≤ 1.2×: {'met' if d['goal_single_le_1_2x_c'] else 'missed'}); "
                f"plain Python {d['python_over_numba_single']:.0f}× slower than numba."
            )
        out.append(
            f"Dispatch, batched: **{d['batch_all_threads_scenario_hours_per_s']:.3g} "
            f"scenario-hours/s** on {d['threads_all']} threads, best round "
            f"{d['batch_all_threads_best_scenario_hours_per_s']:.3g} (goal ≥ 1e9: "
            f"{'met' if d['goal_batch_ge_1e9'] else 'missed'}); "
            f"{d['batch_1_threads_scenario_hours_per_s']:.3g} on 1 thread."
        )
    lp = (sections.get("lp") or {}).get("result")
    if lp:
        big = lp["cases"][-1]
        p = big["paths"]
        proj = p.get("project", {})
        if "total_s" in proj:
            peers = []
            for peer in ("pyomo", "lpfile", "linopy"):
                r = p.get(peer) or {}
                if "total_s" in r:
                    peers.append(f"{peer} {fmt_x(r['total_s'] / proj['total_s'])}")
            out.append(
                f"LP build + hand-off ({big['years']} years × {big['hours']} h): parkbalance "
                f"{fmt_s(proj['total_s'])} s = **{fmt_x(proj.get('total_over_floor'))} the "
                f"numpy/scipy floor**; peers take (× parkbalance): {', '.join(peers)}; "
                f"objectives equal: {'yes' if lp['check']['all_equal'] else 'NO'}."
            )
    al = (sections.get("algorithms") or {}).get("result")
    if al:
        cfg = al["configs"]
        ok = {k: v for k, v in cfg.items() if v.get("status") == "Optimal" and "seconds" in v}
        if ok:
            best = min(ok, key=lambda k: ok[k]["seconds"])
            others = [f"{k} {fmt_x(v.get('over_simplex'))}" for k, v in ok.items() if k != best]
            moved = max((v.get("capacity_max_abs_diff") or 0.0) for v in ok.values())
            off = [f"{k}: {v['status']}" for k, v in cfg.items() if v.get("status") != "Optimal"]
            out.append(
                f"HiGHS on {al['years']} year × {al['hours']} h: fastest **{best}** "
                f"({fmt_s(ok[best]['seconds'])} s); × simplex: {', '.join(others)}; the sizing "
                f"moves by at most {moved:.2g} MW/MWh"
                + (f"; {'; '.join(off)}" if off else "") + "."
            )
    ts = (sections.get("tsa") or {}).get("result")
    if ts and ts.get("status") == "done":
        rows = [r for r in ts["rows"] if r["case"] != "full"]
        if rows:
            parts = [f"{r['case']} {fmt_x(r.get('speedup'))} (objective "
                     f"{(r.get('objective_error_pct') or 0):+.1f}%)" for r in rows]
            out.append("Typical days (td) and segments (seg) against every hour (LP time): "
                       + ", ".join(parts) + ".")
    elif ts:
        out.append("Typical days: pending.")
    sc = (sections.get("scaling") or {}).get("result")
    if sc:
        parts = []
        for key, label in (("dispatch-scenarios", "dispatch vs scenarios"),
                           ("lp-hours", "LP vs hours"), ("lp-years", "LP vs years")):
            e = (sc.get(key) or {}).get("time_exponent")
            if e is not None and math.isfinite(e):
                parts.append(f"{label} {e:.2f}")
        if parts:
            out.append("Growth exponents of time (log-log slope): " + ", ".join(parts) + ".")
    return [f"- {line}" for line in out]


def _machine_md(m: dict, loadavg_end) -> list[str]:
    v = m["versions"]
    vs = ", ".join(f"{k} {val}" for k, val in v.items() if val)
    mem = f"{m['memory_gib']:.0f} GiB" if m.get("memory_gib") else "?"
    return [
        f"- Machine: {m['cpu']}, {m['cpus_available']} of {m['logical_cpus']} logical CPUs "
        f"available, {mem} memory; {m['os']}; Python {m['python']}; numba threads "
        f"{m.get('numba', {}).get('threads', '?')}.",
        f"- Versions: {vs}.",
        f"- Date (UTC): {m['date_utc']}; load average (1, 5, 15 min) at start {m['loadavg_start']},"
        f" at end {loadavg_end} — the machine may be shared: compare ratios, not seconds.",
    ]


def markdown(results: dict, figure_name: str | None = None) -> str:
    """Write the whole report as Markdown."""
    mode = "quick" if results["quick"] else "full"
    lines = [
        "# parkbalance benchmarks",
        "",
        f"`{results['command']}` ({mode} mode, {results['total_s']:.0f} s). Every figure is a "
        "ratio or a time taken in this one run on this one machine; see docs/benchmarks.md for "
        "what each section measures and how to read it.",
        "",
        *_machine_md(results["machine"], results.get("loadavg_end")),
        "",
        "## Where parkbalance stands",
        "",
        *(headline(results["sections"]) or ["- (no section run)"]),
    ]
    for name, (module_name, title) in SECTIONS.items():
        if name not in results["sections"]:
            continue
        sec = results["sections"][name]
        lines += ["", f"## {title}", ""]
        if sec["error"]:
            lines.append(f"Failed after {sec['seconds']:.0f} s: {sec['error']}")
            continue
        module = importlib.import_module(module_name)
        if name == "scaling":
            body = module.markdown(sec["result"], figure_name)
        else:
            body = module.markdown(sec["result"])
        lines += [body, "", f"_(section took {sec['seconds']:.0f} s)_"]
    return "\n".join(lines) + "\n"


def run_suite(
    quick: bool = False,
    out: str | Path = DEFAULT_OUT,
    only: Sequence[str] | None = None,
    *,
    tiny: bool = False,
    command: str | None = None,
    progress: Callable[[str], None] | None = print,
) -> dict:
    """Run the sections and write ``results.json``, ``results.md`` and the scaling figure.

    Parameters
    ----------
    quick : bool
        The ``--quick`` configuration (a few minutes).
    out : str or Path
        Output directory.
    only : sequence of str, optional
        Sections to run (names of :data:`SECTIONS`); default all.
    tiny : bool
        The smallest configuration of every section (smoke test; figures meaningless). The
        ``sweep`` section has no tiny configuration and is left out.
    command : str, optional
        The command line to record; default ``python -m benchmarks`` with the options.
    progress : callable, optional
        Called with one line before and after each section (None = silent).

    Returns
    -------
    dict
        What ``results.json`` holds.
    """
    from simulator.core.io import write_json, write_text

    names = list(SECTIONS) if not only else list(dict.fromkeys(only))
    bad = [n for n in names if n not in SECTIONS]
    if bad:
        raise ValueError(f"unknown section(s) {', '.join(bad)}; choose from {', '.join(SECTIONS)}")
    names.sort(key=list(SECTIONS).index)
    if tiny and "sweep" in names and only is None:
        names.remove("sweep")
    out = Path(out)
    if command is None:
        parts = ["python", "-m", "benchmarks"] + (["--quick"] if quick else [])
        parts += ["--out", str(out)]
        if only:
            parts += ["--only", ",".join(names)]
        command = shlex.join(parts)
    results: dict = {"command": command, "quick": quick, "tiny": tiny, "machine": machine(),
                     "sections": {}}
    t0 = time.perf_counter()
    for name in names:
        if progress:
            progress(f"[bench] {SECTIONS[name][1]} ...")
        sec = _run_section(name, quick, tiny)
        results["sections"][name] = sec
        if progress:
            state = "failed: " + sec["error"] if sec["error"] else "done"
            progress(f"[bench] {name} {state} in {sec['seconds']:.0f} s")
    results["total_s"] = time.perf_counter() - t0
    results["loadavg_end"] = _loadavg()
    figure_name = None
    scaling = results["sections"].get("scaling")
    if scaling and scaling["result"]:
        from benchmarks.bench_scaling import figure

        if figure(scaling["result"], out / FIGURE) is not None:
            figure_name = FIGURE
    results = _clean(results)
    write_json(out / "results.json", results)
    write_text(out / "results.md", markdown(results, figure_name))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks``: parse the options, run, say where the results are."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run parkbalance's benchmark suite; write results.md and results.json.",
    )
    parser.add_argument("--quick", action="store_true", help="the few-minutes configuration")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--only", default=None, help=f"comma-separated sections of: {', '.join(SECTIONS)}"
    )
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()] if args.only else None
    argv_list = list(sys.argv[1:] if argv is None else argv)
    command = shlex.join(["python", "-m", "benchmarks", *argv_list])
    try:
        res = run_suite(args.quick, args.out, only, command=command)
    except ValueError as exc:
        parser.error(str(exc))
    failed = [n for n, s in res["sections"].items() if s["error"]]
    print(f"wrote {args.out / 'results.md'} and {args.out / 'results.json'}"
          + (f"; failed sections: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0
