"""Chronological segments (solvers.segments, docs/segments.md): the run cutting against a slow
reference, the duration-weighted LP against hand-solved and full-hour cases, sizing and CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.errors import InputError
from simulator.core.scenario import HOURS_PER_YEAR
from solvers import plan_json, size, summary_text, write_plan
from solvers.highs import AGGREGATED_LP_OPTIONS, solve_model
from solvers.lp import LPData, build_model
from solvers.segments import Segments, chronological_segments, segment_starts
from solvers.sizing import PLAN_FILE
from tests.parks import park as base_park
from tests.parks import storage_park
from tests.solvers.test_tsa import year_profiles

INF = np.inf
REL = 1e-7


# ---- the run cutting -----------------------------------------------------------------------------


def slow_segment_starts(x: np.ndarray, k: int) -> np.ndarray:
    """Reference: recompute every neighbour merge cost each round, merge the cheapest (first)."""
    runs = [[i] for i in range(len(x))]
    sums = [list(map(float, row)) for row in x.tolist()]
    sizes = [1.0] * len(x)
    while len(runs) > max(k, 1):
        best, arg = None, None
        for a in range(len(runs) - 1):
            na, nb = sizes[a], sizes[a + 1]
            d = 0.0
            for u, v in zip(sums[a], sums[a + 1], strict=True):
                d += (u / na - v / nb) ** 2
            c = na * nb / (na + nb) * d
            if best is None or c < best:
                best, arg = c, a
        runs[arg] += runs.pop(arg + 1)
        sums[arg] = [u + v for u, v in zip(sums[arg], sums.pop(arg + 1), strict=True)]
        sizes[arg] += sizes.pop(arg + 1)
    return np.array([r[0] for r in runs])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda t: st.tuples(
            st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=2), min_size=t, max_size=t),
            st.integers(1, t + 2),
        )
    )
)
def test_segment_starts_equal_the_slow_reference(case):
    # small integers make exact ties common: both pick the earliest cheapest pair
    rows, k = case
    x = np.array(rows, dtype=float)
    got = segment_starts(x, k)
    np.testing.assert_array_equal(got, slow_segment_starts(x, k))
    assert got[0] == 0 and np.all(np.diff(got) > 0) and len(got) == min(k, len(x))


def test_segment_starts_cuts_at_the_obvious_steps():
    x = np.repeat([[0.0], [1.0], [0.2], [5.0]], [5, 3, 4, 2], axis=0)
    np.testing.assert_array_equal(segment_starts(x, 4), [0, 5, 8, 12])


@pytest.fixture(scope="module")
def seg_year():
    prof = year_profiles(2)
    price = np.where(np.arange(24) >= 17, 500.0, 250.0)
    return prof, price, chronological_segments(prof, 300, price)


def test_runs_cover_the_year_and_keep_its_sums(seg_year):
    prof, price, seg = seg_year
    assert seg.step_hours.shape == (2, 300)
    np.testing.assert_array_equal(seg.step_hours.sum(axis=1), [HOURS_PER_YEAR] * 2)
    np.testing.assert_array_equal(seg.starts[:, 0], [0, 0])
    # duration-weighted sums of the run means are the real yearly sums (no capacity-factor drift)
    for col in ("load_mw", "wind_cf", "solar_cf"):
        real = getattr(prof, col).reshape(2, -1).sum(axis=1)
        agg = (seg.step_hours * getattr(seg, col)).sum(axis=1)
        np.testing.assert_allclose(agg, real, rtol=1e-12)
    hourly_price = np.tile(price, HOURS_PER_YEAR // 24)
    np.testing.assert_allclose(
        (seg.step_hours * seg.import_price_per_mwh).sum(axis=1), [hourly_price.sum()] * 2
    )
    # expand lays each run's value on its hours
    e = seg.expand(seg.load_mw)
    assert e.shape == (2, HOURS_PER_YEAR)
    np.testing.assert_allclose(e.sum(axis=1), prof.load_mw.reshape(2, -1).sum(axis=1))
    assert e[1, seg.starts[1, 7]] == seg.load_mw[1, 7]
    assert seg.summary()["n_segments"] == 300


def test_bad_segment_count_is_an_input_error():
    with pytest.raises(InputError, match="--segments"):
        chronological_segments(year_profiles(1), 0)


# ---- the LP with durations -----------------------------------------------------------------------


def lp_args(**kw) -> dict:
    args = dict(
        maximum=[INF, INF, INF, INF],
        capex_per_unit=[4e3, 3e3, 3e2, 1e2],
        lifetime_years=[20, 25, 15, 15],
        discount_rate=0.07,
        charge_efficiency=0.95,
        discharge_efficiency=0.9,
        min_soc=0.1,
        import_max_mw=80.0,
        import_price_per_mwh=40.0,
        voll_per_mwh=1000.0,
        target_share=[0.6],
    )
    args.update(kw)
    return args


def random_hours(seed: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    hod = np.arange(n) % 24
    load = rng.uniform(50, 100, n)
    wind = rng.uniform(0, 1, n) * np.repeat(rng.uniform(0, 1, n // 24 + 1), 24)[:n]
    solar = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None) * rng.uniform(0.3, 1, n)
    return load, wind, solar


def test_merging_identical_hours_is_exact():
    # every value repeated in pairs of hours: the LP on the 48 pairs (2 h each) has the optimum
    # of the LP on the 96 hours (σ = 0: a constant flow over two equal hours is optimal)
    load, wind, solar = random_hours(5, 48)
    rep = lambda a: np.repeat(a, 2)  # noqa: E731
    full = solve_model(
        build_model(
            LPData(load_mw=[rep(load)], wind_cf=[rep(wind)], solar_cf=[rep(solar)], **lp_args())
        )
    )
    two = np.full((1, 48), 2.0)
    agg = solve_model(
        build_model(
            LPData(
                load_mw=[load],
                wind_cf=[wind],
                solar_cf=[solar],
                weight=two,
                step_hours=two,
                **lp_args(),
            )
        )
    )
    assert full.status == agg.status == "optimal"
    assert agg.objective == pytest.approx(full.objective, rel=REL)
    np.testing.assert_allclose(agg.values["cap"], full.values["cap"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_runs_lp_is_a_lower_bound_of_the_full_lp(seed):
    # any full-hour dispatch averaged over the runs is a dispatch of the run LP (flat price, σ = 0)
    load, wind, solar = random_hours(seed, 24 * 7)
    args = lp_args()
    full = solve_model(
        build_model(LPData(load_mw=[load], wind_cf=[wind], solar_cf=[solar], **args))
    )
    x = np.column_stack([load / load.max(), wind, solar])
    starts = segment_starts(x, 40)
    n = np.diff(np.append(starts, len(load))).astype(float)
    mean = lambda a: np.add.reduceat(a, starts) / n  # noqa: E731
    agg = solve_model(
        build_model(
            LPData(
                load_mw=[mean(load)],
                wind_cf=[mean(wind)],
                solar_cf=[mean(solar)],
                weight=[n],
                step_hours=[n],
                **args,
            )
        )
    )
    assert agg.objective <= full.objective * (1 + 1e-9)
    assert agg.objective >= 0.8 * full.objective  # and not absurdly low


def test_step_soc_with_self_discharge_matches_an_hourly_loop():
    # runs of 1–5 h, σ = 2%/h: the LP's soc at each run end equals an hour-by-hour loop of
    # soc_h = (1 − σ) soc_{h−1} + η_c c − q/η_d with the run's constant flows
    load, wind, solar = random_hours(7, 30)
    n = np.array(
        [
            [
                1,
                3,
                5,
                2,
                4,
                1,
                2,
                3,
                5,
                4,
                1,
                2,
                3,
                5,
                4,
                1,
                2,
                3,
                5,
                4,
                1,
                2,
                3,
                5,
                4,
                1,
                2,
                3,
                5,
                4,
            ]
        ],
        dtype=float,
    )
    sigma = 0.02
    sol = solve_model(
        build_model(
            LPData(
                load_mw=[load],
                wind_cf=[wind],
                solar_cf=[solar],
                weight=n,
                step_hours=n,
                **lp_args(self_discharge_per_hour=sigma),
            )
        )
    )
    assert sol.status == "optimal"
    soc, c, q = (sol.values[k][0] for k in ("soc_mwh", "charge_mw", "discharge_mw"))
    assert c.sum() > 1e-3  # storage is used
    s = soc[-1]  # cyclic: the year starts from its last soc
    for t in range(n.shape[1]):
        for _ in range(int(n[0, t])):
            s = (1 - sigma) * s + 0.95 * c[t] - q[t] / 0.9
        assert s == pytest.approx(soc[t], rel=1e-6, abs=1e-6)


def test_step_data_validation():
    load, wind, solar = random_hours(0, 24)
    with pytest.raises(ValueError, match="step_hours must be > 0"):
        LPData(load_mw=[load], wind_cf=[wind], solar_cf=[solar], step_hours=[np.zeros(24)])
    with pytest.raises(ValueError, match="exclude"):
        LPData(
            load_mw=[load],
            wind_cf=[wind],
            solar_cf=[solar],
            step_hours=[np.ones(24)],
            period_hours=24,
            day_sequence=[[0]],
        )
    with pytest.raises(ValueError, match="shape"):
        LPData(load_mw=[load], wind_cf=[wind], solar_cf=[solar], step_hours=[np.ones(12)])


# ---- sizing with segments ------------------------------------------------------------------------


def park(**sections):
    """The optimiser tests' storage park with cheap storage (some is built at an 80% target)."""
    cheap = {"max_mwh": 2000, "max_mw": 500, "self_discharge_per_hour": 0.001, "capex_per_kwh": 150}
    return storage_park(storage=cheap, **sections)


@pytest.fixture(scope="module")
def seg_plan():
    sc = park(targets=[0.8])
    prof = year_profiles(1, seed=4)
    return sc, prof, size(sc, profiles=prof, segments=400, assure=True)


def test_segments_plan_is_simulated_on_every_hour(seg_plan, tmp_path):
    sc, prof, res = seg_plan
    assert res.status == "optimal"
    assert res.solver["columns"] < 10 * 400 + 10  # 400 runs, not 8760 hours
    assert isinstance(res.tsa, Segments)
    assert res.solver["options"] == AGGREGATED_LP_OPTIONS  # Devex pricing on aggregated LPs
    assert res.simulated.kpis["meets_target"].all()
    assert res.lp_kpis["load_mwh"].iloc[0] == pytest.approx(prof.load_mw.sum(), rel=1e-9)
    h = res.lp_hourly
    assert len(h) == HOURS_PER_YEAR
    supply = h["renewable_to_load_mw"] + h["coal_mw"] + h["import_mw"] + h["unserved_mw"]
    np.testing.assert_allclose(supply, h["load_mw"], atol=1e-5)
    # the hourly table's sums are the LP's yearly sums
    assert h["import_mw"].sum() == pytest.approx(res.lp_kpis["import_mwh"].iloc[0], rel=1e-6)
    # the laid-out SOC follows the flows hour by hour and stays within bounds
    st_ = sc.storage
    e = res.capacities["storage_mwh"].iloc[0]
    assert e > 0
    soc = h["soc_mwh"].to_numpy()
    flow = (
        st_.charge_efficiency * h["storage_charge_mw"]
        - h["storage_discharge_mw"] / st_.discharge_efficiency
    ).to_numpy()
    keep = 1 - st_.self_discharge_per_hour
    np.testing.assert_allclose(soc[1:], keep * soc[:-1] + flow[1:], atol=1e-4 * e)
    assert soc.max() <= e * (1 + 1e-6) and soc.min() >= st_.min_soc * e * (1 - 1e-6) - 1e-6
    write_plan(res, tmp_path)
    plan = json.loads((tmp_path / PLAN_FILE).read_text(encoding="utf-8"))
    assert plan["segments"]["n_segments"] == 400
    assert "typical_days" not in plan
    assert "chronological runs" in summary_text(res)
    assert plan_json(res)["timing"]["tsa_s"] > 0


def test_every_hour_its_own_segment_equals_the_full_lp():
    # K = 8760: one-hour runs, the run LP is the full-hour LP (no storage: a small LP)
    sc = base_park(targets=[0.5])
    prof = year_profiles(1, seed=2)
    full = size(sc, profiles=prof)
    seg = size(sc, profiles=prof, segments=HOURS_PER_YEAR)
    assert seg.objective == pytest.approx(full.objective, rel=REL)


def test_segments_with_time_of_use_price_cost_the_real_hours():
    # a time-of-use price: the runs' mean price is weighted by hours, so the LP's import cost is
    # Σ_runs n·price·import and equals the cost table's
    sc = park(
        targets=[0.5], grid={"import_max_mw": 400, "import_price_per_mwh": [100] * 8 + [300] * 16}
    )
    prof = year_profiles(1, seed=4)
    res = size(sc, profiles=prof, segments=300)
    assert res.status == "optimal"
    seg = res.tsa
    w = seg.step_hours
    imp = res.lp_hourly["import_mw"].to_numpy()
    hourly_price = np.tile(sc.grid.import_price_by_hour(), HOURS_PER_YEAR // 24)
    laid = seg.expand(seg.import_price_per_mwh)[0]
    assert (w * seg.import_price_per_mwh).sum() == pytest.approx(hourly_price.sum())
    assert res.cost_breakdown["import_cost"].iloc[0] == pytest.approx((laid * imp).sum(), rel=1e-6)


def test_segments_and_typical_days_exclude_each_other():
    with pytest.raises(InputError, match="typical.days"):
        size(park(), profiles=year_profiles(1), segments=100, typical_days=8)


def test_cli_segments(tmp_path):
    from typer.testing import CliRunner

    from simulator.cli.app import app

    runner = CliRunner()
    res = runner.invoke(app, ["size", "ordos-low-carbon", "--segments", "0"])
    assert res.exit_code == 2 and "--segments" in res.output
    res = runner.invoke(
        app, ["size", "ordos-low-carbon", "--segments", "100", "--typical-days", "8"]
    )
    assert res.exit_code == 2 and "typical-days" in res.output
    out = tmp_path / "seg"
    res = runner.invoke(
        app, ["size", "wuhai-captive-coal", "--segments", "800", "--assure", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    plan = json.loads((out / PLAN_FILE).read_text(encoding="utf-8"))
    assert plan["segments"]["n_segments"] == 800
    assert all(r["meets_target"] for r in plan["simulated_kpis"])
    sim_load = [r["load_mwh"] for r in plan["simulated_kpis"]]
    np.testing.assert_allclose([r["load_mwh"] for r in plan["lp_kpis"]], sim_load, rtol=1e-9)


@pytest.mark.parametrize("name", ["baotou-zero-carbon", "ordos-green-hydrogen"])
def test_storage_heavy_builtin_parks_on_1400_segments(name):
    # the parks where typical days are 4–11% dear: with segments the plan meets every target on
    # all hours after the assure loop and the LP stays small (docs/segments.md)
    from simulator.core.scenario import load_scenario

    res = size(load_scenario(name), segments=1400, assure=True)
    assert res.status == "optimal"
    assert res.simulated.kpis["meets_target"].all()
    # 3 × 1400 runs of at most 12 rows (the electrolyser's buffer and power rows included),
    # against more than 184 000 rows on all hours
    assert res.solver["rows"] < 12 * 3 * 1400
    # the LP's yearly load is the real one (with a flexible process its fixed load: the process
    # power of a year differs by the buffer's change over it), and the storage built is substantial
    col = "fixed_load_mwh" if "fixed_load_mwh" in res.lp_kpis else "load_mwh"
    np.testing.assert_allclose(
        res.lp_kpis[col].to_numpy(), res.simulated.kpis[col].to_numpy(), rtol=1e-9
    )
    assert res.capacities["storage_mwh"].iloc[-1] > 500


def test_highs_options_keep_the_optimum_and_bad_ones_are_refused():
    load, wind, solar = random_hours(3, 48)
    model = build_model(LPData(load_mw=[load], wind_cf=[wind], solar_cf=[solar], **lp_args()))
    plain = solve_model(model)
    devex = solve_model(model, highs_options=AGGREGATED_LP_OPTIONS)
    pyomo_path = solve_model(model, handoff="pyomo", highs_options=AGGREGATED_LP_OPTIONS)
    assert plain.solver["options"] == {} and devex.solver["options"] == AGGREGATED_LP_OPTIONS
    assert devex.objective == pytest.approx(plain.objective, rel=REL)
    assert pyomo_path.objective == pytest.approx(plain.objective, rel=REL)
    with pytest.raises(ValueError, match="no_such_option"):
        solve_model(model, highs_options={"no_such_option": 1})
