"""Rule-set LP data: the hard rules of a scenario in :class:`solvers.lp.LPData`, and their reach.

:class:`RuleLPData` carries the rows of :mod:`solvers.lp_rules` (``docs/model.md`` §7);
:func:`with_scenario_rules` makes it from plain LP data and a scenario; :func:`best_rule_values`
finds how far each hard rule can get when the LP is infeasible (the unreachable message);
:func:`tighten_rule` is the assure loop's repair of a rule the simulation misses.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

from simulator.core.rules import resolve_rules, rule_coefficients
from simulator.core.scenario import Scenario
from solvers.lp import LPData, build_model
from solvers.lp_rules import (
    SUM_KEYS,
    LPRuleRow,
    rule_linear,
    rule_sum_args,
    rule_terms,
    rule_values,
)

__all__ = ["RuleLPData", "best_rule_values", "tighten_rule", "with_scenario_rules"]

_MT = MonomialTermExpression


@dataclass(frozen=True, eq=False)
class RuleLPData(LPData):
    """:class:`solvers.lp.LPData` with the rule-set rows.

    Attributes
    ----------
    rule_rows : tuple of LPRuleRow
        Hard rules; empty = none (the LP of ``docs/model.md`` §5 unchanged).
    rule_accounting : dict
        :func:`simulator.core.rules.rule_coefficients`: ``f`` [tce/MWh], ``n_tce``, ``n_co2_t``
        (per year) [tce, tCO2], ``coal_co2``, ``import_co2`` [tCO2/MWh], ``import_clean_share``,
        ``n_clean_share`` [1].
    """

    rule_rows: tuple[LPRuleRow, ...] = ()
    rule_accounting: dict = field(default_factory=dict)


def with_scenario_rules(data: LPData, scenario: Scenario) -> LPData:
    """Return ``data`` with the scenario's hard rule-set rules (unchanged when there are none).

    Limits that depend on the park's energy use are resolved with the data's weighted yearly
    load (the full-hour data: the real yearly energy).
    """
    rows = tuple(
        LPRuleRow(r.id, r.metric, r.sense, np.asarray(r.limit, float), r.label, r.rule_set, r.unit)
        for r in resolve_rules(scenario, load_mwh=data.weighted_load_mwh())
        if r.mode == "hard"
    )
    if not rows:
        return data
    fields = {f.name: getattr(data, f.name) for f in dataclasses.fields(LPData)}
    return RuleLPData(**fields, rule_rows=rows, rule_accounting=rule_coefficients(scenario))


def best_rule_values(data: LPData, solve: object, max_iterations: int = 6) -> dict[str, np.ndarray]:
    """How far each hard rule can get on its own: its best value per year.

    For each rule, the LP without targets and without any rule row (capacity limits, balance,
    storage, adequacy and the other policy families stay) with the objective

        max Σ_y ±(num_y − r_y·den_y) / ΣL_y     (+ for ``>=`` rules, − for ``<=``)

    is solved, starting from r_y = the rule's limit and then r_y = the metric of the last
    solution (Dinkelbach's method for a ratio; one step when den is a constant), until the values
    stop improving.

    Parameters
    ----------
    data : LPData
        The LP data with its ``rule_rows``.
    solve : callable
        ``solve(model) -> SolveResult`` (the caller's HiGHS options and timer).
    max_iterations : int
        Most LP solves per rule.

    Returns
    -------
    dict of str to numpy.ndarray
        Rule id → best value of each year (NaN where the LP could not be solved).
    """
    rows = getattr(data, "rule_rows", ())
    bare = dataclasses.replace(data, rule_rows=())
    load = data.weighted_load_mwh()
    scale = np.where(load > 0, load, 1.0)
    out: dict[str, np.ndarray] = {}
    for row in rows:
        sign = 1.0 if row.sense == ">=" else -1.0
        r = np.nan_to_num(np.asarray(row.limit, float), nan=0.0)
        best = np.full(data.years, np.nan)
        for _ in range(max_iterations):
            m = build_model(bare, "max_share")
            m.del_component(m.objective)
            cap = {a: [m.cap[a, y] for y in range(data.years)] for a in m.A}
            hv = {
                name: list(comp.values())
                for name in (
                    "direct_mw",
                    "discharge_mw",
                    "export_mw",
                    "coal_mw",
                    "import_mw",
                    "process_mw",
                    "load_curtailed_mw",
                )  # fmt: skip
                if (comp := m.component(name)) is not None
            }
            args = []
            for y in range(data.years):
                sums = rule_sum_args(data, cap, hv, y)
                num, _, den, _ = rule_terms(row.metric, data.rule_accounting, y, float(load[y]))
                coef = {
                    k: sign * (num.get(k, 0.0) - r[y] * den.get(k, 0.0)) / scale[y]
                    for k in SUM_KEYS
                }
                args += rule_linear(sums, coef)
            if not args:
                args = [_MT((0.0, cap["wind_mw"][0]))]
            m.objective = pyo.Objective(expr=LinearExpression(args), sense=pyo.maximize)
            sol = solve(m)
            if sol.status != "optimal":
                break
            value = rule_values(data, sol.values, row.metric)
            improved = np.isnan(best) | (sign * (value - best) > 1e-9)
            best = np.where(improved, value, best)
            if not improved.any():
                break
            r = best.copy()
        out[row.id] = best
    return out


def tighten_rule(data: LPData, rule_id: str, y: int, change: float) -> LPData:
    """Return LP data whose rule ``rule_id`` is stricter by ``change`` in year ``y``.

    A ``>=`` rule's limit rises by ``change`` (at most to 1 for a share), a ``<=`` rule's falls
    (at least to 0): the assure loop's repair of a rule the simulation misses.
    """
    rows = []
    for row in data.rule_rows:
        if row.id == rule_id:
            lim = np.array(row.limit, dtype=float)
            if row.sense == ">=":
                lim[y] = lim[y] + change
                if row.unit == "share":
                    lim[y] = min(lim[y], 1.0)
            else:
                lim[y] = max(lim[y] - change, 0.0)
            row = dataclasses.replace(row, limit=lim)
        rows.append(row)
    return dataclasses.replace(data, rule_rows=tuple(rows))
