"""Words of the report pages in English and Chinese.

Page, summary, verdict, how to read, tables, costs, assumptions, solver: a part of
:data:`simulator.report.i18n.STRINGS`.
"""

from __future__ import annotations

__all__ = ["PAGE_WORDS"]

#: key -> (English, Chinese).
PAGE_WORDS: dict[str, tuple[str, str]] = {
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
    "tab_build_stores": (
        "Each store technology: energy and power in place in each year (new that year in brackets)",
        "各类储能：各年容量与功率（括号内为当年新增）",
    ),
    "tab_build_retrofit": (
        "; the coal minimum load with its lowering that year (−)",
        "；煤电最小出力括号内为当年降低值（−）",
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
    "read_share_flex": (
        "The renewable consumption share of a year is the renewable energy the park consumes "
        "(directly, from storage, or taken from the renewable surplus by its flexible processes) "
        "divided by the park's demand: its fixed load plus the power of its flexible processes "
        "less the load curtailed by its curtailable loads (unserved energy stays in the demand). "
        "Curtailed and exported renewable energy do not count. It is compared with the year's "
        "target.",
        "某年的新能源消纳比例 = 园区消纳的新能源电量（直接消纳、储能放电，以及柔性工艺消纳的新能源"
        "余电）÷ 园区用电需求；用电需求 = 固定负荷 ＋ 柔性工艺用电 － 可中断负荷削减电量（缺电量"
        "仍计入需求）。弃电和外送电量不计入。每年与当年目标比较。",
    ),
    "read_flex_process": (
        "Each hour, a flexible process first runs at the power its product demand needs (at least "
        "its minimum load) and may take renewable surplus to fill its product buffer before the "
        "stores charge.",
        "每小时，柔性工艺先按产品需求运行（不低于其最小负荷），并可在储能充电之前利用新能源余电"
        "为产品储罐蓄能。",
    ),
    "read_flex_curtail": (
        "In a deficit, curtailable loads are curtailed (within their yearly budget) after storage "
        "and the captive coal plant, before grid import.",
        "出现缺口时，先由储能放电和自备电厂补足，再削减可中断负荷（不超过其年度限额），最后网购电。",
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
    "col_process_surplus": (
        "Renewable surplus taken by flexible processes [GWh]",
        "柔性工艺消纳新能源余电 [GWh]",
    ),
    "col_demand": (
        "Demand: load + process − curtailed [GWh]",
        "用电需求：负荷＋工艺－削减 [GWh]",
    ),
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
    "cost_retrofit_annuity": (
        "Coal flexibility retrofit annualised capex",
        "煤电灵活性改造年化投资",
    ),
    "cost_process_annuity": (
        "Flexible process annualised capex (capacity and buffer)",
        "柔性工艺年化投资（产能与缓冲）",
    ),
    "cost_curtail_cost": ("Curtailed load cost", "可中断负荷削减成本"),
    "cost_shortfall_cost": ("Product shortfall penalty", "产品缺口损失"),
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
    # parks with several stores, flexible processes, curtailable loads, a retrofit option
    "as_store": ("Storage: {name}", "储能：{name}"),
    "as_store_costs_v": (
        "; capex {e:,.0f} {cur}/kWh + {p:,.0f} {cur}/kW, fixed O&M {om:.1%} of capex per year",
        "；投资 {e:,.0f} {cur}/kWh + {p:,.0f} {cur}/kW，固定运维费率 {om:.1%}/年",
    ),
    "as_costs_gen_v": (
        "wind {w:,.0f} {cur}/kW, solar PV {s:,.0f} {cur}/kW; fixed O&M {wom:.1%} / {som:.1%} of "
        "capex per year (each store's costs in its row)",
        "风电 {w:,.0f} {cur}/kW，光伏 {s:,.0f} {cur}/kW；固定运维费率（占投资/年）{wom:.1%} / "
        "{som:.1%}（各储能成本见其所在行）",
    ),
    "as_process": ("Flexible process: {name}", "柔性工艺：{name}"),
    "as_process_v": (
        "existing {mw:,.0f} MW, at most {max}, minimum load {minload:.0%}; product buffer "
        "{b:,.0f} MWh, at most {bmax}; product demand {demand}; capex {capex:,.0f} {cur}/kW + "
        "{bcapex:,.0f} {cur}/kWh of buffer",
        "现有 {mw:,.0f} MW，上限 {max}，最小负荷 {minload:.0%}；"
        "产品储罐 {b:,.0f} MWh，上限 {bmax}；"
        "产品需求 {demand}；投资 {capex:,.0f} {cur}/kW + 储罐 {bcapex:,.0f} {cur}/kWh",
    ),
    "as_demand_t": (
        "{t:,.0f} t/yr at {kwh:g} kWh/kg (about {mw:,.1f} MW)",
        "{t:,.0f} 吨/年，{kwh:g} kWh/kg（约 {mw:,.1f} MW）",
    ),
    "as_demand_kg": (
        "{kg:,.0f} kg/h at {kwh:g} kWh/kg (about {mw:,.1f} MW)",
        "{kg:,.0f} kg/h，{kwh:g} kWh/kg（约 {mw:,.1f} MW）",
    ),
    "as_demand_mw": ("{mw:,.1f} MW on average", "平均 {mw:,.1f} MW"),
    "as_demand_csv": ("from a profile", "按需求曲线"),
    "as_curtailable": ("Curtailable load: {name}", "可中断负荷：{name}"),
    "as_curtailable_v": (
        "up to {mw:,.0f} MW, at most {budget} per year, {cost:,.0f} {cur}/MWh curtailed",
        "最多削减 {mw:,.0f} MW，每年至多 {budget}，削减成本 {cost:,.0f} {cur}/MWh",
    ),
    "as_retrofit_v": (
        "; flexibility retrofit option down to {floor:.0%} of capacity, {capex:,.0f} {cur}/kW "
        "for the full depth (pro rata), lifetime {life} yr",
        "；可灵活性改造至最小出力 {floor:.0%}，全部改造深度投资 {capex:,.0f} {cur}/kW（部分深度"
        "按比例），寿命 {life} 年",
    ),
    "as_carbon_v": (
        "; carbon price {price:,.0f} {cur}/t CO2",
        "；碳价 {price:,.0f} {cur}/吨二氧化碳",
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
}
