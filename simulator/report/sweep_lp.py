"""The page of an LP sweep (``parkbalance sweep-size``).

Objective, capacities and shares against a varied parameter, the table of every point, the
tornado chart.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.report.format import MONEY_UNIT_SCALE, money, money_in_unit, money_unit, num, pct
from simulator.report.i18n import status_text, tr
from simulator.report.inputs import _dim_label
from simulator.report.page import Page, esc
from simulator.report.plot import _legend_right, _new_figure
from simulator.report.sections import _how_to_read
from simulator.report.sweep_axes import (
    _CAPS,
    _YEAR_STYLES,
    SweepView,
    _coord,
    _dims_table,
    _values_text,
)
from simulator.report.sweep_costs import (
    _sweep_scenario,
)
from simulator.report.sweep_figures import (
    _fig_lines,
    _thousands,
)

if TYPE_CHECKING:  # pragma: no cover
    from simulator.core.scenario import Scenario
    from simulator.report.inputs import ReportInputs

__all__ = []

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


def _lp_statuses(page: Page, ds: Any) -> None:
    """Add how many points ended in each solver status."""
    status = np.asarray(ds["status"].values).ravel() if "status" in ds else np.array([])
    if not status.size:
        return
    lang = page.lang
    counts = {s: int((status == s).sum()) for s in dict.fromkeys(status.tolist())}
    text = ("；" if lang == "zh" else "; ").join(
        f"{status_text(str(s), lang)}: {n}" for s, n in counts.items()
    )
    page.add(f"<p>{esc(tr('lp_statuses', lang, text=text))}</p>")


def _lp_points_table(page: Page, ds: Any, dims: list[str], cur: str, last: int) -> None:
    """Add every point: parameters, status, objective, capacities and shares of the last year."""
    lang = page.lang
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
        st = str(ds["status"].isel(point).values) if "status" in ds else ""
        row.append((status_text(st, lang) if st else "–", ""))
        row.append((money_in_unit(float(ds["objective"].isel(point).values), lang), "num"))
        for k in _CAPS:
            row.append((num(float(ds[k].isel(point).sel(year=last).values)), "num"))
        for var in ("lp_renewable_share", "simulated_renewable_share"):
            row.append((pct(float(ds[var].isel(point).sel(year=last).values)), "num"))
        rows.append(row)
    page.table(tr("tab_lp_points", lang), header, rows, "table-lp-points")


def _lp_figures(
    page: Page, ds: Any, x: str, swept: list[str], base: dict[str, int], cur: str
) -> None:
    """Add the objective, capacities and shares against ``x``, and the tornado chart."""
    lang = page.lang
    dims = list(ds["objective"].dims)
    years = [int(y) for y in ds["year"].values]
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
        tr(key, lang): np.asarray(ds[var].isel(sel).transpose("year", x).values, dtype=float)
        for key, var in (
            ("s_share_lp", "lp_renewable_share"),
            ("s_share_sim", "simulated_renewable_share"),
        )
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


def _render_lp(page: Page, inp: ReportInputs, view: SweepView) -> None:
    """Add the summary and the figures of an LP sweep."""
    ds = inp.sweep
    sc = _sweep_scenario(ds)
    cur = str(ds["objective"].attrs.get("units") or (sc.finance.currency if sc else "CNY"))
    dims = [d for d in ds["objective"].dims]
    swept = [d for d in dims if ds.sizes[d] > 1] or dims[:1]
    base = _lp_base(ds, dims, sc)

    page.h2("summary", "summary")
    _dims_table(page, ds, 1)
    _lp_statuses(page, ds)
    n_points = int(np.prod([ds.sizes[d] for d in dims])) if dims else 1
    if n_points <= 60:
        _lp_points_table(page, ds, dims, cur, int(ds["year"].values[-1]))
    _how_to_read(page, inp)
    page.h2("figures", "figures", newpage=True)
    _lp_figures(page, ds, view.x if view.x in dims else swept[0], swept, base, cur)
