"""`parkbalance size` through the CLI: plan.json keys, exit codes, the unreachable-target line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from simulator.cli.app import app

runner = CliRunner()

PARK = """
name = "cli-park"
park_type = "low-carbon"
start_year = 2030
years = 1
seed = 4
{targets}
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = 8.76e5
[wind]
max_mw = {wind_max}
[solar]
max_mw = {solar_max}
[storage]
max_mwh = 200
max_mw = 50
[grid]
import_max_mw = 200
[policy]
voll_per_mwh = 5000
"""


def write(tmp_path, targets="", wind_max=2000, solar_max=2000):
    p = tmp_path / "park.toml"
    p.write_text(PARK.format(targets=targets, wind_max=wind_max, solar_max=solar_max))
    return p


def test_size_writes_plan_json_with_the_contract_keys(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["size", str(write(tmp_path)), "--typical-days", "6", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    plan = json.loads((out / "plan.json").read_text())
    for key in (
        "scenario",
        "status",
        "objective",
        "currency",
        "capacities",
        "lp_kpis",
        "simulated_kpis",
        "cost_breakdown",
        "timing",
        "solver",
    ):
        assert key in plan, key
    assert plan["status"] == "optimal"
    assert set(plan["timing"]) >= {"build_s", "handoff_s", "solve_s"}
    assert plan["solver"]["version"]
    assert plan["capacities"][0]["year"] == 2030
    assert plan["lp_kpis"][0]["renewable_share"] >= 0.30 - 1e-9
    assert (out / "hourly.parquet").exists() and (out / "hourly_lp.parquet").exists()


def test_unreachable_target_exit_3_with_one_line_per_year(tmp_path):
    path = write(tmp_path, targets="targets = [0.95]", wind_max=40, solar_max=40)
    out = tmp_path / "out"
    res = runner.invoke(app, ["size", str(path), "--typical-days", "6", "--out", str(out)])
    assert res.exit_code == 3, res.output
    line = [ln for ln in res.stderr.splitlines() if ln.startswith("year ")]
    assert len(line) == 1
    assert line[0].startswith("year 2030: target 95.0% is unreachable; at most ")
    assert "wind ≤ 40 MW" in line[0] and "solar ≤ 40 MW" in line[0]
    plan = json.loads((out / "plan.json").read_text())
    assert plan["status"] == "infeasible"
    assert len(plan["max_achievable_share"]) == 1
    assert 0 < plan["max_achievable_share"][0] < 0.95


def test_bad_solver_option_is_exit_2(tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["size", str(write(tmp_path)), "--solver-algorithm", "magic", "--out", str(out)]
    )
    assert res.exit_code == 2
    assert "--solver-algorithm" in res.stderr
    assert not out.exists()
