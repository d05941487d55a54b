"""Costs of the designs of a dispatch sweep, and the choice of the optimised parameters.

The sweep's scenario, the annualised cost of every design (:func:`design_costs`), which designs
pass every rule, and at each point of the axes the cheapest value of the other parameters that
meets the year's target.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.core.errors import InputError
from simulator.report.inputs import _share_var
from simulator.report.sweep_axes import (
    _CAPS,
    _TOL,
    SweepView,
    _grid_dims,
)

if TYPE_CHECKING:  # pragma: no cover
    from simulator.core.scenario import Scenario

__all__ = ["design_costs"]

# ---- scenario and costs --------------------------------------------------------------------------


def _sweep_scenario(ds: Any) -> Scenario | None:
    """Return the scenario of a sweep: embedded TOML, else the built-in scenario of that name."""
    from simulator.core.scenario import builtin_scenarios, load_scenario, scenario_from_dict

    text = ds.attrs.get("scenario_toml")
    try:
        if isinstance(text, str) and text.strip():
            return scenario_from_dict(tomllib.loads(text), None)
        name = str(ds.attrs.get("scenario") or "")
        if name in builtin_scenarios():
            return load_scenario(builtin_scenarios()[name])
    except (InputError, tomllib.TOMLDecodeError):
        return None
    return None


def design_costs(ds: Any, sc: Scenario) -> Any:
    """Annualised cost of every design of a dispatch sweep [currency/yr], over the grid dims.

    (annuity + fixed O&M share) × capex of the capacity above the scenario's existing capacity,
    plus the yearly energy costs of the dispatch (import at the — mean — tariff, coal fuel,
    unserved energy at the value of lost load, minus export revenue), averaged over years and
    weather years.
    """
    import xarray as xr

    from solvers.lp import annuity_factor

    r = sc.finance.discount_rate
    st = sc.store
    per_unit = {
        "wind_mw": (sc.wind, sc.wind.capex_per_kw * 1e3, sc.wind.existing_mw),
        "solar_mw": (sc.solar, sc.solar.capex_per_kw * 1e3, sc.solar.existing_mw),
        "storage_mwh": (st, st.capex_per_kwh * 1e3, st.existing_mwh),
        "storage_mw": (st, st.capex_per_kw * 1e3, st.existing_mw),
    }
    grid = _grid_dims(ds)
    total = xr.zeros_like(ds[_share_var(ds)].isel(year=0, drop=True), dtype=float)
    if "weather_year" in total.dims:
        total = total.isel(weather_year=0, drop=True)
    for name, (asset, capex, existing) in per_unit.items():
        if name not in grid:
            continue  # the sweep keeps the existing capacity: no new cost
        k = (float(annuity_factor(r, asset.lifetime_years)) + asset.fixed_om_share) * capex
        total = total + k * np.maximum(0.0, ds[name] - existing)
    price = float(np.mean(sc.grid.import_price_by_hour()))
    energy = 0.0
    if "import_mwh" in ds:
        energy = energy + price * ds["import_mwh"]
    if "coal_mwh" in ds and sc.coal is not None:
        energy = energy + sc.coal.fuel_cost_per_mwh * ds["coal_mwh"]
    if "export_mwh" in ds:
        energy = energy - sc.grid.export_price_per_mwh * ds["export_mwh"]
    if "unserved_mwh" in ds:
        energy = energy + sc.policy.voll_per_mwh * ds["unserved_mwh"]
    if not isinstance(energy, float):
        dims = [d for d in ("year", "weather_year") if d in energy.dims]
        total = total + energy.mean(dims)
    return total.transpose(*grid)


def _passes_rules(ds: Any, sc: Scenario | None, share: Any) -> Any:
    """Whether each design meets every year's target and the scenario's policy rules."""
    target = ds["target_share"] if "target_share" in ds else None
    ok = (share >= target - _TOL).all("year") if target is not None else share.notnull().all("year")
    if sc is not None:
        pol = sc.policy
        if pol.min_renewable_utilisation is not None and "renewable_utilisation" in ds:
            util = ds["renewable_utilisation"]
            if "weather_year" in util.dims:
                util = util.mean("weather_year")
            ok = ok & (util >= pol.min_renewable_utilisation - _TOL).all("year")
        if pol.storage_min_share > 0:
            caps = {k: (ds[k] if k in ds.coords else _existing(sc, k)) for k in _CAPS}
            re_mw = caps["wind_mw"] + caps["solar_mw"]
            ok = ok & (caps["storage_mw"] >= pol.storage_min_share * re_mw - 1e-6)
            if pol.storage_min_hours > 0:
                need = pol.storage_min_share * pol.storage_min_hours * re_mw
                ok = ok & (caps["storage_mwh"] >= need - 1e-6)
    return ok


def _existing(sc: Scenario, k: str) -> float:
    return {
        "wind_mw": sc.wind.existing_mw,
        "solar_mw": sc.solar.existing_mw,
        "storage_mwh": sc.store.existing_mwh,
        "storage_mw": sc.store.existing_mw,
    }[k]


# ---- optimisation over the other axes ------------------------------------------------------------


@dataclass
class _Optimised:
    """The share (and P) of the design chosen at each (y, x) point of each year."""

    share: np.ndarray  # (year, ny, nx)
    prob: np.ndarray | None  # (year, ny, nx)
    chosen: list[dict[str, np.ndarray]]  # per year: optimised dim -> (ny, nx) values
    cost_all: np.ndarray | None  # (ny, nx): cheapest design meeting every year's target


def _optimise(
    ds: Any, view: SweepView, share: Any, cost: Any | None, prob: Any | None
) -> _Optimised:
    """Pick the other parameters at each point: cheapest that meets the target, else best share."""
    sel = {d: v for d, v in view.fixed.items() if d in share.dims}
    share = share.sel(sel)
    dims_xy = [d for d in (view.y, view.x) if d is not None]
    opt = view.optimised
    order = [*dims_xy, *opt, "year"]
    s = np.asarray(share.transpose(*order).values, dtype=float)
    shape_xy = s.shape[: len(dims_xy)]
    k = int(np.prod(s.shape[len(dims_xy) : -1])) if opt else 1
    s = s.reshape(*shape_xy, k, s.shape[-1])
    if cost is not None:
        c = np.asarray(cost.sel(sel).transpose(*dims_xy, *opt).values, dtype=float)
        c = c.reshape(*shape_xy, k)
    else:
        # no costs: the smallest design (sum of the optimised parameters' indices)
        idx = np.indices([ds.sizes[d] for d in opt]).reshape(len(opt), -1).sum(0) if opt else [0]
        c = np.broadcast_to(np.asarray(idx, dtype=float), (*shape_xy, k))
    p = None
    if prob is not None:
        p = np.asarray(prob.sel(sel).transpose(*order).values, dtype=float)
        p = p.reshape(*shape_xy, k, s.shape[-1])
    targets = np.array(
        [_target(ds, y) if _target(ds, y) is not None else -np.inf for y in view.years] or [-np.inf]
    )
    meets = s >= targets - _TOL
    best_share = np.nanargmax(np.where(np.isfinite(s), s, -np.inf), axis=-2)
    cheapest = np.argmin(np.where(meets, c[..., None], np.inf), axis=-2)
    idx = np.where(meets.any(axis=-2), cheapest, best_share)  # (*xy, year)
    out_share = np.take_along_axis(s, idx[..., None, :], axis=-2)[..., 0, :]
    out_p = np.take_along_axis(p, idx[..., None, :], axis=-2)[..., 0, :] if p is not None else None
    all_ok = meets.all(axis=-1)  # (*xy, k)
    cost_all = None
    if cost is not None:
        cc = np.where(all_ok, c, np.inf).min(axis=-1)
        cost_all = np.where(np.isfinite(cc), cc, np.nan)
    chosen = []
    opt_vals = [np.asarray(ds[d].values, dtype=float) for d in opt]
    for t in range(s.shape[-1]):
        flat = idx[..., t]
        unr = np.unravel_index(flat, [ds.sizes[d] for d in opt]) if opt else ()
        chosen.append({d: vals[i] for d, vals, i in zip(opt, opt_vals, unr, strict=True)})
    return _Optimised(
        np.moveaxis(out_share, -1, 0),
        None if out_p is None else np.moveaxis(out_p, -1, 0),
        chosen,
        cost_all,
    )


def _target(ds: Any, year: int | None) -> float | None:
    if "target_share" not in ds:
        return None
    t = ds["target_share"]
    if year is not None and "year" in t.dims:
        t = t.sel(year=year)
    vals = np.asarray(t.values, dtype=float).ravel()
    vals = vals[np.isfinite(vals)]
    return float(vals[0]) if vals.size else None


def _mean_share(ds: Any) -> Any:
    share = ds[_share_var(ds)]
    return share.mean("weather_year") if "weather_year" in share.dims else share


def _prob(ds: Any) -> Any | None:
    if "p_meets_target" in ds.data_vars:
        return ds["p_meets_target"]
    if "meets_target" in ds.data_vars and "weather_year" in ds["meets_target"].dims:
        return ds["meets_target"].astype(float).mean("weather_year")
    return None
