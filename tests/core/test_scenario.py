"""Scenario files: built-ins load, defaults follow the policy, bad input is one clear line."""

from __future__ import annotations

import tomllib

import pytest

from simulator.core.errors import InputError
from simulator.core.scenario import (
    builtin_scenarios,
    default_targets,
    load_scenario,
    resolve_scenario_path,
)

MINIMAL = """
name = "t"
park_type = "low-carbon"
start_year = 2025
years = 3
seed = 1
[site]
latitude_deg = 39.6
longitude_deg = 109.8
[[loads]]
name = "furnaces"
archetype = "flat"
annual_mwh = 1.0e6
"""


def write(tmp_path, text, name="s.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_builtins_exist_and_load():
    names = set(builtin_scenarios())
    assert {
        "ordos-low-carbon",
        "baotou-zero-carbon",
        "wuhai-captive-coal",
        "ordos-green-hydrogen",
    } <= names
    for name in names:
        sc = load_scenario(name)
        assert sc.name == name
        assert len(sc.target_shares()) == sc.years
    assert load_scenario("wuhai-captive-coal").coal is not None


def test_default_targets_follow_policy():
    assert default_targets("low-carbon", 3) == [0.30, 0.40, 0.50]
    assert default_targets("zero-carbon", 3) == [0.50, 0.65, 0.80]
    assert default_targets("zero-carbon", 5) == [0.50, 0.65, 0.80, 0.80, 0.80]
    assert default_targets("low-carbon", 1) == [0.30]


def test_minimal_scenario_defaults(tmp_path):
    sc = load_scenario(write(tmp_path, MINIMAL))
    assert sc.storage.charge_efficiency * sc.storage.discharge_efficiency == pytest.approx(
        0.88, abs=0.001
    )
    assert sc.finance.discount_rate == 0.08
    assert sc.grid.export_max_mw == 0.0
    assert sc.policy.min_renewable_utilisation is None
    assert sc.annual_load_mwh(sc.loads[0]) == [1e6, 1e6, 1e6]
    assert sc.calendar_years == [2025, 2026, 2027]


def test_path_or_name(tmp_path):
    p = write(tmp_path, MINIMAL)
    assert resolve_scenario_path(str(p)) == p
    assert resolve_scenario_path("ordos-low-carbon").name == "ordos-low-carbon.toml"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ("[wind]\nexisting_mw = 5\nmax_mww = 7\n", "wind.max_mww", "unknown key"),
        ("[storage]\ncharge_efficiency = 1.2\n", "storage.charge_efficiency", "less than or equal"),
        ("[storage]\nmin_soc = nan\n", "storage.min_soc", "finite"),
        ('[wind]\nexisting_mw = "lots"\n', "wind.existing_mw", "number"),
        ("[wind]\nexisting_mw = -5\n", "wind.existing_mw", "greater than or equal"),
        ("[grid]\nimport_price_per_mwh = [1, 2, 3]\n", "grid.import_price_per_mwh", "24"),
        ("[coal]\ncapacity_mw = 100\nmin_load_share = 1.5\n", "coal.min_load_share", "less than"),
        ("[wind]\nexisting_mw = 500\nmax_mw = 100\n", "wind", "below existing_mw"),
    ],
)
def test_bad_values_name_file_and_field(tmp_path, change, field, words):
    p = write(tmp_path, MINIMAL + change)
    with pytest.raises(InputError) as exc:
        load_scenario(p)
    msg = str(exc.value)
    assert str(p) in msg
    assert field in msg
    assert words in msg
    assert "\n" not in msg


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("years = 3", "years = 3\ntargets = [0.3, 1.4, 0.5]", "targets[1]"),
        ("years = 3", "years = 3\ntargets = [0.3, 0.5]", "targets has 2 values"),
        ('park_type = "low-carbon"', 'park_type = "no-carbon"', "park_type"),
        ('archetype = "flat"', 'archetype = "smelter-ish"', "loads[0].archetype"),
        ("annual_mwh = 1.0e6", "annual_mwh = [1.0e6, 2.0e6]", "annual_mwh has 2 values"),
        ("annual_mwh = 1.0e6", "annual_mwh = -1.0", "loads[0].annual_mwh"),
        ("latitude_deg = 39.6\n", "", "site.latitude_deg"),
    ],
)
def test_bad_structure(tmp_path, old, new, field):
    assert old in MINIMAL
    p = write(tmp_path, MINIMAL.replace(old, new))
    with pytest.raises(InputError, match=None) as exc:
        load_scenario(p)
    assert field in str(exc.value), str(exc.value)
    assert str(p) in str(exc.value)


def test_broken_toml_and_missing_file(tmp_path):
    p = write(tmp_path, MINIMAL + "\n[wind\nexisting_mw = 3\n")
    with pytest.raises(InputError, match="broken TOML"):
        load_scenario(p)
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads((tmp_path / "s.toml").read_text())
    with pytest.raises(InputError, match="no such scenario"):
        load_scenario(tmp_path / "missing.toml")


# ---- issue 17: strict types, sane ranges, encodings, unique names ----------------------------
@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("years = 3", "years = true", "years", "valid integer"),
        ("years = 3", "years = 3\ntargets = [true, 0.4, 0.5]", "targets[0]", "valid number"),
        ("annual_mwh = 1.0e6", 'annual_mwh = "4000"', "loads[0].annual_mwh", "valid number"),
        ("seed = 1", 'seed = "1"', "seed", "valid integer"),
        ("latitude_deg = 39.6", "latitude_deg = true", "site.latitude_deg", "valid number"),
    ],
)
def test_strict_types(tmp_path, old, new, field, words):
    p = write(tmp_path, MINIMAL.replace(old, new))
    with pytest.raises(InputError) as exc:
        load_scenario(p)
    assert f": {field}: " in str(exc.value) and words in str(exc.value), str(exc.value)


def test_ints_are_accepted_where_floats_are_expected(tmp_path):
    sc = load_scenario(write(tmp_path, MINIMAL + "[wind]\nexisting_mw = 5\ncapex_per_kw = 4200\n"))
    assert sc.wind.existing_mw == 5.0 and isinstance(sc.wind.existing_mw, float)
    assert sc.wind.capex_per_kw == 4200.0


HUGE = [
    ("[wind]\ncapex_per_kw = 1e308\n", "wind.capex_per_kw", "100000"),
    ("[solar]\nexisting_mw = 1e308\n", "solar.existing_mw", "1000000"),
    ("[storage]\ncapex_per_kwh = 1e6\n", "storage.capex_per_kwh", "100000"),
    ("[storage]\nexisting_mwh = 1e12\n", "storage.existing_mwh", "100000000"),
    ("[coal]\ncapacity_mw = 100\nfuel_cost_per_mwh = 1e308\n", "coal.fuel_cost_per_mwh", ""),
    ("[coal]\ncapacity_mw = 100\nco2_t_per_mwh = 1e308\n", "coal.co2_t_per_mwh", "2"),
    ("[grid]\nco2_t_per_mwh = 2.5\n", "grid.co2_t_per_mwh", "2"),
    ("[grid]\nimport_price_per_mwh = 1e308\n", "grid.import_price_per_mwh", "100000"),
    ("[grid]\nexport_price_per_mwh = -1e308\n", "grid.export_price_per_mwh", "-100000"),
    ("[grid]\nimport_max_mw = 1e308\n", "grid.import_max_mw", ""),
    ("[policy]\nvoll_per_mwh = 1e308\n", "policy.voll_per_mwh", "less than or equal to 1000000"),
]


@pytest.mark.parametrize(("change", "field", "words"), HUGE, ids=[h[1] for h in HUGE])
def test_huge_finite_numbers_are_refused(tmp_path, change, field, words):
    p = write(tmp_path, MINIMAL + change)
    with pytest.raises(InputError) as exc:
        load_scenario(p)
    msg = str(exc.value)
    assert f"{p}: {field}: " in msg and words in msg, msg


def test_huge_annual_load_is_refused(tmp_path):
    p = write(tmp_path, MINIMAL.replace("annual_mwh = 1.0e6", "annual_mwh = 1.0e308"))
    with pytest.raises(InputError, match=r"loads\[0\]\.annual_mwh: .*less than or equal"):
        load_scenario(p)


def test_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_scenario(p).name == "t"


def test_non_utf8_scenario_is_one_line(tmp_path):
    p = tmp_path / "gbk.toml"
    p.write_bytes(MINIMAL.replace('"furnaces"', '"炉子"').encode("gbk"))
    with pytest.raises(InputError) as exc:
        load_scenario(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}: line 11: not UTF-8 text"), msg
    assert "\n" not in msg


@pytest.mark.parametrize("key", ["wind_cf", "solar_cf"])
def test_empty_profile_path_is_an_error(tmp_path, key):
    p = write(tmp_path, MINIMAL + f'[profiles]\n{key} = ""\n')
    with pytest.raises(InputError, match=rf"profiles\.{key}: String should have at least 1"):
        load_scenario(p)


def test_duplicate_load_names_are_an_error(tmp_path):
    p = write(
        tmp_path, MINIMAL + '[[loads]]\nname = "furnaces"\narchetype = "flat"\nannual_mwh = 5.0\n'
    )
    with pytest.raises(InputError) as exc:
        load_scenario(p)
    assert f"{p}: loads[1].name: duplicate load name (also loads[0].name)" in str(exc.value)


def test_measured_profile_table_validates(tmp_path):
    p = write(
        tmp_path,
        MINIMAL + '[profiles.wind_cf]\nfile = ["a.csv", "b.csv"]\nunit = "mw"\n'
        "installed_mw = 200\ncolumn = 2\n",
    )
    sc = load_scenario(p)
    assert sc.profiles.wind_cf.files == ["a.csv", "b.csv"]
    assert [f for f, _ in sc.input_files()] == ["a.csv", "b.csv"]
    bad = write(tmp_path, MINIMAL + '[profiles.wind_cf]\nfile = "a.csv"\ncolumn = true\n')
    with pytest.raises(InputError, match=r"profiles\.wind_cf\.column: "):
        load_scenario(bad)
    load = write(
        tmp_path,
        MINIMAL.replace('archetype = "flat"\nannual_mwh = 1.0e6', 'archetype = "csv"')
        + '[loads.csv]\nfile = "l.csv"\nunit = "cf"\n',
    )
    with pytest.raises(InputError, match=r"loads\[0\]: .*'mw' or 'kw', not 'cf'"):
        load_scenario(load)


def test_whole_numbers_from_sweeps_are_accepted_for_int_fields(tmp_path):
    """Sweeps set keys from floats (25.0) or numpy integers; fractions and flags stay errors."""
    import numpy as np

    from simulator.core.scenario import Wind

    assert Wind(lifetime_years=25.0).lifetime_years == 25
    assert Wind(lifetime_years=np.int64(22)).lifetime_years == 22
    for bad in (25.5, True, "25"):
        with pytest.raises(ValueError, match="valid integer"):
            Wind(lifetime_years=bad)
    p = write(tmp_path, MINIMAL + "[wind]\ncapex_per_kw = " + "9" * 400 + "\n")
    with pytest.raises(InputError, match=r"wind\.capex_per_kw: "):
        load_scenario(p)


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ('decimal = ","\nthousands = ","', "thousands and decimal are both ','"),
        ("installed_mw = 100", "installed_mw is used with unit = 'mw' or 'kw' only"),
        ('leap_day = "keep"', "leap_day"),
        ("fill_max_hours = 1000", "fill_max_hours"),
    ],
)
def test_bad_measured_profile_tables(tmp_path, table, words):
    p = write(tmp_path, MINIMAL + f'[profiles.solar_cf]\nfile = "s.csv"\n{table}\n')
    with pytest.raises(InputError) as exc:
        load_scenario(p)
    assert "profiles.solar_cf" in str(exc.value) and words in str(exc.value), str(exc.value)
