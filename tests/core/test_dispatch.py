"""The numba dispatch kernels against an independent plain-Python implementation, hand-solved
cases and invariants (hourly balance closes, SOC stays in bounds, shares in [0, 1])."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.core.dispatch import (
    FLOWS,
    SUMS,
    Capacities,
    Params,
    Series,
    dispatch_hourly,
)
from simulator.core.kpis import kpis_from_sums
from tests.reference_dispatch import reference_dispatch

KEYS = ("d", "c", "q", "soc", "e", "k", "g", "i", "u")


def packs(p, n=1):
    """The kernel's packs of the test park ``p`` (one store, no processes or curtailable loads)."""
    one = np.ones(n)
    rows = np.ones((1, n))
    years = len(p["wind_mw"])
    none = np.zeros((0, n))
    ser = Series(
        np.asarray(p["load"], float).copy(), np.asarray(p["wind_cf"], float).copy(),
        np.asarray(p["solar_cf"], float).copy(), np.zeros((0, len(p["load"]))),
    )
    par = Params(
        load_scale=one.copy(), coal_mw=one * p["coal_mw"], import_max_mw=one * p["imax"],
        export_max_mw=one * p["emax"], charge_efficiency=rows * p["eta_c"],
        discharge_efficiency=rows * p["eta_d"], min_soc=rows * p["min_soc"],
        initial_soc=rows * p["initial_soc"], keep=rows * (1.0 - p["sd"]),
        process_min_load_share=none, buffer_initial_share=none, curtailable_mw=none,
        curtail_budget_mwh=none,
    )
    col = lambda a: np.asarray(a, float).reshape(years, 1) * one  # noqa: E731
    cap = Capacities(
        wind_mw=col(p["wind_mw"]), solar_mw=col(p["solar_mw"]),
        coal_min_mw=col(np.full(years, p["coal_share"] * p["coal_mw"])),
        storage_mwh=col(p["storage_mwh"])[None].copy(),
        storage_mw=col(p["storage_mw"])[None].copy(),
        process_mw=np.zeros((0, years, n)), buffer_mwh=np.zeros((0, years, n)),
    )  # fmt: skip
    return ser, par, cap


def run_kernel(p):
    """Flows (the total rows) and the yearly sums of :data:`SUMS` of the test park ``p``."""
    flows, sums = dispatch_hourly(*packs(p), p["hpy"])
    return flows[: len(FLOWS)], sums[:, : len(SUMS)]


def run_reference(p):
    return reference_dispatch(
        list(p["load"]),
        list(p["wind_cf"]),
        list(p["solar_cf"]),
        list(p["wind_mw"]),
        list(p["solar_mw"]),
        list(p["storage_mwh"]),
        list(p["storage_mw"]),
        p["hpy"],
        p["eta_c"],
        p["eta_d"],
        p["min_soc"],
        p["initial_soc"],
        p["sd"],
        p["coal_mw"],
        p["coal_share"],
        p["imax"],
        p["emax"],
    )


@st.composite
def parks(draw):
    years = draw(st.integers(1, 3))
    hpy = draw(st.integers(1, 30))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = years * hpy
    has_coal = draw(st.booleans())
    coal_mw = draw(st.floats(0, 80)) if has_coal else 0.0
    coal_share = draw(st.floats(0, 1)) if has_coal else 0.0
    # load above the coal must-run (a must-run above load is rejected before the kernel)
    load = coal_share * coal_mw + rng.uniform(0, 100, n)
    # capacity factors: include exact zeros and ones
    wind_cf = np.clip(rng.uniform(-0.2, 1.2, n), 0, 1)
    solar_cf = np.clip(rng.uniform(-0.5, 1.1, n), 0, 1)

    def caps(hi):
        return (
            np.sort(rng.uniform(0, hi, years)) if draw(st.booleans()) else rng.uniform(0, hi, years)
        )

    return dict(
        load=load,
        wind_cf=wind_cf,
        solar_cf=solar_cf,
        wind_mw=caps(150),
        solar_mw=caps(150),
        storage_mwh=caps(300),
        storage_mw=caps(80),
        hpy=hpy,
        eta_c=draw(st.floats(0.5, 1.0)),
        eta_d=draw(st.floats(0.5, 1.0)),
        min_soc=(ms := draw(st.floats(0, 0.3))),
        initial_soc=draw(st.floats(ms, 1.0)),
        sd=draw(st.sampled_from([0.0, 0.001, 0.05])),
        coal_mw=coal_mw,
        coal_share=coal_share,
        imax=draw(st.sampled_from([0.0, 10.0, 50.0, 1e9])),
        emax=draw(st.sampled_from([0.0, 5.0, 30.0])),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parks())
def test_kernel_equals_reference(p):
    flows, _ = run_kernel(p)
    ref = run_reference(p)
    for row, key in enumerate(KEYS):
        expected = np.array([r[key] for r in ref])
        np.testing.assert_allclose(flows[row], expected, rtol=1e-12, atol=1e-9, err_msg=key)


@settings(max_examples=300, deadline=None)
@given(parks())
def test_invariants(p):
    flows, sums = run_kernel(p)
    d, c, q, soc, e, k, g, i, u = flows[:9]
    hpy, years = p["hpy"], len(p["wind_mw"])
    avail = (
        np.repeat(p["wind_mw"], hpy) * p["wind_cf"] + np.repeat(p["solar_mw"], hpy) * p["solar_cf"]
    )
    tol = 1e-9 * (1 + np.abs(p["load"]).max() + avail.max())
    # all flows are non-negative
    assert flows.min() >= -tol
    # the hourly balance closes: supply = load, renewable split = available
    np.testing.assert_allclose(d + q + g + i + u, p["load"], atol=tol)
    np.testing.assert_allclose(d + c + e + k, avail, atol=tol)
    # limits
    E = np.repeat(p["storage_mwh"], hpy)
    P = np.repeat(p["storage_mw"], hpy)
    assert np.all(soc <= E + tol)
    assert np.all(c <= P + tol) and np.all(q <= P + tol)
    assert np.all(e <= p["emax"] + tol) and np.all(i <= p["imax"] + tol)
    assert np.all(g <= max(p["coal_mw"], 0) + tol)
    assert np.all(g >= p["coal_share"] * p["coal_mw"] - tol)
    # never charge and discharge in the same hour
    assert np.all(np.minimum(c, q) <= tol)
    # discharging never takes SOC below the floor
    assert np.all(soc[q > tol] >= p["min_soc"] * E[q > tol] - tol)
    # yearly shares lie in [0, 1]
    k_ = kpis_from_sums(sums, np.full(years, 0.5), 0.85, 0.57)
    assert np.all((k_["renewable_share"] >= 0) & (k_["renewable_share"] <= 1 + 1e-12))
    assert np.all(
        (k_["renewable_utilisation"] >= -1e-12) & (k_["renewable_utilisation"] <= 1 + 1e-12)
    )


@settings(max_examples=100, deadline=None)
@given(parks())
def test_yearly_sums_match_hourly(p):
    flows, sums = run_kernel(p)
    years, hpy = len(p["wind_mw"]), p["hpy"]

    def yearly(a):
        return a.reshape(years, hpy).sum(axis=1)

    f = dict(zip(FLOWS, flows, strict=True))
    s = dict(zip(SUMS, sums.T, strict=True))
    np.testing.assert_allclose(s["load_mwh"], yearly(p["load"]), rtol=1e-12)
    np.testing.assert_allclose(
        s["wind_available_mwh"],
        yearly(np.repeat(p["wind_mw"], hpy) * p["wind_cf"]),
        rtol=1e-12,
        atol=1e-9,
    )
    for sname, fname in [
        ("renewable_direct_mwh", "renewable_direct_mw"),
        ("storage_charge_mwh", "storage_charge_mw"),
        ("storage_discharge_mwh", "storage_discharge_mw"),
        ("export_mwh", "export_mw"),
        ("curtailed_mwh", "curtailed_mw"),
        ("coal_mwh", "coal_mw"),
        ("import_mwh", "import_mw"),
        ("unserved_mwh", "unserved_mw"),
    ]:
        np.testing.assert_allclose(s[sname], yearly(f[fname]), rtol=1e-12, atol=1e-9, err_msg=sname)
    np.testing.assert_allclose(s["peak_import_mw"], f["import_mw"].reshape(years, hpy).max(axis=1))
    np.testing.assert_array_equal(
        s["unserved_hours"], (f["unserved_mw"].reshape(years, hpy) > 1e-9).sum(axis=1)
    )


def test_branches_are_all_exercised():
    """A fixed random family of parks hits every branch of the rules (so the equality test means
    something): charge limited by power and by headroom, export, curtailment, discharge limited by
    power and by the floor, coal ramp-up, import, import cap, unserved."""
    rng = np.random.default_rng(3)
    hits = dict.fromkeys(
        [
            "c_by_P",
            "c_by_room",
            "export",
            "curtail",
            "q_by_P",
            "q_by_floor",
            "g_up",
            "import",
            "i_capped",
            "unserved",
            "self_discharge",
        ],
        False,
    )
    for _ in range(40):
        years, hpy = 2, 48
        n = years * hpy
        p = dict(
            load=20 + rng.uniform(0, 100, n),
            wind_cf=rng.uniform(0, 1, n),
            solar_cf=rng.uniform(0, 1, n),
            wind_mw=rng.uniform(0, 150, years),
            solar_mw=rng.uniform(0, 150, years),
            storage_mwh=rng.uniform(0, 200, years),
            storage_mw=rng.uniform(0, 60, years),
            hpy=hpy,
            eta_c=0.95,
            eta_d=0.9,
            min_soc=0.1,
            initial_soc=0.5,
            sd=0.01,
            coal_mw=rng.uniform(0, 40),
            coal_share=0.3,
            imax=rng.uniform(0, 40),
            emax=rng.uniform(0, 20),
        )
        flows, _ = run_kernel(p)
        d, c, q, soc, e, k, g, i, u = flows[:9]
        P = np.repeat(p["storage_mw"], hpy)
        E = np.repeat(p["storage_mwh"], hpy)
        tol = 1e-9
        hits["c_by_P"] |= bool(np.any((c > tol) & np.isclose(c, P)))
        hits["c_by_room"] |= bool(np.any((c > tol) & (c < P - tol) & np.isclose(soc, E)))
        hits["export"] |= bool(np.any(e > tol))
        hits["curtail"] |= bool(np.any(k > tol))
        hits["q_by_P"] |= bool(np.any((q > tol) & np.isclose(q, P)))
        hits["q_by_floor"] |= bool(np.any((q > tol) & (q < P - tol) & np.isclose(soc, 0.1 * E)))
        hits["g_up"] |= bool(np.any(g > 0.3 * p["coal_mw"] + tol))
        hits["import"] |= bool(np.any(i > tol))
        hits["i_capped"] |= bool(np.any((i > tol) & np.isclose(i, p["imax"])))
        hits["unserved"] |= bool(np.any(u > tol))
        hits["self_discharge"] |= bool(np.any(np.diff(soc) < 0) & np.any((c == 0) & (q == 0)))
        ref = run_reference(p)
        for row, key in enumerate(KEYS):
            np.testing.assert_allclose(
                flows[row], [r[key] for r in ref], rtol=1e-12, atol=1e-9, err_msg=key
            )
    assert all(hits.values()), hits


def _three_hours(**over):
    p = dict(
        load=np.array([100.0, 100.0, 100.0]),
        wind_cf=np.array([1.0, 0.0, 0.5]),
        solar_cf=np.array([0.0, 0.0, 0.0]),
        wind_mw=np.array([200.0]),
        solar_mw=np.array([0.0]),
        storage_mwh=np.array([100.0]),
        storage_mw=np.array([50.0]),
        hpy=3,
        eta_c=0.9,
        eta_d=0.8,
        min_soc=0.1,
        initial_soc=0.5,
        sd=0.0,
        coal_mw=0.0,
        coal_share=0.0,
        imax=30.0,
        emax=20.0,
    )
    p.update(over)
    return p


def test_hand_solved_three_hours_storage_export_import_unserved():
    # Hour 0: A = 200, L = 100 → d = 100, X = 100. SOC 50 → room (100-50)/0.9 = 55.6,
    #         P = 50 → c = 50,
    #         soc = 50 + 45 = 95; e = min(50, 20) = 20; k = 30.
    # Hour 1: A = 0 → D = 100; q = min(100, 50, (95 - 10)·0.8 = 68) = 50; soc = 95 − 62.5 = 32.5;
    #         i = min(50, 30) = 30; u = 20.
    # Hour 2: A = 100 = L → d = 100, nothing else; soc stays 32.5.
    flows, sums = run_kernel(_three_hours())
    d, c, q, soc, e, k, g, i, u = flows[:9]
    np.testing.assert_allclose(d, [100, 0, 100])
    np.testing.assert_allclose(c, [50, 0, 0])
    np.testing.assert_allclose(e, [20, 0, 0])
    np.testing.assert_allclose(k, [30, 0, 0])
    np.testing.assert_allclose(q, [0, 50, 0])
    np.testing.assert_allclose(soc, [95, 32.5, 32.5])
    np.testing.assert_allclose(i, [0, 30, 0])
    np.testing.assert_allclose(u, [0, 20, 0])
    kp = kpis_from_sums(sums, np.array([0.5]), 0.85, 0.5)
    # share = (100 + 0 + 100 + 50) / 300
    assert kp["renewable_share"][0] == pytest.approx(250 / 300, abs=1e-12)
    # utilisation = 1 − 30 / 300
    assert kp["renewable_utilisation"][0] == pytest.approx(0.9, abs=1e-12)
    assert kp["co2_t"][0] == pytest.approx(30 * 0.5, abs=1e-12)
    assert bool(kp["meets_target"][0])


def test_hand_solved_three_hours_coal_and_self_discharge():
    # Coal 60 MW with must-run 50% = 30 MW; load 100; wind 200 MW at CF 0.5, 0, 0.25.
    # Hour 0: g0 = 30, R = 70, A = 100 → d = 70, X = 30; s1 = 50·0.9 = 45; room (100−45)/0.9 = 61.1
    #         → c = 30, soc = 45 + 27 = 72; e = 0 (emax 0); k = 0.
    # Hour 1: A = 0, D = 70; s1 = 64.8; q = min(70, 50, (64.8−10)·0.8 = 43.84) = 43.84, soc = 10;
    #         g_up = min(26.16, 30) = 26.16; coal = 56.16; i = 0.
    # Hour 2: A = 50, D = 20; s1 = 9; q = max(0, (9 − 10)·0.8) → 0; g_up = 20 → coal 50; soc = 9.
    p = _three_hours(
        wind_cf=np.array([0.5, 0.0, 0.25]), coal_mw=60.0, coal_share=0.5, sd=0.1, emax=0.0, imax=0.0
    )
    flows, _ = run_kernel(p)
    d, c, q, soc, e, k, g, i, u = flows[:9]
    np.testing.assert_allclose(d, [70, 0, 50])
    np.testing.assert_allclose(c, [30, 0, 0])
    np.testing.assert_allclose(q, [0, 43.84, 0])
    np.testing.assert_allclose(soc, [72, 10, 9])
    np.testing.assert_allclose(g, [30, 56.16, 50])
    np.testing.assert_allclose(e + k + i + u, [0, 0, 0], atol=1e-12)


def test_soc_carries_over_year_boundary_and_is_capped_by_smaller_store():
    # Year 0 ends with SOC 95 (charged); year 1 has a 60 MWh store: SOC starts at 60 (capped).
    p = _three_hours(
        load=np.array([100.0, 100, 100, 100, 100, 100]),
        wind_cf=np.array([1.0, 0.5, 0.5, 0.5, 0.5, 0.5]),
        solar_cf=np.zeros(6),
        wind_mw=np.array([200.0, 200.0]),
        solar_mw=np.zeros(2),
        storage_mwh=np.array([100.0, 60.0]),
        storage_mw=np.array([50.0, 50.0]),
    )
    flows, _ = run_kernel(p)
    soc = flows[3]
    assert soc[2] == pytest.approx(95.0)
    assert soc[3] == pytest.approx(60.0)  # no flow in hour 3; SOC carried then capped at 60
    ref = run_reference(p)
    np.testing.assert_allclose(soc, [r["soc"] for r in ref])
