"""Words of the figures and of the sweep pages in English and Chinese.

Series, axes, captions, sweeps, swept parameters, months: a part of
:data:`simulator.report.i18n.STRINGS`.
"""

from __future__ import annotations

__all__ = ["FIGURE_WORDS"]

#: key -> (English, Chinese).
FIGURE_WORDS: dict[str, tuple[str, str]] = {
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
    "s_demand": ("Demand: load + process\n− curtailed load", "用电需求：负荷＋工艺－削减"),
    "s_load_served": ("Load + process\n− curtailed load", "负荷＋工艺－削减"),
    "s_process_surplus": ("Process (surplus)", "工艺消纳余电"),
    "s_store_soc": ("{name} state of charge", "{name} 荷电状态"),
    "s_buffer": ("{name} buffer", "{name} 产品储罐"),
    "s_soc": ("State of charge", "储能荷电状态"),
    "s_soc_all": ("State of charge, all stores", "全部储能荷电状态"),
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
    "ax_soc_buffer": ("Stores and buffers [MWh]", "储能与产品储罐 [MWh]"),
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
    # the store mix and coal retrofit figure (simulator.report.figure_stores)
    "fig_store_mix": ("Store mix and coal flexibility retrofit", "储能配置与煤电灵活性改造"),
    "fig_store_mix_stores": ("Store mix per year", "各年储能配置"),
    "fig_store_mix_retrofit": (
        "Coal flexibility retrofit: minimum load per year",
        "煤电灵活性改造：各年最小出力",
    ),
    "pt_store_mwh": ("Energy of each store", "各储能容量"),
    "pt_store_mw": ("Power of each store", "各储能功率"),
    "pt_coal_min": ("Captive coal minimum load", "自备电厂最小出力"),
    "ax_store_mwh": ("Energy capacity [MWh]", "储能容量 [MWh]"),
    "ax_store_mw": ("Power capacity [MW]", "储能功率 [MW]"),
    "ax_coal_min": ("Minimum load [MW]", "最小出力 [MW]"),
    "s_stores_order": (
        "Stores (bottom to top: charged and discharged first to last)",
        "储能（自下而上：按充放电先后顺序）",
    ),
    "s_coal_min": ("Minimum load of the year", "当年最小出力"),
    "s_coal_min_orig": (
        "Before retrofit: {mw} MW ({share})",
        "改造前最小出力：{mw} MW（{share}）",
    ),
    "s_coal_floor": (
        "Deepest retrofit: {mw} MW ({share})",
        "改造可达最低出力：{mw} MW（{share}）",
    ),
    "cap_store_mix": (
        "Energy [MWh] and power [MW] of each store in each year (existing plus new), stacked in "
        "the order the stores charge and discharge ({order}); the labels give the sum.",
        "各年每种储能的容量 [MWh] 与功率 [MW]（现有加新增），按充放电先后顺序（{order}）"
        "自下而上堆叠；标注为合计。",
    ),
    "cap_retrofit": (
        "Captive coal minimum load of each year (bars): before the flexibility retrofit the "
        "{cap} MW unit must run at least {orig} MW ({orig_share}, dashed); the retrofit can "
        "lower this to {floor} MW ({floor_share}, dotted). Every MW of must-run removed leaves "
        "room for renewable energy in the hours of surplus. The full depth costs {capex} of unit "
        "capacity, a partial depth pro rata (in the investment of the year it is reached).",
        "各年自备电厂最小出力（柱）：灵活性改造前，{cap} MW 机组最小出力为 {orig} MW"
        "（{orig_share}，虚线）；改造后最低可降至 {floor} MW（{floor_share}，点线）。"
        "最小出力每降低 1 MW，余电时段即多出 1 MW 可消纳新能源。全部改造深度的投资按机组容量计为"
        " {capex}，部分深度按比例计（计入达到该深度当年的投资）。",
    ),
    "cap_retrofit_bare": (
        "Captive coal minimum load of each year (bars), lowered by a flexibility retrofit.",
        "各年自备电厂最小出力（柱），经灵活性改造降低。",
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
    "cap_balance_flex": (
        "How the park's demand (fixed load + process power − curtailed load) is served each year "
        "in the {which} dispatch: renewable direct, renewable surplus taken by flexible processes, "
        "from storage, captive coal plant, grid import and unserved energy, stacked against the "
        "demand (black mark). Beside it: curtailed and exported renewable energy, which do not "
        "count towards the share.",
        "{which}调度下各年园区用电需求（固定负荷＋工艺用电－可中断负荷削减）的供应构成：新能源直接"
        "消纳、柔性工艺消纳余电、储能放电、自备电厂、网购电和缺电，与用电需求（黑色标记）对比。"
        "右侧为弃电与外送电量，二者不计入新能源消纳比例。",
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
    "cap_week_flex": (
        "Simulated hourly dispatch, {start} to {end} {year}: supply stacked above zero "
        "(renewable direct, from storage, captive coal plant, grid import, unserved) with the "
        "load it serves as a line (fixed load plus the processes' forced power, less curtailed "
        "load); renewable surplus below zero (taken by flexible processes, storage charging, "
        "exported, curtailed). Lower panel: state of charge of the stores and the product "
        "buffers of the processes. Week total: curtailed {curt} GWh, renewable consumption share "
        "{share} of the park's demand.",
        "{year}年 {start} 至 {end} 的模拟逐时调度：零线以上为各项供应（新能源直接消纳、储能放电、"
        "自备电厂、网购电、缺电），黑线为其所供负荷（固定负荷＋工艺刚性用电－可中断负荷削减）；"
        "零线以下为新能源余电（柔性工艺消纳、储能充电、外送、弃电）。下图为各储能荷电状态及工艺"
        "产品储罐。本周弃电 {curt} GWh，新能源消纳比例（占园区用电需求）{share}。",
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
}
