"""Multi-year sizing of a park: solve the LP, check the plan with the dispatch core, report.

:func:`size` builds the LP of ``docs/model.md`` §5 from a scenario (:mod:`solvers.lp`), solves
it with HiGHS (:mod:`solvers.highs`), turns the solution into per-year capacities, the LP's own
hourly dispatch and KPIs, and runs the rule-based dispatch
(:func:`simulator.core.simulate.simulate`) with the plan's capacities on the same profiles. Both KPI
tables come from :func:`simulator.core.kpis.kpis_from_sums`, so they share one definition.

``assure=True`` closes the loop: while the simulated share of some year misses its target, that
year's LP target is raised by the shortfall plus a margin and the LP is solved again (warm start).

Extensions (``docs/tsa.md``), all off by default: ``typical_days=N`` solves the LP on N
representative days per year linked by the day sequence (:mod:`solvers.tsa`) and still simulates
every hour; ``segments=K`` solves it on K chronological runs of similar hours per year
(:mod:`solvers.segments`, ``docs/segments.md``); ``weather_years=N, quantile=Q`` runs the loop
over an ensemble of synthesised weather years until each year's target is met with probability
≥ Q (:mod:`solvers.robust`);
``warm_start`` starts HiGHS from the basis of an earlier, same-shaped LP (e.g. the previous point
of a capex sweep; every result carries its own as ``result.warm_start``).

When the targets cannot be met, the most-renewable-share LP gives the largest share each year can
reach, and (by default) the cheapest plan that reaches those shares is reported as a best effort.

:func:`plan_json`, :func:`write_plan` and :func:`summary_text` turn a :class:`SizingResult` into
``plan.json``, the hourly Parquet files and a planner's summary.
"""

from __future__ import annotations

import time
from typing import Any

from simulator.core.profiles import Profiles, build_profiles
from simulator.core.scenario import HOURS_PER_YEAR, Scenario
from simulator.core.simulate import (
    check_coal_must_run,
)
from solvers import robust as _robust
from solvers.assure import AssureLoop
from solvers.highs import (
    AGGREGATED_LP_OPTIONS,
    HighsDirect,
    highs_version,
    solve_model,
)
from solvers.lp import (
    LPData,
    build_model,
    check_lp_components,
    lp_data_from_scenario,
)
from solvers.lp_rule_data import with_scenario_rules
from solvers.plan_output import (
    plan_json,
    summary_text,
    write_plan,
)
from solvers.plan_tables import (
    cost_breakdown,
    lp_hourly_table,
    lp_yearly_sums,
)
from solvers.result import (
    EXIT_CODES,
    HOURLY_LP_FILE,
    HOURLY_SIM_FILE,
    PLAN_FILE,
    SizingResult,
    SolveTimer,
)
from solvers.segments import Segments, chronological_segments
from solvers.size_options import SizeOptions
from solvers.tsa import HOURS_PER_DAY, TypicalDays
from solvers.tsa import typical_days as _typical_days
from solvers.unreachable import solve_unreachable
from solvers.verify import set_verdict_status

__all__ = [
    "EXIT_CODES",
    "PLAN_FILE",
    "HOURLY_LP_FILE",
    "HOURLY_SIM_FILE",
    "SizingResult",
    "cost_breakdown",
    "lp_hourly_table",
    "lp_yearly_sums",
    "plan_json",
    "size",
    "summary_text",
    "write_plan",
]


def size(
    scenario: Scenario,
    *,
    profiles: Profiles | None = None,
    options: SizeOptions | None = None,
    **fields: Any,
) -> SizingResult:
    """Size wind, solar, storage and the park's components year by year at least discounted cost.

    Parameters
    ----------
    scenario : Scenario
        The park.
    profiles : Profiles, optional
        Hourly inputs; default :func:`simulator.core.profiles.build_profiles` of the scenario
        (weather realisation ``weather_year``).
    options : SizeOptions, optional
        How to size: the assure loop, the solver, time aggregation, robust sizing, warm start
        (:class:`solvers.size_options.SizeOptions`); default all defaults.
    **fields
        Fields of :class:`~solvers.size_options.SizeOptions` one by one, on top of ``options``
        (``size(sc, segments=400, assure=True)``).

    Returns
    -------
    SizingResult

    Raises
    ------
    InputError
        Bad options, or a coal must-run above the park load.
    """
    opt = SizeOptions.of(options, **fields)
    t_start = time.perf_counter()
    robust = opt.weather_years is not None
    ensemble: list[Profiles] = []
    if robust:
        _robust._check(scenario, opt.weather_years, opt.quantile, first=opt.weather_year)
    if profiles is None:
        profiles = build_profiles(scenario, weather_year=opt.weather_year)
    _check_inputs(scenario, profiles, opt.typical_days)
    full_data = with_scenario_rules(lp_data_from_scenario(scenario, profiles), scenario)
    tsa, data, tsa_s = _aggregation(
        scenario, profiles, full_data, opt.typical_days, opt.segments, opt.tsa_method
    )
    timer = SolveTimer()
    opts = opt.solver()
    if tsa is not None and opt.algorithm in ("choose", "simplex"):
        opts["highs_options"] = AGGREGATED_LP_OPTIONS  # Devex pricing: faster on these LPs
    result = _new_result(scenario, opt.assure, tsa)
    simulate_s = 0.0
    if robust:
        ts = time.perf_counter()
        ensemble = _robust.ensemble_profiles(
            scenario, opt.weather_years, first=opt.weather_year, base=profiles
        )
        simulate_s += time.perf_counter() - ts

    t0 = time.perf_counter()
    model = build_model(data, "cost")
    build_s = time.perf_counter() - t0
    direct = HighsDirect(model, **opts) if opt.handoff == "direct" else None
    warm_used = direct.apply_warm_start(opt.warm_start) if direct is not None else False
    sol = direct.solve() if direct is not None else solve_model(model, handoff=opt.handoff, **opts)
    timer.add(build_s, sol, "cost")
    result.solver = sol.solver

    if sol.status == "infeasible":
        simulate_s += solve_unreachable(
            result, scenario, profiles, data, timer, opts, opt.handoff, opt.best_effort
        )
    elif sol.status != "optimal":
        _no_plan(result, sol)
    else:
        loop = AssureLoop(
            result,
            scenario,
            profiles,
            data,
            timer,
            opts,
            opt.handoff,
            direct,
            model,
            sol,
            ensemble=ensemble,
            quantile=opt.quantile,
            margin=opt.assure_margin,
        )
        simulate_s += loop.run(opt.assure or robust, opt.max_assure_iterations)
        _loop_messages(result, data, opt.assure, robust)
        if loop.direct is not None:
            result.warm_start = loop.direct.warm_start()
    _finish(result, tsa, timer, tsa_s=tsa_s, simulate_s=simulate_s, t_start=t_start,
            warm_used=warm_used)  # fmt: skip
    return result


def _check_inputs(scenario: Scenario, profiles: Profiles, typical_days: object) -> None:
    """Refuse what cannot be sized: a coal must-run above the load, components a path lacks.

    With a retrofit option the plan may lower the must-run down to the retrofit floor, so that
    floor is what the load must take.
    """
    if scenario.has_retrofit:
        floor_mw = scenario.coal.retrofit_min_load_share * scenario.coal.capacity_mw
        check_coal_must_run(scenario, profiles.load_mw, floor_mw, "coal.retrofit_min_load_share")
    else:
        check_coal_must_run(scenario, profiles.load_mw)
    check_lp_components(scenario, typical_days=typical_days is not None)


def _finish(
    result: SizingResult,
    tsa: object,
    timer: SolveTimer,
    *,
    tsa_s: float,
    simulate_s: float,
    t_start: float,
    warm_used: bool,
) -> None:
    """Set the plan's status from its verdict, the aggregation's messages and the timing [s]."""
    set_verdict_status(result)
    _aggregation_messages(result, tsa)
    result.timing = {
        **timer.summary(),
        "tsa_s": tsa_s,
        "simulate_s": simulate_s,
        "total_s": time.perf_counter() - t_start,
        "warm_start": warm_used,
        "solves": timer.solves,
    }
    result.solver.setdefault("version", highs_version())


def _new_result(scenario: Scenario, assure: bool, tsa: object) -> SizingResult:
    """Return an empty result of a sizing of ``scenario`` (status ``unknown``)."""
    targets = [float(t) for t in scenario.target_shares()]
    return SizingResult(
        scenario=scenario,
        status="unknown",
        objective=None,
        currency=scenario.finance.currency,
        targets=targets,
        lp_targets=list(targets),
        assure={"enabled": bool(assure), "iterations": [], "outcome": ""},
        typical_days=tsa.summary() if isinstance(tsa, TypicalDays) else {},
        segments=tsa.summary() if isinstance(tsa, Segments) else {},
        tsa=tsa,
    )


def _no_plan(result: SizingResult, sol: object) -> None:
    """Record a solve that ended neither optimal nor infeasible: its status, no plan."""
    result.status = sol.status
    result.messages.append(
        f"the LP solver stopped with status '{sol.status}' "
        f"(HiGHS model status {sol.solver.get('model_status')}); no plan"
        + (" — raise --time-limit" if sol.status == "time_limit" else "")
    )


def _aggregation(
    scenario: Scenario,
    profiles: Profiles,
    full_data: LPData,
    typical_days: int | TypicalDays | None,
    segments: int | Segments | None,
    tsa_method: str,
) -> tuple[TypicalDays | Segments | None, LPData, float]:
    """Aggregate the LP in time: (typical days / segments or None, LP data, seconds)."""
    t0 = time.perf_counter()
    if segments is not None and not isinstance(segments, Segments):
        tsa = chronological_segments(profiles, segments, scenario.grid.import_price_by_hour())
    elif typical_days is not None and not isinstance(typical_days, TypicalDays):
        tsa = _typical_days(
            profiles, typical_days, method=tsa_method, year_labels=scenario.calendar_years
        )
    else:  # given Segments or TypicalDays, or neither
        tsa = segments if segments is not None else typical_days
    if tsa is None:
        return None, full_data, 0.0
    return tsa, tsa.lp_data(full_data), time.perf_counter() - t0


def _loop_messages(result: SizingResult, data: LPData, assure: bool, robust: bool) -> None:
    """Messages of an optimal LP: the assure outcome, missed targets, free unserved energy."""
    if (assure or robust) and result.assure["outcome"]:
        prefix = "robust: " if robust else "assure: "
        result.messages.append(prefix + result.assure["outcome"])
    years = result.scenario.calendar_years
    missed = [y for y, m in zip(years, result.target_missed_in_simulation, strict=True) if m]
    if missed:
        result.messages.append(
            "the rule-based dispatch misses the target the LP met in "
            + ", ".join(map(str, missed))
            + ("" if assure else " (run with --assure to close the gap)")
        )
    if data.voll_per_mwh == 0 and result.lp_kpis["unserved_mwh"].sum() > 1e-6:
        result.messages.append(
            "policy.voll_per_mwh is 0, so the LP leaves load unserved at no cost"
        )


def _aggregation_messages(result: SizingResult, tsa: TypicalDays | Segments | None) -> None:
    """Say what the LP saw when it was solved on typical days or segments."""
    if isinstance(tsa, TypicalDays) and result.status == "infeasible":
        result.messages.append(
            "typical days: all real days of a representative day share one storage dispatch, "
            "which can make a storage-heavy target look unreachable; try --segments 1400 "
            "(storage kept in order, docs/segments.md) or the full-hour LP"
        )
    if tsa is not None and result.max_achievable_share is not None:
        result.messages.append(
            "the largest achievable shares come from the aggregated LP, an estimate of the "
            "park's own; the full-hour LP (without --segments/--typical-days) gives the exact "
            "figures"
        )
    if isinstance(tsa, Segments):
        result.messages.append(
            f"segments: the LP saw {tsa.periods} chronological runs of similar hours per year "
            f"(mean {HOURS_PER_YEAR / tsa.periods:.1f} h); the plan is simulated on every hour"
        )
    if isinstance(tsa, TypicalDays):
        result.messages.append(
            f"typical days: the LP saw {tsa.periods} representative days per year "
            f"({tsa.periods * HOURS_PER_DAY} of {HOURS_PER_YEAR} hours); the plan is simulated "
            "on every hour"
        )
