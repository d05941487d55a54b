"""The LP's components and the rows they share (``docs/model.md`` §5).

Each component of the park contributes, like a PyPSA component,

* its **hourly variables** (name → bounds; constant limits are bounds, absent when off),
* its **other variables** (indexed by the year set ``Y``, so that the year decomposition of
  :mod:`solvers.highs` still applies),
* its **terms in the shared rows** (the balance term table :data:`SHARED_ROWS`: each term is a
  variable with a coefficient in ``renewable_split``, ``balance``, the renewable energy that reaches
  the demand, ``to_load``, and the variable part of the demand, ``demand``),
* its **own families** (hourly: after the shared rows; policy: after the yearly shared rows),
* its **cost terms** in the objective.

:data:`COMPONENTS` lists them in the fixed order the builder (:func:`solvers.lp.build_model`)
runs them. A component that is off contributes nothing, so a park without it solves exactly the
LP it solved before the component existed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo
from pyomo.core.expr.relational_expr import InequalityExpression

from simulator.core.vocabulary import LP_FLOWS
from solvers.lp_data import LPData, retrofit_cost_per_mw
from solvers.lp_expr import MT, ge, le, yearly_sum_args
from solvers.lp_process import (
    process_costs,
    process_families,
    process_terms,
    process_variables,
)
from solvers.lp_storage import (
    storage_families,
    storage_hourly,
    storage_minimum,
    storage_terms,
    storage_variables,
)

__all__ = ["COMPONENTS", "HOURLY_ORDER", "SHARED_ROWS", "Component", "Costs", "shared_terms"]

#: The rows several components write in, with their equation (``docs/model.md`` §5):
#: renewable_split: Σ terms = W_y w_t + S_y s_t; balance: Σ terms = L_t; to_load: the renewable
#: energy that reaches the demand (the target's numerator); demand: the variable part of the
#: demand, L_t + Σ terms (the target's denominator).
SHARED_ROWS: tuple[str, ...] = ("renewable_split", "balance", "to_load", "demand")

#: Order in which the hourly variables (y, t) of all components are created (the column order of
#: the LP; :data:`simulator.core.vocabulary.LP_FLOWS`).
HOURLY_ORDER: tuple[str, ...] = tuple(LP_FLOWS)

#: A term of a shared row: (variable name, flat variable list indexed y·hours + t, coefficient).
Term = tuple[str, list, float]
_Families = Callable[[pyo.ConcreteModel, LPData, dict, dict], None]


def _none(*_: object) -> None:
    return None


def _no_terms(data: LPData, hv: dict) -> dict[str, list[Term]]:
    return {}


@dataclass
class Costs:
    """A component's cost terms, undiscounted (the builder discounts year y by (1 + r)^−y).

    Attributes
    ----------
    hourly : list
        ``(variable, cost)``: a variable name of ``hv`` or a flat variable list, and its cost per
        MWh, shape ``(years, hours)`` [currency/MWh]; weighted by ω.
    yearly : list
        ``(y, variable, cost)``: a variable of year y and its cost per unit [currency/unit/yr].
    constant : numpy.ndarray or None
        A constant of each year [currency/yr].
    """

    hourly: list = field(default_factory=list)
    yearly: list = field(default_factory=list)
    constant: np.ndarray | None = None


def _no_costs(m: pyo.ConcreteModel, data: LPData, hv: dict) -> Costs:
    return Costs()


@dataclass(frozen=True)
class Component:
    """One component's contribution to the LP (every hook is a plain function).

    Attributes
    ----------
    name : str
        ``renewables``, ``storage``, ``grid``, ``coal``, ``load``, ``curtailable_loads``,
        ``processes``.
    hourly : callable
        ``hourly(data) → {variable: (lower, upper)}``: its (y, t) variables that are on.
    variables : callable
        ``variables(m, data, hv)``: adds its other variables (and puts them in ``hv``).
    terms : callable
        ``terms(data, hv) → {shared row: [(name, flat variables, coef)]}``.
    families : callable
        ``families(m, data, cap, hv)``: its hourly families, built after the shared rows.
    policy : callable
        ``policy(m, data, cap, hv)``: its yearly rows, built after the target rows.
    costs : callable
        ``costs(m, data, hv) → Costs``: its cost terms in the objective.
    """

    name: str
    hourly: Callable[[LPData], dict] = lambda data: {}
    variables: Callable[[pyo.ConcreteModel, LPData, dict], None] = _none
    terms: Callable[[LPData, dict], dict[str, list[Term]]] = _no_terms
    families: _Families = _none
    policy: _Families = _none
    costs: Callable[[pyo.ConcreteModel, LPData, dict], Costs] = _no_costs


# ---- renewables ----------------------------------------------------------------------------------


def _renewables_terms(data: LPData, hv: dict) -> dict[str, list[Term]]:
    d = ("direct_mw", hv["direct_mw"], 1.0)
    k = ("curtailed_mw", hv["curtailed_mw"], 1.0)
    return {"renewable_split": [d, k], "balance": [d], "to_load": [d]}


RENEWABLES = Component(
    "renewables",
    hourly=lambda data: {"direct_mw": (0.0, None), "curtailed_mw": (0.0, None)},
    terms=_renewables_terms,
)

STORAGE = Component(
    "storage",
    hourly=storage_hourly,
    variables=storage_variables,
    terms=storage_terms,
    families=storage_families,
    policy=storage_minimum,
)


# ---- grid ----------------------------------------------------------------------------------------


def _grid_hourly(data: LPData) -> dict:
    out = {}
    if data.has_export:
        out["export_mw"] = (0.0, data.export_max_mw)  # export_max
    if data.has_import:
        out["import_mw"] = (0.0, data.import_max_mw)  # import_max
    return out


def _grid_terms(data: LPData, hv: dict) -> dict[str, list[Term]]:
    out: dict[str, list[Term]] = {}
    if "export_mw" in hv:
        out["renewable_split"] = [("export_mw", hv["export_mw"], 1.0)]
    if "import_mw" in hv:
        out["balance"] = [("import_mw", hv["import_mw"], 1.0)]
    return out


def _grid_costs(m: pyo.ConcreteModel, data: LPData, hv: dict) -> Costs:
    shape = (data.years, data.hours)
    out = []
    if "import_mw" in hv:
        out.append(("import_mw", data.import_price_steps()))
    if "export_mw" in hv:
        out.append(("export_mw", np.full(shape, -data.export_price_per_mwh)))
    return Costs(hourly=out)


GRID = Component("grid", hourly=_grid_hourly, terms=_grid_terms, costs=_grid_costs)


# ---- coal ----------------------------------------------------------------------------------------


def _coal_hourly(data: LPData) -> dict:
    if not data.has_coal:
        return {}
    if data.has_retrofit:  # coal_must_run[y, t] against the decision m_y; coal_max a bound
        return {"coal_mw": (0.0, data.coal_mw)}
    return {"coal_mw": (data.coal_min_load_share * data.coal_mw, data.coal_mw)}  # coal_min, _max


def _coal_variables(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """coal_min_load_mw[y] = m_y in [retrofit_min_load_share·C, min_load_share·C]."""
    if not data.has_retrofit:
        return
    lo = data.coal_retrofit_min_load_share * data.coal_mw
    hi = data.coal_min_load_share * data.coal_mw
    m.coal_min_load_mw = pyo.Var(
        m.Y, bounds=(lo, hi), doc="coal minimum load m_y of year y [MW] (retrofit depth)"
    )
    hv["coal_min_load_mw"] = [m.coal_min_load_mw[y] for y in range(data.years)]


def _coal_terms(data: LPData, hv: dict) -> dict[str, list[Term]]:
    return {"balance": [("coal_mw", hv["coal_mw"], 1.0)]} if "coal_mw" in hv else {}


def _coal_families(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """coal_must_run[y, t]: g_t ≥ m_y; coal_min_nonincreasing[y ≥ 1]: m_y ≤ m_{y−1}."""
    if not data.has_retrofit:
        return
    g, my = hv["coal_mw"], hv["coal_min_load_mw"]
    nt = data.hours

    def must_run(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return ge([g[y * nt + t], MT((-1.0, my[y]))], 0.0)

    m.coal_must_run = pyo.Constraint(m.Y, m.T, rule=must_run, doc="g_t ≥ m_y")
    if data.years < 2:
        return

    def nonincreasing(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        return le([my[y], MT((-1.0, my[y - 1]))], 0.0)

    m.coal_min_nonincreasing = pyo.Constraint(
        m.Y_after_first, rule=nonincreasing, doc="m_y ≤ m_{y−1}"
    )


def _coal_costs(m: pyo.ConcreteModel, data: LPData, hv: dict) -> Costs:
    """Fuel (and carbon) per MWh; the retrofit annuity k·(min_load_share·C − m_y)."""
    if "coal_mw" not in hv:
        return Costs()
    out = Costs(
        hourly=[("coal_mw", np.full((data.years, data.hours), data.coal_fuel_cost_per_mwh))]
    )
    k = retrofit_cost_per_mw(data)
    if data.has_retrofit and k:
        out.yearly = [(y, v, -k) for y, v in enumerate(hv["coal_min_load_mw"])]
        out.constant = np.full(data.years, k * data.coal_min_load_share * data.coal_mw)
    return out


COAL = Component(
    "coal",
    hourly=_coal_hourly,
    variables=_coal_variables,
    terms=_coal_terms,
    families=_coal_families,
    costs=_coal_costs,
)


# ---- load ----------------------------------------------------------------------------------------

LOAD = Component(
    "load",
    # unserved_max with a zero share: u_t ≤ 0 in every hour (a bound, no row)
    hourly=lambda data: {
        "unserved_mw": (0.0, 0.0) if data.max_unserved_share == 0 else (0.0, None)
    },
    terms=lambda data, hv: {"balance": [("unserved_mw", hv["unserved_mw"], 1.0)]},
    costs=lambda m, data, hv: Costs(
        hourly=[("unserved_mw", np.full((data.years, data.hours), data.voll_per_mwh))]
    ),
)


# ---- curtailable loads ---------------------------------------------------------------------------


def _curtail_variables(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """load_curtailed_mw[l, y, t] = z in [0, curtailable_mw[l]] (curtail_max, a bound)."""
    if not data.has_curtailable:
        return
    n = data.curtailable_mw.size
    m.Lc = pyo.Set(initialize=range(n), ordered=True, doc="curtailable loads l")
    cap = data.curtailable_mw.tolist()
    m.load_curtailed_mw = pyo.Var(
        m.Lc, m.Y, m.T, bounds=lambda m, j, y, t: (0.0, cap[j]), doc="curtailed load z [MW]"
    )
    flat = list(m.load_curtailed_mw.values())
    per = data.years * data.hours
    hv["load_curtailed_mw"] = [flat[j * per : (j + 1) * per] for j in range(n)]


def _curtail_terms(data: LPData, hv: dict) -> dict[str, list[Term]]:
    if "load_curtailed_mw" not in hv:
        return {}
    zs = hv["load_curtailed_mw"]
    return {
        "balance": [(f"load_curtailed_mw[{j}]", z, 1.0) for j, z in enumerate(zs)],
        "demand": [(f"load_curtailed_mw[{j}]", z, -1.0) for j, z in enumerate(zs)],
    }


def _curtail_policy(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """curtail_budget[l, y]: Σ_t ω·z[l] ≤ budget_l (loads with a yearly limit)."""
    if "load_curtailed_mw" not in hv:
        return
    budget = data.curtail_budget_mwh
    loads = [j for j in range(budget.size) if np.isfinite(budget[j])]
    if not loads:
        return
    zs = hv["load_curtailed_mw"]
    m.Lc_budget = pyo.Set(initialize=loads, ordered=True, doc="curtailable loads with a budget")

    def rule(m: pyo.ConcreteModel, j: int, y: int) -> InequalityExpression:
        return le(yearly_sum_args(data.weight, data.hours, zs[j], y), float(budget[j]))

    m.curtail_budget = pyo.Constraint(m.Lc_budget, m.Y, rule=rule, doc="Σ_t z_l ≤ budget_l")


def _curtail_costs(m: pyo.ConcreteModel, data: LPData, hv: dict) -> Costs:
    if "load_curtailed_mw" not in hv:
        return Costs()
    shape = (data.years, data.hours)
    zs, cost = hv["load_curtailed_mw"], data.curtail_cost_per_mwh.tolist()
    return Costs(hourly=[(z, np.full(shape, c)) for z, c in zip(zs, cost, strict=True)])


CURTAILABLE_LOADS = Component(
    "curtailable_loads",
    variables=_curtail_variables,
    terms=_curtail_terms,
    policy=_curtail_policy,
    costs=_curtail_costs,
)

# ---- flexible processes (solvers.lp_process) ----------------------------------------------------

PROCESSES = Component(
    "processes",
    variables=process_variables,
    terms=process_terms,
    families=process_families,
    costs=lambda m, data, hv: Costs(hourly=process_costs(data, hv)),
)

#: The components in the order the builder runs them.
COMPONENTS: tuple[Component, ...] = (
    RENEWABLES,
    STORAGE,
    GRID,
    COAL,
    LOAD,
    CURTAILABLE_LOADS,
    PROCESSES,
)


def shared_terms(data: LPData, hv: dict) -> dict[str, list[Term]]:
    """Return the balance term table: every component's terms in each row of :data:`SHARED_ROWS`."""
    table: dict[str, list[Term]] = {row: [] for row in SHARED_ROWS}
    for comp in COMPONENTS:
        for row, terms in comp.terms(data, hv).items():
            table[row] += terms
    return table
