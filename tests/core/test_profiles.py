"""Tests of simulator.core.profiles: synthesised weather and loads, measured CSV profiles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.core.errors import InputError
from simulator.core.profiles import (
    Profiles,
    build_profiles,
    calibrate_clipped_scale,
    calibrate_wind_scale,
    chinese_new_year_day,
    read_profile_csv,
    synth_temperature_c,
    turbine_power_curve_cf,
    wind_farm_power_curve_cf,
)
from simulator.core.scenario import HOURS_PER_YEAR, scenario_from_dict

H = HOURS_PER_YEAR
ARCHETYPES = ["flat", "two-shift", "three-shift", "data-centre", "electrolyser"]


def make_scenario(tmp_path: Path, years: int = 2, **extra):
    data = {
        "name": "t",
        "park_type": "low-carbon",
        "start_year": 2025,
        "years": years,
        "seed": 7,
        "site": {"latitude_deg": 39.6, "longitude_deg": 109.8},
        "loads": [{"name": "a", "archetype": "flat", "annual_mwh": 1e6}],
    }
    for key, value in extra.items():
        if key == "site":
            data["site"] = {**data["site"], **value}
        else:
            data[key] = value
    return scenario_from_dict(data, source=tmp_path / "s.toml")


@pytest.fixture(scope="module")
def all_loads(tmp_path_factory) -> Profiles:
    """Two years, every synthesised archetype, scalar and per-year energies."""
    loads = [
        {"name": "furnace", "archetype": "flat", "annual_mwh": [1.5e6, 1.8e6]},
        {"name": "plant", "archetype": "two-shift", "annual_mwh": 2.0e5},
        {"name": "line", "archetype": "three-shift", "annual_mwh": [3.0e5]},
        {"name": "dc", "archetype": "data-centre", "annual_mwh": 4.0e5},
        {"name": "h2", "archetype": "electrolyser", "annual_mwh": [5.0e5, 0.0]},
    ]
    sc = make_scenario(tmp_path_factory.mktemp("p"), loads=loads)
    return build_profiles(sc)


def local_weekday(year: int) -> np.ndarray:
    """Monday = 0 for every hour of a model year (independent of the module's calendar)."""
    days = np.datetime64(f"{year}-01-01") + np.arange(H) // 24
    return np.array([d.item().weekday() for d in days[::24]]).repeat(24)


def lag1(x: np.ndarray) -> float:
    return float(np.corrcoef(x[:-1], x[1:])[0, 1])


# --- shapes and bounds ---------------------------------------------------------------------------
def test_shapes_dtypes(all_loads: Profiles) -> None:
    p = all_loads
    assert p.years == 2
    assert p.hours == 2 * H
    for a in (p.load_mw, p.wind_cf, p.solar_cf, p.temperature_c, p.wind_speed_m_s):
        assert a.shape == (2 * H,)
        assert a.dtype == np.float64
        assert a.flags.c_contiguous
        assert np.all(np.isfinite(a))
    assert list(p.load_by_name_mw) == ["furnace", "plant", "line", "dc", "h2"]
    np.testing.assert_allclose(sum(p.load_by_name_mw.values()), p.load_mw, rtol=1e-12)


def test_capacity_factors_in_unit_interval(all_loads: Profiles) -> None:
    for cf in (all_loads.wind_cf, all_loads.solar_cf):
        assert cf.min() >= 0.0
        assert cf.max() <= 1.0


@pytest.mark.parametrize(("solar_flh", "wind_flh"), [(1650.0, 2700.0), (1400.0, 3300.0)])
def test_full_load_hours_calibrated_each_year(tmp_path, solar_flh, wind_flh) -> None:
    sc = make_scenario(
        tmp_path,
        years=3,
        site={"solar_full_load_hours": solar_flh, "wind_full_load_hours": wind_flh},
    )
    p = build_profiles(sc)
    np.testing.assert_allclose(p.solar_cf.reshape(3, H).sum(axis=1), solar_flh, rtol=1e-6)
    np.testing.assert_allclose(p.wind_cf.reshape(3, H).sum(axis=1), wind_flh, rtol=1e-6)
    assert p.solar_cf.max() <= 1.0
    assert p.wind_cf.max() <= 1.0


def test_unreachable_full_load_hours_is_input_error(tmp_path) -> None:
    sc = make_scenario(tmp_path, years=1, site={"wind_full_load_hours": 6000.0})
    with pytest.raises(InputError, match="wind_full_load_hours"):
        build_profiles(sc)


# --- solar ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("longitude_deg", [109.8, 87.6])
def test_solar_zero_at_night_and_peak_near_solar_noon(tmp_path, longitude_deg) -> None:
    sc = make_scenario(tmp_path, years=1, site={"longitude_deg": longitude_deg})
    by_hour = build_profiles(sc).solar_cf.reshape(365, 24)
    assert np.all(by_hour[:, 0:5] == 0.0)
    assert np.all(by_hour[:, 23] == 0.0)
    noon_h = 12.0 + (120.0 - longitude_deg) / 15.0
    peak_h = by_hour.mean(axis=0).argmax() + 0.5  # hour mid-point
    assert abs(peak_h - noon_h) <= 1.0


def test_solar_time_zone_shifts_the_day(tmp_path) -> None:
    east = build_profiles(make_scenario(tmp_path, years=1)).solar_cf.reshape(365, 24)
    sc = make_scenario(tmp_path, years=1, site={"utc_offset_h": 7.0})
    west = build_profiles(sc).solar_cf.reshape(365, 24)
    assert west.mean(axis=0).argmax() == east.mean(axis=0).argmax() - 1


def test_solar_june_above_december(tmp_path) -> None:
    daily = build_profiles(make_scenario(tmp_path, years=1)).solar_cf.reshape(365, 24).sum(axis=1)
    june, december = daily[151:181], daily[334:365]
    assert june.max() > december.max()  # clearest day
    assert june.mean() > december.mean()


def test_calibrate_clipped_scale_against_bisection() -> None:
    rng = np.random.default_rng(1)
    x = np.where(rng.random(5000) < 0.5, 0.0, rng.random(5000) * 1.5)
    for target in (10.0, 500.0, 1500.0, 2400.0):
        s = calibrate_clipped_scale(x, target)
        lo, hi = 0.0, 1e6
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if np.minimum(mid * x, 1.0).sum() < target else (lo, mid)
        assert s == pytest.approx(lo, rel=1e-9)
        assert np.minimum(s * x, 1.0).sum() == pytest.approx(target, rel=1e-12)
    with pytest.raises(ValueError):
        calibrate_clipped_scale(x, float((x > 0).sum()) + 1.0)


# --- wind ----------------------------------------------------------------------------------------
def test_power_curves() -> None:
    v = np.array([0.0, 2.9, 3.0, 7.0, 11.5, 20.0, 25.0, 30.0])
    np.testing.assert_allclose(
        turbine_power_curve_cf(v),
        [0.0, 0.0, 0.0, (343.0 - 27.0) / (11.5**3 - 27.0), 1.0, 1.0, 0.0, 0.0],
    )
    farm = wind_farm_power_curve_cf(np.linspace(0.0, 40.0, 401))
    assert farm.min() >= 0.0
    assert farm.max() == pytest.approx(0.97, abs=1e-3)
    assert np.all(np.diff(farm[:150]) >= -1e-12)  # rising up to 15 m/s


def test_calibrate_wind_scale_exact() -> None:
    unit = np.random.default_rng(3).weibull(2.0, H)
    c = calibrate_wind_scale(unit, 2500.0)
    assert wind_farm_power_curve_cf(c * unit).sum() == pytest.approx(2500.0, rel=1e-9)


def test_wind_persistence(all_loads: Profiles) -> None:
    for y in range(2):
        sl = slice(y * H, (y + 1) * H)
        assert 0.85 <= lag1(all_loads.wind_speed_m_s[sl]) <= 0.99
        assert 0.85 <= lag1(all_loads.wind_cf[sl]) <= 0.99


def test_wind_spring_above_summer(all_loads: Profiles) -> None:
    hours = np.datetime64("2025-01-01T00") + np.arange(H)
    month = np.tile(hours.astype("M8[M]").astype(int) % 12, 2)  # 0 = January
    cf = all_loads.wind_cf
    spring = cf[(month >= 2) & (month <= 4)].mean()
    summer = cf[(month >= 5) & (month <= 7)].mean()
    assert spring > summer


# --- determinism ---------------------------------------------------------------------------------
def test_deterministic_and_weather_year_changes_weather(tmp_path) -> None:
    loads = [
        {"name": "a", "archetype": "two-shift", "annual_mwh": 1e5},
        {"name": "dc", "archetype": "data-centre", "annual_mwh": 1e5},
    ]
    sc = make_scenario(tmp_path, loads=loads)
    p0, p0b, p1 = build_profiles(sc), build_profiles(sc), build_profiles(sc, weather_year=1)
    for name in ("load_mw", "wind_cf", "solar_cf", "temperature_c", "wind_speed_m_s"):
        np.testing.assert_array_equal(getattr(p0, name), getattr(p0b, name))
    assert not np.array_equal(p0.wind_cf, p1.wind_cf)
    assert not np.array_equal(p0.solar_cf, p1.solar_cf)
    assert not np.array_equal(p0.temperature_c, p1.temperature_c)
    # loads do not depend on the weather year, except through the data-centre cooling
    np.testing.assert_array_equal(p0.load_by_name_mw["a"], p1.load_by_name_mw["a"])
    assert not np.array_equal(p0.load_by_name_mw["dc"], p1.load_by_name_mw["dc"])
    # each horizon year has its own weather
    assert not np.array_equal(p0.wind_cf[:H], p0.wind_cf[H:])


def test_seed_changes_everything(tmp_path) -> None:
    p7 = build_profiles(make_scenario(tmp_path, years=1))
    p8 = build_profiles(make_scenario(tmp_path, years=1, seed=8))
    assert not np.array_equal(p7.wind_cf, p8.wind_cf)
    assert not np.array_equal(p7.load_mw, p8.load_mw)


# --- loads ---------------------------------------------------------------------------------------
def test_load_energy_exact_each_year(all_loads: Profiles) -> None:
    expected = {
        "furnace": [1.5e6, 1.8e6],
        "plant": [2.0e5, 2.0e5],
        "line": [3.0e5, 3.0e5],
        "dc": [4.0e5, 4.0e5],
        "h2": [5.0e5, 0.0],
    }
    for name, mwh in expected.items():
        mw = all_loads.load_by_name_mw[name]
        assert mw.min() >= 0.0
        np.testing.assert_allclose(mw.reshape(2, H).sum(axis=1), mwh, rtol=1e-9, atol=1e-6)


def test_two_shift_weekday_weekend_and_spring_festival(all_loads: Profiles) -> None:
    mw = all_loads.load_by_name_mw["plant"][:H]
    weekday = local_weekday(2025)
    hour = np.arange(H) % 24
    day = (hour >= 8) & (hour < 20)
    work = mw[day & (weekday < 5)].mean()
    assert mw[day & (weekday == 5)].mean() < 0.6 * work
    assert mw[day & (weekday == 6)].mean() < 0.4 * work
    assert mw[~day & (weekday < 5)].mean() < 0.5 * work  # night base
    cny = chinese_new_year_day(2025)
    assert cny == 28  # 29 January 2025
    festival = mw[cny * 24 : (cny + 5) * 24]
    assert festival.max() < 0.3 * work


def test_flat_is_flat_apart_from_stops(all_loads: Profiles) -> None:
    for y in range(2):
        mw = all_loads.load_by_name_mw["furnace"][y * H : (y + 1) * H]
        median = np.median(mw)
        stop = mw < 0.8 * median
        assert 2 * 2 * 24 <= stop.sum() <= 2 * 4 * 24 + 1
        run = mw[~stop]
        assert run.std() / run.mean() < 0.02
        assert run.max() / run.min() < 1.07
        assert 0.28 * median < mw[stop].mean() < 0.52 * median


def test_three_shift_mild_variation(all_loads: Profiles) -> None:
    mw = all_loads.load_by_name_mw["line"][:H]
    weekday = local_weekday(2025)
    assert mw[weekday == 6].mean() < mw[weekday < 5].mean()
    assert mw.min() > 0.7 * mw.mean()


def test_data_centre_follows_temperature(all_loads: Profiles) -> None:
    mw = all_loads.load_by_name_mw["dc"][:H]
    t = all_loads.temperature_c[:H]
    july, january = slice(181 * 24, 212 * 24), slice(0, 31 * 24)
    assert mw[july].mean() > 1.1 * mw[january].mean()
    assert np.corrcoef(mw, t)[0, 1] > 0.7


def test_electrolyser_near_rated_with_stops(all_loads: Profiles) -> None:
    mw = all_loads.load_by_name_mw["h2"][:H]
    rated = mw.max()
    assert np.mean(mw > 0.9 * rated) > 0.75
    assert 24 <= np.sum(mw < 0.2 * rated) <= 3 * 3 * 24


def test_temperature_climate() -> None:
    t = synth_temperature_c(39.6, np.random.default_rng(0))
    assert t.shape == (H,)
    assert t[: 31 * 24].mean() == pytest.approx(-15.0, abs=3.0)
    assert t[181 * 24 : 212 * 24].mean() == pytest.approx(23.0, abs=3.0)
    warm = synth_temperature_c(22.0, np.random.default_rng(0))
    assert warm[: 31 * 24].mean() > t[: 31 * 24].mean() + 15.0
    south = synth_temperature_c(-35.0, np.random.default_rng(0))
    assert south[: 31 * 24].mean() > south[181 * 24 : 212 * 24].mean()


# --- measured CSV profiles -----------------------------------------------------------------------
def write_csv(path: Path, values, header: str = "value") -> Path:
    path.write_text(header + "\n" + "\n".join(str(v) for v in values) + "\n", encoding="utf-8")
    return path


def test_csv_capacity_factors_reused_or_per_year(tmp_path) -> None:
    wind = 0.5 + 0.4 * np.sin(np.arange(H) / 30.0)
    solar3 = np.tile(np.clip(np.sin(np.arange(H) * np.pi / 12.0), 0, 1), 3) * np.repeat(
        [0.5, 0.6, 0.7], H
    )
    write_csv(tmp_path / "wind.csv", np.round(wind, 6), "wind_cf")
    write_csv(tmp_path / "solar.csv", np.round(solar3, 6), "solar_cf")
    sc = make_scenario(tmp_path, years=3, profiles={"wind_cf": "wind.csv", "solar_cf": "solar.csv"})
    p = build_profiles(sc)
    np.testing.assert_allclose(p.wind_cf, np.tile(np.round(wind, 6), 3))
    np.testing.assert_allclose(p.solar_cf, np.round(solar3, 6))
    assert p.wind_speed_m_s is None
    assert p.wind_cf.flags.c_contiguous and p.wind_cf.dtype == np.float64


def test_csv_load_as_is_and_scaled(tmp_path) -> None:
    mw = 100.0 + 10.0 * np.cos(np.arange(H) * 2 * np.pi / 24)
    write_csv(tmp_path / "load.csv", mw, "load_mw")
    loads = [
        {"name": "as-is", "archetype": "csv", "csv": "load.csv"},
        {"name": "scaled", "archetype": "csv", "csv": "load.csv", "annual_mwh": [1e6, 2e6]},
    ]
    p = build_profiles(make_scenario(tmp_path, loads=loads))
    np.testing.assert_allclose(p.load_by_name_mw["as-is"], np.tile(mw, 2))
    scaled = p.load_by_name_mw["scaled"].reshape(2, H)
    np.testing.assert_allclose(scaled.sum(axis=1), [1e6, 2e6], rtol=1e-12)
    np.testing.assert_allclose(scaled[1] / scaled[1].mean(), mw / mw.mean(), rtol=1e-12)


def test_csv_header_whitespace_and_trailing_blank_lines(tmp_path) -> None:
    path = tmp_path / "cf.csv"
    path.write_text("cf\n" + "\n".join([" 0.25 "] * H) + "\n\n\n", encoding="utf-8")
    np.testing.assert_array_equal(read_profile_csv(path, 2, "cf"), np.full(2 * H, 0.25))


def _rows(n: int = H, value: str = "0.5") -> list[str]:
    return [value] * n


def _with(row: int, text: str) -> list[str]:
    rows = _rows()
    rows[row - 1] = text
    return rows


BAD_CF = [
    ("wrong row count", _rows(8700), "rows", "has 8700 rows; needs 8760 or 17520"),
    ("non-numeric", _with(17, "abc"), "row 17", "not a number (text of 3 characters) (line 18"),
    ("overflow", _with(17, "1e999"), "row 17", "'1e999' is not a finite number (line 18"),
    ("empty", _with(5, ""), "row 5", "empty value"),
    ("nan", _with(9, "NaN"), "row 9", "not a finite number"),
    ("above one", _with(100, "1.2"), "row 100", "outside [0, 1]"),
    ("negative cf", _with(8760, "-0.1"), "row 8760", "outside [0, 1]"),
]


@pytest.mark.parametrize(("case", "rows", "field", "message"), BAD_CF, ids=[c[0] for c in BAD_CF])
def test_bad_cf_csv(tmp_path, case, rows, field, message) -> None:
    write_csv(tmp_path / "wind.csv", rows, "wind_cf")
    sc = make_scenario(tmp_path, profiles={"wind_cf": "wind.csv"})
    with pytest.raises(InputError) as err:
        build_profiles(sc)
    text = str(err.value)
    assert "wind.csv" in text
    assert f": {field}: " in text
    assert message in text
    assert "\n" not in text


def test_missing_csv(tmp_path) -> None:
    sc = make_scenario(tmp_path, profiles={"solar_cf": "nowhere.csv"})
    with pytest.raises(InputError, match=r"nowhere\.csv: file not found"):
        build_profiles(sc)


def test_csv_more_than_one_column(tmp_path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("time,cf\n" + "\n".join(f"{i},0.5" for i in range(H)) + "\n")
    with pytest.raises(InputError, match=r"two\.csv: columns: has 2 columns \(time, cf\)"):
        read_profile_csv(path, 1, "cf")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("cf\n" + "0.5\n" * 40 + "0.5,0.7\n" + "0.5\n" * (H - 41))
    with pytest.raises(InputError, match=r"ragged\.csv: row 41: '0\.5,0\.7' is not a finite"):
        read_profile_csv(ragged, 1, "cf")


def test_csv_without_header(tmp_path) -> None:
    path = write_csv(tmp_path / "nohead.csv", _rows(H - 1), "0.5")
    with pytest.raises(InputError, match=r"nohead\.csv: line 1: needs a header line"):
        read_profile_csv(path, 1, "cf")


def test_csv_empty_file(tmp_path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(InputError, match=r"empty\.csv: file is empty"):
        read_profile_csv(path, 1, "cf")


def test_negative_load_csv(tmp_path) -> None:
    write_csv(tmp_path / "load.csv", _with(33, "-5"), "load_mw")
    loads = [{"name": "x", "archetype": "csv", "csv": "load.csv"}]
    with pytest.raises(InputError) as err:
        build_profiles(make_scenario(tmp_path, loads=loads))
    assert "load.csv: row 33: " in str(err.value)
    assert "negative" in str(err.value)


def test_load_csv_wrong_rows(tmp_path) -> None:
    write_csv(tmp_path / "load.csv", _rows(3 * H), "load_mw")
    loads = [{"name": "x", "archetype": "csv", "csv": "load.csv"}]
    with pytest.raises(InputError, match=r"load\.csv: rows: has 26280 rows; needs 8760 or 17520"):
        build_profiles(make_scenario(tmp_path, loads=loads))


def test_load_csv_all_zero_year_cannot_be_scaled(tmp_path) -> None:
    write_csv(tmp_path / "load.csv", _rows(H, "0"), "load_mw")
    loads = [{"name": "x", "archetype": "csv", "csv": "load.csv", "annual_mwh": 5.0}]
    with pytest.raises(InputError, match=r"load\.csv: year 1: all zero"):
        build_profiles(make_scenario(tmp_path, loads=loads))


# ---- issue 17: numbers, ranges and safety of measured files ----------------------------------
def _load_scenario(tmp_path, csv):
    return make_scenario(tmp_path, loads=[{"name": "x", "archetype": "csv", "csv": csv}])


def test_decimal_comma_is_ambiguous_not_an_index(tmp_path) -> None:
    """'10,118' under header 'mw' was read as index 10 + value 118 (4.34 TWh instead of 0.09)."""
    (tmp_path / "load.csv").write_text("mw\n" + "10,118\n" * H, encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_profiles(_load_scenario(tmp_path, "load.csv"))
    msg = str(err.value)
    assert "load.csv: row 1: '10,118' is ambiguous" in msg and "line 2 of the file" in msg
    declared = {"file": "load.csv", "decimal": ","}
    p = build_profiles(_load_scenario(tmp_path, declared))
    np.testing.assert_array_equal(p.load_mw, np.full(2 * H, 10.118))
    assert p.load_mw.sum() == pytest.approx(0.088e6 * 2, rel=0.01)
    p = build_profiles(_load_scenario(tmp_path, {"file": "load.csv", "thousands": ","}))
    np.testing.assert_array_equal(p.load_mw, np.full(2 * H, 10118.0))


def test_decimal_comma_without_declaration_names_the_row(tmp_path) -> None:
    rows = ["10.5"] * H
    rows[99] = "10,5"
    write_csv(tmp_path / "load.csv", rows, "mw")
    with pytest.raises(InputError, match=r"load\.csv: row 100: '10,5' has a decimal comma"):
        build_profiles(_load_scenario(tmp_path, "load.csv"))


def test_thousands_separator_is_read_when_unambiguous(tmp_path) -> None:
    rows = ["1,180.5"] * H
    rows[5] = "1,180"  # the file shows the convention elsewhere
    (tmp_path / "load.csv").write_text("mw\n" + "\n".join(f'"{r}"' for r in rows) + "\n")
    p = build_profiles(_load_scenario(tmp_path, "load.csv"))
    assert p.load_mw[0] == 1180.5 and p.load_mw[5] == 1180.0


def test_huge_load_values_are_refused(tmp_path) -> None:
    write_csv(tmp_path / "load.csv", _with(7, "1e308"), "mw")
    with pytest.raises(InputError, match=r"load\.csv: row 7: load 'x' 1e308 is above 1e\+06 MW"):
        build_profiles(_load_scenario(tmp_path, "load.csv"))


def test_profile_outside_the_scenario_folder_is_refused(tmp_path, monkeypatch) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    write_csv(outside / "wind.csv", _rows(), "cf")
    home = tmp_path / "park"
    home.mkdir()
    (home / "link.csv").symlink_to(outside / "wind.csv")
    for path in ["../secret/wind.csv", str(outside / "wind.csv"), "link.csv"]:
        sc = make_scenario(home, profiles={"wind_cf": path})
        with pytest.raises(InputError) as err:
            build_profiles(sc)
        assert "profiles.wind_cf: " in str(err.value) and "outside the scenario's folder" in str(
            err.value
        )
    sc = make_scenario(home, profiles={"wind_cf": "../secret/wind.csv", "allow_outside": True})
    assert build_profiles(sc).wind_cf[0] == 0.5
    monkeypatch.setenv("PARKBALANCE_ALLOW_OUTSIDE", "1")
    assert build_profiles(make_scenario(home, profiles={"wind_cf": "link.csv"})).wind_cf[0] == 0.5


def test_errors_do_not_echo_file_content(tmp_path) -> None:
    (tmp_path / "pw.csv").write_text(
        "root:x:0:0:root:/root:/bin/bash\nTOPSECRET-LINE-2\nTOPSECRET-LINE-3\n"
    )
    for key in ("wind_cf", "solar_cf"):
        with pytest.raises(InputError) as err:
            build_profiles(make_scenario(tmp_path, profiles={key: "pw.csv"}))
        msg = str(err.value)
        assert "TOPSECRET" not in msg and "root" not in msg.replace(str(tmp_path), ""), msg
        assert "pw.csv: row 1: not a number (text of 16 characters)" in msg


def test_fifo_is_refused_without_hanging(tmp_path) -> None:
    import os
    import threading

    os.mkfifo(tmp_path / "wind.csv")
    sc = make_scenario(tmp_path, profiles={"wind_cf": "wind.csv"})
    result: list[BaseException] = []

    def run() -> None:
        try:
            build_profiles(sc)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            result.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(60)
    if t.is_alive():  # unblock the reader before failing
        fd = os.open(tmp_path / "wind.csv", os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    assert not t.is_alive(), "reading a FIFO hangs"
    assert isinstance(result[0], InputError)
    assert "wind.csv: not a regular file" in str(result[0])


def test_plain_csv_paths_read_exactly_as_before(tmp_path) -> None:
    """A plain path keeps its meaning and its values: the earlier reader's pandas parse, bit for bit
    (wind reused each year, solar one year per horizon year, a load as is)."""
    import pandas as pd

    rng = np.random.default_rng(11)
    texts = {
        "wind.csv": [repr(float(x)) for x in rng.uniform(0, 1, H)],
        "solar.csv": [f"{x:.6f}" for x in rng.uniform(0, 1, 2 * H)],
        "load.csv": [f"{x:.3f}" for x in rng.uniform(0, 900, H)],
    }
    for name, rows in texts.items():
        (tmp_path / name).write_text("value\n" + "\n".join(rows) + "\n", encoding="utf-8")

    def old(name: str) -> np.ndarray:
        return pd.to_numeric(pd.Series(texts[name], dtype=str)).to_numpy(np.float64)

    loads = [{"name": "x", "archetype": "csv", "csv": "load.csv"}]
    sc = make_scenario(
        tmp_path, profiles={"wind_cf": "wind.csv", "solar_cf": "solar.csv"}, loads=loads
    )
    p = build_profiles(sc)
    assert p.wind_cf.tobytes() == np.tile(old("wind.csv"), 2).tobytes()
    assert p.solar_cf.tobytes() == old("solar.csv").tobytes()
    assert p.load_mw.tobytes() == np.tile(old("load.csv"), 2).tobytes()
    assert p.notes == ()


@pytest.mark.parametrize("phi", [0.0, 0.3, 0.9, 0.97, 0.999])
@pytest.mark.parametrize("n", [1, 2, 365, 8760])
def test_ar1_gaussian_bit_identical_to_scipy_lfilter(phi, n) -> None:
    """The plain recursion gives scipy.signal.lfilter's bits (the profiles it used to build)."""
    from scipy.signal import lfilter

    from simulator.core.profiles_weather import ar1_gaussian

    got = ar1_gaussian(n, phi, np.random.default_rng(n))
    e = np.random.default_rng(n).standard_normal(n)
    e[0] /= np.sqrt(1.0 - phi * phi)
    want = lfilter([np.sqrt(1.0 - phi * phi)], [1.0, -phi], e)
    assert got.dtype == np.float64 and got.shape == (n,)
    assert np.array_equal(got.view(np.int64), want.view(np.int64))


def test_all_measured_park_draws_no_weather_and_imports_no_scipy(tmp_path) -> None:
    """Measured load, wind and solar: no temperature is drawn and scipy is not imported for it.

    The wind and load of a park that measures only solar stay those it had before (the clouds and
    temperature have their own random streams).
    """
    import subprocess
    import sys

    mw = 100.0 + 10.0 * np.cos(np.arange(H) * 2 * np.pi / 24)
    cf = np.clip(np.sin(np.arange(H) * np.pi / 12.0), 0, 1)
    write_csv(tmp_path / "load.csv", mw, "load_mw")
    write_csv(tmp_path / "cf.csv", np.round(cf, 6), "cf")
    (tmp_path / "s.toml").write_text(
        'name = "m"\npark_type = "low-carbon"\nstart_year = 2025\nyears = 2\n'
        "[site]\nlatitude_deg = 39.6\nlongitude_deg = 109.8\n"
        '[[loads]]\nname = "a"\narchetype = "csv"\ncsv = "load.csv"\n'
        '[profiles]\nwind_cf = "cf.csv"\nsolar_cf = "cf.csv"\n',
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from simulator.core.scenario import load_scenario\n"
        "from simulator.core.profiles import build_profiles\n"
        f"p = build_profiles(load_scenario({str(tmp_path / 's.toml')!r}))\n"
        "assert p.temperature_c is None and p.wind_speed_m_s is None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
    )
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert res.stdout.strip() == "[]"
    # measured solar only: the synthesised wind is the one drawn without measured solar
    both = build_profiles(make_scenario(tmp_path))
    solar = build_profiles(make_scenario(tmp_path, profiles={"solar_cf": "cf.csv"}))
    assert np.array_equal(solar.wind_cf, both.wind_cf)
    assert np.array_equal(solar.load_mw, both.load_mw)
