"""Verify a plan: its tables, its rule-based simulation of every hour and its verdict."""

from __future__ import annotations

import math

import numpy as np

from simulator.core.errors import ParkbalanceError
from simulator.core.profiles import Profiles
from simulator.core.scenario import Scenario
from simulator.core.simulate import (
    kpi_table,
    simulate,
)
from simulator.core.verdict import failure_lines, plan_checks
from solvers.highs import (
    SolveResult,
)
from solvers.lp import (
    LPData,
)
from solvers.plan_tables import capacity_table_of, cost_breakdown, lp_hourly_table, lp_yearly_sums
from solvers.result import SizingResult


def fill_plan(
    result: SizingResult, scenario: Scenario, profiles: Profiles, data: LPData, sol: SolveResult
) -> None:
    """Fill capacities, LP tables, costs, the plan's simulation of every hour, and the checks."""
    if sol.objective is None or not math.isfinite(sol.objective):
        raise ParkbalanceError(
            f"the LP objective is not a finite number ({sol.objective}); the scenario's costs "
            "or loads are too large for the solver"
        )
    result.objective = sol.objective
    result.capacities = capacity_table_of(data, sol)
    result.lp_hourly = lp_hourly_table(data, sol, result.tsa)
    result.lp_kpis = kpi_table(scenario, lp_yearly_sums(data, sol))
    result.cost_breakdown = cost_breakdown(data, sol)
    caps = result.capacities
    # every capacity of the park (scenario.asset_names()): wind, solar, stores, processes, m_y
    result.simulated = simulate(
        scenario,
        profiles=profiles,
        **{a: caps[a].to_numpy() for a in scenario.asset_names()},
    )
    result.checks = plan_checks(scenario, caps, result.simulated.kpis, result.simulated.hourly)
    result.lp_checks = plan_checks(scenario, caps, result.lp_kpis, result.lp_hourly)
    lp_meets = result.lp_kpis["meets_target"].to_numpy()
    sim_meets = result.simulated.kpis["meets_target"].to_numpy()
    result.target_missed_in_simulation = [
        bool(a and not b) for a, b in zip(lp_meets, sim_meets, strict=True)
    ]


def firm_supply_note(scenario: Scenario, load_mw: np.ndarray) -> str:
    """Why adequacy can stay out of reach under the dispatch rules ("" when firm supply suffices).

    The rule-based dispatch discharges storage before coal and import, so a park whose coal
    capacity plus import cap is below its peak load relies on the store in every hour with too
    little wind and solar; a store that runs empty then leaves load unserved.
    """
    coal_mw = scenario.coal.capacity_mw if scenario.coal else 0.0
    firm = coal_mw + scenario.grid.import_max_mw
    peak = float(np.max(load_mw)) if np.size(load_mw) else 0.0
    if firm >= peak:
        return ""
    return (
        f"the park's firm supply (coal {coal_mw:,.0f} MW + import cap "
        f"{scenario.grid.import_max_mw:,.0f} MW = {firm:,.0f} MW) is below its peak load "
        f"{peak:,.0f} MW; under the dispatch rules (storage discharges before coal and import) "
        "the store must carry every hour with too little wind and solar, so more coal or "
        "import capacity, or an allowed policy.max_unserved_share, is what makes the park "
        "adequate"
    )


def set_verdict_status(result: SizingResult) -> None:
    """Give a least-cost plan whose simulation fails a rule the status ``rule_failed``."""
    if result.status == "optimal" and result.checks is not None:
        fails = failure_lines(result.checks)
        if fails:
            result.status = "rule_failed"
            result.messages.append(
                "the plan fails "
                + (f"{len(fails)} rule checks" if len(fails) > 1 else "a rule check")
                + " in the rule-based simulation of every hour:"
            )
            result.messages.extend("  " + f for f in fails)
            failed = set(result.checks.loc[~result.checks["passed"], "rule"])
            if "unserved_share" in failed:
                note = firm_supply_note(result.scenario, result.simulated.hourly["load_mw"])
                if note:
                    result.messages.append(note)


def years_list(scenario: Scenario, mask: np.ndarray) -> str:
    """Return the calendar years where ``mask`` is true, as ``2026, 2027``."""
    return ", ".join(str(y) for y, m in zip(scenario.calendar_years, mask, strict=True) if m)


def pct_list(values: np.ndarray | list[float]) -> str:
    """Return shares as ``52.1%, 51.8%``."""
    return ", ".join(f"{v:.1%}" for v in values)
