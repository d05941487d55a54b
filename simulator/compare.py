"""Side-by-side comparison of several plans (``parkbalance compare DIR DIR ... --out DIR``).

Reads only the ``plan.json`` of each folder (written by ``parkbalance size``, ``run`` or
``study``) and its embedded ``provenance`` (the resolved scenario as TOML, the variants and
``--set`` overrides), and puts the plans next to each other:

- **capacities** by year (wind, solar MW; storage MWh and MW),
- **costs**: the discounted total (the optimiser's objective), the total investment (overnight
  capital cost of the capacity added over the horizon: new MW × ``capex_per_kw``, new MWh ×
  ``capex_per_kwh``, undiscounted) and the cost per MWh of load (levelised: discounted total ÷
  discounted load energy), and the discounted parts of the total,
- **shares** of renewable consumption per year against each year's target (simulated),
- **checks**: every rule's verdict per year (value, limit, passed) on the simulated hours,
- **CO2** per year (simulated: coal and imports),
- **assumptions**: every scenario key whose value differs between the plans,

each with the differences against the first plan. :func:`compare` returns them as pandas
DataFrames for notebooks; :func:`write_compare` writes the page(s) and the workbook.
"""

from __future__ import annotations

import html
import json
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.errors import InputError

__all__ = [
    "CAPACITY_KEYS",
    "PLAN_FILE",
    "PlanRecord",
    "compare",
    "differences",
    "flatten_scenario",
    "read_plans",
    "render_compare_html",
    "write_compare",
    "write_compare_workbook",
]

PLAN_FILE = "plan.json"
#: Capacity columns of ``plan.json`` in the order shown.
CAPACITY_KEYS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
#: Parts of the discounted total shown (keys of ``cost_breakdown.discounted_total``).
COST_PARTS = (
    "wind_annuity",
    "solar_annuity",
    "storage_energy_annuity",
    "storage_power_annuity",
    "fixed_om",
    "import_cost",
    "fuel_cost",
    "export_revenue",
    "unserved_cost",
)
#: Rules in the order of the verdict table (:data:`simulator.verdict.RULES`).
RULE_ORDER = (
    "renewable_share",
    "unserved_share",
    "renewable_utilisation",
    "storage_power_ratio",
    "storage_energy_hours",
    "import_peak_mw",
    "export_peak_mw",
    "coal_max_mw",
    "coal_must_run_mw",
)
#: Provenance keys that are not assumptions of the park (left out of the differences).
_NOT_ASSUMPTIONS = ("description",)


@dataclass
class PlanRecord:
    """One plan folder as read for the comparison.

    Attributes
    ----------
    name : str
        Column label of the plan (the folder's name, made unique).
    path : Path
        The folder.
    plan : dict
        ``plan.json``.
    scenario : dict
        The resolved scenario of its provenance, flattened to dotted keys (empty when the plan
        has no provenance).
    """

    name: str
    path: Path
    plan: dict
    scenario: dict[str, Any] = field(default_factory=dict)

    @property
    def provenance(self) -> dict:
        """The plan's provenance record (empty when missing)."""
        return self.plan.get("provenance") or {}

    @property
    def currency(self) -> str:
        """Currency of the plan's money values."""
        return str(self.plan.get("currency") or "CNY")


def flatten_scenario(data: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten a scenario dict to ``{dotted key: value}`` (list entries of tables as ``[i]``).

    Lists of numbers stay one value (``targets``, time-of-use prices).
    """
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten_scenario(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list) and any(isinstance(v, dict) for v in data):
        for i, v in enumerate(data):
            out.update(flatten_scenario(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def _read_plan(path: Path) -> dict:
    f = path / PLAN_FILE
    if path.is_file() and path.name == PLAN_FILE:
        f = path
    if not f.is_file():
        raise InputError(
            path,
            None,
            f"no {PLAN_FILE} here; give folders written by parkbalance size, run or study",
        )
    try:
        plan = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f, None, f"cannot read it as JSON ({exc})") from None
    if not isinstance(plan, dict) or "status" not in plan:
        raise InputError(f, None, "not a plan.json of parkbalance (no status)")
    return plan


def read_plans(dirs: Sequence[str | Path], names: Sequence[str] | None = None) -> list[PlanRecord]:
    """Read the ``plan.json`` of each folder.

    Parameters
    ----------
    dirs : sequence of str or Path
        Plan folders (or ``plan.json`` files), in the order of the comparison; the first is the
        reference of the differences.
    names : sequence of str, optional
        Labels of the plans; default the folder names (made unique).

    Raises
    ------
    InputError
        No folder, a folder without ``plan.json`` or a broken one (naming the folder).
    """
    if not dirs:
        raise InputError("compare", None, "give at least one plan folder")
    paths = [Path(d) for d in dirs]
    plans = [_read_plan(p) for p in paths]
    if names is None:
        base = [(p.parent.name if p.name == PLAN_FILE else p.name) or str(p) for p in paths]
        names = []
        for i, n in enumerate(base):
            names.append(n if base.count(n) == 1 else f"{n} ({i + 1})")
    out = []
    for name, path, plan in zip(names, paths, plans, strict=True):
        text = (plan.get("provenance") or {}).get("scenario_toml")
        flat: dict[str, Any] = {}
        if text:
            try:
                flat = flatten_scenario(tomllib.loads(text))
            except tomllib.TOMLDecodeError:
                flat = {}
        out.append(PlanRecord(str(name), path, plan, flat))
    return out


# ---- the numbers ---------------------------------------------------------------------------------


def _num(v: Any) -> float:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else math.nan


def _years(rec: PlanRecord) -> list[int]:
    ys = [int(t["year"]) for t in rec.plan.get("targets") or []]
    if not ys:
        ys = [int(c["year"]) for c in rec.plan.get("capacities") or []]
    return ys


def _investment(rec: PlanRecord) -> float:
    """Overnight capital cost of the capacity added over the horizon [currency]."""
    caps = rec.plan.get("capacities")
    sc = rec.scenario
    if not caps or not sc:
        return math.nan
    parts = (
        ("wind_mw", "wind.existing_mw", "wind.capex_per_kw"),
        ("solar_mw", "solar.existing_mw", "solar.capex_per_kw"),
        ("storage_mwh", "storage.existing_mwh", "storage.capex_per_kwh"),
        ("storage_mw", "storage.existing_mw", "storage.capex_per_kw"),
    )
    total = 0.0
    for key, existing, capex in parts:
        if capex not in sc:
            return math.nan
        before = _num(sc.get(existing, 0.0))
        for c in caps:
            now = _num(c.get(key))
            if math.isnan(now):
                continue
            total += max(now - before, 0.0) * 1000.0 * _num(sc[capex])
            before = max(before, now)
    return total


def _cost_per_mwh(rec: PlanRecord) -> float:
    """Discounted total cost ÷ discounted load energy of the simulated years [currency/MWh]."""
    cb = rec.plan.get("cost_breakdown") or {}
    per_year = {int(r["year"]): _num(r.get("discount_factor")) for r in cb.get("per_year") or []}
    total = _num((cb.get("discounted_total") or {}).get("total"))
    kpis = rec.plan.get("simulated_kpis") or []
    if not per_year or not kpis or math.isnan(total):
        return math.nan
    load = sum(per_year.get(int(k["year"]), math.nan) * _num(k.get("load_mwh")) for k in kpis)
    return total / load if load > 0 else math.nan


def _kpi(rec: PlanRecord, key: str) -> dict[int, float]:
    return {int(k["year"]): _num(k.get(key)) for k in rec.plan.get("simulated_kpis") or []}


def compare(
    dirs: Sequence[str | Path] | Sequence[PlanRecord], names: Sequence[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Compare the plans of several folders.

    Parameters
    ----------
    dirs : sequence of str or Path (or of PlanRecord)
        Plan folders; the first is the reference of the differences.
    names : sequence of str, optional
        Labels of the plans (default: the folder names).

    Returns
    -------
    dict of str to pandas.DataFrame
        One column per plan (labelled by its name) in each of

        ``summary``
            index: ``scenario, status, passed, failed_checks, variants, overrides, folder``
            (overrides as ``KEY=VALUE`` texts joined by ``"; "``).
        ``capacities``
            index (``quantity``, ``year``); quantity one of :data:`CAPACITY_KEYS` [MW, MWh].
        ``costs``
            index: ``discounted_total, total_investment, cost_per_mwh_load`` [currency,
            currency/MWh], then ``discounted.<part>`` (the discounted parts of the total).
        ``shares``
            index (``quantity``, ``year``); ``renewable_share`` (simulated), ``target_share``,
            ``gap_share`` (share − target) [1].
        ``co2``
            index: years and ``total`` [tCO2] (simulated).
        ``checks``
            index (``rule``, ``year``), columns (plan, ``value|limit|unit|sense|passed``).
        ``assumptions``
            index: the scenario keys whose value differs between the plans (values as in the
            embedded TOML), plus ``variants`` and ``overrides``.

    Raises
    ------
    InputError
        A folder without ``plan.json`` (naming it).

    Examples
    --------
    >>> tables = compare(["out/study/base", "out/study/cheap-wind"])  # doctest: +SKIP
    >>> differences(tables["costs"])  # doctest: +SKIP
    """
    recs = (
        list(dirs)
        if dirs and all(isinstance(d, PlanRecord) for d in dirs)
        else read_plans(dirs, names)  # type: ignore[arg-type]
    )
    cols = [r.name for r in recs]

    summary = pd.DataFrame(
        {
            r.name: {
                "scenario": r.plan.get("scenario"),
                "status": r.plan.get("status"),
                "passed": bool((r.plan.get("verdict") or {}).get("passed", False)),
                "failed_checks": sum(
                    1 for c in r.plan.get("checks") or [] if not c.get("passed", True)
                ),
                "variants": ", ".join(r.provenance.get("variants") or []),
                "overrides": "; ".join(
                    f"{k}={_toml_text(v)}" for k, v in (r.provenance.get("overrides") or {}).items()
                ),
                "folder": str(r.path),
            }
            for r in recs
        },
        columns=cols,
    )

    years = sorted({y for r in recs for y in _years(r)})
    cap_index = pd.MultiIndex.from_product([CAPACITY_KEYS, years], names=["quantity", "year"])
    capacities = pd.DataFrame(index=cap_index, columns=cols, dtype=float)
    for r in recs:
        for c in r.plan.get("capacities") or []:
            for key in CAPACITY_KEYS:
                capacities.loc[(key, int(c["year"])), r.name] = _num(c.get(key))

    cost_rows = ["discounted_total", "total_investment", "cost_per_mwh_load"] + [
        f"discounted.{p}" for p in COST_PARTS
    ]
    costs = pd.DataFrame(index=pd.Index(cost_rows, name="cost"), columns=cols, dtype=float)
    for r in recs:
        disc = (r.plan.get("cost_breakdown") or {}).get("discounted_total") or {}
        costs.loc["discounted_total", r.name] = _num(disc.get("total", r.plan.get("objective")))
        costs.loc["total_investment", r.name] = _investment(r)
        costs.loc["cost_per_mwh_load", r.name] = _cost_per_mwh(r)
        for p in COST_PARTS:
            costs.loc[f"discounted.{p}", r.name] = _num(disc.get(p))

    sh_index = pd.MultiIndex.from_product(
        [("renewable_share", "target_share", "gap_share"), years], names=["quantity", "year"]
    )
    shares = pd.DataFrame(index=sh_index, columns=cols, dtype=float)
    co2 = pd.DataFrame(index=pd.Index([*years, "total"], name="year"), columns=cols, dtype=float)
    for r in recs:
        share = _kpi(r, "renewable_share")
        targets = {int(t["year"]): _num(t.get("target_share")) for t in r.plan.get("targets") or []}
        for y in years:
            s, t = share.get(y, math.nan), targets.get(y, math.nan)
            shares.loc[("renewable_share", y), r.name] = s
            shares.loc[("target_share", y), r.name] = t
            shares.loc[("gap_share", y), r.name] = s - t
        c = _kpi(r, "co2_t")
        for y in years:
            co2.loc[y, r.name] = c.get(y, math.nan)
        co2.loc["total", r.name] = sum(c.values()) if c else math.nan

    rows = []
    for r in recs:
        for c in r.plan.get("checks") or []:
            rows.append(
                {
                    "plan": r.name,
                    "rule": c.get("rule"),
                    "year": int(c.get("year")),
                    "value": _num(c.get("value")),
                    "limit": _num(c.get("limit")),
                    "unit": c.get("unit"),
                    "sense": c.get("sense"),
                    "passed": bool(c.get("passed")),
                }
            )
    if rows:
        long = pd.DataFrame(rows)
        order = {k: i for i, k in enumerate(RULE_ORDER)}
        checks = long.pivot_table(
            index=["rule", "year"],
            columns="plan",
            values=["value", "limit", "unit", "sense", "passed"],
            aggfunc="first",
        )
        checks = checks.swaplevel(0, 1, axis=1)
        present = [c for c in cols if c in checks.columns.get_level_values(0)]
        checks = checks.reindex(
            columns=pd.MultiIndex.from_product(
                [present, ["value", "limit", "unit", "sense", "passed"]]
            )
        )
        checks = checks.iloc[
            sorted(
                range(len(checks)),
                key=lambda i: (order.get(checks.index[i][0], 99), checks.index[i]),
            )
        ]
    else:
        checks = pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["rule", "year"]))

    assumptions = _assumption_diff(recs)
    return {
        "summary": summary,
        "capacities": capacities,
        "costs": costs,
        "shares": shares,
        "co2": co2,
        "checks": checks,
        "assumptions": assumptions,
    }


def _toml_text(v: Any, pretty: bool = False) -> str:
    """Write a scenario value as TOML-like text; ``pretty``: numbers with thousands separators."""
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "true" if v else "false"
    if pretty and isinstance(v, int | float):
        return f"{v:,.0f}" if float(v).is_integer() and abs(v) < 1e15 else f"{v:,}"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return f"{v:.1f}"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_text(x, pretty) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {_toml_text(x, pretty)}" for k, x in v.items()) + "}"
    if isinstance(v, str):
        return v
    return str(v)


def _assumption_diff(recs: list[PlanRecord]) -> pd.DataFrame:
    """Scenario keys whose values differ between the plans (as text), in the TOML order."""
    keys: list[str] = []
    for r in recs:
        keys += [k for k in r.scenario if k not in keys]
    changed = []
    for k in keys:
        if k in _NOT_ASSUMPTIONS:
            continue
        vals = [r.scenario.get(k) for r in recs]
        if any(v != vals[0] for v in vals[1:]):
            changed.append(k)
    data = {r.name: [_toml_text(r.scenario.get(k), pretty=True) for k in changed] for r in recs}
    return pd.DataFrame(data, index=pd.Index(changed, name="key"), columns=[r.name for r in recs])


def differences(frame: pd.DataFrame) -> pd.DataFrame:
    """Return each plan's numbers minus the first plan's (same shape; the first column is 0)."""
    num = frame.apply(pd.to_numeric, errors="coerce")
    return num.sub(num.iloc[:, 0], axis=0)


# ---- words ---------------------------------------------------------------------------------------

#: key -> (English, Chinese).
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Plan comparison", "方案比较"),
    "subtitle": (
        "Several least-cost plans of low-carbon / zero-carbon industrial parks side by side",
        "低碳零碳工业园区多个最低成本方案对比",
    ),
    "read": (
        "Each column is one plan. Below each number of the second and later plans, the "
        "difference against the first plan ({first}) is shown in grey. Shares, rules and CO2 are "
        "those of the rule-based simulation of every hour. A plan passes only when every rule "
        "passes in every year.",
        "每列为一个方案。第二个及以后方案的数值下方以灰色显示与第一个方案（{first}）的差值。"
        "比例、规则校核与二氧化碳排放均取自逐时规则模拟结果。只有各年全部规则均满足，方案才算通过。",
    ),
    "plans": ("Plans", "方案"),
    "plan": ("Plan", "方案"),
    "folder": ("Folder", "文件夹"),
    "scenario": ("Scenario", "情景"),
    "status": ("Status", "状态"),
    "verdict": ("Verdict", "结论"),
    "variants": ("Variants", "变体"),
    "overrides": ("Overrides (--set)", "参数覆盖（--set）"),
    "none": ("none", "无"),
    "pass": ("passes every rule", "全部规则满足"),
    "fail": ("fails {n} rule check(s)", "{n} 项规则校核未通过"),
    "status_optimal": ("optimal", "最优"),
    "status_rule_failed": ("simulation fails a rule", "模拟未满足规则"),
    "status_infeasible": ("infeasible: targets unreachable", "不可行：目标无法达到"),
    "status_time_limit": ("stopped at the time limit", "达到计算时间上限"),
    "status_other": ("solver failure ({status})", "求解失败（{status}）"),
    "best_effort": (
        "best-effort plan: the cheapest one that gets closest to the targets",
        "尽力方案：最接近目标的最低成本方案",
    ),
    "sec_summary": ("Summary", "摘要"),
    "sec_diff": ("What differs between the plans", "各方案的假设差异"),
    "diff_none": (
        "The plans were computed from the same scenario (no key differs).",
        "各方案使用相同情景（无参数差异）。",
    ),
    "diff_unset": (
        "–: the key is not set in that plan's scenario (no limit, or the part is absent).",
        "–：该方案情景中未设置此参数（不限，或无此部分）。",
    ),
    "diff_missing": (
        "A plan has no embedded scenario (old plan.json); its assumptions are not compared.",
        "有方案未嵌入情景（旧版 plan.json），其假设未参与比较。",
    ),
    "key": ("Scenario key", "情景参数"),
    "sec_costs": ("Costs", "成本"),
    "sec_caps": ("Installed capacity by year", "各年装机容量"),
    "sec_shares": (
        "Renewable consumption share against the target (simulated)",
        "新能源消纳比例与目标（模拟）",
    ),
    "sec_checks": ("Every rule by year (simulated)", "各年规则校核（模拟）"),
    "sec_co2": ("CO2 emissions (simulated)", "二氧化碳排放（模拟）"),
    "year": ("Year", "年份"),
    "total": ("Total", "合计"),
    "rule": ("Rule", "规则"),
    "quantity": ("Quantity", "项目"),
    "cost": ("Cost", "成本"),
    "discounted_total": ("Discounted total cost", "折现总成本"),
    "total_investment": ("Total investment (new capacity)", "总投资（新增装机）"),
    "cost_per_mwh_load": ("Cost per MWh of load (levelised)", "单位用电成本（平准化）"),
    "discounted.wind_annuity": ("  of which wind annuities", "  其中：风电年化投资"),
    "discounted.solar_annuity": ("  of which solar annuities", "  其中：光伏年化投资"),
    "discounted.storage_energy_annuity": (
        "  of which storage energy annuities",
        "  其中：储能容量年化投资",
    ),
    "discounted.storage_power_annuity": (
        "  of which storage power annuities",
        "  其中：储能功率年化投资",
    ),
    "discounted.fixed_om": ("  of which fixed O&M", "  其中：固定运维"),
    "discounted.import_cost": ("  of which grid import", "  其中：网购电"),
    "discounted.fuel_cost": ("  of which coal fuel", "  其中：自备电厂燃料"),
    "discounted.export_revenue": ("  minus export revenue", "  减：外送收入"),
    "discounted.unserved_cost": ("  of which unserved energy", "  其中：缺电损失"),
    "cost_note": (
        "Discounted total: the optimiser's objective over the horizon. Total investment: "
        "overnight cost of the capacity added (undiscounted). Cost per MWh of load: discounted "
        "total ÷ discounted load energy.",
        "折现总成本：规划期内优化目标值。总投资：新增装机的静态投资（未折现）。"
        "单位用电成本：折现总成本 ÷ 折现用电量。",
    ),
    "wind_mw": ("Wind [MW]", "风电 [MW]"),
    "solar_mw": ("Solar [MW]", "光伏 [MW]"),
    "storage_mwh": ("Storage energy [MWh]", "储能容量 [MWh]"),
    "storage_mw": ("Storage power [MW]", "储能功率 [MW]"),
    "target": ("target", "目标"),
    "met": ("met", "达标"),
    "not_met": ("not met", "未达标"),
    "co2_unit": ("CO2 [kt]", "二氧化碳 [千吨]"),
    "co2_t": ("CO2 [t]", "二氧化碳 [吨]"),
    "limit": ("limit", "限值"),
    "value": ("value", "数值"),
    "passed": ("passed", "通过"),
    "failed": ("failed", "未通过"),
    "no_checks": ("No rule checks (no plan).", "无规则校核（无方案）。"),
    "no_rule": (
        "–: the rule does not apply to this plan (switched off in its scenario, or no plan).",
        "–：该规则不适用于此方案（情景中未启用，或无方案）。",
    ),
    "no_plan": ("no plan", "无方案"),
    "rule_renewable_share": ("Renewable consumption share ≥ target", "新能源消纳比例 ≥ 目标"),
    "rule_unserved_share": ("Unserved energy (share of load) ≤ limit", "缺电量占比 ≤ 限值"),
    "rule_renewable_utilisation": ("Renewable utilisation ≥ floor", "新能源利用率 ≥ 下限"),
    "rule_storage_power_ratio": (
        "Storage power per MW of wind + solar ≥ limit",
        "储能功率配比（占风光装机）≥ 限值",
    ),
    "rule_storage_energy_hours": (
        "Storage energy per MW of wind + solar [h] ≥ limit",
        "储能时长（按风光装机）[h] ≥ 限值",
    ),
    "rule_import_peak_mw": ("Peak import [MW] ≤ connection", "最大网购电功率 [MW] ≤ 接网容量"),
    "rule_export_peak_mw": ("Peak export [MW] ≤ connection", "最大外送功率 [MW] ≤ 接网容量"),
    "rule_coal_max_mw": ("Peak coal output [MW] ≤ capacity", "自备电厂最大出力 [MW] ≤ 装机"),
    "rule_coal_must_run_mw": (
        "Lowest coal output [MW] ≥ must-run",
        "自备电厂最小出力 [MW] ≥ 最小技术出力",
    ),
    "generated": (
        "Written by parkbalance {version} from the plan.json files of the folders above.",
        "由 parkbalance {version} 根据上述文件夹中的 plan.json 生成。",
    ),
    "lang_other": ("中文版", "English"),
    "money_m": ("{cur} million", "万元"),
    "money_b": ("{cur} billion", "亿元"),
    "per_mwh": ("{cur}/MWh", "元/MWh"),
    "sheet_summary": ("summary", "摘要"),
    "sheet_costs": ("costs", "成本"),
    "sheet_caps": ("capacities", "装机容量"),
    "sheet_shares": ("shares", "消纳比例"),
    "sheet_checks": ("checks", "规则校核"),
    "sheet_co2": ("co2", "二氧化碳"),
    "sheet_diff": ("assumptions", "假设差异"),
    "delta": ("Δ {name}", "Δ {name}"),
    "share_col": ("share", "消纳比例"),
    "target_col": ("target", "目标"),
    "result": ("result", "结果"),
}


def _w(key: str, lang: str, **kw: Any) -> str:
    en, zh = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**kw) if kw else text


def _money_word(key: str, lang: str, cur: str) -> str:
    """Return the unit word of money; Chinese 万元/亿元 for CNY, else ``万 USD``."""
    text = _w(key, lang, cur=cur)
    if lang == "zh" and cur != "CNY":
        text = {"money_m": f"万 {cur}", "money_b": f"亿 {cur}", "per_mwh": f"{cur}/MWh"}[key]
    return text


#: From this amount on, money is shown in billions (English) or 亿 (Chinese) [currency].
BILLION_FROM = {"en": 1e10, "zh": 1e9}


def money_scale(values: Sequence[float], lang: str, cur: str = "CNY") -> tuple[float, str, int]:
    """Choose one money unit for a table: (divisor, unit word, decimals).

    English: CNY million with one decimal, CNY billion with two decimals when the largest value
    reaches 10 billion; Chinese: 万元 without decimals, 亿元 with two decimals when the largest
    value reaches 10 亿 (1e9). So the smallest step shown is at most 1 million (0.01 亿).
    """
    finite = [abs(v) for v in values if isinstance(v, float | int) and math.isfinite(v)]
    big = max(finite, default=0.0)
    if big >= BILLION_FROM["zh" if lang == "zh" else "en"]:
        return (1e8 if lang == "zh" else 1e9), _money_word("money_b", lang, cur), 2
    return (
        (1e4 if lang == "zh" else 1e6),
        _money_word("money_m", lang, cur),
        (0 if lang == "zh" else 1),
    )


def _fmt(v: float, digits: int, signed: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    text = f"{v:+,.{digits}f}" if signed else f"{v:,.{digits}f}"
    if text.lstrip("+-").strip("0.,") == "":
        text = f"{0:.{digits}f}" if not signed else f"±{0:.{digits}f}"
    return text.replace("-", "−")


def _pct(v: float, signed: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return _fmt(v * 100, 1, signed) + ("" if signed else "%")


def _status_word(status: str, lang: str) -> str:
    key = f"status_{status}"
    return _w(key, lang) if key in WORDS else _w("status_other", lang, status=status)


# ---- HTML ----------------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",
"Segoe UI",Helvetica,Arial,sans-serif;margin:24px auto;max-width:1200px;color:#1b1b1b;
padding:0 16px;line-height:1.45}
h1{font-size:26px;margin:0 0 4px} h2{font-size:19px;margin:28px 0 8px;
border-bottom:2px solid #d8dee4;padding-bottom:4px}
p.sub{color:#555;margin:0 0 12px} p.note{color:#555;font-size:13px;margin:6px 0}
table{border-collapse:collapse;margin:6px 0 10px;font-size:14px}
th,td{border:1px solid #d0d7de;padding:4px 9px;vertical-align:top}
th{background:#f3f5f7;text-align:left;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.l{white-space:nowrap} td.sub{color:#555;padding-left:22px}
span.d{display:block;color:#777;font-size:12px}
span.up{color:#b35900} span.down{color:#1a7f37}
td.ok{background:#e9f7ef} td.bad{background:#fdecea}
span.ok{color:#1a7f37;font-weight:600} span.bad{color:#c62828;font-weight:600}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:13px;background:#f6f8fa;
padding:0 3px;border-radius:3px}
th.plan{text-align:center;min-width:120px}
div.lang{float:right;font-size:14px}
"""


@dataclass
class _Html:
    lang: str
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _code(text: object) -> str:
    return f"<code>{_e(text)}</code>"


def _plan_heads(recs: list[PlanRecord]) -> str:
    return "".join(f'<th class="plan">{_code(r.name)}</th>' for r in recs)


def _num_cell(v: float, text: str, delta: str | None = None, cls: str = "n") -> str:
    raw = "" if v is None or not math.isfinite(v) else f' data-value="{v!r}"'
    d = f'<span class="d">{delta}</span>' if delta else ""
    return f'<td class="{cls}"{raw}>{text}{d}</td>'


def _delta_text(v: float, ref: float, fmt) -> str | None:
    if not (math.isfinite(v) and math.isfinite(ref)):
        return None
    diff = v - ref
    if abs(diff) <= 1e-9 * max(abs(ref), 1.0):
        return None
    text = "Δ " + fmt(diff, True)
    if abs(ref) > 1e-9 and abs(diff) > 1e-12:
        text += f" ({_fmt(diff / abs(ref) * 100, 1, True)}%)"
    return text


def _row(label: str, values: list[float], fmt, sub: bool = False) -> str:
    """Return a table row: label, one number per plan, its difference to the first below."""
    cells = [f'<td class="l{" sub" if sub else ""}">{label}</td>']
    ref = values[0] if values else math.nan
    for i, v in enumerate(values):
        delta = _delta_text(v, ref, fmt) if i > 0 else None
        cells.append(_num_cell(v, fmt(v, False), delta))
    return "<tr>" + "".join(cells) + "</tr>"


def _section_summary(page: _Html, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    s = tables["summary"]
    page.add(f"<h2>{_w('sec_summary', lang)}</h2><table>")
    page.add(f"<tr><th>{_w('plan', lang)}</th>{_plan_heads(recs)}</tr>")
    rows = [
        ("scenario", lambda r: _code(s.loc["scenario", r.name])),
        (
            "status",
            lambda r: (
                _e(_status_word(str(s.loc["status", r.name]), lang))
                + (
                    f'<span class="d">{_w("best_effort", lang)}</span>'
                    if r.plan.get("plan_kind") == "best_effort"
                    else ""
                )
            ),
        ),
        (
            "verdict",
            lambda r: (
                f'<span class="ok">✓ {_w("pass", lang)}</span>'
                if s.loc["passed", r.name]
                else f'<span class="bad">✗ '
                f"{_w('fail', lang, n=int(s.loc['failed_checks', r.name]))}</span>"
                + "".join(f'<span class="d">{_e(t)}</span>' for t in _failures(r, lang))
                if r.plan.get("checks")
                else f'<span class="bad">✗ {_w("no_plan", lang)}</span>'
            ),
        ),
        (
            "variants",
            lambda r: (
                _code(s.loc["variants", r.name]) if s.loc["variants", r.name] else _w("none", lang)
            ),
        ),
        (
            "overrides",
            lambda r: (
                "<br>".join(_code(x) for x in str(s.loc["overrides", r.name]).split("; "))
                if s.loc["overrides", r.name]
                else _w("none", lang)
            ),
        ),
        ("folder", lambda r: _code(r.path)),
    ]
    for key, cell in rows:
        page.add(
            f"<tr><th>{_w(key, lang)}</th>"
            + "".join(f'<td class="l">{cell(r)}</td>' for r in recs)
            + "</tr>"
        )
    page.add("</table>")


def _section_diff(page: _Html, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    diff = tables["assumptions"]
    page.add(f"<h2>{_w('sec_diff', lang)}</h2>")
    if any(not r.scenario for r in recs):
        page.add(f'<p class="note">{_w("diff_missing", lang)}</p>')
    if diff.empty:
        page.add(f"<p>{_w('diff_none', lang)}</p>")
        return
    page.add(f"<table><tr><th>{_w('key', lang)}</th>{_plan_heads(recs)}</tr>")
    for key, row in diff.iterrows():
        ref = row.iloc[0]
        cells = []
        for i, v in enumerate(row):
            style = ' style="background:#fff8e1"' if i > 0 and v != ref else ""
            cells.append(f'<td class="l"{style}>{_code(v)}</td>')
        page.add(f"<tr><td>{_code(key)}</td>{''.join(cells)}</tr>")
    page.add("</table>")
    if (diff == "–").to_numpy().any():
        page.add(f'<p class="note">{_w("diff_unset", lang)}</p>')


def _section_costs(page: _Html, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    costs = tables["costs"]
    cur = recs[0].currency
    page.add(f"<h2>{_w('sec_costs', lang)}</h2><table>")
    page.add(f"<tr><th>{_w('cost', lang)}</th>{_plan_heads(recs)}</tr>")
    # one money unit for the table, chosen by its largest rows, so that the rows add up
    big = [float(v) for k in ("discounted_total", "total_investment") for v in costs.loc[k]]
    div, unit, digits = money_scale(big, lang, cur)
    for key in costs.index:
        vals = [float(v) for v in costs.loc[key]]
        if key.startswith("discounted.") and all(
            not math.isfinite(v) or abs(v) < 0.5 for v in vals
        ):
            continue  # a part that is zero in every plan
        if key == "cost_per_mwh_load":

            def fmt(v: float, signed: bool, _d: int = 1) -> str:
                return _fmt(v, _d, signed)

            label = f"{_w(key, lang)} [{_money_word('per_mwh', lang, cur)}]"
            page.add(_row(_e(label), vals, fmt))
            continue

        def fmt(v: float, signed: bool, _div: float = div, _dg: int = digits) -> str:
            return _fmt(v / _div, _dg, signed)

        label = f"{_w(key, lang).strip()} [{unit}]"
        page.add(_row(_e(label), vals, fmt, sub=key.startswith("discounted.")))
    page.add(f'</table><p class="note">{_w("cost_note", lang)}</p>')


def _section_caps(page: _Html, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    caps = tables["capacities"]
    page.add(f"<h2>{_w('sec_caps', lang)}</h2><table>")
    page.add(
        f"<tr><th>{_w('quantity', lang)}</th><th>{_w('year', lang)}</th>{_plan_heads(recs)}</tr>"
    )

    def fmt(v: float, signed: bool) -> str:
        return _fmt(v, 0, signed)

    for key in CAPACITY_KEYS:
        sub = caps.loc[key]
        first = True
        for year, row in sub.iterrows():
            label = f'<th rowspan="{len(sub)}">{_w(key, lang)}</th>' if first else ""
            first = False
            r = _row(str(year), [float(v) for v in row], fmt)
            page.add(r.replace("<tr>", "<tr>" + label, 1))
    page.add("</table>")


def _section_shares(page: _Html, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    sh = tables["shares"]
    page.add(f"<h2>{_w('sec_shares', lang)}</h2><table>")
    page.add(f"<tr><th>{_w('year', lang)}</th>{_plan_heads(recs)}</tr>")
    years = list(sh.loc["renewable_share"].index)
    for y in years:
        cells = [f'<td class="l">{y}</td>']
        ref = float(sh.loc[("renewable_share", y)].iloc[0])
        for i, r in enumerate(recs):
            s = float(sh.loc[("renewable_share", y), r.name])
            t = float(sh.loc[("target_share", y), r.name])
            ok = math.isfinite(s) and math.isfinite(t) and s >= t - 1e-6
            mark = (
                '<span class="ok">✓</span>'
                if ok
                else ('<span class="bad">✗</span>' if math.isfinite(s) else "")
            )
            delta = (
                "Δ " + _pct(s - ref, True) + " " + ("pp" if lang == "en" else "个百分点")
                if i > 0 and math.isfinite(s) and math.isfinite(ref) and abs(s - ref) > 1e-12
                else None
            )
            extra = f'<span class="d">{_w("target", lang)} {_pct(t)}</span>'
            d = f'<span class="d">{delta}</span>' if delta else ""
            raw = f' data-value="{s!r}"' if math.isfinite(s) else ""
            cls = "n ok" if ok else ("n bad" if math.isfinite(s) else "n")
            cells.append(f'<td class="{cls}"{raw}>{_pct(s)} {mark}{extra}{d}</td>')
        page.add("<tr>" + "".join(cells) + "</tr>")
    page.add("</table>")


def _failures(rec: PlanRecord, lang: str) -> list[str]:
    """Return one short line per failing check: ``2027: rule: value (limit ≤ x)``."""
    out = []
    for c in rec.plan.get("checks") or []:
        if c.get("passed", True):
            continue
        key = f"rule_{c.get('rule')}"
        label = _w(key, lang) if key in WORDS else str(c.get("rule"))
        label = re.split(r" [≥≤] ", label)[0]  # the limit follows in brackets
        unit = str(c.get("unit"))
        sense = str(c.get("sense")).replace(">=", "≥").replace("<=", "≤")
        value, limit = (
            _check_text(_num(c.get("value")), unit),
            _check_text(_num(c.get("limit")), unit),
        )
        out.append(f"{c.get('year')}: {label}: {value} ({_w('limit', lang)} {sense} {limit})")
    return out


def _check_text(value: float, unit: str) -> str:
    return _pct(value) if unit == "share" else _fmt(value, 1)


def _section_checks(page: _Html, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    checks = tables["checks"]
    page.add(f"<h2>{_w('sec_checks', lang)}</h2>")
    if checks.empty:
        page.add(f"<p>{_w('no_checks', lang)}</p>")
        return
    page.add(
        f"<table><tr><th>{_w('rule', lang)}</th><th>{_w('year', lang)}</th>{_plan_heads(recs)}</tr>"
    )
    rules = list(dict.fromkeys(checks.index.get_level_values(0)))
    missing = False
    for rule in rules:
        sub = checks.loc[rule]
        label_key = f"rule_{rule}"
        label = _w(label_key, lang) if label_key in WORDS else rule
        first = True
        for year, row in sub.iterrows():
            cells = []
            if first:
                cells.append(f'<th rowspan="{len(sub)}">{_e(label)}</th>')
                first = False
            cells.append(f'<td class="l">{year}</td>')
            for r in recs:
                if (r.name, "value") not in row.index or pd.isna(row[(r.name, "value")]):
                    cells.append('<td class="n">–</td>')
                    missing = True
                    continue
                v, lim = float(row[(r.name, "value")]), float(row[(r.name, "limit")])
                unit, sense = str(row[(r.name, "unit")]), str(row[(r.name, "sense")])
                ok = bool(row[(r.name, "passed")])
                mark = '<span class="ok">✓</span>' if ok else '<span class="bad">✗</span>'
                lim_text = f"{sense.replace('>=', '≥').replace('<=', '≤')} {_check_text(lim, unit)}"
                cells.append(
                    f'<td class="n {"ok" if ok else "bad"}" data-value="{v!r}" '
                    f'data-limit="{lim!r}" data-passed="{str(ok).lower()}">'
                    f"{_check_text(v, unit)} {mark}"
                    f'<span class="d">{_w("limit", lang)} {lim_text}</span></td>'
                )
            page.add("<tr>" + "".join(cells) + "</tr>")
    page.add("</table>")
    if missing:
        page.add(f'<p class="note">{_w("no_rule", lang)}</p>')


def _section_co2(page: _Html, recs: list[PlanRecord], tables: dict) -> None:
    lang = page.lang
    co2 = tables["co2"]
    page.add(f"<h2>{_w('sec_co2', lang)}</h2><table>")
    page.add(f"<tr><th>{_w('co2_unit', lang)}</th>{_plan_heads(recs)}</tr>")

    def fmt(v: float, signed: bool) -> str:
        return _fmt(v / 1e3, 1, signed)

    for y, row in co2.iterrows():
        label = _w("total", lang) if y == "total" else str(y)
        page.add(_row(label, [float(v) for v in row], fmt))
    page.add("</table>")


def render_compare_html(
    dirs: Sequence[str | Path] | Sequence[PlanRecord],
    lang: str = "en",
    names: Sequence[str] | None = None,
    title: str | None = None,
    link_other: bool = False,
) -> str:
    """Return the self-contained comparison page (HTML) in English (``en``) or Chinese (``zh``).

    Sections: summary (scenario, status, verdict, variants, overrides, folder), what differs
    between the plans (scenario keys), costs, capacities by year, shares against targets, every
    rule by year, CO2; each number of the second and later plans with its difference to the
    first. Numeric cells carry the unrounded value in ``data-value``. ``link_other`` adds a
    link to the page in the other language (``compare.html`` / ``compare.zh.html``).
    """
    if lang not in ("en", "zh"):
        raise InputError("--lang", None, "must be en, zh or both")
    recs = (
        list(dirs)
        if dirs and all(isinstance(d, PlanRecord) for d in dirs)
        else read_plans(dirs, names)  # type: ignore[arg-type]
    )
    tables = compare(recs)
    from simulator.provenance import parkbalance_version

    page = _Html(lang)
    other = "compare.zh.html" if lang == "en" else "compare.html"
    heading = _e(title) if title else _w("title", lang)
    page.add(
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{heading}</title><style>{_CSS}</style></head><body>"
        + (
            f'<div class="lang"><a href="{other}">{_w("lang_other", lang)}</a></div>'
            if link_other
            else ""
        )
        + f'<h1>{heading}</h1><p class="sub">{_w("subtitle", lang)}</p>'
        f'<p class="note">{_w("read", lang, first=_code(recs[0].name))}</p>'
    )
    _section_summary(page, recs, tables)
    _section_diff(page, recs, tables)
    _section_costs(page, recs, tables)
    _section_caps(page, recs, tables)
    _section_shares(page, recs, tables)
    _section_checks(page, recs, tables)
    _section_co2(page, recs, tables)
    page.add(
        f'<p class="note">{_w("generated", lang, version=_e(parkbalance_version()))}</p>'
        "</body></html>"
    )
    return "\n".join(page.parts)


# ---- workbook ------------------------------------------------------------------------------------


def write_compare_workbook(
    dirs: Sequence[str | Path] | Sequence[PlanRecord],
    path: str | Path,
    lang: str = "en",
    names: Sequence[str] | None = None,
) -> Path:
    """Write the comparison as an Excel workbook, atomically.

    Sheets (names and headers in ``lang``): summary, costs (money in CNY million, or 万元 in
    Chinese; cost per MWh in CNY/MWh), capacities, shares (fractions shown as percentages),
    checks (value, limit, passed per plan), co2 [t], assumptions (changed scenario keys).
    Each numeric sheet has one column per plan and then one ``Δ PLAN`` column per later plan
    (the difference against the first). Headers are bold and frozen, columns sized to fit.

    Returns
    -------
    Path
        The workbook's path.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from simulator.io import atomic_write

    recs = (
        list(dirs)
        if dirs and all(isinstance(d, PlanRecord) for d in dirs)
        else read_plans(dirs, names)  # type: ignore[arg-type]
    )
    tables = compare(recs)
    names_ = [r.name for r in recs]
    cur = recs[0].currency
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="F3F5F7")

    def sheet(
        key: str,
        header: list[str],
        rows: list[list[Any]],
        formats: dict[int, str],
        freeze: str,
    ) -> None:
        ws = wb.create_sheet(_w(key, lang))
        ws.append(header)
        for c in ws[1]:
            c.font = bold
            c.fill = head_fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append([None if isinstance(v, float) and not math.isfinite(v) else v for v in row])
        for col, fmt in formats.items():
            for cell in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                for c in cell:
                    if isinstance(c.value, int | float) and not isinstance(c.value, bool):
                        c.number_format = fmt
        ws.freeze_panes = freeze
        for i in range(1, len(header) + 1):
            width = max(
                (_text_width(ws.cell(row=r, column=i).value) for r in range(1, ws.max_row + 1)),
                default=8,
            )
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 9), 60)

    deltas = [_w("delta", lang, name=n) for n in names_[1:]]

    def with_deltas(vals: list[float]) -> list[float]:
        ref = vals[0]
        return vals + [v - ref for v in vals[1:]]

    # summary
    s = tables["summary"]
    rows = []
    for key in ("scenario", "status", "verdict", "variants", "overrides", "folder"):
        if key == "verdict":
            rows.append(
                [_w(key, lang)]
                + [
                    _w("pass", lang)
                    if s.loc["passed", n]
                    else _w("fail", lang, n=int(s.loc["failed_checks", n]))
                    for n in names_
                ]
            )
        elif key == "status":
            rows.append([_w(key, lang)] + [_status_word(str(s.loc[key, n]), lang) for n in names_])
        else:
            rows.append([_w(key, lang)] + [str(s.loc[key, n] or "") for n in names_])
    sheet("sheet_summary", [_w("plan", lang), *names_], rows, {}, "B2")

    # costs: one fixed unit per sheet, so the column can be summed and compared
    costs = tables["costs"]
    money = _money_word("money_m", lang, cur)
    div = 1e4 if lang == "zh" else 1e6
    rows = []
    for key in costs.index:
        vals = [float(v) for v in costs.loc[key]]
        if key == "cost_per_mwh_load":
            label = f"{_w(key, lang)} [{_money_word('per_mwh', lang, cur)}]"
            rows.append([label, *with_deltas(vals)])
        else:
            label = f"{_w(key, lang).strip()} [{money}]"
            rows.append([label, *with_deltas([v / div for v in vals])])
    n_cols = 1 + len(names_) + len(deltas)
    sheet(
        "sheet_costs",
        [_w("cost", lang), *names_, *deltas],
        rows,
        {i: "#,##0" if lang == "zh" else "#,##0.0" for i in range(2, n_cols + 1)},
        "B2",
    )

    caps = tables["capacities"]
    rows = [
        [_w(q, lang), int(y), *with_deltas([float(v) for v in row])]
        for (q, y), row in caps.iterrows()
    ]
    sheet(
        "sheet_caps",
        [_w("quantity", lang), _w("year", lang), *names_, *deltas],
        rows,
        {i: "#,##0.0" for i in range(3, n_cols + 2)},
        "C2",
    )

    sh = tables["shares"]
    labels = {
        "renewable_share": _w("share_col", lang),
        "target_share": _w("target_col", lang),
        "gap_share": f"{_w('share_col', lang)} − {_w('target_col', lang)}",
    }
    rows = [
        [labels[q], int(y), *with_deltas([float(v) for v in row])] for (q, y), row in sh.iterrows()
    ]
    sheet(
        "sheet_shares",
        [_w("quantity", lang), _w("year", lang), *names_, *deltas],
        rows,
        {i: "0.0%" for i in range(3, n_cols + 2)},
        "C2",
    )

    checks = tables["checks"]
    header = [_w("rule", lang), _w("year", lang)]
    for n in names_:
        header += [
            f"{n}: {_w('value', lang)}",
            f"{n}: {_w('limit', lang)}",
            f"{n}: {_w('result', lang)}",
        ]
    rows = []
    formats: dict[int, str] = {}
    for (rule, year), row in checks.iterrows():
        label_key = f"rule_{rule}"
        out: list[Any] = [_w(label_key, lang) if label_key in WORDS else rule, int(year)]
        for n in names_:
            if (n, "value") in row.index and not pd.isna(row[(n, "value")]):
                ok = bool(row[(n, "passed")])
                out += [
                    float(row[(n, "value")]),
                    float(row[(n, "limit")]),
                    _w("passed", lang) if ok else _w("failed", lang),
                ]
            else:
                out += [None, None, None]
        rows.append(out)
    sheet("sheet_checks", header, rows, formats, "C2")
    # per row formats: shares as percentages, MW and hours with one decimal
    ws = wb[_w("sheet_checks", lang)]
    for i, ((rule, _year), row) in enumerate(checks.iterrows(), start=2):
        units = {str(row[(n, "unit")]) for n in names_ if (n, "unit") in row.index}
        fmt = "0.0%" if units == {"share"} else "#,##0.0"
        for j in range(len(names_)):
            for k in (0, 1):
                ws.cell(row=i, column=3 + 3 * j + k).number_format = fmt

    co2 = tables["co2"]
    rows = [
        [_w("total", lang) if y == "total" else int(y), *with_deltas([float(v) for v in row])]
        for y, row in co2.iterrows()
    ]
    sheet(
        "sheet_co2",
        [f"{_w('year', lang)} / {_w('co2_t', lang)}", *names_, *deltas],
        rows,
        {i: "#,##0" for i in range(2, n_cols + 1)},
        "B2",
    )

    diff = tables["assumptions"]
    rows = []
    for key in diff.index:  # numbers stay numbers in the workbook
        vals = [r.scenario.get(key) for r in recs]
        rows.append(
            [str(key)]
            + [
                v if isinstance(v, int | float) and not isinstance(v, bool) else _toml_text(v)
                for v in vals
            ]
        )
    sheet("sheet_diff", [_w("key", lang), *names_], rows, {}, "B2")

    return atomic_write(Path(path), lambda p: wb.save(p))


def _text_width(v: Any) -> int:
    if v is None:
        return 0
    if isinstance(v, float):
        text = f"{v:,.1f}"
    else:
        text = str(v)
    # CJK characters are about two columns wide
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


# ---- files ---------------------------------------------------------------------------------------

#: The comparison page in English and in Chinese, and the workbooks.
HTML_FILES = {"en": "compare.html", "zh": "compare.zh.html"}
WORKBOOK_FILES = {"en": "results.xlsx", "zh": "results.zh.xlsx"}


def langs_of(lang: str) -> list[str]:
    """``en``, ``zh`` or ``both`` → the languages to write.

    Raises
    ------
    InputError
        Any other value (naming ``--lang``).
    """
    if lang == "both":
        return ["en", "zh"]
    if lang in ("en", "zh"):
        return [lang]
    raise InputError("--lang", None, f"must be en, zh or both, not {lang!r}")


def write_compare(
    dirs: Sequence[str | Path],
    out: str | Path,
    lang: str = "both",
    names: Sequence[str] | None = None,
    title: str | dict[str, str] | None = None,
) -> list[Path]:
    """Write the comparison of several plan folders into ``out``.

    Writes ``compare.html`` (English) and/or ``compare.zh.html`` (Chinese), and the workbook
    ``results.xlsx`` (English headers) and/or ``results.zh.xlsx`` (Chinese headers); each file
    atomically. Every folder is read before anything is written.

    Parameters
    ----------
    dirs : sequence of str or Path
        Plan folders; the first is the reference of the differences.
    out : str or Path
        Output folder (created).
    lang : {"en", "zh", "both"}
        Language(s) of the page and the workbook.
    names : sequence of str, optional
        Labels of the plans (default: the folder names).
    title : str or dict, optional
        Heading of the page (default "Plan comparison" / "方案比较"), or one per language
        (``{"en": ..., "zh": ...}``).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InputError
        A folder without ``plan.json`` or a bad ``lang``; nothing is written.
    simulator.errors.OutputError
        ``out`` is a file or cannot be written.
    """
    from simulator.errors import OutputError
    from simulator.io import write_text

    langs = langs_of(lang)
    recs = read_plans(dirs, names)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(out, "is a file, not a folder")
    pages = {
        lg: render_compare_html(
            recs,
            lg,
            title=title.get(lg) if isinstance(title, dict) else title,
            link_other=len(langs) > 1,
        )
        for lg in langs
    }
    written = []
    try:
        for lg in langs:
            written.append(write_text(out / HTML_FILES[lg], pages[lg]))
            written.append(write_compare_workbook(recs, out / WORKBOOK_FILES[lg], lg))
    except OSError as exc:
        raise OutputError(out, exc.strerror or str(exc)) from None
    return written
