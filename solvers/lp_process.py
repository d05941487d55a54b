"""The flexible-process component of the LP: process power, product buffer, shortfall.

A flexible process (``[[processes]]``: an electrolyser with a hydrogen tank, a cement mill with
a clinker silo) draws power p_t between λ·P_y and P_y and keeps its product, in energy-equivalent
MWh, in a buffer of size B_y, from which the product demand D_t is withdrawn; product demand the
buffer cannot meet is the shortfall s_t, priced at ``shortfall_cost_per_mwh``. Families
(``docs/model.md`` §5), each indexed (r, y, t):

* ``process_max``: p_t ≤ P_y
* ``process_min``: p_t ≥ λ·P_y (processes with λ > 0)
* ``buffer_balance``: b_t = b_{t−1} + n_t·(p_t − D_t + s_t), cyclic within each year (n_t = 1
  on the full-hour LP, the step's hours with segments)
* ``buffer_max``: b_t ≤ B_y

p_t is park demand: −p_t in ``balance`` and +p_t in ``demand`` (the target's denominator
L + Σp − Σz). P_y and B_y are capacities of ``cap[a, y]`` (``NAME_mw``, ``NAME_buffer_mwh``),
so ``capacity_nondecreasing`` and the objective's annuities cover them.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

from solvers.lp_data import LPData
from solvers.lp_expr import MT, eq, ge, le

__all__ = ["process_costs", "process_families", "process_terms", "process_variables"]

#: The process variables, in the order they are created (columns after the other components').
PROCESS_VARIABLES: tuple[str, ...] = ("process_mw", "buffer_mwh", "product_shortfall_mwh")


def _split(data: LPData, flat: list) -> list[list]:
    n = data.years * data.hours
    return [flat[r * n : (r + 1) * n] for r in range(data.processes)]


def process_variables(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """process_mw[r, y, t] = p ≥ 0, buffer_mwh[r, y, t] = b ≥ 0, product_shortfall_mwh = s.

    s lies in [0, D_t] (a bound): only product demand can go unmet.
    """
    if not data.has_processes:
        return
    demand = data.process_demand_mwh.tolist()
    m.process_mw = pyo.Var(m.R, m.Y, m.T, bounds=(0.0, None), doc="process power p [MW]")
    m.buffer_mwh = pyo.Var(m.R, m.Y, m.T, bounds=(0.0, None), doc="product buffer b [MWh]")
    m.product_shortfall_mwh = pyo.Var(
        m.R,
        m.Y,
        m.T,
        bounds=lambda m, r, y, t: (0.0, demand[r][y][t]),
        doc="product shortfall s [MWh per hour]",
    )
    for name in PROCESS_VARIABLES:
        hv[name] = _split(data, list(m.component(name).values()))


def process_terms(data: LPData, hv: dict) -> dict[str, list]:
    """Process power is park demand: −p in ``balance``, +p in ``demand``."""
    if "process_mw" not in hv:
        return {}
    ps = hv["process_mw"]
    return {
        "balance": [(f"process_mw[{r}]", p, -1.0) for r, p in enumerate(ps)],
        "demand": [(f"process_mw[{r}]", p, 1.0) for r, p in enumerate(ps)],
    }


def process_families(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """process_max, process_min, buffer_balance, buffer_max (see the module docstring)."""
    if not data.has_processes:
        return
    if data.has_periods:
        raise ValueError("typical periods do not take flexible processes (docs/tsa.md)")
    p, b, s = (hv[n] for n in PROCESS_VARIABLES)
    nt = data.hours
    names = [data.process_assets(r) for r in range(data.processes)]
    power = [cap[a] for a, _ in names]
    buffer = [cap[bn] for _, bn in names]
    lam = data.process_min_load_share.tolist()
    n = np.ones((data.years, nt)) if data.step_hours is None else data.step_hours
    step = n.tolist()
    nd = (n[None] * data.process_demand_mwh).tolist()

    def process_max(m: pyo.ConcreteModel, r: int, y: int, t: int) -> InequalityExpression:
        return le([p[r][y * nt + t], MT((-1.0, power[r][y]))], 0.0)

    m.process_max = pyo.Constraint(m.R, m.Y, m.T, rule=process_max, doc="p_t ≤ P_y")
    if any(v > 0 for v in lam):

        def process_min(m: pyo.ConcreteModel, r: int, y: int, t: int) -> InequalityExpression:
            if lam[r] <= 0:
                return pyo.Constraint.Skip
            return ge([p[r][y * nt + t], MT((-lam[r], power[r][y]))], 0.0)

        m.process_min = pyo.Constraint(m.R, m.Y, m.T, rule=process_min, doc="p_t ≥ λ P_y")

    def buffer_balance(m: pyo.ConcreteModel, r: int, y: int, t: int) -> EqualityExpression:
        i = y * nt + t
        prev = i - 1 if t > 0 else y * nt + nt - 1  # cyclic within the year
        h = step[y][t]
        args = [b[r][i], MT((-1.0, b[r][prev])), MT((-h, p[r][i])), MT((-h, s[r][i]))]
        return eq(args, -nd[r][y][t])

    m.buffer_balance = pyo.Constraint(
        m.R, m.Y, m.T, rule=buffer_balance, doc="b_t = b_{t−1} + n_t (p_t − D_t + s_t), cyclic"
    )

    def buffer_max(m: pyo.ConcreteModel, r: int, y: int, t: int) -> InequalityExpression:
        return le([b[r][y * nt + t], MT((-1.0, buffer[r][y]))], 0.0)

    m.buffer_max = pyo.Constraint(m.R, m.Y, m.T, rule=buffer_max, doc="b_t ≤ B_y")


def process_costs(data: LPData, hv: dict) -> list:
    """Hourly cost terms: each process's shortfall at its cost per MWh [currency/MWh]."""
    if "product_shortfall_mwh" not in hv:
        return []
    shape = (data.years, data.hours)
    costs = data.process_shortfall_cost_per_mwh.tolist()
    return [(s, np.full(shape, c)) for s, c in zip(hv["product_shortfall_mwh"], costs, strict=True)]
