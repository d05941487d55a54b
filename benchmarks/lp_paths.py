"""Five ways to build the sizing LP and hand it to HiGHS; one of them per process.

``python -m benchmarks.lp_paths PATH YEARS [HOURS] [--solve]`` builds the LP of the default park
(``ordos-low-carbon``) cut to ``YEARS`` years and ``HOURS`` hours per year
(:func:`benchmarks.util.lp_data`), hands it to HiGHS by ``PATH``, optionally solves it, and prints
one JSON line: ``build_s``, ``handoff_s``, rows, columns, non-zeros, ``peak_rss_mb`` (the whole
process), ``peak_above_start_mb`` (above the memory held after imports and data) and, with
``--solve``, ``objective`` and ``solve_s``. One process per measurement keeps the memory figures
of the paths apart (Python rarely gives memory back to the system); the peak is reset after the
imports and the data (``/proc/self/clear_refs``), so ``peak_above_start_mb`` is the path's own.

Paths (:data:`PATHS`):

``project``
    :func:`solvers.lp.build_model` (Pyomo) + :class:`solvers.highs.HighsDirect` (standard-form
    compiler, one ``passModel``): what ``parkbalance size`` does.
``pyomo``
    The same Pyomo model through Pyomo's generic persistent HiGHS interface
    (``pyomo.contrib.solver``, ``set_instance``).
``lpfile``
    The same Pyomo model written to a CPLEX LP file (``model.write``) and read by
    ``Highs.readModel``.
``linopy``
    The same equations written with linopy (variables over ``(year, hour)`` coordinates,
    vectorised constraints; the modelling layer of PyPSA), handed over by ``Model.to_highspy``.
``floor``
    :func:`benchmarks.lp_floor.build_floor`: numpy + scipy.sparse, one ``passModel``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import tempfile
import time
from collections.abc import Callable

import numpy as np

from benchmarks.util import HOURS_PER_YEAR, lp_data, peak_rss_mb, reset_peak_rss, rss_mb

__all__ = ["PATHS", "build_linopy", "measure"]

#: Paths in the order the benchmark runs them; "floor" is the reference of every ratio.
PATHS = ("project", "pyomo", "lpfile", "linopy", "floor")

#: What each path is, for tables.
PATH_LABELS = {
    "project": "parkbalance: Pyomo model + direct hand-off (standard-form compiler, passModel)",
    "pyomo": "Pyomo, generic persistent HiGHS interface (pyomo.contrib.solver)",
    "lpfile": "Pyomo written to an LP file, read by Highs.readModel",
    "linopy": "linopy, same equations, Model.to_highspy",
    "floor": "numpy + scipy.sparse assembly, one passModel (floor)",
}


def _quiet(h) -> None:
    h.setOptionValue("output_flag", False)


def _project(data) -> tuple[float, float, object, float]:
    from solvers.highs import HighsDirect
    from solvers.lp import build_model

    t0 = time.perf_counter()
    model = build_model(data)
    t1 = time.perf_counter()
    direct = HighsDirect(model)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, (direct.highs, model, direct), 0.0


def _pyomo(data) -> tuple[float, float, object, float]:
    import highspy
    from pyomo.contrib.solver.solvers.highs import Highs as PyomoHighs

    from solvers.lp import build_model

    highspy.Highs()  # load the library before timing
    t0 = time.perf_counter()
    model = build_model(data)
    t1 = time.perf_counter()
    opt = PyomoHighs()
    opt.set_instance(model)
    t2 = time.perf_counter()
    h = opt._solver_model
    _quiet(h)
    return t1 - t0, t2 - t1, (h, model, opt), 0.0


def _lpfile(data) -> tuple[float, float, object, float]:
    import highspy

    from solvers.lp import build_model

    h = highspy.Highs()
    _quiet(h)
    fd, path = tempfile.mkstemp(prefix="pb-bench-", suffix=".lp")
    os.close(fd)
    try:
        t0 = time.perf_counter()
        model = build_model(data)
        t1 = time.perf_counter()
        model.write(path, io_options={"symbolic_solver_labels": False})
        h.readModel(path)
        t2 = time.perf_counter()
    finally:
        os.unlink(path)
    return t1 - t0, t2 - t1, (h, model), 0.0


def build_linopy(data):
    """Write the cost LP of docs/model.md §5 with linopy; return ``(model, objective offset)``.

    Variables are indexed by ``(year, hour)`` (``cap`` by ``(asset, year)``); every hourly family
    is one vectorised constraint. The objective's constant (existing capacity costs nothing) is
    returned apart and added to HiGHS's objective value by the caller.
    """
    import linopy

    m = linopy.Model()
    ix = _LinopyIndex(data)
    v = _linopy_variables(m, data, ix)
    _linopy_hourly(m, data, v, ix)
    _linopy_yearly(m, data, v, ix)
    return m, _linopy_objective(m, data, v, ix)


class _LinopyIndex:
    """Coordinates of the linopy model: year, hour, asset, and arrays laid out on them."""

    def __init__(self, data) -> None:
        import pandas as pd

        from solvers.lp import ASSETS

        self.Y = pd.RangeIndex(data.years, name="year")
        self.T = pd.RangeIndex(data.hours, name="hour")
        self.A = pd.Index(list(ASSETS), name="asset")

    def yt(self, a: np.ndarray):
        """Lay an array (years, hours) out as a DataArray."""
        import xarray as xr

        return xr.DataArray(np.asarray(a, dtype=float), coords=[self.Y, self.T])

    def ay(self, a: np.ndarray):
        """Lay an array (assets, years) out as a DataArray."""
        import xarray as xr

        return xr.DataArray(np.asarray(a, dtype=float), coords=[self.A, self.Y])


def _linopy_variables(m, data, ix: _LinopyIndex) -> dict:
    """Variables by the names of docs/model.md (absent ones are None) and W, S, E, P."""
    ny = data.years
    cap = m.add_variables(
        lower=ix.ay(np.repeat(data.existing[:, None], ny, 1)),
        upper=ix.ay(np.repeat(data.maximum[:, None], ny, 1)),
        name="cap",
    )

    def hourly(name: str, lower: float = 0.0, upper: float = np.inf):
        return m.add_variables(lower=lower, upper=upper, coords=[ix.Y, ix.T], name=name)

    v = {"cap": cap, "d": hourly("direct_mw"), "k": hourly("curtailed_mw")}
    v["u"] = hourly("unserved_mw")
    v["e"] = hourly("export_mw", 0.0, data.export_max_mw) if data.has_export else None
    coal_min = data.coal_min_load_share * data.coal_mw
    v["g"] = hourly("coal_mw", coal_min, data.coal_mw) if data.has_coal else None
    v["i"] = hourly("import_mw", 0.0, data.import_max_mw) if data.has_import else None
    storage = data.has_storage
    for key, name in (("c", "charge_mw"), ("q", "discharge_mw"), ("soc", "soc_mwh")):
        v[key] = hourly(name) if storage else None
    for key, asset in (("W", "wind_mw"), ("S", "solar_mw"), ("E", "storage_mwh")):
        v[key] = cap.sel(asset=asset, drop=True)
    v["P"] = cap.sel(asset="storage_mw", drop=True)
    return v


def _linopy_hourly(m, data, v: dict, ix: _LinopyIndex) -> None:
    """``renewable_split``, ``balance`` and the storage families."""
    split = v["d"] + v["k"] - ix.yt(data.wind_cf) * v["W"] - ix.yt(data.solar_cf) * v["S"]
    supply = v["d"] + v["u"]
    if data.has_storage:
        split = split + v["c"]
        supply = supply + v["q"]
    if v["e"] is not None:
        split = split + v["e"]
    for extra in (v["g"], v["i"]):
        if extra is not None:
            supply = supply + extra
    m.add_constraints(split == 0, name="renewable_split")
    m.add_constraints(supply == ix.yt(data.load_mw), name="balance")
    if not data.has_storage:
        return
    c, q, soc, E, P = v["c"], v["q"], v["soc"], v["E"], v["P"]
    keep = 1.0 - data.self_discharge_per_hour
    m.add_constraints(
        soc
        - keep * soc.roll(hour=1)
        - data.charge_efficiency * c
        + (1.0 / data.discharge_efficiency) * q
        == 0,
        name="storage_soc",
    )
    if data.min_soc > 0:
        m.add_constraints(soc - data.min_soc * E >= 0, name="soc_min")
    m.add_constraints(soc - E <= 0, name="soc_max")
    m.add_constraints(c - P <= 0, name="charge_max")
    m.add_constraints(q - P <= 0, name="discharge_max")


def _linopy_yearly(m, data, v: dict, ix: _LinopyIndex) -> None:
    """``capacity_nondecreasing``, ``target``, ``utilisation_min`` and the storage minimum."""
    import pandas as pd
    import xarray as xr

    ny, cap, W, S = data.years, v["cap"], v["W"], v["S"]
    if ny > 1:
        later = pd.RangeIndex(1, ny, name="year")
        m.add_constraints(
            cap.sel(year=later) - cap.shift(year=1).sel(year=later) >= 0,
            name="capacity_nondecreasing",
        )
    w = ix.yt(data.weight)
    target_years = [y for y in range(ny) if np.isfinite(data.target_share[y])]
    if target_years:
        re = v["d"] + v["q"] if data.has_storage else 1 * v["d"]
        lhs = (w * re).sum("hour").sel(year=target_years)
        rhs = xr.DataArray(
            data.target_share[target_years] * data.weighted_load_mwh()[target_years],
            coords=[pd.Index(target_years, name="year")],
        )
        m.add_constraints(lhs >= rhs, name="target")
    if data.min_renewable_utilisation is not None:
        share_out = 1.0 - data.min_renewable_utilisation
        wsum = xr.DataArray((data.weight * data.wind_cf).sum(axis=1), coords=[ix.Y])
        ssum = xr.DataArray((data.weight * data.solar_cf).sum(axis=1), coords=[ix.Y])
        m.add_constraints(
            (w * v["k"]).sum("hour") - share_out * wsum * W - share_out * ssum * S <= 0,
            name="utilisation_min",
        )
    if data.storage_min_share > 0:
        sh, hrs = data.storage_min_share, data.storage_min_hours
        if hrs > 0:
            m.add_constraints(
                v["E"] - sh * hrs * W - sh * hrs * S >= 0, name="storage_energy_min"
            )
        m.add_constraints(v["P"] - sh * W - sh * S >= 0, name="storage_power_min")


def _linopy_objective(m, data, v: dict, ix: _LinopyIndex) -> float:
    """Add the discounted cost; return its constant (existing capacity costs nothing)."""
    from solvers.lp import annualised_cost_per_unit, discount_factors

    df = discount_factors(data)
    kcap = annualised_cost_per_unit(data)
    dw = df[:, None] * data.weight
    obj = (ix.ay(kcap[:, None] * df[None, :]) * v["cap"]).sum()
    price = data.import_price_per_mwh[data.hour_of_day][None, :]
    for var, cost in (
        (v["i"], dw * price),
        (v["g"], dw * data.coal_fuel_cost_per_mwh),
        (v["e"], -dw * data.export_price_per_mwh),
        (v["u"], dw * data.voll_per_mwh),
    ):
        if var is not None and np.any(cost):
            obj = obj + (ix.yt(cost) * var).sum()
    m.add_objective(obj)
    return -float(np.sum(df) * np.dot(kcap, data.existing))


def _linopy(data) -> tuple[float, float, object, float]:
    import highspy
    import linopy  # noqa: F401  (import time is not build time)

    highspy.Highs()
    t0 = time.perf_counter()
    m, offset = build_linopy(data)
    t1 = time.perf_counter()
    h = m.to_highspy()
    t2 = time.perf_counter()
    _quiet(h)
    return t1 - t0, t2 - t1, (h, m), offset


def _floor(data) -> tuple[float, float, object, float]:
    import highspy

    from benchmarks.lp_floor import build_floor, to_highs

    h = highspy.Highs()
    _quiet(h)
    t0 = time.perf_counter()
    lp = build_floor(data)
    t1 = time.perf_counter()
    to_highs(lp, h)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, (h, lp), 0.0


_RUNNERS: dict[str, Callable] = {
    "project": _project,
    "pyomo": _pyomo,
    "lpfile": _lpfile,
    "linopy": _linopy,
    "floor": _floor,
}


def _preload(path: str) -> None:
    """Import what a path needs before the memory baseline and the clock start."""
    import highspy  # noqa: F401
    import scipy.sparse  # noqa: F401

    import solvers.highs  # noqa: F401
    import solvers.lp  # noqa: F401

    if path == "pyomo":
        import pyomo.contrib.solver.solvers.highs  # noqa: F401
    if path == "linopy":
        import linopy  # noqa: F401
        import xarray  # noqa: F401


def measure(path: str, years: int, hours: int = HOURS_PER_YEAR, solve: bool = False) -> dict:
    """Build the LP by ``path``, hand it to HiGHS, optionally solve; return the figures.

    Run it in a fresh process (``python -m benchmarks.lp_paths``) for clean memory figures.
    """
    if path not in _RUNNERS:
        raise ValueError(f"path must be one of {', '.join(PATHS)}")
    _preload(path)
    data = lp_data(years, hours)
    gc.collect()
    reset_peak_rss()
    start = rss_mb()
    build_s, handoff_s, keep, offset = _RUNNERS[path](data)
    h = keep[0]
    out = {
        "path": path,
        "years": years,
        "hours": hours,
        "build_s": build_s,
        "handoff_s": handoff_s,
        "total_s": build_s + handoff_s,
        "rows": int(h.getNumRow()),
        "columns": int(h.getNumCol()),
        "nonzeros": int(h.getNumNz()),
        "rss_start_mb": start,
    }
    out["peak_rss_mb"] = peak_rss_mb()
    out["peak_above_start_mb"] = out["peak_rss_mb"] - start
    if solve:
        h.setOptionValue("threads", 1)
        h.run()
        info = h.getInfo()
        out["model_status"] = h.modelStatusToString(h.getModelStatus())
        out["objective"] = float(info.objective_function_value) + offset
        out["solve_s"] = float(h.getRunTime())
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", choices=PATHS)
    parser.add_argument("years", type=int)
    parser.add_argument("hours", type=int, nargs="?", default=HOURS_PER_YEAR)
    parser.add_argument("--solve", action="store_true", help="also solve and report the objective")
    args = parser.parse_args(argv)
    res = measure(args.path, args.years, args.hours, args.solve)
    print(json.dumps(res))
    return res


if __name__ == "__main__":
    main()
