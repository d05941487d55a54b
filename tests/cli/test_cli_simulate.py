"""`parkbalance simulate` and `scenarios`: outputs, the Python API equality, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import simulator
from simulator.cli.app import app
from simulator.core.simulate import HOURLY_COLUMNS

runner = CliRunner()

SMALL = """
name = "small"
park_type = "low-carbon"
start_year = 2030
years = 2
seed = 3
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = [4.0e5, 5.0e5]
[wind]
existing_mw = 60
[solar]
existing_mw = 80
[storage]
existing_mwh = 50
existing_mw = 20
[grid]
import_max_mw = 100
"""


def small(tmp_path, extra=""):
    p = tmp_path / "small.toml"
    p.write_text(SMALL + extra, encoding="utf-8")
    return p


def test_scenarios_lists_builtins():
    res = runner.invoke(app, ["scenarios"])
    assert res.exit_code == 0
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    assert len(lines) == len(simulator.builtin_scenarios()) >= 4
    assert any(ln.startswith("ordos-low-carbon") for ln in lines)


def test_simulate_writes_kpis_and_hourly(tmp_path):
    path = small(tmp_path)
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        ["simulate", str(path), "--wind-mw", "100,150", "--storage-mwh", "200", "--out", str(out)],
    )
    assert res.exit_code == 0, res.output
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis["scenario"] == "small"
    assert [y["year"] for y in kpis["years"]] == [2030, 2031]
    for key in (
        "load_mwh",
        "renewable_available_mwh",
        "renewable_to_load_mwh",
        "curtailed_mwh",
        "export_mwh",
        "import_mwh",
        "coal_mwh",
        "storage_charge_mwh",
        "storage_discharge_mwh",
        "unserved_mwh",
        "renewable_share",
        "renewable_utilisation",
        "target_share",
        "meets_target",
        "co2_t",
    ):
        assert key in kpis["years"][0]
    hourly = pd.read_parquet(out / "hourly.parquet")
    assert list(hourly.columns[: len(HOURLY_COLUMNS)]) == list(HOURLY_COLUMNS)
    assert len(hourly) == 2 * 8760
    # the files agree with the Python API
    sc = simulator.load_scenario(path)
    r = simulator.simulate(sc, wind_mw=[100, 150], storage_mwh=200)
    for rec, (_, row) in zip(kpis["years"], r.kpis.iterrows(), strict=True):
        assert rec["renewable_share"] == pytest.approx(row["renewable_share"], rel=1e-12)
    # and with the hourly table: yearly renewable_to_load = Σ hourly
    by_year = hourly.groupby("year")["renewable_to_load_mw"].sum().to_numpy()
    np.testing.assert_allclose(
        by_year, [y["renewable_to_load_mwh"] for y in kpis["years"]], rtol=1e-9
    )
    # the hourly balance closes in the written file
    supply = hourly[["renewable_to_load_mw", "coal_mw", "import_mw", "unserved_mw"]].sum(axis=1)
    np.testing.assert_allclose(supply, hourly["load_mw"], atol=1e-6)
    assert "RE share" in res.stdout


def test_default_capacities_are_existing(tmp_path):
    sc = simulator.load_scenario(small(tmp_path))
    r = simulator.simulate(sc)
    assert r.capacities["wind_mw"].tolist() == [60, 60]
    assert r.capacities["storage_mw"].tolist() == [20, 20]
    assert r.kpis.index.tolist() == [2030, 2031]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--wind-mw", "1,2,3"], "--wind-mw: has 3 values"),
        (["--solar-mw", "abc"], "--solar-mw: not a number"),
        (["--storage-mw", "-5"], "--storage-mw"),
    ],
)
def test_bad_options(tmp_path, args, words):
    out = tmp_path / "out"
    res = runner.invoke(app, ["simulate", str(small(tmp_path)), *args, "--out", str(out)])
    assert res.exit_code == 2
    assert words in res.stderr
    assert not out.exists()


def test_coal_must_run_above_load_is_an_error(tmp_path):
    path = small(tmp_path, "[coal]\ncapacity_mw = 500\nmin_load_share = 0.5\n")
    out = tmp_path / "out"
    res = runner.invoke(app, ["simulate", str(path), "--out", str(out)])
    assert res.exit_code == 2
    assert "coal.min_load_share" in res.stderr and "exceeds the park load" in res.stderr
    assert str(path) in res.stderr
    assert not out.exists()


def test_real_process_bad_input_one_line_no_traceback(tmp_path):
    path = small(tmp_path, "[storage]\ndischarge_efficiency = 1.1\n")
    bad = path.read_text().replace(
        "[storage]\nexisting_mwh = 50",
        "[storage]\nexisting_mwh = 50\ndischarge_efficiency = 1.1",
        1,
    )
    bad = bad.rsplit("[storage]\ndischarge_efficiency = 1.1\n", 1)[0]
    path.write_text(bad)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "simulator.cli.app", "simulate", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1, proc.stderr
    assert "storage.discharge_efficiency" in err[0] and str(path) in err[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def _csv(path, values, header="value"):
    path.write_text(header + "\n" + "\n".join(str(v) for v in values) + "\n")
    return path


@pytest.mark.parametrize(
    ("kind", "values", "words"),
    [
        ("wind", [0.3] * 8700, "8700 rows"),
        ("wind", [0.3] * 99 + ["nan"] + [0.3] * 8660, "row 100"),
        ("solar", [0.2] * 41 + [1.5] + [0.2] * 8718, "row 42"),
        ("load", [100.0] * 9 + [-1.0] + [100.0] * 8750, "row 10"),
        ("wind", None, "not found"),
    ],
)
def test_bad_profile_csv_via_cli(tmp_path, kind, values, words):
    """Each bad-profile class ends with exit 2 and one line naming the CSV file and the row."""
    csv = tmp_path / f"{kind}.csv"
    if values is not None:
        _csv(csv, values)
    if kind == "load":
        text = SMALL.replace(
            'archetype = "flat"\nannual_mwh = [4.0e5, 5.0e5]',
            f'archetype = "csv"\ncsv = "{csv.name}"',
        )
    else:
        text = SMALL + f'[profiles]\n{kind}_cf = "{csv.name}"\n'
    path = tmp_path / "s.toml"
    path.write_text(text)
    out = tmp_path / "out"
    res = runner.invoke(app, ["simulate", str(path), "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert str(csv.name) in res.stderr and words in res.stderr, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_measured_profiles_are_used_as_given(tmp_path):
    rng = np.random.default_rng(0)
    wind = rng.uniform(0, 1, 8760).round(4)
    _csv(tmp_path / "w.csv", wind)
    path = tmp_path / "s.toml"
    path.write_text(SMALL + '[profiles]\nwind_cf = "w.csv"\n')
    sc = simulator.load_scenario(path)
    r = simulator.simulate(sc, wind_mw=100, solar_mw=0)
    np.testing.assert_allclose(r.hourly["wind_available_mw"].to_numpy(), np.tile(wind, 2) * 100)


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("decimal-comma", "load.csv: row 1: '10,118' is ambiguous"),
        ("outside", "profiles.wind_cf: ../w.csv is outside the scenario's folder"),
        ("secret", "w.csv: row 1: not a number (text of 16 characters)"),
        ("huge-co2", "grid.co2_t_per_mwh: Input should be less than or equal to 2"),
        ("duplicate-load", "loads[1].name: duplicate load name"),
    ],
)
def test_bad_input_issue_17_via_cli(tmp_path, setup, words):
    """Issue 17: each ends with exit 2, one line naming file and field/row, nothing written."""
    park = tmp_path / "park"
    park.mkdir()
    text = SMALL
    if setup == "decimal-comma":
        (park / "load.csv").write_text("mw\n" + "10,118\n" * 8760)
        text = SMALL.replace(
            'archetype = "flat"\nannual_mwh = [4.0e5, 5.0e5]', 'archetype = "csv"\ncsv = "load.csv"'
        )
    elif setup == "outside":
        _csv(tmp_path / "w.csv", [0.3] * 8760)
        text = SMALL + '[profiles]\nwind_cf = "../w.csv"\n'
    elif setup == "secret":
        (park / "w.csv").write_text("head\nTOPSECRET-LINE-2\n")
        text = SMALL + '[profiles]\nwind_cf = "w.csv"\n'
    elif setup == "huge-co2":
        text = SMALL.replace("import_max_mw = 100", "import_max_mw = 100\nco2_t_per_mwh = 1e308")
    elif setup == "duplicate-load":
        text = SMALL + '[[loads]]\nname = "plant"\narchetype = "flat"\nannual_mwh = 1.0\n'
    path = park / "s.toml"
    path.write_text(text)
    out = tmp_path / "out"
    res = runner.invoke(app, ["simulate", str(path), "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert words in res.stderr, res.stderr
    assert "TOPSECRET" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_non_utf8_scenario_real_process_one_line(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes(SMALL.replace('"plant"', '"工厂"').encode("gbk"))
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "simulator.cli.app", "simulate", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f"{path}: line 11: not UTF-8 text" in err[0]
    assert not out.exists()
