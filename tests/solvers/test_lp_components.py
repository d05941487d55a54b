"""The LP's components beyond wind, solar and one store: curtailable loads, coal retrofit.

Hand-solved tiny LPs (derivations in the comments), the independent scipy build of
tests/solvers/test_lp.py with the components, and small sized parks re-checked by the rule-based
simulation of every hour.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from simulator.core.errors import InputError
from solvers import plan_json, size, summary_text, write_plan
from solvers.lp import LPData, build_model, lp_data_from_scenario
from solvers.lp_families import COMPONENTS, SHARED_ROWS, shared_terms
from tests.parks import park
from tests.solvers.test_lp import base, caps, random_park, scipy_optimum, solve
from tests.solvers.test_sizing import day_night_profiles

REL = 1e-7


# ---- the balance term table ----------------------------------------------------------------------


def test_every_component_writes_only_shared_rows_and_the_table_is_complete():
    data = random_park(0)
    data = dataclasses.replace(data, curtailable_mw=[5.0], curtail_cost_per_mwh=[10.0])
    m = build_model(data)
    hv = {n: list(getattr(m, n).values()) for n in ("direct_mw", "charge_mw", "discharge_mw",
                                                     "export_mw", "curtailed_mw", "coal_mw",
                                                     "import_mw", "unserved_mw")}  # fmt: skip
    hv["load_curtailed_mw"] = [list(m.load_curtailed_mw.values())]
    table = shared_terms(data, hv)
    assert set(table) == set(SHARED_ROWS)
    names = {row: [n for n, _, _ in terms] for row, terms in table.items()}
    assert names["renewable_split"] == ["direct_mw", "curtailed_mw", "charge_mw", "export_mw"]
    assert names["balance"] == [
        "direct_mw", "discharge_mw", "import_mw", "coal_mw", "unserved_mw",
        "load_curtailed_mw[0]",
    ]  # fmt: skip
    assert names["to_load"] == ["direct_mw", "discharge_mw"]
    assert [(n, c) for n, _, c in table["demand"]] == [("load_curtailed_mw[0]", -1.0)]
    assert [c.name for c in COMPONENTS] == [
        "renewables", "storage", "grid", "coal", "load", "curtailable_loads", "processes",
    ]  # fmt: skip


# ---- curtailable loads ---------------------------------------------------------------------------


def curtail(**kw) -> LPData:
    """:func:`tests.solvers.test_lp.base` with one curtailable load of 4 MW at 20/MWh."""
    args = dict(curtailable_mw=[4.0], curtail_cost_per_mwh=[20.0])
    args.update(kw)
    return base(**args)


def test_curtailment_within_its_budget_lowers_the_cost():
    # base(): S solar (1000/MW, 2 MWh per MW), imports 50/MWh, target 0.4 of the demand
    # Σ(L − z) = 40 − Σz. With the target binding Σd = 16 − 0.4Σz, S = Σd/2 = 8 − 0.2Σz and
    # Σi = 40 − Σz − Σd, so cost = 1000 S + 50 Σi + 20 Σz = 9200 − 210 Σz: curtail up to the
    # budget 6 MWh → S = 6.8 MW, cost 9200 − 1260 = 7940.
    res = solve(curtail(curtail_budget_mwh=[6.0]))
    assert res.status == "optimal"
    assert caps(res)[1] == pytest.approx(6.8, rel=REL)
    assert res.objective == pytest.approx(7940.0, rel=REL)
    z = res.values["load_curtailed_mw"]
    assert z.shape == (1, 1, 4)
    assert z.sum() == pytest.approx(6.0, rel=REL)
    assert np.all(z <= 4.0 + 1e-9)


def test_curtailment_without_budget_is_limited_by_its_power():
    # no budget: z_t ≤ 4 in all 4 hours, Σz = 16 → S = 8 − 3.2 = 4.8, cost 9200 − 210·16 = 5840
    # (sunny hours: d = 4.8 ≤ L − z = 6, so the split holds)
    res = solve(curtail())
    assert caps(res)[1] == pytest.approx(4.8, rel=REL)
    assert res.objective == pytest.approx(5840.0, rel=REL)
    assert build_model(curtail()).find_component("curtail_budget") is None


def test_dear_curtailment_is_not_used():
    # cost 300 > 230 per MWh saved (210 + 20): the LP keeps the whole load, as without it
    res = solve(curtail(curtail_cost_per_mwh=[300.0]))
    assert res.objective == pytest.approx(9200.0, rel=REL)
    assert res.values["load_curtailed_mw"].sum() == pytest.approx(0.0, abs=1e-7)


def test_curtail_families_are_named_and_absent_without_loads():
    m = build_model(curtail(curtail_budget_mwh=[6.0]))
    assert m.find_component("curtail_budget") is not None
    assert m.find_component("load_curtailed_mw") is not None
    m0 = build_model(base())
    assert m0.find_component("load_curtailed_mw") is None
    assert m0.find_component("Lc") is None


@pytest.mark.parametrize("seed", [0, 1])
def test_curtailable_loads_match_the_scipy_build(seed):
    data = dataclasses.replace(
        random_park(seed),
        curtailable_mw=[8.0, 15.0],
        curtail_cost_per_mwh=[150.0, 600.0],
        curtail_budget_mwh=[30.0, np.inf],
        max_unserved_share=0.01,
    )
    res = solve(data)
    assert res.status == "optimal"
    assert res.objective == pytest.approx(scipy_optimum(data), rel=1e-6)
    v = res.values
    z = v["load_curtailed_mw"]
    supply = v["direct_mw"] + v["discharge_mw"] + v["coal_mw"] + v["import_mw"] + v["unserved_mw"]
    np.testing.assert_allclose(supply + z.sum(axis=0), data.load_mw, atol=1e-6)
    assert np.all((data.weight * z[0]).sum(axis=1) <= 30.0 + 1e-6)


def test_lpdata_checks_the_curtailable_arrays():
    with pytest.raises(ValueError, match="curtail_cost_per_mwh"):
        base(curtailable_mw=[1.0, 2.0], curtail_cost_per_mwh=[1.0])
    with pytest.raises(ValueError, match="curtailable_mw"):
        base(curtailable_mw=[-1.0])


def curtail_park(**load):
    plant = {
        "name": "plant",
        "archetype": "flat",
        "annual_mwh": 876_000.0,
        "curtailable_mw": 20.0,
        "curtail_cost_per_mwh": 100.0,
        "max_curtailed_mwh_per_year": 5000.0,
        **load,
    }
    return park(years=2, targets=[0.3, 0.5], loads=[plant],
                grid={"import_max_mw": 200, "import_price_per_mwh": 150})  # fmt: skip


@pytest.fixture(scope="module")
def curtail_plan():
    sc = curtail_park()
    prof = day_night_profiles(2)
    return sc, prof, size(sc, profiles=prof)


def test_sized_park_with_a_curtailable_load_passes_its_simulation(curtail_plan):
    sc, prof, res = curtail_plan
    assert res.status == "optimal", res.messages
    assert list(res.capacities.columns) == ["year", *sc.asset_names()]
    lp = res.lp_kpis
    # the LP curtails up to the budget (100/MWh < 150/MWh import), and the share counts L − z
    np.testing.assert_allclose(lp["load_curtailed_mwh"], 5000.0, rtol=1e-6)
    np.testing.assert_allclose(lp["load_mwh"], 876_000.0 - 5000.0, rtol=1e-9)
    assert np.all(lp["renewable_share"].to_numpy() >= np.array([0.3, 0.5]) - 1e-9)
    assert "plant_curtailed_mwh" in lp.columns and "plant_curtailed_mw" in res.lp_hourly.columns
    sim = res.simulated.kpis
    assert np.all(sim["load_curtailed_mwh"].to_numpy() <= 5000.0 + 1e-6)
    assert res.checks["passed"].all()
    cb = res.cost_breakdown
    np.testing.assert_allclose(cb["curtail_cost"], 100.0 * 5000.0, rtol=1e-6)
    total = (cb["discount_factor"] * cb["total"]).sum()
    assert total == pytest.approx(res.objective, rel=1e-9)


def test_plan_json_of_a_park_with_a_curtailable_load(curtail_plan, tmp_path):
    sc, prof, res = curtail_plan
    plan = plan_json(res)
    assert set(plan["capacities"][0]) == {"year", *sc.asset_names()}
    disc = plan["cost_breakdown"]["discounted_total"]
    assert disc["curtail_cost"] > 0 and "retrofit_annuity" not in disc
    parts = sum(v for k, v in disc.items() if k not in ("total", "export_revenue"))
    assert parts - disc["export_revenue"] == pytest.approx(disc["total"], rel=1e-9)
    assert disc["total"] == pytest.approx(res.objective, rel=1e-9)
    write_plan(res, tmp_path)
    assert (tmp_path / "plan.json").exists()
    assert "curtailment" in summary_text(res)


def test_curtailable_loads_with_aggregation(curtail_plan):
    sc, prof, res = curtail_plan
    seg = size(sc, profiles=prof, segments=200)
    assert seg.status in ("optimal", "rule_failed")
    assert seg.lp_kpis["load_curtailed_mwh"].max() <= 5000.0 + 1e-6
    assert "plant_curtailed_mw" in seg.lp_hourly.columns
    assert len(seg.lp_hourly) == 2 * 8760
    td = size(sc, profiles=prof, typical_days=4)
    assert td.lp_kpis["load_curtailed_mwh"].max() <= 5000.0 + 1e-6
    assert len(td.lp_hourly) == 2 * 8760


def test_retrofit_with_typical_days():
    sc = retrofit_park()
    td = size(sc, profiles=day_night_profiles(2), typical_days=4)
    assert "coal_min_load_mw" in td.capacities.columns
    assert np.all(np.diff(td.capacities["coal_min_load_mw"]) <= 1e-6)


def test_parks_without_components_keep_their_plan_columns():
    data = lp_data_from_scenario(park(), day_night_profiles(1))
    assert data.asset_names == ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
    assert not data.has_curtailable and not data.has_retrofit


def test_typical_days_refuse_processes_and_several_stores_naming_the_field():
    sc = park(processes=[{"name": "electrolyser", "existing_mw": 10, "demand_mw": 5}])
    lp_data_from_scenario(sc, day_night_profiles(1))  # the full-hour LP takes them
    with pytest.raises(InputError, match="processes"):
        size(sc, profiles=day_night_profiles(1), typical_days=4)
    two = park(storage=[{"name": "battery"}, {"name": "tank", "capex_per_kwh": 50.0}])
    lp_data_from_scenario(two, day_night_profiles(1))
    with pytest.raises(InputError, match="storage"):
        size(two, profiles=day_night_profiles(1), typical_days=4)


# ---- coal flexibility retrofit -------------------------------------------------------------------


def retrofit(**kw) -> LPData:
    """:func:`tests.solvers.test_lp.base` with 10 MW coal, must-run 0.8, retrofit down to 0.2.

    Fuel 30/MWh; the full depth (6 MW) costs 600 per MW of coal capacity = 6000, so one MW of
    depth costs 1000 a year (r = 0, lifetime 1 yr).
    """
    args = dict(
        coal_mw=10.0,
        coal_min_load_share=0.8,
        coal_fuel_cost_per_mwh=30.0,
        coal_retrofit_min_load_share=0.2,
        coal_retrofit_capex_per_mw=600.0,
        coal_retrofit_lifetime_years=1.0,
    )
    args.update(kw)
    return base(**args)


def test_retrofit_depth_just_enough_for_the_target():
    # target 0.3: Σd ≥ 12 and d_t ≤ L − m in the two sunny hours → m ≤ 4, S ≥ 6. Deeper costs
    # 1000/MW and gains nothing. Cost: solar 6000 + depth 4 · 1000 + fuel 30 · (10 + 10 + 4 + 4)
    # = 6000 + 4000 + 840 = 10 840.
    res = solve(retrofit(target_share=[0.3]))
    assert res.status == "optimal"
    assert res.values["coal_min_load_mw"][0] == pytest.approx(4.0, rel=REL)
    assert caps(res)[1] == pytest.approx(6.0, rel=REL)
    assert res.objective == pytest.approx(10_840.0, rel=REL)
    assert np.all(res.values["coal_mw"] >= 4.0 - 1e-7)


def test_full_retrofit_depth():
    # target 0.4: m ≤ 2 (the full depth), S = 8: 8000 + 6000 + 30 · 24 = 14 720
    res = solve(retrofit())
    assert res.values["coal_min_load_mw"][0] == pytest.approx(2.0, rel=REL)
    assert res.objective == pytest.approx(14_720.0, rel=REL)


def test_without_retrofit_option_the_target_is_out_of_reach():
    res = solve(retrofit(coal_retrofit_min_load_share=None))
    assert res.status == "infeasible"


def test_minimum_load_never_rises_again():
    # year 0 needs m ≤ 4; year 1 has no target, and would go back to 8 MW to save the
    # retrofit's 4000 were it not for coal_min_nonincreasing
    two = dict(
        load_mw=[[10.0] * 4] * 2,
        wind_cf=[[0.0] * 4] * 2,
        solar_cf=[[0.0, 1.0, 1.0, 0.0]] * 2,
        target_share=[0.3, None],
    )
    res = solve(retrofit(**two))
    np.testing.assert_allclose(res.values["coal_min_load_mw"], [4.0, 4.0], rtol=REL)
    m = build_model(retrofit(**two))
    assert m.find_component("coal_min_nonincreasing") is not None
    assert m.find_component("coal_must_run") is not None
    assert build_model(base()).find_component("coal_min_load_mw") is None


@pytest.mark.parametrize("seed", [0, 1])
def test_retrofit_and_curtailment_match_the_scipy_build(seed):
    data = dataclasses.replace(
        random_park(seed, years=3),
        coal_retrofit_min_load_share=0.1,
        coal_retrofit_capex_per_mw=2.0e5,
        coal_retrofit_lifetime_years=15.0,
        curtailable_mw=[10.0],
        curtail_cost_per_mwh=[250.0],
        curtail_budget_mwh=[40.0],
    )
    res = solve(data)
    assert res.status == "optimal"
    assert res.objective == pytest.approx(scipy_optimum(data), rel=1e-6)
    my = res.values["coal_min_load_mw"]
    assert np.all(np.diff(my) <= 1e-7)
    joint = solve(data, lp_path="joint")
    assert joint.objective == pytest.approx(res.objective, rel=1e-7)


def retrofit_park(years: int = 2):
    coal = {
        "capacity_mw": 60.0,
        "min_load_share": 0.5,
        "fuel_cost_per_mwh": 250.0,
        "retrofit_min_load_share": 0.2,
        "retrofit_capex_per_kw": 300.0,
    }
    return park(years=years, targets=[0.3, 0.5][:years], coal=coal,
                grid={"import_max_mw": 200, "import_price_per_mwh": 150})  # fmt: skip


@pytest.fixture(scope="module")
def retrofit_plan():
    sc = retrofit_park()
    prof = day_night_profiles(2)
    return sc, prof, size(sc, profiles=prof)


def test_sized_park_with_a_retrofit_option(retrofit_plan):
    sc, prof, res = retrofit_plan
    caps_ = res.capacities
    assert list(caps_.columns) == ["year", *sc.asset_names()]
    m = caps_["coal_min_load_mw"].to_numpy()
    assert np.all(m >= 0.2 * 60 - 1e-6) and np.all(m <= 0.5 * 60 + 1e-6)
    assert np.all(np.diff(m) <= 1e-6)
    assert m[-1] < 30.0 - 1e-3  # the 50% target needs a deeper minimum load
    # the simulation runs the plan's m_y: coal never falls below it, and the LP's shares hold
    sim = res.simulated.hourly
    for y, year in enumerate(sc.calendar_years):
        assert sim.loc[sim["year"] == year, "coal_mw"].min() >= m[y] - 1e-6
    lp = res.lp_kpis
    assert np.all(lp["renewable_share"].to_numpy() >= np.array([0.3, 0.5]) - 1e-9)
    cb = res.cost_breakdown
    assert np.all(cb["retrofit_annuity"].to_numpy() >= 0)
    assert (cb["discount_factor"] * cb["total"]).sum() == pytest.approx(res.objective, rel=1e-9)
    assert plan_json(res)["capacities"][0]["coal_min_load_mw"] == pytest.approx(m[0])
    assert "coal min MW" in summary_text(res)
    # every check of the simulation passes, the coal must-run against the plan's m_y
    assert res.checks["passed"].all(), res.checks.loc[~res.checks["passed"], "message"].tolist()
    must_run = res.checks[res.checks["rule"] == "coal_must_run_mw"]
    np.testing.assert_allclose(must_run["limit"].to_numpy(), m)
    assert res.status == "optimal"
