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
DataFrames for notebooks. The page is :mod:`simulator.report.compare_page`, the workbook
:mod:`simulator.report.compare_workbook`, and :func:`simulator.report.compare_report.write_compare`
writes both.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.core.errors import InputError
from simulator.core.verdict import RULES
from simulator.core.vocabulary import ASSET_NAMES, COMPONENT_COST_ITEMS, COST_ITEMS
from simulator.report.inputs import checks_of, provenance_of, verdict_of

__all__ = [
    "CAPACITY_KEYS",
    "PLAN_FILE",
    "COST_PARTS",
    "PlanRecord",
    "compare",
    "differences",
    "flatten_scenario",
    "plan_records",
    "read_plans",
    "toml_text",
]

PLAN_FILE = "plan.json"
#: Capacity columns of ``plan.json`` in the order shown (:data:`simulator.core.vocabulary.ASSETS`).
CAPACITY_KEYS = ASSET_NAMES
#: Parts of the discounted total shown (keys of ``cost_breakdown.discounted_total``); the
#: components' parts only where a plan has them.
COST_PARTS = COST_ITEMS
#: Rules in the order of the verdict table (:data:`simulator.core.verdict.RULES`).
RULE_ORDER = tuple(RULES)
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
        return provenance_of(self.plan) or {}

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
        text = (provenance_of(plan) or {}).get("scenario_toml")
        flat: dict[str, Any] = {}
        if text:
            try:
                flat = flatten_scenario(tomllib.loads(text))
            except tomllib.TOMLDecodeError:
                flat = {}
        out.append(PlanRecord(str(name), path, plan, flat))
    return out


def plan_records(
    dirs: Sequence[str | Path] | Sequence[PlanRecord], names: Sequence[str] | None = None
) -> list[PlanRecord]:
    """Return ``dirs`` as plan records: read them, unless they already are records."""
    if dirs and all(isinstance(d, PlanRecord) for d in dirs):
        return list(dirs)  # type: ignore[arg-type]
    return read_plans(dirs, names)  # type: ignore[arg-type]


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


def _summary(recs: list[PlanRecord]) -> pd.DataFrame:
    rows = {}
    for r in recs:
        checks = checks_of(r.plan) or []
        rows[r.name] = {
            "scenario": r.plan.get("scenario"),
            "status": r.plan.get("status"),
            "passed": bool((verdict_of(r.plan) or {}).get("passed", False)),
            "failed_checks": sum(1 for c in checks if not c.get("passed", True)),
            "variants": ", ".join(r.provenance.get("variants") or []),
            "overrides": "; ".join(
                f"{k}={toml_text(v)}" for k, v in (r.provenance.get("overrides") or {}).items()
            ),
            "folder": str(r.path),
        }
    return pd.DataFrame(rows, columns=[r.name for r in recs])


def capacity_keys(recs: list[PlanRecord]) -> list[str]:
    """Return the capacities shown: :data:`CAPACITY_KEYS`, then those of the plans' components.

    Each store's, process's and the coal minimum load of any plan, in the order of the first
    plan that has them.
    """
    keys = list(CAPACITY_KEYS)
    for r in recs:
        for c in r.plan.get("capacities") or []:
            keys += [k for k in c if k != "year" and k not in keys]
    return keys


def _capacities(recs: list[PlanRecord], years: list[int]) -> pd.DataFrame:
    keys = capacity_keys(recs)
    index = pd.MultiIndex.from_product([keys, years], names=["quantity", "year"])
    caps = pd.DataFrame(index=index, columns=[r.name for r in recs], dtype=float)
    for r in recs:
        for c in r.plan.get("capacities") or []:
            for key in keys:
                caps.loc[(key, int(c["year"])), r.name] = _num(c.get(key))
    return caps


def _costs(recs: list[PlanRecord]) -> pd.DataFrame:
    rows = ["discounted_total", "total_investment", "cost_per_mwh_load"]
    present = set()
    for r in recs:
        present |= set((r.plan.get("cost_breakdown") or {}).get("discounted_total") or {})
    shown = [p for p in COST_PARTS if p not in COMPONENT_COST_ITEMS or p in present]
    rows += [f"discounted.{p}" for p in shown]
    costs = pd.DataFrame(
        index=pd.Index(rows, name="cost"), columns=[r.name for r in recs], dtype=float
    )
    for r in recs:
        disc = (r.plan.get("cost_breakdown") or {}).get("discounted_total") or {}
        costs.loc["discounted_total", r.name] = _num(disc.get("total", r.plan.get("objective")))
        costs.loc["total_investment", r.name] = _investment(r)
        costs.loc["cost_per_mwh_load", r.name] = _cost_per_mwh(r)
        for p in shown:
            costs.loc[f"discounted.{p}", r.name] = _num(disc.get(p))
    return costs


def _shares_and_co2(recs: list[PlanRecord], years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = [r.name for r in recs]
    index = pd.MultiIndex.from_product(
        [("renewable_share", "target_share", "gap_share"), years], names=["quantity", "year"]
    )
    shares = pd.DataFrame(index=index, columns=cols, dtype=float)
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
    return shares, co2


_CHECK_FIELDS = ["value", "limit", "unit", "sense", "passed"]


def _checks(recs: list[PlanRecord]) -> pd.DataFrame:
    rows = [
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
        for r in recs
        for c in checks_of(r.plan) or []
    ]
    if not rows:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["rule", "year"]))
    checks = pd.DataFrame(rows).pivot_table(
        index=["rule", "year"], columns="plan", values=_CHECK_FIELDS, aggfunc="first"
    )
    checks = checks.swaplevel(0, 1, axis=1)
    present = [r.name for r in recs if r.name in checks.columns.get_level_values(0)]
    checks = checks.reindex(columns=pd.MultiIndex.from_product([present, _CHECK_FIELDS]))
    order = {k: i for i, k in enumerate(RULE_ORDER)}
    return checks.iloc[
        sorted(
            range(len(checks)),
            key=lambda i: (order.get(checks.index[i][0], 99), checks.index[i]),
        )
    ]


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
    recs = plan_records(dirs, names)
    years = sorted({y for r in recs for y in _years(r)})
    shares, co2 = _shares_and_co2(recs, years)
    return {
        "summary": _summary(recs),
        "capacities": _capacities(recs, years),
        "costs": _costs(recs),
        "shares": shares,
        "co2": co2,
        "checks": _checks(recs),
        "assumptions": _assumption_diff(recs),
    }


def toml_text(v: Any, pretty: bool = False) -> str:
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
        return "[" + ", ".join(toml_text(x, pretty) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {toml_text(x, pretty)}" for k, x in v.items()) + "}"
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
    data = {r.name: [toml_text(r.scenario.get(k), pretty=True) for k in changed] for r in recs}
    return pd.DataFrame(data, index=pd.Index(changed, name="key"), columns=[r.name for r in recs])


def differences(frame: pd.DataFrame) -> pd.DataFrame:
    """Return each plan's numbers minus the first plan's (same shape; the first column is 0)."""
    num = frame.apply(pd.to_numeric, errors="coerce")
    return num.sub(num.iloc[:, 0], axis=0)
