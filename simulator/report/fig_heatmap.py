"""The curtailment heatmap of a plan report: hour of day against day of year."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from simulator.report.figures import (
    _year_array,
)
from simulator.report.i18n import tr
from simulator.report.inputs import (
    HOURS_PER_DAY,
    ReportInputs,
)
from simulator.report.page import Page
from simulator.report.plot import (
    _heat_years,
    _new_figure,
)


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


def add(page: Page, inp: ReportInputs) -> None:
    """Add the curtailment heatmap (at most four years) to ``page``."""
    lang = page.lang
    years = sorted(int(y) for y in pd.unique(inp.hourly["year"]))
    shown = _heat_years(years)
    note = "" if shown == years else tr("years_note", lang, years=", ".join(map(str, shown)))
    page.figure(
        _fig_heatmap(inp, lang, shown),
        "fig-curtailment-heatmap",
        tr("fig_heatmap", lang),
        tr("cap_heatmap", lang, years_note=note),
    )
