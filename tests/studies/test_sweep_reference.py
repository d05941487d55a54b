"""Issue 18: the sweep gives exactly the numbers of the code before it (a stored reference), one
kernel specialisation per use, filled caches after ``python -m simulator.studies.sweep_warm``, stage
timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from simulator.studies.sweep import run_sweep, sweep

DATA = Path(__file__).parents[1] / "data"
ROOT = Path(__file__).parents[2]


def _cases():
    spec = {}
    exec((DATA / "make_sweep_reference.py").read_text(encoding="utf-8"), spec)  # noqa: S102
    return spec["CASES"]


@pytest.mark.parametrize("case", ["coal", "weather"])
def test_sweep_equals_the_stored_reference_bit_for_bit(case):
    """tests/data/sweep_reference.npz: the sweep of main before issue 18 (make_sweep_reference)."""
    ref = np.load(DATA / "sweep_reference.npz")
    sc, grid, weather_years, chunk_points = _cases()[case]
    ds = sweep(sc, grid, weather_years=weather_years, chunk_points=chunk_points)
    names = [k.split("/", 1)[1] for k in ref.files if k.startswith(case + "/")]
    assert len(names) >= 21
    for name in names:
        np.testing.assert_array_equal(ds[name].values, ref[f"{case}/{name}"], err_msg=name)
    # another chunking and the same numbers
    again = sweep(sc, grid, weather_years=weather_years, chunk_points=chunk_points + 5)
    np.testing.assert_array_equal(again["renewable_share"].values, ds["renewable_share"].values)


def test_sweep_run_reports_its_stages(tmp_path):
    run = run_sweep("ordos-low-carbon", {"wind_mw": "0,500", "storage_mwh": "0,100"},
                    out=tmp_path / "s.nc", chunk_points=2)
    assert set(run.timing) == {"inputs_s", "profiles_s", "setup_s", "kernel_s", "chunk_files_s",
                               "assemble_s", "write_s"}
    assert all(v >= 0 for v in run.timing.values())
    assert sum(run.timing.values()) <= run.seconds + 1e-6


WARM_USER = textwrap.dedent("""
    import json, sys
    import numpy as np
    from simulator.core.dispatch import _kernel
    from simulator.core.scenario import load_scenario, scenario_from_dict
    from simulator.core.simulate import simulate
    from simulator.studies.sweep import sweep
    sys.path.insert(0, sys.argv[1])
    from tests.studies.test_sweep import small_dict
    one_year = scenario_from_dict(small_dict(years=1))
    simulate(one_year, wind_mw=50.0)
    simulate(load_scenario("wuhai-captive-coal"), wind_mw=[100.0, 200.0, 300.0])
    sweep(one_year, {"wind_mw": "0,10"})
    sweep(one_year, {"storage_mw": "0,5", "load_scale": "1,1.1"}, chunk_points=1)
    sweep("ordos-low-carbon", {"solar_mw": "0,100"}, weather_years=2)
    alxa = load_scenario("scenarios/examples/alxa-flexible.toml")
    simulate(alxa)
    sweep(alxa, {"wind_mw": "0,100,200"})
    for name in ("ordos-green-hydrogen", "tongliao-aluminium"):  # the other built-in shapes
        simulate(load_scenario(name))
        sweep(name, {"wind_mw": "0,100"})
    k = _kernel
    print(json.dumps([len(k.signatures), sum(k.stats.cache_misses.values()),
                      sum(k.stats.cache_hits.values())]))
""")


def test_no_compilation_on_the_users_path_after_warming(tmp_path):
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-m", "simulator.studies.sweep_warm"], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    assert len(list((tmp_path / "cache").rglob("*.nbi"))) == 1
    res = subprocess.run([sys.executable, "-c", WARM_USER, str(ROOT)], env=env, check=True,
                         capture_output=True, text=True, cwd=ROOT)
    got = json.loads(res.stdout.strip().splitlines()[-1])
    # one specialisation for simulate and one for sweeps whatever the scenario (1 or 3 years,
    # coal, grid, weather), one for simulate with components and one for the sweeps of each park
    # shape (the example park: two stores, a process and a curtailable load; the hydrogen park: a
    # process; the aluminium park: two stores and a curtailable load), loaded from the cache the
    # warm-up filled: nothing compiled
    assert got == [6, 0, 6]


def test_bench_csv_park_is_the_built_in_park_from_csv_files(tmp_path):
    from benchmarks.bench_sweep import E2E_GRID, OPS, csv_park, roofline
    from simulator.core.profiles import build_profiles
    from simulator.core.scenario import load_scenario

    toml = csv_park(tmp_path / "park")
    sc = load_scenario(toml)
    assert {f for f, _ in sc.input_files()} == {"wind_cf.csv", "solar_cf.csv", "load_mw.csv"}
    got, want = build_profiles(sc), build_profiles(load_scenario("ordos-low-carbon"))
    for name in ("load_mw", "wind_cf", "solar_cf"):
        np.testing.assert_allclose(getattr(got, name), getattr(want, name), atol=5.1e-7)
    assert len(E2E_GRID) == 4
    r = roofline(1e9, 2)
    assert r["limit"] == min(r["flop_bound"], r["store_bound"]) and OPS["divisions"] == 2
