"""Sizing runs (solvers/sizing.py): plan, verification by the dispatch core, assure, outputs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from simulator.core.errors import InputError
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR, builtin_scenarios, load_scenario
from simulator.core.simulate import HOURLY_COLUMNS
from solvers import plan_json, size, summary_text, write_plan
from solvers.sizing import HOURLY_LP_FILE, HOURLY_SIM_FILE, PLAN_FILE
from tests.parks import park

ISSUE_KEYS = {
    "scenario",
    "status",
    "objective",
    "currency",
    "capacities",
    "lp_kpis",
    "simulated_kpis",
    "cost_breakdown",
    "timing",
    "solver",
}


def day_night_profiles(years: int, wind_cf: float = 0.3) -> Profiles:
    """Flat 100 MW load, constant wind, solar 0.9·sin between 6:00 and 18:00."""
    n = years * HOURS_PER_YEAR
    hod = np.arange(n) % 24
    solar = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None) * 0.9
    return Profiles(np.full(n, 100.0), np.full(n, wind_cf), solar, years)


@pytest.fixture(scope="module")
def two_year_plan():
    # imports at 150 CNY/MWh are cheaper than new wind (~190/MWh at cf 0.3), so targets bind
    sc = park(years=2, targets=[0.3, 0.5], grid={"import_max_mw": 200, "import_price_per_mwh": 150})
    prof = day_night_profiles(2)
    return sc, prof, size(sc, profiles=prof)


def test_plan_meets_targets_and_is_consistent(two_year_plan):
    sc, prof, res = two_year_plan
    assert res.status == "optimal" and res.exit_code == 0 and res.plan_kind == "least_cost"
    caps = res.capacities
    assert list(caps["year"]) == [2030, 2031]
    for col in ("wind_mw", "solar_mw", "storage_mwh", "storage_mw"):
        assert np.all(np.diff(caps[col]) >= -1e-9)
        assert np.all(caps[col] >= 0) and np.all(caps[col] <= 1000 + 1e-9)
    lp = res.lp_kpis
    assert np.all(lp["renewable_share"].to_numpy() >= np.array([0.3, 0.5]) - 1e-9)
    assert lp["meets_target"].all()
    # Without storage the LP uses renewables exactly like the rule-based dispatch (imports cost
    # money, curtailment is free), so both KPI tables agree.
    sim = res.simulated.kpis
    for k in ("renewable_share", "curtailed_mwh", "import_mwh", "load_mwh"):
        np.testing.assert_allclose(lp[k], sim[k], rtol=1e-6, atol=1e-3)
    assert res.target_missed_in_simulation == [False, False]
    # hourly balance of the LP closes
    h = res.lp_hourly
    assert tuple(h.columns[: len(HOURLY_COLUMNS)]) == HOURLY_COLUMNS
    supply = h["renewable_to_load_mw"] + h["coal_mw"] + h["import_mw"] + h["unserved_mw"]
    np.testing.assert_allclose(supply, h["load_mw"], atol=1e-6)
    split = h["renewable_direct_mw"] + h["storage_charge_mw"] + h["export_mw"] + h["curtailed_mw"]
    np.testing.assert_allclose(split, h["wind_available_mw"] + h["solar_available_mw"], atol=1e-6)


def test_by_year_and_joint_paths_give_the_same_plan(two_year_plan):
    sc, prof, res = two_year_plan
    assert res.solver["lp_path"] == "years" and res.solver["blocks"] == 2
    joint = size(sc, profiles=prof, lp_path="joint")
    assert joint.solver["lp_path"] == "joint" and "blocks" not in joint.solver
    assert res.objective == pytest.approx(joint.objective, rel=1e-6)
    cols = ["wind_mw", "solar_mw", "storage_mwh", "storage_mw"]
    np.testing.assert_allclose(
        res.capacities[cols].to_numpy(), joint.capacities[cols].to_numpy(), rtol=1e-4, atol=1e-4
    )


def test_cost_breakdown_sums_to_the_objective(two_year_plan):
    _, _, res = two_year_plan
    cb = res.cost_breakdown
    assert (cb["discount_factor"] * cb["total"]).sum() == pytest.approx(res.objective, rel=1e-9)
    assert cb["discount_factor"].iloc[1] == pytest.approx(1 / 1.08)
    # imports: 150 CNY per imported MWh of the LP
    imp = res.lp_kpis["import_mwh"].to_numpy()
    assert imp.min() > 1e5
    np.testing.assert_allclose(cb["import_cost"], 150 * imp, rtol=1e-9, atol=1e-3)
    # wind annuity: (cap − existing) · 1000 · 4000 CNY/kW · crf(8%, 20 yr)
    crf = 0.08 / (1 - 1.08**-20)
    np.testing.assert_allclose(
        cb["wind_annuity"], res.capacities["wind_mw"].to_numpy() * 4e6 * crf, rtol=1e-9
    )


def test_plan_json_and_files(two_year_plan, tmp_path):
    _, _, res = two_year_plan
    files = write_plan(res, tmp_path)
    assert {p.name for p in files} == {PLAN_FILE, HOURLY_SIM_FILE, HOURLY_LP_FILE}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [PLAN_FILE, HOURLY_SIM_FILE, HOURLY_LP_FILE]
    )  # no temporary files left behind
    plan = json.loads((tmp_path / PLAN_FILE).read_text(encoding="utf-8"))
    assert ISSUE_KEYS <= set(plan)
    assert plan == plan_json(res)
    assert plan["status"] == "optimal" and plan["currency"] == "CNY"
    assert [c["year"] for c in plan["capacities"]] == [2030, 2031]
    assert set(plan["capacities"][0]) == {
        "year",
        "wind_mw",
        "solar_mw",
        "storage_mwh",
        "storage_mw",
    }
    assert plan["lp_kpis"][0]["renewable_share"] >= 0.3 - 1e-9
    assert "meets_target" in plan["simulated_kpis"][1]
    assert {"build_s", "handoff_s", "solve_s"} <= set(plan["timing"])
    assert plan["solver"]["name"] == "highs" and plan["solver"]["version"]
    assert plan["cost_breakdown"]["discounted_total"]["total"] == pytest.approx(plan["objective"])
    lp = pd.read_parquet(tmp_path / HOURLY_LP_FILE)
    sim = pd.read_parquet(tmp_path / HOURLY_SIM_FILE)
    assert len(lp) == len(sim) == 2 * HOURS_PER_YEAR
    assert tuple(lp.columns[: len(HOURLY_COLUMNS)]) == HOURLY_COLUMNS
    assert tuple(sim.columns[: len(HOURLY_COLUMNS)]) == HOURLY_COLUMNS


def test_summary_text(two_year_plan):
    _, _, res = two_year_plan
    text = summary_text(res)
    assert text.splitlines()[0].startswith("tiny: least-cost plan; its rule-based simulation")
    assert "meets every rule (status optimal)" in text.splitlines()[0]
    assert "verdict (rule-based simulation" in text and "unserved_share <= 0.0%" in text
    assert "2031" in text and "✓" in text and "million CNY" in text
    assert "HiGHS" in text


def test_unreachable_target_reports_the_largest_share():
    # Solar only, at most 50 MW, no storage, flat 100 MW load: every solar MWh reaches the load
    # (50 · 0.9 < 100), so the largest share is 50 · Σ cf / (100 · 8760).
    sc = park(targets=[0.8], wind={"max_mw": 0}, solar={"max_mw": 50})
    prof = day_night_profiles(1, wind_cf=0.0)
    res = size(sc, profiles=prof)
    best = 50 * prof.solar_cf.sum() / 876_000
    assert res.status == "infeasible" and res.exit_code == 3
    assert res.max_achievable_share == pytest.approx([best], rel=1e-6)
    assert res.messages[0] == (
        f"year 2030: target 80.0% is unreachable; at most {best:.1%} with wind ≤ 0 MW, "
        "solar ≤ 50 MW, storage ≤ 0 MWh / 0 MW"
    )
    # best-effort plan: the cheapest plan reaching the largest share
    assert res.plan_kind == "best_effort"
    assert res.capacities["solar_mw"].iloc[0] == pytest.approx(50.0, rel=1e-6)
    plan = plan_json(res)
    assert plan["status"] == "infeasible"
    assert plan["max_achievable_share"] == pytest.approx([best], rel=1e-6)
    assert "unreachable" in summary_text(res)


def test_unreachable_with_unlimited_capacity_says_unlimited():
    # Coal must-run 60 MW of a 100 MW load: renewables reach at most 40% whatever is built.
    sc = park(
        targets=[0.5],
        wind={"max_mw": None},
        solar={"max_mw": None},
        coal={"capacity_mw": 100, "min_load_share": 0.6},
    )
    res = size(sc, profiles=day_night_profiles(1), best_effort=False)
    assert res.status == "infeasible"
    assert res.max_achievable_share == pytest.approx([0.4], rel=1e-6)
    assert "wind unlimited, solar unlimited, storage ≤ 0 MWh / 0 MW" in res.messages[0]
    assert res.capacities is None and res.plan_kind == "none"


def test_coal_must_run_above_load_is_an_input_error():
    sc = park(coal={"capacity_mw": 400, "min_load_share": 0.5})
    with pytest.raises(InputError, match="must-run"):
        size(sc, profiles=day_night_profiles(1))


def test_time_limit_is_its_own_status():
    sc = park(targets=[0.5])
    res = size(sc, profiles=day_night_profiles(1), time_limit_s=1e-6, algorithm="simplex")
    assert res.status == "time_limit" and res.exit_code == 4
    assert res.capacities is None
    assert "time_limit" in res.messages[0]
    assert plan_json(res)["status"] == "time_limit"


def calm_first_day_case():
    """Wind only (cf 0.5; calm first day, cf 1 in the last half day), 500 MWh / 100 MW existing
    storage and no new storage, target 60%: the LP's cyclic SOC carries the last half day's
    surplus into the calm first day, which the rule-based dispatch (starting empty) cannot."""
    n = HOURS_PER_YEAR
    wind = np.full(n, 0.5)
    wind[:24] = 0.0
    wind[-12:] = 1.0
    prof = Profiles(np.full(n, 100.0), wind, np.zeros(n), 1)
    sc = park(
        targets=[0.6],
        wind={"max_mw": 1000},
        solar={"max_mw": 0},
        storage={
            "existing_mwh": 500,
            "existing_mw": 100,
            "max_mwh": 500,
            "max_mw": 100,
            "initial_soc": 0.0,
            "min_soc": 0.0,
        },
        grid={"import_max_mw": 200, "import_price_per_mwh": 50},
    )
    return sc, prof


def test_assure_raises_targets_until_the_simulation_meets_them():
    # 500 MWh / 100 MW of existing storage (no new storage), wind only. Wind blows at cf 0.5,
    # except a calm first day and a strong last half day (cf 1). The LP's state of charge is
    # cyclic, so it stores the last half day's surplus for the calm first day; the rule-based
    # dispatch starts the year empty and ends it full, so its share is a little lower and it
    # misses the target the LP just meets. The assure loop raises the LP target and re-solves.
    sc, prof = calm_first_day_case()
    # HiGHS's interior point solves this case in ~3 s (dual simplex needs ~45 s); the assure
    # re-solve then warm-starts dual simplex from the crossover basis.
    plain = size(sc, profiles=prof, algorithm="ipm")
    assert plain.lp_kpis["renewable_share"].iloc[0] == pytest.approx(0.6, abs=1e-9)
    assert plain.target_missed_in_simulation == [True]
    assert any("misses the target the LP met in 2030" in m for m in plain.messages)

    res = size(sc, profiles=prof, assure=True, algorithm="ipm")
    hist = res.assure["iterations"]
    assert res.status == "optimal"
    assert len(hist) == 2
    first, second = hist
    shortfall = 0.6 - first["simulated_shares"][0]
    assert shortfall > 0
    assert second["lp_targets"][0] == pytest.approx(0.6 + shortfall + 0.002, rel=1e-12)
    assert second["simulated_shares"][0] >= 0.6
    assert res.target_missed_in_simulation == [False]
    assert res.simulated.kpis["meets_target"].all()
    assert res.lp_targets[0] > 0.6
    assert "after 2 LP solve(s)" in res.assure["outcome"]
    assert res.timing["lp_solves"] == 2


def test_assure_stops_after_the_iteration_limit():
    sc, prof = calm_first_day_case()
    res = size(sc, profiles=prof, assure=True, max_assure_iterations=1, algorithm="ipm")
    assert len(res.assure["iterations"]) == 1
    assert "stopped after 1 LP solves" in res.assure["outcome"]
    assert res.target_missed_in_simulation == [True]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_builtin_scenarios_size_and_meet_their_targets(name):
    # ordos-low-carbon: about 100 s here (HiGHS dual simplex ~90 s of it).
    sc = load_scenario(name)
    res = size(sc, assure=True)
    assert res.status == "optimal"
    caps = res.capacities
    for col in ("wind_mw", "solar_mw", "storage_mwh", "storage_mw"):
        assert np.all(np.diff(caps[col]) >= -1e-6)
    assert res.lp_kpis["meets_target"].all()
    assert res.simulated.kpis["meets_target"].all()
    # costs in the right order of magnitude: between 10 and 10 000 CNY per MWh of load
    per_mwh = res.objective / res.lp_kpis["load_mwh"].sum()
    assert 10 < per_mwh < 10_000
    # the issue-7 goal's accuracy part for chronological segments (docs/segments.md): 1400 runs
    # per year give an objective within 1% of the full-hour one and meet every target on all
    # hours (the speed part is measured in benchmarks/, not asserted)
    seg = size(sc, segments=1400, assure=True)
    assert seg.simulated.kpis["meets_target"].all()
    assert seg.objective == pytest.approx(res.objective, rel=0.01)
    # (the share of build + hand-off in the solve time is measured in benchmarks/bench_solve,
    # not asserted here: wall-clock ratios depend on the machine's load)
