"""From a scenario and its profiles to the LP's inputs (:class:`~solvers.lp_data.LPData`)."""

from __future__ import annotations

import numpy as np

from simulator.core.errors import InputError
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR, Scenario
from solvers.lp_data import LPData

__all__ = ["check_lp_components", "lp_data_from_scenario"]


def check_lp_components(scenario: Scenario) -> None:
    """Refuse a park with components the optimiser does not size yet.

    Several stores and flexible processes are in the rule-based dispatch (``simulate``) but not
    yet in the LP; sizing such a park would ignore them and give a plan for another park, so it
    is an input error naming the field. Curtailable loads and the coal retrofit option are in
    the LP (``docs/model.md`` §5).

    Raises
    ------
    InputError
        Naming the scenario file and the first such field.
    """
    found = None
    if len(scenario.stores) > 1:
        found = "storage"
    elif scenario.processes:
        found = "processes"
    if found is not None:
        raise InputError(
            scenario.label,
            found,
            "the optimiser does not size parks with several stores or flexible processes "
            "yet; check a plan for it with `parkbalance simulate`",
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
    check_lp_components(scenario)
    w, so, st = scenario.wind, scenario.solar, scenario.store
    inf = np.inf

    def mx(v: float | None) -> float:
        return inf if v is None else float(v)

    coal = scenario.coal
    pol = scenario.policy
    # the carbon price on coal and import CO2 (docs/model.md §5) is part of their cost per MWh
    carbon = scenario.finance.carbon_price_per_t
    return LPData(
        load_mw=np.asarray(profiles.load_mw, dtype=float).reshape(ny, nh),
        wind_cf=np.asarray(profiles.wind_cf, dtype=float).reshape(ny, nh),
        solar_cf=np.asarray(profiles.solar_cf, dtype=float).reshape(ny, nh),
        hour_of_day=np.arange(nh) % 24,
        existing=[w.existing_mw, so.existing_mw, st.existing_mwh, st.existing_mw],
        maximum=[mx(w.max_mw), mx(so.max_mw), mx(st.max_mwh), mx(st.max_mw)],
        capex_per_unit=[
            1000.0 * w.capex_per_kw,
            1000.0 * so.capex_per_kw,
            1000.0 * st.capex_per_kwh,
            1000.0 * st.capex_per_kw,
        ],
        fixed_om_share=[w.fixed_om_share, so.fixed_om_share, st.fixed_om_share, st.fixed_om_share],
        lifetime_years=[w.lifetime_years, so.lifetime_years, st.lifetime_years, st.lifetime_years],
        discount_rate=scenario.finance.discount_rate,
        charge_efficiency=st.charge_efficiency,
        discharge_efficiency=st.discharge_efficiency,
        min_soc=st.min_soc,
        self_discharge_per_hour=st.self_discharge_per_hour,
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
        **_component_fields(scenario),
    )


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
