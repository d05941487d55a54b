"""The verdict of a plan: every rule of the park checked on the hours it was simulated on.

A planner acts on "this plan meets every rule", so the verdict is computed from the rule-based
dispatch of every hour of every year (``docs/model.md`` §6), never from the optimiser's own
dispatch; the LP's values of the same metrics are shown beside it. One table, one row per year and
rule, with the value, the limit, the sense and whether it passed:

=========================  =====  ======  ====================================================
rule                       sense  unit    value
=========================  =====  ======  ====================================================
``renewable_share``        >=     share   Σ(d + q) / ΣL against the year's target
``unserved_share``         <=     share   Σu / ΣL against ``policy.max_unserved_share``
``renewable_utilisation``  >=     share   1 − Σk / ΣA against ``policy.min_renewable_utilisation``
``storage_power_ratio``    >=     share   P / (W + S) against ``policy.storage_min_share``
``storage_energy_hours``   >=     h       E / (W + S) against ``storage_min_share · min_hours``
``import_peak_mw``         <=     MW      max_t i against ``grid.import_max_mw``
``export_peak_mw``         <=     MW      max_t e against ``grid.export_max_mw``
``coal_max_mw``            <=     MW      max_t g against ``coal.capacity_mw``
``coal_must_run_mw``       >=     MW      min_t g against the year's must-run m_y
``product_shortfall_mwh``  <=     MWh     Σsf (product demand of flexible processes not met)
=========================  =====  ======  ====================================================

With several stores the storage rules take the sums of their power and energy; with a coal
retrofit option the must-run of each year is the plan's ``coal_min_load_mw``.

After them, one row per year for every rule of the scenario's rule sets that is ``hard`` or
``check`` (:mod:`simulator.core.rules`, ``docs/rules.md``): e.g. ``gd_self_use_share`` (>=, share),
``zcp_co2_intensity_t_per_tce`` (<=, t/tce); the metric is computed from the same yearly sums
(:func:`simulator.core.rules.rule_metrics`) and the row carries the rule's ``source``.

Rules that a scenario switches off (no utilisation floor, no storage rule, no coal plant, a rule
set's rule with ``mode = "off"``) have no rows. :func:`plan_checks` builds the table,
:func:`failure_lines` says each failure in one line, :func:`check_records` and
:func:`verdict_record` give the JSON of ``plan.json``/``kpis.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from simulator.core.kpis import SHARE_TOLERANCE
from simulator.core.rules import RULE_DEFS, resolve_rules, rule_metrics
from simulator.core.scenario import Scenario
from simulator.core.vocabulary import storage_totals

__all__ = [
    "CHECK_COLUMNS",
    "MW_TOLERANCE",
    "HOURLY_RULES",
    "RULES",
    "SUM_RULES",
    "Rule",
    "check_records",
    "checks_from_sums",
    "failure_lines",
    "format_rule_value",
    "plan_checks",
    "rule_message",
    "rule_passed",
    "verdict_record",
]

#: A power within this of its limit counts as within it (round-off of the hourly flows) [MW].
MW_TOLERANCE = 1e-6

#: Columns of the check table (``source``: the document of a rule set's rule, else empty).
CHECK_COLUMNS = (
    "year", "rule", "sense", "value", "limit", "unit", "passed", "message", "source",
)  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """One rule of the verdict: its sense (``>=`` or ``<=``), unit, label and source."""

    id: str
    sense: str
    unit: str
    label: str
    source: str = ""


#: Every rule of the verdict, in the order of the table.
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("renewable_share", ">=", "share", "renewable consumption share"),
        Rule("unserved_share", "<=", "share", "unserved energy (share of load)"),
        Rule("renewable_utilisation", ">=", "share", "renewable utilisation"),
        Rule("storage_power_ratio", ">=", "share", "storage power per MW of wind + solar"),
        Rule("storage_energy_hours", ">=", "h", "storage energy per MW of wind + solar"),
        Rule("import_peak_mw", "<=", "MW", "peak import"),
        Rule("export_peak_mw", "<=", "MW", "peak export"),
        Rule("coal_max_mw", "<=", "MW", "peak coal output"),
        Rule("coal_must_run_mw", ">=", "MW", "lowest coal output"),
        Rule("product_shortfall_mwh", "<=", "MWh", "product demand not met"),
    )
}
# the rules of the packs (simulator.core.rules): the original four get their source, the new ones
# follow in pack order
for _rd in RULE_DEFS.values():
    if _rd.id in RULES:
        RULES[_rd.id] = replace(RULES[_rd.id], source=_rd.source)
    else:
        RULES[_rd.id] = Rule(_rd.id, _rd.sense, _rd.unit, _rd.label, _rd.source)


#: Rules decided by yearly sums and capacities alone (:func:`checks_from_sums`).
SUM_RULES = (
    "renewable_share",
    "unserved_share",
    "renewable_utilisation",
    "storage_power_ratio",
    "storage_energy_hours",
    "import_peak_mw",
    "product_shortfall_mwh",
)
#: Rules that need the hourly flows (the peak export, the highest and lowest coal output).
HOURLY_RULES = ("export_peak_mw", "coal_max_mw", "coal_must_run_mw")


def _pct(v: float) -> str:
    """Format a share as a percentage: 0 → ``0%``, 0.0612 → ``6.1%``, 2e-5 → ``<0.1%``."""
    if 0 < v < 0.0005:  # a share that is not zero is never written as 0%
        return "<0.1%"
    text = f"{100 * v:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _energy(mwh: float) -> str:
    """Format energy: ``642.4 GWh``, or in MWh below 100 MWh (``12.3 MWh``, never ``0.0 GWh``)."""
    return f"{mwh / 1e3:,.1f} GWh" if abs(mwh) >= 100.0 else f"{mwh:,.1f} MWh"


def _yearly(hourly: pd.DataFrame | None, column: str, how: str, years: list[int]) -> np.ndarray:
    """Yearly max or min of an hourly column (NaN when there is no hourly table)."""
    if hourly is None or column not in hourly:
        return np.full(len(years), np.nan)
    g = hourly.groupby("year", sort=True)[column].agg(how)
    return g.reindex(years).to_numpy(float)


def plan_checks(
    scenario: Scenario,
    capacities: pd.DataFrame,
    kpis: pd.DataFrame,
    hourly: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Check every rule of the scenario on a dispatch of the plan, year by year.

    Parameters
    ----------
    scenario : Scenario
        The park and its rules.
    capacities : pandas.DataFrame
        One row per year: ``year, wind_mw, solar_mw, storage_mwh, storage_mw`` [MW, MWh].
    kpis : pandas.DataFrame
        Yearly KPIs of the dispatch (index ``year``; :data:`simulator.core.kpis.KPI_NAMES`).
    hourly : pandas.DataFrame, optional
        Hourly dispatch with ``year, export_mw, coal_mw`` [MW]; without it the export and coal
        rules are not checked.

    Returns
    -------
    pandas.DataFrame
        :data:`CHECK_COLUMNS`, one row per year and rule (years first, rules in the order of
        :data:`RULES`); ``message`` is the failure line, empty when passed.
    """
    ctx = _Context.of(scenario, capacities, kpis, hourly)
    rows: list[dict] = []
    for y in range(len(ctx.years)):
        for group in (_energy_rows, _storage_rows, _grid_coal_rows, _process_rows, _pack_rows):
            rows += group(ctx, y)
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS))


@dataclass
class _Context:
    """What the checks of :func:`plan_checks` read, per year."""

    scenario: Scenario
    years: list[int]
    k: dict[str, np.ndarray]
    unserved_share: np.ndarray
    renewable_mw: np.ndarray
    store_mwh: np.ndarray
    store_mw: np.ndarray
    must_run_mw: np.ndarray | None
    export_peak: np.ndarray
    coal_max: np.ndarray
    coal_min: np.ndarray
    has_hourly: bool
    packs: list
    metrics: dict

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        capacities: pd.DataFrame,
        kpis: pd.DataFrame,
        hourly: pd.DataFrame | None,
    ) -> _Context:
        years = [int(y) for y in kpis.index]
        caps = capacities.set_index("year").reindex(years)
        coal = scenario.coal
        k = {c: kpis[c].to_numpy(float) for c in kpis.columns if c != "meets_target"}
        load = k["load_mwh"]
        store_mwh, store_mw = storage_totals(caps, scenario.store_pairs())
        must_run = None
        if coal is not None:
            must_run = (
                caps["coal_min_load_mw"].to_numpy(float)
                if "coal_min_load_mw" in caps
                else np.full(len(years), coal.min_load_share * coal.capacity_mw)
            )
        packs = resolve_rules(scenario, load_mwh=load)
        return cls(
            scenario=scenario,
            years=years,
            k=k,
            unserved_share=np.where(
                load > 0, k["unserved_mwh"] / np.where(load > 0, load, 1.0), 0.0
            ),
            renewable_mw=caps["wind_mw"].to_numpy(float) + caps["solar_mw"].to_numpy(float),
            store_mwh=np.asarray(store_mwh, dtype=float),
            store_mw=np.asarray(store_mw, dtype=float),
            must_run_mw=must_run,
            export_peak=_yearly(hourly, "export_mw", "max", years),
            coal_max=_yearly(hourly, "coal_mw", "max", years),
            coal_min=_yearly(hourly, "coal_mw", "min", years),
            has_hourly=hourly is not None,
            packs=packs,
            metrics=rule_metrics(scenario, k) if packs else {},
        )

    def row(self, rule: str, y: int, value: float, limit: float, passed: bool, msg: str) -> dict:
        """One row of the check table."""
        r = RULES[rule]
        return {
            "year": self.years[y],
            "rule": rule,
            "sense": r.sense,
            "value": float(value),
            "limit": float(limit),
            "unit": r.unit,
            "passed": bool(passed),
            "message": "" if passed else f"year {self.years[y]}: {msg}",
            "source": r.source,
        }


def _energy_rows(c: _Context, y: int) -> list[dict]:
    """Renewable share, unserved energy, utilisation floor."""
    k, pol = c.k, c.scenario.policy
    share, target = k["renewable_share"][y], k["target_share"][y]
    out = [
        c.row(
            "renewable_share", y, share, target, share >= target - SHARE_TOLERANCE,
            f"renewable share {_pct(share)} below the target {_pct(target)}",
        )
    ]
    us, allowed = c.unserved_share[y], pol.max_unserved_share
    out.append(c.row(
        "unserved_share", y, us, allowed, us <= allowed + SHARE_TOLERANCE,
        f"{_energy(k['unserved_mwh'][y])} unserved ({_pct(us)} of load, "
        f"{int(k['unserved_hours'][y]):,} hours) where {_pct(allowed)} is allowed",
    ))
    if pol.min_renewable_utilisation is not None:
        u, floor = k["renewable_utilisation"][y], pol.min_renewable_utilisation
        out.append(c.row(
            "renewable_utilisation", y, u, floor, u >= floor - SHARE_TOLERANCE,
            f"renewable utilisation {_pct(u)} below the floor {_pct(floor)} "
            f"({k['curtailed_mwh'][y] / 1e3:,.1f} GWh curtailed)",
        ))
    return out


def _storage_rows(c: _Context, y: int) -> list[dict]:
    """Storage power and energy per MW of wind and solar (sums over the stores)."""
    pol = c.scenario.policy
    if pol.storage_min_share <= 0:
        return []
    p_mw, e_mwh, re_mw = c.store_mw[y], c.store_mwh[y], c.renewable_mw[y]
    ratio = p_mw / re_mw if re_mw > 0 else 0.0
    need = pol.storage_min_share
    out = [c.row(
        "storage_power_ratio", y, ratio, need, p_mw >= need * re_mw - MW_TOLERANCE,
        f"storage power {p_mw:,.1f} MW is {_pct(ratio)} of wind + solar "
        f"({re_mw:,.1f} MW), below the required {_pct(need)}",
    )]
    if pol.storage_min_hours > 0:
        hours = e_mwh / re_mw if re_mw > 0 else 0.0
        need_h = pol.storage_min_share * pol.storage_min_hours
        out.append(c.row(
            "storage_energy_hours", y, hours, need_h, e_mwh >= need_h * re_mw - MW_TOLERANCE,
            f"storage energy {e_mwh:,.1f} MWh is {hours:.2f} h of wind + solar MW, "
            f"below the required {need_h:.2f} h",
        ))
    return out


def _grid_coal_rows(c: _Context, y: int) -> list[dict]:
    """Import and export peaks against the connection, coal output against its limits."""
    grid, coal = c.scenario.grid, c.scenario.coal
    peak = c.k["peak_import_mw"][y]
    out = [c.row(
        "import_peak_mw", y, peak, grid.import_max_mw, peak <= grid.import_max_mw + MW_TOLERANCE,
        f"import peaks at {peak:,.1f} MW, above the connection cap {grid.import_max_mw:,.1f} MW",
    )]
    if not c.has_hourly:
        return out
    ex = c.export_peak[y]
    out.append(c.row(
        "export_peak_mw", y, ex, grid.export_max_mw, ex <= grid.export_max_mw + MW_TOLERANCE,
        f"export peaks at {ex:,.1f} MW, above the connection cap {grid.export_max_mw:,.1f} MW",
    ))
    if coal is None or c.must_run_mw is None:
        return out
    must_run = c.must_run_mw[y]
    out.append(c.row(
        "coal_max_mw", y, c.coal_max[y], coal.capacity_mw,
        c.coal_max[y] <= coal.capacity_mw + MW_TOLERANCE,
        f"coal output peaks at {c.coal_max[y]:,.1f} MW, above its capacity "
        f"{coal.capacity_mw:,.1f} MW",
    ))
    out.append(c.row(
        "coal_must_run_mw", y, c.coal_min[y], must_run, c.coal_min[y] >= must_run - MW_TOLERANCE,
        f"coal output falls to {c.coal_min[y]:,.1f} MW, below its must-run {must_run:,.1f} MW",
    ))
    return out


def _process_rows(c: _Context, y: int) -> list[dict]:
    """Product demand of flexible processes not met."""
    if not c.scenario.processes or "product_shortfall_mwh" not in c.k:
        return []
    sf = c.k["product_shortfall_mwh"][y]
    return [c.row(
        "product_shortfall_mwh", y, sf, 0.0, sf <= MW_TOLERANCE,
        f"{sf / 1e3:,.1f} GWh of product demand of the flexible processes not met",
    )]


def _pack_rows(c: _Context, y: int) -> list[dict]:
    """Return the rows of the hard and check rules of the scenario's rule sets."""
    out = []
    for rule in c.packs:
        value, limit = float(c.metrics[rule.metric][y]), float(rule.limit[y])
        out.append(c.row(
            rule.id, y, value, limit, rule_passed(rule.sense, value, limit),
            rule_message(rule.label, rule.rule_set, rule.sense, rule.unit, value, limit),
        ))
    return out


def rule_passed(sense: str, value: float, limit: float) -> bool:
    """Whether a rule-set metric meets its limit (within :data:`SHARE_TOLERANCE`)."""
    if sense == ">=":
        return bool(value >= limit - SHARE_TOLERANCE)
    return bool(value <= limit + SHARE_TOLERANCE)


def format_rule_value(value: float, unit: str) -> str:
    """``61.2%`` for a share, ``0.213 t/tce`` for an intensity."""
    return _pct(value) if unit == "share" else f"{value:.3f} {unit}"


def rule_message(
    label: str, rule_set: str, sense: str, unit: str, value: float, limit: float
) -> str:
    """Failure line of a rule-set rule (``... 52.3% below the required 60% (pack)``)."""
    word = "below the required" if sense == ">=" else "above the allowed"
    return (
        f"{label} {format_rule_value(value, unit)} {word} {format_rule_value(limit, unit)} "
        f"({rule_set})"
    )


def checks_from_sums(
    scenario: Scenario,
    kpis: Mapping[str, np.ndarray],
    capacities: Mapping[str, np.ndarray],
    import_max_mw: np.ndarray | float | None = None,
) -> dict[str, np.ndarray]:
    """Check the rules of :data:`SUM_RULES` on many dispatches at once (vectorised).

    The same limits, senses and tolerances as :func:`plan_checks`, on arrays that broadcast
    together (e.g. yearly KPIs of shape ``(years, weather years, points)`` and capacities of
    shape ``(years, 1, points)``). The rules of :data:`HOURLY_RULES` need hourly flows and are
    not checked here.

    Parameters
    ----------
    scenario : Scenario
        The park and its rules (``policy``, ``grid``).
    kpis : mapping of str to numpy.ndarray
        Yearly KPIs (:func:`simulator.core.kpis.kpis_from_sums`): ``renewable_share``,
        ``target_share``, ``load_mwh``, ``unserved_mwh``, ``renewable_utilisation``,
        ``peak_import_mw``.
    capacities : mapping of str to numpy.ndarray
        ``wind_mw``, ``solar_mw``, ``storage_mwh``, ``storage_mw`` of each year [MW, MWh].
    import_max_mw : numpy.ndarray or float, optional
        Import cap of each dispatch [MW] (default ``scenario.grid.import_max_mw``).

    Returns
    -------
    dict of str to numpy.ndarray
        Rule → boolean array (``True`` = passed), for the rules the scenario has (no
        ``renewable_utilisation`` without a floor, no storage rules without a storage share).
    """
    pol = scenario.policy
    cap = scenario.grid.import_max_mw if import_max_mw is None else import_max_mw
    load = np.asarray(kpis["load_mwh"], dtype=float)
    unserved = np.asarray(kpis["unserved_mwh"], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        unserved_share = np.where(load > 0, unserved / np.where(load > 0, load, 1.0), 0.0)
    out = {
        "renewable_share": np.asarray(kpis["renewable_share"])
        >= np.asarray(kpis["target_share"]) - SHARE_TOLERANCE,
        "unserved_share": unserved_share <= pol.max_unserved_share + SHARE_TOLERANCE,
    }
    if pol.min_renewable_utilisation is not None:
        out["renewable_utilisation"] = (
            np.asarray(kpis["renewable_utilisation"])
            >= pol.min_renewable_utilisation - SHARE_TOLERANCE
        )
    if pol.storage_min_share > 0:
        re_mw = np.asarray(capacities["wind_mw"]) + np.asarray(capacities["solar_mw"])
        out["storage_power_ratio"] = (
            np.asarray(capacities["storage_mw"]) >= pol.storage_min_share * re_mw - MW_TOLERANCE
        )
        if pol.storage_min_hours > 0:
            need_h = pol.storage_min_share * pol.storage_min_hours
            out["storage_energy_hours"] = (
                np.asarray(capacities["storage_mwh"]) >= need_h * re_mw - MW_TOLERANCE
            )
    out["import_peak_mw"] = np.asarray(kpis["peak_import_mw"]) <= np.asarray(cap) + MW_TOLERANCE
    if scenario.processes and "product_shortfall_mwh" in kpis:
        out["product_shortfall_mwh"] = np.asarray(kpis["product_shortfall_mwh"]) <= MW_TOLERANCE
    return out


def failure_lines(checks: pd.DataFrame) -> list[str]:
    """One line per failing year and rule (``year 2026: 642.4 GWh unserved ...``)."""
    return [str(m) for m in checks.loc[~checks["passed"], "message"]]


def check_records(checks: pd.DataFrame, lp_checks: pd.DataFrame | None = None) -> list[dict]:
    """JSON records of a check table; ``lp_value`` is the LP's value of the same rule and year.

    Returns
    -------
    list of dict
        ``year, rule, sense, value, limit, unit, lp_value, passed`` (``message`` when failed,
        ``source`` for a rule of a rule set).
    """
    lp = {}
    if lp_checks is not None:
        lp = {(int(r.year), r.rule): float(r.value) for r in lp_checks.itertuples()}
    out = []
    for r in checks.itertuples():
        rec = {
            "year": int(r.year),
            "rule": r.rule,
            "sense": r.sense,
            "value": float(r.value),
            "limit": float(r.limit),
            "unit": r.unit,
            "lp_value": lp.get((int(r.year), r.rule)),
            "passed": bool(r.passed),
        }
        if not r.passed:
            rec["message"] = r.message
        source = getattr(r, "source", "")
        if source:
            rec["source"] = source
        out.append(rec)
    return out


def verdict_record(status: str, checks: pd.DataFrame | None) -> dict:
    """``{"status", "passed", "failures"}``: passed only when there are checks and all pass."""
    if checks is None or checks.empty:
        return {"status": status, "passed": False, "failures": []}
    fails = failure_lines(checks)
    return {"status": status, "passed": not fails, "failures": fails}
