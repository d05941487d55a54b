"""The renewable share figure of a plan report: LP and simulated shares against the targets."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.report.figures import (
    _kpi,
    _targets,
)
from simulator.report.i18n import tr
from simulator.report.inputs import ReportInputs, _pct
from simulator.report.page import Page
from simulator.report.plot import (
    COLOURS,
    _bar_labels,
    _legend_right,
    _new_figure,
    _year_axis,
)


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


def add(page: Page, inp: ReportInputs) -> None:
    """Add the renewable share figure to ``page``."""
    lang = page.lang
    page.figure(
        _fig_share(inp, lang),
        "fig-share",
        tr("fig_share", lang),
        tr("cap_share" if inp.kpis_lp and inp.kpis_sim else "cap_share_sim", lang),
    )
