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

The names are imported on first use (PEP 562), so the command line starts quickly.
"""

from __future__ import annotations

from simulator import lazy_namespace

__all__ = [
    "ALGORITHMS",
    "ASSETS",
    "HANDOFFS",
    "HighsDirect",
    "LPData",
    "SizeOptions",
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

#: Where each public name lives.
_HOMES = {
    "ALGORITHMS": "solvers.highs",
    "HANDOFFS": "solvers.highs",
    "HighsDirect": "solvers.highs",
    "SolveResult": "solvers.highs",
    "WarmStart": "solvers.highs",
    "highs_version": "solvers.highs",
    "solve_model": "solvers.highs",
    "ASSETS": "solvers.lp",
    "LPData": "solvers.lp",
    "annuity_factor": "solvers.lp",
    "build_model": "solvers.lp",
    "lp_data_from_scenario": "solvers.lp",
    "Segments": "solvers.segments",
    "chronological_segments": "solvers.segments",
    "SizeOptions": "solvers.size_options",
    "SizingResult": "solvers.sizing",
    "plan_json": "solvers.sizing",
    "size": "solvers.sizing",
    "summary_text": "solvers.sizing",
    "write_plan": "solvers.sizing",
    "TypicalDays": "solvers.tsa",
    "compare_typical_days": "solvers.tsa_compare",
    "typical_days": "solvers.tsa",
}


__getattr__, __dir__ = lazy_namespace(__name__, _HOMES)
