"""Sweep pages of the planner's report: dispatch sweeps and LP sweeps (``parkbalance sweep*``).

Dispatch sweeps (``parkbalance sweep``)
    For two chosen swept parameters (the first two by default, ``axes``), the renewable share per
    year as filled contours with the year's target as a thick contour. Every other swept
    parameter is either held at a value the user chose (``fixed``) or **optimised**: at each
    point the cheapest value of the other parameters that meets the year's target (where none
    does, the value with the largest share); they are never silently held at their first value.
    The cost of a design is its annualised cost [currency/yr]: for capacity above the scenario's
    existing capacity, (annuity factor + fixed O&M share) × capex, plus the energy costs of the
    sweep's yearly sums (grid import at the scenario's tariff — the mean of a time-of-use tariff —,
    captive coal fuel, unserved energy at the value of lost load, minus export revenue), averaged
    over the years (and weather years). The page also shows the annualised cost of the cheapest
    design that meets every year's target at each point, the cost-versus-share frontier of all
    designs with those that pass every rule marked, the cheapest passing designs, and P(target
    met) where weather years were run.

LP sweeps (``parkbalance sweep-size``)
    The objective, the capacities of every year and the shares (LP and simulated) against the
    varied parameter, one line per year with its own marker and dash style; a table of every
    point; and, with several varied parameters, a tornado chart of the objective (each parameter
    from its lowest to its highest value with the others at their base value).

The scenario (costs, policy) is the one embedded in the sweep (``attrs["scenario_toml"]``) when
present, else the built-in scenario of that name; without it the page says that costs are not
known and optimises by the smallest design instead.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.errors import InputError
from simulator.report_figures import _heat_years, _legend_right, _new_figure
from simulator.report_format import MONEY_UNIT_SCALE, money, money_in_unit, money_unit, num, pct
from simulator.report_i18n import tr
from simulator.report_inputs import _dim_label, _share_var
from simulator.report_page import Page, esc
from simulator.report_sections import _footer, _header, _how_to_read
from simulator.report_summary import _when

if TYPE_CHECKING:  # pragma: no cover
    from simulator.report_inputs import ReportInputs
    from simulator.scenario import Scenario

__all__ = ["SweepView", "choose_axes", "design_costs", "render_sweep"]

_CAPS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
#: A share within this of its target meets it (as simulator.kpis.SHARE_TOLERANCE).
_TOL = 1e-9
#: Marker and dash style of the lines of each year (distinguishable in black and white).
_YEAR_STYLES = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-."), ("v", (0, (5, 1))), ("P", "-")]


def _is_lp_sweep(ds: Any) -> bool:
    return "objective" in ds.data_vars and "lp_renewable_share" in ds.data_vars


def _grid_dims(ds: Any) -> list[str]:
    share = ds[_share_var(ds)]
    return [d for d in share.dims if d not in ("year", "weather_year")]


def _swept(ds: Any) -> list[str]:
    grid = _grid_dims(ds)
    swept = [d for d in grid if ds.sizes[d] > 1]
    return swept or grid[:1]


@dataclass
class SweepView:
    """How a sweep is shown.

    Attributes
    ----------
    x, y : str, str or None
        Parameters on the horizontal and vertical axes.
    fixed : dict
        Parameters held at a value (chosen by the user, or of a single value).
    optimised : list of str
        Parameters chosen at each point (cheapest design that meets the target).
    years : list of int
    n_weather : int
    """

    x: str
    y: str | None
    fixed: dict[str, float] = field(default_factory=dict)
    optimised: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    n_weather: int = 1


def choose_axes(
    ds: Any, axes: Sequence[str] | None = None, fixed: dict[str, float] | None = None
) -> SweepView:
    """Check ``axes`` and ``fixed`` against the sweep and return the view.

    Raises
    ------
    InputError
        An axis or fixed parameter that is not swept, the same one twice, or a fixed value that
        is not one of the swept values.
    """
    grid = _grid_dims(ds)
    swept = _swept(ds)
    fixed = dict(fixed or {})
    for name, value in fixed.items():
        if name not in grid:
            raise InputError("--fix", name, f"not a swept parameter (swept: {', '.join(grid)})")
        vals = np.asarray(ds[name].values, dtype=float)
        hit = np.isclose(vals, float(value), rtol=1e-9, atol=1e-9)
        if not hit.any():
            shown = ", ".join(f"{v:g}" for v in vals[:12])
            raise InputError("--fix", name, f"{value:g} is not a swept value (values: {shown})")
        fixed[name] = float(vals[np.argmax(hit)])
    if axes:
        axes = list(axes)
        for a in axes:
            if a not in grid:
                raise InputError("--axes", a, f"not a swept parameter (swept: {', '.join(grid)})")
            if a in fixed:
                raise InputError("--axes", a, "is also given to --fix")
        if len(axes) > 2 or len(set(axes)) != len(axes):
            raise InputError("--axes", None, "give one or two different swept parameters")
        x, y = axes[0], (axes[1] if len(axes) > 1 else None)
    else:
        free = [d for d in swept if d not in fixed]
        if not free:
            raise InputError("--fix", None, "leaves no swept parameter for the axes")
        x, y = free[0], (free[1] if len(free) > 1 else None)
    for d in grid:
        if d not in (x, y) and d not in fixed and ds.sizes[d] == 1:
            fixed[d] = float(np.asarray(ds[d].values, dtype=float)[0])
    optimised = [d for d in grid if d not in (x, y) and d not in fixed]
    share = ds[_share_var(ds)]
    years = [int(v) for v in ds["year"].values] if "year" in share.dims else []
    n_weather = int(share.sizes.get("weather_year", 1))
    return SweepView(x, y, fixed, optimised, years, n_weather)


# ---- scenario and costs --------------------------------------------------------------------------


def _sweep_scenario(ds: Any) -> Scenario | None:
    """Return the scenario of a sweep: embedded TOML, else the built-in scenario of that name."""
    from simulator.scenario import builtin_scenarios, load_scenario, scenario_from_dict

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
    st = sc.storage
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
        "storage_mwh": sc.storage.existing_mwh,
        "storage_mw": sc.storage.existing_mw,
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


# ---- figures -------------------------------------------------------------------------------------


def _thousands(axis: Any) -> None:
    """Tick labels with thousands separators (``188,468``)."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def _panel_grid(n: int) -> tuple[int, int]:
    cols = n if n <= 3 else 2
    return (n + cols - 1) // cols, cols


def _fig_contour(ds: Any, view: SweepView, fields: np.ndarray, lang: str, prob: bool) -> Any:
    """One panel per year (at most four) of a field (year, ny, nx) in [0, 1]."""
    years = _heat_years(view.years) if view.years else [None]
    index = {y: i for i, y in enumerate(view.years)} if view.years else {None: 0}
    rows, cols = _panel_grid(len(years))
    height = 0.6 + (3.6 if cols < 3 else 3.0) * rows
    fig = _new_figure(10, height)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    fig.subplots_adjust(
        left=0.08,
        right=0.88,
        bottom=0.55 / height + 0.02,
        top=1 - 0.35 / height,
        hspace=0.45,
        wspace=0.3 if cols < 3 else 0.38,
    )
    levels = np.linspace(0, 100, 21)
    cs = None
    xv = np.asarray(ds[view.x].values, dtype=float)
    yv = np.asarray(ds[view.y].values, dtype=float)
    for a, year in zip(axes, years, strict=False):
        z = fields[index[year]] * 100
        cs = a.contourf(xv, yv, z, levels=levels, cmap="RdYlGn" if prob else "viridis")
        xx, yy = np.meshgrid(xv, yv)
        if xx.size <= 2500:  # the computed points; a dense grid speaks for itself
            a.scatter(xx.ravel(), yy.ravel(), s=4, color="white", edgecolor="none", alpha=0.7)
        t = _target(ds, year)
        level = 50.0 if prob else (None if t is None else t * 100)
        note = ""
        if level is not None:
            finite = z[np.isfinite(z)]
            if finite.size and finite.min() < level < finite.max():
                line = a.contour(xv, yv, z, levels=[level], colors="black", linewidths=2.6)
                label = f"{level:.0f}%" if prob else tr("target_line", lang, v=f"{level:.1f}%")
                a.clabel(line, fmt={line.levels[0]: label}, fontsize=8, inline=True)
            elif finite.size and finite.min() >= level:
                note = tr("target_everywhere", lang, v=f"{level:.1f}%")
            elif finite.size:
                note = tr("target_nowhere", lang, v=f"{level:.1f}%")
        if note:
            box = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 2}
            a.text(0.02, 0.03, note, transform=a.transAxes, fontsize=8, bbox=box)
        a.set_xlabel(_dim_label(view.x, lang))
        a.set_ylabel(_dim_label(view.y, lang))
        a.grid(False)
        if year is not None:
            a.set_title(str(year), loc="left", fontweight="bold")
    for a in axes[len(years) :]:
        a.set_visible(False)
    last = axes[min(len(years), len(axes)) - 1]
    cax = fig.add_axes(
        (0.9, last.get_position().y0, 0.015, axes[0].get_position().y1 - last.get_position().y0)
    )
    cb = fig.colorbar(cs, cax=cax)
    cb.set_label(tr("ax_probability" if prob else "ax_share", lang))
    return fig


def _fig_chosen(ds: Any, view: SweepView, opt: _Optimised, lang: str) -> Any:
    """Value of each optimised parameter chosen at each point in the last year (at most two)."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    dims = view.optimised[:2]
    fig = _new_figure(10, 4.2)
    axes = np.atleast_1d(fig.subplots(1, len(dims), squeeze=False)).ravel()
    fig.subplots_adjust(left=0.08, right=0.92, bottom=0.14, top=0.9, wspace=0.45)
    xv = np.asarray(ds[view.x].values, dtype=float)
    yv = np.asarray(ds[view.y].values, dtype=float)
    chosen = opt.chosen[-1]
    for a, d in zip(axes, dims, strict=True):
        vals = np.asarray(ds[d].values, dtype=float)
        z = chosen[d]
        edges = np.concatenate([[vals[0] - 0.5], (vals[:-1] + vals[1:]) / 2, [vals[-1] + 0.5]])
        base = __import__("matplotlib").colormaps["viridis"]
        cmap = ListedColormap(base(np.linspace(0.1, 0.95, max(2, vals.size)))[: vals.size])
        norm = BoundaryNorm(edges, ncolors=cmap.N)
        mesh = a.pcolormesh(xv, yv, z, shading="nearest", cmap=cmap, norm=norm, rasterized=True)
        cb = fig.colorbar(
            mesh, ax=a, fraction=0.06, pad=0.03, ticks=vals if vals.size <= 12 else None
        )
        cb.set_label(_dim_label(d, lang))
        a.set_xlabel(_dim_label(view.x, lang))
        a.set_ylabel(_dim_label(view.y, lang))
        a.set_title(_dim_label(d, lang), loc="left", fontsize=10)
        a.grid(False)
    return fig


def _fig_cost_map(ds: Any, view: SweepView, cost: np.ndarray, lang: str, cur: str) -> Any:
    """Annualised cost of the cheapest design that meets every year's target, over (x, y)."""
    fig = _new_figure(10, 4.6)
    a = fig.subplots()
    fig.subplots_adjust(left=0.09, right=0.84, bottom=0.13, top=0.95)
    xv = np.asarray(ds[view.x].values, dtype=float)
    yv = np.asarray(ds[view.y].values, dtype=float)
    z = cost / MONEY_UNIT_SCALE[lang]
    finite = z[np.isfinite(z)]
    xx, yy = np.meshgrid(xv, yv)
    if finite.size:
        lo, hi = float(finite.min()), float(finite.max())
        from matplotlib.colors import BoundaryNorm
        from matplotlib.ticker import MaxNLocator

        levels = MaxNLocator(nbins=15).tick_values(lo, hi if hi > lo else lo + 1.0)
        cmap = __import__("matplotlib").colormaps["magma_r"].with_extremes(bad="#d9d9d9")
        norm = BoundaryNorm(levels, ncolors=cmap.N)
        # one cell per computed point, no interpolation: every colour is a computed cost
        cs = a.pcolormesh(
            xv,
            yv,
            np.ma.masked_invalid(z),
            shading="nearest",
            cmap=cmap,
            norm=norm,
            rasterized=True,
        )
        cb = fig.colorbar(cs, ax=a, fraction=0.05, pad=0.02)
        cb.set_label(tr("ax_cost", lang, unit=money_unit(lang, cur, per_year=True)))
        _thousands(cb.ax.yaxis)
        ib = np.unravel_index(np.nanargmin(z), z.shape)
        a.scatter(
            [xv[ib[1]]],
            [yv[ib[0]]],
            marker="*",
            s=220,
            color="#00a0ff",
            zorder=4,
            edgecolor="black",
            label=tr("s_cheapest", lang),
        )
        a.legend(loc="upper right", frameon=True, fontsize=8)
    bad = ~np.isfinite(z)
    if bad.any():
        if not finite.size:
            a.pcolormesh(xv, yv, bad.astype(float), shading="nearest", cmap="Greys", vmin=0, vmax=6)
        if bad.sum() <= 2500:
            a.scatter(xx[bad], yy[bad], marker="x", s=14, color="#8c8c8c", linewidths=0.7)
    a.set_xlabel(_dim_label(view.x, lang))
    a.set_ylabel(_dim_label(view.y, lang))
    a.grid(False)
    return fig


def _fig_frontier(
    cost: np.ndarray, last_share: np.ndarray, passes: np.ndarray, lang: str, cur: str, year: int
) -> Any:
    """Every design: annualised cost against the last year's share; passing ones marked."""
    fig = _new_figure(10, 4.4)
    a = fig.subplots()
    fig.subplots_adjust(left=0.09, right=0.76, bottom=0.13, top=0.95)
    x = cost / MONEY_UNIT_SCALE[lang]
    y = last_share * 100
    many = x.size > 3000  # drawn as an image inside the SVG, so the page stays small
    a.scatter(
        x[~passes],
        y[~passes],
        s=10,
        color="#9a9a9a",
        alpha=0.6,
        label=tr("s_fails", lang),
        rasterized=many,
    )
    a.scatter(
        x[passes],
        y[passes],
        s=14,
        color="#1a7f37",
        alpha=0.85,
        label=tr("s_passes", lang),
        rasterized=many,
    )
    order = np.argsort(x)
    fx, fy, best = [], [], -np.inf
    for i in order:  # the frontier: no cheaper design has a higher share
        if np.isfinite(y[i]) and y[i] > best:
            best = y[i]
            fx.append(x[i])
            fy.append(y[i])
    a.plot(
        fx, fy, drawstyle="steps-post", color="black", linewidth=1.3, label=tr("s_frontier", lang)
    )
    if passes.any():
        i = np.flatnonzero(passes)[np.argmin(x[passes])]
        a.scatter(
            [x[i]],
            [y[i]],
            marker="*",
            s=240,
            color="#00a0ff",
            edgecolor="black",
            zorder=4,
            label=tr("s_cheapest", lang),
        )
    a.set_xlabel(tr("ax_cost", lang, unit=money_unit(lang, cur, per_year=True)))
    _thousands(a.xaxis)
    a.set_ylabel(tr("ax_share_year", lang, year=year))
    a.set_ylim(0, 100)
    _legend_right(a)
    return fig


def _fig_lines(
    ds: Any,
    view: SweepView,
    fields: dict[str, np.ndarray],
    lang: str,
    ylabel: str,
    targets: bool,
) -> Any:
    """Fields (year, nx) against x: one panel per field, one line per year (own marker, dash)."""
    from matplotlib.lines import Line2D

    n = len(fields)
    fig = _new_figure(10, 4.0)
    axes = np.atleast_1d(fig.subplots(1, n, sharey=True, squeeze=False)).ravel()
    fig.subplots_adjust(left=0.09, right=0.8, bottom=0.13, top=0.92 if n > 1 else 0.95, wspace=0.1)
    xv = np.asarray(ds[view.x].values, dtype=float)
    years = view.years or [None]
    cmap = __import__("matplotlib").colormaps["viridis"]
    handles = []
    for a, (name, f) in zip(axes, fields.items(), strict=True):
        for i, year in enumerate(years):
            marker, dash = _YEAR_STYLES[i % len(_YEAR_STYLES)]
            colour = cmap(i / max(1, len(years) - 1) * 0.85)
            a.plot(xv, f[i] * 100, marker=marker, linestyle=dash, markersize=5, color=colour)
            t = _target(ds, year)
            if targets and t is not None:
                a.axhline(t * 100, color=colour, linestyle=dash, linewidth=1.0, alpha=0.9)
            if a is axes[0]:
                handles.append(
                    Line2D(
                        [],
                        [],
                        marker=marker,
                        linestyle=dash,
                        color=colour,
                        label=str(year) if year is not None else "–",
                    )
                )
        if name:
            a.set_title(name, loc="left", fontsize=10)
        a.set_xlabel(_dim_label(view.x, lang))
        a.set_ylim(0, 100)
    axes[0].set_ylabel(ylabel)
    if targets:
        handles.append(
            Line2D([], [], color="#777777", linewidth=0.8, label=tr("s_target_thin", lang))
        )
    axes[-1].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    return fig


# ---- LP sweep figures ----------------------------------------------------------------------------


def _lp_base(ds: Any, dims: Sequence[str], sc: Scenario | None) -> dict[str, int]:
    """Return the base index of each varied parameter (its scenario value if swept, else middle)."""
    base = {}
    for d in dims:
        vals = np.asarray(ds[d].values, dtype=float)
        idx = len(vals) // 2
        if sc is not None:
            v = _scenario_value(sc, d)
            if v is not None:
                near = np.isclose(vals, v, rtol=1e-9)
                if near.any():
                    idx = int(np.argmax(near))
        base[d] = idx
    return base


def _scenario_value(sc: Scenario, key: str) -> float | None:
    node: Any = sc.model_dump(mode="json")
    if key in ("targets", "load_scale"):
        return 1.0
    if key == "load_growth":
        return 0.0
    for part in key.split("."):
        if isinstance(node, list):
            try:
                node = node[int(part)]
            except (ValueError, IndexError):
                return None
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    try:
        return float(node)
    except (TypeError, ValueError):
        return None


def _fig_lp_objective(ds: Any, x: str, sel: dict[str, int], lang: str, cur: str) -> Any:
    fig = _new_figure(10, 3.6)
    a = fig.subplots()
    fig.subplots_adjust(left=0.1, right=0.78, bottom=0.15, top=0.95)
    xv = np.asarray(ds[x].values, dtype=float)
    obj = np.asarray(ds["objective"].isel(sel).values, dtype=float) / MONEY_UNIT_SCALE[lang]
    a.plot(xv, obj, marker="o", color="black", label=tr("objective_short", lang))
    for xi, v in zip(xv, obj, strict=True):
        if np.isfinite(v):
            a.annotate(
                num(v), (xi, v), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=8
            )
    a.set_xlabel(_dim_label(x, lang))
    a.set_ylabel(tr("ax_objective", lang, unit=money_unit(lang, cur)))
    _thousands(a.yaxis)
    a.margins(y=0.15)
    _legend_right(a)
    return fig


def _fig_lp_capacities(ds: Any, x: str, sel: dict[str, int], years: list[int], lang: str) -> Any:
    fig = _new_figure(10, 6.2)
    axes = fig.subplots(2, 2, sharex=True).ravel()
    fig.subplots_adjust(left=0.08, right=0.84, bottom=0.1, top=0.95, hspace=0.25, wspace=0.28)
    xv = np.asarray(ds[x].values, dtype=float)
    cmap = __import__("matplotlib").colormaps["viridis"]
    for a, k in zip(axes, _CAPS, strict=True):
        v = ds[k].isel(sel)
        v = v.where(abs(v) > 1e-6, 0.0)  # solver noise (1e-14 MW) is no capacity
        for i, year in enumerate(years):
            marker, dash = _YEAR_STYLES[i % len(_YEAR_STYLES)]
            colour = cmap(i / max(1, len(years) - 1) * 0.85)
            a.plot(
                xv,
                np.asarray(v.sel(year=year).values, dtype=float),
                marker=marker,
                linestyle=dash,
                color=colour,
                markersize=5,
                label=str(year),
            )
        a.set_title(tr(f"dim_{k}", lang), loc="left", fontsize=10)
        a.set_ylim(bottom=0, top=max(1.0, a.get_ylim()[1]))
    for a in axes[2:]:
        a.set_xlabel(_dim_label(x, lang))
    axes[1].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    return fig


def _fig_tornado(
    ds: Any, dims: Sequence[str], base: dict[str, int], lang: str, cur: str
) -> tuple[Any, float]:
    """Objective change when each parameter goes from its lowest to its highest value."""
    obj = ds["objective"]
    b = float(obj.isel(base).values)
    scale = MONEY_UNIT_SCALE[lang]
    rows = []
    for d in dims:
        lo = float(obj.isel({**base, d: 0}).values)
        hi = float(obj.isel({**base, d: ds.sizes[d] - 1}).values)
        rows.append((d, (lo - b) / scale, (hi - b) / scale))
    rows.sort(key=lambda r: abs(r[2] - r[1]))
    fig = _new_figure(10, 1.2 + 0.6 * len(rows))
    a = fig.subplots()
    fig.subplots_adjust(left=0.3, right=0.8, bottom=0.5 / (1.2 + 0.6 * len(rows)) + 0.1, top=0.92)
    yy = np.arange(len(rows))
    lo = [r[1] for r in rows]
    hi = [r[2] for r in rows]
    a.barh(yy, lo, color="#92c5de", label=tr("s_lowest", lang))
    a.barh(yy, hi, color="#e4572e", alpha=0.85, label=tr("s_highest", lang))
    for y0, v0, v1 in zip(yy, lo, hi, strict=True):
        for v in (v0, v1):
            if v != 0:
                a.annotate(
                    f"{v:+,.1f}",
                    (v, y0),
                    xytext=(4 if v > 0 else -4, 0),
                    textcoords="offset points",
                    ha="left" if v > 0 else "right",
                    va="center",
                    fontsize=8,
                )
    a.margins(x=0.2)
    labels = []
    for d, _l, _h in rows:
        vals = np.asarray(ds[d].values, dtype=float)
        labels.append(f"{_dim_label(d, lang)}\n{_coord(vals[0])} – {_coord(vals[-1])}")
    a.set_yticks(yy)
    a.set_yticklabels(labels)
    a.axvline(0, color="black", linewidth=0.8)
    a.set_xlabel(tr("ax_objective_change", lang, unit=money_unit(lang, cur)))
    _thousands(a.xaxis)
    a.grid(axis="y", visible=False)
    _legend_right(a)
    return fig, b


def _coord(v: Any) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{f:,.0f}" if f == round(f) else f"{f:,.4g}"


def _coord_list(values: Any, lang: str) -> str:
    vals = np.asarray(values)
    if vals.size > 6 and np.issubdtype(vals.dtype, np.number):
        steps = np.diff(vals.astype(float))
        if np.allclose(steps, steps[0], rtol=1e-9, atol=1e-12):
            return tr(
                "range_v",
                lang,
                a=_coord(vals[0]),
                b=_coord(vals[-1]),
                step=_coord(steps[0]),
                n=vals.size,
            )
    return ", ".join(_coord(v) for v in vals)


def _values_text(values: dict[str, Any], lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{_dim_label(d, lang)} = {_coord(v)}" for d, v in values.items())


# ---- pages ---------------------------------------------------------------------------------------


def _dims_table(page: Page, ds: Any, n_weather: int) -> None:
    lang = page.lang
    grid = _grid_dims(ds)
    rows = [[(_dim_label(d, lang), "rowhead"), (_coord_list(ds[d].values, lang), "")] for d in grid]
    share = ds[_share_var(ds)]
    if "weather_year" in share.dims:
        rows.append(
            [
                (tr("weather_years", lang), "rowhead"),
                (_coord_list(ds["weather_year"].values, lang), ""),
            ]
        )
    n = int(np.prod([ds.sizes[d] for d in grid])) if grid else 1
    rows.append([(tr("sweep_scenarios", lang), "rowhead"), (f"{n * n_weather:,}", "")])
    page.table(
        tr("tab_sweep_dims", lang),
        [tr("col_parameter", lang), tr("col_values", lang)],
        rows,
        "table-sweep-dims",
    )


def _render_dispatch(page: Page, inp: ReportInputs, view: SweepView) -> None:
    lang = page.lang
    ds = inp.sweep
    sc = _sweep_scenario(ds)
    cur = sc.finance.currency if sc is not None else "CNY"
    share = _mean_share(ds)
    cost = design_costs(ds, sc) if sc is not None else None
    passes = _passes_rules(ds, sc, share)
    grid = _grid_dims(ds)

    page.h2("summary", "summary")
    _dims_table(page, ds, view.n_weather)
    # share range per year and the cheapest design that passes every rule
    header = [
        tr("col_year", lang),
        tr("col_target", lang),
        tr("col_share_range", lang),
        tr("col_share_passing", lang),
    ]
    srows = []
    n_all = int(np.prod([ds.sizes[d] for d in grid])) if grid else 1
    for y in view.years or [None]:
        v = share.sel(year=y) if y is not None else share
        vals = np.asarray(v.values, dtype=float)
        t = _target(ds, y)
        met = int(np.sum(vals >= (t if t is not None else -np.inf) - _TOL))
        srows.append(
            [
                (str(y) if y is not None else "–", "num"),
                (pct(t), "num"),
                (f"{pct(np.nanmin(vals))} – {pct(np.nanmax(vals))}", "num"),
                (f"{met:,} / {n_all:,}", "num"),
            ]
        )
    page.table(tr("tab_shares", lang), header, srows, "table-sweep-shares")
    _cheapest_table(page, ds, sc, share, cost, passes, cur, view)
    _how_to_read(page, inp)

    page.h2("figures", "figures", newpage=True)
    fixed_txt = _values_text(view.fixed, lang)
    how = (
        tr("cap_optimised", lang, names=", ".join(_dim_label(d, lang) for d in view.optimised))
        if view.optimised
        else ""
    )
    if view.optimised and cost is None:
        how = tr(
            "cap_optimised_nocost",
            lang,
            names=", ".join(_dim_label(d, lang) for d in view.optimised),
        )
    fixed_note = tr("cap_fixed", lang, values=fixed_txt) if view.fixed else ""
    mean_note = tr("cap_contour_mean", lang, n=view.n_weather) if view.n_weather > 1 else ""
    prob = _prob(ds)
    if view.y is not None:
        opt = _optimise(ds, view, share, cost, prob)
        page.figure(
            _fig_contour(ds, view, opt.share, lang, False),
            "fig-sweep-share",
            tr("fig_contour", lang),
            tr(
                "cap_contour",
                lang,
                x=_dim_label(view.x, lang),
                y=_dim_label(view.y, lang),
                mean=mean_note,
                fixed=how + fixed_note,
            ),
        )
        if opt.prob is not None:
            page.figure(
                _fig_contour(ds, view, opt.prob, lang, True),
                "fig-sweep-probability",
                tr("fig_prob", lang),
                tr(
                    "cap_prob",
                    lang,
                    n=view.n_weather,
                    x=_dim_label(view.x, lang),
                    y=_dim_label(view.y, lang),
                    fixed=how + fixed_note,
                ),
            )
        if view.optimised and view.years:
            page.figure(
                _fig_chosen(ds, view, opt, lang),
                "fig-sweep-chosen",
                tr("fig_chosen", lang),
                tr(
                    "cap_chosen",
                    lang,
                    names=", ".join(_dim_label(d, lang) for d in view.optimised[:2]),
                    year=view.years[-1],
                    x=_dim_label(view.x, lang),
                    y=_dim_label(view.y, lang),
                ),
            )
        if opt.cost_all is not None:
            page.figure(
                _fig_cost_map(ds, view, opt.cost_all, lang, cur),
                "fig-sweep-cost",
                tr("fig_cost_map", lang),
                tr(
                    "cap_cost_map",
                    lang,
                    x=_dim_label(view.x, lang),
                    y=_dim_label(view.y, lang),
                    unit=money_unit(lang, cur, per_year=True),
                    fixed=how + fixed_note,
                ),
            )
    else:
        opt = _optimise(ds, view, share, cost, prob)
        page.figure(
            _fig_lines(
                ds,
                view,
                {"": opt.share[:, 0, :] if opt.share.ndim == 3 else opt.share},
                lang,
                tr("ax_share", lang),
                True,
            ),
            "fig-sweep-share",
            tr("fig_line", lang),
            tr(
                "cap_line", lang, x=_dim_label(view.x, lang), mean=mean_note, fixed=how + fixed_note
            ),
        )
        if opt.prob is not None:
            page.figure(
                _fig_lines(
                    ds,
                    view,
                    {"": opt.prob if opt.prob.ndim == 2 else opt.prob[:, 0, :]},
                    lang,
                    tr("ax_probability", lang),
                    False,
                ),
                "fig-sweep-probability",
                tr("fig_prob", lang),
                tr(
                    "cap_prob_line",
                    lang,
                    n=view.n_weather,
                    x=_dim_label(view.x, lang),
                    fixed=how + fixed_note,
                ),
            )
    if cost is not None and view.years:
        last = view.years[-1]
        c = np.asarray(cost.values, dtype=float).ravel()
        s_last = np.asarray(share.sel(year=last).transpose(*grid).values, dtype=float).ravel()
        ok = np.asarray(passes.transpose(*grid).values, dtype=bool).ravel()
        page.figure(
            _fig_frontier(c, s_last, ok, lang, cur, last),
            "fig-sweep-frontier",
            tr("fig_frontier", lang),
            tr(
                "cap_frontier",
                lang,
                n=f"{c.size:,}",
                year=last,
                unit=money_unit(lang, cur, per_year=True),
            ),
        )


def _cheapest_table(
    page: Page,
    ds: Any,
    sc: Scenario | None,
    share: Any,
    cost: Any | None,
    passes: Any,
    cur: str,
    view: SweepView,
    most: int = 8,
) -> None:
    """Add the cheapest designs that pass every rule (or say that none does / costs are unknown)."""
    lang = page.lang
    grid = _grid_dims(ds)
    if cost is None:
        page.add(f"<p>{esc(tr('sweep_no_costs', lang))}</p>")
        return
    c = np.asarray(cost.transpose(*grid).values, dtype=float)
    ok = np.asarray(passes.transpose(*grid).values, dtype=bool)
    n_ok = int(ok.sum())
    page.add(f"<p>{esc(tr('sweep_passing', lang, n=f'{n_ok:,}', total=f'{ok.size:,}'))}</p>")
    if not n_ok:
        return
    flat = np.flatnonzero(ok.ravel())
    order = flat[np.argsort(c.ravel()[flat])][:most]
    prob_all = ds["p_meets_all_targets"] if "p_meets_all_targets" in ds else None
    header = [_dim_label(d, lang) for d in grid]
    header.append(tr("col_annual_cost", lang, unit=money_unit(lang, cur, per_year=True)))
    header += [tr("col_share_year", lang, year=y) for y in view.years]
    if prob_all is not None:
        header.append(tr("col_p_all", lang))
    rows = []
    for f in order:
        idx = np.unravel_index(f, c.shape)
        point = {d: int(i) for d, i in zip(grid, idx, strict=True)}
        row = [(_coord(ds[d].values[i]), "num") for d, i in point.items()]
        row.append((money_in_unit(c[idx], lang), "num"))
        for y in view.years:
            row.append((pct(float(share.isel(point).sel(year=y).values)), "num"))
        if prob_all is not None:
            row.append((pct(float(prob_all.isel(point).values), 0), "num"))
        rows.append(row)
    page.table(tr("tab_cheapest", lang), header, rows, "table-sweep-cheapest")
    best = order[0]
    page.add(f"<p>{esc(tr('sweep_cheapest', lang, cost=money(c.ravel()[best], lang, cur)))}</p>")


def _render_lp(page: Page, inp: ReportInputs, view: SweepView) -> None:
    lang = page.lang
    ds = inp.sweep
    sc = _sweep_scenario(ds)
    cur = str(ds["objective"].attrs.get("units") or (sc.finance.currency if sc else "CNY"))
    dims = [d for d in ds["objective"].dims]
    swept = [d for d in dims if ds.sizes[d] > 1] or dims[:1]
    base = _lp_base(ds, dims, sc)
    years = [int(y) for y in ds["year"].values]

    page.h2("summary", "summary")
    _dims_table(page, ds, 1)
    status = np.asarray(ds["status"].values).ravel() if "status" in ds else np.array([])
    if status.size:
        counts = {s: int((status == s).sum()) for s in dict.fromkeys(status.tolist())}
        from simulator.report_i18n import status_text as _status_text

        text = ("；" if lang == "zh" else "; ").join(
            f"{_status_text(str(s), lang)}: {n}" for s, n in counts.items()
        )
        page.add(f"<p>{esc(tr('lp_statuses', lang, text=text))}</p>")
    # every point: parameters, status, objective, capacities and shares of the last year
    n_points = int(np.prod([ds.sizes[d] for d in dims])) if dims else 1
    if n_points <= 60:
        last = years[-1]
        header = [_dim_label(d, lang) for d in dims] + [
            tr("status", lang),
            tr("col_objective", lang, unit=money_unit(lang, cur)),
        ]
        header += [tr(f"col_{k}_year", lang, year=last) for k in _CAPS]
        header += [
            tr("col_share_lp_year", lang, year=last),
            tr("col_share_sim_year", lang, year=last),
        ]
        rows = []
        for idx in itertools.product(*[range(ds.sizes[d]) for d in dims]):
            point = dict(zip(dims, idx, strict=True))
            row = [(_coord(ds[d].values[i]), "num") for d, i in point.items()]
            from simulator.report_i18n import status_text as _status_text

            st = str(ds["status"].isel(point).values) if "status" in ds else ""
            row.append((_status_text(st, lang) if st else "–", ""))
            row.append((money_in_unit(float(ds["objective"].isel(point).values), lang), "num"))
            for k in _CAPS:
                row.append((num(float(ds[k].isel(point).sel(year=last).values)), "num"))
            row.append(
                (pct(float(ds["lp_renewable_share"].isel(point).sel(year=last).values)), "num")
            )
            row.append(
                (
                    pct(float(ds["simulated_renewable_share"].isel(point).sel(year=last).values)),
                    "num",
                )
            )
            rows.append(row)
        page.table(tr("tab_lp_points", lang), header, rows, "table-lp-points")
    _how_to_read(page, inp)
    page.h2("figures", "figures", newpage=True)
    x = view.x if view.x in dims else swept[0]
    sel = {d: base[d] for d in dims if d != x}
    others = {d: ds[d].values[i] for d, i in sel.items() if ds.sizes[d] > 1}
    held = tr("cap_lp_held", lang, values=_values_text(others, lang)) if others else ""
    page.figure(
        _fig_lp_objective(ds, x, sel, lang, cur),
        "fig-lp-objective",
        tr("fig_lp_objective", lang),
        tr("cap_lp_objective", lang, x=_dim_label(x, lang), unit=money_unit(lang, cur), held=held),
    )
    page.figure(
        _fig_lp_capacities(ds, x, sel, years, lang),
        "fig-lp-capacities",
        tr("fig_lp_capacities", lang),
        tr("cap_lp_capacities", lang, x=_dim_label(x, lang), held=held),
    )
    lp_view = SweepView(x, None, {}, [], years, 1)
    shares = {
        tr("s_share_lp", lang): np.asarray(
            ds["lp_renewable_share"].isel(sel).transpose("year", x).values, dtype=float
        ),
        tr("s_share_sim", lang): np.asarray(
            ds["simulated_renewable_share"].isel(sel).transpose("year", x).values, dtype=float
        ),
    }
    page.figure(
        _fig_lines(ds, lp_view, shares, lang, tr("ax_share", lang), True),
        "fig-lp-shares",
        tr("fig_lp_shares", lang),
        tr("cap_lp_shares", lang, x=_dim_label(x, lang), held=held),
    )
    if len(swept) > 1:
        fig, b = _fig_tornado(ds, swept, base, lang, cur)
        at = {d: ds[d].values[base[d]] for d in swept}
        page.figure(
            fig,
            "fig-lp-tornado",
            tr("fig_tornado", lang),
            tr("cap_tornado", lang, base=money(b, lang, cur), values=_values_text(at, lang)),
        )


def render_sweep(
    inp: ReportInputs,
    lang: str,
    axes: Sequence[str] | None = None,
    fixed: dict[str, float] | None = None,
) -> str:
    """Return the page of a sweep (dispatch or LP sweep)."""
    ds = inp.sweep
    view = choose_axes(ds, axes, fixed)
    page = Page(lang)
    lp = _is_lp_sweep(ds)
    key = "title_lp_sweep" if lp else "title_sweep"
    title = f"{tr(key, lang)} — {inp.scenario_name}"
    _header(page, inp, tr(key, lang))
    if lp:
        _render_lp(page, inp, view)
    else:
        _render_dispatch(page, inp, view)
    created = ds.attrs.get("created")
    version = ds.attrs.get("parkbalance_version")
    if created or version:
        page.add(
            '<p class="sub">'
            + esc(
                tr(
                    "sweep_made",
                    lang,
                    created=_when(created) if created else "–",
                    version=version or "–",
                )
            )
            + "</p>"
        )
    _footer(page)
    return page.html(title)
