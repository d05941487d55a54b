"""Unreachable targets: the most-renewable-share LP and the best-effort plan."""

from __future__ import annotations

import math
import time

import numpy as np

from simulator.core.profiles import Profiles
from simulator.core.scenario import Scenario
from solvers.highs import (
    solve_model,
)
from solvers.lp import (
    LPData,
    build_model,
)
from solvers.lp_rule_data import best_rule_values
from solvers.plan_tables import lp_shares
from solvers.result import SizingResult, SolveTimer
from solvers.verify import fill_plan, pct_list

REACH_TOLERANCE = 1e-6


def limits_text(data: LPData) -> str:
    """``wind ≤ 2000 MW, solar ≤ 3000 MW, storage ≤ 4000 MWh / 1000 MW`` ("unlimited" if so)."""
    mx = data.maximum
    w, s = float(mx[0]), float(mx[1])
    e = float(sum(mx[data.assets.index(data.store(j).energy)] for j in range(data.stores)))
    p = float(sum(mx[data.assets.index(data.store(j).power)] for j in range(data.stores)))

    def lim(v: float, unit: str) -> str:
        return "unlimited" if math.isinf(v) else f"{v:.0f} {unit}"

    parts = [
        "wind unlimited" if math.isinf(w) else f"wind ≤ {lim(w, 'MW')}",
        "solar unlimited" if math.isinf(s) else f"solar ≤ {lim(s, 'MW')}",
        "storage unlimited"
        if math.isinf(e) and math.isinf(p)
        else f"storage ≤ {lim(e, 'MWh')} / {lim(p, 'MW')}",
    ]
    return ", ".join(parts)


def solve_unreachable(
    result: SizingResult,
    scenario: Scenario,
    profiles: Profiles,
    data: LPData,
    timer: SolveTimer,
    opts: dict,
    handoff: str,
    best_effort: bool,
) -> float:
    """Infeasible targets: the most-renewable-share LP, messages, and a best-effort plan."""
    result.status = "infeasible"
    t0 = time.perf_counter()
    model = build_model(data, "max_share")
    build_s = time.perf_counter() - t0
    sol = solve_model(model, handoff=handoff, **opts)
    timer.add(build_s, sol, "max_share")
    if sol.status == "infeasible" and getattr(data, "rule_rows", ()):
        lines = rule_unreachable_lines(scenario, data, timer, opts, handoff)
        if lines:
            result.messages.extend(lines)
            result.messages.append(
                "no best-effort plan: the LP has no plan that meets the hard rules of the rule "
                'sets; change a rule\'s limit or set its mode to "check" (docs/rules.md)'
            )
            return 0.0
    if sol.status != "optimal":
        reason = (
            "the park's rules cannot be met even without share targets: check that the load "
            "can be served within policy.max_unserved_share (coal, grid.import_max_mw, the "
            "largest storage and renewables) and the policy options against the capacity limits"
            if sol.status == "infeasible"
            else f"the most-renewable-share LP stopped with status '{sol.status}'"
        )
        result.messages.append(f"the targets cannot be met, and {reason}")
        return 0.0
    best = lp_shares(data, sol)
    result.max_achievable_share = best.tolist()
    limits = limits_text(data)
    for y, (year, tgt) in enumerate(zip(scenario.calendar_years, result.targets, strict=True)):
        if tgt > best[y] + REACH_TOLERANCE:
            result.messages.append(
                f"year {year}: target {tgt:.1%} is unreachable; at most {best[y]:.1%} with {limits}"
            )
    if len(result.messages) == 0:
        result.messages.append(
            "the yearly targets cannot be met together; the largest shares of the most-"
            "renewable plan are " + pct_list(best)
        )
    if not best_effort:
        return 0.0
    reachable = np.minimum(np.asarray(result.targets), best - REACH_TOLERANCE)
    t0 = time.perf_counter()
    model = build_model(data.with_targets(reachable), "cost")
    build_s = time.perf_counter() - t0
    sol2 = solve_model(model, handoff=handoff, **opts)
    timer.add(build_s, sol2, "best_effort")
    if sol2.status != "optimal":
        result.messages.append(f"no best-effort plan (status '{sol2.status}')")
        return 0.0
    ts = time.perf_counter()
    fill_plan(result, scenario, profiles, data, sol2)
    result.lp_targets = reachable.tolist()
    result.plan_kind = "best_effort"
    result.solver = sol2.solver
    result.messages.append(
        "reported plan: the cheapest one that reaches the largest achievable share each year"
    )
    return time.perf_counter() - ts


_SENSE = {">=": "≥", "<=": "≤"}


def _rule_value_text(value: float, unit: str) -> str:
    """``61.2%`` for a share, ``0.213 t/tce`` otherwise."""
    return f"{value:.1%}" if unit == "share" else f"{value:.3f} {unit}"


def rule_unreachable_lines(
    scenario: Scenario, data: LPData, timer: SolveTimer, opts: dict, handoff: str
) -> list[str]:
    """One line per year and hard rule of the rule sets that no plan can meet, with its best value.

    Each hard rule's best value comes from :func:`solvers.lp_rules.best_rule_values` (the LP
    without targets and rule rows, optimising that rule's metric). When every rule can be met on
    its own, one line says that they cannot be met together (with the share targets and the
    park's other rules) and gives each rule's best values.

    Returns
    -------
    list of str
        ``year 2027: CO2 per unit of energy use ≤ 0.200 t/tce (cn-zero-carbon-park-2025) is
        unreachable; at best 0.412 t/tce with wind ≤ 2000 MW, ...``; empty without rule rows.
    """
    rows = getattr(data, "rule_rows", ())
    if not rows:
        return []

    def solve(model: object) -> object:
        sol = solve_model(model, handoff=handoff, **opts)
        timer.add(0.0, sol, "rule_reach")
        return sol

    best = best_rule_values(data, solve)
    if all(np.isnan(v).all() for v in best.values()):
        return []  # infeasible even without the rule rows: not the rules' doing
    limits = limits_text(data)
    lines: list[str] = []
    alone: list[str] = []
    for row in rows:
        values = best[row.id]
        for y, year in enumerate(scenario.calendar_years):
            lim, b = float(row.limit[y]), float(values[y])
            if not (math.isfinite(lim) and math.isfinite(b)):
                continue
            short = b < lim - REACH_TOLERANCE if row.sense == ">=" else b > lim + REACH_TOLERANCE
            if short:
                lines.append(
                    f"year {year}: {row.label} {_SENSE[row.sense]} "
                    f"{_rule_value_text(lim, row.unit)} "
                    f"({row.id}, {row.rule_set}) is unreachable; at best "
                    f"{_rule_value_text(b, row.unit)} with {limits}"
                )
        finite = [v for v in values if math.isfinite(v)]
        if finite:
            alone.append(
                f"{row.id} at best " + ", ".join(_rule_value_text(v, row.unit) for v in finite)
            )
    if not lines:
        lines.append(
            "the hard rules of the rule sets ("
            + ", ".join(r.id for r in rows)
            + ") cannot be met together with the share targets and the park's other rules; "
            + "each alone reaches: "
            + "; ".join(alone)
        )
    return lines
