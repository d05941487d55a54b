"""The LP's components beyond wind, solar and one store: curtailable loads, coal retrofit.

Hand-solved tiny LPs (derivations in the comments), the independent scipy build of
tests/test_lp.py with the components, and small sized parks re-checked by the rule-based
simulation of every hour.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from simulator.errors import InputError
from solvers import plan_json, size, write_plan
from solvers.lp import LPData, build_model, lp_data_from_scenario
from solvers.lp_families import COMPONENTS, SHARED_ROWS, shared_terms
from tests.parks import park
from tests.test_lp import base, caps, random_park, scipy_optimum, solve
from tests.test_sizing import day_night_profiles

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
        "renewables", "storage", "grid", "coal", "load", "curtailable_loads",
    ]  # fmt: skip


# ---- curtailable loads ---------------------------------------------------------------------------


def curtail(**kw) -> LPData:
    """:func:`tests.test_lp.base` with one curtailable load of 4 MW at 20/MWh."""
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


def test_curtailable_loads_with_aggregation(curtail_plan):
    sc, prof, res = curtail_plan
    seg = size(sc, profiles=prof, segments=200)
    assert seg.status in ("optimal", "rule_failed")
    assert seg.lp_kpis["load_curtailed_mwh"].max() <= 5000.0 + 1e-6
    assert "plant_curtailed_mw" in seg.lp_hourly.columns
    assert len(seg.lp_hourly) == 2 * 8760


def test_parks_without_components_keep_their_plan_columns():
    data = lp_data_from_scenario(park(), day_night_profiles(1))
    assert data.asset_names == ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
    assert not data.has_curtailable and not data.has_retrofit


def test_refused_components_name_their_field():
    sc = park(processes=[{"name": "electrolyser", "existing_mw": 10, "demand_mw": 5}])
    with pytest.raises(InputError, match="processes"):
        lp_data_from_scenario(sc, day_night_profiles(1))
