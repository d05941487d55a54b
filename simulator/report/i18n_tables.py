"""Workbook headers, sheet names and rule labels in English and Chinese.

:data:`COLUMNS`, :data:`SHEETS` and :data:`RULES`, looked up by
:func:`simulator.report.i18n.column_label` and :func:`simulator.report.i18n.rule_label`.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "RULES", "SHEETS"]

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
    # parks with several stores, flexible processes, curtailable loads, a coal retrofit option
    "storage_mwh_sum": ("Storage energy, all stores [MWh]", "储能容量（全部储能）[MWh]"),
    "storage_mw_sum": ("Storage power, all stores [MW]", "储能功率（全部储能）[MW]"),
    "new_item": ("New {label}", "新增 {label}"),
    "coal_min_load_share": (
        "Coal minimum load, share of unit capacity",
        "煤电最小出力占机组容量比例",
    ),
    "retrofit_depth_mw": (
        "Retrofit depth reached (original minimum − minimum load) [MW]",
        "已实现灵活性改造深度（原最小出力－当年最小出力）[MW]",
    ),
    "retrofit_depth_share": (
        "Retrofit depth reached, share of the full depth",
        "已实现改造深度占全部改造深度比例",
    ),
    "demand_mwh": (
        "Park demand: load + process − curtailed load [MWh]",
        "园区用电需求：负荷＋工艺用电－可中断负荷削减 [MWh]",
    ),
    "fixed_load_mwh": ("Fixed load [MWh]", "固定负荷用电量 [MWh]"),
    "process_mwh": ("Flexible processes, energy [MWh]", "柔性工艺用电量 [MWh]"),
    "process_renewable_share": (
        "Flexible processes, renewable share",
        "柔性工艺绿电比例",
    ),
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
    "product_shortfall_mwh": (
        "Product demand of flexible processes not met",
        "柔性工艺产品需求缺口",
    ),
    # rule sets (simulator/core/rules.py, docs/rules.md)
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
