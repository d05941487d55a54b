"""The SIMD sweep kernel ``dispatch_yearly_sums_batch`` against the single-park kernel
``dispatch_hourly`` (bit for bit) and against the first batched kernel."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.kernel_args import batch_positional, hourly_positional
from simulator.core.dispatch import SUMS
from tests.core.test_dispatch import parks, run_kernel


def _family(p, n, seed):
    """n parks around park ``p`` (park 0 is ``p`` itself), differing in every per-scenario input."""
    rng = np.random.default_rng(seed)
    years = len(p["wind_mw"])
    W = rng.uniform(0, 150, (years, n))
    S = rng.uniform(0, 150, (years, n))
    E = rng.uniform(0, 300, (years, n))
    P = rng.uniform(0, 80, (years, n))
    # some stores shrink from one year to the next (SOC capped at the year boundary)
    E[:, : n // 3] = np.sort(E[:, : n // 3], axis=0)[::-1]
    W[:, 0], S[:, 0] = p["wind_mw"], p["solar_mw"]
    E[:, 0], P[:, 0] = p["storage_mwh"], p["storage_mw"]
    scale = rng.uniform(0.5, 1.5, n)
    scale[0] = 1.0
    eta_c = rng.uniform(0.7, 1.0, n)
    eta_d = rng.uniform(0.7, 1.0, n)
    eta_c[0], eta_d[0] = p["eta_c"], p["eta_d"]
    # must-run shares up to the scenario's (the load lies above that must-run)
    cshare = rng.uniform(0.0, 1.0, n) * p["coal_share"]
    cshare[0] = p["coal_share"]
    imax = rng.choice([0.0, 20.0, 1e9], n)
    emax = rng.choice([0.0, 10.0], n)
    imax[0], emax[0] = p["imax"], p["emax"]
    return W, S, E, P, scale, eta_c, eta_d, cshare, imax, emax


@settings(max_examples=60, deadline=None)
@given(parks(), st.integers(1, 150), st.sampled_from([1, 3, 8, 64, 1000]))
def test_sweep_kernel_equals_single_kernel(p, n, chunk):
    """Every scenario of the sweep kernel has the sums of ``dispatch_hourly``, bit for bit."""
    W, S, E, P, scale, eta_c, eta_d, cshare, imax, emax = _family(p, n, n)
    years = len(p["wind_mw"])
    args = (
        p["load"], p["wind_cf"], p["solar_cf"], W, S, E, P, scale, eta_c, eta_d, cshare, imax,
        emax, p["hpy"], p["min_soc"], p["initial_soc"], p["sd"], p["coal_mw"], chunk,
    )
    sweep = batch_positional(*args)
    assert sweep.shape == (years, len(SUMS), n)
    for j in range(n):
        q = dict(p)
        q.update(
            load=p["load"] * scale[j], wind_mw=W[:, j].copy(), solar_mw=S[:, j].copy(),
            storage_mwh=E[:, j].copy(), storage_mw=P[:, j].copy(), eta_c=eta_c[j],
            eta_d=eta_d[j], coal_share=cshare[j], imax=imax[j], emax=emax[j],
        )
        _, sums = run_kernel(q)
        np.testing.assert_array_equal(sweep[:, :, j], sums)


def test_sweep_kernel_full_year_many_scenarios():
    """A full 8760-hour year, 2 years, 300 scenarios over several parallel chunks."""
    rng = np.random.default_rng(11)
    hpy, years, n = 8760, 2, 300
    t = np.arange(hpy * years)
    load = 100 + 30 * np.sin(2 * np.pi * t / 24) + rng.uniform(0, 10, t.size)
    wind_cf = np.clip(rng.normal(0.3, 0.25, t.size), 0, 1)
    solar_cf = np.clip(np.sin(2 * np.pi * (t % 24 - 6) / 24), 0, 1)
    W = rng.uniform(0, 400, (years, n))
    S = rng.uniform(0, 400, (years, n))
    E = rng.uniform(0, 800, (years, n))
    P = rng.uniform(0, 200, (years, n))
    ones = np.ones(n)
    sums = batch_positional(
        load, wind_cf, solar_cf, W, S, E, P, ones, ones * 0.938, ones * 0.93, ones * 0.3,
        ones * 40.0, ones * 20.0, hpy, 0.05, 0.5, 0.001, 50.0, 64,
    )
    for j in (0, 63, 64, 150, 299):
        _, ref = hourly_positional(
            load, wind_cf, solar_cf, W[:, j].copy(), S[:, j].copy(), E[:, j].copy(),
            P[:, j].copy(), hpy, 0.938, 0.93, 0.05, 0.5, 0.001, 50.0, 0.3, 40.0, 20.0,
        )
        np.testing.assert_array_equal(sums[:, :, j], ref)


def test_padded_accumulator_rows_give_the_same_sums():
    """n = 512 (rows of 4 KiB) takes the padded-accumulator path; the sums must not change."""
    rng = np.random.default_rng(5)
    hpy, years, n = 48, 2, 512
    load = rng.uniform(50, 150, hpy * years)
    wind_cf = rng.uniform(0, 1, hpy * years)
    solar_cf = rng.uniform(0, 1, hpy * years)
    W, S = rng.uniform(0, 300, (years, n)), rng.uniform(0, 300, (years, n))
    E, P = rng.uniform(0, 500, (years, n)), rng.uniform(0, 100, (years, n))
    ones = np.ones(n)
    sums = batch_positional(
        load, wind_cf, solar_cf, W, S, E, P, ones, ones * 0.95, ones * 0.9, ones * 0.0,
        ones * 30.0, ones * 10.0, hpy, 0.05, 0.5, 0.0, 0.0, 64,
    )
    for j in (0, 1, 255, 511):
        _, ref = hourly_positional(
            load, wind_cf, solar_cf, W[:, j].copy(), S[:, j].copy(), E[:, j].copy(),
            P[:, j].copy(), hpy, 0.95, 0.9, 0.05, 0.5, 0.0, 0.0, 0.0, 30.0, 10.0,
        )
        np.testing.assert_array_equal(sums[:, :, j], ref)
