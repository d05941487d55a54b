"""Figures of the plan report (matplotlib, inline SVG with text kept as text) and their colours."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from simulator.core.vocabulary import COMPONENT_COST_ITEMS, COST_ITEMS
from simulator.report.components import park_items
from simulator.report.format import MONEY_UNIT_SCALE, money_in_unit, money_unit
from simulator.report.i18n import tr
from simulator.report.inputs import (
    HOURS_PER_DAY,
    ReportInputs,
    _date,
    _num,
    _pct,
)
from simulator.report.plot import (
    COLOURS,
    _bar_labels,
    _legend_right,
    _new_figure,
    _year_axis,
)

_COST_COLOURS = {
    "wind_annuity": "#3b7dd8",
    "solar_annuity": "#f2b01e",
    "storage_energy_annuity": "#8e6cc9",
    "storage_power_annuity": "#c5b3e6",
    "fixed_om": "#7fbf7b",
    "fuel_cost": "#5a5a5a",
    "import_cost": "#e4572e",
    "unserved_cost": "#b2182b",
    "export_revenue": "#92c5de",
    # components (only where plan.json has them)
    "retrofit_annuity": "#9e9ac8",
    "process_annuity": "#66c2a5",
    "curtail_cost": "#fdae6b",
    "shortfall_cost": "#d6604d",
}
_COST_ITEMS = COST_ITEMS  # the vocabulary's order; every item has its colour above
_COMPONENT_COST_ITEMS = COMPONENT_COST_ITEMS


def cost_items(per_year: list[dict]) -> list[str]:
    """Cost items of a plan's breakdown: the usual ones, and the components' where present."""
    return [
        k for k in _COST_ITEMS if k not in _COMPONENT_COST_ITEMS or any(k in r for r in per_year)
    ]


_CAPACITY_KEYS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")


def _fig_capacity(inp: ReportInputs, lang: str) -> Any:
    caps = inp.capacities
    years = [int(y) for y in caps["year"]]
    n = len(years)
    fig = _new_figure(10, 3.8)
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.2, 1]})
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.9, wspace=0.28)
    x = np.arange(n)
    w = 0.27
    series = [
        ("wind_mw", "s_wind", "wind"),
        ("solar_mw", "s_solar", "solar"),
        ("storage_mw", "s_storage_mw", "storage_mw"),
    ]
    for k, (key, label, col) in enumerate(series):
        vals = caps[key].to_numpy(dtype=float)
        xs = x + (k - 1) * w
        ax1.bar(xs, vals, w, color=COLOURS[col], label=tr(label, lang))
        if n <= 6:
            _bar_labels(ax1, xs, vals, [_num(v, digits=0) for v in vals])
    _year_axis(ax1, years)
    ax1.set_ylabel(tr("ax_mw", lang))
    ax1.margins(y=0.12)
    ax1.legend(loc="upper left", frameon=False, ncols=3, bbox_to_anchor=(0, -0.1))
    vals = caps["storage_mwh"].to_numpy(dtype=float)
    ax2.bar(
        x, vals, 0.55, color=COLOURS["storage_mwh"], alpha=0.75, label=tr("s_storage_mwh", lang)
    )
    if n <= 6:
        _bar_labels(ax2, x, vals, [_num(v, digits=0) for v in vals])
    _year_axis(ax2, years)
    ax2.set_ylabel(tr("ax_mwh", lang))
    ax2.margins(y=0.12)
    ax2.set_ylim(bottom=0, top=max(1.0, ax2.get_ylim()[1]))
    ax1.set_ylim(bottom=0, top=max(1.0, ax1.get_ylim()[1]))
    return fig


def flexible_demand(recs: list[dict]) -> bool:
    """Whether the yearly ``load_mwh`` is the demand L + p_f + p_o − z, not the fixed load.

    True where flexible processes use power or curtailable loads are curtailed in some year.
    """
    return any(
        float(r.get("process_mwh") or 0.0) > 0 or float(r.get("load_curtailed_mwh") or 0.0) > 0
        for r in recs
    )


def _kpi(recs: list[dict], key: str) -> np.ndarray:
    return np.array([float(r.get(key) or 0.0) for r in recs])


def _fig_balance(inp: ReportInputs, lang: str) -> Any:
    recs = inp.kpis_sim or inp.kpis_lp
    years = [int(r["year"]) for r in recs]
    n = len(years)
    fig = _new_figure(10, 4.2)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.08, right=0.74, bottom=0.12, top=0.95)
    x = np.arange(n)
    w = 0.36
    bottom = np.zeros(n)
    supply = [
        ("renewable_direct_mwh", "s_direct", "direct"),
        ("process_surplus_mwh", "s_process_surplus", "process"),
        ("storage_discharge_mwh", "s_discharge", "discharge"),
        ("coal_mwh", "s_coal", "coal"),
        ("import_mwh", "s_import", "import"),
        ("unserved_mwh", "s_unserved", "unserved"),
    ]
    for key, label, col in supply:
        v = _kpi(recs, key) / 1e3
        if key != "renewable_direct_mwh" and not np.any(v != 0):
            continue
        ax.bar(x - w / 2 - 0.02, v, w, bottom=bottom, color=COLOURS[col], label=tr(label, lang))
        bottom += v
    load = _kpi(recs, "load_mwh") / 1e3
    load_label = tr("s_demand" if flexible_demand(recs) else "s_load", lang)
    ax.scatter(
        x - w / 2 - 0.02,
        load,
        marker="_",
        s=900,
        linewidths=2.2,
        color=COLOURS["load"],
        label=load_label,
        zorder=3,
    )
    bottom2 = np.zeros(n)
    for key, label, col in (
        ("curtailed_mwh", "s_curtailed", "curtailed"),
        ("export_mwh", "s_export", "export"),
    ):
        v = _kpi(recs, key) / 1e3
        if key == "export_mwh" and not np.any(v != 0):
            continue
        ax.bar(
            x + w / 2 + 0.02,
            v,
            w,
            bottom=bottom2,
            color=COLOURS[col],
            label=tr(label, lang),
            hatch="//",
            edgecolor="white",
            linewidth=0,
        )
        bottom2 += v
    if n <= 6:
        _bar_labels(ax, x - w / 2 - 0.02, load, [_num(v, digits=0) for v in load])
        _bar_labels(ax, x + w / 2 + 0.02, bottom2, [_num(v, digits=0) for v in bottom2])
    _year_axis(ax, years)
    ax.set_ylabel(tr("ax_gwh", lang))
    ax.margins(y=0.1)
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    handles = [
        Line2D([], [], color=COLOURS["load"], linewidth=2.2) if lab == load_label else h
        for h, lab in zip(handles, labels, strict=True)
    ]
    _legend_right(ax, handles, labels)
    return fig


def _fig_share(inp: ReportInputs, lang: str) -> Any:
    years = inp.years
    n = len(years)
    fig = _new_figure(10, 4.0)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.08, right=0.78, bottom=0.12, top=0.95)
    x = np.arange(n)
    has_lp = bool(inp.kpis_lp)
    has_sim = bool(inp.kpis_sim)
    w = 0.36 if has_lp and has_sim else 0.55
    rotate = n > 6
    if has_lp:
        v = _kpi(inp.kpis_lp, "renewable_share") * 100
        xs = x - w / 2 if has_sim else x
        ax.bar(xs, v, w, color=COLOURS["lp"], label=tr("s_share_lp", lang))
        _bar_labels(
            ax, xs, v, [_pct(r["renewable_share"]) for r in inp.kpis_lp], rotate, color="#555555"
        )
    if has_sim:
        v = _kpi(inp.kpis_sim, "renewable_share") * 100
        xs = x + w / 2 if has_lp else x
        ax.bar(xs, v, w, color=COLOURS["sim"], label=tr("s_share_sim", lang))
        _bar_labels(
            ax, xs, v, [_pct(r["renewable_share"]) for r in inp.kpis_sim], rotate, fontweight="bold"
        )
    targets = _targets(inp)
    if targets is not None:
        xx = np.concatenate([[x[0] - 0.5], x + 0.5])
        ax.step(
            xx,
            np.concatenate([targets, targets[-1:]]) * 100,
            where="post",
            color=COLOURS["target"],
            linestyle="--",
            linewidth=1.8,
            label=tr("s_target", lang),
        )
    best = (inp.plan or {}).get("max_achievable_share")
    if best:
        b = np.array([np.nan if v is None else v for v in best], dtype=float) * 100
        ax.plot(
            x, b, color=COLOURS["max"], linestyle=":", marker="o", label=tr("s_max_share", lang)
        )
    _year_axis(ax, years)
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(0, 100)
    ax.set_yticks(range(0, 101, 10))
    ax.set_ylabel(tr("ax_share", lang))
    _legend_right(ax)
    return fig


def _targets(inp: ReportInputs) -> np.ndarray | None:
    """Target share of each year from plan.json ``targets`` or the KPI records."""
    plan_t = (inp.plan or {}).get("targets")
    if plan_t:
        return np.array([float(t["target_share"]) for t in plan_t])
    recs = inp.kpis_sim or inp.kpis_lp
    if recs and all("target_share" in r for r in recs):
        return np.array([float(r["target_share"]) for r in recs])
    return None


def _year_array(hourly: pd.DataFrame, year: int, col: str) -> np.ndarray:
    sub = hourly.loc[hourly["year"] == year, col].to_numpy(dtype=float)
    return sub


def _daily(hourly: pd.DataFrame, year: int, col: str) -> np.ndarray:
    v = _year_array(hourly, year, col)
    days = v.size // HOURS_PER_DAY
    return v[: days * HOURS_PER_DAY].reshape(days, HOURS_PER_DAY).sum(axis=1)


def _pick_weeks(hourly: pd.DataFrame, year: int) -> dict[str, int]:
    """First day of the week with the most curtailment and of the least-renewable week.

    Weeks are seven consecutive days of ``year``; the least-renewable week has the smallest
    renewable consumption share of its load (ties: the earlier week).
    """
    curt = _daily(hourly, year, "curtailed_mw")
    to_load = _daily(hourly, year, "renewable_to_load_mw")
    load = _daily(hourly, year, "demand_mw" if "demand_mw" in hourly.columns else "load_mw")
    k = np.ones(7)
    c7 = np.convolve(curt, k, mode="valid")
    r7 = np.convolve(to_load, k, mode="valid")
    l7 = np.convolve(load, k, mode="valid")
    share = np.where(l7 > 0, r7 / np.where(l7 > 0, l7, 1.0), 1.0)
    return {"curt": int(np.argmax(c7)), "lowre": int(np.argmin(share))}


def _week_stats(hourly: pd.DataFrame, year: int, day0: int) -> tuple[float, float]:
    sl = slice(day0 * HOURS_PER_DAY, (day0 + 7) * HOURS_PER_DAY)
    curt = _year_array(hourly, year, "curtailed_mw")[sl].sum()
    to_load = _year_array(hourly, year, "renewable_to_load_mw")[sl].sum()
    # the park's demand (L + p_f + p_o − z) where it has flexible processes or curtailable loads
    demand = "demand_mw" if "demand_mw" in hourly.columns else "load_mw"
    load = _year_array(hourly, year, demand)[sl].sum()
    return float(curt), float(to_load / load) if load > 0 else 1.0


def _any_flow(hourly: pd.DataFrame, col: str) -> bool:
    """Whether a flow is ever non-zero over the horizon (zero flows stay out of legends)."""
    return col in hourly.columns and bool((hourly[col].abs() > 1e-9).any())


#: Flows of the week figure above zero (supply of the load) and below (surplus): column, label
#: key, colour key.
_WEEK_SUPPLY = (
    ("renewable_direct_mw", "s_direct", "direct"),
    ("storage_discharge_mw", "s_discharge", "discharge"),
    ("coal_mw", "s_coal", "coal"),
    ("import_mw", "s_import", "import"),
    ("unserved_mw", "s_unserved", "unserved"),
)
_WEEK_SURPLUS = (
    ("process_surplus_mw", "s_process_surplus", "process"),
    ("storage_charge_mw", "s_charge", "charge"),
    ("export_mw", "s_export", "export"),
    ("curtailed_mw", "s_curtailed", "curtailed"),
)


def _week_col(h: pd.DataFrame, year: int, sl: slice, name: str) -> np.ndarray:
    """Hours ``sl`` of ``year`` of a column [MW or MWh]; direct renewable use derived if absent."""
    if name == "renewable_direct_mw" and name not in h.columns:
        return (
            _year_array(h, year, "renewable_to_load_mw")
            - _year_array(h, year, "storage_discharge_mw")
        )[sl]
    return _year_array(h, year, name)[sl]


def _week_flows(
    ax: Any, h: pd.DataFrame, year: int, sl: slice, lang: str, flexible: bool = True
) -> None:
    """Draw the stacked supply (up) and surplus (down) of the week, and the load line.

    ``flexible``: the park has flexible processes or curtailable loads (the line is then
    labelled as the load plus forced process power less curtailed load).
    """
    t = np.arange(7 * HOURS_PER_DAY)
    pos = [p for p in _WEEK_SUPPLY if p[0] == "renewable_direct_mw" or _any_flow(h, p[0])]
    neg = [p for p in _WEEK_SURPLUS if _any_flow(h, p[0])]
    ax.stackplot(
        t,
        *[_week_col(h, year, sl, c) for c, _, _ in pos],
        colors=[COLOURS[k] for _, _, k in pos],
        labels=[tr(lab, lang) for _, lab, _ in pos],
        step=None,
        linewidth=0,
    )
    if neg:
        ax.stackplot(
            t,
            *[-_week_col(h, year, sl, c) for c, _, _ in neg],
            colors=[COLOURS[k] for _, _, k in neg],
            labels=[tr(lab, lang) for _, lab, _ in neg],
            linewidth=0,
        )
    load = _week_col(h, year, sl, "load_mw")
    label = "s_load"
    if "process_forced_mw" in h.columns:  # the supply stack serves L + p_f − z
        load = (
            load
            + _week_col(h, year, sl, "process_forced_mw")
            - _week_col(h, year, sl, "load_curtailed_mw")
        )
        label = "s_load_served" if flexible else "s_load"
    ax.plot(t, load, color=COLOURS["load"], linewidth=1.4, label=tr(label, lang))
    ax.axhline(0, color="#333333", linewidth=0.6)
    ax.set_ylabel(tr("ax_power", lang))
    box = {"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5}
    for y, key, arrow, va in (
        (0.985, "supply_side", "↑ ", "top"),
        (0.015, "surplus_side", "↓ ", "bottom"),
    ):
        ax.text(
            0.005,
            y,
            arrow + tr(key, lang),
            transform=ax.transAxes,
            ha="left",
            va=va,
            fontsize=8,
            color="#333333",
            bbox=box,
        )
    handles, labels = ax.get_legend_handles_labels()
    _legend_right(ax, handles, labels)


def _fig_week(inp: ReportInputs, lang: str, year: int, day0: int, title_key: str) -> Any:
    """Hourly balance of one week from day ``day0`` of ``year``, and the state of charge."""
    h = inp.hourly
    sl = slice(day0 * HOURS_PER_DAY, (day0 + 7) * HOURS_PER_DAY)
    t = np.arange(7 * HOURS_PER_DAY)
    fig = _new_figure(10, 5.2)
    ax, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    fig.subplots_adjust(left=0.08, right=0.78, bottom=0.08, top=0.93, hspace=0.12)
    _week_flows(ax, h, year, sl, lang, park_items(inp).flexible)
    soc = _week_col(h, year, sl, "soc_mwh")
    ax2.fill_between(t, soc, color=COLOURS["storage_mwh"], alpha=0.35, linewidth=0)
    several = sum(1 for c in h.columns if c.endswith("_soc_mwh") and c != "soc_mwh") > 1
    soc_label = tr("s_soc_all" if several else "s_soc", lang)
    ax2.plot(t, soc, color=COLOURS["storage_mwh"], linewidth=1.2, label=soc_label)
    top = _week_items(ax2, h, year, sl, lang, float(np.nanmax(soc)) if soc.size else 0.0)
    ax2.set_ylim(bottom=0, top=max(1.0, top * 1.05))
    _legend_right(ax2)
    ticks = np.arange(0, 7 * HOURS_PER_DAY + 1, HOURS_PER_DAY)
    ax2.set_xticks(ticks)
    ax2.set_xticklabels([_date(day0 + i, lang) for i in range(len(ticks))])
    ax2.set_xlim(0, 7 * HOURS_PER_DAY - 1)
    ax.set_title(
        tr(
            "week_title",
            lang,
            title=tr(title_key, lang),
            start=_date(day0, lang),
            end=_date(day0 + 6, lang),
            year=year,
        ),
        loc="left",
    )
    return fig


def _week_items(ax: Any, h: pd.DataFrame, year: int, sl: slice, lang: str, top: float) -> float:
    """Each store's SOC (several stores) and each process buffer as lines; the highest value."""
    t = np.arange(7 * HOURS_PER_DAY)
    stores = [c for c in h.columns if c.endswith("_soc_mwh") and c != "soc_mwh"]
    buffers = [c for c in h.columns if c.endswith("_buffer_mwh")]
    lines = ([(c, "s_store_soc", "--") for c in stores] if len(stores) > 1 else []) + [
        (c, "s_buffer", "-") for c in buffers
    ]
    for col, key, style in lines:
        v = _week_col(h, year, sl, col)
        name = col.removesuffix("_soc_mwh").removesuffix("_buffer_mwh")
        ax.plot(t, v, linestyle=style, linewidth=1.0, label=tr(key, lang, name=name))
        top = max(top, float(np.nanmax(v)) if v.size else 0.0)
    ax.set_ylabel(tr("ax_soc_buffer" if lines else "ax_soc", lang))
    return top


def _fig_heatmap(inp: ReportInputs, lang: str, years: Sequence[int]) -> Any:
    h = inp.hourly
    grids = []
    for y in years:
        v = _year_array(h, y, "curtailed_mw")
        days = v.size // HOURS_PER_DAY
        grids.append(v[: days * HOURS_PER_DAY].reshape(days, HOURS_PER_DAY).T)
    vmax = max(float(g.max()) if g.size else 0.0 for g in grids)
    vmax = vmax if vmax > 0 else 1.0
    n = len(years)
    fig = _new_figure(10, 1.0 + 1.75 * n)
    axes = np.atleast_1d(fig.subplots(n, 1, sharex=True))
    fig.subplots_adjust(
        left=0.08,
        right=0.88,
        bottom=0.6 / (1.0 + 1.75 * n) + 0.04,
        top=1 - 0.3 / (1.0 + 1.75 * n),
        hspace=0.25,
    )
    im = None
    for ax, y, g in zip(axes, years, grids, strict=True):
        im = ax.imshow(
            g,
            aspect="auto",
            origin="lower",
            cmap="YlOrRd",
            vmin=0,
            vmax=vmax,
            interpolation="nearest",
            extent=(0, g.shape[1], 0, HOURS_PER_DAY),
        )
        ax.set_yticks([0, 6, 12, 18, 24])
        ax.grid(False)
        ax.set_ylabel(tr("ax_hour", lang))
        ax.text(
            1.0,
            1.01,
            str(y),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=10,
            fontweight="bold",
        )
    first = [(_dt.date(2023, m, 1) - _dt.date(2023, 1, 1)).days for m in range(1, 13)]
    axes[-1].set_xticks(first)
    axes[-1].set_xticklabels([tr(f"month_{m}", lang) for m in range(1, 13)])
    axes[-1].set_xlabel(tr("ax_day", lang))
    cax = fig.add_axes(
        (
            0.9,
            axes[-1].get_position().y0,
            0.015,
            axes[0].get_position().y1 - axes[-1].get_position().y0,
        )
    )
    cb = fig.colorbar(im, cax=cax)
    cb.set_label(tr("ax_curtailed_mw", lang))
    return fig


def _fig_costs(inp: ReportInputs, lang: str) -> Any:
    per_year = inp.plan["cost_breakdown"]["per_year"]
    years = [int(r["year"]) for r in per_year]
    n = len(years)
    scale = MONEY_UNIT_SCALE[lang]
    fig = _new_figure(10, 4.4)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.09, right=0.7, bottom=0.12, top=0.95)
    x = np.arange(n)
    bottom = np.zeros(n)
    for item in cost_items(per_year):
        v = np.array([float(r.get(item) or 0.0) for r in per_year]) / scale
        if not np.any(v != 0):
            continue
        if item == "export_revenue":
            ax.bar(x, -v, 0.55, color=_COST_COLOURS[item], label=tr(f"cost_{item}", lang))
        else:
            ax.bar(
                x, v, 0.55, bottom=bottom, color=_COST_COLOURS[item], label=tr(f"cost_{item}", lang)
            )
            bottom += v
    total = np.array([float(r.get("total") or 0.0) for r in per_year]) / scale
    ax.scatter(x, total, marker="D", color="black", zorder=3, label=tr("s_total", lang))
    if n <= 8:
        _bar_labels(
            ax,
            x,
            np.maximum(bottom, total),
            [money_in_unit(r.get("total"), lang) for r in per_year],
            offset=7,
        )
    ax.axhline(0, color="#333333", linewidth=0.6)
    _year_axis(ax, years)
    ax.set_ylabel(tr("ax_cost", lang, unit=money_unit(lang, inp.currency, per_year=True)))
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.margins(y=0.1)
    _legend_right(ax)
    return fig
