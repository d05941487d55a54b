"""The report of a park with several stores, flexible processes, curtailable loads and a coal
retrofit option: workbook columns, the store mix and retrofit figure, the demand in "How to read".

The expected values are computed here from the capacities given to ``simulate`` and from its
KPI table, not from the report's code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

import simulator
from simulator.cli.app import write_simulation
from simulator.core.scenario import scenario_from_dict
from simulator.report.build import load_inputs, render_report, write_workbook
from simulator.report.i18n import COLUMNS, STRINGS
from tests.report_helpers import assert_self_contained, parse, tables, tiny, tiny_data

ROOT = Path(__file__).resolve().parents[2]

#: Capacities per year given to simulate (two years) and the park's existing ones.
CAPS = {
    "wind_mw": [30.0, 40.0],
    "solar_mw": [20.0, 20.0],
    "battery_mwh": [40.0, 60.0],
    "battery_mw": [10.0, 10.0],
    "lds_mwh": [200.0, 200.0],
    "lds_mw": [5.0, 4.0],
    "ely_mw": [8.0, 10.0],
    "ely_buffer_mwh": [60.0, 60.0],
    "coal_min_load_mw": [3.0, 1.5],
}
EXISTING = {"wind_mw": 30.0, "solar_mw": 20.0, "battery_mwh": 40.0, "battery_mw": 10.0,
            "lds_mwh": 200.0, "lds_mw": 5.0, "ely_mw": 8.0, "ely_buffer_mwh": 60.0}  # fmt: skip
COAL = {"capacity_mw": 6, "min_load_share": 0.5, "retrofit_min_load_share": 0.2,
        "retrofit_capex_per_kw": 100}  # fmt: skip


def park_data(**sections) -> dict:
    """A two-year park with every component: two stores, a process, a curtailable load, coal."""
    d = {
        "name": "flex", "park_type": "low-carbon", "start_year": 2030, "years": 2, "seed": 3,
        "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
        "loads": [{"name": "plant", "archetype": "flat", "annual_mwh": 87_600.0,
                   "curtailable_mw": 2, "max_curtailed_mwh_per_year": 50}],
        "storage": [{"name": "battery", "existing_mwh": 40, "existing_mw": 10},
                    {"name": "lds", "existing_mwh": 200, "existing_mw": 5}],
        "processes": [{"name": "ely", "existing_mw": 8, "min_load_share": 0.25,
                       "buffer_existing_mwh": 60, "demand_mw": 4}],
        "wind": {"existing_mw": 30}, "solar": {"existing_mw": 20},
        "coal": COAL, "grid": {"import_max_mw": 20},
    }  # fmt: skip
    d.update(sections)
    return d


def _simulate(out: Path, data: dict, **caps) -> object:
    """``simulate --out`` of a park given as a dict; the result."""
    res = simulator.simulate(scenario_from_dict(data), **caps)
    write_simulation(res, out)
    return res


@pytest.fixture(scope="module")
def flex(tmp_path_factory) -> tuple[Path, object]:
    """``simulate --out`` of the park with every component, and its result."""
    out = tmp_path_factory.mktemp("flex")
    return out, _simulate(out, park_data(), **CAPS)


def _sheet(path: Path, name: str) -> dict[str, list]:
    """A sheet as {header: column values}, and the number formats under the key ``_formats``."""
    wb = load_workbook(path)
    ws = wb[name]
    rows = list(ws.iter_rows())
    out: dict[str, list] = {str(c.value): [] for c in rows[0]}
    out["_formats"] = {}
    for r in rows[1:]:
        for head, c in zip(rows[0], r, strict=True):
            out[str(head.value)].append(c.value)
            out["_formats"][str(head.value)] = c.number_format
    return out


def test_workbook_plan_has_each_store_process_and_the_coal_minimum(flex):
    out, _res = flex
    plan = _sheet(write_workbook(out, "en"), "plan")
    heads = [h for h in plan if h != "_formats"]
    expected = {
        "battery energy [MWh]": "battery_mwh", "battery power [MW]": "battery_mw",
        "lds energy [MWh]": "lds_mwh", "lds power [MW]": "lds_mw",
        "ely capacity [MW]": "ely_mw", "ely buffer [MWh]": "ely_buffer_mwh",
        "Coal minimum load [MW]": "coal_min_load_mw",
    }  # fmt: skip
    for head, key in expected.items():
        assert plan[head] == pytest.approx(CAPS[key]), head
    # the stores' sums follow the stores; each store, process and source has its additions
    assert plan["Storage energy, all stores [MWh]"] == pytest.approx([240.0, 260.0])
    assert plan["Storage power, all stores [MW]"] == pytest.approx([15.0, 14.0])
    for head, key in [
        ("New wind [MW]", "wind_mw"),
        *((f"New {h}", k) for h, k in expected.items()),
    ]:
        if key == "coal_min_load_mw":
            assert head not in plan
            continue
        prev, want = EXISTING[key], []
        for v in CAPS[key]:
            want.append(max(0.0, v - prev))
            prev = max(prev, v)
        assert plan[head] == pytest.approx(want), head
    # retrofit: from 3 MW (50% of 6 MW) towards 1.2 MW (20%); 1.5 MW is 1.5 / 1.8 of the depth
    assert plan["Coal minimum load, share of unit capacity"] == pytest.approx([0.5, 0.25])
    depth = "Retrofit depth reached (original minimum − minimum load) [MW]"
    assert plan[depth] == pytest.approx([0.0, 1.5])
    assert plan["Retrofit depth reached, share of the full depth"] == pytest.approx([0, 1.5 / 1.8])
    assert plan["_formats"]["Retrofit depth reached, share of the full depth"] == "0.0%"
    # the investment of the second year: 20 MWh battery, 2 MW electrolyser, 10 MW wind, and the
    # retrofit's 1.5 MW of the 1.8 MW depth of 100 CNY/kW × 6 MW
    inv = plan["Investment [CNY million]"]
    want = 1.5 / 1.8 * 100e3 * 6 + sum(
        (CAPS[k][1] - CAPS[k][0]) * 1e3 * _capex(k) for k in ("battery_mwh", "ely_mw", "wind_mw")
    )
    assert inv[0] == 0 and inv[1] * 1e6 == pytest.approx(want)
    assert (
        heads.index("Wind [MW]")
        < heads.index("battery energy [MWh]")
        < heads.index("ely capacity [MW]")
        < heads.index("Coal minimum load [MW]")
    )


def _capex(key: str) -> float:
    """Capex of the park's asset per kW or kWh [CNY], read from the scenario's defaults."""
    sc = scenario_from_dict(park_data())
    return {
        "battery_mwh": sc.stores[0].capex_per_kwh,
        "ely_mw": sc.processes[0].capex_per_kw,
        "wind_mw": sc.wind.capex_per_kw,
    }[key]


def test_workbook_kpis_per_store_process_and_load(flex):
    out, res = flex
    k = res.kpis
    sheet = _sheet(write_workbook(out, "en"), "kpis_simulated")
    expected = {
        "battery: storage charge [MWh]": "battery_charge_mwh",
        "lds: storage discharge [MWh]": "lds_discharge_mwh",
        "ely: process energy from surplus [MWh]": "ely_surplus_mwh",
        "ely: product shortfall [MWh]": "ely_shortfall_mwh",
        "ely: renewable process energy [MWh]": "ely_renewable_mwh",
        "plant: curtailed load [MWh]": "plant_curtailed_mwh",
        "Fixed load [MWh]": "fixed_load_mwh",
        "Flexible processes, energy [MWh]": "process_mwh",
        "Flexible processes, renewable share": "process_renewable_share",
        "Park demand: load + process − curtailed load [MWh]": "load_mwh",
    }
    for head, key in expected.items():
        assert sheet[head] == pytest.approx(k[key].to_list()), head
    # the demand is the fixed load plus process power less curtailed load
    demand = k["fixed_load_mwh"] + k["process_mwh"] - k["load_curtailed_mwh"]
    assert sheet["Park demand: load + process − curtailed load [MWh]"] == pytest.approx(
        demand.to_list()
    )
    assert sheet["_formats"]["Flexible processes, renewable share"] == "0.0%"
    assert not any(re.fullmatch(r"[a-z_]+", h) for h in sheet if h != "_formats"), "a raw key"
    zh = _sheet(write_workbook(out, "zh"), "年度指标（模拟）")
    assert zh["battery：储能充电 [MWh]"] == pytest.approx(k["battery_charge_mwh"].to_list())
    zh_plan = _sheet(out / "results.zh.xlsx", "建设方案")
    assert zh_plan["lds 储能容量 [MWh]"] == pytest.approx(CAPS["lds_mwh"])
    assert zh_plan["煤电最小出力 [MW]"] == pytest.approx(CAPS["coal_min_load_mw"])


def test_workbook_of_a_park_without_components_is_unchanged(tmp_path):
    _simulate(tmp_path, tiny_data(years=2), wind_mw=[10, 30])
    path = write_workbook(tmp_path, "en")
    plan = _sheet(path, "plan")
    assert [h for h in plan if h != "_formats"] == [
        "Year", "Wind [MW]", "Solar PV [MW]", "Storage energy [MWh]", "Storage power [MW]",
        "New wind [MW]", "New solar PV [MW]", "New storage energy [MWh]", "New storage power [MW]",
        "Investment [CNY million]", "Target share",
    ]  # fmt: skip
    assert plan["New wind [MW]"] == pytest.approx([0.0, 20.0])
    kpis = _sheet(path, "kpis_simulated")
    assert "Load [MWh]" in kpis and not any("process" in h.lower() for h in kpis)


def _figures(out: Path, lang: str = "en") -> dict[str, dict]:
    html = render_report(load_inputs(out), lang)
    path = out / f"page.{lang}.html"
    path.write_text(html, encoding="utf-8")
    _html, page = parse(path)
    assert_self_contained(html)
    return {f["id"]: f for f in page.figures}, page


def test_store_mix_figure_with_stores_and_retrofit(flex):
    out, _res = flex
    figs, page = _figures(out)
    fig = figs["fig-store-mix"]
    assert "Store mix and coal flexibility retrofit" in fig["caption"]
    assert "battery → lds" in fig["caption"] and "3 MW (50%" in fig["caption"]
    assert "1.2 MW (20%" in fig["caption"] and "100 CNY/kW" in fig["caption"]
    ids = list(figs)
    assert ids.index("fig-capacity") + 1 == ids.index("fig-store-mix")
    figs, page = _figures(out, "zh")
    assert "储能配置与煤电灵活性改造" in figs["fig-store-mix"]["caption"]
    assert "100 元/kW" in figs["fig-store-mix"]["caption"]


@pytest.mark.parametrize(
    ("sections", "caps", "title"),
    [
        ({"coal": COAL}, {"coal_min_load_mw": [3.0, 2.0]}, "Coal flexibility retrofit"),
        ({"storage": [{"name": "battery", "existing_mwh": 20, "existing_mw": 10},
                      {"name": "lds", "existing_mwh": 100, "existing_mw": 5}]}, {},
         "Store mix per year"),
        ({"storage": [{"name": "battery", "existing_mwh": 20, "existing_mw": 10}],
          "processes": [{"name": "ely", "existing_mw": 8, "demand_mw": 4,
                         "buffer_existing_mwh": 20}]}, {}, None),
        ({}, {}, None),
    ],
)  # fmt: skip
def test_store_mix_figure_only_for_several_stores_or_a_retrofit(tmp_path, sections, caps, title):
    data = tiny_data(years=2, **sections)
    if "coal" in sections:
        data["loads"][0]["annual_mwh"] = 2.0e5  # 22.8 MW flat, above the 3 MW must-run
    _simulate(tmp_path, data, **caps)
    figs, _page = _figures(tmp_path)
    if title is None:
        assert "fig-store-mix" not in figs
    else:
        assert title in figs["fig-store-mix"]["caption"]
        assert "fig-store-mix" in _figures(tmp_path, "zh")[0]


def test_store_mix_without_the_scenario_reads_the_columns(flex, tmp_path):
    """An output without its provenance: the stores and the retrofit from the capacity columns."""
    import shutil

    out, _res = flex
    shutil.copytree(out, tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "kpis.json").read_text(encoding="utf-8"))
    data.pop("provenance", None)
    data["scenario"] = "not-a-built-in-park"
    (tmp_path / "kpis.json").write_text(json.dumps(data), encoding="utf-8")
    inp = load_inputs(tmp_path)
    assert inp.scenario is None
    figs, _page = _figures(tmp_path)
    cap = figs["fig-store-mix"]["caption"]
    assert "battery → lds" in cap and "lowered by a flexibility retrofit" in cap
    plan = _sheet(write_workbook(tmp_path, "en"), "plan")
    assert plan["lds energy [MWh]"] == pytest.approx(CAPS["lds_mwh"])
    assert plan["Retrofit depth reached (original minimum − minimum load) [MW]"] == [None, None]


def test_how_to_read_names_the_demand_of_a_flexible_park(flex, tmp_path):
    out, _res = flex
    _figs, page = _figures(out)
    assert "divided by the park's demand: its fixed load plus the power" in page.visible
    assert "divided by the park's load" not in page.visible
    assert "Demand: load + process − curtailed" in page.visible
    assert "a flexible process first runs" in page.visible
    assert "curtailable loads are curtailed" in page.visible
    _figs, page = _figures(out, "zh")
    assert "园区用电需求" in page.visible and "柔性工艺" in page.visible
    _simulate(tmp_path, tiny_data())
    _figs, page = _figures(tmp_path)
    assert "divided by the park's load" in page.visible
    assert "park's demand" not in page.visible
    # a park with curtailable loads and no process: the rules of its components only
    data = tiny_data()
    data["loads"][0].update(curtailable_mw=1.0)
    _simulate(tmp_path / "curtail", data)
    _figs, page = _figures(tmp_path / "curtail")
    assert "curtailable loads are curtailed" in page.visible
    assert "a flexible process first runs" not in page.visible


# ---- words ---------------------------------------------------------------------------------------


def test_every_word_the_report_asks_for_exists_in_both_languages():
    """Every literal key given to ``tr`` or ``column_label`` in the report's modules is known,
    with an English and a Chinese text and the same fields."""
    keys, cols = set(), set()
    for path in sorted((ROOT / "simulator").glob("report*.py")):
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"\btr\(\s*\"(\w+)\"", text))
        cols |= set(re.findall(r"\bcolumn_label\(\s*\"(\w+)\"", text))
    assert keys - set(STRINGS) == set()
    assert cols - set(COLUMNS) == set()
    for key in (
        "fig_store_mix",
        "fig_store_mix_stores",
        "fig_store_mix_retrofit",
        "cap_store_mix",
        "cap_retrofit",
        "cap_retrofit_bare",
        "read_share_flex",
        "read_flex_process",
        "read_flex_curtail",
        "cap_balance_flex",
        "s_demand",
        "col_demand",
        "s_coal_min_orig",
        "s_coal_floor",
    ):
        assert key in STRINGS, key
    for key in ("storage_mwh_sum", "storage_mw_sum", "new_item", "coal_min_load_share",
                "retrofit_depth_mw", "retrofit_depth_share", "demand_mwh", "fixed_load_mwh",
                "process_mwh", "process_renewable_share"):  # fmt: skip
        en, zh = COLUMNS[key]
        assert en.strip() and zh.strip(), key
        assert sorted(re.findall(r"\{(\w+)", en)) == sorted(re.findall(r"\{(\w+)", zh)), key
        assert re.search(r"[\u4e00-\u9fff]", zh), key


def test_tiny_helper_is_a_park_without_components():
    from simulator.report.components import ParkItems

    sc = tiny()
    assert sc.asset_names() == ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
    assert not ParkItems(stores=("storage",)).any


def test_plan_of_a_park_with_a_retrofit_shows_its_costs_and_figure(tmp_path):
    """A plan.json (as sizing writes it) of a park with a retrofit option and a curtailable load:
    the figure reads the plan's capacities, the retrofit annuity and the curtailment cost are
    cost items of the table, the figure and the workbook, and the items add up to the total."""
    data = tiny_data(years=2, coal=COAL)
    data["loads"][0].update(curtailable_mw=2, max_curtailed_mwh_per_year=50)
    res = _simulate(tmp_path, data, coal_min_load_mw=[2.5, 1.2])
    (tmp_path / "kpis.json").unlink()
    per_year = [
        {"year": 2030 + i, "wind_annuity": 1e6, "solar_annuity": 2e6, "storage_energy_annuity": 0.0,
         "storage_power_annuity": 0.0, "fixed_om": 3e5, "import_cost": 4e6, "fuel_cost": 5e6,
         "export_revenue": 0.0, "unserved_cost": 0.0, "retrofit_annuity": 7e4 * (i + 1),
         "curtail_cost": 8e3, "discount_factor": 1 / 1.08**i}
        for i in range(2)
    ]  # fmt: skip
    for r in per_year:
        r["total"] = sum(v for k, v in r.items() if k not in ("year", "discount_factor"))
    plan = {
        "scenario": "tiny", "status": "optimal", "objective": 2.4e7, "currency": "CNY",
        "capacities": res.capacities.to_dict(orient="records"),
        "lp_kpis": res.kpi_records(), "simulated_kpis": res.kpi_records(),
        "cost_breakdown": {"per_year": per_year, "discounted_total": per_year[0]},
        "scenario_data": data, "plan_kind": "least_cost", "messages": [],
        "files": {"hourly_simulation": "hourly.parquet"},
    }  # fmt: skip
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    figs, page = _figures(tmp_path)
    assert "Coal flexibility retrofit" in figs["fig-store-mix"]["caption"]
    assert "Coal flexibility retrofit annualised capex" in page.visible
    assert "Curtailed load cost" in page.visible
    costs = _sheet(write_workbook(tmp_path, "en"), "costs")
    assert costs["Coal flexibility retrofit annualised capex [CNY million]"][:2] == pytest.approx(
        [0.07, 0.14]
    )
    items = [h for h in costs if h not in ("_formats", "Year", "Discount factor")]
    total = "Total [CNY million]"
    for i in range(2):
        parts = sum(costs[h][i] * (-1 if "Export" in h else 1) for h in items if h != total)
        assert parts == pytest.approx(costs[total][i])
    plan_sheet = _sheet(tmp_path / "results.xlsx", "plan")
    assert plan_sheet["Coal minimum load [MW]"] == pytest.approx([2.5, 1.2])
    assert plan_sheet["Retrofit depth reached, share of the full depth"] == pytest.approx(
        [0.5 / 1.8, 1.0]
    )


def test_page_one_build_table_has_the_processes_and_the_coal_minimum(flex):
    """The stores as their sums, the process's capacity and buffer, the minimum load with the
    year's lowering: the second year lowers it from 3 to 1.5 MW (the year's investment)."""
    out, _res = flex
    html = render_report(load_inputs(out), "en")
    rows = tables(html)["table-build"]
    head = rows[0]
    assert head[:5] == ["Year", "Wind [MW]", "Solar PV [MW]", "Storage energy, all stores [MWh]",
                        "Storage power, all stores [MW]"]  # fmt: skip
    assert head[5:8] == ["ely capacity [MW]", "ely buffer [MWh]", "Coal minimum load [MW]"]
    assert rows[1][3] == "240.0" and rows[2][3] == "260.0 (+20.0)"
    assert rows[2][5] == "10.0 (+2.0)" and rows[1][7] == "3.0" and rows[2][7] == "1.5 (−1.5)"
    # each store technology in its own table: what to build of which store
    stores = tables(html)["table-build-stores"]
    assert stores[0] == ["Year", "battery energy [MWh]", "battery power [MW]",
                         "lds energy [MWh]", "lds power [MW]"]  # fmt: skip
    want = [[f"{CAPS[k][y]:,.1f}" for k in ("battery_mwh", "battery_mw", "lds_mwh", "lds_mw")]
            for y in (0, 1)]  # fmt: skip
    want[1][0] += " (+20.0)"  # the battery grows by 20 MWh in the second year; lds power falls
    assert [r[1:] for r in stores[1:]] == want


def test_balance_table_adds_up_and_assumptions_name_every_item(flex):
    """The simulated balance lists the process surplus, so its supply rows add up to the
    demand; the key assumptions have a row per store, process and curtailable load."""
    out, res = flex
    html = render_report(load_inputs(out), "en")
    rows = {r[0]: r[1:] for r in tables(html)["table-balance-simulated"][1:]}
    k = res.kpis
    surplus = rows["Renewable surplus taken by flexible processes [GWh]"]
    assert [float(v) for v in surplus] == pytest.approx(
        (k["process_surplus_mwh"] / 1e3).round(1).to_list(), abs=0.051
    )
    supply = [
        "Renewable direct [GWh]",
        "Renewable surplus taken by flexible processes [GWh]",
        "From storage [GWh]",
        "Captive coal [GWh]",
        "Grid import [GWh]",
        "Unserved [GWh]",
    ]
    for i in range(2):
        total = sum(float(rows[s][i].replace(",", "")) for s in supply if s in rows)
        demand = float(rows["Demand: load + process − curtailed [GWh]"][i].replace(",", ""))
        assert total == pytest.approx(demand, abs=0.3)
    _figs, page = _figures(out)
    for words in (
        "Storage: battery",
        "Storage: lds",
        "Flexible process: ely",
        "Curtailable load: plant",
        "flexibility retrofit option down to 20%",
    ):
        assert words in page.visible, words  # fmt: skip
    _figs, page = _figures(out, "zh")
    assert "储能：lds" in page.visible and "可灵活性改造至最小出力 20%" in page.visible


def test_sweep_page_of_a_flexible_park_names_the_demand(tmp_path):
    """A sweep whose dataset has process energy: its "How to read" says the park's demand."""
    import xarray as xr

    from simulator.report.build import write_report
    from tests.report.test_report_sweep import handmade_sweep

    nc = handmade_sweep(tmp_path / "grid.nc", weather=False)
    with xr.open_dataset(nc) as ds:
        ds = ds.load()
    flex = ds.assign(process_mwh=ds["renewable_share"] * 0 + 1000.0)
    flex.to_netcdf(tmp_path / "flex.nc")
    _html, page = parse(write_report(tmp_path / "flex.nc", "en"))
    assert "divided by the park's demand" in page.visible
    _html, page = parse(write_report(nc, "en"))
    assert "divided by the park's load" in page.visible


def test_the_figure_registry_is_the_page_order(flex, tmp_path):
    """Every figure is a module listed once in PLAN_FIGURES; the page shows them in that order,
    and a figure whose inputs are missing (the costs of a simulation) is left out."""
    from simulator.report.plan_figures import PLAN_FIGURES

    out, _res = flex
    html = render_report(load_inputs(out), "en")
    anchors = re.findall(r'id="(fig-[a-z-]+)"', html)
    want = ["fig-capacity", "fig-store-mix", "fig-balance", "fig-share", "fig-week-curtailment",
            "fig-week-low-renewable", "fig-curtailment-heatmap"]  # fmt: skip
    assert anchors == want
    names = [f.name for f in PLAN_FIGURES]
    assert names == ["capacity", "store_mix", "balance", "share", "week", "heatmap", "costs"]
    assert len({f.add for f in PLAN_FIGURES}) == len(PLAN_FIGURES)
