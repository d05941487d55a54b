"""The built-in parks with components: the hydrogen park's flexible electrolysers against a fixed
load, and the aluminium park's curtailable potlines, retrofit option and two store technologies."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.core.scenario import load_scenario
from solvers import size

SEGMENTS = 400  # fast (coarser runs undersize storage); every plan is simulated on every hour


@pytest.fixture(scope="module")
def hydrogen_plans():
    flexible = size(load_scenario("ordos-green-hydrogen"), segments=SEGMENTS)
    fixed = size(
        load_scenario("ordos-green-hydrogen", variants=["fixed-electrolyser"]), segments=SEGMENTS
    )
    return flexible, fixed


def test_hydrogen_park_models_its_electrolysers_as_a_process_with_a_tank(hydrogen_plans):
    flexible, fixed = hydrogen_plans
    sc = load_scenario("ordos-green-hydrogen")
    assert [p.name for p in sc.processes] == ["electrolyser"]
    assert flexible.status in ("optimal", "rule_failed")
    caps = flexible.capacities
    assert (caps["electrolyser_mw"] == 300).all()
    assert caps["electrolyser_buffer_mwh"].iloc[-1] > 0  # the optimiser builds a tank
    # the same hydrogen either way: 37.5 kt at 56 kWh/kg, none short in the LP
    demand_mwh = 37_500e3 * 56 / 1e3
    assert flexible.lp_kpis["product_shortfall_mwh"].sum() == pytest.approx(0.0, abs=1e-3)
    np.testing.assert_allclose(flexible.lp_kpis["process_mwh"], demand_mwh, rtol=1e-6)
    # the variant is the park before flexibility: a fixed electrolyser load, no process
    assert not load_scenario("ordos-green-hydrogen", variants=["fixed-electrolyser"]).processes
    assert "electrolyser_mw" not in fixed.capacities


def test_flexible_electrolysers_cost_less_than_a_fixed_load(hydrogen_plans):
    # the cost saved by the flexibility (the study scenarios/examples/hydrogen-flexibility-study
    # .toml shows it side by side): a fixed load is one feasible operation of the flexible park
    # only approximately (its profile is not flat), so check a clear saving, not a bound
    flexible, fixed = hydrogen_plans
    assert flexible.objective < 0.97 * fixed.objective


def test_aluminium_park_has_its_components_and_chooses_its_store_mix():
    sc = load_scenario("tongliao-aluminium")
    assert [ld.name for ld in sc.curtailable_loads] == ["potlines"]
    assert [st.name for st in sc.stores] == ["battery", "caes"]
    assert sc.has_retrofit
    res = size(sc, segments=SEGMENTS)
    caps = res.capacities
    floor = sc.coal.retrofit_min_load_share * sc.coal.capacity_mw
    top = sc.coal.min_load_share * sc.coal.capacity_mw
    m = caps["coal_min_load_mw"].to_numpy()
    assert np.all((m >= floor - 1e-6) & (m <= top + 1e-6)) and np.all(np.diff(m) <= 1e-6)
    assert m[-1] < top  # the retrofit is worth it on an 80% target
    # both store technologies are built by the last year, and the totals are their sums
    assert caps["battery_mwh"].iloc[-1] > 0 and caps["caes_mwh"].iloc[-1] > 0
    np.testing.assert_allclose(caps["storage_mwh"], caps["battery_mwh"] + caps["caes_mwh"])
    # the potlines are curtailed within their yearly budget
    budget = sc.curtailable_loads[0].max_curtailed_mwh_per_year
    assert (res.lp_kpis["load_curtailed_mwh"] <= budget + 1e-6).all()
