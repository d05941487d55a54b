"""Robust sizing over synthesised weather years (solvers/robust.py, size(weather_years=...))."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator.core.errors import InputError
from simulator.core.profiles import build_profiles
from simulator.core.scenario import scenario_from_dict
from solvers import plan_json, size, summary_text, write_plan
from solvers.robust import (
    critical_shares,
    ensemble_profiles,
    ensemble_shares,
    required_years,
    robust_summary,
)
from solvers.sizing import PLAN_FILE


def park(**sections):
    d = {
        "name": "tiny",
        "park_type": "low-carbon",
        "start_year": 2030,
        "years": 1,
        "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
        "loads": [{"name": "plant", "archetype": "flat", "annual_mwh": 876_000.0}],
        "wind": {"existing_mw": 0, "max_mw": 1000},
        "solar": {"existing_mw": 0, "max_mw": 1000},
        "storage": {"max_mwh": 1000, "max_mw": 300},
        "grid": {"import_max_mw": 400, "import_price_per_mwh": 150},
        "policy": {"voll_per_mwh": 5000},
        "targets": [0.5],
    }
    d.update(sections)
    return scenario_from_dict(d)


def test_required_years_and_critical_share():
    assert required_years(3, 0.9) == 3
    assert required_years(10, 0.9) == 9
    assert required_years(4, 0.5) == 2
    assert required_years(5, 0.01) == 1
    shares = np.array([[0.50, 0.40], [0.48, 0.45], [0.52, 0.41], [0.49, 0.47]])
    # Q = 0.5 of 4 weather years: the 2nd largest share of each year
    np.testing.assert_allclose(critical_shares(shares, 0.5), [0.50, 0.45])
    np.testing.assert_allclose(critical_shares(shares, 1.0), [0.48, 0.40])
    s = robust_summary(shares, np.array([0.49, 0.45]), 0.5)
    assert s["p_meets_target"] == pytest.approx([0.75, 0.5])
    assert s["meets_quantile"] == [True, True]
    assert s["required_years"] == 2 and s["weather_years"] == 4


def test_ensemble_shares_match_the_simulation():
    sc = park()
    ens = ensemble_profiles(sc, 2)
    assert not np.array_equal(ens[0].wind_cf, ens[1].wind_cf)
    assert np.array_equal(ens[1].wind_cf, build_profiles(sc, weather_year=1).wind_cf)
    from simulator.core.simulate import simulate

    caps = simulate(sc, 200, 100, 100, 50, profiles=ens[0]).capacities
    shares = ensemble_shares(sc, caps, ens)
    for k in range(2):
        sim = simulate(sc, 200, 100, 100, 50, profiles=ens[k])
        assert shares[k, 0] == pytest.approx(sim.kpis["renewable_share"].iloc[0], rel=1e-12)


@pytest.mark.parametrize(("weather_years", "quantile"), [(3, 0.9), (4, 0.5)])
def test_robust_sizing_meets_the_quantile(weather_years, quantile, tmp_path):
    sc = park()
    plain = size(sc, typical_days=12)
    res = size(sc, typical_days=12, weather_years=weather_years, quantile=quantile)
    assert res.status == "optimal"
    rb = res.robust
    assert rb["weather_years"] == weather_years and rb["quantile"] == quantile
    assert all(p >= quantile for p in rb["p_meets_target"])
    assert all(rb["meets_quantile"])
    if rb["required_years"] == weather_years:  # every weather year must meet the target
        assert min(rb["shares"][k][0] for k in range(weather_years)) >= 0.5 - 1e-9
    # the least-cost plan misses in too many weather years; the loop raised the LP target
    first = res.assure["iterations"][0]
    assert first["critical_shares"][0] < 0.5 and len(res.assure["iterations"]) >= 2
    assert res.lp_targets[0] > 0.5
    assert res.objective >= plain.objective
    write_plan(res, tmp_path)
    plan = json.loads((tmp_path / PLAN_FILE).read_text(encoding="utf-8"))
    assert plan["robust"]["p_meets_target"] == pytest.approx(rb["p_meets_target"])
    assert plan == plan_json(res)
    assert "P(met)" in summary_text(res)


def test_weather_years_need_synthesised_weather():
    sc = park(profiles={"wind_cf": "wind.csv"})
    with pytest.raises(InputError, match="the same in every weather year"):
        size(sc, weather_years=3)


@pytest.mark.parametrize(
    ("kw", "match"),
    [({"weather_years": 0}, "weather-years"), ({"weather_years": 2, "quantile": 1.5}, "quantile")],
)
def test_bad_robust_options(kw, match):
    with pytest.raises(InputError, match=match):
        size(park(), typical_days=4, **kw)
