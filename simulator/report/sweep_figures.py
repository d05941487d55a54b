"""Figures of a dispatch sweep.

Share and probability contours, the chosen values of the optimised parameters, the cost map, the
cost-versus-share frontier, and the lines of a one-parameter sweep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.report.format import MONEY_UNIT_SCALE, money_unit
from simulator.report.i18n import tr
from simulator.report.inputs import _dim_label
from simulator.report.plot import _heat_years, _legend_right, _new_figure
from simulator.report.sweep_axes import (
    _YEAR_STYLES,
    SweepView,
)
from simulator.report.sweep_costs import (
    _Optimised,
    _target,
)

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = []

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
