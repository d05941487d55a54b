"""Honest verdicts (issue 11): every rule checked on the simulated hours, statuses, exit codes."""

from __future__ import annotations

import io
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.profiles import Profiles
from simulator.core.provenance import provenance, scenario_from_provenance
from simulator.core.scenario import HOURS_PER_YEAR, load_scenario
from simulator.core.simulate import simulate
from simulator.core.verdict import RULES, failure_lines, plan_checks
from solvers import plan_json, size, write_plan
from solvers import progress as progress_mod
from tests.parks import park

runner = CliRunner()


def day_night(years: int = 1) -> Profiles:
    """Flat 100 MW load, no wind, solar 0.9·sin between 6:00 and 18:00."""
    n = years * HOURS_PER_YEAR
    hod = np.arange(n) % 24
    solar = np.clip(np.sin((hod - 6) / 12 * np.pi), 0, None) * 0.9
    return Profiles(np.full(n, 100.0), np.zeros(n), solar, years)


def short_firm_park(**policy):
    """Coal 40 MW (must-run 20 MW) + import cap 20 MW under a flat 100 MW load: nights need storage.

    The LP runs coal flat out at night and saves the store for the rest; the rule-based dispatch
    discharges the store first, runs it empty around midnight and leaves load unserved.
    """
    return park(
        wind={"max_mw": 0},
        solar={"max_mw": 1000},
        storage={"max_mwh": 5000, "max_mw": 500},
        coal={"capacity_mw": 40, "min_load_share": 0.5, "fuel_cost_per_mwh": 100},
        grid={"import_max_mw": 20, "import_price_per_mwh": 600},
        policy={"voll_per_mwh": 5000, **policy},
        targets=[0.3],
    )


# ---- the check table -------


def write_scenario(tmp_path, text: str):
    path = tmp_path / "park.toml"
    path.write_text(text, encoding="utf-8")
    return path


PARK_TOML = """
name = "checks-park"
park_type = "low-carbon"
start_year = 2030
years = 2
targets = [0.3, 0.6]
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = 876000
[coal]
capacity_mw = 50
min_load_share = 0.4
[grid]
import_max_mw = 30
export_max_mw = 10
[policy]
min_renewable_utilisation = 0.9
storage_min_share = 0.15
storage_min_hours = 2
"""


def recompute_checks(scenario, caps: pd.DataFrame, hourly: pd.DataFrame) -> dict:
    """Every rule's value per year, from the hourly table alone (plain pandas)."""
    out = {}
    for (year,), h in hourly.groupby(["year"]):
        cap = caps[caps["year"] == year].iloc[0]
        load = h["load_mw"].sum()
        avail = h["wind_available_mw"].sum() + h["solar_available_mw"].sum()
        re_mw = cap["wind_mw"] + cap["solar_mw"]
        out[(year, "renewable_share")] = h["renewable_to_load_mw"].sum() / load
        out[(year, "unserved_share")] = h["unserved_mw"].sum() / load
        out[(year, "renewable_utilisation")] = 1 - h["curtailed_mw"].sum() / avail
        out[(year, "storage_power_ratio")] = cap["storage_mw"] / re_mw
        out[(year, "storage_energy_hours")] = cap["storage_mwh"] / re_mw
        out[(year, "import_peak_mw")] = h["import_mw"].max()
        out[(year, "export_peak_mw")] = h["export_mw"].max()
        out[(year, "coal_max_mw")] = h["coal_mw"].max()
        out[(year, "coal_must_run_mw")] = h["coal_mw"].min()
    return out


@pytest.mark.parametrize(
    "caps",
    [
        ["--wind-mw", "60", "--solar-mw", "80", "--storage-mwh", "40", "--storage-mw", "21"],
        ["--wind-mw", "300", "--solar-mw", "300"],  # curtails, no storage: fails two rules
    ],
)
def test_check_table_equals_a_recomputation_from_hourly_parquet(tmp_path, caps):
    path = write_scenario(tmp_path, PARK_TOML)
    out = tmp_path / "out"
    res = runner.invoke(app, ["simulate", str(path), *caps, "--out", str(out)])
    kpis = json.loads((out / "kpis.json").read_text())
    hourly = pd.read_parquet(out / "hourly.parquet")
    sc = load_scenario(path)
    expected = recompute_checks(sc, pd.DataFrame(kpis["capacities"]), hourly)
    checks = kpis["checks"]
    assert {(c["year"], c["rule"]) for c in checks} == set(expected)
    limits = {
        "renewable_share": None,
        "unserved_share": 0.0,
        "renewable_utilisation": 0.9,
        "storage_power_ratio": 0.15,
        "storage_energy_hours": 0.3,
        "import_peak_mw": 30.0,
        "export_peak_mw": 10.0,
        "coal_max_mw": 50.0,
        "coal_must_run_mw": 20.0,
    }
    for c in checks:
        value = expected[(c["year"], c["rule"])]
        assert c["value"] == pytest.approx(value, rel=1e-9, abs=1e-9), c
        limit = limits[c["rule"]] if limits[c["rule"]] is not None else [0.3, 0.6][c["year"] - 2030]
        assert c["limit"] == pytest.approx(limit)
        ok = value >= limit - 1e-6 if c["sense"] == ">=" else value <= limit + 1e-6
        assert c["passed"] == ok, c
    failed = [c for c in checks if not c["passed"]]
    assert kpis["verdict"]["passed"] == (not failed)
    assert res.exit_code == (5 if failed else 0), res.output
    for c in failed:  # one stderr line per failing year and rule
        assert c["message"] in res.stderr
    if caps[1] == "300":
        assert {c["rule"] for c in failed} >= {"renewable_utilisation", "storage_power_ratio"}


def test_rules_switched_off_have_no_rows():
    sc = park()
    sim = simulate(sc, wind_mw=50, solar_mw=50, profiles=day_night())
    checks = plan_checks(sc, sim.capacities, sim.kpis, sim.hourly)
    assert set(checks["rule"]) == {
        "renewable_share", "unserved_share", "import_peak_mw", "export_peak_mw"
    }
    assert set(checks["rule"]) <= set(RULES)


def test_unserved_energy_fails_adequacy_unless_allowed():
    sc = park(grid={"import_max_mw": 50})  # 100 MW load, 50 MW import, no storage
    sim = simulate(sc, wind_mw=0, solar_mw=50, profiles=day_night())
    checks = plan_checks(sc, sim.capacities, sim.kpis, sim.hourly)
    row = checks[checks["rule"] == "unserved_share"].iloc[0]
    unserved = sim.hourly["unserved_mw"].sum()
    assert unserved > 0 and not row["passed"]
    assert row["value"] == pytest.approx(unserved / sim.hourly["load_mw"].sum())
    assert row["message"].startswith("year 2030: ") and "where 0% is allowed" in row["message"]
    allowed = park(grid={"import_max_mw": 50}, policy={"voll_per_mwh": 5000,
                                                       "max_unserved_share": 0.5})
    checks = plan_checks(allowed, sim.capacities, sim.kpis, sim.hourly)
    assert checks.loc[checks["rule"] == "unserved_share", "passed"].all()


# ---- sizing: statuses, exit codes, assure -------


@pytest.fixture(scope="module")
def short_firm_plan():
    sc = short_firm_park()
    return sc, size(sc, profiles=day_night())


def test_lp_plan_that_fails_adequacy_in_simulation_is_rule_failed(short_firm_plan):
    sc, res = short_firm_plan
    assert res.lp_kpis["unserved_mwh"].sum() == pytest.approx(0, abs=1e-6)  # the LP serves all
    assert res.simulated.kpis["unserved_mwh"].iloc[0] > 1000
    assert res.status == "rule_failed" and res.exit_code == 5
    fails = failure_lines(res.checks)
    assert any("GWh unserved" in f and "where 0% is allowed" in f for f in fails)
    plan = plan_json(res)
    assert plan["status"] == "rule_failed"
    assert plan["verdict"]["passed"] is False and plan["verdict"]["failures"] == fails
    lp_unserved = [c for c in plan["checks"] if c["rule"] == "unserved_share"][0]
    assert lp_unserved["lp_value"] == pytest.approx(0, abs=1e-9) and not lp_unserved["passed"]
    assert "FAILS" in __import__("solvers").summary_text(res).splitlines()[0]


def test_assure_repairs_adequacy_or_says_why(short_firm_plan):
    sc, plain = short_firm_plan
    res = size(sc, profiles=day_night(), assure=True, max_assure_iterations=6)
    repairs = [a for it in res.assure["iterations"] for a in it.get("repairs", [])]
    assert any("storage energy ≥" in a for a in repairs)
    if res.status == "optimal":
        assert res.checks["passed"].all()
        assert res.simulated.kpis["unserved_mwh"].iloc[0] == 0
        assert res.objective > plain.objective  # adequacy under the rules costs more
        assert "meets every rule" in res.assure["outcome"]
    else:
        assert res.status == "rule_failed" and res.exit_code == 5
        assert "still fails" in res.assure["outcome"] or "no repair" in res.assure["outcome"]


def test_firm_supply_note_explains_why_a_park_stays_inadequate(short_firm_plan):
    _, res = short_firm_plan
    assert any("firm supply (coal 40 MW + import cap 20 MW = 60 MW)" in m for m in res.messages)


def test_simulated_utilisation_below_the_floor_is_flagged():
    sc = park(policy={"voll_per_mwh": 5000, "min_renewable_utilisation": 0.9})
    res = size(sc, profiles=day_night())
    checks = res.checks.set_index("rule")
    assert "renewable_utilisation" in checks.index
    sim = simulate(sc, wind_mw=0, solar_mw=400, profiles=day_night())
    flagged = plan_checks(sc, sim.capacities, sim.kpis, sim.hourly).set_index("rule")
    assert not flagged.loc["renewable_utilisation", "passed"]
    assert "below the floor 90%" in flagged.loc["renewable_utilisation", "message"]


TEN_YEARS = """
name = "ten-years"
park_type = "zero-carbon"
start_year = 2030
years = 10
targets = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "three-shift"
annual_mwh = 876000
[storage]
max_mwh = 0
max_mw = 0
[grid]
import_max_mw = 200
[policy]
voll_per_mwh = 5000
"""


def test_ten_year_plan_whose_simulation_misses_targets_exits_non_zero(tmp_path):
    path = write_scenario(tmp_path, TEN_YEARS)
    out = tmp_path / "out"
    res = runner.invoke(app, ["size", str(path), "--segments", "24", "--out", str(out)])
    plan = json.loads((out / "plan.json").read_text())
    missed = [c for c in plan["checks"] if c["rule"] == "renewable_share" and not c["passed"]]
    assert missed, "24 segments should mislead the LP about the share"
    assert res.exit_code == 5, res.output
    assert plan["status"] == "rule_failed" and not plan["verdict"]["passed"]
    for c in missed:
        assert c["message"] in res.stderr
    assert "FAILS" in res.stdout.splitlines()[0]


# ---- provenance -------


def test_provenance_embeds_the_resolved_scenario_and_input_digests(tmp_path):
    (tmp_path / "load.csv").write_text("mw\n" + "\n".join(["100"] * HOURS_PER_YEAR) + "\n")
    path = write_scenario(
        tmp_path,
        PARK_TOML.replace("years = 2", "years = 1")
        .replace("targets = [0.3, 0.6]", "")
        .replace('archetype = "flat"\nannual_mwh = 876000', 'archetype = "csv"\ncsv = "load.csv"'),
    )
    sc = load_scenario(path)
    rec = provenance(sc)
    assert rec["scenario_source"] == str(path.resolve())
    assert set(rec["input_files"]) == {"load.csv"}
    assert len(rec["input_files"]["load.csv"]) == 64
    back = scenario_from_provenance(rec)
    assert back.targets == [0.3]  # the park type's default, written out
    assert back.model_dump(exclude={"targets"}) == sc.model_dump(exclude={"targets"})
    json.dumps(rec)  # JSON-ready


def test_plan_json_records_what_it_was_computed_from(short_firm_plan, tmp_path):
    _, res = short_firm_plan
    write_plan(res, tmp_path)
    plan = json.loads((tmp_path / "plan.json").read_text())
    p = plan["provenance"]
    assert p["scenario_name"] == "tiny" and p["highs_version"] == res.solver["version"]
    assert p["highs_options"]["solver"] == "choose" and p["started_at"].endswith("+00:00")
    assert p["parkbalance_version"] and isinstance(p["command"], list)
    assert scenario_from_provenance(p).coal.capacity_mw == 40


# ---- outputs as a set, progress -------


def test_a_new_run_never_leaves_an_earlier_runs_files(tmp_path):
    path = write_scenario(tmp_path, PARK_TOML)
    out = tmp_path / "out"
    out.mkdir()
    for stale in ("report.html", "report.zh.html", "results.xlsx", "plan.json"):
        (out / stale).write_text("from an earlier run")
    (out / "mine.txt").write_text("the user's own file")
    res = runner.invoke(app, ["simulate", str(path), "--wind-mw", "60", "--out", str(out)])
    assert res.exit_code in (0, 5), res.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["hourly.parquet", "kpis.json", "mine.txt"]


def test_a_failed_write_leaves_the_earlier_run_untouched(tmp_path, monkeypatch):
    import simulator.cli.app as cli

    path = write_scenario(tmp_path, PARK_TOML)
    out = tmp_path / "out"
    out.mkdir()
    (out / "kpis.json").write_text("earlier")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli, "write_simulation", broken)
    res = runner.invoke(app, ["simulate", str(path), "--out", str(out)])
    assert res.exit_code == 6 and "No space left on device" in res.stderr
    assert "Traceback" not in res.output
    assert sorted(p.name for p in out.iterdir()) == ["kpis.json"]
    assert (out / "kpis.json").read_text() == "earlier"


def test_out_that_is_a_file_is_refused_before_computing(tmp_path):
    path = write_scenario(tmp_path, PARK_TOML)
    out = tmp_path / "taken"
    out.write_text("x")
    res = runner.invoke(app, ["size", str(path), "--out", str(out)])
    assert res.exit_code == 6 and "is a file, not a folder" in res.stderr
    assert res.stdout == ""


def test_progress_lines_come_from_the_highs_log(monkeypatch):
    monkeypatch.setattr(progress_mod, "QUIET_S", 0.0)
    monkeypatch.setattr(progress_mod, "PLAIN_EVERY_S", 0.0)
    stream = io.StringIO()
    with progress_mod.reporting(stream, tty=False):
        size(park(), profiles=day_night())
    lines = stream.getvalue().splitlines()
    assert lines and all(line.startswith("LP solve 1: ") for line in lines)
    p = progress_mod.SolveProgress(io.StringIO(), tty=False)
    p.on_log("      12345     1.2345678901e+05 Pr: 12(3.4); Du: 0(0) 12s\n")
    assert p.iterations == 12345 and p.objective == pytest.approx(123456.78901)
    assert "12,345 iterations" in p.text()


def test_moved_scenario_is_not_needed_to_read_back_the_plan(short_firm_plan, tmp_path):
    _, res = short_firm_plan
    write_plan(res, tmp_path / "a")
    shutil.move(tmp_path / "a", tmp_path / "b")
    plan = json.loads((tmp_path / "b" / "plan.json").read_text())
    sc = scenario_from_provenance(plan["provenance"])
    assert sc.grid.import_max_mw == 20 and sc.policy.max_unserved_share == 0


def test_an_aggregated_lps_unreachable_figure_is_called_an_estimate():
    # issue 17 item 2: 99% with solar only and no storage is out of reach; on segments the
    # largest share is the aggregated LP's, not the park's, and the message says so
    sc = park(targets=[0.99], wind={"max_mw": 0}, solar={"max_mw": 300})
    res = size(sc, profiles=day_night(), segments=48)
    assert res.status == "infeasible" and res.exit_code == 3
    assert any("estimate of the park's own" in m for m in res.messages)
    full = size(sc, profiles=day_night(), best_effort=False)
    assert full.status == "infeasible"
    assert not any("estimate of the park's own" in m for m in full.messages)


def test_small_unserved_energy_is_never_written_as_zero():
    from simulator.core.verdict import _energy, _pct
    from simulator.report.i18n import translate_message

    assert _energy(642_400.0) == "642.4 GWh" and _energy(12.34) == "12.3 MWh"
    assert _pct(0.0) == "0%" and _pct(2e-5) == "<0.1%" and _pct(0.0612) == "6.1%"
    line = "year 2027: 12.3 MWh unserved (<0.1% of load, 2 hours) where 0% is allowed"
    zh, ok = translate_message(line, "zh")
    assert ok and "缺电 12.3 MWh" in zh and "<0.1%" in zh
