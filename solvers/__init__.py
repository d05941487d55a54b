"""Optimiser of parkbalance: multi-year least-cost sizing with Pyomo and HiGHS.

Public API
----------
size(scenario, *, profiles=None, assure=False, ...) -> SizingResult
plan_json(result) -> dict; write_plan(result, out_dir); summary_text(result) -> str
lp_data_from_scenario(scenario, profiles) -> LPData
build_model(data, objective="cost" | "max_share") -> pyomo ConcreteModel
solve_model(model, *, algorithm="choose", threads=None, time_limit_s=None, handoff="direct",
            highs_options=None) -> SolveResult
size(..., typical_days=N | TypicalDays, warm_start=WarmStart, weather_years=N, quantile=Q)
    (docs/tsa.md); typical_days(profiles, n_days) -> TypicalDays;
    compare_typical_days(scenario, counts=(8, 16, 32, 64), full=None, segment_counts=())
    -> pandas.DataFrame
size(..., segments=K | Segments) (docs/segments.md); chronological_segments(profiles, K, price)
    -> Segments
"""

from solvers.highs import (
    ALGORITHMS,
    HANDOFFS,
    HighsDirect,
    SolveResult,
    WarmStart,
    highs_version,
    solve_model,
)
from solvers.lp import ASSETS, LPData, annuity_factor, build_model, lp_data_from_scenario
from solvers.segments import Segments, chronological_segments
from solvers.sizing import SizingResult, plan_json, size, summary_text, write_plan
from solvers.tsa import TypicalDays, compare_typical_days, typical_days

__all__ = [
    "ALGORITHMS",
    "ASSETS",
    "HANDOFFS",
    "HighsDirect",
    "LPData",
    "SizingResult",
    "Segments",
    "SolveResult",
    "TypicalDays",
    "WarmStart",
    "annuity_factor",
    "build_model",
    "chronological_segments",
    "compare_typical_days",
    "highs_version",
    "lp_data_from_scenario",
    "plan_json",
    "size",
    "solve_model",
    "summary_text",
    "typical_days",
    "write_plan",
]
