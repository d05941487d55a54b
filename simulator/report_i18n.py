"""Words of the planner's report in English and Chinese (:mod:`simulator.report`).

Every word the report shows comes from :data:`STRINGS` (or from the message patterns of
:data:`MESSAGE_PATTERNS`), so the Chinese page uses the policy's own terms throughout:
新能源消纳比例 (renewable consumption share), 弃电 (curtailment), 自主调峰 (self-balancing),
储能 (storage), 自备电厂 (captive coal plant), 新能源利用率 (utilisation), 发用平衡 (balance of
supply and use), 外送 (export), 网购电 (import), 缺电 (unserved), 风电, 光伏, 年化投资 (annualised
capex), 运维 (O&M), 燃料 (fuel).

Strings may contain ``str.format`` fields (``{year}``, ``{cur}``); :func:`tr` fills them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "COLUMNS",
    "LANGS",
    "MESSAGE_PATTERNS",
    "RULES",
    "SHEETS",
    "STRINGS",
    "column_label",
    "rule_label",
    "translate_message",
    "tr",
]

#: Languages of the report.
LANGS = ("en", "zh")

#: key -> (English, Chinese).
STRINGS: dict[str, tuple[str, str]] = {
    # ---- page ----------------------------------------------------------------------------------
    "title_plan": ("Park plan report", "园区规划报告"),
    "title_sim": ("Park simulation report", "园区运行模拟报告"),
    "title_sweep": ("Sensitivity sweep report", "敏感性扫描报告"),
    "subtitle": (
        "Renewable consumption share, hourly balance and costs of a low-carbon / zero-carbon "
        "industrial park",
        "低碳零碳工业园区的新能源消纳比例、逐时发用平衡与成本",
    ),
    "scenario": ("Scenario", "情景"),
    "status": ("Status", "状态"),
    "plan_kind": ("Plan", "方案类型"),
    "source_files": ("Source files", "数据文件"),
    "generated_by": ("Written by parkbalance {version}", "由 parkbalance {version} 生成"),
    "summary": ("Summary", "摘要"),
    "how_to_read": ("How to read this report", "阅读说明"),
    "messages": ("Messages", "提示信息"),
    "no_messages": ("No messages.", "无提示信息。"),
    "verbatim_note": ("(original text)", "（原文）"),
    "figures": ("Figures", "图表"),
    "tables": ("Tables", "数据表"),
    "assumptions": ("Key assumptions", "主要假设"),
    "assumptions_none": (
        "The scenario file was not found, so its assumptions are not shown.",
        "未找到情景文件，因此不显示其假设。",
    ),
    "assumptions_source": ("From the scenario file {src}.", "取自情景文件 {src}。"),
    "solver_timing": ("Solver and timing", "求解器与计算时间"),
    "figure_n": ("Figure {n}.", "图{n}"),
    "table_n": ("Table {n}.", "表{n}"),
    "no_plan": (
        "No plan: the optimiser gave no capacities, so there are no figures.",
        "无方案：优化未给出装机容量，因此没有图表。",
    ),
    "met": ("met", "达标"),
    "not_met": ("not met", "未达标"),
    "none": ("none", "无"),
    "unlimited": ("unlimited", "不限"),
    # ---- executive summary, verdict, checks, provenance ---------------------------------------
    "exec_summary": ("Executive summary", "执行摘要"),
    "wb_kind": ("Output kind", "输出类型"),
    "wb_kind_plan": ("plan (optimised and simulated)", "规划方案（优化并模拟）"),
    "wb_kind_simulation": ("simulation of given capacities", "给定装机容量的模拟"),
    "wb_passed": ("Meets every rule (verdict)", "是否满足全部规则（校核结论）"),
    "wb_yes": ("yes", "是"),
    "wb_no": ("no", "否"),
    "wb_failure": ("Failed rule", "未通过项"),
    "wb_message": ("Message", "提示信息"),
    "wb_currency": ("Currency", "货币"),
    "wb_money_unit": ("Unit of money in this workbook", "本工作簿金额单位"),
    "wb_hourly_left_out": (
        "Hourly data ({rows:,} rows) left out of the workbook: read {file}",
        "逐时数据（{rows:,} 行）未写入工作簿，请读取 {file}",
    ),
    "wb_hourly_option": (
        "Hourly data not in this workbook (parkbalance report --xlsx-hourly adds it); see {file}",
        "本工作簿未包含逐时数据（parkbalance report --xlsx-hourly 可加入）；见 {file}",
    ),
    "wb_discounted_total": ("discounted total", "折现合计"),
    "sec_shares": ("Renewable consumption share and targets", "新能源消纳比例与目标"),
    "verdict_pass": (
        "The plan meets every rule in every year, checked on every simulated hour.",
        "经逐时模拟校核，方案各年均满足全部规则。",
    ),
    "verdict_pass_sim": (
        "The simulated park meets every rule in every year.",
        "模拟的园区各年均满足全部规则。",
    ),
    "verdict_fail": (
        "The plan does NOT meet every rule. It fails:",
        "方案未满足全部规则。未通过的项目：",
    ),
    "verdict_fail_sim": (
        "The simulated park does NOT meet every rule. It fails:",
        "模拟的园区未满足全部规则。未通过的项目：",
    ),
    "verdict_unknown": (
        "Verdict not recorded: this output predates the rule checks, so it is not stated whether "
        "the plan meets every rule. The shares against the targets are below.",
        "未记录校核结论：该输出早于规则校核功能，因此不判断方案是否满足全部规则。"
        "各年消纳比例与目标见下表。",
    ),
    "verdict_no_failures": (
        "(the output lists no failed rule)",
        "（输出未列出未通过的规则）",
    ),
    "failure_line": (
        "{year}: {rule} {value}, required {sense} {limit}",
        "{year}年：{rule}为 {value}，要求 {sense} {limit}",
    ),
    "outcome": ("Outcome of the optimiser", "优化结果"),
    "not_recorded": ("not recorded", "未记录"),
    "park": ("Park", "园区"),
    "park_v": ("{name}: {type}, {start}–{end}", "{name}：{type}，{start}—{end}年"),
    "k_investment": ("Total investment (new capacity, overnight)", "总投资（新增装机，静态投资）"),
    "k_discounted": (
        "Discounted cost over the plan's years (annuities, O&M, energy)",
        "规划期折现总成本（年化投资、运维、电量）",
    ),
    "k_cost_mwh": ("Cost per MWh of load (discounted)", "单位用电成本（折现）"),
    "k_co2": ("CO2 emissions (simulated)", "二氧化碳排放（模拟）"),
    "k_co2_v": ("{year}: {kt} kt", "{year}年：{kt} 千吨"),
    "tab_build": (
        "What to build: capacity in place in each year (new that year in brackets)",
        "建设方案：各年装机容量（括号内为当年新增）",
    ),
    "tab_build_sim": (
        "Capacity simulated in each year (new over the existing capacity in brackets)",
        "各年模拟的装机容量（括号内为相对现有装机的新增）",
    ),
    "col_investment": ("Investment [{unit}]", "当年投资 [{unit}]"),
    "tab_rules_matrix": (
        "Rules per year: simulated value (limit); ✓ pass, ✗ fail",
        "各年规则校核：模拟值（限值）；✓ 通过，✗ 未通过",
    ),
    "tab_checks": (
        "Policy checks: every rule of the verdict, simulated value against the limit",
        "政策校核：各项规则的模拟值与限值",
    ),
    "policy_checks": ("Policy checks", "政策校核"),
    "checks_none": (
        "Rule checks are not recorded in this output (it predates them).",
        "该输出未记录规则校核结果（早于该功能）。",
    ),
    "col_rule": ("Rule", "规则"),
    "col_value": ("Simulated value", "模拟值"),
    "col_limit": ("Limit", "限值"),
    "col_lp_value": ("LP value", "线性规划值"),
    "col_result": ("Result", "结果"),
    "pass": ("pass", "通过"),
    "fail": ("fail", "未通过"),
    "provenance": ("Provenance", "来源与版本"),
    "pv_started": ("Computed at", "计算时间"),
    "pv_written": ("Report written at", "报告生成时间"),
    "pv_version": ("parkbalance version", "parkbalance 版本"),
    "pv_report_version": ("Report written by parkbalance", "报告生成程序 parkbalance 版本"),
    "pv_highs": ("HiGHS version", "HiGHS 版本"),
    "pv_highs_options": ("HiGHS options", "HiGHS 参数"),
    "pv_command": ("Command", "命令"),
    "pv_source": ("Scenario source", "情景来源"),
    "pv_sha": ("Scenario SHA-256", "情景 SHA-256"),
    "pv_inputs": ("Input files (SHA-256)", "输入文件（SHA-256）"),
    "pv_missing": (
        "Provenance not recorded in this output (it predates it); shown: what the report knows.",
        "该输出未记录来源信息（早于该功能）；以下为报告可知的信息。",
    ),
    "assumptions_embedded": (
        "From the scenario saved in the output ({src}).",
        "取自输出文件中保存的情景（{src}）。",
    ),
    "as_costs": ("Costs of new capacity", "新增装机成本"),
    "as_costs_v": (
        "wind {w:,.0f} {cur}/kW, solar PV {s:,.0f} {cur}/kW, storage {e:,.0f} {cur}/kWh + "
        "{p:,.0f} {cur}/kW; fixed O&M {wom:.1%} / {som:.1%} / {eom:.1%} of capex per year",
        "风电 {w:,.0f} {cur}/kW，光伏 {s:,.0f} {cur}/kW，储能 {e:,.0f} {cur}/kWh + "
        "{p:,.0f} {cur}/kW；固定运维费率（占投资/年）{wom:.1%} / {som:.1%} / {eom:.1%}",
    ),
    "as_description": ("Description", "情景说明"),
    # ---- status words --------------------------------------------------------------------------
    "status_optimal": ("optimal", "最优"),
    "status_infeasible": ("infeasible: the targets cannot be met", "不可行：目标无法达到"),
    "status_time_limit": ("stopped at the time limit", "达到计算时间上限"),
    "status_rule_failed": (
        "optimal LP, but rules not met on the simulated hours",
        "线性规划最优，但逐时模拟未满足规则",
    ),
    "status_other": ("solver failure ({status})", "求解失败（{status}）"),
    "status_simulated": ("simulated (given capacities)", "按给定装机容量模拟"),
    "kind_least_cost": (
        "least-cost plan (its LP meets every target)",
        "最低成本方案（线性规划满足各年目标）",
    ),
    "kind_best_effort": (
        "best-effort plan: the cheapest one that reaches the largest achievable share",
        "尽力方案：达到最大可实现消纳比例的最低成本方案",
    ),
    "kind_none": ("no plan", "无方案"),
    "max_achievable": ("Largest achievable share", "最大可实现新能源消纳比例"),
    # ---- how to read ---------------------------------------------------------------------------
    "read_share": (
        "The renewable consumption share of a year is the renewable energy consumed by the park's "
        "load (directly or from storage) divided by the park's load; curtailed and exported "
        "energy do not count. It is compared with the year's target.",
        "某年的新能源消纳比例 = 园区负荷消纳的新能源电量（直接消纳与储能放电）÷ 园区总用电量；"
        "弃电和外送电量不计入。每年与当年目标比较。",
    ),
    "read_lp_sim": (
        "LP is the optimiser's own dispatch with perfect foresight; simulated is the rule-based "
        "hour-by-hour operation of the same capacities without foresight (renewables to load, "
        "surplus to storage, then export, then curtailment; deficits from storage, captive coal "
        "plant, grid import, else unserved). A plan is sound when the simulated share meets the "
        "target.",
        "线性规划（LP）结果是优化模型在完全预知下的调度；模拟结果是同一装机容量在无预知条件下"
        "按规则逐时运行（自主调峰）：新能源先供负荷，余电先充储能、再外送、最后弃电；缺口依次由"
        "储能放电、自备电厂、网购电补足，仍不足即为缺电。模拟比例达到目标，方案才可靠。",
    ),
    "read_numbers": (
        "Shares are percentages with one decimal, energy in GWh, power in MW, storage energy in "
        "MWh. Money in tables is in {unit} per year (undiscounted) unless marked discounted; "
        "totals are written in million or billion.",
        "比例以百分数表示并保留一位小数；电量单位为 GWh，功率为 MW，储能容量为 MWh；"
        "表中金额单位为{unit}/年（未折现），注明折现者除外；合计金额以万元或亿元表示。",
    ),
    "read_sweep": (
        "Each panel shows the renewable consumption share over two swept parameters; the thick "
        "line is the year's target, so points on the target side meet it. Other swept parameters "
        "are optimised at each point (the cheapest value that meets the target) unless a value "
        "was chosen for them. Where several weather years were run, the share is their mean and a "
        "second figure shows the probability that the target is met. Costs are annualised: "
        "capex annuity and fixed O&M of the capacity above the existing one, plus energy costs.",
        "每个子图显示新能源消纳比例随两个扫描参数的变化；粗线为当年目标线，位于目标一侧的点即达标。"
        "其他扫描参数在每个点上取满足目标的最低成本值（另行指定取值者除外）。"
        "若计算了多个气象年，比例为其平均值，另一张图给出达标概率。"
        "成本为年化成本：现有装机以上新增部分的投资年金与固定运维，加上电量成本。",
    ),
    "read_lp_sweep": (
        "Each point of a cost sweep is a least-cost plan sized by the optimiser for one set of "
        "parameter values, then simulated hour by hour. The figures follow one varied parameter "
        "with the others at their base value; the tornado chart shows how far each parameter "
        "alone moves the discounted total cost.",
        "成本扫描的每个点都是优化模型针对一组参数取值求得的最低成本方案，并经逐时模拟校核。"
        "图中沿一个扫描参数变化，其他参数保持基准值；龙卷风图显示单个参数对折现总成本的影响幅度。",
    ),
    # ---- tables --------------------------------------------------------------------------------
    "tab_capacities": ("Installed capacity per year", "各年装机容量"),
    "tab_shares": (
        "Renewable consumption share per year against the target",
        "各年新能源消纳比例与目标",
    ),
    "tab_balance": ("Yearly energy balance (simulated)", "年度电量平衡（模拟）"),
    "tab_balance_lp": ("Yearly energy balance (LP)", "年度电量平衡（线性规划）"),
    "tab_costs": ("Costs per year", "各年成本"),
    "tab_sweep_dims": ("Swept parameters", "扫描参数"),
    "col_year": ("Year", "年份"),
    "col_wind_mw": ("Wind [MW]", "风电 [MW]"),
    "col_solar_mw": ("Solar PV [MW]", "光伏 [MW]"),
    "col_storage_mwh": ("Storage energy [MWh]", "储能容量 [MWh]"),
    "col_storage_mw": ("Storage power [MW]", "储能功率 [MW]"),
    "col_target": ("Target", "目标"),
    "col_share_lp": ("Share, LP", "消纳比例（线性规划）"),
    "col_share_sim": ("Share, simulated", "消纳比例（模拟）"),
    "col_met_lp": ("Target met, LP", "达标（线性规划）"),
    "col_met_sim": ("Target met, simulated", "达标（模拟）"),
    "col_utilisation": ("Utilisation", "新能源利用率"),
    "col_load": ("Load [GWh]", "用电量 [GWh]"),
    "col_available": ("Renewable available [GWh]", "新能源可发电量 [GWh]"),
    "col_direct": ("Renewable direct [GWh]", "新能源直接消纳 [GWh]"),
    "col_discharge": ("From storage [GWh]", "储能放电 [GWh]"),
    "col_coal": ("Captive coal [GWh]", "自备电厂 [GWh]"),
    "col_import": ("Grid import [GWh]", "网购电 [GWh]"),
    "col_unserved": ("Unserved [GWh]", "缺电 [GWh]"),
    "col_curtailed": ("Curtailed [GWh]", "弃电 [GWh]"),
    "col_export": ("Exported [GWh]", "外送 [GWh]"),
    "col_co2": ("CO2 [kt]", "二氧化碳排放 [千吨]"),
    "col_discounted": ("Discounted total", "折现合计"),
    "col_parameter": ("Parameter", "参数"),
    "col_values": ("Values", "取值"),
    "col_item": ("Item", "项目"),
    # ---- cost items ----------------------------------------------------------------------------
    "cost_wind_annuity": ("Wind annualised capex", "风电年化投资"),
    "cost_solar_annuity": ("Solar annualised capex", "光伏年化投资"),
    "cost_storage_energy_annuity": (
        "Storage energy annualised capex",
        "储能容量年化投资",
    ),
    "cost_storage_power_annuity": ("Storage power annualised capex", "储能功率年化投资"),
    "cost_fixed_om": ("Fixed O&M", "固定运维"),
    "cost_fuel_cost": ("Captive coal fuel", "自备电厂燃料"),
    "cost_import_cost": ("Grid import", "网购电费"),
    "cost_export_revenue": ("Export revenue (−)", "外送收入（−）"),
    "cost_unserved_cost": ("Unserved energy penalty", "缺电损失"),
    "cost_total": ("Total", "合计"),
    # ---- assumptions ---------------------------------------------------------------------------
    "as_park_type": ("Park type", "园区类型"),
    "park_low-carbon": ("low-carbon park", "低碳园区"),
    "park_zero-carbon": ("zero-carbon park", "零碳园区"),
    "as_horizon": ("Horizon", "规划期"),
    "as_horizon_v": ("{start}–{end} ({n} years)", "{start}—{end}年（共{n}年）"),
    "as_site": ("Site", "站址"),
    "as_site_v": (
        "{lat:.2f}° N, {lon:.2f}° E; solar {sflh:,.0f} h/yr, wind {wflh:,.0f} h/yr full-load",
        "北纬 {lat:.2f}°，东经 {lon:.2f}°；光伏年利用 {sflh:,.0f} 小时，"
        "风电年利用 {wflh:,.0f} 小时",
    ),
    "as_targets": ("Targets", "消纳比例目标"),
    "as_load": ("Load", "负荷"),
    "as_load_v": ("{name} ({arch}): {mwh} GWh/yr", "{name}（{arch}）：{mwh} GWh/年"),
    "as_load_csv": ("{name} ({arch}): measured profile", "{name}（{arch}）：实测曲线"),
    "arch_flat": ("flat", "连续生产"),
    "arch_two-shift": ("two-shift", "两班制"),
    "arch_one-shift": ("one-shift", "单班制"),
    "arch_three-shift": ("three-shift", "三班制"),
    "arch_electrolyser": ("electrolyser", "电解制氢"),
    "arch_data-centre": ("data centre", "数据中心"),
    "as_wind": ("Wind", "风电"),
    "as_solar": ("Solar PV", "光伏"),
    "as_gen_v": (
        "existing {existing:,.0f} MW, at most {max}; capex {capex:,.0f} {cur}/kW, lifetime "
        "{life} yr",
        "现有 {existing:,.0f} MW，上限 {max}；投资 {capex:,.0f} {cur}/kW，寿命 {life} 年",
    ),
    "as_storage": ("Storage", "储能"),
    "as_storage_v": (
        "existing {e:,.0f} MWh / {p:,.0f} MW, at most {emax} / {pmax}; round-trip efficiency "
        "{rt:.1%}, minimum state of charge {minsoc:.0%}",
        "现有 {e:,.0f} MWh / {p:,.0f} MW，上限 {emax} / {pmax}；往返效率 {rt:.1%}，"
        "最低荷电状态 {minsoc:.0%}",
    ),
    "as_grid": ("Grid connection", "电网连接"),
    "as_grid_v": (
        "import at most {imp:,.0f} MW at {price} {cur}/MWh; export at most {exp:,.0f} MW at "
        "{eprice:,.0f} {cur}/MWh",
        "网购电上限 {imp:,.0f} MW，电价 {price} {cur}/MWh；外送上限 {exp:,.0f} MW，"
        "外送电价 {eprice:,.0f} {cur}/MWh",
    ),
    "as_coal": ("Captive coal plant", "自备电厂"),
    "as_coal_v": (
        "{cap:,.0f} MW, must-run {minload:.0%}, fuel {fuel:,.0f} {cur}/MWh, {co2:.2f} tCO2/MWh",
        "{cap:,.0f} MW，最小技术出力 {minload:.0%}，燃料 {fuel:,.0f} {cur}/MWh，"
        "{co2:.2f} 吨二氧化碳/MWh",
    ),
    "as_coal_none": ("none", "无"),
    "as_finance": ("Finance", "财务参数"),
    "as_finance_v": (
        "discount rate {rate:.1%}; value of lost load {voll:,.0f} {cur}/MWh",
        "折现率 {rate:.1%}；缺电损失 {voll:,.0f} {cur}/MWh",
    ),
    "as_policy": ("Policy rules", "政策约束"),
    "as_policy_v": (
        "minimum utilisation {util}; storage at least {share:.0%} of new renewables for "
        "{hours:g} h",
        "新能源利用率下限 {util}；储能配置不低于新增新能源的 {share:.0%}、时长 {hours:g} 小时",
    ),
    "as_policy_nostore": (
        "minimum utilisation {util}; no storage rule",
        "新能源利用率下限 {util}；无储能配置要求",
    ),
    "tou": ("time-of-use", "分时电价"),
    # ---- solver --------------------------------------------------------------------------------
    "solver_line": (
        "HiGHS {version} ({algorithm}); {solves} LP solve(s); build {build:.1f} s, solve "
        "{solve:.1f} s, simulation {sim:.1f} s, total {total:.1f} s",
        "HiGHS {version}（{algorithm}）；求解线性规划 {solves} 次；建模 {build:.1f} 秒，求解 "
        "{solve:.1f} 秒，模拟 {sim:.1f} 秒，合计 {total:.1f} 秒",
    ),
    "algo_choose": ("automatic choice", "自动选择算法"),
    "algo_simplex": ("simplex", "单纯形法"),
    "algo_ipm": ("interior point", "内点法"),
    "algo_hipo": ("interior point (HiPO)", "内点法（HiPO）"),
    "algo_pdlp": ("first-order PDLP", "一阶算法 PDLP"),
    # ---- figures: series -----------------------------------------------------------------------
    "s_wind": ("Wind", "风电"),
    "s_solar": ("Solar PV", "光伏"),
    "s_storage_mw": ("Storage power", "储能功率"),
    "s_storage_mwh": ("Storage energy", "储能容量"),
    "s_direct": ("Renewable direct", "新能源直接消纳"),
    "s_discharge": ("From storage", "储能放电"),
    "s_charge": ("Storage charging", "储能充电"),
    "s_coal": ("Captive coal", "自备电厂"),
    "s_import": ("Grid import", "网购电"),
    "s_unserved": ("Unserved", "缺电"),
    "s_curtailed": ("Curtailed", "弃电"),
    "s_export": ("Exported", "外送"),
    "s_load": ("Load", "负荷"),
    "s_soc": ("State of charge", "储能荷电状态"),
    "s_target": ("Target", "目标"),
    "s_share_lp": ("LP", "线性规划"),
    "s_share_sim": ("Simulated", "模拟"),
    "s_max_share": ("Largest achievable", "最大可实现"),
    "s_total": ("Total", "合计"),
    # ---- figures: axes -------------------------------------------------------------------------
    "ax_mw": ("Capacity [MW]", "装机容量 [MW]"),
    "ax_mwh": ("Storage energy [MWh]", "储能容量 [MWh]"),
    "ax_gwh": ("Energy [GWh]", "电量 [GWh]"),
    "ax_share": ("Renewable consumption share [%]", "新能源消纳比例 [%]"),
    "ax_power": ("Power [MW]", "功率 [MW]"),
    "ax_soc": ("State of charge [MWh]", "荷电状态 [MWh]"),
    "ax_day": ("Day of year", "日序（一年中的第几天）"),
    "ax_hour": ("Hour of day", "时刻"),
    "ax_curtailed_mw": ("Curtailed [MW]", "弃电功率 [MW]"),
    "ax_cost": ("Cost [{unit}]", "成本 [{unit}]"),
    "ax_probability": ("P(target met) [%]", "达标概率 [%]"),
    "supply_side": ("to load", "供应负荷"),
    "surplus_side": ("surplus", "余电"),
    # ---- figures: titles and captions ----------------------------------------------------------
    "fig_capacity": ("Capacity build-out per year", "各年装机容量"),
    "cap_capacity": (
        "Installed wind, solar PV and storage in each year of the plan (existing plus new). Left: "
        "generation and storage power [MW]; right: storage energy [MWh].",
        "规划期内各年的风电、光伏和储能装机（现有加新增）。左：发电与储能功率 [MW]；右：储能容量 "
        "[MWh]。",
    ),
    "fig_balance": ("Yearly energy balance", "年度发用平衡"),
    "cap_balance": (
        "How the load is served each year in the {which} dispatch: renewable direct, from "
        "storage, captive coal plant, grid import and unserved energy, stacked against the load "
        "(black mark). Beside it: curtailed and exported renewable energy, which do not count "
        "towards the share.",
        "{which}调度下各年负荷的供应构成：新能源直接消纳、储能放电、自备电厂、网购电和缺电，"
        "与用电量（黑色标记）对比。右侧为弃电与外送电量，二者不计入新能源消纳比例。",
    ),
    "which_sim": ("simulated", "模拟"),
    "which_lp": ("LP", "线性规划"),
    "fig_share": ("Renewable consumption share against the target", "新能源消纳比例与目标"),
    "cap_share": (
        "Renewable consumption share of each year, LP and simulated, with the year's target "
        "(dashed). Labels give the simulated share.",
        "各年新能源消纳比例（线性规划与模拟）及当年目标（虚线）。标注为模拟比例。",
    ),
    "cap_share_sim": (
        "Simulated renewable consumption share of each year with the year's target (dashed).",
        "各年模拟新能源消纳比例及当年目标（虚线）。",
    ),
    "fig_week_curt": ("Week with the most curtailment", "弃电最多的一周"),
    "fig_week_lowre": ("Week with the least renewable energy", "新能源最少的一周"),
    "cap_week": (
        "Simulated hourly dispatch, {start} to {end} {year}: supply to load stacked above zero "
        "(renewable direct, from storage, captive coal plant, grid import, unserved) with the "
        "load as a line; renewable surplus below zero (storage charging, exported, curtailed). "
        "Lower panel: storage state of charge. Week total: curtailed {curt} GWh, renewable "
        "consumption share {share}.",
        "{year}年 {start} 至 {end} 的模拟逐时调度：零线以上为供应负荷的各项（新能源直接消纳、储能"
        "放电、自备电厂、网购电、缺电），黑线为负荷；零线以下为新能源余电（储能充电、外送、弃电）。"
        "下图为储能荷电状态。本周弃电 {curt} GWh，新能源消纳比例 {share}。",
    ),
    "week_title": ("{title}: {start} – {end} {year}", "{title}：{year}年 {start} – {end}"),
    "fig_heatmap": ("Curtailment by day and hour", "逐日逐时弃电分布"),
    "cap_heatmap": (
        "Simulated curtailed power [MW] for each day of the year (horizontal) and hour of the "
        "day (vertical), one panel per year{years_note}. Dark cells are hours where renewable "
        "energy is thrown away.",
        "各年每天（横轴）每小时（纵轴）的模拟弃电功率 [MW]，每年一幅{years_note}。颜色越深表示弃电"
        "越多。",
    ),
    "years_note": (" (years {years})", "（{years}年）"),
    "fig_costs": ("Cost breakdown per year", "各年成本构成"),
    "cap_costs": (
        "Yearly costs of the plan, undiscounted [{unit}]: annualised capex of new "
        "wind, solar and storage, fixed O&M, captive coal fuel, grid import and any unserved "
        "energy penalty above zero; export revenue below zero; the black mark is the net total. "
        "Discounted total over the horizon: {objective}.",
        "方案各年成本（未折现，{unit}）：新增风电、光伏、储能的年化投资、固定运维、"
        "自备电厂燃料、网购电费及缺电损失在零线以上；外送收入在零线以下；黑色标记为净合计。"
        "规划期折现总成本：{objective}。",
    ),
    "fig_contour": ("Renewable consumption share over the sweep", "扫描范围内的新能源消纳比例"),
    "cap_contour": (
        "Renewable consumption share [%] over {x} and {y}, one panel per year{mean}; the thick "
        "line is the year's target.{fixed}",
        "新能源消纳比例 [%] 随{x}和{y}的变化，每年一幅{mean}；粗线为当年目标线。{fixed}",
    ),
    "cap_contour_mean": (" (mean of {n} weather years)", "（{n}个气象年平均）"),
    "cap_fixed": (" Held at the value chosen: {values}.", "固定取值：{values}。"),
    "fig_line": ("Renewable consumption share over the sweep", "扫描范围内的新能源消纳比例"),
    "cap_line": (
        "Renewable consumption share [%] against {x}, one line per year{mean}; thin lines are "
        "the targets.{fixed}",
        "新能源消纳比例 [%] 随{x}的变化，每年一条线{mean}；细线为各年目标。{fixed}",
    ),
    "fig_prob": ("Probability that the target is met", "达标概率"),
    "cap_prob": (
        "Share of the {n} weather years in which the year's target is met [%], over {x} and "
        "{y}; the thick line is 50%.{fixed}",
        "{n}个气象年中当年目标达标的比例 [%]，随{x}和{y}变化；粗线为 50%。{fixed}",
    ),
    "cap_prob_line": (
        "Share of the {n} weather years in which the year's target is met [%] against {x}.{fixed}",
        "{n}个气象年中当年目标达标的比例 [%]，随{x}变化。{fixed}",
    ),
    "target_line": ("target {v}", "目标 {v}"),
    "range_v": (
        "{a} to {b} in steps of {step} ({n} values)",
        "{a} 至 {b}，步长 {step}（共 {n} 个）",
    ),
    "col_share_range": ("Share, lowest – highest", "消纳比例（最低 – 最高）"),
    "sweep_scenarios": ("Parks computed", "计算方案数"),
    "weather_years": ("Weather years", "气象年"),
    # ---- sweeps: optimised axes, costs, frontier, LP sweeps -------------------------------------
    "title_lp_sweep": (
        "Cost sweep report (least-cost plans)",
        "成本敏感性扫描报告（最低成本方案）",
    ),
    "sweep_made": (
        "Sweep computed at {created} by parkbalance {version}.",
        "扫描计算时间 {created}，parkbalance {version}。",
    ),
    "target_everywhere": ("target {v} met everywhere", "全部范围达到目标 {v}"),
    "target_nowhere": ("target {v} not reached", "均未达到目标 {v}"),
    "cap_optimised": (
        " At each point {names} take the cheapest swept value that meets the year's target (where "
        "none does, the value with the largest share).",
        "每个点上，{names}取满足当年目标的最低成本扫描值（均不满足时取消纳比例最大的值）。",
    ),
    "cap_optimised_nocost": (
        " At each point {names} take the smallest swept value that meets the year's target "
        "(costs unknown: the scenario is not available).",
        "每个点上，{names}取满足当年目标的最小扫描值（情景不可用，成本未知）。",
    ),
    "col_share_passing": ("Designs meeting the target", "达标方案数"),
    "sweep_no_costs": (
        "Costs are not shown: the sweep's scenario is neither embedded in the file nor a built-in "
        "scenario.",
        "未显示成本：扫描文件未保存情景，且不是内置情景。",
    ),
    "sweep_passing": (
        "{n} of {total} designs meet every year's target and the scenario's policy rules.",
        "{total} 个方案中有 {n} 个满足各年目标和情景的政策约束。",
    ),
    "tab_cheapest": (
        "The cheapest designs that meet every rule (annualised cost: capex annuity, fixed O&M and "
        "energy costs)",
        "满足全部规则的最低成本方案（年化成本：投资年金、固定运维与电量成本）",
    ),
    "col_annual_cost": ("Annualised cost [{unit}]", "年化成本 [{unit}]"),
    "col_share_year": ("Share {year}", "{year}年消纳比例"),
    "col_p_all": ("P(every target met)", "全部目标达标概率"),
    "sweep_cheapest": (
        "The cheapest design that meets every rule costs {cost} per year.",
        "满足全部规则的最低成本方案每年成本为 {cost}。",
    ),
    "fig_chosen": ("Chosen value of the optimised parameters", "优化参数的取值"),
    "cap_chosen": (
        "The value of {names} chosen at each point of {x} and {y} for {year}: the cheapest swept "
        "value that meets the year's target (where none does, the one with the largest share).",
        "{year}年在{x}与{y}各点上为{names}选定的取值：满足当年目标的最低成本扫描值"
        "（均不满足时取消纳比例最大的值）。",
    ),
    "fig_cost_map": (
        "Annualised cost of the cheapest design that meets every target",
        "满足各年目标的最低成本方案的年化成本",
    ),
    "cap_cost_map": (
        "Annualised cost [{unit}] of the cheapest design that meets every year's target at each "
        "point of {x} and {y}; grey marks points where no design meets them; the star is the "
        "cheapest.{fixed}",
        "{x}与{y}各点上满足各年目标的最低成本方案的年化成本 [{unit}]；灰色表示没有方案达标；"
        "星号为最低成本点。{fixed}",
    ),
    "fig_frontier": ("Cost against share: every design", "成本与消纳比例：全部方案"),
    "cap_frontier": (
        "Each of the {n} designs: annualised cost [{unit}] against its renewable consumption share "
        "in {year}; green designs meet every year's target and the policy rules, grey ones do "
        "not; the line is the frontier (no cheaper design reaches a higher share); the star is "
        "the cheapest design that passes.",
        "全部 {n} 个方案：年化成本 [{unit}] 与{year}年新能源消纳比例；"
        "绿色方案满足各年目标和政策约束，灰色方案不满足；折线为前沿（没有更便宜的方案达到更高比例）；星号为满足规则的最低成本方案。",
    ),
    "s_target_thin": ("Target (thin line)", "目标（细线）"),
    "s_cheapest": ("Cheapest that passes", "达标最低成本方案"),
    "s_passes": ("Meets every rule", "满足全部规则"),
    "s_fails": ("Fails a rule", "未满足规则"),
    "s_frontier": ("Frontier", "前沿"),
    "ax_share_year": ("Renewable consumption share {year} [%]", "{year}年新能源消纳比例 [%]"),
    "objective_short": ("Discounted total cost", "折现总成本"),
    "ax_objective": ("Discounted total cost [{unit}]", "折现总成本 [{unit}]"),
    "ax_objective_change": (
        "Change of the discounted total cost [{unit}]",
        "折现总成本变化 [{unit}]",
    ),
    "s_lowest": ("Lowest value", "最低取值"),
    "s_highest": ("Highest value", "最高取值"),
    "lp_statuses": ("Outcome of the optimiser per point: {text}.", "各点优化结果：{text}。"),
    "col_objective": ("Discounted total cost [{unit}]", "折现总成本 [{unit}]"),
    "col_wind_mw_year": ("Wind {year} [MW]", "{year}年风电 [MW]"),
    "col_solar_mw_year": ("Solar PV {year} [MW]", "{year}年光伏 [MW]"),
    "col_storage_mwh_year": ("Storage {year} [MWh]", "{year}年储能容量 [MWh]"),
    "col_storage_mw_year": ("Storage {year} [MW]", "{year}年储能功率 [MW]"),
    "col_share_lp_year": ("Share {year}, LP", "{year}年消纳比例（线性规划）"),
    "col_share_sim_year": ("Share {year}, simulated", "{year}年消纳比例（模拟）"),
    "tab_lp_points": (
        "Every point of the sweep: least-cost plan and its last year",
        "扫描各点：最低成本方案及其末年结果",
    ),
    "cap_lp_held": (
        " Other varied parameters at their base value: {values}.",
        "其他扫描参数取基准值：{values}。",
    ),
    "fig_lp_objective": (
        "Discounted total cost of the least-cost plan",
        "最低成本方案的折现总成本",
    ),
    "cap_lp_objective": (
        "Discounted total cost (objective) of the least-cost plan [{unit}] against {x}.{held}",
        "最低成本方案的折现总成本（优化目标）[{unit}] 随{x}的变化。{held}",
    ),
    "fig_lp_capacities": ("Capacities of the least-cost plan", "最低成本方案的装机容量"),
    "cap_lp_capacities": (
        "Wind, solar PV and storage of the least-cost plan in each year against {x}; one line per "
        "year, each with its own marker and dash style.{held}",
        "最低成本方案各年的风电、光伏和储能装机随{x}的变化；每年一条线，标记和线型各不相同。{held}",
    ),
    "fig_lp_shares": (
        "Renewable consumption share of the least-cost plan",
        "最低成本方案的新能源消纳比例",
    ),
    "cap_lp_shares": (
        "Renewable consumption share per year, LP and simulated, against {x}; thin lines are the "
        "targets.{held}",
        "各年新能源消纳比例（线性规划与模拟）随{x}的变化；细线为各年目标。{held}",
    ),
    "fig_tornado": ("Which parameter moves the cost most", "各参数对成本的影响"),
    "cap_tornado": (
        "Change of the discounted total cost when one varied parameter goes to its lowest or "
        "highest value while the others stay at their base value ({values}; cost {base}).",
        "单个扫描参数取最低值或最高值、其他参数保持基准值（{values}；成本 {base}）时，"
        "折现总成本的变化。",
    ),
    # ---- swept parameter names ------------------------------------------------------------------
    "dim_wind_mw": ("Wind [MW]", "风电 [MW]"),
    "dim_solar_mw": ("Solar PV [MW]", "光伏 [MW]"),
    "dim_storage_mwh": ("Storage energy [MWh]", "储能容量 [MWh]"),
    "dim_storage_mw": ("Storage power [MW]", "储能功率 [MW]"),
    "dim_storage_hours": ("Storage duration [h]", "储能时长 [h]"),
    "dim_import_max_mw": ("Grid import limit [MW]", "网购电上限 [MW]"),
    "dim_export_max_mw": ("Export limit [MW]", "外送上限 [MW]"),
    "dim_coal_mw": ("Captive coal plant [MW]", "自备电厂 [MW]"),
    "dim_load_scale": ("Load scale", "负荷倍数"),
    "dim_charge_efficiency": ("Storage charge efficiency", "储能充电效率"),
    "dim_discharge_efficiency": ("Storage discharge efficiency", "储能放电效率"),
    "dim_coal_min_load_share": ("Captive coal must-run share", "自备电厂最小出力比例"),
    "dim_wind.capex_per_kw": ("Wind capex [CNY/kW]", "风电单位投资 [元/kW]"),
    "dim_solar.capex_per_kw": ("Solar PV capex [CNY/kW]", "光伏单位投资 [元/kW]"),
    "dim_storage.capex_per_kwh": ("Storage energy capex [CNY/kWh]", "储能容量单位投资 [元/kWh]"),
    "dim_storage.capex_per_kw": ("Storage power capex [CNY/kW]", "储能功率单位投资 [元/kW]"),
    "dim_finance.discount_rate": ("Discount rate", "折现率"),
    "dim_grid.import_price_per_mwh": ("Grid import price [CNY/MWh]", "网购电价 [元/MWh]"),
    "dim_grid.import_max_mw": ("Grid import limit [MW]", "网购电上限 [MW]"),
    "dim_targets": ("Target multiplier", "目标倍数"),
    "dim_load_growth": ("Extra load growth [1/yr]", "负荷额外增长率 [1/年]"),
    "dim_weather_year": ("Weather year", "气象年"),
    "dim_year": ("Year", "年份"),
    # ---- months (for week labels) --------------------------------------------------------------
    "date": ("{day} {month}", "{month}{day}日"),
    "month_1": ("Jan", "1月"),
    "month_2": ("Feb", "2月"),
    "month_3": ("Mar", "3月"),
    "month_4": ("Apr", "4月"),
    "month_5": ("May", "5月"),
    "month_6": ("Jun", "6月"),
    "month_7": ("Jul", "7月"),
    "month_8": ("Aug", "8月"),
    "month_9": ("Sep", "9月"),
    "month_10": ("Oct", "10月"),
    "month_11": ("Nov", "11月"),
    "month_12": ("Dec", "12月"),
    # ---- the comparison of plans (parkbalance compare / study) ---------------------------------
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


#: Column id (KPI names, hourly columns, plan columns) -> (English, Chinese) workbook header.
COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("Year", "年份"),
    "time": ("Time (local)", "时间（当地）"),
    "wind_mw": ("Wind [MW]", "风电 [MW]"),
    "solar_mw": ("Solar PV [MW]", "光伏 [MW]"),
    "storage_mwh": ("Storage energy [MWh]", "储能容量 [MWh]"),
    "storage_mw": ("Storage power [MW]", "储能功率 [MW]"),
    "new_wind_mw": ("New wind [MW]", "新增风电 [MW]"),
    "new_solar_mw": ("New solar PV [MW]", "新增光伏 [MW]"),
    "new_storage_mwh": ("New storage energy [MWh]", "新增储能容量 [MWh]"),
    "new_storage_mw": ("New storage power [MW]", "新增储能功率 [MW]"),
    "investment": ("Investment [{unit}]", "当年投资 [{unit}]"),
    "load_mwh": ("Load [MWh]", "用电量 [MWh]"),
    "renewable_available_mwh": ("Renewable available [MWh]", "新能源可发电量 [MWh]"),
    "renewable_to_load_mwh": ("Renewable to load [MWh]", "新能源消纳电量 [MWh]"),
    "curtailed_mwh": ("Curtailed [MWh]", "弃电量 [MWh]"),
    "export_mwh": ("Exported [MWh]", "外送电量 [MWh]"),
    "import_mwh": ("Grid import [MWh]", "网购电量 [MWh]"),
    "coal_mwh": ("Captive coal [MWh]", "自备电厂发电量 [MWh]"),
    "storage_charge_mwh": ("Storage charging [MWh]", "储能充电量 [MWh]"),
    "storage_discharge_mwh": ("From storage [MWh]", "储能放电量 [MWh]"),
    "unserved_mwh": ("Unserved [MWh]", "缺电量 [MWh]"),
    "renewable_share": ("Renewable consumption share", "新能源消纳比例"),
    "renewable_utilisation": ("Renewable utilisation", "新能源利用率"),
    "target_share": ("Target share", "消纳比例目标"),
    "meets_target": ("Target met", "是否达标"),
    "co2_t": ("CO2 [t]", "二氧化碳排放 [吨]"),
    "wind_available_mwh": ("Wind available [MWh]", "风电可发电量 [MWh]"),
    "solar_available_mwh": ("Solar PV available [MWh]", "光伏可发电量 [MWh]"),
    "renewable_direct_mwh": ("Renewable direct [MWh]", "新能源直接消纳 [MWh]"),
    "target_gap_share": ("Gap to target", "与目标差距"),
    "peak_import_mw": ("Peak grid import [MW]", "网购电最大功率 [MW]"),
    "unserved_hours": ("Unserved hours [h]", "缺电小时数 [h]"),
    "load_mw": ("Load [MW]", "负荷 [MW]"),
    "wind_available_mw": ("Wind available [MW]", "风电可发功率 [MW]"),
    "solar_available_mw": ("Solar PV available [MW]", "光伏可发功率 [MW]"),
    "renewable_to_load_mw": ("Renewable to load [MW]", "新能源消纳功率 [MW]"),
    "storage_charge_mw": ("Storage charging [MW]", "储能充电 [MW]"),
    "storage_discharge_mw": ("From storage [MW]", "储能放电 [MW]"),
    "soc_mwh": ("State of charge [MWh]", "储能荷电状态 [MWh]"),
    "export_mw": ("Exported [MW]", "外送 [MW]"),
    "curtailed_mw": ("Curtailed [MW]", "弃电 [MW]"),
    "coal_mw": ("Captive coal [MW]", "自备电厂 [MW]"),
    "import_mw": ("Grid import [MW]", "网购电 [MW]"),
    "unserved_mw": ("Unserved [MW]", "缺电 [MW]"),
    "renewable_direct_mw": ("Renewable direct [MW]", "新能源直接消纳 [MW]"),
    "discount_factor": ("Discount factor", "折现系数"),
    "rule": ("Rule", "规则"),
    "rule_id": ("Rule id", "规则代码"),
    "sense": ("Sense", "关系"),
    "value": ("Simulated value", "模拟值"),
    "limit": ("Limit", "限值"),
    "unit": ("Unit", "单位"),
    "lp_value": ("LP value", "线性规划值"),
    "passed": ("Passed", "是否通过"),
    "key": ("Item", "项目"),
    "parameter": ("Parameter", "参数"),
    "val": ("Value", "取值"),
}

#: Workbook sheet id -> (English, Chinese) sheet name.
SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("summary", "摘要"),
    "plan": ("plan", "建设方案"),
    "checks": ("checks", "政策校核"),
    "kpis_lp": ("kpis_lp", "年度指标（线性规划）"),
    "kpis_simulated": ("kpis_simulated", "年度指标（模拟）"),
    "costs": ("costs", "成本"),
    "assumptions": ("assumptions", "主要假设"),
    "hourly": ("hourly", "逐时（模拟）"),
    "hourly_lp": ("hourly_lp", "逐时（线性规划）"),
    # the workbook of a comparison (parkbalance compare / study)
    "cmp_capacities": ("capacities", "装机容量"),
    "cmp_shares": ("shares", "消纳比例"),
    "cmp_co2": ("co2", "二氧化碳"),
    "cmp_assumptions": ("assumptions", "假设差异"),
}


def column_label(key: str, lang: str, **fields: object) -> str:
    """Return the workbook header of column ``key`` in ``lang`` (the key itself when unknown)."""
    if key not in COLUMNS:
        return key
    en, zh = COLUMNS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


#: Rule id of ``plan.json["checks"]`` -> (English, Chinese) label. Unknown ids are shown as
#: given (see :func:`rule_label`).
RULES: dict[str, tuple[str, str]] = {
    "renewable_share": ("Renewable consumption share", "新能源消纳比例"),
    "unserved_share": ("Unserved energy, share of load", "缺电量占用电量比例"),
    "renewable_utilisation": ("Renewable utilisation", "新能源利用率"),
    "storage_power_ratio": (
        "Storage power per MW of wind and solar",
        "储能功率配置比例（占风光装机）",
    ),
    "storage_energy_hours": (
        "Storage energy per MW of wind and solar",
        "储能时长（储能容量÷风光装机）",
    ),
    "import_peak_mw": ("Peak grid import", "网购电最大功率"),
    "export_peak_mw": ("Peak export", "外送最大功率"),
    "coal_max_mw": ("Captive coal plant, highest output", "自备电厂最大出力"),
    "coal_must_run_mw": (
        "Captive coal plant, lowest output where must-run applies",
        "自备电厂最小技术出力（最低出力）",
    ),
    # rule sets (simulator/rules.py, docs/rules.md)
    "zcp_co2_intensity_t_per_tce": (
        "CO2 per unit of energy use (national zero-carbon park)",
        "单位能耗碳排放（国家级零碳园区）",
    ),
    "zcp_clean_energy_share": (
        "Clean-energy share of consumption (national zero-carbon park)",
        "清洁能源消费占比（国家级零碳园区）",
    ),
    "imzcp_co2_intensity_t_per_tce": (
        "CO2 per unit of energy use (Inner Mongolia zero-carbon park)",
        "单位能耗碳排放（自治区级零碳园区）",
    ),
    "gd_self_use_share": (
        "Green-power direct connection: self-used share of generation",
        "绿电直连：自发自用电量占总可用发电量比例",
    ),
    "gd_consumption_share": (
        "Green-power direct connection: self-used share of consumption",
        "绿电直连：自发自用电量占总用电量比例",
    ),
    "gd_export_share": (
        "Green-power direct connection: export share of generation",
        "绿电直连：上网电量占总可用发电量比例",
    ),
}


def rule_label(rule: str, lang: str) -> tuple[str, bool]:
    """Label of a rule id in ``lang``.

    Returns
    -------
    label : str
        The translated label, or the id itself for a rule this table does not know.
    known : bool
        False when the id is shown as given (the page shows it as code).
    """
    if rule in RULES:
        en, zh = RULES[rule]
        return (zh if lang == "zh" else en), True
    return rule, False


def tr(key: str, lang: str, **fields: object) -> str:
    """Return the text of ``key`` in ``lang`` with ``fields`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`STRINGS`.
    lang : {"en", "zh"}
        Language.
    **fields
        Values of the ``str.format`` fields of the text.

    Returns
    -------
    str
        The text.
    """
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


_STATUS_ZH = {
    "optimal": "最优",
    "infeasible": "不可行",
    "time_limit": "达到计算时间上限",
    "numerical_error": "数值错误",
    "unbounded": "无界",
}


def _st(status: str) -> str:
    return _STATUS_ZH.get(status, status)


def _chk(prefix: str) -> str:
    """``assure`` / ``robust`` (the two checking loops of the optimiser) in Chinese."""
    return "稳健性校核" if prefix == "robust" else "校核"


#: Failure lines of the verdict (``simulator.verdict.plan_checks``, without the ``year Y: ``
#: prefix) and their Chinese form.
CHECK_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^renewable share ([\d.]+%) below the target ([\d.]+%)$"),
        lambda m: f"新能源消纳比例 {m[1]}，低于目标 {m[2]}",
    ),
    (
        re.compile(
            r"^([\d,.]+) GWh unserved \(([\d.]+%) of load, ([\d,]+) hours\) where ([\d.]+%) is "
            r"allowed$"
        ),
        lambda m: f"缺电 {m[1]} GWh（占用电量 {m[2]}，{m[3]} 小时），允许值为 {m[4]}",
    ),
    (
        re.compile(
            r"^renewable utilisation ([\d.]+%) below the floor ([\d.]+%) \(([\d,.]+) GWh "
            r"curtailed\)$"
        ),
        lambda m: f"新能源利用率 {m[1]}，低于下限 {m[2]}（弃电 {m[3]} GWh）",
    ),
    (
        re.compile(
            r"^storage power ([\d,.]+) MW is ([\d.]+%) of wind \+ solar \(([\d,.]+) MW\), below "
            r"the required ([\d.]+%)$"
        ),
        lambda m: f"储能功率 {m[1]} MW，为风光装机（{m[3]} MW）的 {m[2]}，低于要求的 {m[4]}",
    ),
    (
        re.compile(
            r"^storage energy ([\d,.]+) MWh is ([\d.]+) h of wind \+ solar MW, below the "
            r"required ([\d.]+) h$"
        ),
        lambda m: f"储能容量 {m[1]} MWh，相当于风光装机的 {m[2]} 小时，低于要求的 {m[3]} 小时",
    ),
    (
        re.compile(r"^import peaks at ([\d,.]+) MW, above the connection cap ([\d,.]+) MW$"),
        lambda m: f"网购电最大功率 {m[1]} MW，超过接网容量 {m[2]} MW",
    ),
    (
        re.compile(r"^export peaks at ([\d,.]+) MW, above the connection cap ([\d,.]+) MW$"),
        lambda m: f"外送最大功率 {m[1]} MW，超过接网容量 {m[2]} MW",
    ),
    (
        re.compile(r"^coal output peaks at ([\d,.]+) MW, above its capacity ([\d,.]+) MW$"),
        lambda m: f"自备电厂最大出力 {m[1]} MW，超过其装机 {m[2]} MW",
    ),
    (
        re.compile(r"^coal output falls to ([\d,.]+) MW, below its must-run ([\d,.]+) MW$"),
        lambda m: f"自备电厂出力降至 {m[1]} MW，低于最小技术出力 {m[2]} MW",
    ),
    (re.compile(r"^the robust share target$"), lambda m: "稳健消纳比例目标"),
]

#: Repairs of the assure loop (``solvers.sizing``) and their Chinese form.
REPAIR_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^share target of (.+) raised to (.+)$"),
        lambda m: f"{m[1]} 年消纳比例目标提高到 {m[2]}",
    ),
    (
        re.compile(r"^utilisation floor raised to (.+)$"),
        lambda m: f"新能源利用率下限提高到 {m[1]}",
    ),
    (
        re.compile(r"^(\d{4}) storage energy ≥ ([\d,.]+) MWh$"),
        lambda m: f"{m[1]}年储能容量 ≥ {m[2]} MWh",
    ),
    (
        re.compile(r"^(\d{4}) storage power ≥ ([\d,.]+) MW$"),
        lambda m: f"{m[1]}年储能功率 ≥ {m[2]} MW",
    ),
]


def _match(patterns: list, text: str) -> str | None:
    for pat, fn in patterns:
        m = pat.match(text.strip())
        if m:
            return fn(m)
    return None


def _failure_zh(text: str) -> str | None:
    """Translate one failure line (``year 2026: renewable share ...``); None when unknown."""
    text = text.strip()
    suffix = ""
    if text.endswith(" (the LP has no room left to repair it)"):
        text = text[: -len(" (the LP has no room left to repair it)")]
        suffix = "（线性规划已无修正余地）"
    m = re.match(r"^year (\d{4}): (.*)$", text)
    year, body = (m[1], m[2]) if m else (None, text)
    zh = _match(CHECK_PATTERNS, body)
    if zh is None:
        return None
    return (f"{year}年：{zh}" if year else zh) + suffix


def _items_zh(text: str, one: Callable[[str], str | None]) -> str | None:
    """Translate a ``; ``-separated list item by item (None when an item is unknown)."""
    out = []
    for item in text.split("; "):
        zh = one(item)
        if zh is None:
            return None
        out.append(zh)
    return "；".join(out)


def _repairs_zh(text: str) -> str | None:
    return _items_zh(text, lambda t: _match(REPAIR_PATTERNS, t))


def _need(value: str | None) -> str:
    if value is None:
        raise _Untranslatable
    return value


class _Untranslatable(Exception):
    """A part of a message has no translation (the message is then shown as given)."""


#: Patterns of the optimiser's messages (solvers/sizing.py) and their Chinese form; the groups
#: are kept. Messages that match none are shown verbatim, marked as original text.
MESSAGE_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(
            r"^(assure|robust): (?:each year's target is met in ≥ (\d+) of (\d+) weather years "
            r"and )?the simulated operation meets every rule after (\d+) LP solve\(s\)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：经 {m[4]} 次线性规划求解，"
            + (f"各年目标在 {m[3]} 个气象年中至少 {m[2]} 个达到，且" if m[2] else "")
            + "逐时模拟满足全部规则"
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): stopped after (\d+) LP solves; the simulated operation still "
            r"fails: (.+)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：{m[2]} 次线性规划求解后停止；逐时模拟仍未通过："
            + _need(_items_zh(m[3], _failure_zh))
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): stopped after (\d+) LP solve\(s\): no repair left for (.+)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：{m[2]} 次线性规划求解后停止，以下问题已无法修正："
            + _need(_items_zh(m[3], _failure_zh))
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): the repaired LP \((.+)\) gave status '(\w+)' at iteration (\d+); "
            r"the plan of iteration (\d+) is reported$"
        ),
        lambda m: (
            f"{_chk(m[1])}：修正后的线性规划（{_need(_repairs_zh(m[2]))}）在第 {m[4]} 次迭代的"
            f"状态为{_st(m[3])}；报告第 {m[5]} 次迭代的方案"
        ),
    ),
    (
        re.compile(
            r"^the plan fails (?:(\d+) rule checks|a rule check) in the rule-based simulation of "
            r"every hour:$"
        ),
        lambda m: f"方案在逐时规则模拟中有 {m[1] or 1} 项规则校核未通过：",
    ),
    (
        re.compile(r"^year \d{4}: .*$"),
        lambda m: _need(_failure_zh(m[0])),
    ),
    (
        re.compile(
            r"^the park's firm supply \(coal ([\d,]+) MW \+ import cap ([\d,]+) MW = ([\d,]+) MW\) "
            r"is below its peak load ([\d,]+) MW; .*$"
        ),
        lambda m: (
            f"园区可靠供电能力（自备电厂 {m[1]} MW + 网购电上限 {m[2]} MW = {m[3]} MW）"
            f"低于最大负荷 {m[4]} MW；按调度规则（储能先于自备电厂和网购电放电），"
            "风光不足的每个小时都要靠储能支撑，因此需要增加自备电厂或网购电容量，或允许一定缺电比例"
            "（policy.max_unserved_share），园区才能保障供电"
        ),
    ),
    (
        re.compile(
            r"^the largest achievable shares come from the aggregated LP, an estimate of the "
            r"park's own; the full-hour LP \(without --segments/--typical-days\) gives the exact "
            r"figures$"
        ),
        lambda m: (
            "最大可实现消纳比例来自聚合线性规划，是园区实际值的估计；不使用 --segments/"
            "--typical-days 的全时段线性规划可给出准确值"
        ),
    ),
    (
        re.compile(r"^year (\d{4}): target ([\d.]+%) is unreachable; at most ([\d.]+%) with (.*)$"),
        lambda m: f"{m[1]}年：目标 {m[2]} 无法达到；在{_limits_zh(m[4])}条件下最多为 {m[3]}",
    ),
    (
        re.compile(
            r"^the rule-based dispatch misses the target the LP met in ([\d, ]+?)"
            r"( \(run with --assure to close the gap\))?$"
        ),
        lambda m: (
            f"规则调度（模拟）在 {m[1]} 年未达到线性规划已满足的目标"
            + ("（可使用 --assure 选项消除差距）" if m[2] else "")
        ),
    ),
    (
        re.compile(
            r"^reported plan: the cheapest one that reaches the largest achievable share each year$"
        ),
        lambda m: "报告的方案：各年达到最大可实现消纳比例的最低成本方案",
    ),
    (
        re.compile(r"^policy.voll_per_mwh is 0, so the LP leaves load unserved at no cost$"),
        lambda m: "缺电损失（policy.voll_per_mwh）为 0，线性规划可无代价地缺电",
    ),
    (
        re.compile(r"^the yearly targets cannot be met together; .* are (.*)$"),
        lambda m: f"各年目标无法同时满足；最大新能源消纳比例依次为 {m[1]}",
    ),
    (
        re.compile(r"^no best-effort plan \(status '(\w+)'\)$"),
        lambda m: f"无尽力方案（状态：{_st(m[1])}）",
    ),
    (
        re.compile(
            r"^(assure|robust): simulated shares meet every target after (\d+) LP solve\(s\)$"
        ),
        lambda m: f"{_chk(m[1])}：经 {m[2]} 次线性规划求解，模拟消纳比例满足各年目标",
    ),
    (
        re.compile(
            r"^(assure|robust): each year's target is met in ≥ (\d+) of (\d+) weather years "
            r"after (\d+) LP solve\(s\)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：经 {m[4]} 次线性规划求解，各年目标在 {m[3]} 个气象年中"
            f"至少 {m[2]} 个达到"
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): stopped after (\d+) LP solves; the (simulated|critical ensemble) "
            r"share still misses the target in (.+)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：{m[2]} 次线性规划求解后停止；"
            + ("模拟消纳比例" if m[3] == "simulated" else "气象年集合的临界消纳比例")
            + f"在 {m[4]} 年仍未达标"
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): LP targets are already at 100% where the simulation falls short; "
            r"stopped$"
        ),
        lambda m: f"{_chk(m[1])}：模拟未达标年份的线性规划目标已为 100%，停止迭代",
    ),
    (
        re.compile(
            r"^(assure|robust): the raised LP targets \((.*)\) gave status '(\w+)' at iteration "
            r"(\d+); the plan of iteration (\d+) is reported$"
        ),
        lambda m: (
            f"{_chk(m[1])}：提高后的线性规划目标（{m[2]}）在第 {m[4]} 次迭代的状态为{_st(m[3])}；"
            f"报告第 {m[5]} 次迭代的方案"
        ),
    ),
    (
        re.compile(
            r"^segments: the LP saw (\d+) chronological runs of similar hours per year "
            r"\(mean ([\d.]+) h\); the plan is simulated on every hour$"
        ),
        lambda m: (
            f"时段聚合：线性规划按每年 {m[1]} 个连续的相似时段求解（平均每段 {m[2]} 小时）；"
            "方案已逐时（全部小时）模拟校核"
        ),
    ),
    (
        re.compile(
            r"^typical days: the LP saw (\d+) representative days per year \((\d+) of (\d+) "
            r"hours\); the plan is simulated on every hour$"
        ),
        lambda m: (
            f"典型日：线性规划按每年 {m[1]} 个典型日求解（{m[3]} 小时中的 {m[2]} 小时）；"
            "方案已逐时（全部小时）模拟校核"
        ),
    ),
    (
        re.compile(
            r"^typical days: all real days of a representative day share one storage dispatch, "
            r"which can make a storage-heavy target look unreachable; try --segments (\d+) .*$"
        ),
        lambda m: (
            "典型日：同一典型日所代表的各天共用一条储能调度曲线，可能使依赖储能的目标看似无法达到；"
            f"可改用 --segments {m[1]}（按时间顺序保留储能，见 docs/segments.md）或全时段线性规划"
        ),
    ),
    (
        re.compile(
            r"^the LP solver stopped with status '(\w+)' \(HiGHS model status (\w+)\); no plan"
            r"( — raise --time-limit)?$"
        ),
        lambda m: (
            f"线性规划求解器停止，状态：{_st(m[1])}（HiGHS 模型状态 {m[2]}）；无方案"
            + ("——请增大 --time-limit" if m[3] else "")
        ),
    ),
    (
        re.compile(
            r"^the targets cannot be met, and the park's rules cannot be met even without "
            r"targets \(check the policy options against the capacity limits\)$"
        ),
        lambda m: "目标无法达到，且即使不设目标，园区约束也无法满足（请对照容量上限检查政策约束）",
    ),
    (
        re.compile(
            r"^the targets cannot be met, and the most-renewable-share LP stopped with status "
            r"'(\w+)'$"
        ),
        lambda m: f"目标无法达到，且最大消纳比例线性规划停止，状态：{_st(m[1])}",
    ),
]

_LIMIT_WORDS = [
    (re.compile(r"wind unlimited"), "风电不限"),
    (re.compile(r"solar unlimited"), "光伏不限"),
    (re.compile(r"storage unlimited"), "储能不限"),
    (re.compile(r"wind ≤"), "风电 ≤"),
    (re.compile(r"solar ≤"), "光伏 ≤"),
    (re.compile(r"storage ≤"), "储能 ≤"),
    (re.compile(r"unlimited"), "不限"),
    (re.compile(r", "), "、"),
]


def _limits_zh(text: str) -> str:
    for pat, rep in _LIMIT_WORDS:
        text = pat.sub(rep, text)
    return text


def translate_message(message: str, lang: str) -> tuple[str, bool]:
    """Translate one optimiser message.

    Parameters
    ----------
    message : str
        A line of ``plan.json["messages"]``.
    lang : {"en", "zh"}
        Language.

    Returns
    -------
    text : str
        The message in ``lang`` (unchanged for English or when no pattern matches).
    translated : bool
        False when a Chinese page must show the English original.
    """
    if lang != "zh":
        return message, True
    for pat, fn in MESSAGE_PATTERNS:
        m = pat.match(message.strip())
        if m:
            try:
                return fn(m), True
            except _Untranslatable:
                continue  # a part is unknown: a later pattern may still know the whole
    return message, False


def status_text(status: str, lang: str) -> str:
    """Words for a plan's status (``optimal``, ``rule_failed``, ...) in ``lang``."""
    if status in ("optimal", "infeasible", "time_limit", "rule_failed", "simulated"):
        return tr(f"status_{status}", lang)
    return tr("status_other", lang, status=status)
