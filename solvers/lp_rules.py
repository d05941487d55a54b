"""The rule-set rows of the sizing LP (``docs/model.md`` §7, ``docs/rules.md``).

Every ``hard`` rule of a scenario's rule sets (:func:`simulator.core.rules.resolve_rules`) is one
Pyomo component ``rule_<id>[y]`` over the years with a limit, added by :func:`add_rule_rows`
(called once from :func:`solvers.lp.build_model`, after the storage minimum). Each metric is a
ratio num_y / den_y of yearly sums that are linear in the flows and capacities:

==========================  ==========================================  =========================
metric                      num_y                                       den_y
==========================  ==========================================  =========================
``renewable_share``         Σ(d + q)                                    ΣL
``self_use_share``          Σ(d + q)                                    W_y·Σw + S_y·Σs (= ΣA)
``export_share``            Σe                                          ΣA
``co2_intensity_t_per_tce`` ε_g·Σg + ε_i'·Σi + N_co2                    f·ΣL + N_tce
``clean_energy_share``      f·Σ(d + q) + f·c_i·Σi + κ_N·N_tce           f·ΣL + N_tce
==========================  ==========================================  =========================

(Σ = the weighted yearly sum Σ_t ω·(…); ε_i' = ε_i·(1 − γ), c_i = γ + (1 − γ)·κ_grid.) Since
den_y ≥ 0, "metric ≥ limit" is the linear row num_y − limit_y·den_y ≥ 0 (≤ likewise); a year
whose denominator is 0 passes by the same row.

The rows travel in the LP data: :class:`solvers.lp_rule_data.RuleLPData` is
:class:`solvers.lp.LPData` with ``rule_rows`` and ``rule_accounting``; ``dataclasses.replace``
(typical days, segments, the assure loop's repairs) keeps them. That module also makes them from
a scenario, finds how far each hard rule can get when the rules cannot all be met and tightens a
rule for the assure loop; this one only writes the rows and evaluates the metrics (it is called
from :func:`solvers.lp.build_model` and so does not import :mod:`solvers.lp`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.relational_expr import InequalityExpression

__all__ = [
    "SUM_KEYS",
    "LPRuleRow",
    "add_rule_rows",
    "hard_rule_ids",
    "rule_linear",
    "rule_sum_args",
    "rule_terms",
    "rule_values",
]

#: :class:`solvers.lp.LPData` (or :class:`solvers.lp_rule_data.RuleLPData`); not imported here,
#: since :func:`solvers.lp.build_model` calls :func:`add_rule_rows`.
LPData = Any

_MT = MonomialTermExpression

#: Yearly sums a rule row is written on: Σ(d + Σq), Σe, Σg, Σi, the available renewable ΣA and
#: the variable part of the demand Σ(Σp − Σz) (flexible processes, curtailable loads).
SUM_KEYS = ("to_load", "export", "coal", "import", "available", "demand")


@dataclass(frozen=True)
class LPRuleRow:
    """One hard rule of the LP.

    Attributes
    ----------
    id : str
        Rule id (``gd_self_use_share``); the component is ``rule_<id>``.
    metric : str
        Key of :data:`simulator.core.rules.METRICS`.
    sense : str
        ``>=`` or ``<=``.
    limit : numpy.ndarray
        Limit of each model year [share or tCO2/tce], shape ``(years,)``; NaN = no row that year.
    label, rule_set, unit : str
        For messages.
    """

    id: str
    metric: str
    sense: str
    limit: np.ndarray
    label: str = ""
    rule_set: str = ""
    unit: str = "share"


def hard_rule_ids(data: LPData) -> set[str]:
    """Ids of the hard rules the LP data carries."""
    return {r.id for r in getattr(data, "rule_rows", ())}


def rule_terms(
    metric: str, acct: dict, y: int, load_mwh: float
) -> tuple[dict[str, float], float, dict[str, float], float]:
    """num_y and den_y of a metric as (coefficients on :data:`SUM_KEYS`, constant) pairs.

    Parameters
    ----------
    metric : str
        Key of :data:`simulator.core.rules.METRICS`.
    acct : dict
        :func:`simulator.core.rules.rule_coefficients`.
    y : int
        Model year (for the per-year non-electric energy).
    load_mwh : float
        ΣL of the year [MWh].
    """
    # demand: the variable part of the park's demand, Σ(p − z) (processes, curtailable loads)
    if metric == "renewable_share":
        return {"to_load": 1.0}, 0.0, {"demand": 1.0}, load_mwh
    if metric == "self_use_share":
        return {"to_load": 1.0}, 0.0, {"available": 1.0}, 0.0
    if metric == "export_share":
        return {"export": 1.0}, 0.0, {"available": 1.0}, 0.0
    f = float(acct["f"])
    n_tce = float(acct["n_tce"][y])
    den_c = f * load_mwh + n_tce
    if metric == "co2_intensity_t_per_tce":
        num = {"coal": float(acct["coal_co2"]), "import": float(acct["import_co2"])}
        return num, float(acct["n_co2_t"][y]), {"demand": f}, den_c
    if metric == "clean_energy_share":
        num = {"to_load": f, "import": f * float(acct["import_clean_share"])}
        return num, float(acct["n_clean_share"]) * n_tce, {"demand": f}, den_c
    raise ValueError(f"no LP row for metric {metric!r}")


def rule_sum_args(data: LPData, cap: dict, hv: dict, y: int) -> dict[str, list]:
    """Arguments of each yearly sum of :data:`SUM_KEYS` (weighted), per unit coefficient."""
    nt = data.hours
    w = data.weight[y].tolist()

    per = data.years * nt

    def flows(*names: str, sign: float = 1.0) -> list:
        out = []
        for n in names:
            if n not in hv:
                continue
            flat = hv[n]
            if flat and isinstance(flat[0], list):  # one list per process or curtailable load
                flat = [x for item in flat for x in item]
            for k in range(0, len(flat), per):  # several items: one block of years per item
                xs = flat[k + y * nt : k + (y + 1) * nt]
                out += [(sign * wt, x) for wt, x in zip(w, xs, strict=True) if wt]
        return out

    wsum = float((data.weight[y] * data.wind_cf[y]).sum())
    ssum = float((data.weight[y] * data.solar_cf[y]).sum())
    return {
        "to_load": flows("direct_mw", "discharge_mw"),
        "export": flows("export_mw"),
        "coal": flows("coal_mw"),
        "import": flows("import_mw"),
        "available": [(wsum, cap["wind_mw"][y]), (ssum, cap["solar_mw"][y])],
        "demand": flows("process_mw") + flows("load_curtailed_mw", sign=-1.0),
    }


def rule_linear(sums: dict[str, list], coef: dict[str, float]) -> list:
    """Monomials Σ_key coef_key · (weighted sum of key), zero coefficients left out."""
    args = []
    for key, c in coef.items():
        if c == 0.0:
            continue
        args += [_MT((c * wt, x)) for wt, x in sums[key] if c * wt]
    return args


def _row_coefficients(row: LPRuleRow, acct: dict, y: int, load: float) -> tuple[dict, float]:
    """Return num − limit·den as (coefficients on :data:`SUM_KEYS`, constant)."""
    num, num_c, den, den_c = rule_terms(row.metric, acct, y, load)
    lim = float(row.limit[y])
    coef = {k: num.get(k, 0.0) - lim * den.get(k, 0.0) for k in SUM_KEYS}
    return coef, num_c - lim * den_c


def _zero_variable(m: pyo.ConcreteModel) -> pyo.Var:
    """Return a variable bounded to [0, 0], the one term of a rule row no plan can meet."""
    if m.component("rule_zero") is None:
        m.rule_zero = pyo.Var(bounds=(0.0, 0.0), doc="0, for rule rows no plan can meet")
    return m.rule_zero


def add_rule_rows(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """rule_<id>[y]: num_y − limit_y·den_y ≥ 0 (``>=`` rules) or ≤ 0 (``<=`` rules).

    One component per hard rule of ``data.rule_rows``, over the years with a finite limit; none
    for plain :class:`~solvers.lp.LPData`. A row without variables (no flow it is written on)
    that holds is left out; one that cannot hold is written on ``rule_zero`` (a variable bounded
    to [0, 0]), so that the LP is infeasible, as it should be.
    """
    rows = getattr(data, "rule_rows", ())
    if not rows:
        return
    acct = data.rule_accounting
    load = data.weighted_load_mwh()
    sums = [rule_sum_args(data, cap, hv, y) for y in range(data.years)]
    for row in rows:
        years = [y for y in range(data.years) if np.isfinite(row.limit[y])]
        if not years:
            continue

        def rule(m: pyo.ConcreteModel, y: int, row: LPRuleRow = row) -> InequalityExpression:
            coef, const = _row_coefficients(row, acct, y, float(load[y]))
            args = rule_linear(sums[y], coef)
            if not args:
                holds = (const >= -1e-9) if row.sense == ">=" else (const <= 1e-9)
                if holds:
                    return pyo.Constraint.Skip
                args = [_zero_variable(m)]
            expr = LinearExpression(args)
            if row.sense == ">=":
                return InequalityExpression((-const, expr), False)
            return InequalityExpression((expr, -const), False)

        index = pyo.Set(initialize=years, ordered=True, doc=f"years of rule {row.id}")
        m.add_component(f"Y_rule_{row.id}", index)
        m.add_component(
            f"rule_{row.id}",
            pyo.Constraint(
                index, rule=rule, doc=f"{row.metric} {row.sense} limit ({row.rule_set})"
            ),
        )


def rule_values(data: LPData, values: dict, metric: str) -> np.ndarray:
    """Return a metric of every year from an LP solution (``SolveResult.values``).

    Returns
    -------
    numpy.ndarray
        Shape ``(years,)`` [share or tCO2/tce].
    """
    acct = getattr(data, "rule_accounting", {}) or {}
    w = data.weight
    load = data.weighted_load_mwh()

    def total(name: str) -> np.ndarray:
        v = values.get(name)
        if v is None:
            return np.zeros(data.years)
        v = np.asarray(v).reshape(-1, data.years, data.hours)  # several stores: summed
        return (w * v.sum(axis=0)).sum(axis=1)

    capv = np.asarray(values["cap"])
    avail = capv[0] * (w * data.wind_cf).sum(axis=1) + capv[1] * (w * data.solar_cf).sum(axis=1)
    x = {
        "to_load": total("direct_mw") + total("discharge_mw"),
        "export": total("export_mw"),
        "coal": total("coal_mw"),
        "import": total("import_mw"),
        "available": avail,
        "demand": total("process_mw") - total("load_curtailed_mw"),
    }
    out = np.zeros(data.years)
    for y in range(data.years):
        num, num_c, den, den_c = rule_terms(metric, acct, y, float(load[y]))
        n = num_c + sum(c * x[k][y] for k, c in num.items())
        d = den_c + sum(c * x[k][y] for k, c in den.items())
        empty = 0.0 if metric in ("export_share", "co2_intensity_t_per_tce") else 1.0
        out[y] = n / d if d > 1e-12 else empty
    return out
