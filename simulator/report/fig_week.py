"""The week figures of a plan report: the week of most curtailment, the least renewable one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from simulator.report.components import park_items
from simulator.report.figures import (
    _any_flow,
    _daily,
    _year_array,
)
from simulator.report.i18n import tr
from simulator.report.inputs import (
    HOURS_PER_DAY,
    ReportInputs,
    _date,
    _num,
    _pct,
)
from simulator.report.page import Page
from simulator.report.plot import (
    COLOURS,
    _legend_right,
    _new_figure,
)


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


def add(page: Page, inp: ReportInputs) -> None:
    """Add the two weeks of the last year (most curtailment, least renewable) to ``page``."""
    lang = page.lang
    h = inp.hourly
    year = max(int(y) for y in pd.unique(h["year"]))
    weeks = _pick_weeks(h, year)
    for key, title_key, anchor in (
        ("curt", "fig_week_curt", "fig-week-curtailment"),
        ("lowre", "fig_week_lowre", "fig-week-low-renewable"),
    ):
        day0 = weeks[key]
        curt, share = _week_stats(h, year, day0)
        page.figure(
            _fig_week(inp, lang, year, day0, title_key),
            anchor,
            tr(title_key, lang),
            tr(
                "cap_week_flex" if park_items(inp).flexible else "cap_week",
                lang,
                start=_date(day0, lang),
                end=_date(day0 + 6, lang),
                year=year,
                curt=_num(curt, 1e-3),
                share=_pct(share),
            ),
        )
