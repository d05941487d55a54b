"""The planner's report (simulator/report.py): HTML structure, numbers, Chinese, workbook, CLI."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import simulator
from simulator.cli import app, write_simulation
from simulator.errors import InputError
from simulator.report import load_inputs, report_path, write_report, write_workbook
from simulator.report_i18n import STRINGS, translate_message
from simulator.scenario import HOURS_PER_YEAR, scenario_from_dict

runner = CliRunner()

#: The policy's own terms that the Chinese page must use.
ZH_TERMS = (
    "新能源消纳比例",
    "弃电",
    "自主调峰",
    "储能",
    "自备电厂",
    "新能源利用率",
    "发用平衡",
    "外送",
    "网购电",
    "缺电",
    "风电",
    "光伏",
    "年化投资",
    "运维",
    "燃料",
)
#: ASCII words a Chinese page may show: units, product names, option names.
ZH_ALLOWED_WORDS = {"MW", "MWh", "GWh", "kW", "kWh", "HiGHS", "parkbalance", "PDLP", "HiPO"}


def tiny(years: int = 1, **sections) -> object:
    d = {
        "name": "tiny",
        "park_type": "low-carbon",
        "start_year": 2030,
        "years": years,
        "seed": 3,
        "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
        "loads": [{"name": "plant", "archetype": "flat", "annual_mwh": 2.0e5}],
        "wind": {"existing_mw": 10, "max_mw": 200},
        "solar": {"existing_mw": 10, "max_mw": 200},
        "storage": {"existing_mwh": 20, "existing_mw": 10, "max_mwh": 20, "max_mw": 10},
        "grid": {"import_max_mw": 60},
        "policy": {"voll_per_mwh": 5000},
    }
    d.update(sections)
    return scenario_from_dict(d)


@pytest.fixture(scope="session")
def plan_dir(tmp_path_factory) -> Path:
    """A real output directory: solvers.size + write_plan on a one-year park (a few seconds)."""
    from solvers import size, write_plan

    out = tmp_path_factory.mktemp("plan")
    result = size(tiny(), algorithm="ipm")
    assert result.status == "optimal"
    write_plan(result, out)
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


# ---- helpers -------------------------------------------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "wbr", "area", "base"}


class Page(HTMLParser):
    """Checks that tags nest and close; collects visible text, figures and captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.figures: list[dict] = []
        self.hidden = 0  # depth inside <style>, <code>, .verbatim
        self.hidden_stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in VOID:
            return
        self.stack.append(tag)
        # not on the page: <head> (the tab title repeats the scenario name), styles, code, and
        # user data shown as given (names, untranslated messages)
        hide = tag in ("head", "style", "script", "code") or "verbatim" in (a.get("class") or "")
        self.hidden_stack.append(hide)
        self.hidden += hide
        if tag == "figure":
            self.figures.append({"id": a.get("id"), "caption": "", "svg": False})
        elif tag == "svg" and self.figures:
            self.figures[-1]["svg"] = True

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        self.hidden -= self.hidden_stack.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)
        if "figcaption" in self.stack and self.figures:
            self.figures[-1]["caption"] += data

    @property
    def visible(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def parse(path: Path) -> tuple[str, Page]:
    html = path.read_text(encoding="utf-8")
    p = Page()
    p.feed(html)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, p.stack
    return html, p


def assert_self_contained(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<script[^>]*\ssrc=", html)
    assert not re.search(r"<link[^>]*stylesheet", html)
    assert not re.search(r"""\s(src|href)=["'](?!#|data:)""", html), "external reference"
    assert "@import" not in html and "@font-face" not in html


def pct(v: float) -> str:
    return f"{v * 100:.1f}%"


def english_words() -> set[str]:
    """Words (≥ 3 letters) of the English side of the translation table."""
    words = set()
    for en, _zh in STRINGS.values():
        text = re.sub(r"\{[^}]*\}", " ", en)
        words |= {w for w in re.findall(r"[A-Za-z]{3,}", text)}
    return words - ZH_ALLOWED_WORDS


def assert_chinese(visible: str) -> None:
    for term in ZH_TERMS:
        assert term in visible, term
    text = re.sub(r"--[\w-]+|\b\w+\.\w+\b", " ", visible)  # option and field names
    ascii_words = set(re.findall(r"[A-Za-z]{3,}", text))
    assert not ascii_words & english_words(), sorted(ascii_words & english_words())
    assert ascii_words <= ZH_ALLOWED_WORDS, sorted(ascii_words - ZH_ALLOWED_WORDS)


def no_temp_files(directory: Path) -> None:
    left = [p.name for p in directory.iterdir() if p.name.startswith(".") or ".tmp" in p.name]
    assert not left, left


# ---- plan directories ----------------------------------------------------------------------------


def test_plan_report_structure_and_numbers(plan_dir):
    path = write_report(plan_dir, "en")
    assert path == plan_dir / "report.html"
    html, page = parse(path)
    assert_self_contained(html)
    assert html.startswith("<!DOCTYPE html>")
    figs = page.figures
    assert len(figs) >= 7
    assert all(f["svg"] and f["caption"].strip() for f in figs)
    ids = {f["id"] for f in figs}
    assert {
        "fig-capacity",
        "fig-balance",
        "fig-share",
        "fig-week-curtailment",
        "fig-week-low-renewable",
        "fig-curtailment-heatmap",
        "fig-costs",
    } <= ids
    # ids of the inline SVGs do not clash
    all_ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(all_ids) == len(set(all_ids))

    plan = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    text = page.visible
    for key in ("lp_kpis", "simulated_kpis"):
        for rec in plan[key]:
            assert pct(rec["renewable_share"]) in text
    for rec in plan["simulated_kpis"]:
        assert pct(rec["renewable_utilisation"]) in text
    for t in plan["targets"]:
        assert pct(t["target_share"]) in text
    for cap in plan["capacities"]:
        for k in ("wind_mw", "solar_mw", "storage_mwh", "storage_mw"):
            assert f"{cap[k]:,.1f}" in text
    assert f"{plan['objective'] / 1e6:,.1f} million CNY" in text
    total = plan["cost_breakdown"]["per_year"][0]["total"]
    assert f"{total / 1e6:,.1f}" in text
    assert "optimal" in text and "How to read this report" in text
    # the share figure labels its bars with the same numbers
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
    # figure text stays text (rendered by the browser): Chinese labels inside the SVGs
    svg_text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", html))
    for term in ("风电", "光伏", "弃电", "网购电", "新能源消纳比例", "储能荷电状态"):
        assert term in svg_text, term
    plan = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    for rec in plan["simulated_kpis"]:
        assert pct(rec["renewable_share"]) in page.visible


def test_workbook_sheets_and_rows(plan_dir):
    path = write_workbook(plan_dir)
    assert path == plan_dir / "results.xlsx"
    plan = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    years = len(plan["capacities"])
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == [
        "summary",
        "plan",
        "kpis_lp",
        "kpis_simulated",
        "costs",
        "hourly",
        "hourly_lp",
    ]
    rows = {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    assert len(rows["plan"]) == 1 + years
    assert len(rows["kpis_lp"]) == 1 + years
    assert len(rows["kpis_simulated"]) == 1 + years
    assert len(rows["costs"]) == 1 + years + 1  # and the discounted total
    assert len(rows["hourly"]) == 1 + years * HOURS_PER_YEAR
    assert len(rows["hourly_lp"]) == 1 + years * HOURS_PER_YEAR
    head = rows["kpis_simulated"][0]
    share = rows["kpis_simulated"][1][head.index("renewable_share")]
    # Excel keeps 15-16 significant digits
    assert share == pytest.approx(plan["simulated_kpis"][0]["renewable_share"], rel=1e-15)
    wind = rows["plan"][1][rows["plan"][0].index("wind_mw")]
    assert wind == pytest.approx(plan["capacities"][0]["wind_mw"], rel=1e-15)
    assert rows["costs"][-1][0] == "discounted total"
    assert dict(rows["summary"][1:])["status"] == "optimal"
    wb.close()
    no_temp_files(plan_dir)


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
    assert wb.sheetnames == ["summary", "plan", "kpis_simulated", "hourly"]
    assert sum(1 for _ in wb["hourly"].iter_rows(values_only=True)) == 1 + 3 * HOURS_PER_YEAR
    assert sum(1 for _ in wb["kpis_simulated"].iter_rows(values_only=True)) == 1 + 3
    wb.close()
    no_temp_files(sim_dir)


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
    sweep_mod = pytest.importorskip("simulator.sweep")
    nc = tmp_path / "real.nc"
    sweep_mod.sweep(tiny(), {"wind_mw": "0:80:5", "solar_mw": "0:80:4"}, weather_years=2, out=nc)
    html, page = parse(write_report(nc, "en"))
    assert [f["id"] for f in page.figures] == ["fig-sweep-share", "fig-sweep-probability"]
    assert "<code>tiny</code>" in html


# ---- translation table ---------------------------------------------------------------------------


def test_translation_table_is_complete():
    for key, (en, zh) in STRINGS.items():
        assert en.strip() and zh.strip(), key
        assert sorted(set(re.findall(r"\{(\w+)", en))) == sorted(set(re.findall(r"\{(\w+)", zh))), (
            key
        )
    text, ok = translate_message("something new", "zh")
    assert not ok and text == "something new"


# ---- command line --------------------------------------------------------------------------------


def test_cli_report_both_languages(plan_dir, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(plan_dir, out)
    for f in ("report.html", "report.zh.html", "results.xlsx"):
        (out / f).unlink(missing_ok=True)
    res = runner.invoke(app, ["report", str(out), "--lang", "both", "--no-xlsx"])
    assert res.exit_code == 0, res.output
    assert (out / "report.html").exists() and (out / "report.zh.html").exists()
    assert not (out / "results.xlsx").exists()
    res = runner.invoke(app, ["report", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "results.xlsx").exists()
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
    with pytest.raises(InputError, match="--lang"):
        write_report(tmp_path, "fr")
