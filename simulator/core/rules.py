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
of imports) are keys of ``[policy]`` (:class:`simulator.core.scenario.Policy`).

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

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simulator.core.rules_catalogue import (
    DEFAULT_RULE_SET,
    ELECTRICITY_TCE_PER_MWH,
    METRICS,
    MODES,
    RULE_DEFS,
    RULE_SETS,
    Metric,
    RuleDef,
    RuleSet,
    Scenario,
)

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
        KPI table of :func:`simulator.core.kpis.kpis_from_sums` has them all.

    Returns
    -------
    dict of str to numpy.ndarray
        Each metric of :data:`METRICS` [share or tCO2/tce], shape ``(years, ...)``. A share with a
        zero denominator is 1 (``renewable_share``, ``self_use_share``) or 0 (``export_share``).
    """
    pol = scenario.policy
    load = np.asarray(sums["load_mwh"], dtype=float)
    ext = (-1,) + (1,) * (load.ndim - 1)
    if "renewable_to_load_mwh" in sums:  # the KPI: d + p_o + q over the park's demand
        to_load = np.asarray(sums["renewable_to_load_mwh"], float)
    else:
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
                lines.append(f"  {rid:30s} {rd.metric} {rd.sense} {rd.limit_text}  [{how}]")
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
    (:func:`simulator.core.verdict.plan_checks`), for any number of points at once.

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
