"""Key assumptions of a park's own peaking resources: each store, process, curtailable load.

Rows of the report's "Key assumptions" list (:func:`simulator.report.sections._assumptions`)
for parks with several stores, flexible processes, curtailable loads, a coal flexibility
retrofit option or a carbon price; a park without them gets none of these rows or words.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from simulator.report.i18n import tr
from simulator.report.page import esc

if TYPE_CHECKING:  # pragma: no cover
    from simulator.core.scenario import Scenario
    from simulator.core.scenario_components import Storage

__all__ = ["carbon_text", "coal_retrofit_text", "item_rows", "store_rows", "store_text"]

#: An assumption row: label (text) and value (HTML).
Row = tuple[str, str]


def _limit(v: float | None, unit: str, lang: str) -> str:
    """``1,200 MW``, or "unlimited" for no limit."""
    return tr("unlimited", lang) if v is None or math.isinf(v) else f"{v:,.0f} {unit}"


def _per_year(v: Any, lang: str) -> str:
    """Format a yearly amount [MWh] in GWh, one value or one per year ("unlimited": None)."""
    if v is None:
        return tr("unlimited", lang)
    vals = v if isinstance(v, list) else [v]
    return "/".join(f"{float(x) / 1e3:,.1f}" for x in vals) + " GWh"


def store_text(st: Storage, lang: str) -> str:
    """Describe a store in words: size, limits, round-trip efficiency, minimum SOC."""
    return tr(
        "as_storage_v",
        lang,
        e=st.existing_mwh,
        p=st.existing_mw,
        emax=_limit(st.max_mwh, "MWh", lang),
        pmax=_limit(st.max_mw, "MW", lang),
        rt=st.charge_efficiency * st.discharge_efficiency,
        minsoc=st.min_soc,
    )


def store_rows(sc: Scenario, lang: str, cur: str) -> list[Row]:
    """One row per store (several stores): its size, limits, efficiency and costs."""
    rows = []
    for st in sc.stores:
        text = store_text(st, lang)
        text += tr("as_store_costs_v", lang, e=st.capex_per_kwh, p=st.capex_per_kw, cur=cur,
                   om=st.fixed_om_share)  # fmt: skip
        label = tr("as_store", lang, name="\0")
        rows.append((label.replace("\0", st.name), esc(text)))
    return rows


def _demand_text(pr: Any, lang: str) -> str:
    """Product demand of a process: t/yr with kWh/kg, kg/h, a constant, or a profile."""
    mw = pr.constant_demand_mw()
    if mw is None:
        return tr("as_demand_csv", lang)
    if pr.demand_t_per_year is not None:
        return tr("as_demand_t", lang, t=pr.demand_t_per_year, kwh=pr.kwh_per_kg, mw=mw)
    if pr.demand_kg_per_h is not None:
        return tr("as_demand_kg", lang, kg=pr.demand_kg_per_h, kwh=pr.kwh_per_kg, mw=mw)
    return tr("as_demand_mw", lang, mw=mw)


def item_rows(sc: Scenario, lang: str, cur: str) -> list[Row]:
    """One row per flexible process and per curtailable load."""
    rows: list[Row] = []
    for pr in sc.processes:
        text = tr(
            "as_process_v",
            lang,
            mw=pr.existing_mw,
            max=_limit(pr.max_mw, "MW", lang),
            minload=pr.min_load_share,
            b=pr.buffer_existing_mwh,
            bmax=_limit(pr.buffer_max_mwh, "MWh", lang),
            demand=_demand_text(pr, lang),
            capex=pr.capex_per_kw,
            bcapex=pr.buffer_capex_per_kwh,
            cur=cur,
        )
        rows.append((tr("as_process", lang, name="\0").replace("\0", pr.name), esc(text)))
    for ld in sc.curtailable_loads:
        text = tr(
            "as_curtailable_v",
            lang,
            mw=ld.curtailable_mw,
            budget=_per_year(ld.max_curtailed_mwh_per_year, lang),
            cost=ld.curtail_cost_per_mwh,
            cur=cur,
        )
        label = tr("as_curtailable", lang, name="\0").replace("\0", ld.name)
        rows.append((label, esc(text)))
    return rows


def coal_retrofit_text(sc: Scenario, lang: str, cur: str) -> str:
    """Describe the retrofit option, appended to the coal plant's row ('' without one)."""
    coal = sc.coal
    if coal is None or coal.retrofit_min_load_share is None:
        return ""
    return tr(
        "as_retrofit_v",
        lang,
        floor=coal.retrofit_min_load_share,
        capex=coal.retrofit_capex_per_kw,
        cur=cur,
        life=coal.retrofit_lifetime_years,
    )


def carbon_text(sc: Scenario, lang: str, cur: str) -> str:
    """Describe the carbon price, appended to the finance row ('' when it is 0)."""
    price = sc.finance.carbon_price_per_t
    return tr("as_carbon_v", lang, price=price, cur=cur) if price > 0 else ""
