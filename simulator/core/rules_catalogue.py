"""The catalogue of policy rules: metrics, rule definitions and rule sets (packs), as data.

Read by :mod:`simulator.core.rules`, which resolves a scenario's packs into the rules of its years,
computes the metrics and writes the checks; ``docs/rules.md`` describes every pack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

__all__ = [
    "DEFAULT_RULE_SET",
    "ELECTRICITY_TCE_PER_MWH",
    "METRICS",
    "MODES",
    "RULE_DEFS",
    "RULE_SETS",
    "Metric",
    "RuleDef",
    "RuleSet",
    "Scenario",
]


class Scenario(Protocol):
    """What this module reads of a :class:`simulator.core.scenario.Scenario`.

    (A protocol rather than an import: the scenario's schema validates rule-set names against
    this module, so this module must not import it.)
    """

    name: str
    years: int
    policy: Any
    coal: Any
    grid: Any
    loads: list

    @property
    def calendar_years(self) -> list[int]:
        """Calendar years of the horizon."""

    def target_shares(self) -> list[float]:
        """Renewable share target of each year [1]."""

    def annual_load_mwh(self, load: Any) -> list[float] | None:
        """Yearly energy of one load [MWh]."""


#: Modes of a rule.
MODES = ("hard", "check", "off")

#: Pack of a scenario that names none: today's Inner Mongolia rules.
DEFAULT_RULE_SET = "inner-mongolia-2022"

#: Default conversion of electricity to standard coal [tce/MWh]: the calorific equivalent
#: (当量值) 0.1229 kgce/kWh of GB/T 2589-2020. The equal-value alternative (等价值, the grid's
#: coal use per kWh supplied, about 0.30 tce/MWh) is set with ``policy.electricity_tce_per_mwh``.
ELECTRICITY_TCE_PER_MWH = 0.1229


@dataclass(frozen=True)
class Metric:
    """A yearly metric of the park's flows (``docs/model.md`` §7).

    Attributes
    ----------
    id : str
        Name, with its unit (``self_use_share``, ``co2_intensity_t_per_tce``).
    unit : str
        ``share`` or ``t/tce``.
    formula : str
        The definition on the model's symbols.
    """

    id: str
    unit: str
    formula: str


#: The metrics rules are written on (definitions in ``docs/model.md`` §7).
METRICS: dict[str, Metric] = {
    m.id: m
    for m in (
        Metric("renewable_share", "share", "Σ(d + q) / ΣL"),
        Metric("renewable_utilisation", "share", "1 − Σk / ΣA"),
        Metric("storage_power_ratio", "share", "P_y / (W_y + S_y)"),
        Metric("storage_energy_hours", "h", "E_y / (W_y + S_y)"),
        Metric("self_use_share", "share", "Σ(d + q) / ΣA,  A = W·w + S·s"),
        Metric("export_share", "share", "Σe / ΣA"),
        Metric(
            "co2_intensity_t_per_tce",
            "t/tce",
            "(ε_g·Σg + ε_i·(1 − γ)·Σi + N_co2) / (f·ΣL + N_tce)",
        ),
        Metric(
            "clean_energy_share",
            "share",
            "(f·(Σ(d + q) + c_i·Σi) + κ_N·N_tce) / (f·ΣL + N_tce),  c_i = γ + (1 − γ)·κ_grid",
        ),
    )
}


def _const(value: float) -> Callable[[Scenario, int, float], float]:
    def limit(scenario: Scenario, year: int, energy_tce: float) -> float:
        return value

    return limit


def _zero_carbon_intensity(scenario: Scenario, year: int, energy_tce: float) -> float:
    """0.2 tCO2/tce for parks using up to 1 Mtce/yr (from 200 ktce/yr), 0.3 above."""
    return 0.3 if energy_tce > 1.0e6 else 0.2


def _direct_consumption_share(scenario: Scenario, year: int, energy_tce: float) -> float:
    """30% of consumption, 35% from 2030."""
    return 0.35 if year >= 2030 else 0.30


def _direct_export_share(scenario: Scenario, year: int, energy_tce: float) -> float:
    """Hydrogen-based fuel projects 40% to 2027, 20% from 2028; other projects 0."""
    if scenario.policy.green_direct_project == "hydrogen":
        return 0.40 if year <= 2027 else 0.20
    return 0.0


@dataclass(frozen=True)
class RuleDef:
    """One rule of a pack.

    Attributes
    ----------
    id : str
        Rule id of the check table (``plan.json["checks"][].rule``).
    metric : str
        Key of :data:`METRICS`.
    sense : str
        ``>=`` (the metric must reach the limit) or ``<=``.
    mode : str
        Default mode, one of :data:`MODES`.
    limit : callable
        ``limit(scenario, calendar_year, park_energy_tce) -> float``: the default limit of a year.
    limit_text : str
        The default limit in words (``parkbalance rules``).
    label : str
        English label.
    source : str
        The document it comes from.
    legacy_keys : str
        For the original rules of the verdict: the scenario keys that switch and set them
        (empty for rules resolved by :func:`resolve_rules`).
    """

    id: str
    metric: str
    sense: str
    mode: str
    limit: Callable[[Scenario, int, float], float]
    limit_text: str
    label: str
    source: str
    legacy_keys: str = ""

    @property
    def unit(self) -> str:
        """Unit of the metric (``share`` or ``t/tce``)."""
        return METRICS[self.metric].unit


@dataclass(frozen=True)
class RuleSet:
    """A named, versioned pack of rules."""

    name: str
    version: str
    title: str
    title_zh: str
    source: str
    rules: tuple[str, ...]


_IM2022 = "内蒙古 低碳零碳工业园区建设实施方案 (2022); 源网荷储一体化实施细则 (2022)"
_ZCP = "发改环资〔2025〕910号 关于开展零碳园区建设的通知 (NDRC, MIIT, NEA 2025)"
_IMZCP = "内蒙古 自治区级零碳园区建设 (2025; 0.4–0.6 tCO2/tce as reported)"
_GD = "发改能源〔2025〕650号 关于有序推动绿电直连发展有关事项的通知; 发改价格〔2025〕1192号"
_GD_IM = "内蒙古 绿电直连 implementation rules (2025 draft, as reported)"

#: Every rule of every pack, by id.
RULE_DEFS: dict[str, RuleDef] = {
    r.id: r
    for r in (
        RuleDef(
            "renewable_share",
            "renewable_share",
            ">=",
            "hard",
            _const(np.nan),
            "low-carbon 30% → 50%, zero-carbon 50% → 80% over three years",
            "renewable consumption share (新能源消纳比例)",
            _IM2022,
            legacy_keys="park_type, targets",
        ),
        RuleDef(
            "renewable_utilisation",
            "renewable_utilisation",
            ">=",
            "off",
            _const(0.90),
            "90%",
            "renewable utilisation (新能源利用率)",
            _IM2022,
            legacy_keys="policy.min_renewable_utilisation",
        ),
        RuleDef(
            "storage_power_ratio",
            "storage_power_ratio",
            ">=",
            "off",
            _const(0.15),
            "15% of wind + solar MW",
            "storage power per MW of wind + solar",
            _IM2022,
            legacy_keys="policy.storage_min_share",
        ),
        RuleDef(
            "storage_energy_hours",
            "storage_energy_hours",
            ">=",
            "off",
            _const(0.60),
            "15% × 4 h of wind + solar MW",
            "storage energy per MW of wind + solar",
            _IM2022,
            legacy_keys="policy.storage_min_share, policy.storage_min_hours",
        ),
        RuleDef(
            "zcp_co2_intensity_t_per_tce",
            "co2_intensity_t_per_tce",
            "<=",
            "hard",
            _zero_carbon_intensity,
            "0.2 t/tce (parks using 200 ktce–1 Mtce/yr), 0.3 t/tce above 1 Mtce/yr",
            "CO2 per unit of energy use (单位能耗碳排放)",
            _ZCP,
        ),
        RuleDef(
            "zcp_clean_energy_share",
            "clean_energy_share",
            ">=",
            "check",
            _const(0.90),
            "90% (guiding indicator)",
            "clean-energy share of consumption (清洁能源消费占比)",
            _ZCP,
        ),
        RuleDef(
            "imzcp_co2_intensity_t_per_tce",
            "co2_intensity_t_per_tce",
            "<=",
            "hard",
            _const(0.6),
            "0.6 t/tce (the range reported is 0.4–0.6)",
            "CO2 per unit of energy use, regional zero-carbon park (自治区级零碳园区)",
            _IMZCP,
        ),
        RuleDef(
            "gd_self_use_share",
            "self_use_share",
            ">=",
            "hard",
            _const(0.60),
            "60% of the renewable generation available",
            "self-used renewables, share of generation (自发自用电量占可用发电量)",
            _GD,
        ),
        RuleDef(
            "gd_consumption_share",
            "renewable_share",
            ">=",
            "hard",
            _direct_consumption_share,
            "30% of consumption, 35% from 2030",
            "self-used renewables, share of consumption (自发自用电量占总用电量)",
            _GD,
        ),
        RuleDef(
            "gd_export_share",
            "export_share",
            "<=",
            "hard",
            _direct_export_share,
            "0 (export not allowed); hydrogen-based fuel projects 40% to 2027, 20% from 2028",
            "export, share of generation (上网电量占可用发电量)",
            _GD_IM,
        ),
    )
}

#: The packs by name.
RULE_SETS: dict[str, RuleSet] = {
    p.name: p
    for p in (
        RuleSet(
            "inner-mongolia-2022", "2022.1", "Inner Mongolia low-/zero-carbon parks (2022)",
            "内蒙古低碳零碳工业园区 (2022)", _IM2022,
            ("renewable_share", "renewable_utilisation", "storage_power_ratio",
             "storage_energy_hours"),
        ),
        RuleSet(
            "cn-zero-carbon-park-2025", "2025.1", "National zero-carbon parks (2025)",
            "国家级零碳园区 (2025)", _ZCP,
            ("zcp_co2_intensity_t_per_tce", "zcp_clean_energy_share"),
        ),
        RuleSet(
            "im-zero-carbon-park-2025", "2025.1",
            "Inner Mongolia regional zero-carbon parks (2025)",
            "内蒙古自治区级零碳园区 (2025)", _IMZCP, ("imzcp_co2_intensity_t_per_tce",),
        ),
        RuleSet(
            "cn-green-power-direct-2025", "2025.1",
            "Green-power direct connection / nearby consumption (2025)",
            "绿电直连 / 就近消纳 (2025)", _GD,
            ("gd_self_use_share", "gd_consumption_share", "gd_export_share"),
        ),
    )
}  # fmt: skip
