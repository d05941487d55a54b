"""The sizing LP (solvers/lp.py) and its HiGHS hand-off (solvers/highs.py) on tiny cases.

Every case has a hand-derived optimum (derivation in the comments), checked with an explicit
tolerance; one test compares the Pyomo path with an independent scipy build of the equations.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pyomo.environ as pyo
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from simulator.core.errors import InputError
from solvers.highs import HighsDirect, solve_model
from solvers.lp import LPData, annuity_factor, build_model

INF = np.inf
REL = 1e-7


def base(**kw) -> LPData:
    """One year of four hours, load 10 MW, solar only (cf 0, 1, 1, 0), r = 0, lifetime 1 yr.

    Solar costs 1000/MW/yr (annuity 1/1 · 1000), imports 50/MWh up to 100 MW, unserved 10 000/MWh.
    """
    args = dict(
        load_mw=[[10.0, 10.0, 10.0, 10.0]],
        wind_cf=[[0.0, 0.0, 0.0, 0.0]],
        solar_cf=[[0.0, 1.0, 1.0, 0.0]],
        maximum=[0.0, INF, 0.0, 0.0],
        capex_per_unit=[1000.0, 1000.0, 100.0, 50.0],
        lifetime_years=[1, 1, 1, 1],
        import_max_mw=100.0,
        import_price_per_mwh=50.0,
        voll_per_mwh=10_000.0,
        target_share=[0.4],
    )
    args.update(kw)
    return LPData(**args)


def solve(data: LPData, objective: str = "cost", **kw):
    res = solve_model(build_model(data, objective), **kw)
    return res


def caps(res) -> np.ndarray:
    return res.values["cap"][:, -1]


# ---- tiny cases with hand-derived optima ---------------------------------------------------------


def test_target_binding_solar_only():
    # Need 0.4 · 40 MWh = 16 MWh renewable; solar gives 2 MWh per MW (two hours at cf 1) while
    # d ≤ L = 10 per hour, so S = 16 / 2 = 8 MW. Another MW costs 1000 and saves only 2 · 50 of
    # imports, so the target binds. Cost: 1000 · 8 + 50 · (40 − 16) = 9200.
    res = solve(base())
    assert res.status == "optimal"
    assert caps(res)[1] == pytest.approx(8.0, rel=REL)
    assert res.objective == pytest.approx(9200.0, rel=REL)
    assert res.values["import_mw"].sum() == pytest.approx(24.0, rel=REL)


def test_target_not_binding_builds_nothing():
    # 5 MW existing solar gives 10 MWh = 25% ≥ 10%: nothing is built (new solar does not pay:
    # 1000 per MW vs 100 of imports saved). Existing capacity costs nothing in the objective;
    # imports 30 MWh · 50 = 1500.
    res = solve(base(existing=[0, 5, 0, 0], target_share=[0.1]))
    assert caps(res)[1] == pytest.approx(5.0, rel=REL)
    assert res.objective == pytest.approx(1500.0, rel=REL)


def test_profitable_renewables_go_beyond_the_target():
    # Import at 600/MWh: each MW of solar saves 2 · 600 = 1200 > 1000 until d = L = 10 in both
    # sunny hours, so S = 10 (share 50% > 40% target). Cost 10 000 + 20 · 600 = 22 000.
    res = solve(base(import_price_per_mwh=600.0))
    assert caps(res)[1] == pytest.approx(10.0, rel=REL)
    assert res.objective == pytest.approx(22_000.0, rel=REL)


def test_no_target_rows_when_targets_are_none():
    data = base(target_share=None)
    assert not hasattr(build_model(data), "target")
    res = solve(data)
    assert caps(res)[1] == pytest.approx(0.0, abs=1e-9)
    assert res.objective == pytest.approx(2000.0, rel=REL)  # 40 MWh · 50


@pytest.mark.parametrize(
    ("price", "solar", "objective"), [(600.0, 15.0, 11_000.0), (400.0, 10.0, 12_000.0)]
)
def test_export(price, solar, objective):
    # Imports at 100/MWh; a 50% target needs S = 10. Beyond 10 MW each MW exports 2 MWh
    # (export ≤ 5 MW per hour, so up to S = 15) and earns 2 · price against 1000 of cost:
    # price 600 → build to 15: 15 000 + 20 · 100 − 10 · 600 = 11 000;
    # price 400 → stay at 10: 10 000 + 20 · 100 = 12 000.
    res = solve(
        base(
            import_price_per_mwh=100.0,
            export_max_mw=5.0,
            export_price_per_mwh=price,
            target_share=[0.5],
        )
    )
    assert caps(res)[1] == pytest.approx(solar, rel=REL)
    assert res.objective == pytest.approx(objective, rel=REL)
    assert res.values["export_mw"].max() <= 5.0 + 1e-9


def test_coal_must_run_limits_renewable_to_load():
    # Coal 10 MW with 60% must-run: g ≥ 6 every hour, so d ≤ 4 MW. A 20% target (8 MWh) needs
    # d = 4 in both sunny hours: S = 4. Coal (fuel 20) is cheaper than imports and covers the
    # rest: 10 + 6 + 6 + 10 = 32 MWh · 20 = 640. Cost 4000 + 640 = 4640.
    data = base(
        coal_mw=10.0, coal_min_load_share=0.6, coal_fuel_cost_per_mwh=20.0, target_share=[0.2]
    )
    res = solve(data)
    assert caps(res)[1] == pytest.approx(4.0, rel=REL)
    assert res.objective == pytest.approx(4640.0, rel=REL)
    g = res.values["coal_mw"]
    assert g.min() >= 6.0 - 1e-9 and g.max() <= 10.0 + 1e-9
    # ... and a 30% target is unreachable with unlimited solar: at most 2 · 4 / 40 = 20%.
    bad = solve(data.with_targets([0.3]))
    assert bad.status == "infeasible"
    best = solve(data.with_targets([0.3]), objective="max_share")
    assert best.status == "optimal"
    assert best.objective == pytest.approx(0.2, rel=1e-6)


@pytest.mark.parametrize("sigma", [0.0, 0.1])
def test_storage_shifting_with_losses(sigma):
    # Two hours, L = 10 each, solar cf (1, 0), η_c = η_d = 0.9, self-discharge σ per hour.
    # A 75% target needs 15 MWh: d = 10 in hour 0 and q = 5 in hour 1. With min_soc = 0 the
    # optimum empties the store in hour 1 (soc_1 = 0), so by the cyclic balance
    #   soc_0 = η_c c,   0 = (1 − σ) soc_0 − q / η_d   →   c = q / (η_c η_d (1 − σ)).
    # S = 10 + c, P = c (c > q), E = soc_0 = η_c c.
    # Cost: 1000 S + 100 E + 50 P + imports 5 MWh · 1.
    eta = 0.9
    c = 5.0 / (eta * eta * (1 - sigma))
    expect = {"S": 10 + c, "E": eta * c, "P": c}
    data = base(
        load_mw=[[10.0, 10.0]],
        wind_cf=[[0.0, 0.0]],
        solar_cf=[[1.0, 0.0]],
        maximum=[0.0, INF, INF, INF],
        charge_efficiency=eta,
        discharge_efficiency=eta,
        self_discharge_per_hour=sigma,
        import_price_per_mwh=1.0,
        target_share=[0.75],
    )
    res = solve(data)
    cap = caps(res)
    assert cap[1] == pytest.approx(expect["S"], rel=1e-6)
    assert cap[2] == pytest.approx(expect["E"], rel=1e-6)
    assert cap[3] == pytest.approx(expect["P"], rel=1e-6)
    total = 1000 * expect["S"] + 100 * expect["E"] + 50 * expect["P"] + 5.0
    assert res.objective == pytest.approx(total, rel=1e-6)
    assert res.values["discharge_mw"][0, 1] == pytest.approx(5.0, rel=1e-6)


def test_min_soc_keeps_energy_in_store():
    # As above (σ = 0) with min_soc = 0.2: soc_1 = 0.2 E and soc_0 = E (the store cycles between
    # them), E − 0.2 E = η_c c = q / η_d → E = 5 / 0.9 / 0.8.
    data = base(
        load_mw=[[10.0, 10.0]],
        wind_cf=[[0.0, 0.0]],
        solar_cf=[[1.0, 0.0]],
        maximum=[0.0, INF, INF, INF],
        charge_efficiency=0.9,
        discharge_efficiency=0.9,
        min_soc=0.2,
        import_price_per_mwh=1.0,
        target_share=[0.75],
    )
    res = solve(data)
    assert caps(res)[2] == pytest.approx(5.0 / 0.9 / 0.8, rel=1e-6)
    soc = res.values["soc_mwh"][0]
    assert soc.min() >= 0.2 * caps(res)[2] - 1e-7


def test_min_utilisation_limits_curtailment():
    # Wind cf (1, .25, .25, .25) at 1000/MW, solar cf (0, .5, .5, .5) at 2400/MW, L = 10, 50%
    # target (20 MWh), imports at 1/MWh.
    # Without the policy: wind only, 10 + 0.75 W = 20 → W = 13.33 (curtails W − 10 in hour 0);
    # cost 13 333.3 + 20.
    # With utilisation ≥ 0.9: curtailed W − 10 ≤ 0.1 (1.75 W + 1.5 S) and 0.75 W + 1.5 S = 10
    # both bind (along the target row cost falls by 200 per MW of wind until the policy binds):
    # 0.9 W = 11 → W = 12.222, S = 0.5556; cost 12 222.2 + 1333.3 + 20.
    kw = dict(
        wind_cf=[[1.0, 0.25, 0.25, 0.25]],
        solar_cf=[[0.0, 0.5, 0.5, 0.5]],
        maximum=[INF, INF, 0.0, 0.0],
        capex_per_unit=[1000.0, 2400.0, 0.0, 0.0],
        import_price_per_mwh=1.0,
        target_share=[0.5],
    )
    free = solve(base(**kw))
    assert caps(free)[0] == pytest.approx(40 / 3, rel=1e-6)
    assert free.objective == pytest.approx(1000 * 40 / 3 + 20, rel=1e-6)
    res = solve(base(min_renewable_utilisation=0.9, **kw))
    w, s = caps(res)[:2]
    assert w == pytest.approx(11 / 0.9, rel=1e-6)
    assert s == pytest.approx((10 - 0.75 * 11 / 0.9) / 1.5, rel=1e-6)
    assert res.objective == pytest.approx(1000 * w + 2400 * s + 20, rel=1e-6)
    k = res.values["curtailed_mw"].sum()
    assert 1 - k / (1.75 * w + 1.5 * s) == pytest.approx(0.9, rel=1e-6)


def test_storage_minimum_rule_builds_storage():
    # The solar-only case (S = 8) with storage ≥ 20% of (W + S) in MW for 2 h:
    # P ≥ 0.2 · 8 = 1.6 MW, E ≥ 0.2 · 2 · 8 = 3.2 MWh; storage is idle (no surplus).
    # Cost 9200 + 100 · 3.2 + 50 · 1.6 = 9600.
    res = solve(base(maximum=[0, INF, INF, INF], storage_min_share=0.2, storage_min_hours=2.0))
    cap = caps(res)
    assert cap[1] == pytest.approx(8.0, rel=REL)
    assert cap[2] == pytest.approx(3.2, rel=REL)
    assert cap[3] == pytest.approx(1.6, rel=REL)
    assert res.objective == pytest.approx(9600.0, rel=REL)


def test_years_discount_annuity_and_nondecreasing_capacity():
    # Two years, targets 40% then 20%: year 0 needs S = 8, year 1 only 4, but capacity cannot
    # shrink, so S = 8 in both. r = 0.1, lifetime 1 yr: annuity = 0.1 / (1 − 1.1^−1) = 1.1, so a
    # MW costs 1100 per year. Objective = 1100 · 8 · (1 + 1/1.1) + 24 · 50 · (1 + 1/1.1).
    data = base(
        load_mw=[[10.0] * 4] * 2,
        wind_cf=[[0.0] * 4] * 2,
        solar_cf=[[0.0, 1.0, 1.0, 0.0]] * 2,
        discount_rate=0.1,
        target_share=[0.4, 0.2],
        year_labels=(2030, 2031),
    )
    res = solve(data)
    np.testing.assert_allclose(res.values["cap"][1], [8.0, 8.0], rtol=REL)
    expected = (1100 * 8 + 1200) * (1 + 1 / 1.1)
    assert res.objective == pytest.approx(expected, rel=REL)


def test_capacity_limits_and_existing():
    # Max solar 6 MW cannot reach 40% (at most 12 / 40 = 30%): infeasible; max-share LP says 30%.
    data = base(maximum=[0, 6.0, 0, 0], existing=[0, 2.0, 0, 0])
    assert solve(data).status == "infeasible"
    best = solve(data, objective="max_share")
    assert best.objective == pytest.approx(0.3, rel=1e-7)
    assert caps(best)[1] == pytest.approx(6.0, rel=1e-7)


def test_annuity_factor():
    assert annuity_factor(0.08, 20) == pytest.approx(0.08 / (1 - 1.08**-20), rel=1e-12)
    assert annuity_factor(0.08, 20) == pytest.approx(0.10185221, rel=1e-7)
    assert annuity_factor(0.0, 25) == pytest.approx(1 / 25)


def test_weights_stand_for_repeated_hours():
    # Two hours with weight 2 are the same as four hours (the pair repeated), without storage.
    four = base(
        load_mw=[[10.0, 20.0, 10.0, 20.0]],
        solar_cf=[[0.2, 0.9, 0.2, 0.9]],
        wind_cf=[[0.0] * 4],
        hour_of_day=[3, 13, 3, 13],
        import_price_per_mwh=np.linspace(40, 80, 24),
    )
    two = base(
        load_mw=[[10.0, 20.0]],
        solar_cf=[[0.2, 0.9]],
        wind_cf=[[0.0, 0.0]],
        weight=[[2.0, 2.0]],
        hour_of_day=[3, 13],
        import_price_per_mwh=np.linspace(40, 80, 24),
    )
    a, b = solve(four), solve(two)
    assert a.objective == pytest.approx(b.objective, rel=1e-9)
    np.testing.assert_allclose(caps(a), caps(b), rtol=1e-9)


# ---- model structure -----------------------------------------------------------------------------


def test_families_present_and_named_like_the_equations():
    data = base(
        maximum=[INF, INF, INF, INF],
        min_soc=0.1,
        coal_mw=5.0,
        coal_min_load_share=0.2,
        export_max_mw=3.0,
        min_renewable_utilisation=0.8,
        storage_min_share=0.1,
        storage_min_hours=2.0,
        load_mw=[[10.0] * 4] * 2,
        wind_cf=[[0.5] * 4] * 2,
        solar_cf=[[0.0, 1.0, 1.0, 0.0]] * 2,
        target_share=[0.3, 0.4],
    )
    m = build_model(data)
    names = {c.local_name for c in m.component_objects(pyo.Constraint)}
    assert names == {
        "renewable_split",
        "balance",
        "storage_soc",
        "soc_min",
        "soc_max",
        "charge_max",
        "discharge_max",
        "capacity_nondecreasing",
        "target",
        "utilisation_min",
        "storage_energy_min",
        "storage_power_min",
    }
    assert len(m.balance) == 8 and len(m.target) == 2
    assert m.coal_mw[0, 0].lb == pytest.approx(1.0) and m.coal_mw[0, 0].ub == pytest.approx(5.0)
    assert m.export_mw[1, 3].ub == pytest.approx(3.0)
    # families that are off are not created
    plain = build_model(base())
    plain_names = {c.local_name for c in plain.component_objects(pyo.Constraint)}
    assert plain_names == {"renewable_split", "balance", "target"}
    assert not hasattr(plain, "charge_mw") and not hasattr(plain, "export_mw")
    share = build_model(base(), objective="max_share")
    assert not hasattr(share, "target")
    assert share.objective.sense == pyo.maximize


def test_cyclic_soc_links_last_hour_to_first():
    m = build_model(base(maximum=[0, INF, INF, INF], self_discharge_per_hour=0.05))
    body = m.storage_soc[0, 0].body
    text = str(body)
    assert "soc_mwh[0,3]" in text and "0.95" in text


def test_lpdata_validation():
    with pytest.raises(ValueError, match="shape"):
        LPData(load_mw=[[1.0, 2.0]], wind_cf=[[0.0]], solar_cf=[[0.0, 0.0]])
    with pytest.raises(ValueError, match="existing"):
        LPData(
            load_mw=[[1.0]],
            wind_cf=[[0.0]],
            solar_cf=[[0.0]],
            existing=[5, 0, 0, 0],
            maximum=[1, 1, 1, 1],
        )
    with pytest.raises(ValueError, match="target_share"):
        LPData(load_mw=[[1.0]], wind_cf=[[0.0]], solar_cf=[[0.0]], target_share=[0.1, 0.2])


# ---- solver options and statuses -----------------------------------------------------------------


def test_pyomo_handoff_gives_the_same_optimum():
    data = random_park(seed=3)
    a = solve(data)
    b = solve(data, handoff="pyomo")
    assert a.status == b.status == "optimal"
    assert b.objective == pytest.approx(a.objective, rel=1e-7)
    np.testing.assert_allclose(a.values["cap"], b.values["cap"], rtol=1e-5, atol=1e-5)
    assert set(a.timing) == {"handoff_s", "solve_s"}
    assert b.solver["handoff"] == "pyomo" and a.solver["handoff"] == "direct"


@pytest.mark.parametrize("algorithm", ["simplex", "ipm", "ipx", "pdlp"])
def test_algorithms_agree(algorithm):
    data = base()
    res = solve(data, algorithm=algorithm, threads=1)
    assert res.status == "optimal"
    tol = 1e-4 if algorithm == "pdlp" else 1e-7
    assert res.objective == pytest.approx(9200.0, rel=tol)
    assert res.solver["algorithm"] == algorithm
    assert res.solver["version"].count(".") == 2


def test_hipo_is_used_or_refused_clearly():
    m = build_model(base())
    try:
        res = solve_model(m, algorithm="hipo")
    except InputError as exc:
        assert "hipo" in str(exc) and "not available" in str(exc)
    else:
        assert res.objective == pytest.approx(9200.0, rel=1e-6)


def test_bad_options_are_input_errors():
    m = build_model(base())
    with pytest.raises(InputError, match="algorithm"):
        solve_model(m, algorithm="barrier")
    with pytest.raises(InputError, match="threads"):
        solve_model(m, threads=0)
    with pytest.raises(InputError, match="time_limit"):
        solve_model(m, time_limit_s=-1)


def test_time_limit_status():
    data = random_park(seed=1, hours=24 * 14)
    res = solve(data, time_limit_s=1e-6, algorithm="simplex")
    assert res.status == "time_limit"
    assert res.solver["model_status"] == "kTimeLimit"


def test_warm_start_after_raising_targets():
    data = random_park(seed=5)
    m = build_model(data)
    hd = HighsDirect(m)
    first = hd.solve()
    load = data.weighted_load_mwh()
    raised = {y: float((data.target_share[y] + 0.05) * load[y]) for y in range(data.years)}
    hd.set_lower_bounds(m.target, raised)
    second = hd.solve()
    fresh = solve(data.with_targets(data.target_share + 0.05))
    assert second.objective == pytest.approx(fresh.objective, rel=1e-7)
    assert second.objective > first.objective
    # the year blocks started from the first solve's basis
    assert second.solver["iterations"]["simplex"] < fresh.solver["iterations"]["simplex"]
    assert m.target[0].lower == pytest.approx(raised[0])


# ---- an independent build of the same LP ---------------------------------------------------------


def random_park(seed: int, years: int = 2, hours: int = 24) -> LPData:
    rng = np.random.default_rng(seed)
    hod = np.arange(hours) % 24
    solar = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None)[None, :] * rng.uniform(
        0.6, 1.0, (years, 1)
    )
    return LPData(
        load_mw=rng.uniform(50, 100, (years, hours)),
        wind_cf=rng.uniform(0, 1, (years, hours)),
        solar_cf=solar,
        weight=rng.uniform(0.5, 2.0, (years, hours)),
        hour_of_day=hod,
        existing=[10.0, 5.0, 0.0, 0.0],
        maximum=[200.0, 150.0, 300.0, 80.0],
        capex_per_unit=[4e6, 3e6, 4.5e5, 2e5],
        fixed_om_share=[0.02, 0.015, 0.02, 0.02],
        lifetime_years=[20, 25, 15, 15],
        discount_rate=0.07,
        charge_efficiency=0.95,
        discharge_efficiency=0.9,
        min_soc=0.1,
        self_discharge_per_hour=0.01,
        coal_mw=30.0,
        coal_min_load_share=0.3,
        coal_fuel_cost_per_mwh=200.0,
        import_max_mw=60.0,
        export_max_mw=20.0,
        import_price_per_mwh=rng.uniform(200, 500, 24),
        export_price_per_mwh=100.0,
        voll_per_mwh=3000.0,
        target_share=[0.3, 0.5][:years] + [0.5] * max(0, years - 2),
        min_renewable_utilisation=0.8,
        storage_min_share=0.1,
        storage_min_hours=2.0,
    )


def scipy_optimum(d: LPData) -> float:
    """Assemble the LP of docs/model.md §5 with scipy.sparse, from the equations, and solve."""
    ny, nt = d.years, d.hours
    nv = 9  # d c q soc e k g i u per hour
    D, C, Q, SOC, E, K, G, I, U = range(nv)  # noqa: E741
    ncap = 4 * ny
    nl = d.curtailable_mw.size  # curtailable loads: z[l, y, t] after the capacities
    retro = d.has_retrofit  # coal minimum load m_y after the z
    n = ny * nt * nv + ncap + nl * ny * nt + (ny if retro else 0)

    def z(j, y, t):
        return ny * nt * nv + ncap + (j * ny + y) * nt + t

    def my(y):
        return ny * nt * nv + ncap + nl * ny * nt + y

    def h(y, t, j):
        return (y * nt + t) * nv + j

    def cap(a, y):
        return ny * nt * nv + a * ny + y

    eq_r, eq_c, eq_v, b_eq = [], [], [], []
    ub_r, ub_c, ub_v, b_ub = [], [], [], []

    def add(rows, cols, vals, r, terms):
        for col, val in terms:
            rows.append(r)
            cols.append(col)
            vals.append(val)

    keep = 1 - d.self_discharge_per_hour
    for y in range(ny):
        W, S, En, P = cap(0, y), cap(1, y), cap(2, y), cap(3, y)
        for t in range(nt):
            r = len(b_eq)
            add(
                eq_r,
                eq_c,
                eq_v,
                r,
                [
                    (h(y, t, D), 1),
                    (h(y, t, C), 1),
                    (h(y, t, E), 1),
                    (h(y, t, K), 1),
                    (W, -d.wind_cf[y, t]),
                    (S, -d.solar_cf[y, t]),
                ],
            )
            b_eq.append(0.0)
            r = len(b_eq)
            add(
                eq_r,
                eq_c,
                eq_v,
                r,
                [
                    (h(y, t, D), 1),
                    (h(y, t, Q), 1),
                    (h(y, t, G), 1),
                    (h(y, t, I), 1),
                    (h(y, t, U), 1),
                    *[(z(j, y, t), 1) for j in range(nl)],
                ],
            )
            b_eq.append(d.load_mw[y, t])
            if retro:  # coal_must_run: m_y − g ≤ 0
                add(ub_r, ub_c, ub_v, len(b_ub), [(my(y), 1), (h(y, t, G), -1)])
                b_ub.append(0.0)
            r = len(b_eq)
            tp = (t - 1) % nt
            add(
                eq_r,
                eq_c,
                eq_v,
                r,
                [
                    (h(y, t, SOC), 1),
                    (h(y, tp, SOC), -keep),
                    (h(y, t, C), -d.charge_efficiency),
                    (h(y, t, Q), 1 / d.discharge_efficiency),
                ],
            )
            b_eq.append(0.0)
            for terms in (
                [(En, d.min_soc), (h(y, t, SOC), -1)],
                [(h(y, t, SOC), 1), (En, -1)],
                [(h(y, t, C), 1), (P, -1)],
                [(h(y, t, Q), 1), (P, -1)],
            ):
                add(ub_r, ub_c, ub_v, len(b_ub), terms)
                b_ub.append(0.0)
        wt = d.weight[y]
        # target: −Σ w (d + q) − τ Σ w z ≤ −τ Σ w L
        tau = d.target_share[y]
        terms = [(h(y, t, D), -wt[t]) for t in range(nt)] + [
            (h(y, t, Q), -wt[t]) for t in range(nt)
        ]
        terms += [(z(j, y, t), -tau * wt[t]) for j in range(nl) for t in range(nt)]
        add(ub_r, ub_c, ub_v, len(b_ub), terms)
        b_ub.append(-d.target_share[y] * float(wt @ d.load_mw[y]))
        # utilisation: Σ w k ≤ (1 − u)(W Σ w w_t + S Σ w s_t)
        u = np.nan if d.min_renewable_utilisation is None else d.min_renewable_utilisation[y]
        if np.isfinite(u):
            terms = [(h(y, t, K), wt[t]) for t in range(nt)]
            terms += [
                (W, -(1 - u) * float(wt @ d.wind_cf[y])),
                (S, -(1 - u) * float(wt @ d.solar_cf[y])),
            ]
            add(ub_r, ub_c, ub_v, len(b_ub), terms)
            b_ub.append(0.0)
        if d.max_unserved_share is not None:  # unserved: Σ w u + ū Σ w z ≤ ū Σ w L
            ubar = d.max_unserved_share
            terms = [(h(y, t, U), wt[t]) for t in range(nt)]
            terms += [(z(j, y, t), ubar * wt[t]) for j in range(nl) for t in range(nt)]
            add(ub_r, ub_c, ub_v, len(b_ub), terms)
            b_ub.append(ubar * float(wt @ d.load_mw[y]))
        for j in range(nl):  # curtail_budget: Σ w z_j ≤ budget_j
            if np.isfinite(d.curtail_budget_mwh[j]):
                add(ub_r, ub_c, ub_v, len(b_ub), [(z(j, y, t), wt[t]) for t in range(nt)])
                b_ub.append(d.curtail_budget_mwh[j])
        if retro and y > 0:  # coal_min_nonincreasing: m_y − m_{y−1} ≤ 0
            add(ub_r, ub_c, ub_v, len(b_ub), [(my(y), 1), (my(y - 1), -1)])
            b_ub.append(0.0)
        sh, hrs = d.storage_min_share, d.storage_min_hours
        add(ub_r, ub_c, ub_v, len(b_ub), [(W, sh * hrs), (S, sh * hrs), (En, -1)])
        b_ub.append(0.0)
        add(ub_r, ub_c, ub_v, len(b_ub), [(W, sh), (S, sh), (P, -1)])
        b_ub.append(0.0)
        if y > 0:
            for a in range(4):
                add(ub_r, ub_c, ub_v, len(b_ub), [(cap(a, y - 1), 1), (cap(a, y), -1)])
                b_ub.append(0.0)

    r = d.discount_rate
    crf = r / (1 - (1 + r) ** -d.lifetime_years) if r else 1 / d.lifetime_years
    kcap = (crf + d.fixed_om_share) * d.capex_per_unit
    c = np.zeros(n)
    const = 0.0
    for y in range(ny):
        df = (1 + r) ** -y
        for a in range(4):
            c[cap(a, y)] += df * kcap[a]
            const -= df * kcap[a] * d.existing[a]
        for t in range(nt):
            w = d.weight[y, t] * df
            c[h(y, t, I)] += w * d.import_price_per_mwh[d.hour_of_day[t]]
            c[h(y, t, G)] += w * d.coal_fuel_cost_per_mwh
            c[h(y, t, E)] -= w * d.export_price_per_mwh
            c[h(y, t, U)] += w * d.voll_per_mwh
            for j in range(nl):
                c[z(j, y, t)] += w * d.curtail_cost_per_mwh[j]
        if retro:  # annuity of the depth m0·C − m_y, pro rata of the full depth's capex
            n_r = d.coal_retrofit_lifetime_years
            crf_r = r / (1 - (1 + r) ** -n_r) if r else 1 / n_r
            span = d.coal_min_load_share - d.coal_retrofit_min_load_share
            k = crf_r * d.coal_retrofit_capex_per_mw / span
            c[my(y)] -= df * k
            const += df * k * d.coal_min_load_share * d.coal_mw

    lo = np.zeros(n)
    hi = np.full(n, np.inf)
    for y in range(ny):
        for t in range(nt):
            hi[h(y, t, E)] = d.export_max_mw
            hi[h(y, t, I)] = d.import_max_mw
            lo[h(y, t, G)] = 0.0 if retro else d.coal_min_load_share * d.coal_mw
            hi[h(y, t, G)] = d.coal_mw
            for j in range(nl):
                hi[z(j, y, t)] = d.curtailable_mw[j]
        if retro:
            lo[my(y)] = d.coal_retrofit_min_load_share * d.coal_mw
            hi[my(y)] = d.coal_min_load_share * d.coal_mw
        for a in range(4):
            lo[cap(a, y)] = d.existing[a] if d.capacity_min is None else d.capacity_min[a, y]
            hi[cap(a, y)] = d.maximum[a]
    A_eq = sp.csr_array((eq_v, (eq_r, eq_c)), shape=(len(b_eq), n))
    A_ub = sp.csr_array((ub_v, (ub_r, ub_c)), shape=(len(b_ub), n))
    res = linprog(
        c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=np.c_[lo, hi], method="highs"
    )
    assert res.status == 0, res.message
    return float(res.fun + const)


@pytest.mark.parametrize("seed", [0, 1])
def test_pyomo_model_matches_an_independent_scipy_build(seed):
    data = random_park(seed)
    res = solve(data)
    assert res.status == "optimal"
    assert res.objective == pytest.approx(scipy_optimum(data), rel=1e-6)
    # plan sanity: non-decreasing, within bounds, balance closes, targets met
    cap = res.values["cap"]
    assert np.all(np.diff(cap, axis=1) >= -1e-7)
    assert np.all(cap >= data.existing[:, None] - 1e-7)
    assert np.all(cap <= data.maximum[:, None] + 1e-7)
    v = res.values
    supply = v["direct_mw"] + v["discharge_mw"] + v["coal_mw"] + v["import_mw"] + v["unserved_mw"]
    np.testing.assert_allclose(supply, data.load_mw, atol=1e-6)
    share = (data.weight * (v["direct_mw"] + v["discharge_mw"])).sum(1) / data.weighted_load_mwh()
    assert np.all(share >= data.target_share - 1e-9)


def test_lp_data_from_scenario_maps_units_and_limits():
    from simulator.core.profiles import build_profiles
    from simulator.core.scenario import load_scenario
    from solvers.lp import lp_data_from_scenario

    sc = load_scenario("ordos-low-carbon")
    sc = sc.model_copy(update={"solar": sc.solar.model_copy(update={"max_mw": None})})
    data = lp_data_from_scenario(sc, build_profiles(sc))
    assert data.load_mw.shape == (3, 8760) and data.weight.min() == data.weight.max() == 1.0
    np.testing.assert_array_equal(data.existing, [100, 100, 0, 0])
    np.testing.assert_array_equal(data.maximum, [2000, INF, 4000, 1000])
    np.testing.assert_array_equal(data.capex_per_unit, [4e6, 3e6, 4.5e5, 2e5])
    np.testing.assert_array_equal(data.lifetime_years, [20, 25, 15, 15])
    np.testing.assert_allclose(data.target_share, [0.3, 0.4, 0.5])
    assert data.year_labels == (2025, 2026, 2027)
    assert data.import_price_per_mwh.shape == (24,) and data.import_price_per_mwh[0] == 350
    assert data.hour_of_day[25] == 1
    assert not data.has_coal and not data.has_export and data.has_import and data.has_storage


# ---- solve paths: the exact decomposition by year against the joint LP and the scipy build -------


def shrinking_park(**kw) -> LPData:
    """Two years whose own optima shrink: year 1 has half the load of year 0 and cheap imports.

    Alone, year 0 wants more solar than year 1 (its target needs twice the energy), so the joined
    yearly optima break ``capacity_nondecreasing`` and the decomposition must fall back.
    """
    args = dict(
        load_mw=[[10.0, 10.0, 10.0, 10.0], [5.0, 5.0, 5.0, 5.0]],
        wind_cf=np.zeros((2, 4)),
        solar_cf=[[0.0, 1.0, 1.0, 0.0]] * 2,
        maximum=[0.0, INF, 0.0, 0.0],
        capex_per_unit=[1000.0, 1000.0, 100.0, 50.0],
        lifetime_years=[1, 1, 1, 1],
        import_max_mw=100.0,
        import_price_per_mwh=50.0,
        voll_per_mwh=10_000.0,
        target_share=[0.4, 0.4],
    )
    args.update(kw)
    return LPData(**args)


@pytest.mark.parametrize("years", [2, 3])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_path_reaches_the_scipy_optimum(seed, years):
    data = random_park(seed, years=years, hours=48)
    ref = scipy_optimum(data)
    joint = solve(data, lp_path="joint")
    assert joint.solver["lp_path"] == "joint" and "blocks" not in joint.solver
    assert joint.objective == pytest.approx(ref, rel=1e-6)
    for algorithm in ("choose", "simplex", "ipm", "ipx"):
        res = solve(data, lp_path="years", algorithm=algorithm)
        assert res.status == "optimal"
        assert res.solver["lp_path"] == "years" and res.solver["blocks"] == years
        assert res.objective == pytest.approx(ref, rel=1e-6)
        np.testing.assert_allclose(res.values["cap"], joint.values["cap"], rtol=1e-4, atol=1e-4)
        assert np.all(np.diff(res.values["cap"], axis=1) >= -1e-7)


def test_monotone_yearly_optima_are_the_joint_optimum_without_a_joint_solve():
    # growing load, same weather: every year's own optimum is at least the year before's
    data = shrinking_park(load_mw=[[5.0] * 4, [10.0] * 4])
    res = solve(data, lp_path="years")
    assert res.solver["linking_rows_violated"] == 0
    assert res.solver["joint_from_blocks"] is False
    # solar alone: 0.4 · 20 MWh = 8 MWh in 2 sunny hours → 4 MW, then 0.4 · 40 / 2 = 8 MW
    np.testing.assert_allclose(res.values["cap"][1], [4.0, 8.0], rtol=1e-9)
    assert res.objective == pytest.approx(solve(data, lp_path="joint").objective, rel=1e-9)
    assert res.objective == pytest.approx(scipy_optimum(data), rel=1e-9)


def test_decomposition_falls_back_when_the_yearly_optima_are_not_monotone():
    data = shrinking_park()
    res = solve(data, lp_path="years")
    joint = solve(data, lp_path="joint")
    assert res.status == joint.status == "optimal"
    assert res.solver["linking_rows_violated"] == 1  # solar of year 1 below year 0
    assert res.solver["joint_from_blocks"] is True
    # the joint optimum keeps year 0's 8 MW of solar in year 1 (capacity never falls)
    np.testing.assert_allclose(res.values["cap"][1], [8.0, 8.0], rtol=1e-9)
    assert res.objective == pytest.approx(joint.objective, rel=1e-9)
    assert res.objective == pytest.approx(scipy_optimum(data), rel=1e-9)
    # the yearly optima alone would have been cheaper: the fallback was needed
    alone = [solve(shrinking_park(**year_kw(data, y))).objective for y in range(2)]
    assert sum(alone) < res.objective - 1.0


def year_kw(data: LPData, y: int) -> dict:
    """Arguments of shrinking_park for year y alone."""
    return dict(
        load_mw=data.load_mw[y : y + 1],
        wind_cf=data.wind_cf[y : y + 1],
        solar_cf=data.solar_cf[y : y + 1],
        target_share=[data.target_share[y]],
    )


def test_decomposition_keeps_capacity_min_utilisation_and_unserved_limits():
    base_data = random_park(4, years=3, hours=48)
    cm = np.zeros((4, 3))
    cm[2, 1] = 120.0  # a cut on storage energy in the middle year only
    data = dataclasses.replace(
        base_data,
        capacity_min=cm,
        min_renewable_utilisation=[0.8, float("nan"), 0.9],
        max_unserved_share=0.01,
    )
    res = solve(data, lp_path="years")
    joint = solve(data, lp_path="joint")
    assert res.status == joint.status == "optimal"
    assert res.objective == pytest.approx(joint.objective, rel=1e-7)
    assert res.objective == pytest.approx(scipy_optimum(data), rel=1e-6)
    cap = res.values["cap"]
    assert np.all(cap[2, 1:] >= 120.0 - 1e-7)  # the cut holds, and capacities never fall after it


def test_an_infeasible_year_makes_the_joint_lp_infeasible():
    # year 1 cannot reach 90% with 2 sunny hours of 4 and no storage
    data = shrinking_park(target_share=[0.4, 0.9])
    res = solve(data, lp_path="years")
    assert res.status == "infeasible" and res.objective is None and not res.values
    assert solve(data, lp_path="joint").status == "infeasible"


def test_one_year_and_bad_paths():
    res = solve(base(), lp_path="years")
    assert res.solver["lp_path"] == "joint"  # nothing to decompose
    assert res.objective == pytest.approx(9200.0, rel=1e-9)
    with pytest.raises(InputError, match="lp_path"):
        solve(base(), lp_path="blocks")


def test_warm_start_of_the_year_blocks():
    data = random_park(seed=6, years=3, hours=48)
    first = HighsDirect(build_model(data))
    a = first.solve()
    warm = first.warm_start()
    assert warm is not None and warm.fits(first.highs.getNumCol(), first.highs.getNumRow())
    raised = data.with_targets(data.target_share + 0.02)
    again = HighsDirect(build_model(raised))
    assert again.apply_warm_start(warm)
    b = again.solve()
    fresh = solve(raised, lp_path="joint")
    assert b.objective == pytest.approx(fresh.objective, rel=1e-7)
    assert b.objective >= a.objective
