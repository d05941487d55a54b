"""Scenario overrides (``--set KEY=VALUE``) and named variants (``[variants.NAME]``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.core.overrides import parse_key, parse_set
from simulator.core.provenance import provenance, scenario_from_provenance
from simulator.core.scenario import load_scenario, scenario_variants

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]

PARK = """
name = "var-park"
park_type = "low-carbon"
start_year = 2030
years = 2
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = 8.76e5
[[loads]]
name = "line"
archetype = "two-shift"
annual_mwh = [1.0e5, 2.0e5]
[wind]
max_mw = 2000
[grid]
import_max_mw = 200
import_price_per_mwh = 300
[policy]
voll_per_mwh = 5000

[variants.cheap-wind]
wind.capex_per_kw = 3000

[variants.big-grid]
grid = { import_max_mw = 600 }
"loads[0]".annual_mwh = 1.2e6

[variants.dear-wind]
wind = { capex_per_kw = 5000 }

[variants.typo]
wind.capx = 3
"""


@pytest.fixture
def park(tmp_path: Path) -> Path:
    p = tmp_path / "park.toml"
    p.write_text(PARK, encoding="utf-8")
    return p


# ---- parsing ---------------------------------------------------------------------------------


def test_parse_key_splits_tables_and_list_positions():
    assert parse_key("wind.capex_per_kw") == ("wind", "capex_per_kw")
    assert parse_key("loads[1].annual_mwh[0]") == ("loads", 1, "annual_mwh", 0)
    for bad in ("wind..x", "loads[-1]", "[0]", "wind.", "a b"):
        with pytest.raises(InputError, match="not a scenario key"):
            parse_key(bad)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("wind.capex_per_kw=3500", 3500),
        ("loads[0].annual_mwh=1e6", 1e6),
        ("targets=[0.3,0.5,0.6]", [0.3, 0.5, 0.6]),
        ("profiles.allow_outside=true", True),
        ("park_type=zero-carbon", "zero-carbon"),
        ('name="Ordos park 2"', "Ordos park 2"),
        ("grid={ import_max_mw = 600 }", {"import_max_mw": 600}),
        ("wind.capex_per_kw = 3500 ", 3500),
    ],
)
def test_values_are_read_as_toml(text, value):
    ov = parse_set(text)
    assert ov.value == value
    assert type(ov.value) is type(value)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("wind.capex_per_kw", "wind.capex_per_kw", "needs KEY=VALUE"),
        ("wind.capex_per_kw=", "wind.capex_per_kw", "no value"),
        ("targets=[0.3,0.5", "targets", "not a TOML value"),
        ("wind..capex=3", "wind..capex", "not a scenario key"),
    ],
)
def test_bad_set_texts_name_the_option_and_key(text, key, words):
    with pytest.raises(InputError) as exc:
        parse_set(text)
    assert exc.value.source == "--set"
    assert exc.value.field == key
    assert words in exc.value.one_line()


# ---- overrides ---------------------------------------------------------------------------------


def test_overrides_change_nested_keys_list_entries_and_keep_the_rest(park):
    sc = load_scenario(
        park,
        overrides=[
            "wind.capex_per_kw=3500",
            "grid.import_max_mw=300",
            "targets=[0.3,0.5]",
            "loads[1].annual_mwh[1]=2.5e5",
            "loads[0].annual_mwh=1e6",
            "coal.capacity_mw=500",
        ],
    )
    assert sc.wind.capex_per_kw == 3500.0 and isinstance(sc.wind.capex_per_kw, float)
    assert sc.wind.max_mw == 2000.0  # the rest of [wind] stays
    assert sc.grid.import_max_mw == 300.0
    assert sc.grid.import_price_per_mwh == 300.0
    assert sc.targets == [0.3, 0.5]
    assert sc.loads[0].annual_mwh == 1e6
    assert sc.loads[1].annual_mwh == [1.0e5, 2.5e5]
    assert sc.coal is not None and sc.coal.capacity_mw == 500.0  # [coal] created
    assert sc.source_path == park.resolve()
    assert sc.applied_overrides["wind.capex_per_kw"] == 3500
    assert sc.applied_variants == []


def test_a_dict_of_dotted_keys_equals_the_set_texts(park):
    a = load_scenario(park, overrides={"wind.capex_per_kw": 3500, "loads[0].annual_mwh": 1e6})
    b = load_scenario(park, overrides=["wind.capex_per_kw=3500", "loads[0].annual_mwh=1e6"])
    assert a.wind == b.wind and a.loads == b.loads
    nested = load_scenario(park, overrides={"wind": {"capex_per_kw": 3500}})
    assert nested.wind == a.wind  # a nested table is merged, max_mw stays


def test_no_overrides_gives_the_plain_scenario(park):
    assert load_scenario(park) == load_scenario(park, overrides=[], variants=[])
    assert load_scenario("ordos-low-carbon").name  # built-in files have no variants and load


def test_a_later_override_of_the_same_key_wins(park):
    sc = load_scenario(park, overrides=["wind.capex_per_kw=3500", "wind.capex_per_kw=3600"])
    assert sc.wind.capex_per_kw == 3600.0


@pytest.mark.parametrize(
    ("sets", "key", "words"),
    [
        (["wind.capx=1"], "wind.capx", "unknown key"),
        (["wnd.capex_per_kw=1"], "wnd.capex_per_kw", "unknown key"),
        (["wind.capex_per_kw=abc"], "wind.capex_per_kw", "valid number"),
        (["wind.capex_per_kw=-5"], "wind.capex_per_kw", "greater than or equal to 0"),
        (["wind.capex_per_kw=1e9"], "wind.capex_per_kw", "less than or equal"),
        (["years=true"], "years", "valid integer"),
        (["loads[2].annual_mwh=1"], "loads[2].annual_mwh", "position 2 does not exist"),
        (["targets[0]=0.4"], "targets[0]", "set the whole list"),
        (["wind.max_mw.x=1"], "wind.max_mw.x", "is a value, not a table"),
        (["loads[0].archetype=csv"], "loads[0].archetype", "needs a csv"),
        (["wind.capex_per_kw=3000", "grid.import_max_mw=-1"], "grid.import_max_mw", ">="),
    ],
)
def test_bad_overrides_name_the_option_and_the_key(park, sets, key, words):
    with pytest.raises(InputError) as exc:
        load_scenario(park, overrides=sets)
    assert exc.value.source == "--set"
    assert exc.value.field == key
    line = exc.value.one_line()
    assert "\n" not in line
    assert words.replace(">=", "greater than or equal") in line


def test_a_rule_broken_elsewhere_by_an_override_names_the_file_and_the_override(park):
    with pytest.raises(InputError) as exc:  # years = 3 but loads[1].annual_mwh has 2 values
        load_scenario(park, variants=["cheap-wind"], overrides=["years=3"])
    assert exc.value.source == str(park)
    line = exc.value.one_line()
    assert "loads[1].annual_mwh has 2 values" in line
    assert line.endswith("(after --variant cheap-wind, --set years)")


# ---- variants ----------------------------------------------------------------------------------


def test_variants_apply_in_order_then_the_overrides(park):
    assert list(scenario_variants(park)) == ["cheap-wind", "big-grid", "dear-wind", "typo"]
    sc = load_scenario(park, variants=["cheap-wind", "big-grid"])
    assert sc.wind.capex_per_kw == 3000.0
    assert sc.grid.import_max_mw == 600.0
    assert sc.grid.import_price_per_mwh == 300.0  # the table was merged, not replaced
    assert sc.loads[0].annual_mwh == 1.2e6
    assert sc.applied_variants == ["cheap-wind", "big-grid"]
    later = load_scenario(park, variants=["cheap-wind", "dear-wind"])
    assert later.wind.capex_per_kw == 5000.0
    assert later.wind.max_mw == 2000.0
    last = load_scenario(
        park, variants=["dear-wind", "cheap-wind"], overrides=["wind.capex_per_kw=3500"]
    )
    assert last.wind.capex_per_kw == 3500.0
    assert load_scenario(park, variants="cheap-wind").wind.capex_per_kw == 3000.0


def test_an_unknown_variant_names_the_file_and_the_variants_it_has(park):
    with pytest.raises(InputError) as exc:
        load_scenario(park, variants=["cheap-wnd"])
    line = exc.value.one_line()
    assert str(park) in line and "--variant cheap-wnd" in line
    assert "cheap-wind, big-grid, dear-wind, typo" in line


def test_a_bad_key_in_a_variant_names_the_file_and_the_variant(park):
    with pytest.raises(InputError) as exc:
        load_scenario(park, variants=["typo"])
    assert exc.value.source == str(park)
    assert exc.value.field == "variants.typo.wind.capx"
    assert exc.value.message == "unknown key"


def test_variants_must_be_tables(tmp_path):
    p = tmp_path / "p.toml"
    p.write_text("variants = 3\n" + PARK.split("[variants.cheap-wind]")[0], encoding="utf-8")
    with pytest.raises(InputError, match="variants: must be tables"):
        load_scenario(p)


def test_relative_data_paths_still_resolve_after_overrides():
    path = ROOT / "scenarios" / "examples" / "measured-park.toml"
    sc = load_scenario(path, overrides=["grid.import_max_mw=1000", "loads[0].annual_mwh=[9e6]"])
    assert sc.source_path == path.resolve()
    files = sc.input_files()
    assert files and all(p.is_file() for _, p in files)
    assert sc.loads[0].annual_mwh == [9e6]


# ---- provenance and the command line -------------------------------------------------------------


def test_provenance_records_variants_overrides_and_the_resolved_scenario(park):
    sc = load_scenario(park, variants=["big-grid"], overrides=["wind.capex_per_kw=3500"])
    rec = provenance(sc)
    assert rec["variants"] == ["big-grid"]
    assert rec["overrides"] == {"wind.capex_per_kw": 3500}
    data = tomllib.loads(rec["scenario_toml"])
    assert data["wind"]["capex_per_kw"] == 3500.0
    assert data["grid"]["import_max_mw"] == 600.0
    assert "variants" not in data
    back = scenario_from_provenance(rec)
    assert back.wind == sc.wind and back.grid == sc.grid and back.loads == sc.loads
    plain = provenance(load_scenario(park))
    assert plain["variants"] == [] and plain["overrides"] == {}


def test_model_copy_keeps_the_record(park):
    sc = load_scenario(park, variants=["cheap-wind"], overrides={"grid.import_max_mw": 250})
    copy = sc.model_copy(update={"targets": [0.4, 0.5]})
    assert copy.applied_variants == ["cheap-wind"]
    assert copy.applied_overrides == {"grid.import_max_mw": 250}


@pytest.mark.parametrize("command", ["simulate", "size", "profiles", "run"])
def test_every_scenario_command_refuses_a_bad_set_with_exit_2(park, tmp_path, command):
    res = runner.invoke(
        app, [command, str(park), "--set", "wind.capx=1", "--out", str(tmp_path / "o")]
    )
    assert res.exit_code == 2, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert lines == ["error: --set: wind.capx: unknown key"]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["simulate", "size", "profiles"])
def test_every_scenario_command_refuses_an_unknown_variant(park, command):
    res = runner.invoke(app, [command, str(park), "--variant", "nope"])
    assert res.exit_code == 2
    assert "--variant nope: no such variant" in res.output


def test_simulate_writes_the_overrides_into_kpis_json(park, tmp_path):
    import json

    out = tmp_path / "sim"
    res = runner.invoke(
        app,
        [
            "simulate",
            str(park),
            "--variant",
            "big-grid",
            "--set",
            "grid.import_max_mw=700",
            "--wind-mw",
            "100",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code in (0, 5), res.output
    rec = json.loads((out / "kpis.json").read_text())["provenance"]
    assert rec["variants"] == ["big-grid"]
    assert rec["overrides"] == {"grid.import_max_mw": 700}
    assert tomllib.loads(rec["scenario_toml"])["grid"]["import_max_mw"] == 700.0
