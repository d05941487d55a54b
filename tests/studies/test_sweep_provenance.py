"""Sweep follow-ups of issues 11 and 14: provenance in sweep datasets, the verdict per point
(``passed`` of LP sweeps, ``passes_every_rule`` of dispatch sweeps), ``--set`` / ``--variant``,
measured weather years and the shared vocabulary."""

from __future__ import annotations

import importlib
import json
import tomllib
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.core.provenance import scenario_from_provenance, scenario_toml
from simulator.core.scenario import load_scenario, scenario_from_dict
from simulator.core.simulate import simulate
from simulator.core.verdict import HOURLY_RULES, SUM_RULES, checks_from_sums, plan_checks
from simulator.core.vocabulary import ASSET_NAMES
from simulator.studies.sweep import GRID_NAMES, open_sweep, sweep
from simulator.studies.sweep_lp import apply_vary, sweep_size
from tests.studies.test_sweep import point_simulation, small_dict

sweep_lp = importlib.import_module("simulator.studies.sweep_lp")
runner = CliRunner()
H = 8760
VARIANTS = "scenarios/examples/ordos-variants.toml"


def csv_scenario(tmp_path, years=1):
    """A small park whose load is read from a CSV file next to its TOML file."""
    rng = np.random.default_rng(5)
    (tmp_path / "load.csv").write_text(
        "load_mw\n" + "\n".join(f"{x:.3f}" for x in rng.uniform(40, 60, H)) + "\n",
        encoding="utf-8",
    )
    d = small_dict(years=years, coal=False)
    d["loads"] = [{"name": "plant", "archetype": "csv", "csv": "load.csv"}]
    toml = tmp_path / "park.toml"
    return scenario_from_dict(d, toml)


# ---- 1. provenance --------------------------------------------------------------------------


def test_dispatch_sweep_embeds_provenance_with_the_digests_of_the_bytes_used(tmp_path):
    sc = csv_scenario(tmp_path)
    ds = sweep(sc, {"wind_mw": "0,50"}, out=tmp_path / "s.nc")
    back = open_sweep(tmp_path / "s.nc")
    for d in (ds, back):
        record = json.loads(d.attrs["provenance"])
        used = json.loads(d.attrs["input_sha256"])
        assert set(used) == {"load.csv"} and len(used["load.csv"]) == 64
        assert record["input_files"] == used  # one source of truth
        assert record["scenario_name"] == sc.name and record["started_at"]
        assert d.attrs["scenario_toml"] == record["scenario_toml"] == scenario_toml(sc)
        again = scenario_from_provenance(record)
        assert again.loads[0].csv == "load.csv" and again.wind.existing_mw == sc.wind.existing_mw


def test_lp_sweep_embeds_provenance(tmp_path, monkeypatch):
    sc = csv_scenario(tmp_path)
    monkeypatch.setattr(sweep_lp, "_size", fake_size)
    ds = sweep_size(sc, {"wind.capex_per_kw": "3000,4000"})
    record = json.loads(ds.attrs["provenance"])
    assert record["input_files"] == json.loads(ds.attrs["input_sha256"])
    assert tomllib.loads(ds.attrs["scenario_toml"])["name"] == sc.name


# ---- 2. the verdict per point ---------------------------------------------------------------


def fake_size(scenario, **options):
    """A SizingResult-like object: optimal below 5000 CNY/kW, one failing check above."""
    years = scenario.calendar_years
    capex = scenario.wind.capex_per_kw
    caps = pd.DataFrame({"year": years, **{n: [1.0] * len(years) for n in ASSET_NAMES}})
    kpis = pd.DataFrame(
        {"renewable_share": [0.5] * len(years), "meets_target": [True] * len(years)},
        index=pd.Index(years, name="year"),
    )
    fails = capex > 5000
    checks = pd.DataFrame({
        "year": years, "rule": "renewable_share", "passed": [not fails] * len(years),
        "message": [f"year {y}: renewable share 20% below the target 40%" if fails else ""
                    for y in years],
    })
    return SimpleNamespace(
        status="rule_failed" if fails else "optimal", objective=capex, capacities=caps,
        lp_kpis=kpis, simulated=SimpleNamespace(kpis=kpis), plan_kind="least_cost", messages=[],
        timing={}, checks=checks,
    )


def test_lp_sweep_passed_and_failed_checks(tmp_path, monkeypatch):
    tiny = scenario_from_dict(small_dict(coal=False))
    monkeypatch.setattr(sweep_lp, "_size", fake_size)
    ds = sweep_size(tiny, {"wind.capex_per_kw": "4000,6000"}, out=tmp_path / "lp.nc")
    for d in (ds, open_sweep(tmp_path / "lp.nc")):
        assert d["passed"].dtype == bool
        assert d["passed"].values.tolist() == [True, False]
        assert d["status"].values.tolist() == ["optimal", "rule_failed"]
        assert d["failed_checks"].values[0] == ""
        assert d["failed_checks"].values[1] == (
            "year 2030: renewable share 20% below the target 40% | "
            "year 2031: renewable share 20% below the target 40%"
        )


def ruled_scenario():
    d = small_dict(years=2, coal=True)
    d["policy"] = {
        "min_renewable_utilisation": 0.9,
        "storage_min_share": 0.1,
        "storage_min_hours": 2,
        "max_unserved_share": 0.01,
    }
    return scenario_from_dict(d)


def test_passes_every_rule_equals_the_verdict_of_simulate_at_random_points():
    sc = ruled_scenario()
    grid = {"wind_mw": "0:200:5", "solar_mw": "0,60,150", "storage_mwh": "0,40,100",
            "storage_mw": "0,15,30", "import_max_mw": "20,100"}
    ds = sweep(sc, grid)
    assert ds["passes_every_rule"].dims == (*grid, "year")
    assert ds["passes_every_rule"].attrs["not_checked"].split() == list(HOURLY_RULES)
    values = ds["passes_every_rule"].values
    assert values.any() and not values.all()  # the grid has both verdicts
    rng = np.random.default_rng(11)
    for _ in range(12):
        point = {n: float(rng.choice(ds[n].values)) for n in grid}
        sc_point = sc.model_copy(update={
            "grid": sc.grid.model_copy(update={"import_max_mw": point["import_max_mw"]})
        })
        caps = {n: point[n] for n in ASSET_NAMES}
        sim = simulate(sc_point, **caps)
        np.testing.assert_array_equal(sim.kpis["renewable_share"].to_numpy(),
                                      point_simulation(sc, point)["renewable_share"].to_numpy())
        checks = plan_checks(sc_point, sim.capacities, sim.kpis)
        checks = checks[checks["rule"].isin(SUM_RULES)]
        want = checks.groupby("year")["passed"].all().to_numpy()
        got = ds["passes_every_rule"].sel(point).values
        np.testing.assert_array_equal(got, want, err_msg=str(point))


def test_checks_from_sums_rules_and_limits():
    sc = ruled_scenario()
    kpis = {
        "renewable_share": np.array([0.5, 0.1]), "target_share": np.array([0.3, 0.3]),
        "load_mwh": np.array([100.0, 100.0]), "unserved_mwh": np.array([0.0, 5.0]),
        "renewable_utilisation": np.array([0.95, 0.5]), "peak_import_mw": np.array([10.0, 40.0]),
    }
    caps = {"wind_mw": np.array([50.0, 50.0]), "solar_mw": np.array([50.0, 50.0]),
            "storage_mw": np.array([10.0, 5.0]), "storage_mwh": np.array([20.0, 10.0])}
    out = checks_from_sums(sc, kpis, caps)
    # every rule of SUM_RULES the park has (no flexible processes: no product-shortfall rule)
    assert tuple(out) == tuple(r for r in SUM_RULES if r != "product_shortfall_mwh")
    for rule, ok in out.items():
        assert ok.tolist() == [True, False], rule
    no_rules = scenario_from_dict(small_dict(coal=False))
    assert set(checks_from_sums(no_rules, kpis, caps)) == {
        "renewable_share", "unserved_share", "import_peak_mw"}


# ---- 3. --set / --variant -------------------------------------------------------------------


def test_apply_vary_keeps_the_record_of_variants_and_overrides():
    base = load_scenario(VARIANTS, overrides=["wind.existing_mw=5"], variants=["small-grid"])
    sc = apply_vary(base, {"wind.capex_per_kw": 3000})
    assert sc.applied_variants == ["small-grid"]
    assert sc.applied_overrides == {"wind.existing_mw": 5}
    assert sc.grid.import_max_mw == 250 and sc.wind.capex_per_kw == 3000


def test_cli_sweep_set_and_variant(tmp_path):
    out = tmp_path / "s.nc"
    res = runner.invoke(app, [
        "sweep", VARIANTS, "--grid", "wind_mw=0,500", "--variant", "small-grid",
        "--set", "grid.export_max_mw=7", "--out", str(out), "--no-progress",
    ])
    assert res.exit_code == 0, res.output
    ds = open_sweep(out)
    record = json.loads(ds.attrs["provenance"])
    assert record["variants"] == ["small-grid"]
    assert record["overrides"] == {"grid.export_max_mw": 7}
    resolved = tomllib.loads(ds.attrs["scenario_toml"])
    assert resolved["grid"]["import_max_mw"] == 250 and resolved["grid"]["export_max_mw"] == 7
    assert float(ds["peak_import_mw"].max()) <= 250
    bad = runner.invoke(app, ["sweep", VARIANTS, "--variant", "nope", "--no-progress"])
    assert bad.exit_code == 2 and "nope" in bad.output


def test_cli_sweep_size_set_reaches_the_points(tmp_path, monkeypatch):
    seen = []

    def spy(scenario, **options):
        seen.append((scenario.grid.import_max_mw, scenario.applied_overrides))
        return fake_size(scenario, **options)

    monkeypatch.setattr(sweep_lp, "_size", spy)
    res = runner.invoke(app, [
        "sweep-size", VARIANTS, "--vary", "wind.capex_per_kw=3000,4000",
        "--set", "grid.import_max_mw=123", "--no-progress",
    ])
    assert res.exit_code == 0, res.output
    assert seen == [(123, {"grid.import_max_mw": 123})] * 2
    bad = runner.invoke(app, ["sweep-size", VARIANTS, "--vary", "wind.capex_per_kw=3000",
                              "--solver-algorithm", "magic", "--no-progress"])
    assert bad.exit_code == 2 and "choose, simplex, ipm, ipx, hipo or pdlp" in bad.output


# ---- 4. measured weather years --------------------------------------------------------------


def test_measured_weather_years_give_that_many_weather_years(tmp_path):
    rng = np.random.default_rng(2)
    files = []
    for k in range(2):
        name = f"wind{k}.csv"
        (tmp_path / name).write_text(
            "cf\n" + "\n".join(f"{x:.4f}" for x in rng.uniform(0, 1, H)) + "\n", encoding="utf-8")
        files.append(name)
    d = small_dict(years=1, coal=False,
                   profiles={"wind_cf": {"file": files, "measured_years": "weather"}})
    sc = scenario_from_dict(d, tmp_path / "measured.toml")
    ds = sweep(sc, {"wind_mw": "0,100"}, weather_years=2)
    share = ds["renewable_share"].sel(wind_mw=100).values[:, 0]
    assert share[0] != share[1]  # two measured years, two weathers
    assert set(json.loads(ds.attrs["input_sha256"])) == set(files)
    with pytest.raises(InputError, match="measured profiles give 2"):
        sweep(sc, {"wind_mw": "0,100"}, weather_years=3)


# ---- 5. vocabulary --------------------------------------------------------------------------


def test_sweep_names_come_from_the_vocabulary():
    assert GRID_NAMES[: len(ASSET_NAMES)] == ASSET_NAMES
    assert sweep_lp._LP_YEARLY[: len(ASSET_NAMES)] == ASSET_NAMES
