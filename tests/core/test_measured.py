"""Measured data in (issue 14): real-shaped files give the same hourly profiles as clean ones,
and every malformed variant is one line naming the file, the row or column."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import simulator.cli.profiles  # noqa: F401 - registers `parkbalance profiles` on the app
from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.core.profiles import build_profiles, measured_weather_years
from simulator.core.scenario import HOURS_PER_YEAR, load_scenario, scenario_from_dict

H = HOURS_PER_YEAR
EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios" / "examples"
runner = CliRunner()


def scenario(tmp_path: Path, years: int = 1, profiles=None, load=None, **extra):
    load_entry = {"name": "plant", "archetype": "flat", "annual_mwh": 1e5}
    if load is not None:
        load_entry = {"name": "plant", "archetype": "csv", "csv": load}
    data = {
        "name": "m",
        "park_type": "low-carbon",
        "start_year": 2026,
        "years": years,
        "seed": 5,
        "site": {"latitude_deg": 39.6, "longitude_deg": 109.8},
        "profiles": profiles or {},
        "loads": [load_entry],
        **extra,
    }
    return scenario_from_dict(data, source=tmp_path / "s.toml")


def hourly_load(year: int = 2023) -> np.ndarray:
    h = np.arange(H)
    return np.round(1000.0 + 150.0 * np.sin(2 * np.pi * h / 24) + 0.01 * h, 3)


def quarter_hours(hourly: np.ndarray, seed: int = 0) -> np.ndarray:
    """15-minute values whose hourly means are ``hourly`` (to rounding)."""
    noise = np.random.default_rng(seed).normal(0.0, 5.0, (hourly.size, 4))
    noise -= noise.mean(axis=1, keepdims=True)
    return (hourly[:, None] + noise).ravel()


#: pandas' CSV number parser (kept for bit-identical profiles) is exact to about 1e-13
RTOL = 1e-12


def write_clean(path: Path, values: np.ndarray, header: str = "value") -> Path:
    path.write_text(header + "\n" + "\n".join(repr(float(v)) for v in values) + "\n")
    return path


def stamps(year: int, n: int, minutes: int) -> pd.DatetimeIndex:
    return pd.date_range(f"{year}-01-01", periods=n, freq=f"{minutes}min")


def write_timed(path: Path, times, values, header=("时间", "负荷(MW)"), encoding="utf-8", sep=","):
    lines = [sep.join(header)]
    lines += [f"{t:%Y-%m-%d %H:%M}{sep}{float(v)!r}" for t, v in zip(times, values, strict=True)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


# ---- real-shaped files equal their clean equivalents -----------------------------------------
def test_15_minute_gbk_csv_with_chinese_header_and_timestamps(tmp_path) -> None:
    hourly = hourly_load()
    q = quarter_hours(hourly)
    write_timed(tmp_path / "meter.csv", stamps(2023, 4 * H, 15), q, encoding="gbk")
    write_clean(tmp_path / "clean.csv", q.reshape(H, 4).mean(axis=1), "mw")
    got = build_profiles(scenario(tmp_path, 2, load="meter.csv"))
    ref = build_profiles(scenario(tmp_path, 2, load="clean.csv"))
    np.testing.assert_allclose(got.load_mw, ref.load_mw, rtol=RTOL)
    np.testing.assert_allclose(got.load_mw[:H], hourly, atol=1e-9)
    assert any("15-minute data averaged to hours" in n for n in got.notes)


def test_gbk_thousands_separators_semicolons_and_decimal_commas(tmp_path) -> None:
    hourly = hourly_load()
    text = "时间;负荷(MW)\n" + "\n".join(
        f"{t:%Y/%m/%d %H:%M};{v:,.3f}".replace(",", " ").replace(".", ",")
        for t, v in zip(stamps(2023, H, 60), hourly, strict=True)
    )
    (tmp_path / "eu.csv").write_bytes(text.encode("gbk"))
    got = build_profiles(scenario(tmp_path, load={"file": "eu.csv", "decimal": ","}))
    np.testing.assert_array_equal(got.load_mw, hourly)
    # thousands commas with a decimal point need no declaration
    text = "时间,负荷(MW)\n" + "\n".join(
        f'{t:%Y-%m-%d %H:%M},"{v:,.3f}"' for t, v in zip(stamps(2023, H, 60), hourly, strict=True)
    )
    (tmp_path / "cn.csv").write_bytes(text.encode("gbk"))
    np.testing.assert_array_equal(build_profiles(scenario(tmp_path, load="cn.csv")).load_mw, hourly)


def test_excel_workbook_equals_clean_csv(tmp_path) -> None:
    hourly = hourly_load()
    df = pd.DataFrame({"日期时间": stamps(2023, H, 60), "备注": "ok", "负荷(MW)": hourly})
    with pd.ExcelWriter(tmp_path / "load.xlsx", engine="openpyxl") as xw:
        pd.DataFrame({"x": [1]}).to_excel(xw, sheet_name="说明", index=False)
        df.to_excel(xw, sheet_name="数据", index=False)
    spec = {"file": "load.xlsx", "sheet": "数据", "column": "负荷(MW)"}
    got = build_profiles(scenario(tmp_path, load=spec))
    write_clean(tmp_path / "clean.csv", hourly, "mw")
    np.testing.assert_array_equal(
        got.load_mw, build_profiles(scenario(tmp_path, load="clean.csv")).load_mw
    )
    by_position = build_profiles(scenario(tmp_path, load={**spec, "sheet": 2, "column": 3}))
    np.testing.assert_array_equal(by_position.load_mw, got.load_mw)


@pytest.mark.parametrize("timestamps", [True, False], ids=["timestamps", "8784-rows"])
def test_leap_year_drops_29_february(tmp_path, timestamps) -> None:
    clean = hourly_load()
    leap = np.concatenate([clean[: 59 * 24], np.full(24, 5.0), clean[59 * 24 :]])
    if timestamps:
        write_timed(tmp_path / "leap.csv", stamps(2020, H + 24, 60), leap)
    else:
        write_clean(tmp_path / "leap.csv", leap, "mw")
    got = build_profiles(scenario(tmp_path, load="leap.csv"))
    np.testing.assert_array_equal(got.load_mw, clean)
    assert any("29 February dropped" in n for n in got.notes), got.notes
    dec31 = build_profiles(scenario(tmp_path, load={"file": "leap.csv", "leap_day": "drop-dec31"}))
    np.testing.assert_array_equal(dec31.load_mw, leap[:H])


def test_wind_in_mw_becomes_capacity_factor(tmp_path) -> None:
    cf = np.round(np.random.default_rng(1).uniform(0, 1, H), 4)
    mw = cf * 150.0
    write_timed(tmp_path / "scada.csv", stamps(2023, H, 60), mw, header=("time", "P_MW"))
    write_clean(tmp_path / "cf.csv", mw / 150.0, "cf")
    spec = {"file": "scada.csv", "unit": "mw", "installed_mw": 150}
    got = build_profiles(scenario(tmp_path, profiles={"wind_cf": spec}))
    ref = build_profiles(scenario(tmp_path, profiles={"wind_cf": "cf.csv"}))
    np.testing.assert_allclose(got.wind_cf, ref.wind_cf, rtol=RTOL)
    np.testing.assert_allclose(got.wind_cf, cf, atol=1e-12)
    kw = {"file": "scada.csv", "unit": "kw", "installed_mw": 0.15}  # the same numbers read as kW
    np.testing.assert_allclose(
        build_profiles(scenario(tmp_path, profiles={"wind_cf": kw})).wind_cf, cf, atol=1e-12
    )


def test_utc_timestamps_are_converted_to_local_time(tmp_path) -> None:
    hourly = hourly_load()
    t = stamps(2023, H, 60) - pd.Timedelta(hours=8)  # 2022-12-31 16:00 UTC = 00:00 CST
    write_timed(tmp_path / "utc.csv", t, hourly)
    got = build_profiles(scenario(tmp_path, load={"file": "utc.csv", "utc_offset_h": 0}))
    np.testing.assert_array_equal(got.load_mw, hourly)
    iso = "time,mw\n" + "\n".join(
        f"{x.isoformat()}Z,{float(v)!r}" for x, v in zip(t, hourly, strict=True)
    )
    (tmp_path / "iso.csv").write_text(iso)
    np.testing.assert_array_equal(
        build_profiles(scenario(tmp_path, load="iso.csv")).load_mw, hourly
    )


def test_end_labels_and_gaps_filled_when_asked(tmp_path) -> None:
    hourly = hourly_load()
    times = stamps(2023, H, 60) + pd.Timedelta(hours=1)  # 01:00 labels 00:00-01:00
    keep = np.ones(H, bool)
    keep[100:103] = False  # a 3-hour gap
    write_timed(tmp_path / "gap.csv", times[keep], hourly[keep])
    spec = {"file": "gap.csv", "time_label": "end", "fill": "interpolate", "fill_max_hours": 4}
    got = build_profiles(scenario(tmp_path, load=spec))
    expected = hourly.copy()
    expected[100:103] = np.interp([100, 101, 102], [99, 103], hourly[[99, 103]])
    np.testing.assert_allclose(got.load_mw, expected, rtol=RTOL)
    assert any("3 missing step(s) in 1 gap(s) interpolated" in n for n in got.notes), got.notes


def test_duplicates_kept_first_or_averaged_when_asked(tmp_path) -> None:
    hourly = hourly_load()
    times = list(stamps(2023, H, 60))
    values = list(hourly)
    times.insert(11, times[10])
    values.insert(11, hourly[10] + 10.0)
    write_timed(tmp_path / "dup.csv", times, values)
    first = build_profiles(scenario(tmp_path, load={"file": "dup.csv", "duplicates": "first"}))
    np.testing.assert_array_equal(first.load_mw, hourly)
    mean = build_profiles(scenario(tmp_path, load={"file": "dup.csv", "duplicates": "mean"}))
    assert mean.load_mw[10] == pytest.approx(hourly[10] + 5.0)


# ---- weather years -----------------------------------------------------------------------------
def test_several_measured_years_are_weather_years(tmp_path) -> None:
    rng = np.random.default_rng(3)
    years = {
        2019: rng.uniform(0, 1, H),
        2020: rng.uniform(0, 1, H + 24),
        2021: rng.uniform(0, 1, H),
    }
    for y, v in years.items():
        write_timed(tmp_path / f"w{y}.csv", stamps(y, v.size, 60), v, header=("time", "cf"))
    spec = {"file": [f"w{y}.csv" for y in years], "measured_years": "weather"}
    sc = scenario(tmp_path, 2, profiles={"wind_cf": spec})
    assert measured_weather_years(sc) == 3
    p0 = build_profiles(sc, weather_year=0)
    p1 = build_profiles(sc, weather_year=1)
    np.testing.assert_allclose(p0.wind_cf, np.tile(years[2019], 2), rtol=RTOL)
    leap = years[2020]
    np.testing.assert_allclose(
        p1.wind_cf, np.tile(np.concatenate([leap[: 59 * 24], leap[60 * 24 :]]), 2), rtol=RTOL
    )
    # synthesised solar and loads still follow the weather year as before
    assert not np.array_equal(p0.solar_cf, p1.solar_cf)
    with pytest.raises(InputError) as err:
        build_profiles(sc, weather_year=3)
    assert (
        "profiles.wind_cf: weather year 3 is not measured: 3 measured year(s) (2019, 2020, 2021)"
        in str(err.value)
    )
    assert measured_weather_years(scenario(tmp_path)) is None


def test_measured_years_per_horizon_year(tmp_path) -> None:
    a, b = hourly_load(), hourly_load()[::-1].copy()
    write_timed(tmp_path / "two.csv", stamps(2022, 2 * H, 60), np.concatenate([a, b]))
    got = build_profiles(scenario(tmp_path, 2, load="two.csv"))
    np.testing.assert_array_equal(got.load_mw, np.concatenate([a, b]))
    with pytest.raises(InputError, match=r"2 measured years \(2022, 2023\); needs 1 .* or 3"):
        build_profiles(scenario(tmp_path, 3, load="two.csv"))


# ---- malformed variants: one line naming file and row/column ----------------------------------
def _timed_variant(tmp_path: Path, case: str) -> tuple[object, str]:
    hourly = hourly_load()
    t = list(stamps(2023, H, 60))
    v: list[object] = [float(x) for x in hourly]
    spec: dict = {"file": "bad.csv"}
    header = ("时间", "负荷(MW)")
    if case == "gap":
        del t[50:53], v[50:53]
    elif case == "gap-too-long":
        del t[50:60], v[50:60]
        spec["fill"] = "interpolate"
    elif case == "duplicate":
        t.insert(21, t[20])
        v.insert(21, 1.0)
    elif case == "unsorted":
        t[30], t[31] = t[31], t[30]
    elif case == "partial-year":
        del t[5000:], v[5000:]
    elif case == "empty-value":
        v[70] = ""
    elif case == "column-name":
        spec["column"] = "功率"
    elif case == "mw-above-installed":
        header = ("time", "MW")
        v = [min(float(x) / 20.0, 49.0) for x in hourly]
        v[200] = 162.0
    elif case == "cf-in-mw":
        header = ("time", "MW")
        v = [float(x) / 10.0 for x in hourly]
    elif case == "step":
        t = list(pd.date_range("2023-01-01", periods=H, freq="7min"))
    lines = [",".join(header)] + [f"{a:%Y-%m-%d %H:%M},{b!r}" for a, b in zip(t, v, strict=True)]
    if case == "timestamp-text":
        lines[40] = "yesterday noon,5.0"
    if case == "empty-value":
        lines[71] = lines[71].split(",")[0] + ","
    (tmp_path / "bad.csv").write_text("\n".join(lines) + "\n")
    return spec, header[1]


TIMED_BAD = [
    ("gap", "row 51, column 1 (时间)", "3 missing step(s) before this timestamp (2023-01-03 02:00"),
    (
        "gap-too-long",
        "row 51, column 1 (时间)",
        "gap of 10 h from 2023-01-03 02:00 (line 52 of the file)",
    ),
    ("duplicate", "row 22, column 1 (时间)", "timestamp repeats row 21 (line 23 of the file)"),
    ("unsorted", "row 32, column 1 (时间)", "timestamp earlier than the row before (line 33"),
    ("partial-year", "rows", "covers 2023-01-01 00:00 to 2023-07-28 08:00"),
    ("empty-value", "row 71, column 2 (负荷(MW))", "empty value (line 72 of the file)"),
    (
        "timestamp-text",
        "row 40, column 1 (时间)",
        "timestamp text of 14 characters not understood (line 41",
    ),
    ("column-name", "column", "no column named '功率' (columns: 时间, 负荷(MW))"),
    ("step", "rows", "time step of 7 min; needs a step that divides 60 minutes"),
]


@pytest.mark.parametrize(("case", "field", "words"), TIMED_BAD, ids=[c[0] for c in TIMED_BAD])
def test_malformed_timed_load(tmp_path, case, field, words) -> None:
    spec, _ = _timed_variant(tmp_path, case)
    with pytest.raises(InputError) as err:
        build_profiles(scenario(tmp_path, load=spec))
    msg = str(err.value)
    assert f"bad.csv: {field}: " in msg and words in msg, msg
    assert "\n" not in msg


@pytest.mark.parametrize(
    ("case", "spec", "field", "words"),
    [
        ("mw-above-installed", {"unit": "mw", "installed_mw": 50}, "row 201, column 2 (MW)",
         "wind power 162.0 MW is above installed_mw 50 MW (line 202"),
        ("cf-in-mw", {}, "row 1, column 2 (MW)", 'is outside [0, 1]; power in MW? set unit = "mw"'),
        ("cf-in-mw", {"unit": "mw"}, "installed_mw", "unit 'mw' needs installed_mw"),
    ],
)  # fmt: skip
def test_malformed_wind(tmp_path, case, spec, field, words) -> None:
    base, _ = _timed_variant(tmp_path, case)
    with pytest.raises(InputError) as err:
        build_profiles(scenario(tmp_path, profiles={"wind_cf": {**base, **spec}}))
    msg = str(err.value)
    assert f"bad.csv: {field}: " in msg and words in msg, msg


def test_two_value_columns_need_a_choice(tmp_path) -> None:
    (tmp_path / "t.csv").write_text("a,b,c\n" + "1,2,3\n" * H)
    with pytest.raises(InputError) as err:
        build_profiles(scenario(tmp_path, load="t.csv"))
    assert "t.csv: columns: has 3 columns (a, b, c); needs exactly one value column" in str(
        err.value
    )
    got = build_profiles(scenario(tmp_path, load={"file": "t.csv", "column": "b"}))
    np.testing.assert_array_equal(got.load_mw, np.full(H, 2.0))


def test_decimal_point_when_decimal_comma_declared(tmp_path) -> None:
    write_clean(tmp_path / "d.csv", [1.5] * H, "mw")
    with pytest.raises(InputError, match=r"d\.csv: row 1: '1\.5' has a decimal point but decimal"):
        build_profiles(scenario(tmp_path, load={"file": "d.csv", "decimal": ","}))


def test_broken_excel_and_missing_sheet(tmp_path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match=r"x\.xlsx: not a readable Excel \.xlsx workbook"):
        build_profiles(scenario(tmp_path, load="x.xlsx"))
    pd.DataFrame({"mw": [1.0] * H}).to_excel(tmp_path / "y.xlsx", index=False)
    with pytest.raises(InputError, match=r"y\.xlsx: sheet: sheet '数据' not found"):
        build_profiles(scenario(tmp_path, load={"file": "y.xlsx", "sheet": "数据"}))


# ---- the examples and the profiles command ----------------------------------------------------
def test_examples_read_like_their_clean_equivalents(tmp_path) -> None:
    sc = load_scenario(EXAMPLES / "measured-park.toml")
    p0 = build_profiles(sc, weather_year=0)
    p1 = build_profiles(sc, weather_year=1)
    assert p0.load_mw.size == 2 * H
    np.testing.assert_allclose(p0.load_mw.reshape(2, H).sum(axis=1), [1.0e7, 1.05e7], rtol=RTOL)
    # wind: 200 MW SCADA in Excel -> CF; 2020 is a leap year
    wind19 = pd.read_excel(EXAMPLES / "wind-scada-2019.xlsx")["有功功率(MW)"].to_numpy() / 200.0
    np.testing.assert_array_equal(p0.wind_cf[:H], wind19)
    assert not np.array_equal(p0.wind_cf, p1.wind_cf)
    assert any("2020 is a leap year; 29 February dropped" in n for n in p1.notes)
    with pytest.raises(InputError, match="weather year 2 is not measured"):
        build_profiles(sc, weather_year=2)
    # solar: decimal commas, no timestamps
    text = (EXAMPLES / "solar-cf-decimal-comma.csv").read_text(encoding="utf-8").split("\n")[1:]
    solar = np.array([float(x.replace(",", ".")) for x in text if x])
    np.testing.assert_array_equal(p0.solar_cf, np.tile(solar, 2))
    # load: 15-minute GBK meter data averaged to hours, then scaled to annual_mwh
    raw = pd.read_csv(EXAMPLES / "load-2023-15min-gbk.csv", encoding="gbk", thousands=",")
    hourly = raw["负荷(MW)"].to_numpy().reshape(H, 4).mean(axis=1)
    np.testing.assert_allclose(p0.load_mw[:H], hourly * 1.0e7 / hourly.sum(), rtol=RTOL)


def test_profiles_command_writes_table_summary_and_figure(tmp_path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["profiles", str(EXAMPLES / "measured-park.toml"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert {p.name for p in out.iterdir()} == {
        "profiles.parquet", "profiles.csv", "summary.json", "profiles.png"
    }  # fmt: skip
    table = pd.read_parquet(out / "profiles.parquet")
    assert len(table) == 2 * H and table["year"].iloc[-1] == 2027
    csv = pd.read_csv(out / "profiles.csv", encoding="utf-8-sig")
    np.testing.assert_allclose(csv["wind_cf"], table["wind_cf"], rtol=1e-9)
    assert "load_mw:ferroalloy furnaces" in csv.columns
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    y0 = summary["years"][0]
    assert y0["load_mwh"] == pytest.approx(1.0e7)
    assert y0["wind_full_load_hours"] == pytest.approx(table["wind_cf"][:H].sum())
    assert sum(y0["monthly_load_mwh"]) == pytest.approx(1.0e7)
    assert y0["load_mw"]["peak"] == pytest.approx(table["load_mw"][:H].max())
    assert any("15-minute data averaged to hours" in n for n in summary["notes"])
    assert "wind FLH h" in res.stdout and "15-minute data averaged" in res.stdout
    assert (out / "profiles.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("gap", "bad.csv: row 51, column 1 (时间): 3 missing step(s)"),
        ("weather-year", "profiles.wind_cf: weather year 5 is not measured"),
    ],
)
def test_profiles_command_bad_input_exit_2_nothing_written(tmp_path, setup, words) -> None:
    if setup == "gap":
        spec, _ = _timed_variant(tmp_path, "gap")
        text = (
            'name = "m"\npark_type = "low-carbon"\nstart_year = 2026\nyears = 1\n'
            "[site]\nlatitude_deg = 39.6\nlongitude_deg = 109.8\n"
            '[[loads]]\nname = "p"\narchetype = "csv"\ncsv = "bad.csv"\n'
        )
        path = tmp_path / "s.toml"
        path.write_text(text)
        args = ["profiles", str(path)]
    else:
        args = ["profiles", str(EXAMPLES / "measured-park.toml"), "--weather-year", "5"]
    out = tmp_path / "out"
    res = runner.invoke(app, [*args, "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert words in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert not out.exists()


def test_profiles_command_real_process(tmp_path) -> None:
    """A real process: exit 2, one line, no traceback for a partial-year 15-min GBK file."""
    q = quarter_hours(hourly_load())[: 4 * 5000]
    write_timed(tmp_path / "meter.csv", stamps(2023, q.size, 15), q, encoding="gbk")
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "m"\npark_type = "low-carbon"\nstart_year = 2026\nyears = 1\n'
        "[site]\nlatitude_deg = 39.6\nlongitude_deg = 109.8\n"
        '[[loads]]\nname = "p"\narchetype = "csv"\ncsv = "meter.csv"\n'
    )
    code = "import simulator.cli.profiles; from simulator.cli.app import main; main()"
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-c", code, "profiles", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in proc.stderr
    assert "meter.csv: rows: covers 2023-01-01 00:00 to 2023-07-28 08:00" in err[0]
    assert not out.exists()


def test_title_rows_24_00_labels_and_utf16_tabs(tmp_path) -> None:
    """An export with title lines above the header, end labels written as 24:00, UTF-16 + tabs."""
    hourly = hourly_load()
    ends = stamps(2023, H, 60) + pd.Timedelta(hours=1)
    cells = [
        f"{(t - pd.Timedelta(days=1)):%Y-%m-%d} 24:00" if t.hour == 0 else f"{t:%Y-%m-%d %H:%M}"
        for t in ends
    ]
    lines = ["某某工业园区 2023年 负荷数据", "单位: MW", "时间\t负荷"]
    lines += [f"{c}\t{float(v)!r}" for c, v in zip(cells, hourly, strict=True)]
    (tmp_path / "export.txt").write_text("\r\n".join(lines) + "\r\n", encoding="utf-16")
    spec = {"file": "export.txt", "header_row": 3, "time_label": "end"}
    got = build_profiles(scenario(tmp_path, load=spec))
    np.testing.assert_array_equal(got.load_mw, hourly)


def test_sub_hourly_file_without_timestamps(tmp_path) -> None:
    q = quarter_hours(hourly_load())
    write_clean(tmp_path / "q.csv", q, "mw")
    got = build_profiles(scenario(tmp_path, load={"file": "q.csv", "step_minutes": 15}))
    np.testing.assert_allclose(got.load_mw, q.reshape(H, 4).mean(axis=1), rtol=RTOL)
    with pytest.raises(InputError, match=r"q\.csv: rows: has 35040 rows; needs 8760"):
        build_profiles(scenario(tmp_path, load="q.csv"))


def test_table_without_header_line_is_refused(tmp_path) -> None:
    t = stamps(2023, H, 60)
    (tmp_path / "nohead.csv").write_text(
        "\n".join(f"{x:%Y-%m-%d %H:%M},{i % 7}.5" for i, x in enumerate(t)) + "\n"
    )
    with pytest.raises(InputError, match=r"nohead\.csv: line 1: needs a header line, not the"):
        build_profiles(scenario(tmp_path, load="nohead.csv"))


def test_profiles_command_without_out_only_prints(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["profiles", "ordos-low-carbon", "--weather-year", "2"])
    assert res.exit_code == 0, res.output
    assert "ordos-low-carbon: hourly profiles, weather year 2" in res.stdout
    assert "wind_cf = synthesised" in res.stdout
    lines = [ln for ln in res.stdout.splitlines() if ln[:4] in ("2025", "2026", "2027")]
    assert len(lines) == 3 and all("2,700" in ln and "1,650" in ln for ln in lines), lines
    assert list(tmp_path.iterdir()) == []


def test_check_weather_years_for_ensembles(tmp_path) -> None:
    from simulator.core.profiles import check_weather_years

    rng = np.random.default_rng(4)
    for y in (2019, 2021):
        write_timed(tmp_path / f"w{y}.csv", stamps(y, H, 60), rng.uniform(0, 1, H), ("t", "cf"))
    spec = {"file": ["w2019.csv", "w2021.csv"], "measured_years": "weather"}
    sc = scenario(tmp_path, profiles={"wind_cf": spec})
    check_weather_years(sc, 2)
    check_weather_years(sc, 1, first=1)
    with pytest.raises(InputError, match=r"--weather-years: weather years 1 to 2 asked, but the"):
        check_weather_years(sc, 2, first=1)
    check_weather_years(scenario(tmp_path), 50)  # synthesis: any number
    one = scenario(tmp_path, profiles={"wind_cf": spec, "solar_cf": "w2019.csv"})
    check_weather_years(one, 1)
    with pytest.raises(InputError, match=r"reads profiles\.solar_cf from one measured year"):
        check_weather_years(one, 2)


def test_chinese_date_format(tmp_path) -> None:
    hourly = hourly_load()
    rows = [
        f"{t.year}年{t.month}月{t.day}日 {t.hour}时{t.minute:02d}分,{float(v)!r}"
        for t, v in zip(stamps(2023, H, 60), hourly, strict=True)
    ]
    (tmp_path / "cn.csv").write_bytes(("时间,负荷\n" + "\n".join(rows) + "\n").encode("gbk"))
    np.testing.assert_array_equal(build_profiles(scenario(tmp_path, load="cn.csv")).load_mw, hourly)


def test_unquoted_decimal_commas_in_a_comma_separated_table(tmp_path) -> None:
    rows = [f"{t:%Y-%m-%d %H:%M},10.5" for t in stamps(2023, H, 60)]
    rows[9] = "2023-01-01 09:00,10,5"
    (tmp_path / "c.csv").write_text("time,mw\n" + "\n".join(rows) + "\n")
    with pytest.raises(InputError) as err:
        build_profiles(scenario(tmp_path, load="c.csv"))
    msg = str(err.value)
    assert "c.csv: row 10: has 3 fields but the header has 2 (line 11 of the file)" in msg, msg
    assert 'quote the numbers or separate the columns with ";"' in msg
