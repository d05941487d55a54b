"""The outcome of a sizing (:class:`SizingResult`), its file names, exit codes and timer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from simulator.core.scenario import Scenario
from simulator.core.simulate import (
    SimulationResult,
)
from solvers.highs import (
    SolveResult,
    WarmStart,
)
from solvers.segments import Segments
from solvers.tsa import TypicalDays

PLAN_FILE = "plan.json"
#: Hourly dispatch of the rule-based simulation of the plan (same file and columns as
#: ``parkbalance simulate``).
HOURLY_SIM_FILE = "hourly.parquet"
#: Hourly dispatch of the LP (same columns).
HOURLY_LP_FILE = "hourly_lp.parquet"

#: Exit code of the CLI for each status (2 is bad input, raised as InputError before solving):
#: 0 the least-cost plan meets every rule on the simulated hours, 3 some target is unreachable,
#: 5 the LP is optimal but the rule-based simulation of its plan fails a rule; every other status
#: (a solver failure) is 4.
EXIT_CODES = {"optimal": 0, "infeasible": 3, "rule_failed": 5}
EXIT_SOLVER_FAILURE = 4


@dataclass
class SizingResult:
    """Outcome of :func:`size`.

    Attributes
    ----------
    scenario : Scenario
    status : str
        ``optimal`` (the least-cost plan, and its rule-based simulation of every hour passes
        every check), ``rule_failed`` (the LP is optimal but the simulation of its plan fails a
        check), ``infeasible`` (some target is unreachable), or the solver's failure
        (``time_limit``, ``numerical_error``, ...).
    objective : float or None
        Discounted cost of the plan [currency] (of the best-effort plan when infeasible).
    currency : str
    targets : list of float
        The scenario's target share of each year [1].
    lp_targets : list of float
        Targets used in the last LP (raised by the assure loop) [1].
    capacities : pandas.DataFrame or None
        ``year, wind_mw, solar_mw, storage_mwh, storage_mw`` [MW, MWh].
    lp_kpis : pandas.DataFrame or None
        Yearly KPIs of the LP's own dispatch (index ``year``;
        :data:`simulator.core.kpis.KPI_NAMES`).
    lp_hourly : pandas.DataFrame or None
        LP hourly dispatch with :data:`simulator.core.simulate.HOURLY_COLUMNS`.
    simulated : SimulationResult or None
        Rule-based dispatch of the plan's capacities on the same profiles.
    target_missed_in_simulation : list of bool
        Per year: the LP meets the target but the simulated share does not.
    cost_breakdown : pandas.DataFrame or None
        Per year [currency/yr, undiscounted] with :data:`COST_COLUMNS`, plus ``discount_factor``.
    timing : dict
        ``build_s, handoff_s, solve_s`` summed over all LP solves, ``lp_solves``, ``simulate_s``,
        ``total_s`` and ``solves`` (each solve's own timing).
    solver : dict
        HiGHS name, version, algorithm, threads, hand-off, iterations, model status (last solve).
    assure : dict
        ``enabled``, ``iterations`` (LP targets, LP and simulated shares of each), ``outcome``.
    max_achievable_share : list of float or None
        When infeasible: the largest share of each year (most-renewable-share LP).
    plan_kind : str
        ``"least_cost"``, ``"best_effort"`` (infeasible targets) or ``"none"``.
    messages : list of str
        Lines for the user (unreachable targets, assure outcome, warnings).
    typical_days : dict
        With typical days: :meth:`solvers.tsa.TypicalDays.summary` (empty otherwise).
    robust : dict
        With weather years: :func:`solvers.robust.robust_summary` of the reported plan,
        ``p_meets_target`` per year among them (empty otherwise).
    warm_start : WarmStart or None
        HiGHS basis of the last LP solve, to warm-start a later same-shaped sizing
        (``size(..., warm_start=result.warm_start)``).
    tsa : TypicalDays or Segments or None
        The representative days or chronological segments the LP was solved on (None = all
        hours).
    segments : dict
        With segments: :meth:`solvers.segments.Segments.summary` (empty otherwise).
    checks : pandas.DataFrame or None
        The verdict: every rule per year on the rule-based simulation of the plan
        (:func:`simulator.core.verdict.plan_checks`).
    lp_checks : pandas.DataFrame or None
        The same checks on the LP's own dispatch (shown beside, never the verdict).
    started_at : datetime.datetime
        When the sizing started (UTC).
    """

    scenario: Scenario
    status: str
    objective: float | None
    currency: str
    targets: list[float]
    lp_targets: list[float]
    capacities: pd.DataFrame | None = None
    lp_kpis: pd.DataFrame | None = None
    lp_hourly: pd.DataFrame | None = None
    simulated: SimulationResult | None = None
    target_missed_in_simulation: list[bool] = field(default_factory=list)
    cost_breakdown: pd.DataFrame | None = None
    timing: dict = field(default_factory=dict)
    solver: dict = field(default_factory=dict)
    assure: dict = field(default_factory=dict)
    max_achievable_share: list[float] | None = None
    plan_kind: str = "none"
    messages: list[str] = field(default_factory=list)
    typical_days: dict = field(default_factory=dict)
    robust: dict = field(default_factory=dict)
    warm_start: WarmStart | None = None
    tsa: TypicalDays | Segments | None = None
    segments: dict = field(default_factory=dict)
    checks: pd.DataFrame | None = None
    lp_checks: pd.DataFrame | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def exit_code(self) -> int:
        """CLI exit code: 0 optimal, 3 infeasible targets, 5 rule failed, 4 solver failures."""
        return EXIT_CODES.get(self.status, EXIT_SOLVER_FAILURE)

    @property
    def years(self) -> list[int]:
        """Calendar years."""
        return list(self.scenario.calendar_years)


class SolveTimer:
    """Build, hand-off and solve times of every LP solve of a sizing."""

    def __init__(self) -> None:
        self.solves: list[dict] = []

    def add(self, build_s: float, sol: SolveResult, kind: str) -> None:
        """Record one solve (``kind``: cost, assure, max_share, best_effort)."""
        self.solves.append({"kind": kind, "build_s": build_s, **sol.timing})

    def summary(self) -> dict:
        """Return the summed ``build_s, handoff_s, solve_s`` and the number of solves."""
        out = {
            k: float(sum(s[k] for s in self.solves)) for k in ("build_s", "handoff_s", "solve_s")
        }
        out["lp_solves"] = len(self.solves)
        return out
