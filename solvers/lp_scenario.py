"""From a scenario and its profiles to the LP's inputs (:class:`~solvers.lp_data.LPData`)."""

from __future__ import annotations

import numpy as np

from simulator.core.errors import InputError
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR, Scenario
from solvers.lp_data import LPData

__all__ = ["check_lp_components", "lp_data_from_scenario"]


def check_lp_components(scenario: Scenario, typical_days: bool = False) -> None:
    """Refuse a park with components the chosen time model of the LP does not take.

    The full-hour LP and the segments take every component (several stores, flexible
    processes, curtailable loads, the coal retrofit; ``docs/model.md`` §5). Typical days
    (``docs/tsa.md``) link one store's state of charge through the day sequence and have no
    product buffer: a park with several stores or flexible processes is refused there, as an
    input error naming the field.

    Parameters
    ----------
    scenario : Scenario
        The park.
    typical_days : bool
        Whether the LP is to be solved on typical days.

    Raises
    ------
    InputError
        Naming the scenario file and the first such field.
    """
    if not typical_days:
        return
    found = None
    if len(scenario.stores) > 1:
        found = "storage"
    elif scenario.processes:
        found = "processes"
    if found is not None:
        raise InputError(
            scenario.label,
            found,
            "typical days take one store and no flexible processes; size this park on every "
            "hour (the default) or with --segments N",
        )


def lp_data_from_scenario(scenario: Scenario, profiles: Profiles) -> LPData:
    """Fill :class:`LPData` from a scenario and its hourly profiles.

    Parameters
    ----------
    scenario : Scenario
        The park.
    profiles : Profiles
        Hourly load [MW] and capacity factors [1], ``years * 8760`` values each.

    Returns
    -------
    LPData
        Every hour of every year with weight 1; targets from ``scenario.target_shares()``.
    """
    ny, nh = scenario.years, HOURS_PER_YEAR
    if profiles.load_mw.shape != (ny * nh,):
        raise ValueError(f"profiles cover {profiles.load_mw.shape[0]} hours, expected {ny * nh}")
    coal = scenario.coal
    pol = scenario.policy
    # the carbon price on coal and import CO2 (docs/model.md §5) is part of their cost per MWh
    carbon = scenario.finance.carbon_price_per_t
    return LPData(
        load_mw=np.asarray(profiles.load_mw, dtype=float).reshape(ny, nh),
        wind_cf=np.asarray(profiles.wind_cf, dtype=float).reshape(ny, nh),
        solar_cf=np.asarray(profiles.solar_cf, dtype=float).reshape(ny, nh),
        hour_of_day=np.arange(nh) % 24,
        discount_rate=scenario.finance.discount_rate,
        coal_mw=coal.capacity_mw if coal else 0.0,
        coal_min_load_share=coal.min_load_share if coal else 0.0,
        coal_fuel_cost_per_mwh=(
            coal.fuel_cost_per_mwh + carbon * coal.co2_t_per_mwh if coal else 0.0
        ),
        import_max_mw=scenario.grid.import_max_mw,
        export_max_mw=scenario.grid.export_max_mw,
        import_price_per_mwh=[
            p + carbon * scenario.grid.co2_t_per_mwh for p in scenario.grid.import_price_by_hour()
        ],
        export_price_per_mwh=scenario.grid.export_price_per_mwh,
        voll_per_mwh=pol.voll_per_mwh,
        target_share=scenario.target_shares(),
        min_renewable_utilisation=pol.min_renewable_utilisation,
        max_unserved_share=pol.max_unserved_share,
        storage_min_share=pol.storage_min_share,
        storage_min_hours=pol.storage_min_hours,
        year_labels=tuple(scenario.calendar_years),
        **_asset_fields(scenario),
        **_store_fields(scenario),
        **_process_fields(scenario, ny),
        **_component_fields(scenario),
    )


def _mx(v: float | None) -> float:
    return np.inf if v is None else float(v)


def _asset_fields(scenario: Scenario) -> dict:
    """Per-asset arrays in the order of :meth:`Scenario.asset_names` (without m_y)."""
    w, so = scenario.wind, scenario.solar
    rows = [
        (w.existing_mw, _mx(w.max_mw), w.capex_per_kw, w.fixed_om_share, w.lifetime_years),
        (so.existing_mw, _mx(so.max_mw), so.capex_per_kw, so.fixed_om_share, so.lifetime_years),
    ]
    for st in scenario.stores:
        rows.append(
            (st.existing_mwh, _mx(st.max_mwh), st.capex_per_kwh, st.fixed_om_share,
             st.lifetime_years)
        )  # fmt: skip
        rows.append(
            (st.existing_mw, _mx(st.max_mw), st.capex_per_kw, st.fixed_om_share, st.lifetime_years)
        )
    for pr in scenario.processes:
        # no maximum = the existing capacity (not sized), as in the dispatch
        p_max = pr.existing_mw if pr.max_mw is None else float(pr.max_mw)
        b_max = pr.buffer_existing_mwh if pr.buffer_max_mwh is None else float(pr.buffer_max_mwh)
        rows.append((pr.existing_mw, p_max, pr.capex_per_kw, pr.fixed_om_share, pr.lifetime_years))
        rows.append(
            (pr.buffer_existing_mwh, b_max, pr.buffer_capex_per_kwh, pr.fixed_om_share,
             pr.buffer_lifetime_years)
        )  # fmt: skip
    cols = list(zip(*rows, strict=True))
    return {
        "existing": list(cols[0]),
        "maximum": list(cols[1]),
        "capex_per_unit": [1000.0 * v for v in cols[2]],
        "fixed_om_share": list(cols[3]),
        "lifetime_years": list(cols[4]),
    }


def _store_fields(scenario: Scenario) -> dict:
    """Store parameters: the one store's numbers, or one value per store (``store_names``)."""
    stores = scenario.stores
    names = ("charge_efficiency", "discharge_efficiency", "min_soc", "self_discharge_per_hour")
    if len(stores) == 1:
        out: dict = {n: getattr(stores[0], n) for n in names}
        if stores[0].name != "storage":
            out["store_names"] = (stores[0].name,)
        return out
    out = {n: [getattr(st, n) for st in stores] for n in names}
    out["store_names"] = tuple(st.name for st in stores)
    return out


def _process_fields(scenario: Scenario, years: int) -> dict:
    """Flexible processes: names, hourly product demand, λ and shortfall cost."""
    prs = scenario.processes
    if not prs:
        return {}
    from simulator.core.dispatch_pack import product_demand_mwh

    demand = product_demand_mwh(scenario).reshape(len(prs), years, HOURS_PER_YEAR)
    return {
        "process_names": tuple(pr.name for pr in prs),
        "process_demand_mwh": demand,
        "process_min_load_share": [pr.min_load_share for pr in prs],
        "process_shortfall_cost_per_mwh": [pr.shortfall_cost_per_mwh for pr in prs],
    }


def _component_fields(scenario: Scenario) -> dict:
    """LPData fields of the curtailable loads and of the coal retrofit option."""
    cur = scenario.curtailable_loads
    out: dict = {
        "curtailable_mw": [ld.curtailable_mw for ld in cur],
        "curtail_cost_per_mwh": [ld.curtail_cost_per_mwh for ld in cur],
        "curtail_budget_mwh": [
            np.inf if ld.max_curtailed_mwh_per_year is None else ld.max_curtailed_mwh_per_year
            for ld in cur
        ],
        "curtailable_names": tuple(ld.name for ld in cur),
    }
    coal = scenario.coal
    if scenario.has_retrofit and coal is not None:
        out["coal_retrofit_min_load_share"] = coal.retrofit_min_load_share
        out["coal_retrofit_capex_per_mw"] = 1000.0 * coal.retrofit_capex_per_kw
        out["coal_retrofit_lifetime_years"] = float(coal.retrofit_lifetime_years)
    return out
