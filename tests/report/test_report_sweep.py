"""Sweep pages of the report (simulator/report_sweep*.py): dispatch sweeps, LP sweeps, axes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.report.build import report_path, write_report
from tests.report_helpers import (
    ZH_ALLOWED_WORDS,
    assert_no_english_runs,
    assert_self_contained,
    number,
    parse,
    tables,
    tiny,
    tiny_data,
)

runner = CliRunner()


# ---- sweeps --------------------------------------------------------------------------------------


def handmade_sweep(path: Path, weather: bool = True, dims: int = 2, lp: bool = False) -> Path:
    import xarray as xr

    wind = np.linspace(0, 400, 5)
    solar = np.linspace(0, 600, 4)
    years = np.array([2030, 2031])
    target = np.array([0.3, 0.5])
    w, s = np.meshgrid(wind, solar, indexing="ij")
    base = 0.9 * (1 - np.exp(-(w + s) / 500))  # (wind, solar)
    coords = {"wind_mw": wind, "solar_mw": solar, "year": years}
    share = np.stack([base * 0.9, base], axis=-1)  # (wind, solar, year)
    share_dims = ["wind_mw", "solar_mw", "year"]
    data = {"target_share": (("year",), target)}
    if weather:
        coords["weather_year"] = np.arange(3)
        noise = np.array([0.97, 1.0, 1.03])
        share = share[:, :, None, :] * noise[None, None, :, None]  # (wind, solar, W, year)
        share_dims = ["wind_mw", "solar_mw", "weather_year", "year"]
        met = share >= target
        data["p_meets_target"] = (("wind_mw", "solar_mw", "year"), met.mean(axis=2))
    if dims == 1:
        share = share[:, :1]
        coords["solar_mw"] = solar[:1]
        if "p_meets_target" in data:
            data["p_meets_target"] = (
                ("wind_mw", "solar_mw", "year"),
                data["p_meets_target"][1][:, :1],
            )
    name = "simulated_renewable_share" if lp else "renewable_share"
    data[name] = (share_dims, share)
    ds = xr.Dataset(data, coords=coords, attrs={"scenario": "tiny"})
    ds.to_netcdf(path)
    return path


def test_sweep_report_contours_and_probability(tmp_path):
    nc = handmade_sweep(tmp_path / "grid.nc")
    out = write_report(nc, "en")
    assert out == tmp_path / "grid.report.html" == report_path(nc, "en")
    html, page = parse(out)
    assert_self_contained(html)
    ids = [f["id"] for f in page.figures]
    assert ids == ["fig-sweep-share", "fig-sweep-probability"]
    share_fig = html[html.index('id="fig-sweep-share"') : html.index('id="fig-sweep-probability"')]
    assert "target 30.0%" in share_fig or "target 50.0%" in share_fig  # the target contour
    assert share_fig.count("<path") > 20  # filled contours
    assert "P(target met)" in html
    assert "mean of 3 weather years" in page.visible
    html, page = parse(write_report(nc, "zh"))
    assert (tmp_path / "grid.report.zh.html").exists()
    assert "达标概率" in page.visible and "新能源消纳比例" in page.visible
    assert "目标 50.0%" in html or "目标 30.0%" in html
    text = re.sub(r"--[\w-]+|\b\w+\.\w+\b", " ", page.visible)
    assert set(re.findall(r"[A-Za-z]{3,}", text)) <= ZH_ALLOWED_WORDS


def test_sweep_without_weather_years_has_no_probability(tmp_path):
    nc = handmade_sweep(tmp_path / "grid.nc", weather=False)
    html, page = parse(write_report(nc, "en"))
    assert [f["id"] for f in page.figures] == ["fig-sweep-share"]
    assert "P(target met)" not in html


def test_one_parameter_and_lp_sweeps(tmp_path):
    nc = handmade_sweep(tmp_path / "line.nc", dims=1)
    html, page = parse(write_report(nc, "en"))
    assert [f["id"] for f in page.figures] == ["fig-sweep-share", "fig-sweep-probability"]
    nc = handmade_sweep(tmp_path / "lp.nc", weather=False, lp=True)
    html, page = parse(write_report(nc, "en"))
    assert [f["id"] for f in page.figures] == ["fig-sweep-share"]


def test_real_sweep_output(tmp_path):
    sweep_mod = pytest.importorskip("simulator.studies.sweep")
    nc = tmp_path / "real.nc"
    sweep_mod.sweep(tiny(), {"wind_mw": "0:80:5", "solar_mw": "0:80:4"}, weather_years=2, out=nc)
    html, page = parse(write_report(nc, "en"))
    # the dataset embeds its scenario (provenance), so a user-written park gets its costs too
    assert [f["id"] for f in page.figures] == [
        "fig-sweep-share",
        "fig-sweep-probability",
        "fig-sweep-cost",
        "fig-sweep-frontier",
    ]
    assert "<code>tiny</code>" in html


def sweep3(path: Path, weather: bool = False, embed: bool = True) -> Path:
    """Wind × solar × storage sweep of tiny with its scenario embedded (capex costs only)."""
    import xarray as xr

    from tests.report_contract import toml_text

    wind = np.array([0.0, 100.0, 200.0])
    solar = np.array([0.0, 100.0, 200.0, 300.0])
    storage = np.array([0.0, 20.0, 40.0])
    years = np.array([2030, 2031])
    target = np.array([0.3, 0.5])
    w, s, e = np.meshgrid(wind, solar, storage, indexing="ij")
    base = 0.9 * (1 - np.exp(-(w + s) / 300)) + 0.004 * e  # storage helps
    share = np.stack([base, base * 0.95], axis=-1)  # (wind, solar, storage, year)
    dims = ["wind_mw", "solar_mw", "storage_mwh", "year"]
    coords = {"wind_mw": wind, "solar_mw": solar, "storage_mwh": storage, "year": years}
    data = {"target_share": (("year",), target)}
    if weather:
        noise = np.array([0.96, 1.0, 1.04])
        share = share[:, :, :, None, :] * noise[None, None, None, :, None]
        dims = ["wind_mw", "solar_mw", "storage_mwh", "weather_year", "year"]
        coords["weather_year"] = np.arange(3)
        met = share >= target
        data["p_meets_target"] = (("wind_mw", "solar_mw", "storage_mwh", "year"), met.mean(3))
        data["p_meets_all_targets"] = (
            ("wind_mw", "solar_mw", "storage_mwh"),
            met.all(-1).mean(3),
        )
    data["renewable_share"] = (dims, share)
    attrs = {"scenario": "tiny", "created": "2026-12-01T02:00:00+00:00"}
    if embed:
        attrs["scenario_toml"] = toml_text(tiny_data(years=2))
    xr.Dataset(data, coords=coords, attrs=attrs).to_netcdf(path)
    return path


def test_dispatch_sweep_optimises_the_other_axis(tmp_path):
    """Storage is chosen at each point (cheapest that meets the target), not held at 0."""
    import xarray as xr

    from simulator.report.sweep import _mean_share, _optimise, choose_axes, design_costs
    from solvers.lp import annuity_factor

    nc = sweep3(tmp_path / "s3.nc")
    ds = xr.open_dataset(nc).load()
    view = choose_axes(ds)
    assert (view.x, view.y, view.optimised, view.fixed) == (
        "wind_mw",
        "solar_mw",
        ["storage_mwh"],
        {},
    )
    sc = tiny(years=2)
    cost = design_costs(ds, sc)
    # capex annuity + fixed O&M of the capacity above the existing one, by hand
    r = sc.finance.discount_rate
    k_w = (annuity_factor(r, sc.wind.lifetime_years) + sc.wind.fixed_om_share) * 4000e3
    k_s = (annuity_factor(r, sc.solar.lifetime_years) + sc.solar.fixed_om_share) * 3000e3
    k_e = (annuity_factor(r, sc.storage.lifetime_years) + sc.storage.fixed_om_share) * 450e3
    c = float(cost.sel(wind_mw=200, solar_mw=100, storage_mwh=40))
    assert c == pytest.approx(k_w * 190 + k_s * 90 + k_e * 20)
    opt = _optimise(ds, view, _mean_share(ds), cost, None)
    share = _mean_share(ds)
    for t, year in enumerate(view.years):
        target = float(ds["target_share"].sel(year=year))
        for j, wv in enumerate(ds["wind_mw"].values):
            for i, sv in enumerate(ds["solar_mw"].values):
                cand = share.sel(wind_mw=wv, solar_mw=sv, year=year).values
                costs = cost.sel(wind_mw=wv, solar_mw=sv).values
                ok = cand >= target
                want = cand[ok][np.argmin(costs[ok])] if ok.any() else cand.max()
                assert opt.share[t, i, j] == pytest.approx(want)
    # at (100 MW, 100 MW) only storage reaches the 2031 target: the slice storage = 0 would not
    assert share.sel(wind_mw=100, solar_mw=100, storage_mwh=0, year=2031) < 0.5
    assert opt.share[1, 1, 1] >= 0.5
    assert opt.chosen[1]["storage_mwh"][1, 1] == 40.0  # 20 MWh gives 49.2%: not enough
    assert opt.chosen[0]["storage_mwh"][1, 1] == 0.0  # 2030 (30%) needs no storage there


def test_dispatch_sweep_page_costs_frontier_and_choice(tmp_path):
    nc = sweep3(tmp_path / "s3.nc", weather=True)
    html, page = parse(write_report(nc, "en"))
    assert_self_contained(html)
    ids = [f["id"] for f in page.figures]
    assert ids == [
        "fig-sweep-share",
        "fig-sweep-probability",
        "fig-sweep-chosen",
        "fig-sweep-cost",
        "fig-sweep-frontier",
    ]
    caption = page.figures[0]["caption"]
    assert "Storage energy [MWh] take the cheapest swept value" in caption
    assert "fixed" not in caption.lower() and "first value" not in caption
    cheapest = tables(html)["table-sweep-cheapest"]
    assert cheapest[0][:4] == [
        "Wind [MW]",
        "Solar PV [MW]",
        "Storage energy [MWh]",
        "Annualised cost [CNY million/yr]",
    ]
    costs = [number(r[3]) for r in cheapest[1:]]
    assert costs == sorted(costs) and len(costs) >= 1
    assert "P(every target met)" in cheapest[0]
    html, page = parse(write_report(nc, "zh"))
    assert_no_english_runs(page.visible)
    assert "（原文）" not in page.visible
    assert "年化成本 [万元/年]" in page.visible
    svg_text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))
    assert "达标最低成本方案" in svg_text


def test_dispatch_sweep_axes_and_fixed_values(tmp_path):
    nc = sweep3(tmp_path / "s3.nc")
    res = runner.invoke(
        app,
        ["report", str(nc), "--axes", "solar_mw,storage_mwh", "--fix", "wind_mw=100"],
    )
    assert res.exit_code == 0, res.output
    html, page = parse(report_path(nc, "en"))
    caption = page.figures[0]["caption"]
    assert "over Solar PV [MW] and Storage energy [MWh]" in caption
    assert "Held at the value chosen: Wind [MW] = 100" in caption
    for args, words in (
        (["--fix", "wind_mw=150"], "--fix: wind_mw: 150 is not a swept value"),
        (["--axes", "coal_mw"], "--axes: coal_mw: not a swept parameter"),
        (["--fix", "wind_mw"], "use NAME=VALUE"),
    ):
        res = runner.invoke(app, ["report", str(nc), *args])
        assert res.exit_code == 2, res.output
        assert words in res.stderr, res.stderr
    with pytest.raises(InputError, match="^fixed: wind_mw: 150 is not a swept value"):
        write_report(nc, "en", fixed={"wind_mw": 150.0})
    with pytest.raises(InputError, match="^axes: coal_mw: not a swept parameter"):
        write_report(nc, "en", axes=["coal_mw"])


def test_sweep_without_scenario_says_costs_unknown(tmp_path):
    nc = sweep3(tmp_path / "s3.nc", embed=False)
    html, page = parse(write_report(nc, "en"))
    assert "Costs are not shown" in page.visible
    assert [f["id"] for f in page.figures] == ["fig-sweep-share", "fig-sweep-chosen"]
    assert "smallest swept value" in page.figures[0]["caption"]


def lp_sweep(path: Path) -> Path:
    """A hand-made LP sweep over two capex values each (as sweep-size writes it)."""
    import xarray as xr

    wc = np.array([3000.0, 4000.0, 5000.0])
    sc_ = np.array([2000.0, 3000.0])
    years = np.array([2030, 2031])
    w, s = np.meshgrid(wc, sc_, indexing="ij")
    obj = 1e9 + 2e5 * w + 1e5 * s  # CNY
    dims2 = ("wind.capex_per_kw", "solar.capex_per_kw")
    dims3 = (*dims2, "year")
    grow = np.array([1.0, 1.2])
    wind = (600 - 0.1 * w)[..., None] * grow
    solar = (300 + 0.05 * s)[..., None] * grow
    data = {
        "objective": (dims2, obj, {"units": "CNY"}),
        "status": (dims2, np.array([["optimal"] * 2] * 3, dtype=object)),
        "wind_mw": (dims3, wind),
        "solar_mw": (dims3, solar),
        "storage_mwh": (dims3, np.zeros_like(wind)),
        "storage_mw": (dims3, np.zeros_like(wind)),
        "target_share": (dims3, np.broadcast_to([0.3, 0.5], wind.shape).copy()),
        "lp_renewable_share": (dims3, np.full(wind.shape, 0.6)),
        "simulated_renewable_share": (dims3, np.full(wind.shape, 0.55)),
        "simulated_meets_target": (dims3, np.ones(wind.shape)),
    }
    coords = {"wind.capex_per_kw": wc, "solar.capex_per_kw": sc_, "year": years}
    xr.Dataset(data, coords=coords, attrs={"scenario": "tiny"}).to_netcdf(path)
    return path


def test_lp_sweep_page(tmp_path):
    nc = lp_sweep(tmp_path / "lp.nc")
    html, page = parse(write_report(nc, "en"))
    assert_self_contained(html)
    assert [f["id"] for f in page.figures] == [
        "fig-lp-objective",
        "fig-lp-capacities",
        "fig-lp-shares",
        "fig-lp-tornado",
    ]
    points = tables(html)["table-lp-points"]
    assert len(points) == 1 + 6
    for row in points[1:]:
        w, s = number(row[0]), number(row[1])
        assert number(row[3]) == round((1e9 + 2e5 * w + 1e5 * s) / 1e6, 1)
        assert number(row[4]) == round((600 - 0.1 * w) * 1.2, 1)  # wind in the last year
    # one line per year, each with its own dash style and marker
    cap = html[html.index('id="fig-lp-capacities"') :]
    cap = cap[: cap.index("</figure>")]
    assert "stroke-dasharray" in cap
    tornado = page.figures[3]["caption"]
    assert "Wind capex [CNY/kW] = 4,000" in tornado  # the middle value is the base
    html, page = parse(write_report(nc, "zh"))
    assert_no_english_runs(page.visible)
    assert "龙卷风图" in page.visible and "万元" in page.visible


def test_lp_sweep_of_one_parameter_has_no_tornado(tmp_path):
    import xarray as xr

    ds = xr.open_dataset(lp_sweep(tmp_path / "lp.nc")).load()
    one = tmp_path / "one.nc"
    ds.isel({"solar.capex_per_kw": [0]}).to_netcdf(one)
    html, page = parse(write_report(one, "en"))
    assert [f["id"] for f in page.figures] == [
        "fig-lp-objective",
        "fig-lp-capacities",
        "fig-lp-shares",
    ]
    assert "base value" not in page.figures[0]["caption"]  # nothing else was varied
    assert len(tables(html)["table-lp-points"]) == 1 + 3
