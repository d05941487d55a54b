"""The capacity figure of a plan report: wind, solar and storage in place each year."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.report.i18n import tr
from simulator.report.inputs import ReportInputs, _num
from simulator.report.page import Page
from simulator.report.plot import (
    COLOURS,
    _bar_labels,
    _new_figure,
    _year_axis,
)


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


def add(page: Page, inp: ReportInputs) -> None:
    """Add the capacity figure to ``page``."""
    lang = page.lang
    page.figure(
        _fig_capacity(inp, lang),
        "fig-capacity",
        tr("fig_capacity", lang),
        tr("cap_capacity", lang),
    )
