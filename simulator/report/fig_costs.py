"""The cost figure of a plan report: each year's cost items stacked."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.report.figures import (
    _COST_COLOURS,
    cost_items,
)
from simulator.report.format import MONEY_UNIT_SCALE, money, money_in_unit, money_unit
from simulator.report.i18n import tr
from simulator.report.inputs import ReportInputs
from simulator.report.page import Page
from simulator.report.plot import (
    _bar_labels,
    _legend_right,
    _new_figure,
    _year_axis,
)


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


def add(page: Page, inp: ReportInputs) -> None:
    """Add the cost figure of a plan to ``page``."""
    lang = page.lang
    cb = inp.plan["cost_breakdown"]
    page.figure(
        _fig_costs(inp, lang),
        "fig-costs",
        tr("fig_costs", lang),
        tr(
            "cap_costs",
            lang,
            unit=money_unit(lang, inp.currency, per_year=True),
            objective=money((cb.get("discounted_total") or {}).get("total"), lang, inp.currency),
        ),
    )
