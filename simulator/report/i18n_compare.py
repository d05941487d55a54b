"""Words of the comparison of plans in English and Chinese.

The pages of ``parkbalance compare`` / ``study``: a part of :data:`simulator.report.i18n.STRINGS`.
"""

from __future__ import annotations

__all__ = ["COMPARE_WORDS"]

#: key -> (English, Chinese).
COMPARE_WORDS: dict[str, tuple[str, str]] = {
    "cmp_title": ("Plan comparison", "方案比较"),
    "cmp_subtitle": (
        "Several least-cost plans of low-carbon / zero-carbon industrial parks side by side",
        "低碳零碳工业园区多个最低成本方案对比",
    ),
    "cmp_read": (
        "Each column is one plan. Below each number of the second and later plans, the "
        "difference against the first plan ({first}) is shown in grey. Shares, rules and CO2 are "
        "those of the rule-based simulation of every hour. A plan passes only when every rule "
        "passes in every year.",
        "每列为一个方案。第二个及以后方案的数值下方以灰色显示与第一个方案（{first}）的差值。"
        "比例、规则校核与二氧化碳排放均取自逐时规则模拟结果。只有各年全部规则均满足，方案才算通过。",
    ),
    "cmp_plan": ("Plan", "方案"),
    "cmp_folder": ("Folder", "文件夹"),
    "cmp_scenario": ("Scenario", "情景"),
    "cmp_status": ("Status", "状态"),
    "cmp_verdict": ("Verdict", "结论"),
    "cmp_variants": ("Variants", "变体"),
    "cmp_overrides": ("Overrides (--set)", "参数覆盖（--set）"),
    "cmp_none": ("none", "无"),
    "cmp_pass": ("passes every rule", "全部规则满足"),
    "cmp_fail": ("fails {n} rule check(s)", "{n} 项规则校核未通过"),
    "cmp_no_plan": ("no plan", "无方案"),
    "cmp_best_effort": (
        "best-effort plan: the cheapest one that gets closest to the targets",
        "尽力方案：最接近目标的最低成本方案",
    ),
    "cmp_sec_summary": ("Summary", "摘要"),
    "cmp_sec_diff": ("What differs between the plans", "各方案的假设差异"),
    "cmp_sec_costs": ("Costs", "成本"),
    "cmp_sec_caps": ("Installed capacity by year", "各年装机容量"),
    "cmp_sec_shares": (
        "Renewable consumption share against the target (simulated)",
        "新能源消纳比例与目标（模拟）",
    ),
    "cmp_sec_checks": ("Every rule by year (simulated)", "各年规则校核（模拟）"),
    "cmp_sec_co2": ("CO2 emissions (simulated)", "二氧化碳排放（模拟）"),
    "cmp_tab_summary": (
        "The plans: status, verdict and what was changed",
        "各方案：状态、结论与改动",
    ),
    "cmp_tab_diff": ("Scenario keys whose value differs", "取值不同的情景参数"),
    "cmp_tab_costs": ("Costs of the plans", "各方案成本"),
    "cmp_tab_caps": ("Capacity in place at the end of each year", "各年末装机容量"),
    "cmp_tab_shares": (
        "Simulated renewable consumption share and the year's target",
        "模拟新能源消纳比例与当年目标",
    ),
    "cmp_tab_checks": (
        "Every rule of each plan by year: value and limit",
        "各方案各年规则：数值与限值",
    ),
    "cmp_tab_co2": ("CO2 emissions by year", "各年二氧化碳排放"),
    "cmp_diff_none": (
        "The plans were computed from the same scenario (no key differs).",
        "各方案使用相同情景（无参数差异）。",
    ),
    "cmp_diff_unset": (
        "–: the key is not set in that plan's scenario (no limit, or the part is absent).",
        "–：该方案情景中未设置此参数（不限，或无此部分）。",
    ),
    "cmp_diff_missing": (
        "A plan has no embedded scenario (old plan.json); its assumptions are not compared.",
        "有方案未嵌入情景（旧版 plan.json），其假设未参与比较。",
    ),
    "cmp_key": ("Scenario key", "情景参数"),
    "cmp_cost": ("Cost", "成本"),
    "cmp_quantity": ("Quantity", "项目"),
    "cmp_total": ("Total", "合计"),
    "cmp_discounted_total": ("Discounted total cost", "折现总成本"),
    "cmp_total_investment": ("Total investment (new capacity)", "总投资（新增装机）"),
    "cmp_cost_per_mwh_load": ("Cost per MWh of load (levelised)", "单位用电成本（平准化）"),
    "cmp_discounted.wind_annuity": ("of which wind annuities", "其中：风电年化投资"),
    "cmp_discounted.solar_annuity": ("of which solar annuities", "其中：光伏年化投资"),
    "cmp_discounted.storage_energy_annuity": (
        "of which storage energy annuities",
        "其中：储能容量年化投资",
    ),
    "cmp_discounted.storage_power_annuity": (
        "of which storage power annuities",
        "其中：储能功率年化投资",
    ),
    "cmp_discounted.fixed_om": ("of which fixed O&M", "其中：固定运维"),
    "cmp_discounted.import_cost": ("of which grid import", "其中：网购电"),
    "cmp_discounted.fuel_cost": ("of which coal fuel", "其中：自备电厂燃料"),
    "cmp_discounted.export_revenue": ("minus export revenue", "减：外送收入"),
    "cmp_discounted.unserved_cost": ("of which unserved energy", "其中：缺电损失"),
    "cmp_discounted.retrofit_annuity": (
        "of which coal retrofit annuities",
        "其中：煤电灵活性改造年化投资",
    ),
    "cmp_discounted.process_annuity": (
        "of which flexible process annuities (capacity and buffer)",
        "其中：柔性工艺年化投资（产能与缓冲）",
    ),
    "cmp_discounted.curtail_cost": ("of which curtailed load", "其中：可中断负荷削减成本"),
    "cmp_discounted.shortfall_cost": ("of which product shortfall", "其中：产品缺口损失"),
    "cmp_cost_note": (
        "Discounted total: the optimiser's objective over the horizon. Total investment: "
        "overnight cost of the capacity added (undiscounted). Cost per MWh of load: discounted "
        "total ÷ discounted load energy.",
        "折现总成本：规划期内优化目标值。总投资：新增装机的静态投资（未折现）。"
        "单位用电成本：折现总成本 ÷ 折现用电量。",
    ),
    "cmp_target": ("target", "目标"),
    "cmp_points": ("pp", "个百分点"),
    "cmp_co2_kt": ("CO2 [kt]", "二氧化碳 [千吨]"),
    "cmp_limit": ("limit", "限值"),
    "cmp_value": ("value", "数值"),
    "cmp_result": ("result", "结果"),
    "cmp_passed": ("passed", "通过"),
    "cmp_failed": ("failed", "未通过"),
    "cmp_no_checks": ("No rule checks (no plan).", "无规则校核（无方案）。"),
    "cmp_no_rule": (
        "–: the rule does not apply to this plan (switched off in its scenario, or no plan).",
        "–：该规则不适用于此方案（情景中未启用，或无方案）。",
    ),
    "cmp_generated": (
        "Written by parkbalance {version} from the plan.json files of the folders above.",
        "由 parkbalance {version} 根据上述文件夹中的 plan.json 生成。",
    ),
    "cmp_lang_other": ("中文版", "English"),
    "cmp_delta": ("Δ {name}", "Δ {name}"),
    "cmp_share_col": ("share", "消纳比例"),
    "cmp_target_col": ("target", "目标"),
}
