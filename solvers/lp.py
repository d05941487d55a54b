"""The sizing LP of parkbalance: one Pyomo model built from its components.

This module is the single definition of the linear programme of ``docs/model.md`` §5. Every
equation of that document is one indexed Pyomo component, named like the equation
(``renewable_split``, ``balance``, ``storage_soc``, ...). :func:`build_model` runs in a fixed order:
sets → variables (``cap`` and each component's) → the shared rows, written from the balance term
table of the components (:func:`solvers.lp_families.shared_terms`) → each component's hourly
families → ``capacity_nondecreasing`` → the yearly shared rows (``target``, ``utilisation_min``,
``unserved_max``) → each component's policy rows → the rule-set rows → the objective. A family
that is switched off (no storage can be built, no coal, a policy option left unset) is not created
at all, so a scenario without extensions solves exactly the LP of the issue.

The inputs are :class:`~solvers.lp_data.LPData` (plain numpy arrays, apart from the scenario);
:func:`~solvers.lp_scenario.lp_data_from_scenario` fills it from a scenario. Both are re-exported
here.

Speed: each hourly family is one ``pyo.Constraint(Y, T, rule=...)``; the rule indexes flat lists of
variable data and precomputed Python floats, builds a ``LinearExpression`` directly (which the
standard-form compiler reads without walking an operator tree), and the cyclic garbage collector
is paused during the build (it otherwise rescans the growing heap of expression objects).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

from solvers.lp_data import (
    ASSETS,
    HOURLY_VARIABLES,
    LPData,
    annualised_cost_per_unit,
    annuity_factor,
    discount_factors,
    retrofit_cost_per_mw,
)
from solvers.lp_expr import MT, eq, ge, le, lin, term_args, yearly_sum_args
from solvers.lp_families import COMPONENTS, HOURLY_ORDER, shared_terms
from solvers.lp_scenario import check_lp_components, lp_data_from_scenario
from solvers.lp_storage import PER_STORE

__all__ = [
    "ASSETS",
    "HOURLY_VARIABLES",
    "LPData",
    "annualised_cost_per_unit",
    "annuity_factor",
    "build_model",
    "check_lp_components",
    "discount_factors",
    "lp_data_from_scenario",
    "retrofit_cost_per_mw",
]


def build_model(
    data: LPData, objective: Literal["cost", "max_share"] = "cost"
) -> pyo.ConcreteModel:
    """Build the sizing LP of ``docs/model.md`` §5 as one Pyomo model.

    Parameters
    ----------
    data : LPData
        Inputs.
    objective : {"cost", "max_share"}
        ``"cost"``: minimise the discounted cost subject to the yearly targets.
        ``"max_share"``: same constraints without the target rows; maximise the sum over years
        of each year's renewable share (every year with equal weight).

    Returns
    -------
    pyomo.environ.ConcreteModel
        Sets ``Y`` (years 0..), ``T`` (hours 0..), ``A`` (``data.assets``), ``S`` (stores, with
        several), ``R`` (flexible processes); variables ``cap[a, y]``
        and the variables of the components that the data switch on; one constraint component
        per equation family; objective ``objective``.
    """
    if objective not in ("cost", "max_share"):
        raise ValueError(f"objective must be 'cost' or 'max_share', not {objective!r}")
    m = pyo.ConcreteModel(name="parkbalance_sizing")
    with PauseGC():
        _add_sets(m, data)
        cap, hv = _add_variables(m, data)
        rows = shared_terms(data, hv)
        _add_renewable_split(m, data, cap, rows["renewable_split"])
        _add_balance(m, data, rows["balance"])
        for comp in COMPONENTS:
            comp.families(m, data, cap, hv)
        _add_capacity_nondecreasing(m, data)
        if objective == "cost":
            _add_target(m, data, rows)
        _add_utilisation_min(m, data, cap, hv)
        _add_unserved_max(m, data, hv, rows["demand"])
        for comp in COMPONENTS:
            comp.policy(m, data, cap, hv)
        _add_rule_rows(m, data, cap, hv)
        if objective == "cost":
            _add_cost_objective(m, data, hv)
        else:
            _add_share_objective(m, data, rows["to_load"])
    return m


def _add_sets(m: pyo.ConcreteModel, data: LPData) -> None:
    m.Y = pyo.Set(initialize=range(data.years), ordered=True, doc="model years y = 0, 1, ...")
    m.T = pyo.Set(initialize=range(data.hours), ordered=True, doc="hours of a year t = 0, 1, ...")
    m.A = pyo.Set(initialize=data.assets, ordered=True, doc="capacity assets a")
    if data.stores > 1:
        m.S = pyo.Set(initialize=range(data.stores), ordered=True, doc="stores s (list order)")
    if data.has_processes:
        m.R = pyo.Set(initialize=range(data.processes), ordered=True, doc="flexible processes r")
    if data.years >= 2:
        m.Y_after_first = pyo.Set(initialize=range(1, data.years), ordered=True)
    if data.has_periods and data.has_storage:
        m.P = pyo.Set(initialize=range(data.periods), ordered=True, doc="representative periods")
        m.D = pyo.Set(initialize=range(data.days), ordered=True, doc="real periods of a year")


def _add_variables(m: pyo.ConcreteModel, data: LPData) -> tuple[dict, dict]:
    """Create cap[a, y] and the components' variables; return per-asset and flat hourly lists.

    Constant limits are variable bounds: ``capacity_existing`` and ``capacity_max`` on cap,
    ``export_max``, ``import_max``, ``coal_min`` and ``coal_max`` on e, i and g. The (y, t)
    variables of all components are created in :data:`~solvers.lp_families.HOURLY_ORDER`, then
    each component's other variables in component order.
    """
    lower = data.capacity_lower()
    assets = data.assets
    lo = {a: lower[j].tolist() for j, a in enumerate(assets)}
    hi = dict(zip(assets, [None if np.isinf(v) else v for v in data.maximum.tolist()], strict=True))
    m.cap = pyo.Var(
        m.A,
        m.Y,
        bounds=lambda m, a, y: (lo[a][y], hi[a]),
        doc="capacity of asset a in year y [MW or MWh] (capacity_existing ≤ cap ≤ capacity_max)",
    )
    cap = {a: [m.cap[a, y] for y in range(data.years)] for a in assets}
    bounds: dict = {}
    for comp in COMPONENTS:
        bounds.update(comp.hourly(data))
    hv: dict = {}
    for name in HOURLY_ORDER:
        if name not in bounds:
            continue
        # several stores: c, q, soc indexed by store s (flat, index (s·years + y)·hours + t)
        sets = (m.S, m.Y, m.T) if name in PER_STORE and data.stores > 1 else (m.Y, m.T)
        var = pyo.Var(*sets, bounds=bounds[name], doc=f"{HOURLY_VARIABLES[name]} [MW or MWh]")
        m.add_component(name, var)
        hv[name] = list(var.values())  # flat, index y * hours + t
    for comp in COMPONENTS:
        comp.variables(m, data, hv)
    return cap, hv


def _add_renewable_split(m: pyo.ConcreteModel, data: LPData, cap: dict, terms: list) -> None:
    """renewable_split[y, t]: Σ terms (d + c + e + k) − w[t]·W_y − s[t]·S_y = 0."""
    wcf, scf = (-data.wind_cf).tolist(), (-data.solar_cf).tolist()
    wind, solar = cap["wind_mw"], cap["solar_mw"]
    nt = data.hours

    def rule(m: pyo.ConcreteModel, y: int, t: int) -> EqualityExpression:
        args = term_args(terms, y * nt + t)
        if wcf[y][t]:
            args.append(MT((wcf[y][t], wind[y])))
        if scf[y][t]:
            args.append(MT((scf[y][t], solar[y])))
        return eq(args, 0.0)

    m.renewable_split = pyo.Constraint(m.Y, m.T, rule=rule, doc="d + c + e + k = W_y w_t + S_y s_t")


def _add_balance(m: pyo.ConcreteModel, data: LPData, terms: list) -> None:
    """balance[y, t]: Σ terms (d + Σq + g + i + u + Σz − Σp) = L[t]."""
    load = data.load_mw.tolist()
    nt = data.hours

    def rule(m: pyo.ConcreteModel, y: int, t: int) -> EqualityExpression:
        return eq(term_args(terms, y * nt + t), load[y][t])

    m.balance = pyo.Constraint(m.Y, m.T, rule=rule, doc="d + Σq + g + i + u + Σz − Σp = L_t")


def _add_capacity_nondecreasing(m: pyo.ConcreteModel, data: LPData) -> None:
    """capacity_nondecreasing[a, y]: cap[a, y] − cap[a, y − 1] ≥ 0 for y ≥ 1."""
    if data.years < 2:
        return

    def rule(m: pyo.ConcreteModel, a: str, y: int) -> InequalityExpression:
        return ge([m.cap[a, y], MT((-1.0, m.cap[a, y - 1]))], 0.0)

    m.capacity_nondecreasing = pyo.Constraint(
        m.A, m.Y_after_first, rule=rule, doc="cap[a, y] ≥ cap[a, y − 1]"
    )


def _sum_terms(data: LPData, terms: list, y: int, scale: float = 1.0) -> list:
    """Arguments of scale·Σ_terms coef·Σ_t weight·x of year y."""
    args: list = []
    for _, xs, c in terms:
        f = scale * c
        args += yearly_sum_args(data.weight, data.hours, xs, y, None if f == 1.0 else f)
    return args


def _add_target(m: pyo.ConcreteModel, data: LPData, rows: dict) -> None:
    """target[y]: Σ_t ω·(d + Σq) ≥ τ_y·Σ_t ω·(L + Σp − Σz) (years with a target only)."""
    years = [y for y in range(data.years) if np.isfinite(data.target_share[y])]
    if not years:
        return
    load = data.weighted_load_mwh()
    m.Y_target = pyo.Set(initialize=years, ordered=True, doc="years with a target")

    def rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        tau = float(data.target_share[y])
        args = _sum_terms(data, rows["to_load"], y)
        if tau:
            args += _sum_terms(data, rows["demand"], y, -tau)
        return ge(args, float(tau * load[y]))

    m.target = pyo.Constraint(
        m.Y_target, rule=rule, doc="Σ_t (d + Σq) ≥ target_y Σ_t (L + Σp − Σz)"
    )


def _add_utilisation_min(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """utilisation_min[y]: Σ_t k ≤ (1 − u_min)·Σ_t (W_y·w + S_y·s) (weighted sums)."""
    u_min = data.min_renewable_utilisation
    if u_min is None or not np.isfinite(u_min).any():
        return
    years = [y for y in range(data.years) if np.isfinite(u_min[y])]
    m.Y_utilisation = pyo.Set(initialize=years, ordered=True, doc="years with a floor")
    wsum = (data.weight * data.wind_cf).sum(axis=1)
    ssum = (data.weight * data.solar_cf).sum(axis=1)

    def rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        args = yearly_sum_args(data.weight, data.hours, hv["curtailed_mw"], y)
        args.append(MT((-(1.0 - u_min[y]) * float(wsum[y]), cap["wind_mw"][y])))
        args.append(MT((-(1.0 - u_min[y]) * float(ssum[y]), cap["solar_mw"][y])))
        return le(args, 0.0)

    m.utilisation_min = pyo.Constraint(
        m.Y_utilisation, rule=rule, doc="Σ_t k ≤ (1 − u_min,y) Σ_t (W_y w_t + S_y s_t)"
    )


def _add_unserved_max(m: pyo.ConcreteModel, data: LPData, hv: dict, demand: list) -> None:
    """unserved_max[y]: Σ_t ω·u ≤ ū·Σ_t ω·(L + Σp − Σz) (adequacy; ū = 0 is a bound on u)."""
    share = data.max_unserved_share
    if share is None or share == 0:
        return
    load = data.weighted_load_mwh()

    def rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        args = yearly_sum_args(data.weight, data.hours, hv["unserved_mw"], y)
        args += _sum_terms(data, demand, y, -share)
        return le(args, float(share * load[y]))

    m.unserved_max = pyo.Constraint(m.Y, rule=rule, doc="Σ_t u ≤ ū Σ_t (L + Σp − Σz)")


def _add_cost_objective(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """Objective: Σ_y (1+r)^−y [Σ_a k_a (cap[a, y] − existing_a) + components' costs]."""
    df = discount_factors(data)
    k = annualised_cost_per_unit(data)
    args: list = []
    constant = -float(np.sum(df) * np.dot(k, data.existing))
    for y in range(data.years):
        for j, a in enumerate(data.assets):
            if k[j]:
                args.append(MT((float(df[y] * k[j]), m.cap[a, y])))
    for comp in COMPONENTS:
        costs = comp.costs(m, data, hv)
        for x, cost in costs.hourly:
            if not np.any(cost):
                continue
            flat = hv[x] if isinstance(x, str) else x
            for y in range(data.years):
                args += yearly_sum_args(data.weight, data.hours, flat, y, df[y] * cost[y])
        args += [MT((float(df[y] * c), x)) for y, x, c in costs.yearly if c]
        if costs.constant is not None:
            constant += float(np.dot(df, costs.constant))
    if constant:
        args.insert(0, constant)
    m.objective = pyo.Objective(expr=lin(args), sense=pyo.minimize)


def _add_share_objective(m: pyo.ConcreteModel, data: LPData, to_load: list) -> None:
    """Objective (max_share): maximise Σ_y Σ_t ω·(d + Σq) / Σ_t ω·(L + ΣD).

    ΣD is the product demand of the flexible processes (0 without): the process power of a year
    with no product shortfall, so each year's term is its renewable share.
    """
    load = data.weighted_load_mwh()
    if data.has_processes:
        load = load + (data.weight * data.process_demand_mwh.sum(axis=0)).sum(axis=1)
    args: list = []
    for y in range(data.years):
        if load[y] <= 0:
            continue
        args += _sum_terms(data, to_load, y, 1.0 / load[y])
    m.objective = pyo.Objective(expr=lin(args), sense=pyo.maximize)


def _add_rule_rows(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """rule_<id>[y]: the hard rules of the scenario's rule sets (:mod:`solvers.lp_rules`)."""
    from solvers.lp_rules import add_rule_rows

    add_rule_rows(m, data, cap, hv)
