"""Parks with several stores, flexible processes, curtailable loads and a coal retrofit option:
the scenario schema, simulate end to end, the verdict, and the optimiser's refusal."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.core.scenario import load_scenario, scenario_from_dict
from simulator.core.simulate import capacity_table, simulate
from simulator.core.verdict import plan_checks

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "examples" / "alxa-flexible.toml"
runner = CliRunner()


def small(**extra):
    d = {
        "name": "flex", "park_type": "low-carbon", "start_year": 2030, "years": 1,
        "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
        "loads": [{"name": "plant", "archetype": "flat", "annual_mwh": 87_600.0}],
    }  # fmt: skip
    d.update(extra)
    return scenario_from_dict(d)


def test_example_park_loads_and_names_its_assets():
    sc = load_scenario(EXAMPLE)
    assert [s.name for s in sc.stores] == ["battery", "lds"]
    assert sc.asset_names() == (
        "wind_mw", "solar_mw", "battery_mwh", "battery_mw", "lds_mwh", "lds_mw",
        "electrolyser_mw", "electrolyser_buffer_mwh", "coal_min_load_mw",
    )  # fmt: skip
    assert [ld.name for ld in sc.curtailable_loads] == ["potlines"]
    # 30,000 t/yr at 55 kWh/kg, spread over the hours [MWh/h]
    assert sc.processes[0].constant_demand_mw() == pytest.approx(30_000 * 55 / 8760)


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"storage": [{"name": "a"}, {"name": "a"}]}, "storage[1].name", "unique"),
        ({"storage": [{"name": "wind"}]}, "storage[0].name", "unique"),
        ({"processes": [{"name": "ely"}]}, "processes[0]", "exactly one of"),
        ({"processes": [{"name": "ely", "demand_mw": 1, "demand_t_per_year": 2}]},
         "processes[0]", "exactly one of"),
        ({"processes": [{"name": "Ely", "demand_mw": 1}]}, "processes[0].name", "pattern"),
        ({"coal": {"capacity_mw": 10, "min_load_share": 0.3, "retrofit_min_load_share": 0.4}},
         "coal", "above min_load_share"),
        ({"storage": []}, "storage", "at least 1"),
    ],
)  # fmt: skip
def test_bad_components_name_the_field(extra, field, words):
    with pytest.raises(InputError) as e:
        small(**extra)
    assert e.value.field.startswith(field), e.value.field
    assert words in e.value.message


def test_simulate_with_every_component_balances_and_reports():
    sc = small(
        storage=[{"name": "battery", "existing_mwh": 40, "existing_mw": 10},
                 {"name": "lds", "existing_mwh": 200, "existing_mw": 5}],
        processes=[{"name": "ely", "existing_mw": 8, "min_load_share": 0.25,
                    "buffer_existing_mwh": 60, "demand_mw": 4}],
        loads=[{"name": "plant", "archetype": "flat", "annual_mwh": 87_600.0,
                "curtailable_mw": 2, "max_curtailed_mwh_per_year": 50}],
        wind={"existing_mw": 30}, solar={"existing_mw": 20},
        coal={"capacity_mw": 6, "min_load_share": 0.5, "retrofit_min_load_share": 0.2},
    )  # fmt: skip
    r = simulate(sc, coal_min_load_mw=1.5, lds_mwh=100.0)
    h = r.hourly
    supply = (
        h["renewable_direct_mw"] + h["storage_discharge_mw"] + h["coal_mw"] + h["import_mw"]
        + h["unserved_mw"] + h["load_curtailed_mw"]
    )  # fmt: skip
    np.testing.assert_allclose(supply, h["load_mw"] + h["process_forced_mw"], atol=1e-6)
    np.testing.assert_allclose(
        h["battery_discharge_mw"] + h["lds_discharge_mw"], h["storage_discharge_mw"], atol=1e-9
    )
    assert h["lds_soc_mwh"].max() <= 100.0 + 1e-9
    assert (h["coal_mw"] >= 1.5 - 1e-9).all()  # the given must-run, not 50% of 6 MW
    assert h["ely_buffer_mwh"].between(-1e-9, 60 + 1e-9).all()
    k = r.kpis.iloc[0]
    assert k["load_curtailed_mwh"] <= 50 + 1e-6
    assert k["load_mwh"] == pytest.approx(
        k["fixed_load_mwh"] + k["process_mwh"] - k["load_curtailed_mwh"]
    )
    assert 0 <= k["process_renewable_share"] <= 1
    assert k["renewable_to_load_mwh"] == pytest.approx(
        k["renewable_direct_mwh"] + k["process_surplus_mwh"] + k["storage_discharge_mwh"]
    )
    checks = plan_checks(sc, r.capacities, r.kpis, r.hourly)
    must_run = checks[checks.rule == "coal_must_run_mw"]
    assert must_run["limit"].tolist() == [1.5]
    assert "product_shortfall_mwh" in set(checks.rule)


def test_product_shortfall_fails_the_verdict():
    sc = small(processes=[{"name": "ely", "existing_mw": 1, "demand_mw": 3}],
               wind={"existing_mw": 30}, grid={"import_max_mw": 100})  # fmt: skip
    r = simulate(sc)
    assert r.kpis["product_shortfall_mwh"].iloc[0] == pytest.approx(2 * 8760)
    checks = plan_checks(sc, r.capacities, r.kpis, r.hourly)
    row = checks[checks.rule == "product_shortfall_mwh"].iloc[0]
    assert not row["passed"] and "product demand" in row["message"]


def test_capacity_of_another_park_is_refused():
    sc = small()
    with pytest.raises(InputError) as e:
        capacity_table(sc, lds_mwh=5.0)
    assert e.value.field == "lds_mwh" and "storage_mwh" in e.value.message


def test_cli_simulate_example_with_capacity_option(tmp_path):
    out = tmp_path / "sim"
    res = runner.invoke(app, ["simulate", str(EXAMPLE), "--capacity", "lds_mwh=9600",
                              "--out", str(out)])  # fmt: skip
    assert res.exit_code in (0, 5), res.output
    assert "processes, curtailable loads and stores" in res.stdout
    data = json.loads((out / "kpis.json").read_text())
    assert data["capacities"][0]["lds_mwh"] == 9600
    bad = runner.invoke(app, ["simulate", str(EXAMPLE), "--capacity", "nope_mw=5"])
    assert bad.exit_code == 2 and "nope_mw: not a capacity of this park" in bad.stderr


def test_optimiser_sizes_every_component_and_typical_days_refuse_them(tmp_path):
    import json

    out = tmp_path / "o"
    res = runner.invoke(app, ["size", str(EXAMPLE), "--segments", "50", "--out", str(out)])
    assert res.exit_code in (0, 5), res.output  # a plan (its verdict may fail a rule)
    plan = json.loads((out / "plan.json").read_text())
    names = load_scenario(EXAMPLE).asset_names()
    assert set(names) <= set(plan["capacities"][0])
    res = runner.invoke(app, ["size", str(EXAMPLE), "--typical-days", "4", "--out",
                              str(tmp_path / "t")])  # fmt: skip
    assert res.exit_code == 2
    assert "typical days take one store" in res.stderr
    assert "Traceback" not in res.output


def test_sweep_of_a_park_with_every_component_equals_simulate():
    """A dispatch sweep over a store's energy and the electrolyser's capacity: every point's
    KPIs equal those of simulate at its capacities (the kernel's general specialisation)."""
    from simulator.studies.sweep import run_sweep

    sc = load_scenario(EXAMPLE, overrides=["years=1"], variants=None)
    sc = sc.model_copy(update={"targets": None})
    grid = {"lds_mwh": "0,4800,9600", "electrolyser_mw": "250,400", "charge_efficiency": "0.9,0.95"}
    ds = run_sweep(sc, grid, progress=False).dataset
    assert {"process_renewable_share", "product_shortfall_mwh"} <= set(ds.data_vars)
    assert "product_shortfall_mwh" in ds["passes_every_rule"].attrs["rules"]
    for lds, ely, eta in [(0.0, 250.0, 0.9), (9600.0, 400.0, 0.95), (4800.0, 400.0, 0.9)]:
        point = ds.sel(lds_mwh=lds, electrolyser_mw=ely, charge_efficiency=eta)
        stores = [st.model_copy(update={"charge_efficiency": eta}) for st in sc.stores]
        sim = simulate(sc.model_copy(update={"storage": stores}), lds_mwh=lds,
                       electrolyser_mw=ely).kpis  # fmt: skip
        for name in ("renewable_share", "load_mwh", "process_mwh", "load_curtailed_mwh",
                     "storage_discharge_mwh", "product_shortfall_mwh"):  # fmt: skip
            np.testing.assert_allclose(point[name].values, sim[name].to_numpy(), rtol=1e-12,
                                       err_msg=name)  # fmt: skip


def test_sweep_grid_names_follow_the_park():
    from simulator.studies.sweep_grid import grid_names

    sc = load_scenario(EXAMPLE)
    names = grid_names(sc)
    assert "lds_mwh" in names and "electrolyser_buffer_mwh" in names
    assert "coal_min_load_mw" in names and "coal_min_load_share" not in names
    assert "storage_mwh" not in names


def test_report_of_a_park_with_components(tmp_path):
    """The report shows the stores' sum, the process surplus in the balance and the buffers,
    and computes a week's share over the park's demand (never above 100%)."""
    import re

    out = tmp_path / "sim"
    res = runner.invoke(app, ["simulate", str(EXAMPLE), "--out", str(out)])
    assert res.exit_code in (0, 5), res.output
    rep = runner.invoke(app, ["report", str(out)])
    assert rep.exit_code == 0, rep.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Process (surplus)" in html and "electrolyser buffer" in html
    shares = [float(v) for v in re.findall(r"renewable share (\d+(?:\.\d+)?)%", html)]
    assert shares and max(shares) <= 100.0
    # the existing stores are not counted as new investment
    assert "+4,800" not in html


def test_report_investment_counts_the_retrofit_depth():
    """Lowering the minimum load from 40 to 30 MW of a 100 MW unit is half the full depth
    (40 → 20 MW): half of 150 CNY/kW × 100 MW."""
    from types import SimpleNamespace

    import pandas as pd

    from simulator.report.summary import investment_per_year

    sc = small(coal={"capacity_mw": 100, "min_load_share": 0.4,
                     "retrofit_min_load_share": 0.2, "retrofit_capex_per_kw": 150})  # fmt: skip
    caps = pd.DataFrame({"year": [2030], "wind_mw": [0.0], "solar_mw": [0.0],
                         "storage_mwh": [0.0], "storage_mw": [0.0],
                         "coal_min_load_mw": [30.0]})  # fmt: skip
    got = investment_per_year(SimpleNamespace(capacities=caps), sc)
    assert got == [pytest.approx(0.5 * 150e3 * 100)]


def test_store_pairs_and_storage_totals_are_the_one_home_of_store_sums():
    from simulator.core.vocabulary import storage_totals, store_pairs_in

    sc = load_scenario(ROOT / "scenarios" / "examples" / "alxa-flexible.toml")
    pairs = sc.store_pairs()
    assert pairs == (("battery_mwh", "battery_mw"), ("lds_mwh", "lds_mw"))
    assert sc.process_pairs() == (("electrolyser_mw", "electrolyser_buffer_mwh"),)
    names = sc.asset_names()
    assert store_pairs_in(names) == pairs  # the buffer is not a store
    caps = {n: np.arange(3.0) * (k + 1) for k, n in enumerate(names)}
    mwh, mw = storage_totals(caps, pairs)
    np.testing.assert_array_equal(mwh, caps["battery_mwh"] + caps["lds_mwh"])
    np.testing.assert_array_equal(mw, caps["battery_mw"] + caps["lds_mw"])
