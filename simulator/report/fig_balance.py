"""The yearly balance figure of a plan report: how the demand is met, curtailment and export."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.report.figures import (
    _kpi,
    flexible_demand,
)
from simulator.report.i18n import tr
from simulator.report.inputs import ReportInputs, _num
from simulator.report.page import Page
from simulator.report.plot import (
    COLOURS,
    _bar_labels,
    _legend_right,
    _new_figure,
    _year_axis,
)


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


def add(page: Page, inp: ReportInputs) -> None:
    """Add the yearly balance figure (simulated, else the LP's) to ``page``."""
    lang = page.lang
    recs = inp.kpis_sim or inp.kpis_lp
    which = tr("which_sim" if inp.kpis_sim else "which_lp", lang)
    page.figure(
        _fig_balance(inp, lang),
        "fig-balance",
        tr("fig_balance", lang),
        tr("cap_balance_flex" if flexible_demand(recs) else "cap_balance", lang, which=which),
    )
