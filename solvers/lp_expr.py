"""Small builders of linear Pyomo expressions for the LP families (no operator trees).

Each family's rule returns a ``LinearExpression`` of variable data and
``MonomialTermExpression((coef, var))`` arguments, which Pyomo's standard-form compiler reads
without walking an expression tree (``docs/model.md`` §5, build speed).
"""

from __future__ import annotations

import numpy as np
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

__all__ = ["MT", "eq", "ge", "le", "lin", "term_args", "yearly_sum_args"]

MT = MonomialTermExpression


def lin(args: list) -> LinearExpression:
    """Linear expression from VarData and MonomialTermExpression((coef, var)) arguments."""
    return LinearExpression(args)


def eq(args: list, rhs: float) -> EqualityExpression:
    """Σ args = rhs."""
    return EqualityExpression((LinearExpression(args), rhs))


def le(args: list, rhs: float) -> InequalityExpression:
    """Σ args ≤ rhs."""
    return InequalityExpression((LinearExpression(args), rhs), False)


def ge(args: list, rhs: float) -> InequalityExpression:
    """Σ args ≥ rhs."""
    return InequalityExpression((rhs, LinearExpression(args)), False)


def term_args(terms: list[tuple[str, list, float]], i: int) -> list:
    """Arguments of Σ coef·x[i] over the terms ``(name, flat variables, coef)`` of a shared row."""
    return [xs[i] if c == 1.0 else MT((c, xs[i])) for _, xs, c in terms]


def yearly_sum_args(
    weight: np.ndarray, hours: int, flat: list, y: int, coef: np.ndarray | float | None = None
) -> list:
    """Arguments of Σ_t coef_t·weight[y, t]·x[y, t] (zero coefficients left out)."""
    wy = weight[y] if coef is None else weight[y] * coef
    xs = flat[y * hours : (y + 1) * hours]
    if np.all(wy == 1.0):
        return list(xs)
    wy = np.broadcast_to(wy, (hours,))
    return [MT((float(cw), x)) for cw, x in zip(wy.tolist(), xs, strict=True) if cw]
