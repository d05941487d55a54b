"""The LP with several stores and flexible processes (issue 12, ``docs/model.md`` §5).

Hand-solved tiny LPs (derivations in the comments), an independent ``scipy.sparse`` + ``linprog``
build of the LP with several stores and processes (written from the equations, not from the Pyomo
code), the one-store LP unchanged, and small sized parks re-checked by the rule-based dispatch of
every hour.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.core.vocabulary import HOURLY_COLUMNS
from solvers import plan_json, size, summary_text, write_plan
from solvers.lp import LPData, build_model, lp_data_from_scenario
from solvers.plan_tables import capacity_table_of, cost_breakdown
from tests.parks import park
from tests.solvers.test_lp import INF, base, random_park, scipy_optimum, solve
from tests.solvers.test_sizing import day_night_profiles

# ---- several stores ------------------------------------------------------------------------------


def two_stores(**kw) -> LPData:
    """Two hours, L = 10, solar cf (1, 0), target 75%: the store must deliver q = 5 in hour 1.

    Store ``fast``: η = 0.9 each way, 100/MWh and 50/MW a year; store ``cheap``: η = 0.5 each way,
    40/MWh and 20/MW a year. Solar 1000/MW a year; imports 1/MWh.
    """
    args = dict(
        load_mw=[[10.0, 10.0]],
        wind_cf=[[0.0, 0.0]],
        solar_cf=[[1.0, 0.0]],
        maximum=[0.0, INF, INF, INF, INF, INF],
        capex_per_unit=[1000.0, 1000.0, 100.0, 50.0, 40.0, 20.0],
        lifetime_years=[1] * 6,
        store_names=("fast", "cheap"),
        charge_efficiency=[0.9, 0.5],
        discharge_efficiency=[0.9, 0.5],
        import_price_per_mwh=1.0,
        target_share=[0.75],
    )
    args.update(kw)
    return base(**args)


def test_the_store_cheapest_per_delivered_mwh_is_built():
    # q = 5 from a store of round-trip η² needs c = 5/η² of extra solar in hour 0 (S = 10 + c),
    # E = η c, P = c.  fast: c = 6.173, cost 1000·16.173 + 100·5.556 + 50·6.173 = 17 037.0;
    # cheap: c = 20, cost 1000·30 + 40·10 + 20·20 = 30 800 → only ``fast`` is built, although
    # its capacities cost more than twice as much.
    res = solve(two_stores())
    c = 5.0 / 0.81
    cap = res.values["cap"][:, 0]
    assert list(build_model(two_stores()).A) == [
        "wind_mw", "solar_mw", "fast_mwh", "fast_mw", "cheap_mwh", "cheap_mw",
    ]  # fmt: skip
    np.testing.assert_allclose(cap, [0.0, 10 + c, 0.9 * c, c, 0.0, 0.0], atol=1e-6)
    assert res.objective == pytest.approx(1000 * (10 + c) + 100 * 0.9 * c + 50 * c + 5.0, rel=1e-7)
    assert res.values["discharge_mw"].shape == (2, 1, 2)  # (store, year, hour)


def test_a_lossless_cheap_store_wins_and_costs_split_by_store():
    # both lossless: c = 5, E = P = 5 of the cheaper store; cost 15 000 + 40·5 + 20·5 + 5
    data = two_stores(charge_efficiency=[0.9, 1.0], discharge_efficiency=[0.9, 1.0])
    res = solve(data)
    np.testing.assert_allclose(res.values["cap"][:, 0], [0, 15, 0, 0, 5, 5], atol=1e-6)
    assert res.objective == pytest.approx(15_305.0, rel=1e-7)
    caps = capacity_table_of(data, res)
    assert list(caps.columns) == ["year", "wind_mw", "solar_mw", "fast_mwh", "fast_mw",
                                  "cheap_mwh", "cheap_mw", "storage_mwh", "storage_mw"]  # fmt: skip
    assert caps["storage_mwh"].iloc[0] == pytest.approx(5.0, abs=1e-6)
    cb = cost_breakdown(data, res)
    assert cb["storage_energy_annuity"].iloc[0] == pytest.approx(200.0, rel=1e-6)
    assert (cb["discount_factor"] * cb["total"]).sum() == pytest.approx(res.objective, rel=1e-9)


def test_storage_policy_rows_bound_the_sum_over_stores():
    # storage power ≥ 0.5·(W + S) and energy ≥ 0.5·2·(W + S): satisfied by the sum, the cheap
    # lossless store takes it all
    data = two_stores(
        charge_efficiency=[0.9, 1.0], discharge_efficiency=[0.9, 1.0],
        storage_min_share=0.5, storage_min_hours=2.0, target_share=[0.0],
    )  # fmt: skip
    res = solve(data)
    cap = res.values["cap"][:, 0]
    assert cap[2] + cap[4] >= 1.0 * (cap[0] + cap[1]) - 1e-6
    assert cap[3] + cap[5] >= 0.5 * (cap[0] + cap[1]) - 1e-6
    m = build_model(data)
    assert len(m.storage_energy_min) == 1 and len(m.storage_power_min) == 1


# ---- flexible processes --------------------------------------------------------------------------


def electrolyser(**kw) -> LPData:
    """Four hours, no fixed load, solar cf (0, 1, 1, 0), product demand D = 5 MWh every hour.

    Process capacity 100/MW a year, buffer 10/MWh a year, shortfall 10 000/MWh, target 100%: the
    product must come from solar hours. No store.
    """
    args = dict(
        load_mw=[[0.0] * 4],
        maximum=[0.0, INF, 0.0, 0.0, INF, INF],
        capex_per_unit=[1000.0, 1000.0, 100.0, 50.0, 100.0, 10.0],
        lifetime_years=[1] * 6,
        process_names=("ely",),
        process_demand_mwh=[[[5.0] * 4]],
        process_shortfall_cost_per_mwh=[10_000.0],
        target_share=[1.0],
    )
    args.update(kw)
    return base(**args)


def test_a_buffer_shifts_the_process_into_the_sunny_hours():
    # p = 10 in hours 1 and 2 (P = 10, S = 10); the buffer fills to 10 at the end of hour 2 and
    # serves hours 3 and 0 (B = 10). Cost 1000·10 + 100·10 + 10·10 = 11 100.
    res = solve(electrolyser())
    cap = res.values["cap"][:, 0]
    np.testing.assert_allclose(cap, [0, 10, 0, 0, 10, 10], atol=1e-6)
    assert res.objective == pytest.approx(11_100.0, rel=1e-7)
    np.testing.assert_allclose(res.values["process_mw"][0, 0], [0, 10, 10, 0], atol=1e-6)
    np.testing.assert_allclose(res.values["buffer_mwh"][0, 0], [0, 5, 10, 5], atol=1e-6)
    assert res.values["product_shortfall_mwh"].max() <= 1e-9


def test_a_buffer_too_small_leaves_a_priced_shortfall():
    # B ≤ 4: hours 3 and 0 need 10, the buffer holds 4 → shortfall 6; p = 7 in hours 1, 2
    # (Σp = 14), S = P = 7. Cost 7000 + 700 + 40 + 10 000·6 = 67 740.
    data = electrolyser(maximum=[0.0, INF, 0.0, 0.0, INF, 4.0])
    res = solve(data)
    cap = res.values["cap"][:, 0]
    np.testing.assert_allclose(cap, [0, 7, 0, 0, 7, 4], atol=1e-6)
    assert res.values["product_shortfall_mwh"].sum() == pytest.approx(6.0, abs=1e-6)
    assert res.objective == pytest.approx(67_740.0, rel=1e-7)
    cb = cost_breakdown(data, res)
    assert cb["shortfall_cost"].iloc[0] == pytest.approx(60_000.0, rel=1e-7)
    assert cb["process_annuity"].iloc[0] == pytest.approx(740.0, rel=1e-7)


def test_process_power_counts_in_the_target_denominator():
    # target 50% with imports at 1/MWh: the process may run flat (P = 5, no buffer) on half solar:
    # Σd ≥ 0.5·Σp = 10 → S = 5 (10 MWh over the 2 sunny hours), import 10.
    # Cost 1000·5 + 100·5 + 10 = 5510 (a buffer would cost more than the import it saves).
    res = solve(electrolyser(target_share=[0.5], import_price_per_mwh=1.0))
    cap = res.values["cap"][:, 0]
    np.testing.assert_allclose(cap, [0, 5, 0, 0, 5, 0], atol=1e-6)
    assert res.objective == pytest.approx(5510.0, rel=1e-7)


def test_min_load_share_keeps_the_process_running():
    # λ = 0.5: p ≥ 0.5 P in the dark hours, which need import; with a 100% target that is
    # unreachable... so take target 0 and expensive import (1000/MWh): P = 10 with p = 5 at
    # night costs 10 MWh of import = 10 000 against a flat P = 5: 20 MWh import = 20 000.
    data = electrolyser(target_share=[0.0], import_price_per_mwh=1000.0,
                        process_min_load_share=[0.5])  # fmt: skip
    res = solve(data)
    p = res.values["process_mw"][0, 0]
    cap = res.values["cap"][:, 0]
    assert np.all(p >= 0.5 * cap[4] - 1e-7)
    assert "process_min" in {c.local_name for c in build_model(data).component_objects()}


# ---- the independent scipy build -----------------------------------------------------------------


class _Cols:
    """Named columns of the independent LP: ``col(key)`` gives (or makes) a column index."""

    def __init__(self) -> None:
        self.index: dict = {}
        self.lo: list = []
        self.hi: list = []

    def __call__(self, key: tuple, lo: float = 0.0, hi: float = np.inf) -> int:
        if key not in self.index:
            self.index[key] = len(self.lo)
            self.lo.append(lo)
            self.hi.append(hi)
        return self.index[key]


def _hour_rows(d: LPData, col: _Cols, y: int, t: int, eq: list, ub: list) -> None:
    """renewable_split, balance, each store's and process's families of hour (y, t)."""
    ns, nr, nt = d.stores, d.processes, d.hours
    W, S = col(("cap", 0, y)), col(("cap", 1, y))
    dd, k = col(("d", y, t)), col(("k", y, t))
    e, i = col(("e", y, t), 0, d.export_max_mw), col(("i", y, t), 0, d.import_max_mw)
    g = col(("g", y, t), d.coal_min_load_share * d.coal_mw, d.coal_mw)
    u = col(("u", y, t))
    cs = [col(("c", s, y, t)) for s in range(ns)]
    qs = [col(("q", s, y, t)) for s in range(ns)]
    ps = [col(("p", r, y, t)) for r in range(nr)]
    sfs = [col(("sf", r, y, t), 0, d.process_demand_mwh[r, y, t]) for r in range(nr)]
    split = [(dd, 1), (k, 1), (e, 1), (W, -d.wind_cf[y, t]), (S, -d.solar_cf[y, t])]
    eq.append((split + [(c, 1) for c in cs], 0.0))
    bal = [(dd, 1), (g, 1), (i, 1), (u, 1)] + [(q, 1) for q in qs] + [(p, -1) for p in ps]
    eq.append((bal, d.load_mw[y, t]))
    tp = (t - 1) % nt
    for s in range(ns):
        st = d.store(s)
        soc, E, P = col(("soc", s, y, t)), col(("cap", 2 + 2 * s, y)), col(("cap", 3 + 2 * s, y))
        prev = (col(("soc", s, y, tp)), -(1 - st.self_discharge_per_hour))
        flows = [(cs[s], -st.charge_efficiency), (qs[s], 1 / st.discharge_efficiency)]
        eq.append(([(soc, 1), prev, *flows], 0.0))
        ub += [([(soc, 1), (E, -1)], 0.0), ([(cs[s], 1), (P, -1)], 0.0)]
        ub += [([(qs[s], 1), (P, -1)], 0.0), ([(E, st.min_soc), (soc, -1)], 0.0)]
    for r in range(nr):
        P, B = col(("cap", 2 + 2 * ns + 2 * r, y)), col(("cap", 3 + 2 * ns + 2 * r, y))
        b = col(("b", r, y, t))
        eq.append(([(b, 1), (col(("b", r, y, tp)), -1), (ps[r], -1), (sfs[r], -1)],
                   -d.process_demand_mwh[r, y, t]))  # fmt: skip
        lam = d.process_min_load_share[r]
        ub += [([(ps[r], 1), (P, -1)], 0.0), ([(P, lam), (ps[r], -1)], 0.0)]
        ub.append(([(b, 1), (B, -1)], 0.0))


def _year_rows(d: LPData, col: _Cols, y: int, ub: list) -> None:
    """target, utilisation, unserved limit, storage minimum on the sums, non-decreasing caps."""
    ns, nr, nt = d.stores, d.processes, d.hours
    W, S = col(("cap", 0, y)), col(("cap", 1, y))
    wt = d.weight[y]
    tau = d.target_share[y]
    load = float(wt @ d.load_mw[y])
    pw = [(col(("p", r, y, t)), wt[t]) for r in range(nr) for t in range(nt)]
    if np.isfinite(tau):  # −Σ w (d + Σq) + τ Σ w Σp ≤ −τ Σ w L
        terms = [(col(("d", y, t)), -wt[t]) for t in range(nt)]
        terms += [(col(("q", s, y, t)), -wt[t]) for s in range(ns) for t in range(nt)]
        ub.append((terms + [(c, tau * v) for c, v in pw], -tau * load))
    u = np.nan if d.min_renewable_utilisation is None else d.min_renewable_utilisation[y]
    if np.isfinite(u):
        terms = [(col(("k", y, t)), wt[t]) for t in range(nt)]
        terms += [(W, -(1 - u) * float(wt @ d.wind_cf[y])),
                  (S, -(1 - u) * float(wt @ d.solar_cf[y]))]  # fmt: skip
        ub.append((terms, 0.0))
    if d.max_unserved_share is not None:  # Σ w u − ū Σ w Σp ≤ ū Σ w L
        share = d.max_unserved_share
        terms = [(col(("u", y, t)), wt[t]) for t in range(nt)]
        ub.append((terms + [(c, -share * v) for c, v in pw], share * load))
    sh, hrs = d.storage_min_share, d.storage_min_hours
    if sh > 0:
        es = [(col(("cap", 2 + 2 * s, y)), -1) for s in range(ns)]
        pp = [(col(("cap", 3 + 2 * s, y)), -1) for s in range(ns)]
        if hrs > 0:
            ub.append((es + [(W, sh * hrs), (S, sh * hrs)], 0.0))
        ub.append((pp + [(W, sh), (S, sh)], 0.0))
    if y > 0:
        na = 2 + 2 * ns + 2 * nr
        ub += [([(col(("cap", a, y - 1)), 1), (col(("cap", a, y)), -1)], 0.0) for a in range(na)]


def _costs(d: LPData, col: _Cols) -> tuple[np.ndarray, float]:
    """Objective coefficients and constant: annuities, energy costs, shortfall, discounted."""
    r = d.discount_rate
    crf = r / (1 - (1 + r) ** -d.lifetime_years) if r else 1 / d.lifetime_years
    kcap = (crf + d.fixed_om_share) * d.capex_per_unit
    cost = np.zeros(len(col.lo))
    const = 0.0
    for y in range(d.years):
        df = (1 + r) ** -y
        for a in range(len(kcap)):
            cost[col(("cap", a, y))] += df * kcap[a]
            const -= df * kcap[a] * d.existing[a]
        for t in range(d.hours):
            w = d.weight[y, t] * df
            cost[col(("i", y, t))] += w * d.import_price_per_mwh[d.hour_of_day[t]]
            cost[col(("g", y, t))] += w * d.coal_fuel_cost_per_mwh
            cost[col(("e", y, t))] -= w * d.export_price_per_mwh
            cost[col(("u", y, t))] += w * d.voll_per_mwh
            for q in range(d.processes):
                cost[col(("sf", q, y, t))] += w * d.process_shortfall_cost_per_mwh[q]
    return cost, const


def scipy_items_optimum(d: LPData) -> float:
    """The LP of docs/model.md §5 with several stores and processes, from the equations.

    Renewables, stores s (each its own η, σ, min_soc, E_s, P_s), flexible processes r (p, b, s),
    coal with a fixed minimum, import, export, unserved; target, utilisation floor, unserved limit,
    storage minimum on the sums, non-decreasing capacities; annuities, energy costs, shortfall.
    """
    col = _Cols()
    rows_eq: list = []
    rows_ub: list = []  # (terms, rhs) of Σ terms ≤ rhs
    lower = d.capacity_lower()
    for a in range(2 + 2 * d.stores + 2 * d.processes):
        for y in range(d.years):
            col(("cap", a, y), lower[a, y], d.maximum[a])
    for y in range(d.years):
        for t in range(d.hours):
            _hour_rows(d, col, y, t, rows_eq, rows_ub)
        _year_rows(d, col, y, rows_ub)
    cost, const = _costs(d, col)
    n = len(col.lo)

    def matrix(rows: list) -> tuple:
        rr = [j for j, (terms, _) in enumerate(rows) for _ in terms]
        cc = [c for terms, _ in rows for c, _ in terms]
        vv = [v for terms, _ in rows for _, v in terms]
        return sp.csr_array((vv, (rr, cc)), shape=(len(rows), n)), [b for _, b in rows]

    a_eq, b_eq = matrix(rows_eq)
    a_ub, b_ub = matrix(rows_ub)
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                  bounds=np.c_[col.lo, col.hi], method="highs")  # fmt: skip
    assert res.status == 0, res.message
    return float(res.fun + const)


def random_items_park(seed: int, years: int = 2, hours: int = 24) -> LPData:
    """:func:`tests.solvers.test_lp.random_park` with a second store and a flexible process."""
    rng = np.random.default_rng(seed)
    d = random_park(seed, years, hours)
    demand = rng.uniform(5, 25, (1, years, hours))
    return dataclasses.replace(
        d,
        existing=[*d.existing, 0.0, 0.0, 10.0, 0.0],
        maximum=[*d.maximum, 2000.0, 40.0, 60.0, 400.0],
        capex_per_unit=[*d.capex_per_unit, 1.5e5, 6e5, 2e6, 1e4],
        fixed_om_share=[*d.fixed_om_share, 0.01, 0.01, 0.02, 0.02],
        lifetime_years=[*d.lifetime_years, 30, 30, 20, 25],
        store_names=("battery", "lds"),
        charge_efficiency=[0.95, 0.7],
        discharge_efficiency=[0.9, 0.6],
        min_soc=[0.1, 0.0],
        self_discharge_per_hour=[0.01, 0.0],
        process_names=("ely",),
        process_demand_mwh=demand,
        process_min_load_share=[0.2],
        process_shortfall_cost_per_mwh=[5000.0],
    )


def test_the_independent_builds_agree_on_a_one_store_park():
    data = random_park(3)
    assert scipy_items_optimum(data) == pytest.approx(scipy_optimum(data), rel=1e-7)


@pytest.mark.parametrize("seed", [0, 1])
def test_stores_and_processes_match_the_scipy_build(seed):
    data = random_items_park(seed)
    res = solve(data)
    assert res.status == "optimal"
    assert res.objective == pytest.approx(scipy_items_optimum(data), rel=1e-6)
    cap = res.values["cap"]
    assert np.all(np.diff(cap, axis=1) >= -1e-7)
    v = res.values
    supply = (v["direct_mw"] + v["discharge_mw"].sum(0) + v["coal_mw"] + v["import_mw"]
              + v["unserved_mw"] - v["process_mw"].sum(0))  # fmt: skip
    np.testing.assert_allclose(supply, data.load_mw, atol=1e-6)
    assert np.all(v["buffer_mwh"] <= cap[-1][None, :, None] + 1e-6)


@pytest.mark.parametrize("lp_path", ["years", "joint", "pyomo"])
def test_every_solve_path_reaches_the_same_optimum(lp_path):
    data = random_items_park(2)
    kw = {"handoff": "pyomo"} if lp_path == "pyomo" else {"lp_path": lp_path}
    res = solve(data, **kw)
    assert res.objective == pytest.approx(scipy_items_optimum(data), rel=1e-6)


# ---- sized parks re-checked by the rule-based dispatch -------------------------------------------

ITEMS = dict(
    storage=[
        {"name": "battery", "max_mwh": 2000, "max_mw": 500},
        {"name": "tank", "max_mwh": 5000, "max_mw": 300, "capex_per_kwh": 50.0,
         "capex_per_kw": 800.0, "charge_efficiency": 0.8, "discharge_efficiency": 0.8,
         "min_soc": 0.0},
    ],
    processes=[
        {"name": "electrolyser", "existing_mw": 20, "max_mw": 200, "capex_per_kw": 1500,
         "demand_mw": 20, "min_load_share": 0.1, "buffer_max_mwh": 2000,
         "buffer_capex_per_kwh": 15},
    ],
)  # fmt: skip


def items_park():
    """Two years, flat 100 MW load, two stores and an electrolyser (20 MWh/h of product)."""
    grid = {"import_max_mw": 300, "import_price_per_mwh": 150}
    return park(years=2, targets=[0.3, 0.5], grid=grid, **ITEMS)


@pytest.fixture(scope="module")
def items_plan():
    sc = items_park()
    prof = day_night_profiles(2)
    return sc, prof, size(sc, profiles=prof, segments=300, assure=True)


def test_sized_park_with_stores_and_a_process_passes_its_simulation(items_plan):
    sc, prof, res = items_plan
    assert res.status == "optimal", res.messages
    caps = res.capacities
    assert list(caps.columns) == ["year", *sc.asset_names(), "storage_mwh", "storage_mw"]
    np.testing.assert_allclose(caps["storage_mwh"], caps["battery_mwh"] + caps["tank_mwh"])
    for col in sc.asset_names():
        assert np.all(np.diff(caps[col]) >= -1e-9), col
    assert caps["electrolyser_mw"].iloc[-1] > 20.0  # the process grows to follow the sun
    assert caps["electrolyser_buffer_mwh"].iloc[-1] > 0.0
    assert res.checks["passed"].all()
    lp = res.lp_kpis
    np.testing.assert_allclose(lp["process_forced_mwh"] + lp["product_shortfall_mwh"],
                               20.0 * 8760, rtol=1e-6)  # fmt: skip
    assert {"tank_charge_mwh", "electrolyser_forced_mwh"} <= set(lp.columns)
    h = res.lp_hourly
    assert tuple(h.columns[: len(HOURLY_COLUMNS)]) == HOURLY_COLUMNS
    assert {"tank_soc_mwh", "electrolyser_buffer_mwh", "process_forced_mw"} <= set(h.columns)
    assert len(h) == 2 * 8760
    np.testing.assert_allclose(h["soc_mwh"], h["battery_soc_mwh"] + h["tank_soc_mwh"], atol=1e-6)
    cb = res.cost_breakdown
    assert (cb["discount_factor"] * cb["total"]).sum() == pytest.approx(res.objective, rel=1e-9)


def test_plan_outputs_carry_each_store_and_process(items_plan, tmp_path):
    sc, prof, res = items_plan
    plan = plan_json(res)
    assert set(plan["capacities"][0]) == {"year", *sc.asset_names(), "storage_mwh", "storage_mw"}
    disc = plan["cost_breakdown"]["discounted_total"]
    assert disc["process_annuity"] > 0 and "shortfall_cost" in disc
    write_plan(res, tmp_path)
    text = summary_text(res)
    assert "electrolyser_buffer_mwh" in text and "tank_mwh" in text


def test_typical_days_refuse_them_and_the_full_hour_lp_takes_them():
    sc = items_park()
    with pytest.raises(InputError, match="storage"):
        size(sc, profiles=day_night_profiles(2), typical_days=4)
    data = lp_data_from_scenario(sc, day_night_profiles(2))
    assert data.assets == sc.asset_names()
    assert data.process_demand_mwh.shape == (1, 2, 8760)


def test_one_named_store_keeps_the_lp_and_names_its_capacities():
    prof = day_night_profiles(1)
    st = {"max_mwh": 2000, "max_mw": 500}
    plain = lp_data_from_scenario(park(storage=st), prof)
    named = lp_data_from_scenario(park(storage={"name": "battery", **st}), prof)
    assert named.assets == ("wind_mw", "solar_mw", "battery_mwh", "battery_mw")
    m1, m2 = build_model(plain), build_model(named)
    assert [c.local_name for c in m1.component_objects()] == [
        c.local_name for c in m2.component_objects()
    ]
    assert len(list(m1.component_data_objects())) == len(list(m2.component_data_objects()))


PARK_TOML = """
name = "cli-items"
park_type = "low-carbon"
start_year = 2030
years = 1
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = 8.76e5
[wind]
max_mw = 1000
[solar]
max_mw = 1000
[[storage]]
name = "battery"
max_mwh = 500
max_mw = 100
[[storage]]
name = "tank"
max_mwh = 2000
max_mw = 100
capex_per_kwh = 50
[[processes]]
name = "electrolyser"
existing_mw = 10
max_mw = 100
capex_per_kw = 1500
demand_t_per_year = 1000
buffer_max_mwh = 500
buffer_capex_per_kwh = 15
[grid]
import_max_mw = 300
[policy]
voll_per_mwh = 5000
"""


def test_cli_size_of_a_park_with_stores_and_a_process(tmp_path):
    import json

    path = tmp_path / "park.toml"
    path.write_text(PARK_TOML)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app, ["size", str(path), "--segments", "200", "--assure", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    plan = json.loads((out / "plan.json").read_text())
    assert plan["status"] == "optimal"
    assert {"tank_mwh", "electrolyser_mw", "electrolyser_buffer_mwh"} <= set(plan["capacities"][0])


def test_rule_rows_count_every_store_and_the_process_power_in_the_demand():
    from solvers.lp_rules import rule_sum_args

    data = random_items_park(0, years=1, hours=6)
    m = build_model(data)
    cap = {a: [m.cap[a, 0]] for a in m.A}
    hv = {n: list(m.component(n).values()) for n in ("direct_mw", "discharge_mw", "process_mw")}
    sums = rule_sum_args(data, cap, hv, 0)
    assert len(sums["to_load"]) == 6 + 2 * 6  # d and both stores' q
    assert {x.name for _, x in sums["demand"]} == {f"process_mw[0,0,{t}]" for t in range(6)}
    assert all(w > 0 for w, _ in sums["demand"])


@pytest.mark.parametrize("years", [1, 2])
def test_the_run_start_and_the_year_blocks_keep_the_optimum(monkeypatch, years):
    # the coarse-start bases (solvers.highs_coarse) and the year decomposition handle the
    # (s, y, t) and (r, y, t) families and the new capacities' linking rows like the others
    from solvers import highs_coarse
    from solvers.highs import LP_PATHS

    monkeypatch.setattr(highs_coarse, "MIN_HOURS", 16)
    data = random_items_park(4, years=years, hours=48)
    ref = scipy_items_optimum(data)
    for path in LP_PATHS:
        res = solve(data, lp_path=path)
        assert res.status == "optimal"
        assert res.objective == pytest.approx(ref, rel=1e-6), path
        assert np.all(np.diff(res.values["cap"], axis=1) >= -1e-7)
        if path == "years":
            assert res.solver["run_start"]["used"] >= 1


def test_segments_lay_each_store_and_buffer_out_on_every_hour(items_plan):
    sc, prof, res = items_plan
    h = res.lp_hourly
    for st in sc.stores:  # each store's SOC stays within its capacity hour by hour
        e = np.repeat(res.capacities[f"{st.name}_mwh"].to_numpy(), 8760)
        assert np.all(h[f"{st.name}_soc_mwh"].to_numpy() <= e * (1 + 1e-6) + 1e-6)
    b = np.repeat(res.capacities["electrolyser_buffer_mwh"].to_numpy(), 8760)
    assert np.all(h["electrolyser_buffer_mwh"].to_numpy() <= b * (1 + 1e-6) + 1e-6)
