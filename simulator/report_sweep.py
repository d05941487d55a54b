"""Sweep pages of the planner's report: dispatch sweeps and LP sweeps (``parkbalance sweep*``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.errors import InputError
from simulator.report import (
    _dim_label,
    _footer,
    _header,
    _heat_years,
    _how_to_read,
    _legend_right,
    _new_figure,
    _pct,
    _share_var,
)
from simulator.report_i18n import tr
from simulator.report_page import Page

if TYPE_CHECKING:  # pragma: no cover
    from simulator.report import ReportInputs


def choose_axes(ds: Any, axes: Sequence[str] | None, fixed: dict[str, float] | None) -> None:
    """Check ``--axes`` and ``--fix`` against the sweep."""




@dataclass
class _SweepAxes:
    x: str
    y: str | None
    fixed: dict[str, Any]
    years: list[int]
    n_weather: int


def _sweep_axes(ds: Any) -> _SweepAxes:
    share = ds[_share_var(ds)]
    grid = [d for d in share.dims if d not in ("year", "weather_year")]
    swept = [d for d in grid if share.sizes[d] > 1]
    if not swept:
        swept = grid[:1]
    if not swept:
        raise InputError(None, "renewable_share", "the sweep has no swept parameter")
    x = swept[0]
    y = swept[1] if len(swept) > 1 else None
    fixed = {d: ds[d].values[0] for d in grid if d not in (x, y)}
    years = [int(v) for v in ds["year"].values] if "year" in share.dims else []
    n_weather = int(share.sizes.get("weather_year", 1))
    return _SweepAxes(x, y, fixed, years, n_weather)


def _fixed_text(ax: _SweepAxes, lang: str) -> str:
    if not ax.fixed:
        return ""
    values = "; ".join(f"{_dim_label(d, lang)} = {_fmt_coord(v)}" for d, v in ax.fixed.items())
    return tr("cap_fixed", lang, values=values)


def _fmt_coord(v: Any) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{f:,.0f}" if f == round(f) else f"{f:,.3g}"


def _coord_list(values: Any, lang: str) -> str:
    """Coordinate values: all of them, or ``0 to 1,000 in steps of 50 (21 values)``."""
    vals = np.asarray(values)
    if vals.size > 6 and np.issubdtype(vals.dtype, np.number):
        steps = np.diff(vals.astype(float))
        if np.allclose(steps, steps[0], rtol=1e-9, atol=1e-12):
            return tr(
                "range_v",
                lang,
                a=_fmt_coord(vals[0]),
                b=_fmt_coord(vals[-1]),
                step=_fmt_coord(steps[0]),
                n=vals.size,
            )
    return ", ".join(_fmt_coord(v) for v in vals)


def _sweep_share(ds: Any, ax: _SweepAxes) -> Any:
    share = ds[_share_var(ds)]
    if ax.fixed:
        share = share.isel({d: 0 for d in ax.fixed})
    if "weather_year" in share.dims:
        share = share.mean("weather_year")
    return share


def _sweep_prob(ds: Any, ax: _SweepAxes) -> Any | None:
    if "p_meets_target" in ds.data_vars:
        p = ds["p_meets_target"]
    elif "meets_target" in ds.data_vars and "weather_year" in ds["meets_target"].dims:
        p = ds["meets_target"].astype(float).mean("weather_year")
    else:
        return None
    if ax.n_weather <= 1 and "weather_year" not in p.dims and "p_meets_target" not in ds:
        return None
    if ax.fixed:
        p = p.isel({d: 0 for d in ax.fixed if d in p.dims})
    return p


def _sweep_target(ds: Any, year: int | None) -> float | None:
    if "target_share" not in ds:
        return None
    t = ds["target_share"]
    if year is not None and "year" in t.dims:
        t = t.sel(year=year)
    vals = np.asarray(t.values, dtype=float).ravel()
    vals = vals[np.isfinite(vals)]
    return float(vals[0]) if vals.size else None


def _panel_grid(n: int) -> tuple[int, int]:
    cols = n if n <= 3 else 2
    return (n + cols - 1) // cols, cols


def _fig_contour(ds: Any, ax: _SweepAxes, field2d: Any, lang: str, prob: bool) -> Any:
    years = _heat_years(ax.years) if ax.years else [None]
    rows, cols = _panel_grid(len(years))
    height = 0.6 + (3.6 if cols < 3 else 3.0) * rows
    fig = _new_figure(10, height)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    fig.subplots_adjust(
        left=0.08,
        right=0.88,
        bottom=0.55 / height + 0.02,
        top=1 - 0.35 / height,
        hspace=0.4,
        wspace=0.3 if cols < 3 else 0.38,
    )
    levels = np.linspace(0, 100, 21)
    cs = None
    xv = np.asarray(ds[ax.x].values, dtype=float)
    yv = np.asarray(ds[ax.y].values, dtype=float)
    for a, year in zip(axes, years, strict=False):
        f = field2d.sel(year=year) if year is not None else field2d
        z = np.asarray(f.transpose(ax.y, ax.x).values, dtype=float) * 100
        cs = a.contourf(
            xv, yv, z, levels=levels, cmap="viridis" if not prob else "RdYlGn", extend="neither"
        )
        xx, yy = np.meshgrid(xv, yv)
        a.scatter(xx.ravel(), yy.ravel(), s=4, color="white", edgecolor="none", alpha=0.7)
        level = 50.0 if prob else (None if (t := _sweep_target(ds, year)) is None else t * 100)
        if level is not None and np.nanmin(z) < level < np.nanmax(z):
            line = a.contour(xv, yv, z, levels=[level], colors="black", linewidths=2.4)
            label = f"{level:.0f}%" if prob else tr("target_line", lang, v=f"{level:.1f}%")
            a.clabel(line, fmt={line.levels[0]: label}, fontsize=8, inline=True)
        elif level is not None:
            a.text(
                0.02,
                0.02,
                tr("target_line", lang, v=f"{level:.1f}%") if not prob else "",
                transform=a.transAxes,
                fontsize=8,
                color="white",
            )
        a.set_xlabel(_dim_label(ax.x, lang))
        a.set_ylabel(_dim_label(ax.y, lang))
        a.grid(False)
        if year is not None:
            a.set_title(str(year), loc="left", fontweight="bold")
    for a in axes[len(years) :]:
        a.set_visible(False)
    cax = fig.add_axes(
        (
            0.9,
            axes[min(len(years), len(axes)) - 1].get_position().y0,
            0.015,
            axes[0].get_position().y1 - axes[min(len(years), len(axes)) - 1].get_position().y0,
        )
    )
    cb = fig.colorbar(cs, cax=cax)
    cb.set_label(tr("ax_probability" if prob else "ax_share", lang))
    return fig


def _fig_sweep_line(ds: Any, ax: _SweepAxes, field1d: Any, lang: str, prob: bool) -> Any:
    fig = _new_figure(10, 4.0)
    a = fig.subplots()
    fig.subplots_adjust(left=0.09, right=0.8, bottom=0.13, top=0.95)
    xv = np.asarray(ds[ax.x].values, dtype=float)
    years = ax.years or [None]
    cmap = __import__("matplotlib").colormaps["viridis"]
    for i, year in enumerate(years):
        f = field1d.sel(year=year) if year is not None else field1d
        colour = cmap(i / max(1, len(years) - 1) * 0.85)
        a.plot(
            xv,
            np.asarray(f.values, dtype=float).ravel() * 100,
            marker="o",
            markersize=3,
            color=colour,
            label=str(year) if year is not None else None,
        )
        t = _sweep_target(ds, year)
        if t is not None and not prob:
            a.axhline(t * 100, color=colour, linestyle="--", linewidth=1.2)
    a.set_xlabel(_dim_label(ax.x, lang))
    a.set_ylabel(tr("ax_probability" if prob else "ax_share", lang))
    a.set_ylim(0, 100)
    if ax.years:
        _legend_right(a)
    return fig




def render_sweep(
    inp: ReportInputs,
    lang: str,
    axes: Sequence[str] | None = None,
    fixed: dict[str, float] | None = None,
) -> str:
    """Return the page of a sweep (dispatch or LP sweep)."""
    ds = inp.sweep
    ax = _sweep_axes(ds)
    page = Page(lang)
    title = f"{tr('title_sweep', lang)} — {inp.scenario_name}"
    _header(page, inp, tr("title_sweep", lang))
    page.h2("summary", "summary")
    share = ds[_share_var(ds)]
    grid = [d for d in share.dims if d not in ("year", "weather_year")]
    rows = [[(_dim_label(d, lang), "rowhead"), (_coord_list(ds[d].values, lang), "")] for d in grid]
    if "weather_year" in share.dims:
        rows.append(
            [
                (tr("weather_years", lang), "rowhead"),
                (_coord_list(ds["weather_year"].values, lang), ""),
            ]
        )
    n_parks = int(np.prod([share.sizes[d] for d in grid])) if grid else 1
    rows.append([(tr("sweep_scenarios", lang), "rowhead"), (f"{n_parks * ax.n_weather:,}", "")])
    page.table(
        tr("tab_sweep_dims", lang),
        [tr("col_parameter", lang), tr("col_values", lang)],
        rows,
        "table-sweep-dims",
    )
    # share range and fraction of points that meet the target, per year
    mean = share.mean("weather_year") if "weather_year" in share.dims else share
    header = [tr("col_year", lang), tr("col_target", lang), tr("col_share_range", lang)]
    yrs = ax.years or [None]
    srows = []
    for y in yrs:
        v = mean.sel(year=y) if y is not None else mean
        vals = np.asarray(v.values, dtype=float)
        t = _sweep_target(ds, y)
        srows.append(
            [
                (str(y) if y is not None else "–", "num"),
                (_pct(t), "num"),
                (f"{_pct(np.nanmin(vals))} – {_pct(np.nanmax(vals))}", "num"),
            ]
        )
    page.table(tr("tab_shares", lang), header, srows, "table-sweep-shares")
    _how_to_read(page, inp)
    page.h2("figures", "figures")
    fixed = _fixed_text(ax, lang)
    mean_note = tr("cap_contour_mean", lang, n=ax.n_weather) if ax.n_weather > 1 else ""
    field = _sweep_share(ds, ax)
    prob = _sweep_prob(ds, ax)
    n_w = ax.n_weather
    if ax.y is not None:
        page.figure(
            _fig_contour(ds, ax, field, lang, False),
            "fig-sweep-share",
            tr("fig_contour", lang),
            tr(
                "cap_contour",
                lang,
                x=_dim_label(ax.x, lang),
                y=_dim_label(ax.y, lang),
                mean=mean_note,
                fixed=fixed,
            ),
        )
        if prob is not None:
            page.figure(
                _fig_contour(ds, ax, prob, lang, True),
                "fig-sweep-probability",
                tr("fig_prob", lang),
                tr(
                    "cap_prob",
                    lang,
                    n=n_w,
                    x=_dim_label(ax.x, lang),
                    y=_dim_label(ax.y, lang),
                    fixed=fixed,
                ),
            )
    else:
        page.figure(
            _fig_sweep_line(ds, ax, field, lang, False),
            "fig-sweep-share",
            tr("fig_line", lang),
            tr("cap_line", lang, x=_dim_label(ax.x, lang), mean=mean_note, fixed=fixed),
        )
        if prob is not None:
            page.figure(
                _fig_sweep_line(ds, ax, prob, lang, True),
                "fig-sweep-probability",
                tr("fig_prob", lang),
                tr("cap_prob_line", lang, n=n_w, x=_dim_label(ax.x, lang), fixed=fixed),
            )
    _footer(page)
    return page.html(title)


