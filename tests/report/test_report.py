"""The planner's report (simulator/report/build.py): HTML structure, numbers, Chinese, workbook,
CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import simulator
from simulator.cli.app import app, write_simulation
from simulator.core.errors import InputError
from simulator.core.scenario import HOURS_PER_YEAR, scenario_from_dict
from simulator.report.build import load_inputs, write_report, write_workbook
from simulator.report.format import money
from tests.report_contract import add_contract, strip_contract
from tests.report_helpers import (
    ENGLISH_RUN,
    ZH_ALLOWED_WORDS,
    assert_chinese,
    assert_no_english_runs,
    assert_self_contained,
    no_temp_files,
    number,
    parse,
    pct,
    section,
    tables,
    tiny,
    tiny_data,
)

runner = CliRunner()


@pytest.fixture(scope="session")
def plan_dir(tmp_path_factory) -> Path:
    """A real output directory: solvers.size + write_plan on a one-year park (a few seconds).

    It carries the keys of issue 11 (verdict, checks, provenance with the scenario as TOML).
    """
    from solvers import size, write_plan

    out = tmp_path_factory.mktemp("plan")
    result = size(tiny(), algorithm="ipm")
    assert result.status == "optimal"
    write_plan(result, out)
    return out


@pytest.fixture(scope="session")
def old_plan_dir(plan_dir, tmp_path_factory) -> Path:
    """The same output as written before issue 11: no verdict, checks or provenance."""
    out = tmp_path_factory.mktemp("plan_old")
    shutil.copytree(plan_dir, out, dirs_exist_ok=True)
    strip_contract(out)
    return out


@pytest.fixture(scope="session")
def failing_dir(plan_dir, tmp_path_factory) -> Path:
    """An output whose verdict fails: unserved energy in 2030, and a rule id the report lacks."""
    out = tmp_path_factory.mktemp("plan_fail")
    shutil.copytree(plan_dir, out, dirs_exist_ok=True)
    extra = [
        {
            "year": 2030,
            "rule": "coal_max_mw",
            "sense": "<=",
            "value": 812.5,
            "limit": 800.0,
            "unit": "MW",
            "lp_value": 800.0,
            "passed": False,
        },
        {
            "year": 2030,
            "rule": "green_power_certificates",
            "sense": ">=",
            "value": 1234.5,
            "limit": 1000.0,
            "unit": "GWh",
            "lp_value": None,
            "passed": True,
        },
    ]
    add_contract(out, tiny_data(), extra_checks=extra)
    return out


@pytest.fixture(scope="session")
def sim_dir(tmp_path_factory) -> Path:
    """``parkbalance simulate --out`` of a built-in three-year park."""
    out = tmp_path_factory.mktemp("sim")
    sc = simulator.load_scenario("ordos-low-carbon")
    res = simulator.simulate(
        sc, wind_mw=300, solar_mw=[300, 400, 500], storage_mwh=100, storage_mw=50
    )
    write_simulation(res, out)
    return out


@pytest.fixture(scope="session")
def infeasible_dir(tmp_path_factory) -> Path:
    """A hand-made plan.json of an infeasible two-year park (best-effort plan) from simulate."""
    out = tmp_path_factory.mktemp("infeasible")
    sc = tiny(years=2, targets=[0.6, 0.9])
    res = simulator.simulate(sc, wind_mw=[60, 80], solar_mw=[50, 70])
    write_simulation(res, out)
    (out / "kpis.json").unlink()
    recs = res.kpi_records()
    plan = {
        "scenario": "tiny",
        "status": "infeasible",
        "objective": 123456789.0,
        "currency": "CNY",
        "capacities": res.capacities.to_dict(orient="records"),
        "lp_kpis": recs,
        "simulated_kpis": recs,
        "cost_breakdown": None,
        "timing": {},
        "solver": {},
        "plan_kind": "best_effort",
        "targets": [{"year": 2030, "target_share": 0.6}, {"year": 2031, "target_share": 0.9}],
        "lp_targets": [0.4, 0.45],
        "target_missed_in_simulation": [],
        "max_achievable_share": [0.4123, 0.4567],
        "assure": {},
        "messages": [
            "year 2031: target 90.0% is unreachable; at most 45.7% with wind ≤ 200 MW, "
            "solar ≤ 200 MW, storage ≤ 20 MWh / 10 MW",
            "reported plan: the cheapest one that reaches the largest achievable share each year",
            "a message no pattern knows",
        ],
        "files": {"hourly_simulation": "hourly.parquet", "hourly_lp": "hourly_lp.parquet"},
    }
    (out / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    return out


# ---- plan directories ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_page(plan_dir) -> tuple[str, object, dict]:
    """The English page of :func:`plan_dir` (written once): HTML, parsed page, plan.json."""
    path = write_report(plan_dir, "en")
    assert path == plan_dir / "report.html"
    html, page = parse(path)
    plan = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    return html, page, plan


def _investment(plan: dict) -> float:
    """Overnight investment of the first year of ``plan`` [CNY], from tiny's capex."""
    sc = scenario_from_dict(tiny_data())
    return sum(
        max(0.0, c[k] - e) * unit * 1e3
        for c in plan["capacities"][:1]
        for k, e, unit in (
            ("wind_mw", sc.wind.existing_mw, sc.wind.capex_per_kw),
            ("solar_mw", sc.solar.existing_mw, sc.solar.capex_per_kw),
            ("storage_mwh", sc.storage.existing_mwh, sc.storage.capex_per_kwh),
            ("storage_mw", sc.storage.existing_mw, sc.storage.capex_per_kw),
        )
    )


def test_plan_report_structure_and_page_one(plan_page):
    html, page, plan = plan_page
    assert_self_contained(html)
    assert html.startswith("<!DOCTYPE html>")
    assert "@media print" in html and "size: A4" in html
    figs = page.figures
    assert all(f["svg"] and f["caption"].strip() for f in figs)
    assert {
        "fig-capacity",
        "fig-balance",
        "fig-share",
        "fig-week-curtailment",
        "fig-week-low-renewable",
        "fig-curtailment-heatmap",
        "fig-costs",
    } <= {f["id"] for f in figs}
    all_ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(all_ids) == len(set(all_ids))

    text = page.visible
    # page one: the verdict comes first, then the key figures
    summary = section(html, "summary")
    assert summary.index('class="verdict ok"') < summary.index('class="keyfig"')
    assert "The plan meets every rule in every year" in text
    invest = _investment(plan)
    assert f"Total investment (new capacity, overnight) {money(invest, 'en')}" in text
    assert f"(annuities, O&M, energy) {money(plan['objective'], 'en')}" in text
    cb = plan["cost_breakdown"]["per_year"]
    load = plan["lp_kpis"][0]["load_mwh"]
    assert f"Cost per MWh of load (discounted) CNY {cb[0]['total'] / load:,.1f}/MWh" in text
    assert f"{plan['simulated_kpis'][0]['co2_t'] / 1e3:,.1f} kt" in text


def test_plan_report_tables_are_plan_json(plan_page):
    html, page, plan = plan_page
    invest = _investment(plan)
    cb = plan["cost_breakdown"]["per_year"]
    tabs = tables(html)
    # the build table: capacities as in plan.json, the total investment in CNY million
    build = tabs["table-build"]
    assert build[0][:5] == [
        "Year",
        "Wind [MW]",
        "Solar PV [MW]",
        "Storage energy [MWh]",
        "Storage power [MW]",
    ]
    for row, cap in zip(build[1:], plan["capacities"], strict=False):
        assert int(row[0]) == cap["year"]
        for cell, k in zip(
            row[1:5], ("wind_mw", "solar_mw", "storage_mwh", "storage_mw"), strict=True
        ):
            assert number(cell) == pytest.approx(round(cap[k], 1), abs=1e-9)
    assert build[-1][0] == "Total" and number(build[-1][-1]) == round(invest / 1e6, 1)
    # every check, value and limit as in plan.json
    checks = tabs["table-checks"]
    assert checks[0] == ["Year", "Rule", "Simulated value", "", "Limit", "LP value", "Result"]
    assert len(checks) == 1 + len(plan["checks"])
    by = {(c["year"], c["rule"]): c for c in plan["checks"]}
    labels = {
        "Renewable consumption share": "renewable_share",
        "Unserved energy, share of load": "unserved_share",
        "Peak grid import": "import_peak_mw",
        "Peak export": "export_peak_mw",
    }
    for row in checks[1:]:
        c = by[(int(row[0]), labels[row[1]])]
        scale = 100 if c["unit"] == "share" else 1
        assert number(row[2]) == pytest.approx(round(c["value"] * scale, 1), abs=1e-9)
        assert number(row[4]) == pytest.approx(round(c["limit"] * scale, 1), abs=1e-9)
        if c["lp_value"] is None:
            assert row[5] == "–"
        else:
            assert number(row[5]) == pytest.approx(round(c["lp_value"] * scale, 1), abs=1e-9)
        assert row[6] == ("✓ pass" if c["passed"] else "✗ fail")
    # shares per year against the target
    shares = tabs["table-shares"]
    for row, lp, sim in zip(shares[1:], plan["lp_kpis"], plan["simulated_kpis"], strict=True):
        assert row[1] == pct(sim["target_share"])
        assert row[2] == pct(lp["renewable_share"]) and row[4] == pct(sim["renewable_share"])
        assert row[6] == pct(sim["renewable_utilisation"])
    # the yearly energy balance in GWh (CO2 in kt), simulated
    balance = {r[0]: r[1:] for r in tabs["table-balance-simulated"][1:]}
    for label, key, scale in (
        ("Load [GWh]", "load_mwh", 1e-3),
        ("Curtailed [GWh]", "curtailed_mwh", 1e-3),
        ("Grid import [GWh]", "import_mwh", 1e-3),
        ("CO2 [kt]", "co2_t", 1e-3),
    ):
        for cell, rec in zip(balance[label], plan["simulated_kpis"], strict=True):
            assert number(cell) == round(rec[key] * scale, 1), label
    # costs in CNY million per year, and the discounted total
    costs = tabs["table-costs"]
    assert "[CNY million/yr]" in html[html.index('id="table-costs"') :][:400]
    total_row = next(r for r in costs if r[0] == "Total")
    assert number(total_row[1]) == round(cb[0]["total"] / 1e6, 1)
    assert number(total_row[-1]) == round(
        plan["cost_breakdown"]["discounted_total"]["total"] / 1e6, 1
    )


def test_plan_report_provenance_and_assumptions(plan_page, plan_dir):
    html, page, plan = plan_page
    text = page.visible
    # provenance and assumptions from the embedded scenario (not a built-in name)
    prov = section(html, "provenance")
    p = plan["provenance"]
    started = dt.datetime.fromisoformat(p["started_at"]).astimezone(dt.UTC)
    for item in (
        started.strftime("%Y-%m-%d %H:%M UTC"),
        p["parkbalance_version"],
        p["highs_version"],
        p["scenario_sha256"],
        p["scenario_source"],
    ):
        assert item in prov, item
    assert "From the scenario saved in the output" in text
    assert "plant (flat): 200 GWh/yr" in text
    share_fig = html[html.index('id="fig-share"') :]
    share_fig = share_fig[: share_fig.index("</figure>")]
    assert pct(plan["simulated_kpis"][0]["renewable_share"]) in share_fig
    no_temp_files(plan_dir)


def test_plan_report_in_chinese(plan_dir):
    path = write_report(plan_dir, "zh")
    assert path == plan_dir / "report.zh.html"
    html, page = parse(path)
    assert_self_contained(html)
    assert '<html lang="zh-CN">' in html
    assert len(page.figures) >= 7
    assert_chinese(page.visible)
    assert_no_english_runs(page.visible)
    assert "（原文）" not in page.visible
    svg_text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))
    for term in ("风电", "光伏", "弃电", "网购电", "新能源消纳比例", "储能荷电状态"):
        assert term in svg_text, term
    plan = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    text = page.visible
    assert "经逐时模拟校核，方案各年均满足全部规则" in text
    assert f"规划期折现总成本（年化投资、运维、电量） {money(plan['objective'], 'zh')}" in text
    assert "万元" in text and "百万" not in text
    costs = tables(html)["table-costs"]
    total_row = next(r for r in costs if r[0] == "合计")
    assert number(total_row[1]) == round(plan["cost_breakdown"]["per_year"][0]["total"] / 1e4, 1)
    assert "[万元/年]" in html[html.index('id="table-costs"') :][:400]
    for rec in plan["simulated_kpis"]:
        assert pct(rec["renewable_share"]) in text
    assert "取自输出文件中保存的情景" in text


def test_failing_verdict_is_said_first(failing_dir):
    html, page = parse(write_report(failing_dir, "en"))
    text = page.visible
    summary = section(html, "summary")
    box = summary[summary.index('class="verdict') : summary.index("</div>")]
    assert 'class="verdict bad"' in box
    header = html[: html.index('id="summary"')]
    assert 'class="badge bad">optimal LP, but rules not met on the simulated hours<' in header
    assert "does NOT meet every rule" in box
    assert "coal_max_mw 812.5 where &lt;= 800 is required" in box  # verdict.failures as recorded
    assert "The plan meets every rule" not in text
    # the unknown rule is shown by its id with its value and unit
    matrix = tables(html)["table-rules-matrix"]
    row = next(r for r in matrix if r[0] == "green_power_certificates")
    assert row[1] == "✓ 1,234.5 GWh (≥ 1,000.0 GWh)"
    assert "<code>green_power_certificates</code>" in html
    bad = next(r for r in matrix if r[0] == "Captive coal plant, highest output")
    assert bad[1] == "✗ 812.5 MW (≤ 800.0 MW)"
    html, page = parse(write_report(failing_dir, "zh"))
    box = section(html, "summary")
    assert "方案未满足全部规则" in box
    assert "2030年：自备电厂最大出力为 812.5 MW，要求 ≤ 800.0 MW" in box
    assert "（原文）" not in page.visible
    assert_no_english_runs(page.visible)


def test_old_output_says_not_recorded(old_plan_dir, tmp_path):
    out = tmp_path / "old"
    shutil.copytree(old_plan_dir, out)
    html, page = parse(write_report(out, "en"))
    text = page.visible
    assert "Verdict not recorded" in text
    assert "The plan meets every rule" not in text
    assert "Rule checks are not recorded" in text
    assert "Provenance not recorded" in text
    # tiny is not a built-in scenario and plan.json of today does not embed it
    assert "The scenario file was not found" in text
    assert "Total investment (new capacity, overnight) not recorded" in text
    html, page = parse(write_report(out, "zh"))
    assert "未记录校核结论" in page.visible
    assert_no_english_runs(page.visible)


def test_moved_output_keeps_its_assumptions(plan_dir, tmp_path):
    """The scenario travels inside plan.json: no file, no built-in name needed."""
    out = tmp_path / "elsewhere" / "copy"
    shutil.copytree(plan_dir, out)
    html, page = parse(write_report(out, "en"))
    assert "plant (flat): 200 GWh/yr" in page.visible
    assert "Wind existing 10 MW, at most 200 MW" in page.visible.replace(
        "Wind existing", "Wind existing"
    )


def test_workbook_sheets_formats_and_languages(plan_dir):
    from openpyxl.utils.datetime import from_excel  # noqa: F401 - openpyxl reads dates itself

    path = write_workbook(plan_dir)
    assert path == plan_dir / "results.xlsx"
    plan = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    years = len(plan["capacities"])
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "summary",
        "plan",
        "checks",
        "kpis_lp",
        "kpis_simulated",
        "costs",
        "assumptions",
    ]
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        assert ws.column_dimensions["A"].width >= 10, ws.title
        assert ws["A1"].font.bold, ws.title
    ws = wb["kpis_simulated"]
    head = [c.value for c in ws[1]]
    assert "Renewable consumption share" in head and "renewable_share" not in head
    share = ws.cell(2, head.index("Renewable consumption share") + 1)
    assert share.value == pytest.approx(plan["simulated_kpis"][0]["renewable_share"], rel=1e-15)
    assert share.number_format == "0.0%"
    assert ws.cell(2, head.index("Load [MWh]") + 1).number_format == "#,##0"
    plan_ws = wb["plan"]
    head = [c.value for c in plan_ws[1]]
    assert plan_ws.max_row == 1 + years
    wind = plan_ws.cell(2, head.index("Wind [MW]") + 1)
    assert wind.value == pytest.approx(plan["capacities"][0]["wind_mw"], rel=1e-15)
    assert wind.number_format == "#,##0.0"
    costs = wb["costs"]
    head = [c.value for c in costs[1]]
    total = costs.cell(2, head.index("Total [CNY million]") + 1)
    assert total.value == pytest.approx(plan["cost_breakdown"]["per_year"][0]["total"] / 1e6)
    assert total.number_format == "#,##0.0"
    assert costs.cell(costs.max_row, 1).value == "discounted total"
    checks = wb["checks"]
    assert checks.max_row == 1 + len(plan["checks"])
    summary = {r[0]: r[1] for r in wb["summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Meets every rule (verdict)"] == "yes"
    assert summary[
        "Discounted cost over the plan's years (annuities, O&M, energy) [CNY million]"
    ] == pytest.approx(plan["objective"] / 1e6)
    assumptions = {r[0]: r[1] for r in wb["assumptions"].iter_rows(min_row=2, values_only=True)}
    assert assumptions["wind.capex_per_kw"] == 4000 and assumptions["loads.0.name"] == "plant"
    wb.close()

    path = write_workbook(plan_dir, "zh", hourly=True)
    assert path == plan_dir / "results.zh.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["摘要", "建设方案", "政策校核"]
    assert "逐时（模拟）" in wb.sheetnames and "逐时（线性规划）" in wb.sheetnames
    hourly = wb["逐时（模拟）"]
    assert hourly.max_row == 1 + years * HOURS_PER_YEAR
    assert hourly["A1"].value == "时间（当地）"
    assert hourly["A2"].value == dt.datetime(2030, 1, 1, 0, 0)
    assert hourly.cell(hourly.max_row, 1).value == dt.datetime(2030, 12, 31, 23, 0)
    assert hourly["A2"].number_format == "yyyy-mm-dd hh:mm"
    head = [c.value for c in wb["年度指标（模拟）"][1]]
    assert "新能源消纳比例" in head and "弃电量 [MWh]" in head
    for ws in wb.worksheets:
        for cell in ws[1]:
            assert not ENGLISH_RUN.search(str(cell.value or "")), (ws.title, cell.value)
    costs = wb["成本"]
    head = [c.value for c in costs[1]]
    total = costs.cell(2, head.index("合计 [万元]") + 1)
    assert total.value == pytest.approx(plan["cost_breakdown"]["per_year"][0]["total"] / 1e4)
    wb.close()
    no_temp_files(plan_dir)


def test_workbook_hourly_left_out_when_large(plan_dir, tmp_path, monkeypatch):
    import simulator.report.workbook as rw

    out = tmp_path / "copy"
    shutil.copytree(plan_dir, out)
    monkeypatch.setattr(rw, "MAX_SHEET_ROWS", 1000)
    wb = load_workbook(write_workbook(out, hourly=True), read_only=True)
    assert "hourly" not in wb.sheetnames
    values = [r[1] for r in wb["summary"].iter_rows(min_row=2, values_only=True)]
    assert any("left out of the workbook: read hourly.parquet" in str(v) for v in values)
    wb.close()


def test_failed_write_leaves_no_partial_file(plan_dir, tmp_path, monkeypatch):
    out = tmp_path / "copy"
    shutil.copytree(plan_dir, out)
    for f in ("results.xlsx", "report.html"):
        (out / f).unlink(missing_ok=True)
    import openpyxl

    real_save = openpyxl.Workbook.save

    def boom(self, filename):
        real_save(self, filename)  # the whole file, then the disk fills before the rename
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", boom)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(out)
    assert not (out / "results.xlsx").exists()
    no_temp_files(out)


def test_infeasible_plan_shows_largest_share_and_messages(infeasible_dir):
    html, page = parse(write_report(infeasible_dir, "en"))
    text = page.visible
    assert "infeasible" in text and "best-effort" in text
    assert "Largest achievable share" in text
    assert pct(0.4123) in text and pct(0.4567) in text
    assert "year 2031: target 90.0% is unreachable" in text
    assert "a message no pattern knows" in text
    assert len(page.figures) >= 6  # no cost breakdown in this plan.json
    html, page = parse(write_report(infeasible_dir, "zh"))
    assert "2031年：目标 90.0% 无法达到" in page.visible
    assert "最大可实现新能源消纳比例" in page.visible
    # an unknown message stays as given, marked as the original text
    assert re.search(r'class="verbatim"[^>]*>a message no pattern knows<', html)
    assert "（原文）" in page.visible


def test_plan_without_capacities(tmp_path):
    plan = {
        "scenario": "tiny",
        "status": "time_limit",
        "objective": None,
        "currency": "CNY",
        "capacities": None,
        "lp_kpis": None,
        "simulated_kpis": None,
        "cost_breakdown": None,
        "plan_kind": "none",
        "targets": [{"year": 2030, "target_share": 0.3}],
        "messages": [
            "the LP solver stopped with status 'time_limit' (HiGHS model status "
            "kTimeLimit); no plan — raise --time-limit"
        ],
        "files": {},
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    html, page = parse(write_report(tmp_path, "en"))
    assert page.figures == []
    assert "No plan" in page.visible and "30.0%" in page.visible
    html, page = parse(write_report(tmp_path, "zh"))
    assert "无方案" in page.visible and "增大 --time-limit" in page.visible
    write_workbook(tmp_path)
    assert load_workbook(tmp_path / "results.xlsx").sheetnames == ["summary"]


# ---- simulation directories ----------------------------------------------------------------------


def test_simulation_dir_report_and_workbook(sim_dir):
    html, page = parse(write_report(sim_dir, "en"))
    assert_self_contained(html)
    assert len(page.figures) == 6
    assert all(f["caption"].strip() for f in page.figures)
    assert "fig-costs" not in {f["id"] for f in page.figures}
    kpis = json.loads((sim_dir / "kpis.json").read_text(encoding="utf-8"))
    for rec in kpis["years"]:
        assert pct(rec["renewable_share"]) in page.visible
    assert "Key assumptions" in page.visible and "ferroalloy furnaces" in page.visible
    assert "Share, LP" not in page.visible
    html, page = parse(write_report(sim_dir, "zh"))
    assert_self_contained(html)
    visible = page.visible
    for term in ("新能源消纳比例", "弃电", "储能", "风电", "光伏", "网购电", "发用平衡"):
        assert term in visible
    text = re.sub(r"--[\w-]+|\b\w+\.\w+\b", " ", visible)
    assert set(re.findall(r"[A-Za-z]{3,}", text)) <= ZH_ALLOWED_WORDS
    path = write_workbook(sim_dir)
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["summary", "plan", "checks", "kpis_simulated", "assumptions"]
    assert sum(1 for _ in wb["kpis_simulated"].iter_rows(values_only=True)) == 1 + 3
    wb.close()
    wb = load_workbook(write_workbook(sim_dir, hourly=True), read_only=True)
    assert wb.sheetnames == ["summary", "plan", "checks", "kpis_simulated", "assumptions", "hourly"]
    rows = list(wb["hourly"].iter_rows(values_only=True))
    assert len(rows) == 1 + 3 * HOURS_PER_YEAR
    assert rows[1][0] == dt.datetime(2025, 1, 1) and rows[-1][0] == dt.datetime(2027, 12, 31, 23)
    wb.close()
    no_temp_files(sim_dir)


# ---- command line --------------------------------------------------------------------------------


def test_cli_report_both_languages(plan_dir, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(plan_dir, out)
    for f in ("report.html", "report.zh.html", "results.xlsx", "results.zh.xlsx"):
        (out / f).unlink(missing_ok=True)
    res = runner.invoke(app, ["report", str(out), "--lang", "both", "--no-xlsx"])
    assert res.exit_code == 0, res.output
    assert (out / "report.html").exists() and (out / "report.zh.html").exists()
    assert not (out / "results.xlsx").exists()
    res = runner.invoke(app, ["report", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "results.xlsx").exists() and not (out / "results.zh.xlsx").exists()
    res = runner.invoke(app, ["report", str(out), "--lang", "both", "--xlsx-hourly"])
    assert res.exit_code == 0, res.output
    wb = load_workbook(out / "results.zh.xlsx", read_only=True)
    assert "逐时（模拟）" in wb.sheetnames
    wb.close()
    no_temp_files(out)


@pytest.mark.parametrize(
    "make, args, words",
    [
        (lambda p: p / "missing", [], "no such file or directory"),
        (lambda p: p, [], "has no plan.json or kpis.json"),
        (
            lambda p: (p / "plan.json").write_text("{not json", encoding="utf-8") and p,
            [],
            "not valid JSON",
        ),
        (
            lambda p: (p / "plan.json").write_text('{"status": "optimal"}', encoding="utf-8") and p,
            [],
            "scenario: missing",
        ),
        (
            lambda p: (p / "x.nc").write_text("not netcdf", encoding="utf-8") and p / "x.nc",
            [],
            "cannot be read as a sweep",
        ),
        (lambda p: p, ["--lang", "fr"], "--lang"),
    ],
)
def test_cli_bad_input_exits_2(tmp_path, make, args, words):
    path = make(tmp_path)
    res = runner.invoke(app, ["report", str(path), *args])
    assert res.exit_code == 2, res.output
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and words in err[0], res.stderr
    assert "Traceback" not in res.output
    assert not (tmp_path / "report.html").exists()


def test_python_api_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_inputs(tmp_path / "nope")
    # the library names its arguments; the command line names its flags (test_cli_bad_input_exits_2)
    with pytest.raises(InputError, match="^lang: "):
        write_report(tmp_path, "fr")
    with pytest.raises(InputError, match="^lang: "):
        write_workbook(tmp_path, "fr")
