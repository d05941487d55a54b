"""``parkbalance study`` end to end on a tiny park, and ``compare``: its numbers are plan.json's."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError
from simulator.report.format import money_unit_for
from simulator.studies.compare import compare, differences
from simulator.studies.study import load_study

runner = CliRunner()

PARK = """
name = "study-park"
park_type = "low-carbon"
start_year = 2030
years = 2
seed = 4
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = 8.76e5
[wind]
max_mw = 2000
[solar]
max_mw = 2000
[storage]
max_mwh = 400
max_mw = 100
[grid]
import_max_mw = 200
[policy]
voll_per_mwh = 5000

[variants.cheap-wind]
wind.capex_per_kw = 2500

[variants.tight-grid]
grid.import_max_mw = 120
"""

STUDY = """
scenario = "park.toml"
[options]
segments = 48
[cases.base]
[cases.cheap-wind]
variants = ["cheap-wind"]
[cases.tight]
variants = ["tight-grid"]
set = { "targets" = [0.35, 0.5] }
"""

CASES = ["base", "cheap-wind", "tight"]


@pytest.fixture(scope="module")
def study_out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("study")
    (root / "park.toml").write_text(PARK, encoding="utf-8")
    (root / "study.toml").write_text(STUDY, encoding="utf-8")
    out = root / "out"
    res = runner.invoke(app, ["study", str(root / "study.toml"), "--out", str(out)])
    assert res.exit_code in (0, 5), res.output
    return out


def plans(out: Path) -> dict[str, dict]:
    return {c: json.loads((out / c / "plan.json").read_text()) for c in CASES}


class _Tables(HTMLParser):
    """Tables of a page: rows of cells (main text without the grey Δ lines, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[dict]]] = []
        self.cell: dict | None = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = {"tag": tag, "text": "", "attrs": a}
            self.tables[-1][-1].append(self.cell)
        elif tag == "span" and self.cell is not None and a.get("class") == "delta":
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "span" and self.skip:
            self.skip -= 1
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None and not self.skip:
            self.cell["text"] += data


def tables_of(path: Path) -> list[list[list[dict]]]:
    p = _Tables()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tables


def number(text: str) -> float:
    t = text.strip().replace(",", "").replace("−", "-").rstrip("%✓✗ ").strip()
    return float(t)


def find_table(tables, first_header: str):
    for t in tables:
        if t and t[0] and t[0][0]["text"].strip() == first_header:
            return t
    raise AssertionError(f"no table headed {first_header!r}")


def test_study_writes_every_case_and_the_comparison(study_out):
    for c in CASES:
        assert (study_out / c / "plan.json").is_file()
        assert (study_out / c / "hourly.parquet").is_file()
    for f in ("compare.html", "compare.zh.html", "results.xlsx", "results.zh.xlsx"):
        assert (study_out / f).stat().st_size > 1000
    p = plans(study_out)
    assert p["cheap-wind"]["provenance"]["variants"] == ["cheap-wind"]
    assert p["tight"]["provenance"]["overrides"] == {"targets": [0.35, 0.5]}
    assert p["tight"]["provenance"]["variants"] == ["tight-grid"]
    assert [t["target_share"] for t in p["tight"]["targets"]] == [0.35, 0.5]
    assert p["base"]["segments"]["n_segments"] == 48


def test_html_numbers_are_the_plan_json_numbers(study_out):
    p = plans(study_out)
    tables = tables_of(study_out / "compare.html")
    heads = [c["text"].strip() for c in find_table(tables, "Plan")[0][1:]]
    assert heads == CASES

    caps = find_table(tables, "Quantity")
    seen = 0
    labels = {"Wind [MW]": "wind_mw", "Solar PV [MW]": "solar_mw"}
    labels |= {"Storage energy [MWh]": "storage_mwh", "Storage power [MW]": "storage_mw"}
    quantity = None
    for row in caps[1:]:
        if row[0]["tag"] == "th":
            quantity = labels[row[0]["text"].strip()]
            row = row[1:]
        year = int(row[0]["text"])
        for case, cell in zip(CASES, row[1:], strict=True):
            want = next(c[quantity] for c in p[case]["capacities"] if c["year"] == year)
            assert float(cell["attrs"]["data-value"]) == pytest.approx(want, rel=1e-12)
            assert number(cell["text"]) == round(want)
            seen += 1
    assert seen == 4 * 2 * 3

    costs = find_table(tables, "Cost")
    row = next(r for r in costs if r[0]["text"].startswith("Discounted total cost"))
    unit = re.search(r"\[(.*)\]", row[0]["text"]).group(1)
    scale = {"CNY million": 1e6, "CNY billion": 1e9}[unit]
    for case, cell in zip(CASES, row[1:], strict=True):
        want = p[case]["cost_breakdown"]["discounted_total"]["total"]
        assert want == pytest.approx(p[case]["objective"])
        assert float(cell["attrs"]["data-value"]) == pytest.approx(want)
        assert number(cell["text"]) == pytest.approx(
            want / scale, abs=0.051 if scale == 1e6 else 0.0051
        )

    shares = find_table(tables, "Year")
    for row in shares[1:]:
        year = int(row[0]["text"])
        for case, cell in zip(CASES, row[1:], strict=True):
            kpi = next(k for k in p[case]["simulated_kpis"] if k["year"] == year)
            assert float(cell["attrs"]["data-value"]) == pytest.approx(kpi["renewable_share"])
            assert number(cell["text"]) == pytest.approx(100 * kpi["renewable_share"], abs=0.051)

    rules = find_table(tables, "Rule")
    n_checks = sum(len(p[c]["checks"]) for c in CASES)
    cells = [c for r in rules[1:] for c in r if "data-passed" in c["attrs"]]
    assert len(cells) == n_checks
    flat = [ch for c in CASES for ch in p[c]["checks"]]
    for ch in flat:  # every check of every plan is on the page with its value and limit
        assert any(
            float(c["attrs"]["data-value"]) == pytest.approx(ch["value"])
            and float(c["attrs"]["data-limit"]) == pytest.approx(ch["limit"])
            and c["attrs"]["data-passed"] == str(ch["passed"]).lower()
            for c in cells
        )

    diff = find_table(tables, "Scenario key")
    keys = {r[0]["text"].strip(): [c["text"].strip() for c in r[1:]] for r in diff[1:]}
    assert keys["wind.capex_per_kw"] == ["4,000", "2,500", "4,000"]
    assert keys["grid.import_max_mw"] == ["200", "200", "120"]
    assert keys["targets"] == ["[0.3, 0.4]", "[0.3, 0.4]", "[0.35, 0.5]"]
    assert "name" not in keys and "seed" not in keys


def test_workbook_numbers_are_the_plan_json_numbers(study_out):
    from openpyxl import load_workbook

    p = plans(study_out)
    wb = load_workbook(study_out / "results.xlsx")
    assert wb.sheetnames == [
        "summary", "costs", "capacities", "shares", "checks", "co2", "assumptions",
    ]  # fmt: skip
    ws = wb["costs"]
    header = [c.value for c in ws[1]]
    assert header == ["Cost", *CASES, "Δ cheap-wind", "Δ tight"]
    assert ws.freeze_panes == "B2"
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value.startswith("Discounted total"))
    assert "[CNY million]" in row[0].value
    vals = [c.value for c in row[1:4]]
    for case, v in zip(CASES, vals, strict=True):
        assert v * 1e6 == pytest.approx(p[case]["objective"])
    assert row[4].value == pytest.approx(vals[1] - vals[0])
    assert row[1].number_format == "#,##0.0"

    ws = wb["capacities"]
    for r in ws.iter_rows(min_row=2, values_only=True):
        quantity = {"Wind [MW]": "wind_mw", "Solar PV [MW]": "solar_mw"}.get(r[0])
        if quantity is None:
            continue
        for case, v in zip(CASES, r[2:5], strict=True):
            want = next(c[quantity] for c in p[case]["capacities"] if c["year"] == r[1])
            assert v == pytest.approx(want)

    ws = wb["checks"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    n_rules = len({(c["rule"], c["year"]) for c in p["base"]["checks"]})
    assert len(rows) == n_rules
    for ch in p["tight"]["checks"]:
        match = [r for r in rows if r[1] == ch["year"] and r[8] == pytest.approx(ch["value"])]
        assert match and match[0][9] == pytest.approx(ch["limit"])
        assert match[0][10] == ("passed" if ch["passed"] else "failed")

    zh = load_workbook(study_out / "results.zh.xlsx")
    assert zh.sheetnames[1] == "成本"
    row = next(r for r in zh["成本"].iter_rows(min_row=2) if r[0].value.startswith("折现总成本"))
    assert "[万元]" in row[0].value
    assert row[1].value * 1e4 == pytest.approx(p["base"]["objective"])


def test_compare_api_returns_dataframes(study_out):
    p = plans(study_out)
    t = compare([study_out / c for c in CASES])
    assert set(t) >= {"summary", "capacities", "costs", "shares", "co2", "checks", "assumptions"}
    assert list(t["capacities"].columns) == CASES
    assert t["costs"].loc["discounted_total", "tight"] == pytest.approx(p["tight"]["objective"])
    co2 = sum(k["co2_t"] for k in p["cheap-wind"]["simulated_kpis"])
    assert t["co2"].loc["total", "cheap-wind"] == pytest.approx(co2)
    d = differences(t["costs"])
    assert (d["base"] == 0).all()
    assert d.loc["discounted_total", "tight"] == pytest.approx(
        p["tight"]["objective"] - p["base"]["objective"]
    )
    # total investment: new capacity × capex of each plan's own scenario
    caps = p["cheap-wind"]["capacities"][-1]
    want = 1000 * (
        caps["wind_mw"] * 2500
        + caps["solar_mw"] * 3000
        + caps["storage_mwh"] * 450
        + caps["storage_mw"] * 200
    )
    assert t["costs"].loc["total_investment", "cheap-wind"] == pytest.approx(want)
    assert t["summary"].loc["variants", "tight"] == "tight-grid"


_ALLOWED_LATIN = {"MW", "MWh", "CO2", "pp", "parkbalance", "plan.json", "LP"}


def test_zh_page_has_no_untranslated_english(study_out):
    text = (study_out / "compare.zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in text
    body = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    body = re.sub(r"<code>.*?</code>", " ", body, flags=re.S)  # keys, paths, case names
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"&[a-z]+;", " ", body)
    words = re.findall(r"[A-Za-z][A-Za-z.]+", body)
    unknown = sorted({w for w in words if w not in _ALLOWED_LATIN} - {"English", "set"})
    assert unknown == [], unknown
    assert not re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", body)  # no English phrase at all
    for word in ("方案比较", "折现总成本", "新能源消纳比例", "各年规则校核"):
        assert word in text
    assert "[万元]" in text or "[亿元]" in text


def test_compare_command_and_a_folder_without_plan_json(study_out, tmp_path):
    out = tmp_path / "cmp"
    res = runner.invoke(
        app,
        ["compare", str(study_out / "base"), str(study_out / "tight"), "--out", str(out),
         "--lang", "zh"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["compare.zh.html", "results.zh.xlsx"]
    empty = tmp_path / "empty"
    empty.mkdir()
    res = runner.invoke(app, ["compare", str(study_out / "base"), str(empty), "--out", str(out)])
    assert res.exit_code == 2
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(empty) in lines[0] and "no plan.json" in lines[0]
    res = runner.invoke(
        app, ["compare", str(study_out / "base"), "--out", str(out), "--lang", "fr"]
    )
    assert res.exit_code == 2 and "--lang" in res.output
    from simulator.report.compare_report import write_compare

    with pytest.raises(InputError, match="^lang: "):  # the library names its argument
        write_compare([study_out / "base"], out, lang="fr")


@pytest.mark.parametrize(
    ("study", "words"),
    [
        ('scenario = "park.toml"\n[cases.a]\nvariants = ["nope"]\n', "cases.a"),
        ('scenario = "park.toml"\n[cases.a.set]\n"wind.capx" = 1\n', "cases.a.set.wind.capx"),
        ('scenario = "park.toml"\n[options]\nsegmnts = 4\n[cases.a]\n', "options.segmnts"),
        ('scenario = "park.toml"\n[cases."a/b"]\n', "cases.a/b"),
        ('scenario = "park.toml"\n', "cases: required key is missing"),
    ],
)
def test_a_bad_study_file_is_one_line_naming_the_file_and_key(tmp_path, study, words):
    (tmp_path / "park.toml").write_text(PARK, encoding="utf-8")
    s = tmp_path / "study.toml"
    s.write_text(study, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_study(s)
    assert exc.value.one_line().startswith(str(s))
    assert words in exc.value.one_line()
    res = runner.invoke(app, ["study", str(s), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("values", "lang", "unit", "div"),
    [
        ([3.76e8, 5.1e8], "en", "CNY million", 1e6),
        ([1.2e9, 5.1e8], "en", "CNY million", 1e6),
        ([1.2e10, 5.1e8], "en", "CNY billion", 1e9),
        ([3.76e8], "zh", "万元", 1e4),
        ([1.2e9, math.nan], "zh", "亿元", 1e8),
    ],
)
def test_money_units(values, lang, unit, div):
    got = money_unit_for(values, lang)
    assert got[0] == div and got[1] == unit


def test_the_committed_study_example_resolves_every_case():
    root = Path(__file__).resolve().parents[2] / "scenarios" / "examples"
    study = load_study(root / "ordos-study.toml")
    assert list(study.scenarios)[0] == "base"
    sc = study.scenarios["cheap-wind-small-grid"]
    assert sc.wind.capex_per_kw == 3200.0 and sc.grid.import_max_mw == 250.0
    assert sc.targets == [0.35, 0.45, 0.55]
    assert sc.applied_variants == ["cheap-wind", "small-grid"]
    assert study.options.segments == 200


def test_a_plan_without_capacities_or_provenance_is_shown_as_no_plan(study_out, tmp_path):
    nothing = tmp_path / "no-plan"
    nothing.mkdir()
    (nothing / "plan.json").write_text(
        json.dumps(
            {
                "scenario": "x",
                "status": "infeasible",
                "verdict": {"status": "infeasible", "passed": False, "failures": []},
                "checks": None,
                "objective": None,
                "currency": "CNY",
                "capacities": None,
                "simulated_kpis": None,
                "cost_breakdown": None,
                "plan_kind": "none",
                "targets": [{"year": 2030, "target_share": 0.9}],
            }
        )
    )
    t = compare([study_out / "base", nothing])
    assert math.isnan(t["costs"].loc["discounted_total", "no-plan"])
    assert t["capacities"]["no-plan"].isna().all()
    assert not t["summary"].loc["passed", "no-plan"]
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["compare", str(study_out / "base"), str(nothing), "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "✗ no plan" in page and "infeasible: the targets cannot be met" in page
    assert "has no embedded scenario" in page


def test_a_failing_check_is_named_in_the_summary(study_out, tmp_path):
    plan = json.loads((study_out / "base" / "plan.json").read_text())
    check = next(c for c in plan["checks"] if c["rule"] == "renewable_share")
    check.update(value=0.25, passed=False)
    plan["verdict"]["passed"] = False
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "plan.json").write_text(json.dumps(plan))
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["compare", str(study_out / "base"), str(bad), "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "✗ fails 1 rule check(s)" in page
    year = check["year"]
    limit = f"{check['limit']:.1%}"
    assert f"{year}: Renewable consumption share 25.0%, required ≥ {limit}" in page
    zh = (out / "compare.zh.html").read_text(encoding="utf-8")
    assert f"{year}年：新能源消纳比例为 25.0%，要求 ≥ {limit}" in zh
