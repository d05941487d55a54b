"""Unreachable targets: the most-renewable-share LP and the best-effort plan."""

from __future__ import annotations

import math
import time

import numpy as np

from simulator.profiles import Profiles
from simulator.scenario import Scenario
from solvers.highs import (
    solve_model,
)
from solvers.lp import (
    LPData,
    build_model,
)
from solvers.plan_tables import lp_shares
from solvers.result import SizingResult, SolveTimer
from solvers.verify import fill_plan, pct_list

REACH_TOLERANCE = 1e-6


def limits_text(data: LPData) -> str:
    """``wind ≤ 2000 MW, solar ≤ 3000 MW, storage ≤ 4000 MWh / 1000 MW`` ("unlimited" if so)."""
    w, s, e, p = (float(v) for v in data.maximum)

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
