"""Typical days (solvers/tsa.py, the period families of solvers/lp.py) and warm starts.

The storage linking of Kotzur et al. (2018) is checked on hand-derived cases: with every day its
own representative day the aggregated LP is the full-hour LP (equal objectives), and energy
moves between days through the inter-day state of charge.
"""

from __future__ import annotations

import json

import numpy as np
import pyomo.environ as pyo
import pytest

from simulator.core.errors import InputError
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR, builtin_scenarios, load_scenario
from solvers import plan_json, size, summary_text, write_plan
from solvers.highs import HighsDirect, WarmStart, solve_model
from solvers.lp import LPData, build_model
from solvers.sizing import PLAN_FILE
from solvers.tsa import DAYS_PER_YEAR, TypicalDays, typical_days
from tests.parks import storage_park as park

INF = np.inf
REL = 1e-7


# ---- the LP with typical periods on hand-checkable cases -----------------------------------------


def four_days(**kw) -> dict:
    """Load 10 MW; wind cf 1 on days 0 and 1, 0 on days 2 and 3; wind/storage only, r = 0.

    Wind 1000/MW, storage 100/MWh and 50/MW, imports 50/MWh, lifetimes 1 yr (cost = capex).
    """
    args = dict(
        load_mw=[[10.0] * 96],
        wind_cf=[[1.0] * 48 + [0.0] * 48],
        solar_cf=[[0.0] * 96],
        maximum=[INF, 0.0, INF, INF],
        capex_per_unit=[1000.0, 1000.0, 100.0, 50.0],
        lifetime_years=[1, 1, 1, 1],
        import_max_mw=100.0,
        import_price_per_mwh=50.0,
        voll_per_mwh=10_000.0,
        target_share=[0.75],
    )
    args.update(kw)
    return args


def test_storage_moves_energy_from_windy_to_calm_days():
    # 960 MWh of load, target 75% = 720 MWh renewable to load. The windy days give 480 MWh
    # directly, so 240 MWh must be stored on days 0–1 and discharged on days 2–3: E = 240 MWh,
    # wind W with (W − 10)·48 h = 240 MWh → W = 15 MW, power 5 MW (240 MWh over 48 h both ways),
    # imports 240 MWh. Cost 15·1000 + 240·100 + 5·50 + 240·50 = 51 250.
    full = solve_model(build_model(LPData(**four_days())))
    # Two representative days (windy, calm), each standing for two real days.
    agg_data = LPData(
        **four_days(
            load_mw=[[10.0] * 48],
            wind_cf=[[1.0] * 24 + [0.0] * 24],
            solar_cf=[[0.0] * 48],
            weight=[[2.0] * 48],
        ),
        period_hours=24,
        day_sequence=[[0, 0, 1, 1]],
    )
    agg = solve_model(build_model(agg_data))
    assert full.objective == pytest.approx(51_250.0, rel=REL)
    assert agg.objective == pytest.approx(51_250.0, rel=REL)
    np.testing.assert_allclose(agg.values["cap"][:, 0], [15.0, 0.0, 240.0, 5.0], rtol=1e-6)
    # inter-day SOC: empty at the start of day 0, 120 MWh after one windy day, full before the
    # calm days, 120 MWh after one calm day (cyclic over the year)
    np.testing.assert_allclose(agg.values["soc_inter_mwh"][0], [0, 120, 240, 120], atol=1e-6)
    # intra-day SOC relative to the day's start: +120 MWh over the windy day, −120 over the calm
    intra = agg.values["soc_mwh"][0]
    assert intra[23] == pytest.approx(120.0, rel=1e-6)
    assert intra[47] == pytest.approx(-120.0, rel=1e-6)


@pytest.mark.parametrize("sigma", [0.0, 0.01])
def test_every_day_its_own_representative_equals_the_full_lp(sigma):
    # Four days of random wind, solar and load; rep days = all days (in a shuffled order, the
    # day sequence undoing the shuffle). With σ = 0 the Kotzur max/min bounds are exact, so the
    # aggregated LP has the full LP's optimum; with σ > 0 they are conservative (≥ full).
    rng = np.random.default_rng(3)
    hod = np.arange(96) % 24
    load = rng.uniform(50, 100, 96)
    wind = rng.uniform(0, 1, 96) * np.repeat([1.0, 0.2, 0.8, 0.05], 24)
    solar = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None) * np.repeat([0.9, 0.3, 0.7, 0.5], 24)
    common = dict(
        maximum=[INF, INF, INF, INF],
        capex_per_unit=[4e3, 3e3, 3e2, 1e2],
        lifetime_years=[20, 25, 15, 15],
        discount_rate=0.07,
        charge_efficiency=0.95,
        discharge_efficiency=0.9,
        min_soc=0.1,
        self_discharge_per_hour=sigma,
        import_max_mw=80.0,
        import_price_per_mwh=np.where(np.arange(24) >= 8, 60.0, 20.0),
        voll_per_mwh=1000.0,
        target_share=[0.6],
    )
    full = solve_model(
        build_model(LPData(load_mw=[load], wind_cf=[wind], solar_cf=[solar], **common))
    )
    order = np.array([2, 0, 3, 1])  # rep day k is real day order[k]
    shuffle = lambda a: a.reshape(4, 24)[order].ravel()  # noqa: E731
    seq = np.argsort(order)  # real day d is rep day seq[d]
    agg_data = LPData(
        load_mw=[shuffle(load)],
        wind_cf=[shuffle(wind)],
        solar_cf=[shuffle(solar)],
        period_hours=24,
        day_sequence=[seq],
        **common,
    )
    agg = solve_model(build_model(agg_data))
    assert full.status == agg.status == "optimal"
    if sigma == 0.0:
        assert agg.objective == pytest.approx(full.objective, rel=REL)
        np.testing.assert_allclose(agg.values["cap"], full.values["cap"], rtol=1e-5, atol=1e-5)
    else:
        assert agg.objective >= full.objective * (1 - 1e-9)
        assert agg.objective == pytest.approx(full.objective, rel=0.02)


def test_period_families_and_default_unchanged():
    args = four_days(min_soc=0.1)
    plain = build_model(LPData(**args))
    names = {c.local_name for c in plain.component_objects(pyo.Constraint)}
    assert {"soc_min", "soc_max"} <= names and not hasattr(plain, "soc_inter_mwh")
    assert plain.soc_mwh[0, 0].lb == 0.0
    agg = build_model(LPData(**args, period_hours=24, day_sequence=[[0, 1, 2, 3, 3]]))
    names = {c.local_name for c in agg.component_objects(pyo.Constraint)}
    assert {
        "storage_soc",
        "soc_intra_max",
        "soc_intra_min",
        "soc_inter_link",
        "soc_inter_max",
        "soc_inter_min",
        "charge_max",
        "discharge_max",
    } <= names
    assert "soc_min" not in names and "soc_max" not in names
    assert len(agg.soc_inter_link) == 5 and len(agg.soc_intra_max) == 96
    assert agg.soc_mwh[0, 0].lb is None  # intra-period SOC is relative, may be negative
    # the first hour of a period does not look back; the others do
    assert "soc_mwh[0,23]" not in str(agg.storage_soc[0, 24].body)
    assert "soc_mwh[0,24]" in str(agg.storage_soc[0, 25].body)


def test_period_data_validation():
    with pytest.raises(ValueError, match="go together"):
        LPData(**four_days(), period_hours=24)
    with pytest.raises(ValueError, match="divide"):
        LPData(**four_days(), period_hours=25, day_sequence=[[0]])
    with pytest.raises(ValueError, match="values must be in"):
        LPData(**four_days(), period_hours=24, day_sequence=[[0, 4]])


# ---- clustering ----------------------------------------------------------------------------------


def year_profiles(years: int = 1, seed: int = 0) -> Profiles:
    """Synthetic years: load with a weekly pattern, wind in multi-day spells, solar by season."""
    rng = np.random.default_rng(seed)
    n = years * HOURS_PER_YEAR
    t = np.arange(n)
    hod, day = t % 24, t // 24
    load = 100 + 10 * (day % 7 < 5) + 5 * np.sin(2 * np.pi * hod / 24) + rng.normal(0, 2, n)
    load[HOURS_PER_YEAR // 2 + 15] = 180.0  # one peak hour in mid-year
    spell = np.repeat(rng.uniform(0, 1, n // 72 + 1), 72)[:n]
    wind = np.clip(spell + rng.normal(0, 0.1, n), 0, 1)
    season = 0.6 + 0.3 * np.cos(2 * np.pi * (day % 365 - 172) / 365)
    solar = (
        np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None)
        * season
        * rng.uniform(0.3, 1, n // 24).repeat(24)
    )
    return Profiles(load, wind, solar, years)


@pytest.fixture(scope="module")
def td12():
    prof = year_profiles(2)
    return prof, typical_days(prof, 12, year_labels=[2030, 2031])


def test_weights_keep_the_yearly_sums(td12):
    prof, td = td12
    assert td.days_represented.sum(axis=1) == pytest.approx([DAYS_PER_YEAR] * 2)
    for y in range(2):
        assert np.bincount(td.day_sequence[y], minlength=td.periods) == pytest.approx(
            td.days_represented[y]
        )
    w = td.hour_weight()
    for name in ("load_mw", "wind_cf", "solar_cf"):
        real = getattr(prof, name).reshape(2, -1).sum(axis=1)
        agg = (w * getattr(td, name)).sum(axis=1)
        np.testing.assert_allclose(agg, real, rtol=1e-5)
    assert np.abs(td.drift_after_rescale.to_numpy()).max() < 1e-5
    assert list(td.drift_before_rescale.index) == [2030, 2031]


def test_extreme_days_are_kept(td12):
    prof, td = td12
    assert td.periods == 12
    load = prof.load_mw.reshape(2, DAYS_PER_YEAR, 24)
    renewable = (prof.wind_cf + prof.solar_cf).reshape(2, DAYS_PER_YEAR, 24).sum(axis=2)
    for y in range(2):
        assert len(td.extreme_days[y]) == 2
        peak_day = int(np.argmax(load[y].max(axis=1)))
        calm_day = int(np.argmin(renewable[y]))
        medoids = set(td.medoid_day[y].tolist())
        assert peak_day in medoids and calm_day in medoids
        # the peak-load hour survives (extreme days are not rescaled)
        assert td.load_mw[y].max() == pytest.approx(load[y].max())


def test_lp_data_and_expand(td12):
    prof, td = td12
    full = LPData(
        load_mw=prof.load_mw.reshape(2, -1),
        wind_cf=prof.wind_cf.reshape(2, -1),
        solar_cf=prof.solar_cf.reshape(2, -1),
        target_share=[0.3, 0.4],
    )
    data = td.lp_data(full)
    assert data.hours == 12 * 24 and data.has_periods and data.days == DAYS_PER_YEAR
    assert data.weighted_load_mwh() == pytest.approx(full.weighted_load_mwh(), rel=1e-5)
    x = np.arange(2 * 12 * 24, dtype=float).reshape(2, -1)
    e = td.expand(x)
    assert e.shape == (2, HOURS_PER_YEAR)
    d = 100
    p = td.day_sequence[1, d]
    np.testing.assert_array_equal(e[1, d * 24 : d * 24 + 24], x[1, p * 24 : p * 24 + 24])


def test_bad_day_count_is_an_input_error():
    with pytest.raises(InputError, match="n_days"):
        typical_days(year_profiles(1), 0)


# ---- sizing with typical days --------------------------------------------------------------------


@pytest.fixture(scope="module")
def td_plan():
    sc = park(targets=[0.6])
    prof = year_profiles(1, seed=4)
    return sc, prof, size(sc, profiles=prof, typical_days=10, assure=True)


def test_typical_days_plan_is_simulated_on_every_hour(td_plan, tmp_path):
    sc, prof, res = td_plan
    assert res.status == "optimal"
    assert res.solver["rows"] < 10_000  # 10 days × 24 h, not 8760 h
    assert len(res.simulated.hourly) == HOURS_PER_YEAR
    # the LP's yearly sums are the weighted sums: the load is the real yearly load
    assert res.lp_kpis["load_mwh"].iloc[0] == pytest.approx(prof.load_mw.sum(), rel=1e-5)
    assert res.simulated.kpis["load_mwh"].iloc[0] == pytest.approx(prof.load_mw.sum(), rel=1e-12)
    # the LP's hourly table is laid out on the calendar and balances every hour
    h = res.lp_hourly
    assert len(h) == HOURS_PER_YEAR
    supply = h["renewable_to_load_mw"] + h["coal_mw"] + h["import_mw"] + h["unserved_mw"]
    np.testing.assert_allclose(supply, h["load_mw"], atol=1e-5)
    e = res.capacities["storage_mwh"].iloc[0]
    assert h["soc_mwh"].max() <= e * (1 + 1e-6) + 1e-6
    assert h["soc_mwh"].min() >= 0.05 * e * (1 - 1e-6) - 1e-6
    # the reconstructed SOC follows the flows: soc_t = soc_{t−1} + η_c c − q/η_d
    st = sc.storage
    d_soc = np.diff(h["soc_mwh"].to_numpy())
    flow = (
        st.charge_efficiency * h["storage_charge_mw"]
        - h["storage_discharge_mw"] / st.discharge_efficiency
    ).to_numpy()[1:]
    np.testing.assert_allclose(d_soc, flow, atol=1e-4 * max(e, 1.0))
    # the simulation meets the target (assure), timing and plan.json
    assert res.simulated.kpis["meets_target"].all()
    assert res.timing["tsa_s"] > 0
    write_plan(res, tmp_path)
    plan = json.loads((tmp_path / PLAN_FILE).read_text(encoding="utf-8"))
    assert plan["typical_days"]["n_days"] == 10
    assert plan["typical_days"]["representative_days_per_year"] == 10
    assert "representative" in summary_text(res)


def test_assure_with_typical_days_raises_targets_when_short():
    # Wind only, storage cheap, target binding: the LP sees 6 representative days with perfect
    # foresight; the rule-based dispatch on the 8760 real hours falls short; assure raises the
    # LP target until the full-hour simulation meets it.
    sc = park(
        targets=[0.7],
        solar={"max_mw": 0},
        storage={
            "max_mwh": 4000,
            "max_mw": 500,
            "initial_soc": 0.0,
            "min_soc": 0.0,
            "capex_per_kwh": 100,
        },
        grid={"import_max_mw": 400, "import_price_per_mwh": 100},
    )
    prof = year_profiles(1, seed=7)
    plain = size(sc, profiles=prof, typical_days=6)
    assert plain.lp_kpis["renewable_share"].iloc[0] == pytest.approx(0.7, abs=1e-6)
    short = 0.7 - plain.simulated.kpis["renewable_share"].iloc[0]
    assert short > 0  # the full-hour simulation misses the target the LP meets
    res = size(sc, profiles=prof, typical_days=6, assure=True, max_assure_iterations=8)
    hist = res.assure["iterations"]
    assert len(hist) >= 2
    assert hist[1]["lp_targets"][0] == pytest.approx(0.7 + short + 0.002, rel=1e-9)
    assert res.simulated.kpis["meets_target"].all()
    assert res.lp_targets[0] > 0.7


# ---- warm starts ---------------------------------------------------------------------------------


def test_warm_start_gives_the_cold_optimum():
    prof = year_profiles(1, seed=2)
    td = typical_days(prof, 8)
    first = size(park(targets=[0.5]), profiles=prof, typical_days=td)
    assert isinstance(first.warm_start, WarmStart)
    cheaper = park(targets=[0.5], wind={"max_mw": 1000, "capex_per_kw": 3000})
    cold = size(cheaper, profiles=prof, typical_days=td)
    warm = size(cheaper, profiles=prof, typical_days=td, warm_start=first.warm_start)
    assert warm.timing["warm_start"] is True and cold.timing["warm_start"] is False
    assert warm.objective == pytest.approx(cold.objective, rel=REL)
    np.testing.assert_allclose(
        warm.capacities.iloc[:, 1:].to_numpy(),
        cold.capacities.iloc[:, 1:].to_numpy(),
        rtol=1e-5,
        atol=1e-3,
    )
    # a basis of another shape is ignored (cold start, same optimum)
    other = size(cheaper, profiles=prof, typical_days=12, warm_start=first.warm_start)
    assert other.timing["warm_start"] is False and other.status == "optimal"


def test_highs_direct_warm_start_roundtrip():
    data = LPData(**four_days())
    hd = HighsDirect(build_model(data))
    first = hd.solve()
    ws = hd.warm_start()
    assert ws.fits(hd.highs.getNumCol(), hd.highs.getNumRow())
    hd2 = HighsDirect(build_model(data))
    assert hd2.apply_warm_start(ws)
    again = hd2.solve()
    assert again.objective == pytest.approx(first.objective, rel=REL)
    assert again.solver["iterations"]["simplex"] == 0  # optimal basis: no pivots
    assert not hd2.apply_warm_start(None)


def test_typical_days_object_is_reused(td_plan):
    sc, prof, res = td_plan
    assert isinstance(res.tsa, TypicalDays)
    again = size(sc, profiles=prof, typical_days=res.tsa, assure=True)
    assert again.objective == pytest.approx(res.objective, rel=1e-9)
    assert plan_json(again)["typical_days"]["tsa_s"] == pytest.approx(res.tsa.tsa_s)


# ---- built-in parks, CLI, comparison table -------------------------------------------------------


def test_builtin_three_year_park_with_typical_days(tmp_path):
    # ordos-low-carbon, 3 years, 8 typical days: a few seconds instead of 1.5–2 minutes
    from typer.testing import CliRunner

    from simulator.cli.app import app

    out = tmp_path / "td8"
    args = ["size", "ordos-low-carbon", "--typical-days", "8", "--assure", "--out", str(out)]
    res = CliRunner().invoke(app, [*args, "--weather-years", "2", "--quantile", "0.5"])
    assert res.exit_code == 0, res.output
    plan = json.loads((out / PLAN_FILE).read_text(encoding="utf-8"))
    assert plan["solver"]["rows"] < 10_000
    assert all(r["meets_target"] for r in plan["simulated_kpis"])
    assert plan["typical_days"]["representative_days_per_year"] == 8
    assert plan["timing"]["tsa_s"] > 0
    assert plan["robust"]["weather_years"] == 2
    assert all(p >= 0.5 for p in plan["robust"]["p_meets_target"])
    # the LP's yearly load is the real one (weights and rescaling)
    sim_load = [r["load_mwh"] for r in plan["simulated_kpis"]]
    lp_load = [r["load_mwh"] for r in plan["lp_kpis"]]
    np.testing.assert_allclose(lp_load, sim_load, rtol=1e-5)


def test_cli_rejects_bad_typical_days():
    from typer.testing import CliRunner

    from simulator.cli.app import app

    res = CliRunner().invoke(app, ["size", "ordos-low-carbon", "--typical-days", "0"])
    assert res.exit_code == 2 and "typical-days" in res.output


def test_compare_typical_days_table(td_plan):
    from solvers.tsa_compare import compare_typical_days

    sc, prof, ref = td_plan  # a 10-day plan stands in for the full-hour one (that takes ~1 min)
    table = compare_typical_days(sc, counts=(6, 10), full=ref, profiles=prof)
    assert list(table["case"]) == ["full", "td6", "td10"]
    row = table.set_index("case").loc["td10"]
    assert row["objective_error_pct"] == pytest.approx(0.0, abs=1e-6)
    assert row["rep_days"] == 10 and row["targets_met"]
    assert row["speedup"] > 0 and row["lp_s"] > 0
    assert {"capacity_error_pct_wind_mw", "sim_share_2030", "rows", "tsa_s"} <= set(table.columns)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_builtin_scenarios_with_typical_days_meet_their_targets(name):
    # 64 days: with 8–32 the storage-heavy zero-carbon parks look infeasible (docs/tsa.md)
    sc = load_scenario(name)
    if sc.processes or len(sc.stores) > 1:  # typical days do not chain buffers or store mixes
        with pytest.raises(InputError, match="processes" if sc.processes else "storage"):
            size(sc, typical_days=64, assure=True)
        return
    res = size(sc, typical_days=64, assure=True)
    assert res.status == "optimal"
    assert res.simulated.kpis["meets_target"].all()
    assert res.solver["rows"] < 40_000
