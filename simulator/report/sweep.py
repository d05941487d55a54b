"""Sweep pages of the planner's report: dispatch sweeps and LP sweeps (``parkbalance sweep*``).

Dispatch sweeps (``parkbalance sweep``)
    For two chosen swept parameters (the first two by default, ``axes``), the renewable share per
    year as filled contours with the year's target as a thick contour. Every other swept
    parameter is either held at a value the user chose (``fixed``) or **optimised**: at each
    point the cheapest value of the other parameters that meets the year's target (where none
    does, the value with the largest share); they are never silently held at their first value.
    The cost of a design is its annualised cost [currency/yr]: for capacity above the scenario's
    existing capacity, (annuity factor + fixed O&M share) × capex, plus the energy costs of the
    sweep's yearly sums (grid import at the scenario's tariff — the mean of a time-of-use tariff —,
    captive coal fuel, unserved energy at the value of lost load, minus export revenue), averaged
    over the years (and weather years). The page also shows the annualised cost of the cheapest
    design that meets every year's target at each point, the cost-versus-share frontier of all
    designs with those that pass every rule marked, the cheapest passing designs, and P(target
    met) where weather years were run.

LP sweeps (``parkbalance sweep-size``)
    The objective, the capacities of every year and the shares (LP and simulated) against the
    varied parameter, one line per year with its own marker and dash style; a table of every
    point; and, with several varied parameters, a tornado chart of the objective (each parameter
    from its lowest to its highest value with the others at their base value).

The scenario (costs, policy) is the one embedded in the sweep (``attrs["scenario_toml"]``) when
present, else the built-in scenario of that name; without it the page says that costs are not
known and optimises by the smallest design instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.report.format import money, money_in_unit, money_unit, pct
from simulator.report.i18n import tr
from simulator.report.inputs import _dim_label
from simulator.report.page import Page, esc
from simulator.report.sections import _footer, _header, _how_to_read
from simulator.report.summary import _when
from simulator.report.sweep_axes import (
    _TOL,
    SweepView,
    _coord,
    _dims_table,
    _grid_dims,
    _is_lp_sweep,
    _values_text,
    choose_axes,
)
from simulator.report.sweep_costs import (
    _mean_share,
    _optimise,
    _Optimised,
    _passes_rules,
    _prob,
    _sweep_scenario,
    _target,
    design_costs,
)
from simulator.report.sweep_figures import (
    _fig_chosen,
    _fig_contour,
    _fig_cost_map,
    _fig_frontier,
    _fig_lines,
)
from simulator.report.sweep_lp import _render_lp

if TYPE_CHECKING:  # pragma: no cover
    from simulator.core.scenario import Scenario
    from simulator.report.inputs import ReportInputs

__all__ = ["SweepView", "choose_axes", "design_costs", "render_sweep"]

# ---- pages ---------------------------------------------------------------------------------------


def _shares_table(page: Page, ds: Any, view: SweepView, share: Any) -> None:
    """Add the share range per year and how many designs meet the year's target."""
    lang = page.lang
    grid = _grid_dims(ds)
    header = [
        tr("col_year", lang),
        tr("col_target", lang),
        tr("col_share_range", lang),
        tr("col_share_passing", lang),
    ]
    srows = []
    n_all = int(np.prod([ds.sizes[d] for d in grid])) if grid else 1
    for y in view.years or [None]:
        v = share.sel(year=y) if y is not None else share
        vals = np.asarray(v.values, dtype=float)
        t = _target(ds, y)
        met = int(np.sum(vals >= (t if t is not None else -np.inf) - _TOL))
        srows.append(
            [
                (str(y) if y is not None else "–", "num"),
                (pct(t), "num"),
                (f"{pct(np.nanmin(vals))} – {pct(np.nanmax(vals))}", "num"),
                (f"{met:,} / {n_all:,}", "num"),
            ]
        )
    page.table(tr("tab_shares", lang), header, srows, "table-sweep-shares")


def _caption_notes(view: SweepView, costs_known: bool, lang: str) -> tuple[str, str]:
    """Caption parts: how the other parameters are chosen or held, and the weather-year mean."""
    names = ", ".join(_dim_label(d, lang) for d in view.optimised)
    how = tr("cap_optimised", lang, names=names) if view.optimised else ""
    if view.optimised and not costs_known:
        how = tr("cap_optimised_nocost", lang, names=names)
    fixed_note = tr("cap_fixed", lang, values=_values_text(view.fixed, lang)) if view.fixed else ""
    mean_note = tr("cap_contour_mean", lang, n=view.n_weather) if view.n_weather > 1 else ""
    return how + fixed_note, mean_note


def _map_figures(
    page: Page, ds: Any, view: SweepView, opt: _Optimised, notes: tuple[str, str], cur: str
) -> None:
    """Add the figures over two axes: share, probability, chosen values, cost map."""
    lang = page.lang
    fixed, mean = notes
    x, y = _dim_label(view.x, lang), _dim_label(view.y or "", lang)
    page.figure(
        _fig_contour(ds, view, opt.share, lang, False),
        "fig-sweep-share",
        tr("fig_contour", lang),
        tr("cap_contour", lang, x=x, y=y, mean=mean, fixed=fixed),
    )
    if opt.prob is not None:
        page.figure(
            _fig_contour(ds, view, opt.prob, lang, True),
            "fig-sweep-probability",
            tr("fig_prob", lang),
            tr("cap_prob", lang, n=view.n_weather, x=x, y=y, fixed=fixed),
        )
    if view.optimised and view.years:
        names = ", ".join(_dim_label(d, lang) for d in view.optimised[:2])
        page.figure(
            _fig_chosen(ds, view, opt, lang),
            "fig-sweep-chosen",
            tr("fig_chosen", lang),
            tr("cap_chosen", lang, names=names, year=view.years[-1], x=x, y=y),
        )
    if opt.cost_all is not None:
        unit = money_unit(lang, cur, per_year=True)
        page.figure(
            _fig_cost_map(ds, view, opt.cost_all, lang, cur),
            "fig-sweep-cost",
            tr("fig_cost_map", lang),
            tr("cap_cost_map", lang, x=x, y=y, unit=unit, fixed=fixed),
        )


def _line_figures(
    page: Page, ds: Any, view: SweepView, opt: _Optimised, notes: tuple[str, str]
) -> None:
    """Add the figures of a one-axis sweep: share and probability against the parameter."""
    lang = page.lang
    fixed, mean = notes
    x = _dim_label(view.x, lang)
    share = {"": opt.share[:, 0, :] if opt.share.ndim == 3 else opt.share}
    page.figure(
        _fig_lines(ds, view, share, lang, tr("ax_share", lang), True),
        "fig-sweep-share",
        tr("fig_line", lang),
        tr("cap_line", lang, x=x, mean=mean, fixed=fixed),
    )
    if opt.prob is not None:
        prob = {"": opt.prob if opt.prob.ndim == 2 else opt.prob[:, 0, :]}
        page.figure(
            _fig_lines(ds, view, prob, lang, tr("ax_probability", lang), False),
            "fig-sweep-probability",
            tr("fig_prob", lang),
            tr("cap_prob_line", lang, n=view.n_weather, x=x, fixed=fixed),
        )


def _frontier_figure(
    page: Page, ds: Any, view: SweepView, share: Any, cost: Any, passes: Any, cur: str
) -> None:
    """Add the cost-versus-share frontier of every design in the last year."""
    lang = page.lang
    grid = _grid_dims(ds)
    last = view.years[-1]
    c = np.asarray(cost.values, dtype=float).ravel()
    s_last = np.asarray(share.sel(year=last).transpose(*grid).values, dtype=float).ravel()
    ok = np.asarray(passes.transpose(*grid).values, dtype=bool).ravel()
    page.figure(
        _fig_frontier(c, s_last, ok, lang, cur, last),
        "fig-sweep-frontier",
        tr("fig_frontier", lang),
        tr(
            "cap_frontier",
            lang,
            n=f"{c.size:,}",
            year=last,
            unit=money_unit(lang, cur, per_year=True),
        ),
    )


def _render_dispatch(page: Page, inp: ReportInputs, view: SweepView) -> None:
    """Add the summary and the figures of a dispatch sweep."""
    ds = inp.sweep
    sc = _sweep_scenario(ds)
    cur = sc.finance.currency if sc is not None else "CNY"
    share = _mean_share(ds)
    cost = design_costs(ds, sc) if sc is not None else None
    passes = _passes_rules(ds, sc, share)

    page.h2("summary", "summary")
    _dims_table(page, ds, view.n_weather)
    # share range per year and the cheapest design that passes every rule
    _shares_table(page, ds, view, share)
    _cheapest_table(page, ds, sc, share, cost, passes, cur, view)
    _how_to_read(page, inp)

    page.h2("figures", "figures", newpage=True)
    notes = _caption_notes(view, cost is not None, page.lang)
    opt = _optimise(ds, view, share, cost, _prob(ds))
    if view.y is not None:
        _map_figures(page, ds, view, opt, notes, cur)
    else:
        _line_figures(page, ds, view, opt, notes)
    if cost is not None and view.years:
        _frontier_figure(page, ds, view, share, cost, passes, cur)


def _cheapest_table(
    page: Page,
    ds: Any,
    sc: Scenario | None,
    share: Any,
    cost: Any | None,
    passes: Any,
    cur: str,
    view: SweepView,
    most: int = 8,
) -> None:
    """Add the cheapest designs that pass every rule (or say that none does / costs are unknown)."""
    lang = page.lang
    grid = _grid_dims(ds)
    if cost is None:
        page.add(f"<p>{esc(tr('sweep_no_costs', lang))}</p>")
        return
    c = np.asarray(cost.transpose(*grid).values, dtype=float)
    ok = np.asarray(passes.transpose(*grid).values, dtype=bool)
    n_ok = int(ok.sum())
    page.add(f"<p>{esc(tr('sweep_passing', lang, n=f'{n_ok:,}', total=f'{ok.size:,}'))}</p>")
    if not n_ok:
        return
    flat = np.flatnonzero(ok.ravel())
    order = flat[np.argsort(c.ravel()[flat])][:most]
    prob_all = ds["p_meets_all_targets"] if "p_meets_all_targets" in ds else None
    header = [_dim_label(d, lang) for d in grid]
    header.append(tr("col_annual_cost", lang, unit=money_unit(lang, cur, per_year=True)))
    header += [tr("col_share_year", lang, year=y) for y in view.years]
    if prob_all is not None:
        header.append(tr("col_p_all", lang))
    rows = []
    for f in order:
        idx = np.unravel_index(f, c.shape)
        point = {d: int(i) for d, i in zip(grid, idx, strict=True)}
        row = [(_coord(ds[d].values[i]), "num") for d, i in point.items()]
        row.append((money_in_unit(c[idx], lang), "num"))
        for y in view.years:
            row.append((pct(float(share.isel(point).sel(year=y).values)), "num"))
        if prob_all is not None:
            row.append((pct(float(prob_all.isel(point).values), 0), "num"))
        rows.append(row)
    page.table(tr("tab_cheapest", lang), header, rows, "table-sweep-cheapest")
    best = order[0]
    page.add(f"<p>{esc(tr('sweep_cheapest', lang, cost=money(c.ravel()[best], lang, cur)))}</p>")


def render_sweep(
    inp: ReportInputs,
    lang: str,
    axes: Sequence[str] | None = None,
    fixed: dict[str, float] | None = None,
) -> str:
    """Return the page of a sweep (dispatch or LP sweep)."""
    ds = inp.sweep
    view = choose_axes(ds, axes, fixed)
    page = Page(lang)
    lp = _is_lp_sweep(ds)
    key = "title_lp_sweep" if lp else "title_sweep"
    title = f"{tr(key, lang)} — {inp.scenario_name}"
    _header(page, inp, tr(key, lang))
    if lp:
        _render_lp(page, inp, view)
    else:
        _render_dispatch(page, inp, view)
    created = ds.attrs.get("created")
    version = ds.attrs.get("parkbalance_version")
    if created or version:
        page.add(
            '<p class="sub">'
            + esc(
                tr(
                    "sweep_made",
                    lang,
                    created=_when(created) if created else "–",
                    version=version or "–",
                )
            )
            + "</p>"
        )
    _footer(page)
    return page.html(title)
