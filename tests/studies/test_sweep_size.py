"""LP sweeps (`parkbalance sweep-size`): scenario keys, dataset assembly and resume with a fake
optimiser (plumbing tests), and one real two-point sweep of a tiny one-year park."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.core.scenario import scenario_from_dict
from simulator.studies.sweep import open_sweep
from simulator.studies.sweep_lp import apply_vary, run_sweep_size, sweep_size

runner = CliRunner()
# the module of LP sweeps (its ``_size`` is the seam the plumbing tests replace)
sweep_mod = importlib.import_module("simulator.studies.sweep_lp")

TINY = {
    "name": "tiny",
    "park_type": "low-carbon",
    "start_year": 2030,
    "years": 2,
    "seed": 3,
    "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
    "loads": [
        {"name": "plant", "archetype": "flat", "annual_mwh": [4.0e5, 5.0e5]},
        {"name": "line", "archetype": "two-shift", "annual_mwh": 1.0e5},
    ],
    "targets": [0.4, 0.7],
    "wind": {"existing_mw": 10, "max_mw": 500},
    "solar": {"existing_mw": 10, "max_mw": 500},
    "storage": {"max_mwh": 500, "max_mw": 200},
    "grid": {"import_max_mw": 100},
    "policy": {"voll_per_mwh": 5000},
}


@pytest.fixture(scope="module")
def tiny():
    return scenario_from_dict(TINY)


def without_created(ds):
    ds = ds.copy()
    ds.attrs.pop("created", None)
    ds.attrs.pop("provenance", None)  # records when and by which command: checked on its own
    return ds


# ---- scenario keys ----------------------------------------------------------------------------


def test_apply_vary_dotted_keys_and_specials(tiny):
    sc = apply_vary(tiny, {"wind.capex_per_kw": 3500, "finance.discount_rate": 0.05})
    assert sc.wind.capex_per_kw == 3500 and sc.finance.discount_rate == 0.05
    assert tiny.wind.capex_per_kw == 4000  # the base is untouched
    assert apply_vary(tiny, {"targets": 1.2}).targets == [pytest.approx(0.48), 0.84]
    assert apply_vary(tiny, {"targets": 2.0}).targets == [0.8, 1.0]  # clipped to 1
    sc = apply_vary(tiny, {"load_scale": 1.5})
    assert sc.annual_load_mwh(sc.loads[0]) == [6.0e5, 7.5e5]
    assert sc.annual_load_mwh(sc.loads[1]) == [1.5e5, 1.5e5]
    sc = apply_vary(tiny, {"load_growth": 0.1})
    assert sc.annual_load_mwh(sc.loads[0]) == [4.0e5, pytest.approx(5.5e5)]
    sc = apply_vary(tiny, {"loads.1.annual_mwh": 2.0e5, "wind.lifetime_years": 25})
    assert sc.annual_load_mwh(sc.loads[1]) == [2.0e5, 2.0e5] and sc.wind.lifetime_years == 25
    # default targets of the park type are scaled when the scenario has none
    no_targets = scenario_from_dict({k: v for k, v in TINY.items() if k != "targets"})
    assert apply_vary(no_targets, {"targets": 0.5}).targets == [0.15, 0.2]


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("wind.capex", 1.0, "unknown scenario key"),
        ("windy.capex_per_kw", 1.0, "unknown scenario key"),
        ("coal.min_load_share", 0.3, "has no [coal] section"),
        ("wind", 1.0, "is a section"),
        ("loads.7.annual_mwh", 1.0, "no such list item"),
        ("finance.discount_rate", 0.9, "finance.discount_rate = 0.9"),
        ("storage.charge_efficiency", 1.5, "less than or equal to 1"),
    ],
)
def test_apply_vary_errors_name_the_key(tiny, key, value, words):
    with pytest.raises(InputError) as exc:
        apply_vary(tiny, {key: value})
    assert exc.value.source == "vary"
    assert words in str(exc.value)


def test_sweep_size_checks_every_value_before_solving(tiny, monkeypatch):
    monkeypatch.setattr(sweep_mod, "_size", lambda *a, **k: pytest.fail("solved"))
    with pytest.raises(InputError, match="discount_rate"):
        sweep_size(tiny, {"finance.discount_rate": "0.05,0.6"})
    with pytest.raises(InputError, match="give at least one"):
        sweep_size(tiny, {})


# ---- plumbing with a fake optimiser -----------------------------------------------------------


def fake_size(scenario, **options):
    """A SizingResult-like object whose numbers are simple functions of the scenario."""
    years = scenario.calendar_years
    capex = scenario.wind.capex_per_kw
    share = np.asarray(scenario.target_shares())
    caps = pd.DataFrame({
        "year": years,
        "wind_mw": [1e6 / capex] * len(years),
        "solar_mw": [100.0 * scenario.finance.discount_rate] * len(years),
        "storage_mwh": np.arange(len(years), dtype=float),
        "storage_mw": [0.5] * len(years),
    })
    lp = pd.DataFrame({"renewable_share": share}, index=pd.Index(years, name="year"))
    sim = pd.DataFrame({"renewable_share": share - 0.01, "meets_target": [False] * len(years)},
                       index=pd.Index(years, name="year"))
    status = "infeasible" if capex > 5000 else "optimal"
    return SimpleNamespace(
        status=status, objective=capex * 1e3, capacities=caps, lp_kpis=lp,
        simulated=SimpleNamespace(kpis=sim), plan_kind="least_cost", messages=["m"],
        timing={"build_s": 0.1, "handoff_s": 0.2, "solve_s": 0.3, "total_s": 0.7},
    )


def test_plumbing_fake_solver_dataset(tiny, monkeypatch):
    monkeypatch.setattr(sweep_mod, "_size", fake_size)
    ds = sweep_size(tiny, {"wind.capex_per_kw": "3000:6000:4", "finance.discount_rate": "0.05,0.1"})
    assert dict(ds.sizes) == {"wind.capex_per_kw": 4, "finance.discount_rate": 2, "year": 2}
    assert ds["wind_mw"].dims == ("wind.capex_per_kw", "finance.discount_rate", "year")
    np.testing.assert_allclose(
        ds["wind_mw"].sel({"finance.discount_rate": 0.1}).values[:, 0], 1e6 / np.array(
            [3000, 4000, 5000, 6000])
    )
    np.testing.assert_allclose(ds["solar_mw"].isel(year=0).values[0], [5.0, 10.0])
    assert list(ds["status"].values[:, 0]) == ["optimal"] * 3 + ["infeasible"]
    assert ds["objective"].dims == ("wind.capex_per_kw", "finance.discount_rate")
    np.testing.assert_array_equal(ds["target_share"].values[0, 0], [0.4, 0.7])
    np.testing.assert_allclose(ds["simulated_renewable_share"].values[0, 0], [0.39, 0.69])
    assert ds["solve_s"].values.flat[0] == 0.3 and ds["objective"].attrs["units"] == "CNY"


def test_plumbing_fake_solver_resume_and_files(tiny, monkeypatch, tmp_path):
    vary = {"wind.capex_per_kw": "3000:6000:4", "targets": "0.9,1"}
    calls = []

    def crash_after_three(scenario, **options):
        if len(calls) == 3:
            raise RuntimeError("killed")
        calls.append(1)
        return fake_size(scenario, **options)

    monkeypatch.setattr(sweep_mod, "_size", fake_size)
    reference = sweep_size(tiny, vary, chunk_points=2)
    monkeypatch.setattr(sweep_mod, "_size", crash_after_three)
    out = tmp_path / "lp.nc"
    with pytest.raises(RuntimeError):
        sweep_size(tiny, vary, out=out, chunk_points=2)
    # chunks of two points: the first is kept, the second broke off at its second point
    assert [p.name for p in (tmp_path / "lp.nc.parts").glob("chunk-*.npz")] == [
        "chunk-000000.npz"
    ]
    monkeypatch.setattr(sweep_mod, "_size", fake_size)
    with pytest.raises(InputError, match="belongs to a different sweep"):
        sweep_size(tiny, {**vary, "targets": "0.9,1.1"}, out=out, resume=True, chunk_points=2)
    with pytest.raises(InputError, match="belongs to a different sweep"):
        sweep_size(tiny, vary, out=out, resume=True, chunk_points=4)
    run = run_sweep_size(tiny, vary, out=out, resume=True, chunk_points=2)
    assert (run.n_chunks, run.computed) == (8, 6)
    xr.testing.assert_identical(without_created(run.dataset), without_created(reference))
    xr.testing.assert_identical(without_created(open_sweep(out)), without_created(reference))
    assert not (tmp_path / "lp.nc.parts").exists()


def test_plumbing_cli_sweep_size(tiny, monkeypatch, tmp_path):
    monkeypatch.setattr(sweep_mod, "_size", fake_size)
    path = tmp_path / "tiny.toml"
    path.write_text(
        'name = "tiny"\npark_type = "low-carbon"\nstart_year = 2030\nyears = 1\n'
        '[site]\nlatitude_deg = 40.0\nlongitude_deg = 110.0\n'
        '[[loads]]\nname = "plant"\narchetype = "flat"\nannual_mwh = 4.0e5\n',
        encoding="utf-8",
    )
    out = tmp_path / "lp.zarr"
    res = runner.invoke(app, ["sweep-size", str(path), "--vary", "wind.capex_per_kw=3000,6000",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "computed 2 of 2 points" in res.stdout
    assert "1 of 2 points are not optimal" in res.stderr
    assert list(open_sweep(out)["status"].values) == ["optimal", "infeasible"]
    res = runner.invoke(app, ["sweep-size", str(path), "--vary", "wind.capx=1"])
    assert res.exit_code == 2
    assert res.stderr.startswith("error: --vary: wind.capx: unknown scenario key")


# ---- the real optimiser -----------------------------------------------------------------------


@pytest.mark.slow
def test_sweep_size_real_lp_two_points_in_two_processes(tmp_path):
    """Two one-year LPs (10-40 s each) solved in two worker processes (the plumbing tests above
    cover the same paths with a fake optimiser)."""
    one_year = dict(TINY, years=1, targets=[0.5])
    one_year["loads"] = [{"name": "plant", "archetype": "flat", "annual_mwh": 4.0e5}]
    sc = scenario_from_dict(one_year)
    run = run_sweep_size(sc, {"wind.capex_per_kw": "3000,6000"}, workers=2, chunk_points=1,
                         out=tmp_path / "lp.nc")
    ds = open_sweep(tmp_path / "lp.nc")
    assert run.computed == 2
    assert {str(s) for s in ds["status"].values} <= {"optimal", "rule_failed"}
    cheap, dear = ds["objective"].values
    assert dear > cheap > 0
    # dearer wind: no more wind than with cheap wind
    assert ds["wind_mw"].values[1, 0] <= ds["wind_mw"].values[0, 0] + 1e-6
    assert np.all(ds["lp_renewable_share"].values >= 0.5 - 1e-6)
    assert np.all(ds["solve_s"].values > 0)
    assert np.all(np.isfinite(ds["simulated_renewable_share"].values))


@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")
def test_plumbing_fake_solver_on_dask(tiny, monkeypatch):
    """Points as Dask tasks (a threaded LocalCluster on loopback, so the fake is seen)."""
    from distributed import LocalCluster

    monkeypatch.setattr(sweep_mod, "_size", fake_size)
    vary = {"wind.capex_per_kw": "3000:6000:4"}
    reference = sweep_size(tiny, vary)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                      host="127.0.0.1", dashboard_address=None) as cluster:
        run = run_sweep_size(tiny, vary, dask_scheduler=cluster.scheduler_address)
    assert run.computed == 4
    xr.testing.assert_identical(without_created(run.dataset), without_created(reference))


def record_warm_starts(monkeypatch):
    """Wrap the optimiser seam; return the list of whether each solve got a warm start."""
    real = sweep_mod._size
    seen = []

    def size(scenario, **options):
        seen.append(options.get("warm_start") is not None)
        return real(scenario, **options)

    monkeypatch.setattr(sweep_mod, "_size", size)
    return seen


def test_real_lp_sweep_on_typical_days_warm_started(tiny, monkeypatch):
    """A real two-point capex sweep on typical days: each point equals a cold solve of that point,
    the second one starting from the first one's HiGHS basis (same LP shape)."""
    import solvers

    warm = record_warm_starts(monkeypatch)
    ds = sweep_size(tiny, {"wind.capex_per_kw": "3000,5000"}, typical_days=6)
    # the LP is solved at both points (its plan may still fail a rule on every hour)
    assert {str(s) for s in ds["status"].values} <= {"optimal", "rule_failed"}
    # dearer wind: a dearer plan with no more wind
    obj = ds["objective"].values
    assert obj[1] > obj[0]
    assert np.all(ds["wind_mw"].values[1] <= ds["wind_mw"].values[0] + 1e-6)
    assert warm == [False, True]  # one chunk: the second point starts from the first's basis
    cold = solvers.size(apply_vary(tiny, {"wind.capex_per_kw": 5000.0}), typical_days=6)
    assert obj[1] == pytest.approx(cold.objective, rel=1e-7)


def test_real_lp_sweep_on_segments_warm_started(tiny, monkeypatch):
    """The same two-point sweep on chronological segments: identical runs at every point (the
    profiles do not change), so the second solve is warm and equals a cold solve."""
    import solvers

    warm = record_warm_starts(monkeypatch)
    ds = sweep_size(tiny, {"wind.capex_per_kw": "3000,5000"}, segments=200)
    # the LP is solved at both points (its plan may still fail a rule on every hour)
    assert {str(s) for s in ds["status"].values} <= {"optimal", "rule_failed"}
    obj = ds["objective"].values
    assert obj[1] > obj[0]
    assert warm == [False, True]
    cold = solvers.size(apply_vary(tiny, {"wind.capex_per_kw": 5000.0}), segments=200)
    assert obj[1] == pytest.approx(cold.objective, rel=1e-7)
    with pytest.raises(InputError, match="segments"):
        sweep_size(tiny, {"wind.capex_per_kw": "3000"}, segments=200, typical_days=6)


def test_chunks_in_worker_processes_equal_in_process(tmp_path):
    """Two chunks in two spawned worker processes give the in-process dataset. The points are
    input errors of the optimiser (coal must-run above the scaled load), found without an LP."""
    sc = scenario_from_dict(dict(TINY, coal={"capacity_mw": 30, "min_load_share": 0.9}))
    vary = {"load_scale": "0.2,0.25"}
    here = run_sweep_size(sc, vary, chunk_points=1)
    run = run_sweep_size(sc, vary, chunk_points=1, workers=2, out=tmp_path / "lp.nc")
    assert run.computed == 2
    assert list(run.dataset["status"].values) == ["input_error", "input_error"]
    assert "must-run" in str(run.dataset["message"].values[0])
    xr.testing.assert_identical(without_created(open_sweep(tmp_path / "lp.nc")),
                                without_created(here.dataset))
