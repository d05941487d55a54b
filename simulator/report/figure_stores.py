"""The store mix and coal retrofit figure of the plan report.

Per year: the energy [MWh] and power [MW] of each store, stacked in dispatch order, and, for a
park with a coal flexibility retrofit option, the coal minimum load m_y of each year against the
unit's original minimum and the lowest minimum load the retrofit reaches. Shown only for parks
with several stores or a retrofit option (:func:`store_mix_shown`); the capacities are the
park's own names (:mod:`simulator.report.components`), the same for a simulation and a plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.core.vocabulary import store_assets
from simulator.report.components import ParkItems, park_items
from simulator.report.format import num, pct
from simulator.report.i18n import tr
from simulator.report.plot import COLOURS, _bar_labels, _legend_right, _new_figure, _year_axis

if TYPE_CHECKING:  # pragma: no cover
    from simulator.report.inputs import ReportInputs
    from simulator.report.page import Page

__all__ = ["ANCHOR", "add_store_mix", "fig_store_mix", "store_mix_shown"]

#: Anchor of the figure on the page.
ANCHOR = "fig-store-mix"
#: Colours of the stores in dispatch order (the first is the storage colour of every figure).
STORE_COLOURS = ("#8e6cc9", "#3f2a73", "#c5b3e6", "#b5739d", "#6a51a3", "#dadaeb")


def _mw(v: float) -> str:
    """Format a power in MW without decimals, with one where it is not whole (87.5)."""
    return num(v, digits=0 if abs(v - round(v)) < 1e-9 else 1)


def store_mix_shown(items: ParkItems, columns: list[str]) -> bool:
    """Whether the figure is shown: several stores with their capacities, or a retrofit option."""
    stores = [s for s in items.stores if all(t.name in columns for t in store_assets(s))]
    return len(stores) > 1 or (items.retrofit and "coal_min_load_mw" in columns)


def _stacked(ax: Any, caps: Any, items: ParkItems, which: int, years: list[int]) -> list:
    """Stack the energy (``which`` 0) or power (1) of each store per year; the bar handles."""
    x = np.arange(len(years))
    bottom = np.zeros(len(years))
    handles = []
    for k, s in enumerate(items.stores):
        col = store_assets(s)[which].name
        v = caps[col].to_numpy(dtype=float)
        handles.append(
            ax.bar(x, v, 0.6, bottom=bottom, color=STORE_COLOURS[k % len(STORE_COLOURS)], label=s)
        )
        bottom = bottom + v
    if len(years) <= 6:
        _bar_labels(ax, x, bottom, [num(v, digits=0) for v in bottom])
    _year_axis(ax, years)
    ax.margins(y=0.14)
    ax.set_ylim(bottom=0, top=max(1.0, ax.get_ylim()[1]))
    return handles


def _retrofit_panel(
    ax: Any, caps: Any, items: ParkItems, years: list[int], lang: str, alone: bool
) -> None:
    """Bars of m_y with the original minimum (dashed) and the retrofit floor (dotted).

    ``alone``: the only panel of the figure (the legend then goes to the right).
    """
    x = np.arange(len(years))
    m = caps["coal_min_load_mw"].to_numpy(dtype=float)
    ax.bar(x, m, 0.6, color=COLOURS["coal"], alpha=0.8, label=tr("s_coal_min", lang))
    if len(years) <= 6:
        _bar_labels(ax, x, m, [_mw(v) for v in m])
    cap = items.coal_capacity_mw
    lines = (
        (items.coal_min_mw, "s_coal_min_orig", "--", "#000000"),
        (items.coal_floor_mw, "s_coal_floor", ":", COLOURS["target"]),
    )
    for v, key, style, colour in lines:
        if v is None:
            continue
        share = pct(v / cap, 0) if cap else "–"
        ax.axhline(v, color=colour, linestyle=style, linewidth=1.6,
                   label=tr(key, lang, mw=_mw(v), share=share))  # fmt: skip
    if items.coal_min_mw is not None and items.coal_floor_mw is not None:
        ax.axhspan(items.coal_floor_mw, items.coal_min_mw, color=COLOURS["target"], alpha=0.06,
                   linewidth=0)  # fmt: skip
    _year_axis(ax, years)
    top = max([float(np.nanmax(m)) if m.size else 0.0, items.coal_min_mw or 0.0])
    ax.set_ylim(0, max(1.0, top * 1.3))
    ax.set_ylabel(tr("ax_coal_min", lang))
    ax.set_title(tr("pt_coal_min", lang), loc="left", fontsize=10)
    if alone:
        _legend_right(ax)
    else:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False, ncols=1)


def fig_store_mix(inp: ReportInputs, lang: str, items: ParkItems | None = None) -> Any:
    """Draw the store mix (several stores) and the coal minimum load (a retrofit option)."""
    items = items if items is not None else park_items(inp)
    caps = inp.capacities
    columns = [str(c) for c in caps.columns]
    years = [int(y) for y in caps["year"]]
    stores = [s for s in items.stores if all(t.name in columns for t in store_assets(s))]
    show_stores = len(stores) > 1
    show_coal = items.retrofit and "coal_min_load_mw" in columns
    items = ParkItems(**{**items.__dict__, "stores": tuple(stores)})
    n = 2 * show_stores + show_coal
    fig = _new_figure(10, 4.4 if show_stores else 3.6)
    axes = list(np.atleast_1d(fig.subplots(1, n)))
    if show_stores:
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.3, top=0.9, wspace=0.42)
    else:
        fig.subplots_adjust(left=0.08, right=0.7, bottom=0.1, top=0.9)
    if show_stores:
        ax_e, ax_p = axes[0], axes[1]
        handles = _stacked(ax_e, caps, items, 0, years)
        _stacked(ax_p, caps, items, 1, years)
        ax_e.set_ylabel(tr("ax_store_mwh", lang))
        ax_p.set_ylabel(tr("ax_store_mw", lang))
        ax_e.set_title(tr("pt_store_mwh", lang), loc="left", fontsize=10)
        ax_p.set_title(tr("pt_store_mw", lang), loc="left", fontsize=10)
        ax_e.legend(handles, list(stores), loc="upper left", bbox_to_anchor=(0, -0.1),
                    frameon=False, ncols=min(4, len(stores)), title=tr("s_stores_order", lang),
                    title_fontsize=9, alignment="left")  # fmt: skip
    if show_coal:
        _retrofit_panel(axes[-1], caps, items, years, lang, alone=not show_stores)
    return fig


def add_store_mix(page: Page, inp: ReportInputs) -> None:
    """Add the figure to ``page`` when the park has several stores or a retrofit option."""
    caps = inp.capacities
    if caps is None or not len(caps):
        return
    items = park_items(inp)
    columns = [str(c) for c in caps.columns]
    if not store_mix_shown(items, columns):
        return
    lang = page.lang
    stores = [s for s in items.stores if all(t.name in columns for t in store_assets(s))]
    show_stores = len(stores) > 1
    show_coal = items.retrofit and "coal_min_load_mw" in columns
    parts = []
    if show_stores:
        parts.append(tr("cap_store_mix", lang, order=" → ".join(stores)))
    if show_coal:
        parts.append(_retrofit_caption(inp, items, lang))
    title = "fig_store_mix" if show_stores and show_coal else (
        "fig_store_mix_stores" if show_stores else "fig_store_mix_retrofit"
    )  # fmt: skip
    page.figure(fig_store_mix(inp, lang, items), ANCHOR, tr(title, lang), " ".join(parts))


def _retrofit_caption(inp: ReportInputs, items: ParkItems, lang: str) -> str:
    """Caption of the retrofit panel: the original minimum, the floor and the full depth's cost."""
    if items.coal_min_mw is None or items.coal_floor_mw is None or not items.coal_capacity_mw:
        return tr("cap_retrofit_bare", lang)
    found = inp.scenario
    coal = found.scenario.coal if found is not None else None
    capex = coal.retrofit_capex_per_kw if coal is not None else None
    cur = found.scenario.finance.currency if found is not None else inp.currency
    unit = "元/kW" if lang == "zh" and cur == "CNY" else f"{cur}/kW"
    return tr(
        "cap_retrofit",
        lang,
        cap=_mw(items.coal_capacity_mw),
        orig=_mw(items.coal_min_mw),
        orig_share=pct(items.coal_min_mw / items.coal_capacity_mw, 0),
        floor=_mw(items.coal_floor_mw),
        floor_share=pct(items.coal_floor_mw / items.coal_capacity_mw, 0),
        capex=f"{num(capex, digits=0)} {unit}" if capex is not None else "–",
    )
