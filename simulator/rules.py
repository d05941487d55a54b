"""Policy rule sets: the park's obligations as named, versioned, switchable packs.

A *rule set* (pack) is data: a name, a version, the document it comes from and its rules. A rule
is a metric of the park's yearly flows (:data:`METRICS`, defined in ``docs/model.md`` §7), a sense
(``>=`` or ``<=``), a limit per year and a mode:

* ``hard`` — a row of the sizing LP (:mod:`solvers.lp_rules`) and a check of the verdict;
* ``check`` — a check of the verdict only (the LP does not see it);
* ``off`` — neither.

A scenario picks its packs with ``[policy] rule_set = "NAME"`` or ``rule_sets = ["A", "B"]``
(default: ``inner-mongolia-2022``, today's rules) and may change any rule's mode or limit in
``[policy.rules.RULE_ID]`` (``mode = "check"``, ``limit = 0.25`` or one limit per year). The
metrics' accounting inputs (tce per MWh, the park's non-electric energy and CO2, the clean share
of imports) are keys of ``[policy]`` (:class:`simulator.scenario.Policy`).

The rules of ``inner-mongolia-2022`` are the verdict's original rules (``renewable_share``,
``renewable_utilisation``, ``storage_power_ratio``, ``storage_energy_hours``); they keep their
ids and their switches (``targets``, ``policy.min_renewable_utilisation``,
``policy.storage_min_share``/``storage_min_hours``), and are listed here so that ``parkbalance
rules`` shows them with their source. Every other rule is new and goes through
:func:`resolve_rules`.

Everything here is plain Python and numpy; :func:`rule_metrics` is vectorised over any trailing
axes (sweep points).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np


class Scenario(Protocol):
    """What this module reads of a :class:`simulator.scenario.Scenario`.

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

__all__ = [
    "DEFAULT_RULE_SET",
    "ELECTRICITY_TCE_PER_MWH",
    "METRICS",
    "MODES",
    "RULE_DEFS",
    "RULE_SETS",
    "ActiveRule",
    "Metric",
    "RuleDef",
    "RuleSet",
    "park_energy_tce",
    "resolve_rules",
    "rule_checks",
    "rule_metrics",
    "rules_text",
    "selected_rule_sets",
]

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
            "renewable_share", "renewable_share", ">=", "hard", _const(np.nan),
            "low-carbon 30% → 50%, zero-carbon 50% → 80% over three years",
            "renewable consumption share (新能源消纳比例)", _IM2022,
            legacy_keys="park_type, targets",
        ),
        RuleDef(
            "renewable_utilisation", "renewable_utilisation", ">=", "off", _const(0.90),
            "90%", "renewable utilisation (新能源利用率)", _IM2022,
            legacy_keys="policy.min_renewable_utilisation",
        ),
        RuleDef(
            "storage_power_ratio", "storage_power_ratio", ">=", "off", _const(0.15),
            "15% of wind + solar MW", "storage power per MW of wind + solar", _IM2022,
            legacy_keys="policy.storage_min_share",
        ),
        RuleDef(
            "storage_energy_hours", "storage_energy_hours", ">=", "off", _const(0.60),
            "15% × 4 h of wind + solar MW", "storage energy per MW of wind + solar", _IM2022,
            legacy_keys="policy.storage_min_share, policy.storage_min_hours",
        ),
        RuleDef(
            "zcp_co2_intensity_t_per_tce", "co2_intensity_t_per_tce", "<=", "hard",
            _zero_carbon_intensity,
            "0.2 t/tce (parks using 200 ktce–1 Mtce/yr), 0.3 t/tce above 1 Mtce/yr",
            "CO2 per unit of energy use (单位能耗碳排放)", _ZCP,
        ),
        RuleDef(
            "zcp_clean_energy_share", "clean_energy_share", ">=", "check", _const(0.90),
            "90% (guiding indicator)", "clean-energy share of consumption (清洁能源消费占比)",
            _ZCP,
        ),
        RuleDef(
            "imzcp_co2_intensity_t_per_tce", "co2_intensity_t_per_tce", "<=", "hard",
            _const(0.6), "0.6 t/tce (the range reported is 0.4–0.6)",
            "CO2 per unit of energy use, regional zero-carbon park (自治区级零碳园区)", _IMZCP,
        ),
        RuleDef(
            "gd_self_use_share", "self_use_share", ">=", "hard", _const(0.60),
            "60% of the renewable generation available",
            "self-used renewables, share of generation (自发自用电量占可用发电量)", _GD,
        ),
        RuleDef(
            "gd_consumption_share", "renewable_share", ">=", "hard",
            _direct_consumption_share, "30% of consumption, 35% from 2030",
            "self-used renewables, share of consumption (自发自用电量占总用电量)", _GD,
        ),
        RuleDef(
            "gd_export_share", "export_share", "<=", "hard", _direct_export_share,
            "0 (export not allowed); hydrogen-based fuel projects 40% to 2027, 20% from 2028",
            "export, share of generation (上网电量占可用发电量)", _GD_IM,
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


@dataclass(frozen=True)
class ActiveRule:
    """A rule of a scenario's packs after its overrides, with one limit per horizon year.

    Attributes
    ----------
    id, metric, sense, unit, label, source : str
        As :class:`RuleDef`.
    mode : str
        ``hard`` or ``check`` (``off`` rules are not resolved).
    limit : numpy.ndarray
        Limit of each horizon year, shape ``(years,)`` [share or t/tce].
    rule_set : str
        The pack it comes from.
    """

    id: str
    metric: str
    sense: str
    unit: str
    mode: str
    limit: np.ndarray
    rule_set: str
    label: str
    source: str


def selected_rule_sets(policy: object) -> list[str]:
    """Names of the packs a policy selects, in order (default :data:`DEFAULT_RULE_SET`)."""
    one = getattr(policy, "rule_set", None)
    many = getattr(policy, "rule_sets", None)
    if many:
        return list(many)
    if one:
        return [one]
    return [DEFAULT_RULE_SET]


def _per_year(value: float | list[float], years: int) -> np.ndarray:
    arr = np.asarray(value, dtype=float).reshape(-1)
    return np.repeat(arr, years) if arr.size == 1 else arr


def park_energy_tce(scenario: Scenario, load_mwh: np.ndarray) -> np.ndarray:
    """Return the park's yearly energy use in standard coal: f·ΣL + N_tce [tce].

    Parameters
    ----------
    scenario : Scenario
        Gives f (``policy.electricity_tce_per_mwh``) and N_tce (``policy.nonelectric_tce``).
    load_mwh : numpy.ndarray
        ΣL of each year [MWh], shape ``(years, ...)``.
    """
    pol = scenario.policy
    load = np.asarray(load_mwh, dtype=float)
    n_tce = _per_year(pol.nonelectric_tce, scenario.years).reshape((-1,) + (1,) * (load.ndim - 1))
    return pol.electricity_tce_per_mwh * load + n_tce


def resolve_rules(scenario: Scenario, load_mwh: np.ndarray | None = None) -> list[ActiveRule]:
    """Return the new rules (not the verdict's original ones) of a scenario's packs that are on.

    Parameters
    ----------
    scenario : Scenario
        Its packs (:func:`selected_rule_sets`) and ``policy.rules`` overrides.
    load_mwh : numpy.ndarray, optional
        ΣL of each year [MWh], for limits that depend on the park's energy use (the zero-carbon
        park's CO2 intensity); default the scenario's yearly load energy.

    Returns
    -------
    list of ActiveRule
        In pack order, each rule once; ``mode`` ``hard`` or ``check``.
    """
    if load_mwh is None:
        load_mwh = _scenario_load_mwh(scenario)
    energy = park_energy_tce(scenario, np.asarray(load_mwh, dtype=float))
    overrides: Mapping = scenario.policy.rules or {}
    out: list[ActiveRule] = []
    seen: set[str] = set()
    for pack in selected_rule_sets(scenario.policy):
        for rid in RULE_SETS[pack].rules:
            rd = RULE_DEFS[rid]
            if rd.legacy_keys or rid in seen:
                continue
            seen.add(rid)
            ov = overrides.get(rid)
            mode = ov.mode if ov is not None and ov.mode is not None else rd.mode
            if mode == "off":
                continue
            if ov is not None and ov.limit is not None:
                limit = _per_year(ov.limit, scenario.years)
            else:
                limit = np.array(
                    [rd.limit(scenario, yr, float(energy[k]))
                     for k, yr in enumerate(scenario.calendar_years)]
                )  # fmt: skip
            limit.setflags(write=False)
            out.append(
                ActiveRule(
                    rid, rd.metric, rd.sense, rd.unit, mode, limit, pack, rd.label, rd.source
                )
            )
    return out


def _scenario_load_mwh(scenario: Scenario) -> np.ndarray:
    """Yearly load energy from the loads' ``annual_mwh`` (csv loads count as 0) [MWh]."""
    total = np.zeros(scenario.years)
    for ld in scenario.loads:
        v = scenario.annual_load_mwh(ld)
        if v is not None:
            total += np.asarray(v, dtype=float)
    return total


def rule_metrics(scenario: Scenario, sums: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every metric of :data:`METRICS` from yearly sums (vectorised over trailing axes).

    Parameters
    ----------
    scenario : Scenario
        Accounting inputs (``policy.electricity_tce_per_mwh``, ``nonelectric_*``,
        ``grid_clean_share``, ``green_import_share``) and emission factors.
    sums : mapping of str to numpy.ndarray
        Yearly sums, each shape ``(years, ...)``: ``load_mwh``, ``renewable_direct_mwh``,
        ``storage_discharge_mwh``, ``wind_available_mwh`` and ``solar_available_mwh`` (or
        ``renewable_available_mwh``), ``export_mwh``, ``import_mwh``, ``coal_mwh`` [MWh] — the
        KPI table of :func:`simulator.kpis.kpis_from_sums` has them all.

    Returns
    -------
    dict of str to numpy.ndarray
        Each metric of :data:`METRICS` [share or tCO2/tce], shape ``(years, ...)``. A share with a
        zero denominator is 1 (``renewable_share``, ``self_use_share``) or 0 (``export_share``).
    """
    pol = scenario.policy
    load = np.asarray(sums["load_mwh"], dtype=float)
    ext = (-1,) + (1,) * (load.ndim - 1)
    to_load = np.asarray(sums["renewable_direct_mwh"], float) + np.asarray(
        sums["storage_discharge_mwh"], float
    )
    if "renewable_available_mwh" in sums:
        avail = np.asarray(sums["renewable_available_mwh"], float)
    else:
        avail = np.asarray(sums["wind_available_mwh"], float) + np.asarray(
            sums["solar_available_mwh"], float
        )
    exp = np.asarray(sums["export_mwh"], float)
    imp = np.asarray(sums["import_mwh"], float)
    coal = np.asarray(sums["coal_mwh"], float)
    f = pol.electricity_tce_per_mwh
    n_tce = _per_year(pol.nonelectric_tce, scenario.years).reshape(ext)
    n_co2 = _per_year(pol.nonelectric_co2_t, scenario.years).reshape(ext)
    coal_ef = scenario.coal.co2_t_per_mwh if scenario.coal is not None else 0.0
    grid_ef = scenario.grid.co2_t_per_mwh * (1.0 - pol.green_import_share)
    clean_imp = pol.green_import_share + (1.0 - pol.green_import_share) * pol.grid_clean_share
    energy = f * load + n_tce
    co2 = coal_ef * coal + grid_ef * imp + n_co2
    clean = f * (to_load + clean_imp * imp) + pol.nonelectric_clean_share * n_tce

    def ratio(num: np.ndarray, den: np.ndarray, empty: float) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), empty)

    return {
        "renewable_share": ratio(to_load, load, 1.0),
        "self_use_share": ratio(to_load, avail, 1.0),
        "export_share": ratio(exp, avail, 0.0),
        "co2_intensity_t_per_tce": ratio(co2, energy, 0.0),
        "clean_energy_share": ratio(clean, energy, 1.0),
    }


def rule_coefficients(scenario: Scenario) -> dict[str, float | np.ndarray]:
    """Accounting constants of the metrics, for the LP rows (:mod:`solvers.lp_rules`).

    Returns
    -------
    dict
        ``f`` [tce/MWh], ``n_tce`` and ``n_co2_t`` per year [tce, tCO2], ``coal_co2``,
        ``import_co2`` [tCO2/MWh] (green purchases removed), ``import_clean_share`` [1],
        ``n_clean_share`` [1].
    """
    pol = scenario.policy
    return {
        "f": pol.electricity_tce_per_mwh,
        "n_tce": _per_year(pol.nonelectric_tce, scenario.years),
        "n_co2_t": _per_year(pol.nonelectric_co2_t, scenario.years),
        "coal_co2": scenario.coal.co2_t_per_mwh if scenario.coal is not None else 0.0,
        "import_co2": scenario.grid.co2_t_per_mwh * (1.0 - pol.green_import_share),
        "import_clean_share": pol.green_import_share
        + (1.0 - pol.green_import_share) * pol.grid_clean_share,
        "n_clean_share": pol.nonelectric_clean_share,
    }


def _limit_text(unit: str, value: float) -> str:
    if not np.isfinite(value):
        return "-"
    return f"{100 * value:.4g}%" if unit == "share" else f"{value:.4g} {unit}"


def rules_text(scenario: Scenario | None = None) -> str:
    """Return the packs and their rules with sources, or a scenario's rules (``parkbalance rules``).

    Parameters
    ----------
    scenario : Scenario, optional
        Without it, every pack with every rule: id, metric, sense, default mode and limit,
        source. With it, the scenario's packs and each rule's mode and limit per year after its
        overrides (the original Inner Mongolia rules with the keys that set them).

    Returns
    -------
    str
        Plain text, one rule per line.
    """
    lines: list[str] = []
    if scenario is None:
        for pack in RULE_SETS.values():
            lines.append(f"{pack.name}  (version {pack.version})  {pack.title} / {pack.title_zh}")
            lines.append(f"  source: {pack.source}")
            for rid in pack.rules:
                rd = RULE_DEFS[rid]
                how = f"set by {rd.legacy_keys}" if rd.legacy_keys else f"default {rd.mode}"
                lines.append(
                    f"  {rid:30s} {rd.metric} {rd.sense} {rd.limit_text}  [{how}]"
                )
                lines.append(f"  {'':30s} {rd.label}; {rd.source}")
            lines.append("")
        lines.append(
            "metrics (docs/model.md §7): "
            + "; ".join(f"{m.id} = {m.formula}" for m in METRICS.values())
        )
        return "\n".join(lines)
    packs = selected_rule_sets(scenario.policy)
    lines.append(f"{scenario.name}: rule sets {', '.join(packs)}")
    years = scenario.calendar_years
    lines.append(f"  {'rule':30s} {'mode':6s} limit by year {', '.join(map(str, years))}")
    pol = scenario.policy
    active = {r.id: r for r in resolve_rules(scenario)}
    for pack in packs:
        for rid in RULE_SETS[pack].rules:
            rd = RULE_DEFS[rid]
            if rid == "renewable_share":
                mode, lims = "hard", [_limit_text("share", t) for t in scenario.target_shares()]
            elif rid == "renewable_utilisation":
                on = pol.min_renewable_utilisation is not None
                mode = "hard" if on else "off"
                lims = [_limit_text("share", pol.min_renewable_utilisation)] if on else []
            elif rid in ("storage_power_ratio", "storage_energy_hours"):
                on = pol.storage_min_share > 0 and (
                    rid == "storage_power_ratio" or pol.storage_min_hours > 0
                )
                mode = "hard" if on else "off"
                value = pol.storage_min_share * (
                    1.0 if rid == "storage_power_ratio" else pol.storage_min_hours
                )
                lims = [_limit_text("share" if rid == "storage_power_ratio" else "h", value)]
                lims = lims if on else []
            elif rid in active:
                r = active[rid]
                mode, lims = r.mode, [_limit_text(r.unit, v) for v in r.limit]
            else:
                mode, lims = "off", []
            lines.append(f"  {rid:30s} {mode:6s} {', '.join(lims)}  ({pack}: {rd.source})")
    return "\n".join(lines)


def rule_checks(
    scenario: Scenario, sums: Mapping[str, np.ndarray], tolerance: float = 1e-9
) -> dict[str, dict[str, np.ndarray]]:
    """Check every ``hard``/``check`` rule of the scenario's packs on yearly sums (vectorised).

    For sweeps: the same values and pass/fail as the verdict's rows of these rules
    (:func:`simulator.verdict.plan_checks`), for any number of points at once.

    Parameters
    ----------
    scenario : Scenario
        Packs, overrides and accounting inputs.
    sums : mapping of str to numpy.ndarray
        Yearly sums as in :func:`rule_metrics`, each shape ``(years, ...)`` [MWh].
    tolerance : float
        A value within this of its limit passes [share or t/tce].

    Returns
    -------
    dict
        Rule id → ``{"value": (years, ...), "limit": (years,), "passed": (years, ...) bool}``.
        Limits that depend on the park's energy use are resolved with the first point's load.
    """
    load = np.asarray(sums["load_mwh"], dtype=float)
    first = load.reshape(load.shape[0], -1)[:, 0]
    metrics = rule_metrics(scenario, sums)
    out: dict[str, dict[str, np.ndarray]] = {}
    for rule in resolve_rules(scenario, load_mwh=first):
        value = metrics[rule.metric]
        limit = rule.limit.reshape((-1,) + (1,) * (value.ndim - 1))
        passed = value >= limit - tolerance if rule.sense == ">=" else value <= limit + tolerance
        out[rule.id] = {"value": value, "limit": rule.limit, "passed": passed}
    return out
